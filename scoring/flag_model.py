"""The learned side of the principle flags: one logistic regression per flag over the reply's n-grams.

The rules in `scoring.moves` name the ways of breaking a principle that are known; people
find others ("that'd be in your welcome pack, page 4"). A model fitted to expert writers'
labelled replies (bench/train_flags.py) catches some of those, and raises the flag when its
probability reaches the threshold shipped with its weights. Its span is the clause whose
n-grams pushed hardest.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from scoring.classify import model
from scoring.ngrams import grams, values
from scoring.registry import FlagId

LEARNED_FLAGS: tuple[FlagId, ...] = (
    "arguing",
    "face_threat",
    "exaggeration",
    "dismissive",
    "pressure",
    "disparaging",
)
"""Flags the model may raise. Jargon, empty apology and off topic depend on the customer's
line and the reply's moves more than on its wording, and stay with the rules."""


@dataclass(frozen=True)
class FlagModel:
    """Per-flag weights and the probability at which a flag is raised."""

    threshold: float
    bias: dict[str, float]
    weights: dict[str, dict[str, float]]


@cache
def flag_model() -> FlagModel | None:
    """The shipped flag model, or None when the data file is absent."""
    try:
        raw = resources.files("scoring.data").joinpath("flag_weights.json").read_bytes()
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    flags = {flag: data["flags"][flag] for flag in LEARNED_FLAGS if flag in data["flags"]}
    return FlagModel(
        float(data["threshold"]),
        {flag: float(entry["bias"]) for flag, entry in flags.items()},
        {flag: entry["weights"] for flag, entry in flags.items()},
    )


def learned_flags(
    text: str, clauses: tuple[tuple[int, int], ...]
) -> dict[FlagId, tuple[float, tuple[int, int]]]:
    """Flags the model raises for normalised text: probability and the clause that shows it."""
    flag_weights = flag_model()
    if flag_weights is None:
        return {}
    found = grams(text)
    tfidf = values(model().ngrams, found)
    where = {gram.name: gram.start for gram in found}
    starts = [start for start, _ in clauses]
    out: dict[FlagId, tuple[float, tuple[int, int]]] = {}
    for flag, weights in flag_weights.weights.items():
        contributions = {name: weights.get(name, 0.0) * value for name, value in tfidf.items()}
        z = flag_weights.bias[flag] + sum(contributions.values())
        probability = 1.0 / (1.0 + math.exp(-z))
        if probability < flag_weights.threshold:
            continue
        push = [0.0] * len(clauses)
        for name, amount in contributions.items():
            index = bisect_right(starts, where[name]) - 1
            if index >= 0 and where[name] < clauses[index][1]:
                push[index] += amount
        best = max(range(len(clauses)), key=push.__getitem__) if clauses else -1
        span = clauses[best] if best >= 0 else (0, len(text))
        out[flag] = (probability, span)  # type: ignore[index]
    return out
