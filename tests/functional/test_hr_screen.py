"""Tests for the HR screen: figures, charts, filters and the drill-down to a transcript."""

from __future__ import annotations

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.app import App
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, DataTable, Input, Select, Static, TabbedContent

from scoring.models import LABELS
from simulator.records import report as reports
from simulator.records.store import Store
from simulator.session.evaluation import LEVELS
from simulator.ui.screens.hr import HRScreen
from simulator.ui.widgets.hr_charts import SatisfactionPlot, ScoreTrendPlot, TechniqueMixPlot, bar
from simulator.ui.widgets.hr_transcript import transcript_text

# The record factories of the store tests: make_scenario, make_turn, play, START.
f = SimpleNamespace(**runpy.run_path(str(Path(__file__).parent.parent / "unit" / "test_store.py")))


class HRApp(App[None]):
    """A bare app that shows only the HR screen."""

    def __init__(self, db: Store | Path, lang: str = "en") -> None:
        super().__init__()
        self.db = db
        self.lang = lang

    def on_mount(self) -> None:
        self.push_screen(HRScreen(self.db, lang=self.lang))  # type: ignore[arg-type]


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    store = Store.open(path)
    f.play(store, "a1", trainee="alice", totals=(70, 80))
    f.play(
        store,
        "b1",
        trainee="[bold]bob[/bold]",
        totals=(30, 40),
        techniques=("rebuttal", "ask"),
        started_at=f.START + timedelta(days=10),
        level="disappointed",
    )
    f.play(store, "a2", trainee="alice", totals=(90,), started_at=f.START + timedelta(days=20))
    store.set_team("alice", "north")
    store.close()
    return path


async def settle(pilot: Pilot) -> None:
    """Wait for the report worker and the messages it causes, and the layout after them."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def write_note(pilot: Pilot, text: str) -> None:
    """Press n for a note on the session in view, type text and save it."""
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(pilot)


def trainee_keys(screen: HRScreen) -> list[str]:
    table = screen.query_one("#hr-trainees", DataTable)
    return [str(key.value) for key in table.rows]


class TestOverview:
    async def test_shows_figures_charts_and_trainees(self, db_file: Path) -> None:
        app = HRApp(db_file)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HRScreen)
            summary = str(screen.query_one("#hr-summary", Static).render())
            assert "Sessions: 3 (3 finished" in summary and "trainees: 2" in summary
            assert trainee_keys(screen) == ["[bold]bob[/bold]", "alice"]
            mix = screen.query_one(TechniqueMixPlot)
            uses = {row["technique"]: row["uses"] for row in mix.rows}
            assert uses["compensate"] == 3 and uses["rebuttal"] == 1 and uses["ask"] == 1
            assert len(screen.query_one(ScoreTrendPlot).rows) == 3
            levels = {r["level"]: r["sessions"] for r in screen.query_one(SatisfactionPlot).rows}
            assert levels["satisfied"] == 2 and levels["disappointed"] == 1

    async def test_trainee_names_are_shown_as_typed_not_as_markup(self, db_file: Path) -> None:
        app = HRApp(db_file)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            table = app.screen.query_one("#hr-trainees", DataTable)
            first = table.get_row_at(0)[0]
            assert first.plain == "[bold]bob[/bold]"

    async def test_trainee_filter_narrows_every_figure(self, db_file: Path) -> None:
        app = HRApp(db_file)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            screen.query_one("#hr-trainee", Select).value = "alice"
            await settle(pilot)
            assert trainee_keys(screen) == ["alice"]
            uses = {r["technique"]: r["uses"] for r in screen.query_one(TechniqueMixPlot).rows}
            assert uses["rebuttal"] == 0 and uses["compensate"] == 3

    async def test_date_range_filters_and_a_bad_date_is_flagged(self, db_file: Path) -> None:
        app = HRApp(db_file)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HRScreen)
            screen.query_one("#hr-from", Input).value = "2026-05-05"
            await settle(pilot)
            assert screen.data is not None and screen.data["sessions"] == 2
            field = screen.query_one("#hr-to", Input)
            field.value = "2026-13-45"
            await settle(pilot)
            assert field.has_class("-invalid")
            assert "2026-13-45" in str(screen.query_one("#hr-error", Static).render())
            assert screen.data["sessions"] == 2

    async def test_chinese_interface(self, db_file: Path) -> None:
        app = HRApp(db_file, lang="zh")
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            assert "次练习" in str(app.screen.query_one("#hr-summary", Static).render())

    async def test_missing_database_is_reported_on_screen(self, tmp_path: Path) -> None:
        app = HRApp(tmp_path / "none.db")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            error = str(app.screen.query_one("#hr-error", Static).render())
            assert "no records database" in error
            assert not (tmp_path / "none.db").exists()


class TestDrillDown:
    async def test_trainee_then_session_then_back(self, db_file: Path) -> None:
        messages: list[Message] = []
        app = HRApp(db_file)
        async with app.run_test(size=(140, 45), message_hook=messages.append) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HRScreen)
            table = screen.query_one("#hr-trainees", DataTable)
            table.focus()
            table.move_cursor(row=1)
            await pilot.press("enter")
            await pilot.pause()
            # A message bubbles from the screen to the app, so the hook sees it at each.
            [opened] = {
                id(m): m for m in messages if isinstance(m, HRScreen.TraineeOpened)
            }.values()
            assert opened.trainee == "alice"
            sessions = screen.query_one("#hr-session-table", DataTable)
            assert [str(k.value) for k in sessions.rows] == ["a2", "a1"]
            await pilot.press("down", "enter")
            await pilot.pause()
            [session] = {
                id(m): m for m in messages if isinstance(m, HRScreen.SessionOpened)
            }.values()
            assert session.session_id == "a1"
            switcher = screen.query_one(ContentSwitcher)
            assert switcher.current == "hr-transcript"
            body = str(screen.query_one("#hr-transcript-body", Static).render())
            assert "Reply 0 [b]not markup[/b]" in body
            assert "compensate" in body and "Satisfaction-handling evaluation" in body
            await pilot.press("escape")
            assert switcher.current == "hr-sessions"
            await pilot.press("escape")
            assert switcher.current == "hr-overview"

    async def test_store_given_by_the_app_stays_open(self, db_file: Path) -> None:
        store = Store.open(db_file)
        app = HRApp(store)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HRScreen)
            app.screen.show_session("b1")
            await pilot.pause()
        assert store.session("b1") is not None
        store.close()


def test_transcript_lists_every_turn_with_technique_score_and_evaluation(tmp_path: Path) -> None:
    store = Store.memory()
    f.play(store, "s", totals=(55, 65), techniques=("ask", "yes_if"), hints=(False, True))
    store.record_self_assessment("s", 2)
    from simulator.records.report import session_detail

    detail = session_detail(store, "s")
    assert detail is not None
    text = transcript_text(detail, "en").plain
    assert text.count("It costs too much.") == 2
    assert "Ask (ask)" in text and "score 55" in text and "hint used −10" in text
    assert "Trainee's own rating (kept apart from the evaluation): 2/5" in text
    zh = transcript_text(detail, "zh").plain
    assert "询问法 (ask)" in zh and "满意度处理评估" in zh


class TestCharts:
    async def test_charts_draw_the_techniques_weeks_and_levels(self, db_file: Path) -> None:
        app = HRApp(db_file)
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            screen = app.screen
            screen.query_one(TabbedContent).active = "hr-tab-charts"
            await settle(pilot)
            mix = screen.query_one(TechniqueMixPlot).render().plain  # type: ignore[union-attr]
            assert "Technique mix" in mix
            assert all(label in mix for label in LABELS)
            trend = screen.query_one("#hr-trend", ScoreTrendPlot).render().plain  # type: ignore[union-attr]
            assert "Average score per week" in trend
            assert isinstance(screen, HRScreen) and screen.data is not None
            assert screen.data["trend"][0]["period"] == "2026-W18"
            levels = screen.query_one(SatisfactionPlot).render().plain  # type: ignore[union-attr]
            assert "Satisfaction levels" in levels
            assert all(level in levels for level in LEVELS)

    async def test_an_empty_database_shows_no_data_instead_of_charts(self, tmp_path: Path) -> None:
        path = tmp_path / "empty.db"
        Store.open(path).close()
        app = HRApp(path)
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            app.screen.query_one(TabbedContent).active = "hr-tab-charts"
            await settle(pilot)
            for plot in ("#hr-mix", "#hr-trend", "#hr-satisfaction"):
                assert "No data" in app.screen.query_one(plot).render().plain  # type: ignore[attr-defined]
            summary = str(app.screen.query_one("#hr-summary", Static).render())
            assert "Sessions: 0" in summary and "No sessions in this selection." in summary

    async def test_team_filter(self, db_file: Path) -> None:
        app = HRApp(db_file)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            screen.query_one("#hr-team", Select).value = "north"
            await settle(pilot)
            assert trainee_keys(screen) == ["alice"]  # type: ignore[arg-type]


class TestInTheApp:
    async def test_dojo_hr_opens_the_screen_on_the_apps_store_and_language(
        self, tmp_path: Path
    ) -> None:
        from simulator.ui.app import make_app

        store = Store.memory()
        f.play(store, "s1", trainee="[b]eve[/b]", totals=(65,))
        app = make_app(
            scenario_dirs=[],
            db_path=None,
            ui_lang="zh",
            trainee="hr",
            initial="hr",
            store=store,
            settings_path=tmp_path / "settings.json",
        )
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HRScreen)
            assert screen.lang == "zh" and screen.store is store
            assert "1 次练习" in str(screen.query_one("#hr-summary", Static).render())
            assert trainee_keys(screen) == ["[b]eve[/b]"]
            screen.show_trainee("[b]eve[/b]")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            body = str(screen.query_one("#hr-transcript-body", Static).render())
            assert "满意度处理评估" in body and "[b]eve[/b]" in body
            await pilot.press("escape", "escape", "escape")
            await pilot.pause()
            assert not isinstance(app.screen, HRScreen)
        store.close()

    async def test_without_a_database_the_screen_says_what_to_do(self, tmp_path: Path) -> None:
        from simulator.ui.app import make_app

        app = make_app(
            scenario_dirs=[],
            db_path=None,
            ui_lang="en",
            trainee=None,  # an HR user is not asked who practises
            initial="hr",
            settings_path=tmp_path / "settings.json",
        )
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HRScreen)
            error = str(app.screen.query_one("#hr-error", Static).render())
            assert "No records database is open" in error and "--db PATH" in error


@pytest.mark.parametrize(
    ("value", "largest", "width", "drawn"),
    [
        (4, 4, 5, "█████"),  # the largest fills the width
        (2, 4, 5, "██▌"),  # half, to the eighth
        (1, 8, 1, "▏"),  # one eighth of a cell
        (0, 4, 5, ""),  # nothing
        (3, 0, 5, ""),  # no scale
    ],
)
def test_bar_lengths_are_exact_to_an_eighth(
    value: int, largest: int, width: int, drawn: str
) -> None:
    assert bar(value, largest, width) == drawn


async def test_count_bars_are_proportional_to_the_counts(db_file: Path) -> None:
    app = HRApp(db_file)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        lines = app.screen.query_one(TechniqueMixPlot).render().plain.splitlines()
        drawn = {line.split()[0]: line.split()[1:] for line in lines[1:]}
        # compensate was used 3 times, rebuttal and ask once: a third of the length.
        assert drawn["compensate"][-1] == "3" and drawn["ask"][-1] == "1"
        assert drawn["taichi"] == ["0"]
        full, third = len(drawn["compensate"][0]), len(drawn["ask"][0])
        assert abs(third - full / 3) <= 1


class TestSnapshots:
    def test_overview(self, snap_compare: Any, db_file: Path) -> None:
        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            for field in pilot.app.screen.query(Input):
                field.cursor_blink = False

        assert snap_compare(HRApp(db_file), terminal_size=(120, 40), run_before=run_before)

    def test_transcript_of_one_session(self, snap_compare: Any, db_file: Path) -> None:
        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, HRScreen)
            screen.show_trainee("alice")
            screen.show_session("a1")
            await pilot.pause()

        assert snap_compare(HRApp(db_file), terminal_size=(120, 40), run_before=run_before)

    @pytest.mark.parametrize("size", [(80, 24), (120, 40)])
    def test_teams_compared(self, snap_compare: Any, db_file: Path, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            pilot.app.screen.query_one(TabbedContent).active = "hr-tab-teams"
            await settle(pilot)

        assert snap_compare(HRApp(db_file), terminal_size=size, run_before=run_before)

    def test_overview_at_80_by_24(self, snap_compare: Any, db_file: Path) -> None:
        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)

        assert snap_compare(HRApp(db_file), terminal_size=(80, 24), run_before=run_before)

    @pytest.mark.parametrize("size", [(80, 24), (120, 40)])
    def test_trainee_drill_down_with_trend(
        self, snap_compare: Any, db_file: Path, size: tuple[int, int]
    ) -> None:
        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, HRScreen)
            screen.show_trainee("alice")
            await settle(pilot)

        assert snap_compare(HRApp(db_file), terminal_size=size, run_before=run_before)


class TestTeamsAndNotes:
    async def test_team_view_compares_teams_and_enter_narrows_to_one(self, db_file: Path) -> None:
        app = HRApp(db_file)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HRScreen)
            teams = screen.query_one("#hr-teams", DataTable)
            assert [teams.get_row_at(i)[0].plain for i in range(teams.row_count)] == [
                "north",
                "(no team)",
            ]
            compare = screen.query_one("#hr-compare", DataTable)
            assert compare.row_count == 2
            north = [cell.plain for cell in compare.get_row_at(0)]
            assert north[0] == "north" and north[1 + LABELS.index("compensate")].startswith("80")
            screen.query_one(TabbedContent).active = "hr-tab-teams"
            await settle(pilot)
            teams.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert screen.filters.team == "north" and trainee_keys(screen) == ["alice"]

    @pytest.mark.parametrize(
        ("lang", "title", "message"),
        [
            (
                "en",
                "Session open",
                "cannot add a note to session o1: it is still open; notes go on closed "
                "sessions, so wait until it is finished, stopped or abandoned",
            ),
            (
                "zh",
                "会话仍在进行",
                "无法给会话 o1 添加备注:它还在进行中;备注只能加在已结束的会话上,"
                "请等它完成、停止或被放弃",
            ),
        ],
    )
    async def test_a_note_on_an_open_session_is_refused_in_the_interface_language(
        self, db_file: Path, lang: str, title: str, message: str
    ) -> None:
        with Store.open(db_file) as store:
            f.play(
                store, "o1", trainee="alice", started_at=f.START + timedelta(days=30), finished=None
            )
        app = HRApp(db_file, lang=lang)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HRScreen)
            screen.show_trainee("alice")
            await settle(pilot)
            await write_note(pilot, "Ask first")
            assert screen.store is not None and screen.store.notes("o1") == []
            refusals = [(n.title, n.message) for n in app._notifications if n.severity == "error"]
            assert refusals == [(title, message)]

    async def test_a_note_is_added_from_the_sessions_and_shown_in_the_transcript(
        self, db_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("DOJO_AUTHOR", "hr-lead")
        app = HRApp(db_file)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HRScreen)
            screen.show_trainee("alice")
            await settle(pilot)
            assert screen.store is not None
            before = screen.store.session("a2")
            await write_note(pilot, "Ask first")
            [note] = screen.store.notes("a2")  # newest first: a2 is highlighted
            assert (note["author"], note["text"]) == ("hr-lead", "Ask first")
            assert screen.store.session("a2") == before
            table = screen.query_one("#hr-session-table", DataTable)
            assert table.get_row_at(0)[-1].plain == "1"
            screen.show_session("a2")
            await settle(pilot)
            text = transcript_text(reports.session_detail(screen.store, "a2"), "en").plain  # type: ignore[arg-type]
            assert "Notes" in text and "hr-lead: Ask first" in text
