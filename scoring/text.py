"""Normalises replies (NFKC, Traditional to Simplified, case, punctuation) and keeps an offset map."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from scoring.models import Language

if TYPE_CHECKING:
    import opencc

PUNCTUATION = str.maketrans(
    {
        "，": ",",
        "。": ".",
        "！": "!",
        "？": "?",
        "；": ";",
        "：": ":",
        "、": ",",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "（": "(",
        "）": ")",
        "【": "[",
        "】": "]",
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "…": ".",
        "—": "-",
        "–": "-",
        "～": "~",
        "〜": "~",
        "·": " ",
        "　": " ",
    }
)
"""CJK and typographic punctuation mapped one-to-one onto ASCII, so offsets survive."""

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
SENTENCE_END = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?;~\n])+")
"""Sentence-ending punctuation; a point between digits (29.99) is part of a number."""


@dataclass(frozen=True)
class Normalised:
    """A reply after normalisation, with a map back to the original offsets."""

    original: str
    """The reply as given."""
    text: str
    """NFKC, Simplified, lowercased, ASCII punctuation."""
    origin: tuple[int, ...]
    """For each character of `text`, the index of the original character it came from."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text back onto the original reply."""
        if not self.origin or start >= end:
            return (0, 0)
        first = self.origin[min(start, len(self.origin) - 1)]
        last = self.origin[min(end, len(self.origin)) - 1]
        return (first, last + 1)


@cache
def _converter() -> opencc.OpenCC:
    # Imported here so `import scoring` stays fast; OpenCC loads its tables in a few ms.
    import opencc

    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese to Simplified, keeping the length where possible."""
    if not HAN.search(text):
        return text
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length; convert per character so offsets stay aligned.
    return "".join(c if len(c) == 1 else t for t, c in ((t, _converter().convert(t)) for t in text))


@lru_cache(maxsize=4096)
def normalise(reply: str) -> Normalised:
    """Normalise a reply for matching while recording where each character came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(reply):
        folded = unicodedata.normalize("NFKC", char).translate(PUNCTUATION)
        for piece in folded:
            chars.append(piece)
            origin.append(index)
    text = to_simplified("".join(chars)).lower()
    if len(text) != len(origin):
        # Lowercasing can lengthen a few letters (e.g. "İ"); fall back to a per-character map.
        rebuilt: list[str] = []
        rebuilt_origin: list[int] = []
        for char, source in zip(to_simplified("".join(chars)), origin, strict=True):
            for piece in char.lower():
                rebuilt.append(piece)
                rebuilt_origin.append(source)
        text, origin = "".join(rebuilt), rebuilt_origin
    return Normalised(original=reply, text=text, origin=tuple(origin))


def detect_language(text: str) -> Language:
    """Say whether normalised text is mostly Chinese or English; a Chinese character counts as a word."""
    han = len(HAN.findall(text))
    words = len(LATIN_WORD.findall(text))
    # Chinese words average about 1.6 characters, so compare on a per-word basis.
    return "zh" if han / 1.6 >= words and han > 0 else "en"


def sentences(text: str) -> list[tuple[int, int]]:
    """Split normalised text into (start, end) sentence spans, keeping the closing punctuation."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip(" .!?;~\n"):
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def han_bigrams(text: str) -> set[str]:
    """Character bigrams of the Chinese runs in a text, for topic overlap."""
    grams: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


STOPWORDS_EN = frozenset(
    """a an the and or but if so to of in on at for with by from as is are was were be been
    being am i you he she it we they me him her us them my your his its our their this that these
    those there here what which who whom whose when where why how not no yes do does did done have
    has had can could will would shall should may might must just only very really too also then
    than up down out off over about into more most much many some any all each every one ok okay
    sure well oh ah yeah yep it's i'm you're that's don't we'll i'll we're you'd i'd let's""".split()
)
"""English function words, left out of topic overlap."""


def content_words(text: str) -> set[str]:
    """English content words of a normalised text, crudely stemmed, for topic overlap."""
    words = set()
    for word in LATIN_WORD.findall(text):
        if word in STOPWORDS_EN or len(word) < 3:
            continue
        words.add(word[:5])
    return words


def topic_units(text: str) -> set[str]:
    """Units of topic for overlap: Chinese bigrams plus English content stems."""
    return han_bigrams(text) | content_words(text)


@cache
def common_han() -> frozenset[str]:
    """The 3,755 most common Chinese characters (GB2312 level 1), shipped as package data."""
    data = resources.files("scoring.data").joinpath("common_zh.txt").read_text(encoding="utf-8")
    return frozenset(data.strip())


@cache
def common_en() -> frozenset[str]:
    """A few thousand common English words, shipped as package data."""
    data = resources.files("scoring.data").joinpath("common_en.txt").read_text(encoding="utf-8")
    return frozenset(data.split())


def gibberish_share(text: str) -> float | None:
    """Share of the text that is not real words or common characters; None when too short to tell."""
    han = HAN.findall(text)
    words = LATIN_WORD.findall(text)
    units = len(han) + len(words)
    if units < 3:
        return None
    known_han = sum(1 for char in han if char in common_han())
    vocabulary = common_en()
    known_words = sum(1 for word in words if word in vocabulary or _stem_known(word, vocabulary))
    return 1.0 - (known_han + known_words) / units


def _stem_known(word: str, vocabulary: frozenset[str]) -> bool:
    for suffix in ("'s", "s", "es", "ed", "ing", "ly", "er", "est", "d"):
        if word.endswith(suffix) and word[: -len(suffix)] in vocabulary:
            return True
    return False


POLITE_IF = re.compile(
    r"\bif you (don'?t mind|like|want|prefer|wish|need|'?d like|would like|'?re happy|are happy)\b|\bif (that'?s|it'?s) (ok|okay|alright|all right|convenient)\b"
    r"|如果(您|你)(愿意|需要|不介意|方便的话|想的话)|需要的话|方便的话"
)
"""An "if" that is only politeness ("if you like", 需要的话): it opens no other view."""
