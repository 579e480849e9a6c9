"""Figures with their units ("45 minutes", "forty-five minutes", "三个月", "$174"), so a reply
that gives another figure for what the customer stated can be told from one that repeats it."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
EN_VALUE: dict[str, int] = {word: value for value, word in enumerate(_SMALL)} | {
    word: 20 + 10 * index for index, word in enumerate(_TENS)
}
ZH_DIGIT: dict[str, int] = dict(zip("零一二三四五六七八九", range(10), strict=True)) | {"两": 2}
ZH_SCALE: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10000}
ZH_UNITS = "年|个月|个|天|块|元|次|倍|成|小时|分钟|公里|月|周|折|%|人|台|件|家|期|岁|万"

_SMALL_RE = "|".join(_SMALL[1:])
MEASURE = re.compile(
    r"(?P<digits>\d+(?:[.,]\d+)*)"
    rf"|(?P<en>\b(?:(?:{'|'.join(_TENS)})(?:[\s-](?:{_SMALL_RE}))?|{_SMALL_RE}|hundred|thousand)\b)"
    rf"|(?P<zh>[零一二两三四五六七八九十百千万]+)(?=(?:{ZH_UNITS}))"
)
UNIT_AFTER = re.compile(r"[\s-]*(%|percent|[a-z]+|个月|[\u4e00-\u9fff])")
CURRENCY = "$£€¥￥"

Measure = tuple[float, str]
"""A figure and its unit: a currency sign, '%', the first letters of an English word or a Chinese unit."""


def _zh_value(numeral: str) -> float:
    """The value of a Chinese numeral such as 二十五, 两万, 一百二 or 三."""
    total, section, digit = 0, 0, 0
    for char in numeral:
        if char in ZH_DIGIT:
            digit = ZH_DIGIT[char]
        elif char == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
        else:
            section += (digit or 1) * ZH_SCALE[char]
            digit = 0
    return float(total + section + digit)


def _en_value(words: str) -> float:
    parts = re.split(r"[\s-]+", words)
    if parts[0] in ("hundred", "thousand"):
        return 100.0 if parts[0] == "hundred" else 1000.0
    return float(sum(EN_VALUE[part] for part in parts))


def measures(text: str) -> set[Measure]:
    """Every figure of normalised text with its unit ('' when none can be seen)."""
    found: set[Measure] = set()
    for match in MEASURE.finditer(text):
        if match.group("digits"):
            value = float(match.group("digits").replace(",", ""))
        elif match.group("en"):
            value = _en_value(match.group("en"))
        else:
            if match.start() and text[match.start() - 1] in "这那每第哪":
                continue  # 这一次, 第三次: which one, not how many
            value = _zh_value(match.group("zh"))
        before = text[match.start() - 1] if match.start() else ""
        if before in CURRENCY and before:
            unit = before
        else:
            after = UNIT_AFTER.match(text, match.end())
            unit = after.group(1) if after else ""
            if unit == "个":  # a measure word: the noun after it is the unit (两个小时 -> 小)
                noun = UNIT_AFTER.match(text, after.end()) if after else None
                unit = noun.group(1) if noun else unit
            unit = "%" if unit == "percent" else unit[:4]
            if unit in EN_VALUE or unit.startswith(("hund", "thou")):
                unit = ""
        found.add((value, unit))
    return found


DIMENSIONS: dict[str, str] = {
    # Spellings of one time unit. Different time units stay apart: "one week" beside
    # "fifty minutes" is seldom a correction of it.
    "mins": "minu",
    "hrs": "hour",
    "days": "day",
    "wks": "week",
    "yrs": "year",
    "secs": "seco",
    **dict.fromkeys(
        [*CURRENCY, "", "元", "块", "doll", "poun", "quid", "buck", "euro", "grand"], "money"
    ),
}
"""Units that measure the same thing, so 2000 and £999 can contradict each other."""


def _dimension(unit: str) -> str:
    return DIMENSIONS.get(unit, unit)


def other_figure(reply_clause: str, stated: AbstractSet[Measure]) -> bool:
    """Whether a clause gives a different figure for something the customer measured."""
    said = {(value, _dimension(unit)) for value, unit in stated}
    dimensions = {dimension for _, dimension in said}
    for value, unit in measures(reply_clause):
        dimension = _dimension(unit)
        if dimension in dimensions and (value, dimension) not in said:
            return True
    return False
