"""The feedback shown after each reply: technique, evidence legend, score breakdown, flags and tip."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from scoring.models import LABELS, TECHNIQUE_NAMES, Evidence, Flag, Label, Language
from simulator.i18n import t
from simulator.session.turns import TurnResult
from simulator.untrusted import visible

WINNER_STYLE = "bold $text-accent on $accent-muted"
"""How the spans that decided the technique are marked in the reply."""

OTHER_STYLE = "underline $text-secondary"
"""How spans that spoke for another technique are marked."""

FLAG_STYLE = "underline $text-error"
"""How a span a flag points at is marked."""

SIGNAL_KINDS: tuple[str, ...] = ("cue", "structure", "ngram", "exemplar")
"""The families of scorer signals the legend names; any other is shown as `other`."""

WHOLE_REPLY_SHARE = 0.9
"""A span over at least this share of the reply speaks for the reply as a whole: it is named in
the legend but not highlighted, since painting everything would hide the spans that matter."""

Part = Content | str | tuple[str, str]


def technique_name(label: Label | str, lang: Language) -> str:
    """A technique's display name in the UI language."""
    names = TECHNIQUE_NAMES.get(label) if label in LABELS else None
    return names[lang] if names else str(label)


def signal_kind(signal: str) -> str:
    """The family of a scorer signal (`cue:…` is cue), or `other` for one the legend doesn't know."""
    kind = signal.split(":", 1)[0]
    return kind if kind in SIGNAL_KINDS else "other"


@dataclass(frozen=True)
class Highlight:
    """One stretch of the reply to mark, and what marked it."""

    start: int
    """Start offset in the reply, within its bounds."""
    end: int
    """End offset (exclusive), after start."""
    style: str
    """One of WINNER_STYLE, OTHER_STYLE or FLAG_STYLE."""
    technique: str
    """The label the span spoke for, or `flag:ID` for a flag."""
    kind: str
    """The signal family (see SIGNAL_KINDS), or `flag`."""


def locate(reply: str, start: int, end: int, text: str) -> tuple[int, int] | None:
    """Where a span really is in reply: its offsets clamped to the reply, or None if it is empty.

    When the span carries its text and the offsets point elsewhere (offsets into a normalised
    copy of the reply, say), the text's first occurrence is used instead; a text that is not in
    the reply at all is not highlighted, since marking the wrong words would mislead.
    """
    size = len(reply)
    low, high = max(0, min(size, start)), max(0, min(size, end))
    if text and reply[low:high] != text:
        found = reply.find(text)
        if found < 0:
            return None
        low, high = found, found + len(text)
    return (low, high) if low < high else None


def _covers_reply(reply: str, start: int, end: int) -> bool:
    meaningful = len(reply.strip())
    return meaningful > 0 and (end - start) >= WHOLE_REPLY_SHARE * meaningful


def reply_highlights(
    reply: str, evidence: Iterable[Evidence], winner: str, flags: Iterable[Flag] = ()
) -> tuple[list[Highlight], list[Evidence]]:
    """The stretches to mark in reply, weakest first, and the evidence that covers it all.

    Any list of spans is accepted: empty, reversed, overlapping or out-of-range spans are
    clamped or dropped, never an error.
    """
    marks: list[Highlight] = []
    whole: list[Evidence] = []
    # Weaker spans first, so the deciding spans are styled on top where they overlap.
    for item in sorted(evidence, key=lambda e: (e.technique == winner, e.weight)):
        kind = signal_kind(item.signal)
        where = locate(reply, item.start, item.end, item.text)
        if where is None:
            continue
        if kind == "exemplar" or _covers_reply(reply, *where):
            whole.append(item)
            continue
        style = WINNER_STYLE if item.technique == winner else OTHER_STYLE
        marks.append(Highlight(*where, style, item.technique, kind))
    for flag in flags:
        if flag.span is None:
            continue
        where = locate(reply, flag.span[0], flag.span[1], "")
        if where is not None:
            marks.append(Highlight(*where, FLAG_STYLE, f"flag:{flag.id}", "flag"))
    return marks, whole


def highlighted_reply(
    reply: str, evidence: Iterable[Evidence], winner: str, flags: Iterable[Flag] = ()
) -> Content:
    """The reply as plain text (never markup) with its evidence and flag spans styled in place.

    Control characters are shown written out (untrusted.visible), so the offsets are moved
    to where each span's characters are in the shown text.
    """
    marks = reply_highlights(reply, evidence, winner, flags)[0]
    cuts = sorted({0, len(reply), *(m.start for m in marks), *(m.end for m in marks)})
    shown: list[str] = []
    moved = {0: 0}
    for low, high in itertools.pairwise(cuts):
        shown.append(visible(reply[low:high]))
        moved[high] = moved[low] + len(shown[-1])
    content = Content("".join(shown))
    for mark in marks:
        content = content.stylize(mark.style, moved[mark.start], moved[mark.end])
    return content


def _kinds(kinds: Iterable[str], lang: Language) -> str:
    names = dict.fromkeys(t(f"signal.{kind}", lang) for kind in kinds)
    return t("feedback.list_separator", lang).join(names)


def evidence_legend(
    reply: str,
    evidence: Sequence[Evidence],
    winner: str,
    flags: Sequence[Flag],
    lang: Language,
) -> Content:
    """A one-line key to the highlights: each technique's name in its highlight style, with the
    kinds of signal behind it; then what spoke for the reply as a whole."""
    marks, whole = reply_highlights(reply, evidence, winner, flags)
    parts: list[Part] = [(t("feedback.evidence", lang), "$text-muted")]
    groups: dict[str, tuple[str, list[str]]] = {}
    # Strongest marks first, so the technique that decided it leads the legend.
    for mark in sorted(marks, key=lambda m: m.style != WINNER_STYLE):
        if mark.kind != "flag":
            groups.setdefault(mark.technique, (mark.style, []))[1].append(mark.kind)
    entries: list[list[Part]] = [
        [(technique_name(technique, lang), style), " ", (_kinds(kinds, lang), "$text-muted")]
        for technique, (style, kinds) in groups.items()
    ]
    if any(mark.kind == "flag" for mark in marks):
        entries.append([(t("feedback.flagged", lang), FLAG_STYLE)])
    wholes = dict.fromkeys((item.technique, signal_kind(item.signal)) for item in whole)
    if wholes:
        entries.append(
            [
                (t("feedback.whole_reply", lang), "italic $text-muted"),
                " ",
                t("feedback.list_separator", lang).join(
                    f"{technique_name(technique, lang)} {t(f'signal.{kind}', lang)}"
                    for technique, kind in wholes
                ),
            ]
        )
    if not entries:
        parts.append((t("feedback.no_evidence", lang), "$text-muted"))
    for number, entry in enumerate(entries):
        if number:
            parts.append(("  ·  ", "$text-muted"))
        parts += entry
    return Content.assemble(*parts)


def feedback_content(turn: TurnResult, lang: Language) -> Content:
    """Everything said about one scored reply, in the UI language."""
    score = turn.score
    classification = score.classification
    winner = classification.technique
    parts: list[Part] = [
        (
            t(
                "feedback.technique",
                lang,
                technique=technique_name(winner, lang),
                confidence=classification.confidence,
            ),
            "bold",
        ),
    ]
    if classification.runner_up != winner and classification.runner_up_confidence >= 0.05:
        runner_up = t(
            "feedback.runner_up", lang, technique=technique_name(classification.runner_up, lang)
        )
        parts += ["  ", (f"{runner_up} {classification.runner_up_confidence:.0%}", "$text-muted")]
    parts.append("\n")
    if turn.recommended:
        names = " / ".join(technique_name(r, lang) for r in turn.recommended)
        verdict_key = "feedback.matched" if turn.matched_recommended else "feedback.not_matched"
        verdict_style = "$text-success" if turn.matched_recommended else "$text-warning"
        parts += [
            t("feedback.recommended", lang, techniques=names),
            "  ",
            (t(verdict_key, lang), verdict_style),
            "\n",
        ]
    breakdown = t(
        "feedback.score",
        lang,
        total=score.total,
        fit=score.technique_fit,
        execution=score.execution,
        relevance=score.relevance,
    )
    parts.append(breakdown)
    if turn.hint_cost:
        parts += ["  ", (t("feedback.hint_cost", lang, cost=turn.hint_cost), "$text-warning")]
    parts += [
        "\n",
        evidence_legend(turn.reply, classification.evidence, winner, score.flags, lang),
    ]
    for flag in score.flags:
        parts += ["\n", (t("feedback.flag", lang, message=visible(flag.message)), "$text-error")]
    if score.tip:
        parts += ["\n", (t("feedback.tip", lang, tip=visible(score.tip)), "italic")]
    return Content.assemble(*parts)


class FeedbackPanel(Static):
    """The feedback on one reply, shown under it in the transcript."""

    def __init__(self, turn: TurnResult, lang: Language) -> None:
        super().__init__(classes="feedback")
        self.turn = turn
        self.lang = lang

    def render(self) -> Content:
        return feedback_content(self.turn, self.lang)


__all__ = [
    "FLAG_STYLE",
    "OTHER_STYLE",
    "WINNER_STYLE",
    "FeedbackPanel",
    "Highlight",
    "evidence_legend",
    "feedback_content",
    "highlighted_reply",
    "locate",
    "reply_highlights",
    "signal_kind",
    "technique_name",
]
