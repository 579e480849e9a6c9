"""Extracts character and word n-grams from normalised text, with the spans they came from."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SENTENCE = re.compile(r"[^.!?;~\n]+")


class Gram(NamedTuple):
    """One distinct n-gram of a reply and where it first occurs in the normalised text."""

    name: str
    """The feature name, prefixed by kind (`z:` Chinese characters, `w:` words, `c:` characters in a word)."""
    start: int
    """Start offset of its first occurrence."""
    end: int
    """End offset of its first occurrence."""


@lru_cache(maxsize=8192)
def _word_grams(word: str) -> tuple[tuple[str, int, int], ...]:
    """Character 3-5-grams of one word, with offsets relative to the word's start."""
    padded = f"<{word}>"
    out = []
    for size in (3, 4, 5):
        for i in range(len(padded) - size + 1):
            # Offsets are clamped to the word, since the padding marks are not in the text.
            lo = max(0, i - 1)
            hi = min(len(word), i - 1 + size)
            out.append(("c:" + padded[i : i + size], lo, max(hi, lo + 1)))
    return tuple(out)


def grams(text: str) -> list[Gram]:
    """Distinct n-grams of normalised text: Chinese character 1-3-grams, English word 1-2-grams
    and character 3-5-grams within words; sentence openings are marked, since technique cues sit there."""
    seen: dict[str, Gram] = {}

    def add(name: str, start: int, end: int) -> None:
        if name not in seen:
            seen[name] = Gram(name, start, end)

    for sentence in SENTENCE.finditer(text):
        base = sentence.start()
        piece = sentence.group()
        opening = True
        for run in HAN_RUN.finditer(piece):
            chars = run.group()
            at = base + run.start()
            if opening:
                add("z:^" + chars[:2], at, at + min(2, len(chars)))
                opening = False
            for size in (1, 2, 3):
                for i in range(len(chars) - size + 1):
                    name = "z:" + chars[i : i + size]
                    if name not in seen:
                        seen[name] = Gram(name, at + i, at + i + size)
        words = [(m.group(), base + m.start(), base + m.end()) for m in WORD.finditer(piece)]
        previous = "<s>"
        previous_start = words[0][1] if words else base
        for word, start, end in words:
            add("w:" + word, start, end)
            add(f"w:{previous} {word}", previous_start, end)
            previous, previous_start = word, start
            for name, lo, hi in _word_grams(word):
                if name not in seen:
                    seen[name] = Gram(name, start + lo, start + hi)
    return list(seen.values())


def scale(count: int) -> float:
    """The value each of a reply's `count` distinct n-grams gets: unit length over the reply."""
    return 1.0 / math.sqrt(count) if count else 0.0


@dataclass(frozen=True)
class NgramModel:
    """A multinomial logistic regression over n-grams, one weight per label for each kept n-gram."""

    bias: tuple[float, ...]
    """Per-label intercept, in `LABELS` order."""
    weights: dict[str, tuple[float, ...]]
    """N-gram name to its per-label weights, in `LABELS` order."""


def logits(model: NgramModel, found: list[Gram]) -> list[float]:
    """The n-gram model's score of each label for a reply's n-grams."""
    value = scale(len(found))
    get = model.weights.get
    rows = [row for row in (get(gram.name) for gram in found) if row is not None]
    if not rows:
        return list(model.bias)
    return [
        bias + sum(column) * value
        for bias, column in zip(model.bias, zip(*rows, strict=True), strict=True)
    ]


def probabilities(scores: list[float]) -> list[float]:
    """Softmax of a list of scores."""
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [value / total for value in exps]
