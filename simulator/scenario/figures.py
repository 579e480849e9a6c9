"""The figures a line of text mentions (prices, times, counts), in Chinese or English.

The loader checks that a scenario's customer lines name no figure the conversation has not
given, and the session keeps the reaction it chooses to the figures said so far.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
               "七": 7, "八": 8, "九": 9}  # fmt: skip
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_HAN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_HAN_COUNTER = re.compile(
    r"^(块|元|岁|个|分|度|次|天|年|月|周|小时|点|号|层|台|套|本|辑|成|折|公里|千瓦|%)"
)
_NOT_FIGURES = ("万一", "一一", "千万", "一下", "一点", "一起", "一定", "一直", "一样", "一般",
                "一切", "一些", "一旦", "一句", "一边", "十分", "万万", "一万个")  # fmt: skip
_ARABIC = re.compile(r"\d+(?:[.,:]\d+)*")
_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_EN_NUMBER = re.compile(
    # The lookahead on first letters lets most places in a text fail at one character class
    # instead of at each of the thirty words.
    r"\b(?=["
    + "".join(sorted({word[0] for word in [*_EN_WORDS, *_EN_SCALES]}))
    + r"])(?:"
    + "|".join([*_EN_WORDS, *_EN_SCALES])
    + r")(?:[\s-]+(?:and[\s-]+)?(?:"
    + "|".join([*_EN_WORDS, *_EN_SCALES])
    + r"))*\b",
    re.IGNORECASE,
)
# Words that are numbers only in name: "one of", "the one", "no one".
_EN_NOT_FIGURES = re.compile(r"^(one|ten)$", re.IGNORECASE)


def _han_value(run: str) -> int | None:
    """The value of a Chinese numeral such as 三百八 (380), 八十 (80) or 两万五 (25000)."""
    total = section = digit = 0
    last_unit = 1
    for char in run:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char]
            continue
        unit = _HAN_UNITS[char]
        if unit >= 10_000:
            total = (total + section + digit) * unit
            section = digit = 0
        else:
            section += (digit or 1) * unit
            digit = 0
        last_unit = unit
    if digit:
        # 三百八: a trailing digit counts in the unit below the last one.
        section += digit * (last_unit // 10 if last_unit >= 10 and len(run) > 1 else 1)
    value = total + section
    return value or None


def _en_value(words: str) -> int | None:
    total = current = 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and":
            continue
        if word in _EN_WORDS:
            current += _EN_WORDS[word]
        elif word in _EN_SCALES:
            current = max(current, 1) * _EN_SCALES[word]
            if _EN_SCALES[word] >= 1000:
                total += current
                current = 0
    return (total + current) or None


def numbers(text: str) -> set[str]:
    """The figures a text mentions, as canonical values ('380', '9:40', '30'), in either language."""
    folded = unicodedata.normalize("NFKC", text)
    found: set[str] = set()
    for match in _ARABIC.finditer(folded):
        raw = match.group()
        found.add(raw.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", raw) else raw)
    for match in _HAN_NUMBER.finditer(folded):
        run = match.group()
        after = folded[match.end() :]
        before = folded[max(0, match.start() - 1) : match.end() + 2]
        if any(word in before for word in _NOT_FIGURES):
            continue
        has_unit = any(char in _HAN_UNITS for char in run)
        has_digit = any(char in _HAN_DIGITS for char in run)
        if not has_digit and run not in ("十",):
            continue
        if not has_unit and not _HAN_COUNTER.match(after):
            continue
        value = _han_value(run)
        if value is not None and value > 1:
            found.add(str(value))
    for match in _EN_NUMBER.finditer(folded):
        if _EN_NOT_FIGURES.match(match.group()):
            continue
        value = _en_value(match.group())
        if value is not None and value > 1:
            found.add(str(value))
    return found


def figures_unsaid(line: str, heard: Iterable[str], allowed: Iterable[str] = ()) -> set[str]:
    """The figures in a customer line that nothing heard so far (or allowed) has mentioned."""
    known: set[str] = set()
    for text in (*heard, *allowed):
        known |= numbers(text)
    return numbers(line) - known


__all__ = ["figures_unsaid", "numbers"]
