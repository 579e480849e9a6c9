"""The feedback shown after each reply: technique, evidence, score breakdown, flags and tip."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from scoring.models import TECHNIQUE_NAMES, Evidence, Flag, Label
from simulator.engine import TurnResult
from simulator.i18n import t

EXEMPLAR_SIGNAL = "exemplar:"
"""Evidence from similarity to a model answer covers the whole reply, so it is not highlighted."""

WINNER_STYLE = "bold $text-accent on $accent-muted"
"""How the spans that decided the technique are marked in the reply."""

OTHER_STYLE = "underline"
"""How spans that spoke for another technique are marked."""

FLAG_STYLE = "underline $text-error"
"""How a span a flag points at is marked."""


def technique_name(label: Label | str, lang: str) -> str:
    """A technique's display name in the UI language."""
    names = TECHNIQUE_NAMES.get(label)  # type: ignore[call-overload]
    return names[lang] if names else str(label)


def highlighted_reply(
    reply: str, evidence: tuple[Evidence, ...], winner: str, flags: tuple[Flag, ...] = ()
) -> Content:
    """The reply as plain text with its evidence and flag spans styled at their offsets."""
    content = Content(reply)
    size = len(reply)
    # Weaker spans first, so the deciding spans are styled on top where they overlap.
    for item in sorted(evidence, key=lambda e: (e.technique == winner, e.weight)):
        if item.signal.startswith(EXEMPLAR_SIGNAL):
            continue
        start, end = max(0, item.start), min(size, item.end)
        if start < end:
            style = WINNER_STYLE if item.technique == winner else OTHER_STYLE
            content = content.stylize(style, start, end)
    for flag in flags:
        if flag.span is not None:
            start, end = max(0, flag.span[0]), min(size, flag.span[1])
            if start < end:
                content = content.stylize(FLAG_STYLE, start, end)
    return content


def evidence_phrases(evidence: tuple[Evidence, ...], winner: str, limit: int = 4) -> list[str]:
    """The distinct phrases that spoke for the detected technique, strongest first."""
    phrases: list[str] = []
    for item in sorted(evidence, key=lambda e: -e.weight):
        if item.technique != winner or item.signal.startswith(EXEMPLAR_SIGNAL):
            continue
        if item.text and item.text not in phrases:
            phrases.append(item.text)
    return phrases[:limit]


def feedback_content(turn: TurnResult, lang: str) -> Content:
    """Everything said about one scored reply, in the UI language."""
    score = turn.score
    classification = score.classification
    winner = classification.technique
    parts: list[Content | str | tuple[str, str]] = [
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
        parts += [
            "  ",
            (
                t(
                    "feedback.runner_up",
                    lang,
                    technique=technique_name(classification.runner_up, lang),
                )
                + f" {classification.runner_up_confidence:.0%}",
                "$text-muted",
            ),
        ]
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
    parts.append(
        t(
            "feedback.score",
            lang,
            total=score.total,
            fit=score.technique_fit,
            execution=score.execution,
            relevance=score.relevance,
        )
    )
    if turn.hint_cost:
        parts += ["  ", (t("feedback.hint_cost", lang, cost=turn.hint_cost), "$text-warning")]
    parts.append("\n")
    phrases = evidence_phrases(classification.evidence, winner)
    parts.append((t("feedback.evidence", lang), "$text-muted"))
    if phrases:
        for number, phrase in enumerate(phrases):
            if number:
                parts.append(" ")
            parts.append(Content.assemble("「", (phrase, WINNER_STYLE), "」"))
    else:
        parts.append((t("feedback.no_evidence", lang), "$text-muted"))
    for flag in score.flags:
        parts += ["\n", (t("feedback.flag", lang, message=flag.message), "$text-error")]
    if score.tip:
        parts += ["\n", (t("feedback.tip", lang, tip=score.tip), "italic")]
    return Content.assemble(*parts)


class FeedbackPanel(Static):
    """The feedback on one reply, shown under it in the transcript."""

    def __init__(self, turn: TurnResult, lang: str) -> None:
        super().__init__(classes="feedback")
        self.turn = turn
        self.lang = lang

    def render(self) -> Content:
        return feedback_content(self.turn, self.lang)
