"""The trainee's progress screen: their sessions over time, technique mix, flags and what to practise next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Footer, Static

from simulator.errors import StoreError
from simulator.i18n import t
from simulator.records import report as reports
from simulator.session.principles import principle_name
from simulator.session.progress import Suggestion, suggest_next
from simulator.ui.screens.base import DojoScreen
from simulator.ui.widgets.feedback import technique_name
from simulator.ui.widgets.hr_charts import TechniqueMixPlot, WeeklyBars
from simulator.untrusted import visible

TOP_FLAGS = 5
"""How many of the trainee's most frequent flags are listed."""


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def every_week(weekly: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The weekly averages with the weeks between them that had no session (average None)."""
    if not weekly:
        return []
    averages = {row["week"]: row["average_score"] for row in weekly}
    year, week = (int(part) for part in weekly[0]["week"].split("-W"))
    day = date.fromisocalendar(year, week, 1)
    last_year, last_week = (int(part) for part in weekly[-1]["week"].split("-W"))
    last = date.fromisocalendar(last_year, last_week, 1)
    result = []
    while day <= last:
        label = reports.period_of(day, "week")
        result.append({"period": label, "average_score": averages.get(label)})
        day += timedelta(weeks=1)
    return result


class ProgressScreen(DojoScreen):
    """The signed-in trainee's own records: score per week, techniques, flags, and a next drill."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back"),
        Binding("f2", "practise_next", "key.practise_next"),
    ]

    @dataclass
    class DrillRequested(Message):
        """The trainee started the suggested drill."""

        scenario_id: str
        technique: str

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] | None = None
        """The trainee's progress as reports.trainee_progress gives it, once read."""
        self.suggestion: Suggestion | None = None
        """The drill to practise next, if any scenario fits."""

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.lang
        name = self.dojo.trainee or t("trainee.unknown", lang)
        yield Static(
            Text(t("progress.title", lang, trainee=visible(name, newlines=False))),
            id="progress-title",
        )
        yield Static("", id="progress-summary")
        with Horizontal(id="progress-charts"):
            yield WeeklyBars(
                t("progress.chart.trend", lang),
                t("progress.chart.empty", lang),
                id="progress-trend",
            )
            yield TechniqueMixPlot(
                t("progress.chart.techniques", lang),
                t("progress.chart.empty", lang),
                id="progress-mix",
            )
        with Horizontal(id="progress-bottom"):
            with Vertical(id="progress-flags-box"):
                yield Static(t("progress.flags.title", lang), classes="section-title")
                yield Static("", id="progress-flags")
            with Vertical(id="progress-next-box"):
                yield Static(t("progress.next.title", lang), classes="section-title")
                yield Static("", id="progress-next")
                yield Button(
                    t("progress.next.start", lang),
                    id="progress-start",
                    variant="primary",
                    compact=True,
                )
        yield Footer()

    def fill(self) -> None:
        """Read the trainee's records and show them; Enter or F2 starts the suggested drill."""
        self.load()
        self.query_one("#progress-start", Button).focus()

    # -- data --------------------------------------------------------------

    def load(self) -> None:
        """Read the signed-in trainee's own progress (nobody else's) and redraw."""
        dojo = self.dojo
        self.data = None
        if dojo.store is not None and dojo.trainee:
            try:
                self.data = reports.trainee_progress(dojo.store, dojo.trainee)
            except StoreError as error:
                self.notify(
                    error.message_in(self.lang), title=error.title_in(self.lang), severity="error"
                )
        data = self.data
        self.suggestion = suggest_next(
            data["recommended"] if data else {},
            dojo.library.scenarios.values(),
            data["played"] if data else {},
            data["language"] if data and data["language"] else dojo.ui_lang,
        )
        self._show_summary()
        self._show_charts()
        self._show_flags()
        self._show_suggestion()

    def _show_summary(self) -> None:
        lang = self.lang
        data = self.data
        summary = self.query_one("#progress-summary", Static)
        if self.dojo.store is None:
            summary.update(Text(t("progress.not_recording", lang)))
            return
        if not data or not data["sessions"]:
            summary.update(Text(t("progress.none", lang)))
            return
        text = Text(
            t(
                "progress.summary",
                lang,
                sessions=data["sessions"],
                finished=data["finished"],
                unfinished=data["unfinished"],
                average=_number(data["average_score"]),
                pass_rate=_rate(data["pass_rate"]),
            )
        )
        progress = data["progress"]
        if progress is not None:
            trend = progress["trend"]
            change = progress["change"]
            style = {"improving": "green", "declining": "red"}.get(trend, "")
            if trend == "new" or change is None:
                text.append("\n" + t("progress.trend.new", lang), style="dim")
            else:
                text.append("\n" + t(f"progress.trend.{trend}", lang, change=change), style=style)
        summary.update(text)

    def _show_charts(self) -> None:
        lang = self.lang
        data = self.data
        weekly = data["progress"]["weekly"] if data and data["progress"] else []
        self.query_one("#progress-trend", WeeklyBars).set_rows(every_week(weekly))
        techniques = data["techniques"] if data else []
        self.query_one("#progress-mix", TechniqueMixPlot).set_rows(
            [
                {"technique": technique_name(row["technique"], lang), "uses": row["uses"]}
                for row in techniques
            ]
        )

    def _show_flags(self) -> None:
        lang = self.lang
        flags = (self.data or {}).get("flags") or []
        shown = self.query_one("#progress-flags", Static)
        if not flags:
            shown.update(Text(t("progress.flags.none", lang), style="dim"))
            return
        text = Text()
        for n, row in enumerate(flags[:TOP_FLAGS]):
            if n:
                text.append("\n")
            text.append(
                t(
                    "progress.flags.row",
                    lang,
                    name=visible(principle_name(row["flag"], lang), newlines=False),
                    turns=row["turns"],
                    sessions=row["sessions"],
                )
            )
        shown.update(text)

    def _show_suggestion(self) -> None:
        lang = self.lang
        shown = self.query_one("#progress-next", Static)
        button = self.query_one("#progress-start", Button)
        suggestion = self.suggestion
        scenario = self.dojo.library.scenarios.get(suggestion.scenario_id) if suggestion else None
        if suggestion is None or scenario is None:
            shown.update(Text(t("progress.next.none", lang), style="dim"))
            button.disabled = True
            return
        button.disabled = False
        skill = suggestion.skill
        text = Text(
            t(
                "progress.next.scenario",
                lang,
                technique=technique_name(suggestion.technique, lang),
                title=visible(scenario.title, newlines=False),
            ),
            style="bold",
        )
        if skill.practised and skill.average_score is not None:
            why = t(
                "progress.next.weakest",
                lang,
                average=skill.average_score,
                opportunities=skill.opportunities,
            )
        else:
            why = t("progress.next.unpractised", lang, opportunities=skill.opportunities)
        text.append("\n" + why)
        shown.update(text)

    # -- actions -----------------------------------------------------------

    @on(Button.Pressed, "#progress-start")
    def start_pressed(self) -> None:
        """The start button starts the suggested drill."""
        self.action_practise_next()

    def action_practise_next(self) -> None:
        """Start a session on the suggested scenario straight away."""
        suggestion = self.suggestion
        if suggestion is None:
            self.notify(t("progress.next.none", self.lang), severity="warning")
            return
        scenario = self.dojo.library.scenarios.get(suggestion.scenario_id)
        if scenario is None:
            self.notify(
                t("progress.next.gone", self.lang, scenario=suggestion.scenario_id),
                severity="error",
            )
            return
        self.post_message(self.DrillRequested(scenario.id, suggestion.technique))

    def action_back(self) -> None:
        """Go back to the home screen."""
        self.dojo.go_home()


__all__ = ["ProgressScreen"]
