"""Tests for the sentence-structure features that separate correcting, conceding and reframing."""

from __future__ import annotations

import pytest

from scoring.features import extract
from scoring.text import detect_language, normalise


def _values(reply: str, objection: str | None) -> dict[str, float]:
    norm = normalise(reply)
    return extract(norm, detect_language(norm.text), objection, []).values


@pytest.mark.parametrize(
    ("reply", "objection", "feature", "fires"),
    [
        (
            "Actually that was true until last year; now every model has a five-year warranty.",
            "The warranty is only a year.",
            "corrects_fact",
            True,
        ),  # An outdated fact set right
        (
            "那是以前的政策了，现在已经改成三年保修。",
            "你们只保一年",
            "corrects_fact",
            True,
        ),  # 那是以前
        ("其实并不是这样，这款是原装屏。", "这屏幕是翻新的", "corrects_fact", True),  # 其实并不是
        (
            "That's actually why the app was built the way it is.",
            "I'm bad with technology.",
            "corrects_fact",
            False,
        ),  # "actually" inside a reframe corrects nothing
        (
            "It does, actually! Wireless charging is built in.",
            "This phone doesn't have wireless charging.",
            "flips_claim",
            True,
        ),  # Asserts what the customer denied
        (
            "They don't. The meter records exactly what you use.",
            "Smart meters overcharge, everyone knows that.",
            "flips_claim",
            True,
        ),  # Denies what the customer asserted
        ("有的，我们每个门店都有售后。", "你们没有售后服务", "flips_claim", True),  # 有的
        (
            "No worries! What brought you in today?",
            "I'm just looking.",
            "flips_claim",
            False,
        ),  # A courtesy with "no" in it denies nothing
        (
            "It does cost more, but it lasts twice as long.",
            "It's too expensive.",
            "flips_claim",
            False,
        ),  # Conceding is not contradicting
        (
            "I'm so sorry, two waits in one week is not good enough. Give me your keys.",
            "Ten minutes in this line, and I have a plane to catch.",
            "flips_claim",
            False,
        ),  # Self-criticism sides with the customer
        (
            "这确实不应该，师傅迟到两个小时，我先跟您道个歉。",
            "师傅迟到了两个小时",
            "flips_claim",
            False,
        ),  # 不应该: siding with the customer
        (
            "That's not right: the fee is 2%, and it's on page two.",
            "Your fee is 5%.",
            "flips_claim",
            True,
        ),  # "not right" still corrects
        (
            "It does cost more, but it lasts twice as long.",
            "It's too expensive.",
            "concede_then_benefit",
            True,
        ),  # Concede, then offset
        (
            "It does, and it has done since 2021: the download is on your account page.",
            "This software doesn't work on Mac.",
            "concede_then_benefit",
            False,
        ),  # "It does" against "doesn't" concedes nothing
        (
            "A short stay is why the tour makes sense: you see five sights in a day.",
            "We're only here for a short stay, we don't need a tour.",
            "objection_as_reason",
            True,
        ),  # The objection's own point given as the reason
        (
            "我们的保修是三年，合同里写着。",
            "你们只保修一年",
            "contradicts_number",
            True,
        ),  # 另一个数字
        (
            "保修一年确实短了点，但我们送一次上门清洗。",
            "你们只保修一年",
            "contradicts_number",
            False,
        ),  # 同一个数字
    ],
)
def test_structure_feature(reply: str, objection: str, feature: str, fires: bool) -> None:
    assert (_values(reply, objection)[feature] == 1.0) is fires
