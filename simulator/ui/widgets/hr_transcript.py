"""A recorded session's transcript for HR: each turn's technique and score, then the evaluation."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from scoring.models import TECHNIQUE_NAMES, Language
from simulator.i18n import register, t
from simulator.scenario.model import SATISFACTION_FACTORS
from simulator.session.evaluation import FACTOR_NAMES, LEVEL_NAMES, scale_label
from simulator.untrusted import visible

STRINGS: dict[str, dict[str, str]] = {
    "hr.transcript.customer": {"zh": "客户", "en": "Customer"},
    "hr.transcript.trainee": {"zh": "学员", "en": "Trainee"},
    "hr.transcript.score": {"zh": "得分", "en": "score"},
    "hr.transcript.confidence": {"zh": "置信度", "en": "confidence"},
    "hr.transcript.matched": {"zh": "推荐技巧", "en": "recommended"},
    "hr.transcript.not_matched": {"zh": "此处不推荐", "en": "not recommended here"},
    "hr.transcript.hint": {"zh": "用了提示", "en": "hint used"},
    "hr.transcript.late": {"zh": "超时", "en": "too late"},
    "hr.transcript.tip": {"zh": "建议", "en": "Tip"},
    "hr.transcript.revealed": {"zh": "真实原因", "en": "Real reason"},
    "hr.transcript.evaluation": {"zh": "满意度处理评估", "en": "Satisfaction-handling evaluation"},
    "hr.transcript.no_evaluation": {
        "zh": "此会话没有评估记录。",
        "en": "No evaluation was recorded for this session.",
    },
    "hr.transcript.index": {"zh": "加权指数", "en": "Weighted index"},
    "hr.transcript.perceived": {"zh": "感知满意度", "en": "Perceived"},
    "hr.transcript.expected": {"zh": "期望", "en": "expected"},
    "hr.transcript.level": {"zh": "满意程度", "en": "Level"},
    "hr.transcript.self": {
        "zh": "学员自评(不计入评估)",
        "en": "Trainee's own rating (kept apart from the evaluation)",
    },
    "hr.transcript.status": {"zh": "状态", "en": "Status"},
    "hr.transcript.total": {"zh": "总分", "en": "Total"},
    "hr.transcript.passed": {"zh": "及格", "en": "passed"},
    "hr.transcript.failed": {"zh": "未及格", "en": "not passed"},
    "hr.transcript.ungraded": {"zh": "未评定", "en": "not graded"},
    "hr.transcript.no_turns": {"zh": "没有记录到回答。", "en": "No reply was recorded."},
    "hr.transcript.scorer": {"zh": "评分器", "en": "scorer"},
    "hr.transcript.rule": {"zh": "规则", "en": "rule"},
    "hr.transcript.seconds": {"zh": "秒", "en": "s"},
    "hr.transcript.notes": {"zh": "备注", "en": "Notes"},
    "hr.transcript.no_notes": {
        "zh": "还没有备注:按 n 写一条(不会改动这次练习的记录)。",
        "en": "No notes yet: press n to add one (the session itself is never changed).",
    },
    "hr.status.open": {"zh": "进行中", "en": "in progress"},
    "hr.status.finished": {"zh": "已完成", "en": "finished"},
    "hr.status.unfinished": {"zh": "未完成", "en": "unfinished"},
    "hr.status.abandoned": {"zh": "已放弃", "en": "abandoned"},
    "hr.outcome.won": {"zh": "成交", "en": "won"},
    "hr.outcome.lost": {"zh": "客户流失", "en": "lost"},
    "hr.outcome.resolved": {"zh": "已解决", "en": "resolved"},
    "hr.outcome.escalated": {"zh": "投诉升级", "en": "escalated"},
}
"""The transcript's labels, registered with the app's strings."""

register(STRINGS)


def transcript_text(detail: dict[str, Any], lang: Language) -> Text:
    """The whole transcript as one Text: recorded words are plain text, never markup, and any
    control character in them is shown written out (see untrusted.visible)."""
    session = detail["session"]
    text = Text()
    text.append(visible(session["scenario_title"] or session["scenario_id"]), style="bold")
    text.append(
        visible(f"  ({session['scenario_id']} v{session['scenario_version']})") + "\n", style="dim"
    )
    text.append(f"{t('hr.transcript.trainee', lang)}: ")
    text.append(visible(session["trainee"]), style="bold")
    text.append(f" · {session['started_at'][:16].replace('T', ' ')} UTC · {session['mode']}\n")
    if session["passed"] is None:
        verdict = t("hr.transcript.ungraded", lang)
    else:
        verdict = (
            t("hr.transcript.passed", lang)
            if session["passed"]
            else t("hr.transcript.failed", lang)
        )
    total = session["total_score"]
    text.append(
        f"{t('hr.transcript.status', lang)}: {t('hr.status.' + session['status'], lang)}"
        + (f" ({t('hr.outcome.' + session['outcome'], lang)})" if session["outcome"] else "")
        + f" · {t('hr.transcript.total', lang)}: {'–' if total is None else total} ({verdict})"
        + f" · {t('hr.transcript.scorer', lang)} {session['scorer_version']}\n\n",
    )
    if not detail["turns"]:
        text.append(t("hr.transcript.no_turns", lang) + "\n", style="dim")
    for turn in detail["turns"]:
        _turn(text, turn, lang)
    _evaluation(text, detail["evaluation"], lang)
    _notes(text, detail.get("notes") or [], lang)
    return text


def _notes(text: Text, notes: list[dict[str, Any]], lang: Language) -> None:
    text.append(f"\n{t('hr.transcript.notes', lang)}\n", style="bold underline")
    if not notes:
        text.append(t("hr.transcript.no_notes", lang) + "\n", style="dim")
    for note in notes:
        text.append(f"  {note['created_at'][:16].replace('T', ' ')} ", style="dim")
        text.append(visible(note["author"], newlines=False), style="bold")
        text.append(": ")
        text.append(visible(note["text"]))
        text.append("\n")


def _turn(text: Text, turn: dict[str, Any], lang: Language) -> None:
    text.append(f"{turn['idx'] + 1}. {t('hr.transcript.customer', lang)}: ", style="bold")
    text.append(visible(turn["customer"] or ""))
    text.append("\n")
    text.append(f"   {t('hr.transcript.trainee', lang)}: ", style="bold")
    text.append(visible(turn["reply"]))
    text.append("\n")
    technique = turn["technique"]
    name = TECHNIQUE_NAMES.get(technique, {}).get(lang, technique)
    text.append(f"   {name} ({technique})", style="bold cyan")
    text.append(
        f" · {t('hr.transcript.confidence', lang)} {turn['confidence']:.2f} · {t('hr.transcript.score', lang)} {turn['total']}"
        f" ({turn['technique_fit']}/{turn['execution']}/{turn['relevance']})"
    )
    text.append(
        f" · {t('hr.transcript.matched', lang) if turn['matched_recommended'] else t('hr.transcript.not_matched', lang)}",
        style="green" if turn["matched_recommended"] else "yellow",
    )
    if turn["hint_used"]:
        text.append(f" · {t('hr.transcript.hint', lang)} −{turn['hint_cost']}", style="yellow")
    if turn["timed_out"]:
        text.append(f" · {t('hr.transcript.late', lang)}", style="red")
    if turn["response_seconds"] is not None:
        text.append(
            f" · {turn['response_seconds']:.0f}{t('hr.transcript.seconds', lang)}", style="dim"
        )
    text.append("\n")
    for flag in turn["flags"]:
        text.append(f"   ! {flag['id']}: ", style="red")
        text.append(visible(flag["message"]))
        text.append("\n")
    if turn["tip"]:
        text.append(f"   {t('hr.transcript.tip', lang)}: ", style="dim")
        text.append(visible(turn["tip"]), style="dim")
        text.append("\n")
    if turn["revealed"]:
        text.append(f"   {t('hr.transcript.revealed', lang)}: ", style="italic")
        text.append(visible(turn["revealed"]), style="italic")
        text.append("\n")
    text.append(f"   {t('hr.transcript.customer', lang)}: ", style="dim")
    text.append(visible(turn["reaction"] or ""), style="dim")
    text.append("\n\n")


def _evaluation(text: Text, evaluation: dict[str, Any] | None, lang: Language) -> None:
    text.append(f"{t('hr.transcript.evaluation', lang)}\n", style="bold underline")
    if evaluation is None:
        text.append(t("hr.transcript.no_evaluation", lang) + "\n", style="dim")
        return
    reasons = evaluation.get("reasons") or {}
    for factor in SATISFACTION_FACTORS:
        grade = evaluation["grades"][factor]
        text.append(f"  {FACTOR_NAMES[factor][lang]}: {grade}/5 {scale_label(grade, lang)}")
        reason = reasons.get(factor if lang == "en" else f"{factor}_zh") or reasons.get(factor)
        if reason:
            text.append(" — ", style="dim")
            text.append(visible(reason), style="dim")
        text.append("\n")
    level = evaluation["level"]
    text.append(
        f"  {t('hr.transcript.index', lang)}: {evaluation['index']:.2f}/5 · {t('hr.transcript.perceived', lang)}: "
        f"{evaluation['perceived']:.2f} ({t('hr.transcript.expected', lang)} {evaluation['expected']}) · "
        f"CSS {evaluation['css']:.2f} · {evaluation['gap']:+.2f} · "
        f"{t('hr.transcript.level', lang)}: {LEVEL_NAMES.get(level, {}).get(lang, level)}"
        f" · {t('hr.transcript.rule', lang)} {evaluation['rule_version']}\n"
    )
    if evaluation.get("self_assessment") is not None:
        text.append(
            f"  {t('hr.transcript.self', lang)}: {evaluation['self_assessment']}/5\n",
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
