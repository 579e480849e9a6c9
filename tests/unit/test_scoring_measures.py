"""Figures and units, behind the 'gives another figure' structure feature."""

from __future__ import annotations

import pytest

from scoring.measures import measures, other_figure
from scoring.text import normalise


def figures(text: str) -> set[tuple[float, str]]:
    return measures(normalise(text).text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I waited 45 minutes", {(45.0, "minu")}),
        ("I waited forty-five minutes", {(45.0, "minu")}),
        ("twenty five minutes", {(25.0, "minu")}),
        ("等了两个小时", {(2.0, "小")}),
        ("合同要签三个月", {(3.0, "个月")}),
        ("孩子才二十五岁", {(25.0, "岁")}),
        ("a $174 bill", {(174.0, "$")}),
        ("a 4% return", {(4.0, "%")}),
        ("five percent", {(5.0, "%")}),
        ("1,200 a year", {(1200.0, "a")}),
    ],
)
def test_reads_figures_with_their_units(text: str, expected: set[tuple[float, str]]) -> None:
    assert figures(text) == expected


def test_which_one_is_not_how_many() -> None:
    assert figures("这一次我们一定修好") == set()
    assert figures("第三次了") == set()


@pytest.mark.parametrize(
    ("objection", "reply"),
    [
        ("Your contract says I can't leave for 3 years", "you can leave after 1 year"),
        ("我等了两个小时", "系统显示您只等了一个小时"),
        ("The mortgage fee is 2000, way too much", "the fee on this product is £999"),
        ("Your renewals go up 20% every year", "the cap is 5% a year"),
    ],
)
def test_another_figure_for_the_same_measure(objection: str, reply: str) -> None:
    assert other_figure(normalise(reply).text, figures(objection))


@pytest.mark.parametrize(
    ("objection", "reply"),
    [
        # The same figure in other words is not a correction.
        ("I waited 45 minutes", "forty-five minutes is far too long, I'm sorry"),
        ("Your onboarding takes 12 weeks", "Twelve weeks is slower, agreed"),
        # A figure for something else is not one either.
        ("My flight boards in fifty minutes", "two waits in one week is not good enough"),
        ("你们修了三次都没修好", "这一次我亲自跟进"),
    ],
)
def test_the_same_figure_or_another_measure_is_no_correction(objection: str, reply: str) -> None:
    assert not other_figure(normalise(reply).text, figures(objection))
