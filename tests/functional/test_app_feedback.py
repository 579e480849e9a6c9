"""The feedback panel's evidence highlighting: any list of spans is drawn safely, in place."""

from __future__ import annotations

import pytest

from scoring.models import Evidence, Flag
from simulator.ui.widgets.feedback import (
    FLAG_STYLE,
    OTHER_STYLE,
    WINNER_STYLE,
    evidence_legend,
    highlighted_reply,
    locate,
    reply_highlights,
)

REPLY = "It costs more, and it lasts three times as long. Shall I show you?"


def ev(
    start: int,
    end: int,
    text: str = "",
    technique: str = "compensate",
    signal: str = "cue:x",
    weight: float = 1.0,
) -> Evidence:
    return Evidence(start, end, text, technique, signal, weight)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "text", "expected"),
    [
        (3, 8, "costs", (3, 8)),  # Offsets and text agree
        (0, 0, "", None),  # Empty span
        (9, 4, "", None),  # Reversed span
        (-5, 2, "", (0, 2)),  # Starts before the reply: clamped
        (60, 500, "", (60, len(REPLY))),  # Ends past the reply: clamped
        (500, 600, "", None),  # Wholly past the reply
        (0, 5, "lasts", (22, 27)),  # Offsets point elsewhere: found by its text
        (0, 5, "cheaper", None),  # Text not in the reply: not drawn at all
    ],
)
def test_locate_clamps_or_finds_each_span(
    start: int, end: int, text: str, expected: tuple[int, int] | None
) -> None:
    assert locate(REPLY, start, end, text) == expected


def test_overlapping_spans_are_all_drawn_with_the_deciding_technique_on_top() -> None:
    evidence = (
        ev(3, 13, "costs more", weight=2.0),
        ev(9, 27, "more, and it lasts", technique="taichi", weight=3.0),
        ev(15, 18, "and"),
    )
    marks, whole = reply_highlights(REPLY, evidence, "compensate")
    assert whole == []
    assert [m.style for m in marks] == [OTHER_STYLE, WINNER_STYLE, WINNER_STYLE]
    assert [(m.start, m.end) for m in marks] == [(9, 27), (15, 18), (3, 13)]
    content = highlighted_reply(REPLY, evidence, "compensate")
    assert content.plain == REPLY


def test_spans_over_the_whole_reply_and_exemplars_are_named_not_painted() -> None:
    evidence = (
        ev(0, len(REPLY), REPLY, technique="ask", signal="structure:question"),
        ev(0, len(REPLY), REPLY, signal="exemplar:bank:It costs more"),
        ev(3, 8, "costs"),
    )
    marks, whole = reply_highlights(REPLY, evidence, "compensate")
    assert [(m.start, m.end) for m in marks] == [(3, 8)]
    assert {w.signal for w in whole} == {"structure:question", "exemplar:bank:It costs more"}
    legend = evidence_legend(REPLY, evidence, "compensate", (), "en").plain
    assert "Compensate key phrase" in legend
    assert "whole reply:" in legend and "Ask sentence form" in legend


def test_a_flag_span_is_marked_and_named_in_the_legend() -> None:
    flags = (Flag(id="arguing", message="arguing", penalty=5, span=(50, 60)),)
    marks, _ = reply_highlights(REPLY, (), "none", flags)
    assert [(m.start, m.end, m.style) for m in marks] == [(50, 60, FLAG_STYLE)]
    assert "flagged wording" in evidence_legend(REPLY, (), "none", flags, "en").plain


def test_markup_in_the_reply_stays_text() -> None:
    reply = "[bold red]x[/] costs more"
    content = highlighted_reply(reply, (ev(16, 21, "costs"),), "compensate")
    assert content.plain == reply


def test_a_reply_without_evidence_says_so_in_the_ui_language() -> None:
    assert "没有明显的技巧用语" in evidence_legend("好的", (), "none", (), "zh").plain
