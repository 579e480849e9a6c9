"""The HR review screen: summary figures, charts, trainees, and a drill-down to each transcript."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from scoring.models import LABELS, TECHNIQUE_NAMES, Language
from simulator.errors import StoreError
from simulator.i18n import t
from simulator.records import report as reports
from simulator.records.report import Filters
from simulator.records.store import Store
from simulator.session.evaluation import level_name
from simulator.settings import default_author
from simulator.ui.bindings import localize_bindings
from simulator.ui.screens.note import NoteModal
from simulator.ui.widgets.hr_charts import SatisfactionPlot, ScoreTrendPlot, TechniqueMixPlot
from simulator.ui.widgets.hr_transcript import SessionTranscript
from simulator.untrusted import visible

VIEWS = ("hr-overview", "hr-sessions", "hr-transcript")
"""The drill-down levels, shallowest first; Esc goes up one."""


def parse_day(value: str) -> date | None:
    """A YYYY-MM-DD day, None for an empty field; ValueError for anything else."""
    value = value.strip()
    return date.fromisoformat(value) if value else None


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


NO_TEAM_KEY = "\x00no-team"
"""The team table's row key for trainees in no team (no team name can hold NUL)."""


def _technique(label: str | None, lang: Language) -> str:
    if label is None:
        return "–"
    return TECHNIQUE_NAMES.get(label, {}).get(lang, label)  # type: ignore[call-overload, no-any-return]


def _compare_cell(row: dict[str, Any] | None) -> Text:
    """A team's average turn score with a technique and its match rate, coloured by score."""
    if not row or not row["uses"]:
        return Text("–", style="dim", justify="right")
    score = row["average_score"] or 0.0
    style = "red" if score < 50 else "yellow" if score < 65 else "green"
    text = Text(f"{score:.0f}", style=style, justify="right")
    text.append(f" {_rate(row['matched_rate'])}", style="dim")
    return text


class HRScreen(Screen[None]):
    """HR's view of the records: figures, charts, the trainee table and each session's transcript."""

    DEFAULT_CSS = """
    HRScreen {
        layout: vertical;
        #hr-title { text-style: bold; padding: 0 1; }
        #hr-filters {
            height: 1;
            & > Select { width: 1fr; margin-right: 1; }
            & > Input { width: 1fr; margin-right: 1; }
            & > Input.-invalid { color: $text-error; text-style: bold; }
        }
        #hr-summary { padding: 0 1; height: auto; max-height: 3; }
        #hr-error { padding: 0 1; height: auto; color: $text-error; }
        #hr-tabs { height: 1fr; }
        #hr-charts { height: 1fr; }
        #hr-trainees { height: 1fr; }
        #hr-teams { height: auto; max-height: 50%; }
        #hr-compare-title { padding: 0 1; color: $text-muted; }
        #hr-compare { height: 1fr; }
        #hr-sessions-title { padding: 0 1; text-style: bold; }
        #hr-trainee-trend { height: 10; min-height: 8; }
        #hr-session-table { height: 1fr; }
        ContentSwitcher { height: 1fr; }
        #hr-overview, #hr-sessions { height: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "key.back"),
        Binding("f2", "reload", "hr.key.reload"),
        Binding("n", "note", "hr.key.note"),
    ]

    @dataclass
    class TraineeOpened(Message):
        """HR opened a trainee's row: the screen lists that trainee's sessions."""

        trainee: str

    @dataclass
    class SessionOpened(Message):
        """HR opened a session's row: the screen shows that session's transcript."""

        session_id: str

    def __init__(self, db: Store | Path | str | None, lang: Language) -> None:
        """Show the records in db (an open Store, or a database file's path) in lang.

        A Store given stays open when the screen closes; a database file is opened (never
        created) when the screen is shown, and closed with it. None: there is no database.
        """
        super().__init__()
        self.lang: Language = lang
        self._given_store = db if isinstance(db, Store) else None
        self._db_path = None if db is None or isinstance(db, Store) else Path(db)
        self.store: Store | None = self._given_store
        self.filters = Filters()
        self.data: dict[str, Any] | None = None
        self.trainee: str | None = None
        self.session_id: str | None = None

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Static(t("hr.title", lang), id="hr-title")
        with ContentSwitcher(initial="hr-overview"):
            with Vertical(id="hr-overview"):
                with Horizontal(id="hr-filters"):
                    yield Select[str](
                        [], prompt=t("hr.filter.trainee", lang), id="hr-trainee", compact=True
                    )
                    yield Select[str](
                        [], prompt=t("hr.filter.team", lang), id="hr-team", compact=True
                    )
                    yield Input(placeholder=t("hr.filter.from", lang), id="hr-from", compact=True)
                    yield Input(placeholder=t("hr.filter.to", lang), id="hr-to", compact=True)
                yield Static(t("hr.loading", lang), id="hr-summary")
                yield Static("", id="hr-error")
                with TabbedContent(id="hr-tabs"):
                    with TabPane(t("hr.tab.trainees", lang), id="hr-tab-trainees"):
                        yield DataTable(id="hr-trainees", cursor_type="row", zebra_stripes=True)
                    with TabPane(t("hr.tab.teams", lang), id="hr-tab-teams"):
                        with Vertical():
                            yield DataTable(id="hr-teams", cursor_type="row", zebra_stripes=True)
                            yield Static(t("hr.teams.compare", lang), id="hr-compare-title")
                            yield DataTable(id="hr-compare", cursor_type="row", zebra_stripes=True)
                    with TabPane(t("hr.tab.charts", lang), id="hr-tab-charts"):
                        with Horizontal(id="hr-charts"):
                            yield TechniqueMixPlot(
                                t("hr.chart.techniques", lang),
                                t("hr.chart.empty", lang),
                                id="hr-mix",
                            )
                            yield ScoreTrendPlot(
                                t("hr.chart.trend", lang), t("hr.chart.empty", lang), id="hr-trend"
                            )
                            yield SatisfactionPlot(
                                t("hr.chart.satisfaction", lang),
                                t("hr.chart.empty", lang),
                                id="hr-satisfaction",
                            )
            with Vertical(id="hr-sessions"):
                yield Static("", id="hr-sessions-title")
                yield ScoreTrendPlot("", t("hr.chart.empty", lang), id="hr-trainee-trend")
                yield DataTable(id="hr-session-table", cursor_type="row", zebra_stripes=True)
            yield SessionTranscript(id="hr-transcript")
        yield Footer()

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        lang = self.lang
        self.query_one("#hr-trainees", DataTable).add_columns(
            *(
                t(f"report.col.{key}", lang)
                for key in ("trainee", "team", "sessions", "average", "pass_rate", "last_active")
            )
        )
        self.query_one("#hr-session-table", DataTable).add_columns(
            *(
                t(f"report.col.{key}", lang)
                for key in (
                    "when",
                    "scenario",
                    "status",
                    "outcome",
                    "score",
                    "turns",
                    "satisfaction",
                )
            ),
            t("report.col.notes", lang),
        )
        self.query_one("#hr-teams", DataTable).add_columns(
            t("report.col.team", lang),
            t("report.col.trainees", lang),
            t("hr.col.finished", lang),
            t("hr.col.unfinished", lang),
            *(
                t(f"report.col.{key}", lang)
                for key in ("average", "pass_rate", "most_misused", "weakest")
            ),
        )
        self.query_one("#hr-compare", DataTable).add_columns(
            t("report.col.team", lang), *(label for label in LABELS)
        )
        if self.store is None:
            if self._db_path is None:
                self._show_error(StoreError(t("hr.no_database", lang)))
                return
            try:
                self.store = Store.open(self._db_path, create=False)
            except StoreError as error:
                self._show_error(error)
                return
        self._load_choices()
        self.load()

    def on_unmount(self) -> None:
        # Only a store this screen opened is closed here; the app's own stays open.
        if self.store is not None and self._given_store is None:
            self.store.close()

    # -- loading -----------------------------------------------------------

    def _show_error(self, error: StoreError) -> None:
        self.query_one("#hr-summary", Static).update("")
        message = visible(error.message_in(self.lang))
        self.query_one("#hr-error", Static).update(Text(message))
        self.notify(message, title=t("hr.error.title", self.lang), severity="error")

    def _load_choices(self) -> None:
        assert self.store is not None
        try:
            trainees = reports.trainee_names(self.store)
            teams = reports.team_names(self.store)
        except StoreError as error:
            self._show_error(error)
            return
        for select_id, names in (("#hr-trainee", trainees), ("#hr-team", teams)):
            select = self.query_one(select_id, Select)
            chosen = select.value
            with select.prevent(Select.Changed):
                select.set_options((visible(name, newlines=False), name) for name in names)
                # A reload keeps the filter HR chose, as long as it still exists.
                if isinstance(chosen, str) and chosen in names:
                    select.value = chosen

    def load(self) -> None:
        """Read the report for the current filters in a worker, so the screen stays responsive."""
        if self.store is not None:
            self._read_report(self.filters)

    @work(thread=True, exclusive=True, group="hr-report")
    def _read_report(self, filters: Filters) -> None:
        assert self.store is not None
        try:
            data = reports.full_report(self.store, filters)
        except StoreError as error:
            self.app.call_from_thread(self._show_error, error)
            return
        self.app.call_from_thread(self._show_report, data)

    def _show_report(self, data: dict[str, Any]) -> None:
        self.data = data
        lang = self.lang
        summary = t(
            "report.summary",
            lang,
            sessions=data["sessions"],
            finished=data["finished"],
            unfinished=data["unfinished"],
            trainees=data["trainee_count"],
            average=_number(data["average_score"]),
            pass_rate=_rate(data["pass_rate"]),
        )
        if data["abandoned_excluded"] or data["open_excluded"]:
            summary += t(
                "report.summary.excluded",
                lang,
                abandoned=data["abandoned_excluded"],
                open=data["open_excluded"],
            )
        if not data["trainees"]:
            summary += "\n" + t("hr.no_trainees", lang)
        self.query_one("#hr-summary", Static).update(Text(summary))
        self.query_one("#hr-error", Static).update("")
        self.query_one(TechniqueMixPlot).set_rows(data["techniques"])
        self.query_one(ScoreTrendPlot).set_rows(data["trend"])
        self.query_one(SatisfactionPlot).set_rows(data["satisfaction"])
        self._show_teams(data)
        table = self.query_one("#hr-trainees", DataTable)
        table.clear()
        for row in data["trainees"]:
            table.add_row(
                Text(visible(row["trainee"], newlines=False)),
                Text(visible(row["team"] or "–", newlines=False)),
                Text(str(row["sessions"]), justify="right"),
                Text(_number(row["average_score"]), justify="right"),
                Text(_rate(row["pass_rate"]), justify="right"),
                Text((row["last_active"] or "")[:10]),
                key=row["trainee"],
            )

    def _team_name(self, team: str | None) -> str:
        return visible(team, newlines=False) if team is not None else t("report.no_team", self.lang)

    def _show_teams(self, data: dict[str, Any]) -> None:
        """The team table and, below it, teams compared technique by technique."""
        lang = self.lang
        teams = self.query_one("#hr-teams", DataTable)
        teams.clear()
        for row in data["teams"]:
            teams.add_row(
                Text(self._team_name(row["team"])),
                Text(str(row["trainees"]), justify="right"),
                Text(str(row["finished"]), justify="right"),
                Text(str(row["unfinished"]), justify="right"),
                Text(_number(row["average_score"]), justify="right"),
                Text(_rate(row["pass_rate"]), justify="right"),
                Text(_technique(row["most_misused"], lang)),
                Text(_technique(row["weakest"], lang)),
                key=row["team"] if row["team"] is not None else NO_TEAM_KEY,
            )
        compare = self.query_one("#hr-compare", DataTable)
        compare.clear()
        cells: dict[str | None, dict[str, dict[str, Any]]] = {}
        for row in data["team_techniques"]:
            cells.setdefault(row["team"], {})[row["technique"]] = row
        for team, by_label in cells.items():
            compare.add_row(
                Text(self._team_name(team)),
                *(_compare_cell(by_label.get(label)) for label in LABELS),
            )

    # -- filters -----------------------------------------------------------

    @on(Select.Changed, "#hr-trainee, #hr-team")
    def filter_by_choice(self) -> None:
        self.apply_filters()

    @on(Input.Submitted, "#hr-from, #hr-to")
    @on(Input.Changed, "#hr-from, #hr-to")
    def filter_by_date(self) -> None:
        self.apply_filters()

    def apply_filters(self) -> None:
        """Read the filter fields and reload; a malformed day marks its field and is not applied."""
        days: dict[str, date | None] = {}
        problems: list[str] = []
        for field_id in ("hr-from", "hr-to"):
            field = self.query_one(f"#{field_id}", Input)
            try:
                days[field_id] = parse_day(field.value)
                field.remove_class("-invalid")
            except ValueError:
                # Half-typed dates are normal while typing; only a complete one is judged.
                if len(field.value.strip()) >= 10:
                    problems.append(t("hr.filter.bad_date", self.lang, value=field.value.strip()))
                field.add_class("-invalid")
                return self._filter_problem(problems)
        first, last = days["hr-from"], days["hr-to"]
        if first and last and last < first:
            return self._filter_problem([t("hr.filter.bad_range", self.lang)])
        self._filter_problem([])
        trainee = self.query_one("#hr-trainee", Select).value
        team = self.query_one("#hr-team", Select).value
        filters = Filters(
            date_from=first,
            date_to=last,
            trainee=trainee if isinstance(trainee, str) else None,
            team=team if isinstance(team, str) else None,
        )
        if filters != self.filters:
            self.filters = filters
            self.load()

    def _filter_problem(self, problems: list[str]) -> None:
        self.query_one("#hr-error", Static).update(Text(" ".join(problems)))

    # -- drill-down --------------------------------------------------------

    @on(DataTable.RowSelected, "#hr-trainees")
    def open_trainee(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(self.TraineeOpened(event.row_key.value))

    @on(TraineeOpened)
    def list_opened_trainee(self, message: TraineeOpened) -> None:
        """List the sessions of the trainee HR opened."""
        self.show_trainee(message.trainee)

    @on(TabbedContent.TabActivated, "#hr-tabs")
    def redraw_charts(self) -> None:
        """Redraw the charts once their tab is shown: drawn while hidden, they had no size."""
        for plot in self.query("#hr-charts > *"):
            if isinstance(plot, ScoreTrendPlot | TechniqueMixPlot | SatisfactionPlot):
                plot.set_rows(plot.rows)

    @on(DataTable.RowSelected, "#hr-teams")
    def open_team(self, event: DataTable.RowSelected) -> None:
        """Enter on a team narrows everything to that team and lists its trainees."""
        key = event.row_key.value
        if key is None or key == NO_TEAM_KEY:
            return
        select = self.query_one("#hr-team", Select)
        select.value = key
        self.query_one(TabbedContent).active = "hr-tab-trainees"
        self.query_one("#hr-trainees", DataTable).focus()

    @on(DataTable.RowSelected, "#hr-session-table")
    def open_session(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(self.SessionOpened(event.row_key.value))

    @on(SessionOpened)
    def show_opened_session(self, message: SessionOpened) -> None:
        """Show the transcript of the session HR opened."""
        self.show_session(message.session_id)

    def show_trainee(self, trainee: str) -> None:
        """List one trainee's sessions in the current date range, newest first."""
        assert self.store is not None
        try:
            rows = reports.trainee_sessions(self.store, trainee, self.filters)
        except StoreError as error:
            self._show_error(error)
            return
        self.trainee = trainee
        lang = self.lang
        self.query_one("#hr-sessions-title", Static).update(
            Text(t("hr.sessions.title", lang, trainee=visible(trainee, newlines=False)))
        )
        try:
            progress = reports.progress(self.store, replace(self.filters, trainee=trainee))
            note_counts = reports.note_counts(self.store, [row["id"] for row in rows])
        except StoreError as error:
            self._show_error(error)
            return
        weekly = progress[0]["weekly"] if progress else []
        trend = self.query_one("#hr-trainee-trend", ScoreTrendPlot)
        trend.title = t("hr.chart.trainee_trend", lang, trainee=visible(trainee, newlines=False))
        trend.set_rows([{"period": w["week"], "average_score": w["average_score"]} for w in weekly])
        table = self.query_one("#hr-session-table", DataTable)
        table.clear()
        for row in rows:
            level = row["level"]
            table.add_row(
                Text(row["started_at"][:16].replace("T", " ")),
                Text(visible(row["scenario_title"] or row["scenario_id"], newlines=False)),
                Text(t(f"status.{row['status']}", lang)),
                Text(t(f"outcome.{row['outcome']}", lang) if row["outcome"] else "–"),
                Text("–" if row["total_score"] is None else str(row["total_score"])),
                Text(str(row["turn_count"])),
                Text(level_name(level, lang) if level else "–"),
                Text(str(note_counts.get(row["id"], "")), justify="right"),
                key=row["id"],
            )
        self.query_one(ContentSwitcher).current = "hr-sessions"
        table.focus()

    def show_session(self, session_id: str) -> None:
        """Show one session's transcript, every turn scored, and its evaluation."""
        assert self.store is not None
        try:
            detail = reports.session_detail(self.store, session_id)
        except StoreError as error:
            self._show_error(error)
            return
        if detail is None:
            self.notify(t("hr.session.missing", self.lang, session=session_id), severity="error")
            return
        self.session_id = session_id
        transcript = self.query_one(SessionTranscript)
        transcript.show(detail, self.lang)
        self.query_one(ContentSwitcher).current = "hr-transcript"
        transcript.focus()

    # -- actions -----------------------------------------------------------

    def action_back(self) -> None:
        """Go up one level of the drill-down; from the overview, leave the screen if it can."""
        switcher = self.query_one(ContentSwitcher)
        current = switcher.current or VIEWS[0]
        if current != VIEWS[0]:
            switcher.current = VIEWS[VIEWS.index(current) - 1]
            table_id = "#hr-session-table" if switcher.current == "hr-sessions" else "#hr-trainees"
            self.query_one(table_id, DataTable).focus()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def _noted_session(self) -> str | None:
        """The session a note would go on: the open transcript's, or the highlighted one."""
        current = self.query_one(ContentSwitcher).current
        if current == "hr-transcript":
            return self.session_id
        if current == "hr-sessions":
            table = self.query_one("#hr-session-table", DataTable)
            if table.row_count:
                key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                return str(key) if key is not None else None
        return None

    def action_note(self) -> None:
        """Ask for a note on the session in view and add it; the session itself is unchanged."""
        session_id = self._noted_session()
        if session_id is None or self.store is None:
            self.notify(t("hr.note.none", self.lang), severity="warning")
            return
        self.app.push_screen(
            NoteModal(self.lang), callback=lambda text: self._save_note(session_id, text)
        )

    def _save_note(self, session_id: str, text: str | None) -> None:
        if not text or self.store is None:
            return
        try:
            self.store.add_note(session_id, text, default_author())
        except StoreError as error:
            self.notify(
                visible(error.message_in(self.lang)),
                title=error.title_in(self.lang),
                severity="error",
            )
            return
        self.notify(t("hr.note.saved", self.lang))
        if self.query_one(ContentSwitcher).current == "hr-transcript":
            self.show_session(session_id)
        elif self.trainee is not None:
            self.show_trainee(self.trainee)

    def action_reload(self) -> None:
        """Read the records again (other sessions may have been recorded meanwhile)."""
        if self.store is not None:
            self._load_choices()
            self.load()


__all__ = ["HRScreen", "parse_day"]
