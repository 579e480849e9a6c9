"""Character and word n-grams of normalised text with their spans, and the TF-IDF logistic model over them."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from scoring.segment import words as han_words

TOKEN = re.compile(r"\S+")
"""A run of text between spaces: an English word with its punctuation, or a Chinese clause."""
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SIZES = (1, 2, 3, 4)
"""Character n-gram lengths, counted within a token padded with a space on each side."""


class Gram(NamedTuple):
    """One distinct n-gram of a reply, where it first occurs in the normalised text, and how often."""

    name: str
    """The feature name: `c:` then the characters (a space marks a token edge), or `w:` then Chinese words."""
    start: int
    """Start offset of its first occurrence."""
    end: int
    """End offset of its first occurrence."""
    count: int = 1  # type: ignore[assignment]
    """How many times it occurs."""


@lru_cache(maxsize=256)
def grams(text: str) -> tuple[Gram, ...]:
    """Distinct n-grams of normalised text: character 1-4-grams within each space-padded token,
    and Chinese word 1-2-grams from the segmenter, each with its first span and count.

    Cached: the classifier, the quality model and the flag model all read the same reply's."""
    seen: dict[str, Gram] = {}

    def add(name: str, start: int, end: int) -> None:
        found = seen.get(name)
        seen[name] = (
            Gram(name, start, end) if found is None else found._replace(count=found.count + 1)
        )

    for token in TOKEN.finditer(text):
        padded = f" {token.group()} "
        base = token.start() - 1
        for size in SIZES:
            if size > len(padded):
                break
            for i in range(len(padded) - size + 1):
                piece = padded[i : i + size]
                if piece == " " * size:
                    continue
                # Offsets are clamped to the token, since the padding is not in the text.
                lo = max(token.start(), base + i)
                hi = min(token.end(), base + i + size)
                add("c:" + piece, lo, max(hi, lo + 1))
    for run in HAN_RUN.finditer(text):
        at = run.start()
        previous: tuple[str, int] | None = None
        for word in han_words(run.group()):
            add("w:" + word, at, at + len(word))
            if previous is not None:
                add(f"w:{previous[0]} {word}", previous[1], at + len(word))
            previous = (word, at)
            at += len(word)
    return tuple(seen.values())


def analyse(text: str) -> list[str]:
    """Every n-gram name of normalised text, repeated as often as it occurs (for fitting)."""
    return [gram.name for gram in grams(text) for _ in range(gram.count)]


@dataclass(frozen=True)
class NgramModel:
    """A multinomial logistic regression over TF-IDF n-gram values."""

    bias: tuple[float, ...]
    """Per-label intercept, in `LABELS` order."""
    weights: dict[str, tuple[float, ...]]
    """N-gram name to its per-label weights, in `LABELS` order."""
    idf: dict[str, float]
    """N-gram name to its inverse document frequency."""


def tfidf(idf: Mapping[str, float], found: Sequence[Gram]) -> dict[str, float]:
    """The TF-IDF value of each of a reply's n-grams in a vocabulary: (1 + ln count)·idf, unit length.

    The values scikit-learn's TfidfVectorizer(sublinear_tf=True) gives with the same idf."""
    raw = {
        gram.name: (1.0 + math.log(gram.count)) * idf[gram.name]
        for gram in found
        if gram.name in idf
    }
    norm = math.sqrt(sum(v * v for v in raw.values()))
    return {name: v / norm for name, v in raw.items()} if norm else {}


def values(model: NgramModel, found: Sequence[Gram]) -> dict[str, float]:
    """The TF-IDF value of each of a reply's n-grams the model knows (see `tfidf`)."""
    return tfidf(model.idf, found)


def logits(model: NgramModel, found: Sequence[Gram]) -> list[float]:
    """The n-gram model's score of each label for a reply's n-grams."""
    scores = list(model.bias)
    for name, value in values(model, found).items():
        row = model.weights.get(name)
        if row is not None:
            for index, weight in enumerate(row):
                scores[index] += weight * value
    return scores


def probabilities(scores: list[float]) -> list[float]:
    """Softmax of a list of scores."""
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [value / total for value in exps]
