"""Tests that classification evidence is readable: whole words, no overlaps, few spans, named signals."""

from __future__ import annotations

import itertools
import re

import pytest

from scoring import Classification, Context, classify
from scoring.classify import MAX_EVIDENCE, _Span, merge_spans, whole_words

LETTER = re.compile(r"[A-Za-z0-9']")
SIGNAL_KINDS = ("cue:", "structure:", "ngram:", "exemplar:")

ENGLISH = [
    (
        "I understand. What does the other quote include in support and onboarding?",
        "Your competitor quoted us less.",
    ),  # The reply that once showed 「Wha」「do」
    (
        "Although it's pricier, it lasts three times as long, so per year it's the cheaper one.",
        "It's too expensive.",
    ),  # Concede, then benefit
    (
        "Actually that was true until last year; since March every model ships with a five-year warranty.",
        "Your warranty is only one year.",
    ),  # Correction of an outdated fact
    (
        "Precisely because you travel so much, the lighter frame is the one that makes sense.",
        "I travel too much to carry a heavy laptop.",
    ),  # Objection turned into the reason
    (
        "ha, fair enough! anyway, shall we look at the blue one in your size?",
        "You lot always say that.",
    ),  # Light deflection back to the sale
    (
        "I hear you - many of our clients felt the same at first. If you compare the running costs, though, would that change things?",
        "It's too expensive.",
    ),  # Feel-felt-found with if
]

CHINESE = [
    ("正因为您年轻，保费才最便宜，核保也最容易通过。", "我还年轻，用不着买保险"),  # 太极
    ("其实不是这样的，我们的保修是三年，合同第四条写得很清楚。", "你们只保修一年"),  # 反驳
    (
        "您说得对，单看价格确实不便宜。如果按十年分摊到每天，其实不到两块钱，您看呢？",
        "这个价格太贵了",
    ),  # 是的…如果
    ("虽然贵了两千，但是用的是头层牛皮，正常用十年没问题。", "这款沙发比隔壁贵了两千"),  # 补偿
]


def _classified(reply: str, objection: str) -> Classification:
    return classify(reply, Context(objection=objection))


@pytest.mark.parametrize(("reply", "objection"), ENGLISH)
def test_english_evidence_spans_align_to_word_boundaries(reply: str, objection: str) -> None:
    result = _classified(reply, objection)
    assert result.evidence
    for item in result.evidence:
        assert reply[item.start : item.end] == item.text
        assert item.start == 0 or not (
            LETTER.match(reply[item.start - 1]) and LETTER.match(reply[item.start])
        ), item
        assert item.end == len(reply) or not (
            LETTER.match(reply[item.end - 1]) and LETTER.match(reply[item.end])
        ), item


@pytest.mark.parametrize(("reply", "objection"), ENGLISH + CHINESE)
def test_evidence_spans_never_overlap_and_are_few(reply: str, objection: str) -> None:
    evidence = _classified(reply, objection).evidence
    assert len(evidence) <= MAX_EVIDENCE
    spans = sorted((item.start, item.end) for item in evidence)
    assert len(set(spans)) == len(spans)
    for (_, first_end), (second_start, _) in itertools.pairwise(spans):
        assert first_end <= second_start


@pytest.mark.parametrize(("reply", "objection"), ENGLISH + CHINESE)
def test_evidence_is_ordered_by_weight_and_names_its_signals(reply: str, objection: str) -> None:
    evidence = _classified(reply, objection).evidence
    weights = [item.weight for item in evidence]
    assert weights == sorted(weights, reverse=True)
    for item in evidence:
        assert item.weight > 0
        parts = item.signal.split(" + ")
        assert all(part.startswith(SIGNAL_KINDS) for part in parts), item.signal
        assert len(parts) == len(set(parts))


@pytest.mark.parametrize(("reply", "objection"), CHINESE)
def test_chinese_evidence_is_never_a_lone_character(reply: str, objection: str) -> None:
    for item in _classified(reply, objection).evidence:
        assert len(item.text) >= 2, item


def test_the_winning_technique_has_evidence_first() -> None:
    result = _classified(*ENGLISH[0])
    assert result.evidence[0].technique == result.technique
    assert "What does the other quote include" in result.evidence[0].text


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (
            [_Span(0, 5, "ask", 2.0, ["cue:a"]), _Span(3, 9, "ask", 1.0, ["ngram:b"])],
            [(0, 9, "ask", 3.0, ["cue:a", "ngram:b"])],
        ),  # Overlapping spans of one label merge and add up
        (
            [_Span(0, 5, "ask", 2.0, ["cue:a"]), _Span(3, 9, "taichi", 1.0, ["cue:b"])],
            [(0, 5, "ask", 2.0, ["cue:a"])],
        ),  # The weaker span of another label is dropped where they overlap
        (
            [_Span(0, 5, "ask", 1.0, ["cue:a"]), _Span(5, 9, "ask", 2.0, ["cue:b"])],
            [(5, 9, "ask", 2.0, ["cue:b"]), (0, 5, "ask", 1.0, ["cue:a"])],
        ),  # Touching spans stay apart, strongest first
        (
            [_Span(0, 4, "ask", 1.0, ["cue:a"]), _Span(0, 4, "ask", 1.0, ["cue:a"])],
            [(0, 4, "ask", 2.0, ["cue:a"])],
        ),  # A duplicate is merged, its signal said once
        (
            [_Span(i * 3, i * 3 + 2, "ask", float(i), [f"cue:{i}"]) for i in range(1, 6)],
            [
                (15, 17, "ask", 5.0, ["cue:5"]),
                (12, 14, "ask", 4.0, ["cue:4"]),
                (9, 11, "ask", 3.0, ["cue:3"]),
            ],
        ),  # Only the three strongest are kept
        (
            [
                _Span(0, 3, "ask", 1.0, ["cue:a"]),
                _Span(6, 9, "ask", 1.0, ["cue:b"]),
                _Span(2, 7, "ask", 3.0, ["ngram:c"]),
            ],
            [(0, 9, "ask", 5.0, ["ngram:c", "cue:a", "cue:b"])],
        ),  # A span bridging two others joins all three
    ],
)
def test_merge_spans(
    candidates: list[_Span], expected: list[tuple[int, int, str, float, list[str]]]
) -> None:
    merged = merge_spans(candidates)
    assert [(s.start, s.end, s.label, s.weight, s.signals) for s in merged] == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("What does it include?", (0, 3), (0, 4)),  # 「Wha」 becomes 「What」
        ("What does it include?", (6, 8), (5, 9)),  # 「oe」 inside "does"
        ("What does it include?", (5, 9), (5, 9)),  # Already whole
        ("That's fine", (0, 6), (0, 6)),  # The apostrophe belongs to the word
        ("That's fine", (0, 4), (0, 6)),  # ... and a cut at it is widened
        ("正因为您年轻", (1, 3), (1, 3)),  # Hanzi are left alone
        ("买iPhone吧", (2, 4), (1, 7)),  # A Latin word inside Chinese is made whole
    ],
)
def test_whole_words(text: str, span: tuple[int, int], expected: tuple[int, int]) -> None:
    assert whole_words(text, *span) == expected


def test_merge_spans_keeps_what_a_dropped_span_absorbed() -> None:
    candidates = [
        _Span(0, 4, "ask", 3.0, ["cue:a"]),
        _Span(10, 14, "taichi", 2.0, ["cue:b"]),
        _Span(3, 11, "ask", 1.0, ["ngram:c"]),
    ]
    merged = merge_spans(candidates)
    assert [(s.start, s.end, s.label) for s in merged] == [(0, 4, "ask"), (10, 14, "taichi")]
