"""Chinese word segmentation (rjieba, with a domain dictionary), loaded on first use."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@cache
def _segmenter() -> Any:
    # Imported here so `import scoring` stays fast: the dictionary loads on the first cut.
    import rjieba

    segmenter = rjieba.Jieba()
    words = resources.files("scoring.data").joinpath("words_zh.txt").read_text(encoding="utf-8")
    for line in words.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            segmenter.add_word(word, None, None)
    return segmenter


@lru_cache(maxsize=4096)
def words(run: str) -> tuple[str, ...]:
    """The words of one run of Chinese characters."""
    return tuple(_segmenter().cut(run))


@lru_cache(maxsize=4096)
def boundaries(text: str) -> frozenset[int]:
    """Offsets of `text` where a Chinese word starts or ends (every offset outside Chinese runs)."""
    cuts: set[int] = set(range(len(text) + 1))
    for run in HAN_RUN.finditer(text):
        inside = set(range(run.start() + 1, run.end()))
        cuts -= inside
        at = run.start()
        for word in words(run.group()):
            at += len(word)
            cuts.add(at)
    return frozenset(cuts)


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each Chinese word of `text`, in order."""
    spans: list[tuple[int, int]] = []
    for run in HAN_RUN.finditer(text):
        at = run.start()
        for word in words(run.group()):
            spans.append((at, at + len(word)))
            at += len(word)
    return spans


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it neither starts nor ends inside a Chinese word."""
    for word_start, word_end in word_spans(text):
        if word_start < start < word_end:
            start = word_start
        if word_start < end < word_end:
            end = word_end
    return start, end
