"""The home screen: who is practising, the scenario browser, recent sessions and broken files."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Select, Static, TabbedContent, TabPane

from simulator.errors import StoreError
from simulator.i18n import t
from simulator.scenario.model import Scenario
from simulator.session.evaluation import LEVELS, level_name
from simulator.ui.screens.base import DojoScreen
from simulator.untrusted import visible

MIN_TITLE_CELLS = 16
"""The narrowest the title column gets, so a title stays recognisable."""

ALL = Select.NULL
"""A filter left blank shows every scenario."""


@dataclass(frozen=True)
class Filters:
    """What the scenario browser is narrowed to; None shows all."""

    language: str | None = None
    """zh or en."""
    kind: str | None = None
    """objection or complaint."""
    industry: str | None = None
    """An industry as written in the scenarios."""
    difficulty: int | None = None
    """1-5."""
    search: str = ""
    """Words that must all appear in the title, id, tags, industry or summary."""

    def match(self, scenario: Scenario) -> bool:
        """Whether a scenario passes every filter."""
        if self.language and scenario.language != self.language:
            return False
        if self.kind and scenario.kind != self.kind:
            return False
        if self.industry and scenario.industry != self.industry:
            return False
        if self.difficulty and scenario.difficulty != self.difficulty:
            return False
        haystack = " ".join(
            [scenario.title, scenario.id, scenario.industry, scenario.summary, *scenario.tags]
        ).casefold()
        return all(word in haystack for word in self.search.casefold().split())


def difficulty_stars(level: int) -> str:
    """A 1-5 difficulty as filled and empty stars."""
    level = max(1, min(5, level))
    return "★" * level + "☆" * (5 - level)


class HomeScreen(DojoScreen):
    """Pick a scenario (filters, search, best scores) and start a session with Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "key.start", key_display="⏎"),
        Binding("f2", "toggle_timed", "key.timed"),
        Binding("f3", "change_trainee", "key.trainee"),
        Binding("ctrl+f", "search", "key.search"),
        # A function key: browsers leave it alone and an input method passes it through.
        Binding("f4", "progress", "key.progress"),
    ]

    @dataclass
    class SessionRequested(Message):
        """The trainee asked to start a session on a scenario."""

        scenario_id: str
        timed: bool

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self.shown: list[str] = []
        """Scenario ids in the order the table lists them."""

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.lang
        scenarios = list(self.dojo.library.scenarios.values())
        yield Static(self._status_line(), id="home-status")
        with Horizontal(id="filters"):
            yield self._filter(
                "language",
                [
                    (t(f"lang.{code}", lang), code)
                    for code in sorted({s.language for s in scenarios})
                ],
            )
            yield self._filter(
                "kind", [(t(f"kind.{kind}", lang), kind) for kind in ("objection", "complaint")]
            )
            yield self._filter(
                "industry",
                [
                    (Content(visible(name, newlines=False)), name)
                    for name in sorted({s.industry for s in scenarios})
                ],
            )
            yield self._filter(
                "difficulty",
                [
                    (difficulty_stars(level), level)
                    for level in sorted({s.difficulty for s in scenarios})
                ],
            )
            yield Input(
                value=self.filters.search,
                placeholder=t("home.search", lang),
                id="search",
                compact=True,
            )
        yield from self._banners()
        problems = self.dojo.library.errors
        with TabbedContent(id="home-tabs"):
            with TabPane(t("home.tab.scenarios", lang), id="tab-scenarios"):
                with Vertical():
                    yield DataTable(id="scenario-table", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="scenario-detail")
            with TabPane(t("home.tab.recent", lang), id="tab-recent"):
                yield DataTable(id="recent-table", cursor_type="row", zebra_stripes=True)
            if problems:
                with TabPane(t("home.tab.problems", lang, count=len(problems)), id="tab-problems"):
                    yield DataTable(id="problem-table", cursor_type="row")
        yield Footer()

    def _filter(self, field: str, options: list[tuple[Content | str, Any]]) -> Select[Any]:
        """A compact drop-down that narrows the list on one field of Filters."""
        return Select(
            options,
            prompt=t(f"home.filter.{field}", self.lang),
            id=f"filter-{field}",
            compact=True,
            value=getattr(self.filters, field) or ALL,
        )

    def _banners(self) -> ComposeResult:
        lang = self.lang
        dojo = self.dojo
        if dojo.store_problem is not None:
            yield Static(
                Content(t("store.not_recording", lang, path=str(dojo.db_path))),
                classes="banner -error",
                id="not-recording",
            )
        broken = dojo.library.broken_files
        if broken:
            yield Static(
                Content(
                    t(
                        "scenarios.broken.banner",
                        lang,
                        count=len(broken),
                        names=", ".join(Path(p).name for p in broken),
                    )
                ),
                classes="banner -warning",
                id="broken-files",
            )
        if not dojo.library.scenarios:
            yield Static(t("scenarios.none", lang), classes="banner -error")

    def fill(self) -> None:
        """Fill the tables (the filters survive a relabel) and focus the scenario list."""
        self._fill_problems()
        self.refresh_records()
        self.query_one("#scenario-table", DataTable).focus()

    def _status_line(self) -> Content:
        lang = self.lang
        name = self.dojo.trainee or t("trainee.unknown", lang)
        timed = t("home.timed.on" if self.dojo.timed else "home.timed.off", lang)
        return Content.assemble(
            (t("app.title", lang), "bold $text-primary"),
            "  ",
            (t("trainee.label", lang, name=name), "bold"),
            "  ·  ",
            (timed, "$text-warning" if self.dojo.timed else "$text-muted"),
        )

    # -- data --------------------------------------------------------------

    def refresh_trainee(self) -> None:
        """Show the current trainee and their records."""
        self.query_one("#home-status", Static).update(self._status_line())
        self.refresh_records()

    def refresh_records(self) -> None:
        """Reload best scores and recent sessions from the store and redraw the tables."""
        best: dict[str, int] = {}
        recent: list[dict[str, Any]] = []
        dojo = self.dojo
        if dojo.store is not None and dojo.trainee:
            try:
                best = dojo.store.best_scores(dojo.trainee)
                recent = dojo.store.recent_sessions(dojo.trainee, limit=20)
            except StoreError as error:
                self.notify(
                    error.message_in(self.lang), title=error.title_in(self.lang), severity="error"
                )
        self._fill_scenarios(best)
        self._fill_recent(recent)

    def _fill_scenarios(self, best: dict[str, int]) -> None:
        lang = self.lang
        selected = self.highlighted_scenario()
        library = self.dojo.library.scenarios
        self.shown = [sid for sid, s in library.items() if self.filters.match(s)]
        rows: list[tuple[Text, ...]] = []
        for sid in self.shown:
            scenario = library[sid]
            score = best.get(sid)
            rows.append(
                (
                    Text(
                        visible(scenario.title, newlines=False), no_wrap=True, overflow="ellipsis"
                    ),
                    Text(t(f"lang.{scenario.language}", lang)),
                    Text(t(f"kind.{scenario.kind}", lang)),
                    Text(visible(scenario.industry, newlines=False)),
                    Text(difficulty_stars(scenario.difficulty)),
                    Text("—" if score is None else str(score), justify="right"),
                )
            )
        columns = ["title", "language", "kind", "industry", "difficulty", "best"]
        table = self.reset_table(
            "#scenario-table",
            columns,
            "home.col",
            widths={"title": self._title_width(columns, rows)},
        )
        for sid, row in zip(self.shown, rows, strict=True):
            table.add_row(*row, key=sid)
        if selected in self.shown:
            table.move_cursor(row=self.shown.index(selected), animate=False)
        self._show_detail()

    def _title_width(self, columns: list[str], rows: list[tuple[Text, ...]]) -> int | None:
        """A width for the title column that leaves the other columns in view, or None to fit.

        Titles are the one long column, so on a narrow terminal they are cut (with an
        ellipsis) rather than pushing the best scores off the right edge.
        """
        widths = [
            max([cell_len(t(f"home.col.{key}", self.lang)), *(row[i].cell_len for row in rows)])
            for i, key in enumerate(columns)
        ]
        # Two cells of padding per column, and one for the scroll bar.
        room = self.size.width - sum(w + 2 for w in widths[1:]) - 2 - 1
        if self.size.width == 0 or widths[0] <= room:
            return None
        return max(MIN_TITLE_CELLS, room)

    def on_resize(self) -> None:
        self.refresh_records()

    def _fill_recent(self, rows: list[dict[str, Any]]) -> None:
        lang = self.lang
        table = self.reset_table(
            "#recent-table", ["when", "title", "status", "score", "level"], "home.col"
        )
        if not rows:
            table.add_row(t("home.no_recent", lang), "", "", "", "")
            return
        for row in rows:
            status = row.get("status") or ""
            outcome = row.get("outcome")
            status_text = t(f"outcome.{outcome}", lang) if outcome else t(f"status.{status}", lang)
            level = row.get("level")
            table.add_row(
                str(row.get("started_at") or "")[:16].replace("T", " "),
                Text(
                    visible(
                        row.get("scenario_title") or row.get("scenario_id") or "", newlines=False
                    )
                ),
                status_text,
                Text(
                    "—" if row.get("total_score") is None else str(row["total_score"]),
                    justify="right",
                ),
                level_name(level, lang) if level in LEVELS else "—",
            )

    def _fill_problems(self) -> None:
        problems = self.dojo.library.errors
        if not problems:
            return
        table = self.reset_table("#problem-table", ["file", "problem"], "home.col")
        for problem in problems:
            table.add_row(
                Text(
                    visible(
                        f"{Path(problem.path).name}:{problem.line}:{problem.column}", newlines=False
                    )
                ),
                Text(
                    visible(
                        problem.message_in(self.lang) + (f" [{problem.key}]" if problem.key else "")
                    )
                ),
            )

    def highlighted_scenario(self) -> str | None:
        """The id of the scenario under the cursor, if any."""
        table = self.query_one("#scenario-table", DataTable)
        if not self.shown or table.row_count == 0:
            return None
        row = max(0, min(table.cursor_row, len(self.shown) - 1))
        return self.shown[row]

    def scenario_after(self, scenario_id: str) -> Scenario | None:
        """The scenario listed after scenario_id (wrapping round), or None if it is the only one."""
        order = self.shown or list(self.dojo.library.scenarios)
        if scenario_id in order:
            following = order[order.index(scenario_id) + 1 :] + order[: order.index(scenario_id)]
        else:
            following = order
        return self.dojo.library.scenarios[following[0]] if following else None

    def _show_detail(self) -> None:
        detail = self.query_one("#scenario-detail", Static)
        sid = self.highlighted_scenario()
        if sid is None:
            detail.update(t("home.no_match", self.lang) if self.dojo.library.scenarios else "")
            return
        scenario = self.dojo.library.scenarios[sid]
        persona = scenario.persona
        detail.update(
            Content.assemble(
                (scenario.summary, "italic"),
                "\n",
                t(
                    "home.detail",
                    self.lang,
                    name=persona.name,
                    role=persona.role,
                    expectation=persona.expectation,
                ),
                "  ",
                (
                    t(
                        "home.count",
                        self.lang,
                        shown=len(self.shown),
                        total=len(self.dojo.library.scenarios),
                    ),
                    "$text-muted",
                ),
            )
        )

    # -- events ------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#scenario-table")
    def show_highlighted(self) -> None:
        """Describe the scenario under the cursor."""
        self._show_detail()

    @on(DataTable.RowSelected, "#scenario-table")
    def start_selected(self) -> None:
        """Enter on a row starts a session."""
        self.action_start()

    @on(Select.Changed)
    def filter_changed(self, event: Select.Changed) -> None:
        """Apply a changed filter."""
        # The filter drop-downs are Select[Any]: a value is a str, or an int for difficulty.
        value: Any = None if event.value is ALL else event.value
        field = {
            "filter-language": "language",
            "filter-kind": "kind",
            "filter-industry": "industry",
            "filter-difficulty": "difficulty",
        }.get(event.select.id or "")
        if field:
            self.filters = replace(self.filters, **{field: value})
            self.refresh_records()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        """Narrow the list as the trainee types."""
        self.filters = replace(self.filters, search=event.value)
        self.refresh_records()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        """Enter in the search box moves to the list."""
        self.query_one("#scenario-table", DataTable).focus()

    def action_search(self) -> None:
        """Focus the search box."""
        self.query_one("#search", Input).focus()

    def action_start(self) -> None:
        """Start a session on the highlighted scenario."""
        if not self.dojo.trainee:
            self.dojo.action_change_trainee()
            return
        sid = self.highlighted_scenario()
        if sid is None:
            return
        self.query_one(TabbedContent).active = "tab-scenarios"
        self.post_message(self.SessionRequested(sid, self.dojo.timed))

    def action_toggle_timed(self) -> None:
        """Turn timed mode on or off for the next sessions."""
        self.dojo.timed = not self.dojo.timed
        self.query_one("#home-status", Static).update(self._status_line())

    def action_change_trainee(self) -> None:
        """Ask who is practising."""
        self.dojo.action_change_trainee()

    def action_progress(self) -> None:
        """Show the trainee's own progress and what to practise next."""
        self.dojo.action_progress()
