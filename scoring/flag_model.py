"""The learned side of the principle flags: one logistic regression per flag over the reply's n-grams.

The rules in `scoring.moves` name the ways of breaking a principle that are known; people
find others ("that'd be in your welcome pack, page 4"). A model fitted to expert writers'
labelled replies (bench/train_flags.py) catches some of those, and raises the flag when its
probability reaches the threshold shipped with its weights. Its span is the clause whose
n-grams pushed hardest.

The model has its own vocabulary: the n-grams of `scoring.ngrams.grams` that occur in two or
more training replies, each with its inverse document frequency. A reply's TF-IDF values are
(1 + ln count)·idf over that vocabulary, scaled to unit length, as scikit-learn's
TfidfVectorizer(sublinear_tf=True) computes them when fitting.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from scoring.ngrams import grams, tfidf
from scoring.registry import FLAGS, FlagId

LEARNED_FLAGS: tuple[FlagId, ...] = tuple(flag for flag, kind in FLAGS.items() if kind.learned)
"""Flags the model may raise, in the registry's order: every principle flag (not gaming)."""


class FlagWeightsMismatch(RuntimeError):
    """The shipped flag weights were fitted for other flags than the registry's learned ones."""


@dataclass(frozen=True)
class FlagModel:
    """The vocabulary with its idf, per-flag weights and the probability at which a flag is raised."""

    threshold: float
    """A flag is raised when its probability is at least this."""
    idf: dict[str, float]
    """N-gram name to its inverse document frequency: the model's whole vocabulary."""
    bias: tuple[float, ...]
    """Per-flag intercept, in `LEARNED_FLAGS` order."""
    weights: dict[str, tuple[float, ...]]
    """N-gram name to its weight for each flag, in `LEARNED_FLAGS` order (all-zero rows left out)."""

    def probabilities(self, values: dict[str, float]) -> dict[FlagId, float]:
        """Each flag's probability for a reply's TF-IDF values."""
        z = list(self.bias)
        for name, value in values.items():
            row = self.weights.get(name)
            if row is not None:
                z = [total + weight * value for total, weight in zip(z, row, strict=True)]
        return {
            flag: 1.0 / (1.0 + math.exp(-score))
            for flag, score in zip(LEARNED_FLAGS, z, strict=True)
        }


def from_data(data: dict[str, Any]) -> FlagModel:
    """The model a flag weights file describes; refuses one fitted for other flags.

    The file holds `flags` (their order), `threshold`, `bias` (one per flag) and `ngrams`: each
    vocabulary n-gram's [idf, weight per flag…]."""
    theirs = data.get("flags")
    if theirs != list(LEARNED_FLAGS) or "ngrams" not in data:
        names = list(theirs) if isinstance(theirs, list | dict) else theirs
        raise FlagWeightsMismatch(
            f"scoring/data/flag_weights.json holds flags {names}, or not in the form the scorer "
            f"reads, but the scorer learns {list(LEARNED_FLAGS)}; refit it with "
            "`python bench/train_flags.py`"
        )
    rows: dict[str, list[float]] = data["ngrams"]
    return FlagModel(
        float(data["threshold"]),
        {name: float(row[0]) for name, row in rows.items()},
        tuple(float(b) for b in data["bias"]),
        {name: tuple(map(float, row[1:])) for name, row in rows.items() if any(row[1:])},
    )


@cache
def flag_model() -> FlagModel | None:
    """The shipped flag model, or None when the data file is absent."""
    try:
        raw = resources.files("scoring.data").joinpath("flag_weights.json").read_bytes()
    except FileNotFoundError:
        return None
    return from_data(json.loads(raw))


def learned_flags(
    text: str, clauses: tuple[tuple[int, int], ...]
) -> dict[FlagId, tuple[float, tuple[int, int]]]:
    """Flags the model raises for normalised text: probability and the clause that shows it."""
    flag_weights = flag_model()
    if flag_weights is None:
        return {}
    found = grams(text)
    values = tfidf(flag_weights.idf, found)
    raised = [
        (k, flag, probability)
        for k, (flag, probability) in enumerate(flag_weights.probabilities(values).items())
        if probability >= flag_weights.threshold
    ]
    if not raised:
        return {}
    where = {gram.name: gram.start for gram in found}
    starts = [start for start, _ in clauses]
    place: dict[str, int] = {}
    for name in values:
        index = bisect_right(starts, where[name]) - 1
        if index >= 0 and where[name] < clauses[index][1]:
            place[name] = index
    out: dict[FlagId, tuple[float, tuple[int, int]]] = {}
    for k, flag, probability in raised:
        push = [0.0] * len(clauses)
        for name, index in place.items():
            row = flag_weights.weights.get(name)
            if row is not None:
                push[index] += row[k] * values[name]
        best = max(range(len(clauses)), key=push.__getitem__) if clauses else -1
        span = clauses[best] if best >= 0 else (0, len(text))
        out[flag] = (probability, span)
    return out
