"""The end screen: each turn against what was recommended, the evaluation, and a self-assessment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, DataTable, Footer, Static

from simulator.i18n import t
from simulator.scenario.model import SATISFACTION_FACTORS
from simulator.session.engine import turn_notes
from simulator.session.evaluation import factor_name, level_name, reason, scale_label
from simulator.session.recording import Ending, RecordedSession
from simulator.ui.screens.base import DojoScreen
from simulator.ui.widgets.feedback import technique_name

RATINGS = (1, 2, 3, 4, 5)
"""The self-assessment scale."""


class EndScreen(DojoScreen):
    """The session summary; 1-5 rate it, F2 retries, F3 goes to the next scenario, Esc goes home."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"rate({n})", show=False) for n in RATINGS),
        Binding("f2", "retry", "key.retry"),
        Binding("f3", "next", "key.next"),
        Binding("escape", "home", "key.home"),
    ]

    @dataclass
    class SelfAssessed(Message):
        """The trainee rated their own handling of the session, 1-5."""

        end_screen: EndScreen
        """The screen rated on; it shows whether the rating was recorded (show_rating)."""
        rating: int

        @property
        def control(self) -> EndScreen:
            return self.end_screen

    @dataclass
    class ReplayRequested(Message):
        """The trainee asked to play the same scenario again."""

        scenario_id: str
        timed: bool

    @dataclass
    class NextRequested(Message):
        """The trainee asked to play the scenario listed after this one."""

        scenario_id: str
        """The scenario just played."""
        timed: bool

    def __init__(self, recorded: RecordedSession, ending: Ending) -> None:
        super().__init__()
        self.recorded = recorded
        self.session = recorded.session
        self.ending = ending
        self.evaluation = ending.evaluation
        self.rating: int | None = None
        self.rating_recorded = False

    def compose(self) -> ComposeResult:
        lang = self.lang
        with VerticalScroll(id="end-body"):
            yield Static(self._headline(), id="end-headline")
            yield Static(t("end.turns", lang), classes="section-title")
            yield DataTable(id="turns-table", cursor_type="none", show_cursor=False)
            yield Static(t("end.notes", lang), classes="section-title")
            yield Static(self._notes(), id="turn-notes")
            yield Static(t("eval.title", lang), classes="section-title")
            yield Static(self._evaluation(), id="evaluation")
            yield Static(self._self_line(), id="self-prompt", classes="section-title")
            with Horizontal(id="self-buttons"):
                for n in RATINGS:
                    yield Button(
                        f"{n} {t(f'self.{n}', lang)}",
                        id=f"rate-{n}",
                        classes="rate",
                        disabled=self.rating is not None,
                    )
            with Horizontal(id="end-buttons"):
                yield Button(t("end.retry", lang), id="retry-button", variant="primary")
                yield Button(t("end.next", lang), id="next-button")
                yield Button(t("end.home", lang), id="home-button")
        yield Footer()

    def fill(self) -> None:
        """Fill the turns table and focus the summary itself.

        No button takes the focus: an Enter still on its way from the last reply would
        otherwise start a new session or give a rating the trainee never chose.
        """
        self._fill_turns()
        self.query_one("#end-body", VerticalScroll).focus()

    def _headline(self) -> Content:
        lang = self.lang
        session = self.session
        scenario = session.scenario
        verdict = self.ending.verdict
        if verdict.passed is not None and session.outcome:
            outcome = t("end.outcome", lang, outcome=t(f"outcome.{session.outcome}", lang))
            said = (
                t("verdict.passed", lang)
                if verdict.reason is None
                else t("end.failed_because", lang, reason=verdict.reason[lang]),
                "$text-success" if verdict.reason is None else "$text-error",
            )
        else:
            outcome = t("end.unfinished", lang)
            said = (t("end.not_graded", lang), "$text-warning")
        parts: list[Content | str | tuple[str, str]] = [
            (t("end.title", lang, title=scenario.title), "bold $text-primary"),
            "\n",
            outcome,
            "  ·  ",
            t("end.total", lang, total=verdict.total, pass_mark=verdict.pass_mark),
            " ",
            said,
        ]
        if session.hints_used:
            parts += ["  ·  ", (t("end.hints", lang, count=session.hints_used), "$text-warning")]
        return Content.assemble(*parts)

    def _fill_turns(self) -> None:
        lang = self.lang
        table = self.reset_table(
            "#turns-table", ["turn", "used", "recommended", "score"], "end.col"
        )
        for turn in self.session.turns:
            technique = turn.score.classification.technique
            mark = "✓" if turn.matched_recommended else "✗"
            style = "green" if turn.matched_recommended else "yellow"
            table.add_row(
                str(turn.index + 1),
                Text(f"{mark} {technique_name(technique, lang)}", style=style),
                " / ".join(technique_name(r, lang) for r in turn.recommended),
                Text(str(turn.points), justify="right"),
            )

    def _notes(self) -> Content:
        """Each turn's tip, and the model answer for the turns that went worst."""
        lang = self.lang
        parts: list[Content | str | tuple[str, str]] = []
        for note in turn_notes(self.session.scenario, self.session.turns):
            if parts:
                parts.append("\n")
            parts.append(t("end.note", lang, turn=note.index + 1, points=note.points, tip=note.tip))
            if note.model_answer and note.model_technique:
                parts += [
                    "\n",
                    (
                        t(
                            "end.note.model",
                            lang,
                            technique=technique_name(note.model_technique, lang),
                            answer=note.model_answer,
                        ),
                        "$text-success",
                    ),
                ]
        return Content.assemble(*parts)

    def _evaluation(self) -> Content:
        lang = self.lang
        evaluation = self.evaluation
        parts: list[Content | str | tuple[str, str]] = []
        for factor in SATISFACTION_FACTORS:
            grade = evaluation.grades[factor]
            style = (
                "$text-error" if grade <= 2 else "$text-warning" if grade == 3 else "$text-success"
            )
            weight = evaluation.weights.get(factor, 0.0)
            parts += [
                (f"{factor_name(factor, lang)}", "bold"),
                (f" ×{weight:.2f}", "$text-muted"),
                "  ",
                (f"{grade}/5 {scale_label(grade, lang)}", style),
                "  ",
                (reason(evaluation, factor, lang), "$text-muted"),
                "\n",
            ]
        parts += [
            (t("end.index", lang, index=evaluation.index), "bold"),
            "\n",
            t(
                "end.css",
                lang,
                perceived=evaluation.perceived,
                expected=evaluation.expected,
                css=evaluation.css,
                gap=evaluation.gap,
            ),
            "\n",
            (t("end.level", lang, level=level_name(evaluation.level, lang)), "bold $text-accent"),
        ]
        return Content.assemble(*parts)

    def _self_line(self) -> str:
        lang = self.lang
        if self.rating is None:
            return t("end.self", lang)
        key = "end.self.saved" if self.rating_recorded else "end.self.unsaved"
        return t(key, lang, rating=self.rating, label=t(f"self.{self.rating}", lang))

    # -- actions -----------------------------------------------------------

    @on(Button.Pressed, ".rate")
    def rate_pressed(self, event: Button.Pressed) -> None:
        """A rating button was pressed."""
        self.action_rate(int((event.button.id or "rate-0").removeprefix("rate-")))

    def action_rate(self, rating: int) -> None:
        """Record the trainee's own rating, once."""
        if self.rating is not None or rating not in RATINGS:
            return
        self.rating = rating
        for button in self.query(".rate").results(Button):
            button.disabled = True
        self.post_message(self.SelfAssessed(self, rating))

    def show_rating(self, recorded: bool) -> None:
        """Say that the rating was recorded, or that it was not."""
        self.rating_recorded = recorded
        self.query_one("#self-prompt", Static).update(self._self_line())

    @on(Button.Pressed, "#retry-button")
    def action_retry(self) -> None:
        """Play the same scenario again."""
        self.post_message(self.ReplayRequested(self.session.scenario.id, self.session.timed))

    @on(Button.Pressed, "#next-button")
    def action_next(self) -> None:
        """Play the scenario listed after this one."""
        self.post_message(self.NextRequested(self.session.scenario.id, self.session.timed))

    @on(Button.Pressed, "#home-button")
    def action_home(self) -> None:
        """Go back to the scenario list."""
        self.dojo.go_home()
