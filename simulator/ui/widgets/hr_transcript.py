"""A recorded session's transcript for HR: each turn's technique and score, then the evaluation."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from scoring.models import TECHNIQUE_NAMES, Language
from simulator.i18n import t
from simulator.scenario.model import SATISFACTION_FACTORS
from simulator.session.evaluation import factor_name, level_name, scale_label
from simulator.untrusted import visible


def transcript_text(detail: dict[str, Any], lang: Language) -> Text:
    """The whole transcript as one Text: recorded words are plain text, never markup, and any
    control character in them is shown written out (see untrusted.visible)."""
    session = detail["session"]
    text = Text()
    text.append(visible(session["scenario_title"] or session["scenario_id"]), style="bold")
    text.append(
        visible(f"  ({session['scenario_id']} v{session['scenario_version']})") + "\n", style="dim"
    )
    text.append(f"{t('transcript.trainee', lang)}: ")
    text.append(visible(session["trainee"]), style="bold")
    text.append(f" · {session['started_at'][:16].replace('T', ' ')} UTC · {session['mode']}\n")
    if session["passed"] is None:
        verdict = t("verdict.ungraded", lang)
    else:
        verdict = t("verdict.passed", lang) if session["passed"] else t("verdict.failed", lang)
    total = session["total_score"]
    text.append(
        f"{t('transcript.status', lang)}: {t('status.' + session['status'], lang)}"
        + (f" ({t('outcome.' + session['outcome'], lang)})" if session["outcome"] else "")
        + f" · {t('transcript.total', lang)}: {'–' if total is None else total} ({verdict})"
        + f" · {t('transcript.scorer', lang)} {session['scorer_version']}\n\n",
    )
    if not detail["turns"]:
        text.append(t("transcript.no_turns", lang) + "\n", style="dim")
    for turn in detail["turns"]:
        _turn(text, turn, lang)
    _evaluation(text, detail["evaluation"], lang)
    _notes(text, detail.get("notes") or [], lang)
    return text


def _notes(text: Text, notes: list[dict[str, Any]], lang: Language) -> None:
    text.append(f"\n{t('transcript.notes', lang)}\n", style="bold underline")
    if not notes:
        text.append(t("transcript.no_notes", lang) + "\n", style="dim")
    for note in notes:
        text.append(f"  {note['created_at'][:16].replace('T', ' ')} ", style="dim")
        text.append(visible(note["author"], newlines=False), style="bold")
        text.append(": ")
        text.append(visible(note["text"]))
        text.append("\n")


def _turn(text: Text, turn: dict[str, Any], lang: Language) -> None:
    text.append(f"{turn['idx'] + 1}. {t('transcript.customer', lang)}: ", style="bold")
    text.append(visible(turn["customer"] or ""))
    text.append("\n")
    text.append(f"   {t('transcript.trainee', lang)}: ", style="bold")
    text.append(visible(turn["reply"]))
    text.append("\n")
    technique = turn["technique"]
    name = TECHNIQUE_NAMES.get(technique, {}).get(lang, technique)
    text.append(f"   {name} ({technique})", style="bold cyan")
    text.append(
        f" · {t('transcript.confidence', lang)} {turn['confidence']:.2f} · {t('transcript.score', lang)} {turn['total']}"
        f" ({turn['technique_fit']}/{turn['execution']}/{turn['relevance']})"
    )
    text.append(
        f" · {t('transcript.matched', lang) if turn['matched_recommended'] else t('transcript.not_matched', lang)}",
        style="green" if turn["matched_recommended"] else "yellow",
    )
    if turn["hint_used"]:
        text.append(f" · {t('transcript.hint', lang)} −{turn['hint_cost']}", style="yellow")
    if turn["timed_out"]:
        text.append(f" · {t('transcript.late', lang)}", style="red")
    if turn["response_seconds"] is not None:
        text.append(
            f" · {turn['response_seconds']:.0f}{t('transcript.seconds', lang)}", style="dim"
        )
    text.append("\n")
    for flag in turn["flags"]:
        text.append(f"   ! {flag['id']}: ", style="red")
        text.append(visible(flag["message"]))
        text.append("\n")
    if turn["tip"]:
        text.append(f"   {t('transcript.tip', lang)}: ", style="dim")
        text.append(visible(turn["tip"]), style="dim")
        text.append("\n")
    if turn["revealed"]:
        text.append(f"   {t('transcript.revealed', lang)}: ", style="italic")
        text.append(visible(turn["revealed"]), style="italic")
        text.append("\n")
    text.append(f"   {t('transcript.customer', lang)}: ", style="dim")
    text.append(visible(turn["reaction"] or ""), style="dim")
    text.append("\n\n")


def _evaluation(text: Text, evaluation: dict[str, Any] | None, lang: Language) -> None:
    text.append(f"{t('eval.title', lang)}\n", style="bold underline")
    if evaluation is None:
        text.append(t("transcript.no_evaluation", lang) + "\n", style="dim")
        return
    reasons = evaluation.get("reasons") or {}
    for factor in SATISFACTION_FACTORS:
        grade = evaluation["grades"][factor]
        text.append(f"  {factor_name(factor, lang)}: {grade}/5 {scale_label(grade, lang)}")
        reason = reasons.get(factor if lang == "en" else f"{factor}_zh") or reasons.get(factor)
        if reason:
            text.append(" — ", style="dim")
            text.append(visible(reason), style="dim")
        text.append("\n")
    level = evaluation["level"]
    text.append(
        f"  {t('transcript.index', lang)}: {evaluation['index']:.2f}/5 · {t('transcript.perceived', lang)}: "
        f"{evaluation['perceived']:.2f} ({t('transcript.expected', lang)} {evaluation['expected']}) · "
        f"CSS {evaluation['css']:.2f} · {evaluation['gap']:+.2f} · "
        f"{t('transcript.level', lang)}: {level_name(level, lang)}"
        f" · {t('transcript.rule', lang)} {evaluation['rule_version']}\n"
    )
    if evaluation.get("self_assessment") is not None:
        text.append(
            f"  {t('transcript.self', lang)}: {evaluation['self_assessment']}/5\n",
            style="italic",
        )


class SessionTranscript(VerticalScroll):
    """Shows one recorded session: every turn with its technique and score, then the evaluation."""

    DEFAULT_CSS = """
    SessionTranscript {
        height: 1fr;
        padding: 0 1;
        & > Static {
            width: 1fr;
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="hr-transcript-body")

    def show(self, detail: dict[str, Any], lang: Language) -> None:
        """Replace what is shown with this session."""
        self.query_one("#hr-transcript-body", Static).update(transcript_text(detail, lang))
        self.scroll_home(animate=False)


__all__ = ["SessionTranscript", "transcript_text"]
