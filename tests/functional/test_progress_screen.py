"""Tests for the trainee's progress screen: own records only, charts, flags, and the next drill."""

from __future__ import annotations

import runpy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from simulator.records.store import Store
from simulator.ui.app import DojoApp, make_app
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import PracticeScreen
from simulator.ui.screens.progress import ProgressScreen, every_week
from simulator.ui.screens.trainee import TraineeModal
from simulator.ui.widgets.hr_charts import TechniqueMixPlot, WeeklyBars, column

# The record factories of the store tests: make_scenario, make_turn, play, START.
f = SimpleNamespace(**runpy.run_path(str(Path(__file__).parent.parent / "unit" / "test_store.py")))

DATA = Path(__file__).parent.parent / "data" / "app"
NOON = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
TRAINEE = "小王"


def records() -> Store:
    """小王's four sessions over ten weeks, and a colleague's three, which must never show."""
    store = Store.memory()
    own = (
        ("w1", (40, 50), 0, ("compensate", "ask")),
        ("w2", (55,), 14, ("yes_if",)),
        ("w3", (70, 75), 56, ("compensate", "compensate")),
        ("w4", (80, 85, 90), 63, ("compensate", "yes_if", "compensate")),
    )
    for session_id, totals, days, techniques in own:
        f.play(
            store,
            session_id,
            trainee=TRAINEE,
            totals=totals,
            techniques=techniques,
            started_at=f.START + timedelta(days=days),
        )
    for n in range(3):
        f.play(
            store,
            f"other-{n}",
            trainee="Colleague",
            totals=(20, 20, 20, 20),
            techniques=("rebuttal",) * 4,
            started_at=f.START + timedelta(days=n),
            level="disappointed",
        )
    return store


def build(
    tmp_path: Path, *, lang: str = "en", store: Store | None, trainee: str | None = TRAINEE
) -> DojoApp:
    app = make_app(
        scenario_dirs=[DATA],
        db_path=None,
        ui_lang=lang,
        trainee=trainee,
        store=store,
        seed=7,
        settings_path=tmp_path / "settings.json",
        clock=lambda: NOON,
    )
    app.animation_level = "none"
    return app


async def open_progress(pilot: Pilot) -> ProgressScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("f4")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    return screen


def text_of(screen: ProgressScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


class TestOwnRecords:
    async def test_f4_shows_only_the_signed_in_trainees_sessions(self, tmp_path: Path) -> None:
        app = build(tmp_path, store=records())
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_progress(pilot)
            summary = text_of(screen, "#progress-summary")
            assert "4 sessions (4 finished, 0 unfinished)" in summary
            assert "Colleague" not in text_of(screen, "#progress-title")
            assert TRAINEE in text_of(screen, "#progress-title")
            mix = {row["technique"]: row["uses"] for row in screen.query_one(TechniqueMixPlot).rows}
            # Eight turns of 小王's; the colleague's twelve rebuttals are not there.
            assert sum(mix.values()) == 8 and mix["Direct rebuttal"] == 0
            assert (mix["Compensate"], mix["Ask"], mix["Yes…if"]) == (5, 1, 2)
            # Every recorded turn of the fixture is flagged as jargon: 8 of 小王's, in 4 sessions.
            assert text_of(screen, "#progress-flags") == "Jargon: 8 turns (4 sessions)"

    async def test_sessions_over_time_are_charted_per_week_with_the_trend(
        self, tmp_path: Path
    ) -> None:
        app = build(tmp_path, store=records())
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_progress(pilot)
            weekly = screen.query_one(WeeklyBars).rows
            # Every week from the first session's to the latest, the empty ones as None.
            assert [row["period"] for row in weekly] == [f"2026-W{n}" for n in range(18, 28)]
            scores = {row["period"]: row["average_score"] for row in weekly}
            assert scores == {
                **{f"2026-W{n}": None for n in range(18, 28)},
                "2026-W18": 45.0,
                "2026-W20": 55.0,
                "2026-W26": 72.0,
                "2026-W27": 85.0,
            }
            # First four weeks (45, 55: 50.0) against the latest four (72, 85: 78.5).
            assert "Improving: +28.5 points" in text_of(screen, "#progress-summary")

    async def test_a_trainee_with_no_sessions_is_told_how_to_start(self, tmp_path: Path) -> None:
        app = build(tmp_path, store=records(), trainee="Newcomer")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_progress(pilot)
            assert "No sessions yet" in text_of(screen, "#progress-summary")
            assert screen.query_one(TechniqueMixPlot).rows == [
                {"technique": row["technique"], "uses": 0}
                for row in screen.query_one(TechniqueMixPlot).rows
            ]
            assert text_of(screen, "#progress-flags") == "No flags so far."
            # Nothing practised yet: still a drill to start with.
            assert screen.suggestion is not None

    async def test_without_a_records_database_the_screen_says_so(self, tmp_path: Path) -> None:
        app = build(tmp_path, store=None)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_progress(pilot)
            assert "No records database is open" in text_of(screen, "#progress-summary")

    async def test_with_nobody_signed_in_it_asks_who_is_practising_first(
        self, tmp_path: Path
    ) -> None:
        store = records()
        app = build(tmp_path, store=store, trainee=None)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            # The app asks at start-up; the progress key asks again if that is dismissed.
            assert isinstance(app.screen, TraineeModal)
            app.screen.query_one(Input).value = TRAINEE
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("f4")
            await pilot.pause()
            assert isinstance(app.screen, ProgressScreen)
            assert "4 sessions" in text_of(app.screen, "#progress-summary")


class TestKeys:
    async def test_f4_works_while_the_search_box_has_the_focus(self, tmp_path: Path) -> None:
        app = build(tmp_path, store=records())
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+f", "p", "r")
            assert isinstance(app.focused, Input) and app.focused.value == "pr"
            await pilot.press("f4")
            await pilot.pause()
            assert isinstance(app.screen, ProgressScreen)

    async def test_escape_goes_back_home(self, tmp_path: Path) -> None:
        app = build(tmp_path, store=records())
        async with app.run_test(size=(100, 32)) as pilot:
            await open_progress(pilot)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    @pytest.mark.parametrize("key", ["f2", "enter"])
    async def test_the_suggested_drill_starts_at_once(self, tmp_path: Path, key: str) -> None:
        messages: list[Message] = []
        app = build(tmp_path, store=records())
        async with app.run_test(size=(100, 32), message_hook=messages.append) as pilot:
            screen = await open_progress(pilot)
            suggestion = screen.suggestion
            # 小王 has had no turn where asking was recommended (the first such technique a
            # scenario here exercises), and only the Chinese price scenario recommends it.
            assert suggestion is not None
            assert (suggestion.technique, suggestion.scenario_id) == ("ask", "app-price-zh")
            assert "Work on Ask: 这台净水器太贵了" in text_of(screen, "#progress-next")
            assert isinstance(app.focused, Button)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            assert app.screen.session.scenario.id == "app-price-zh"
            # The message bubbles from the screen to the app: one message, seen on each.
            requests = {id(m): m for m in messages if isinstance(m, ProgressScreen.DrillRequested)}
            [requested] = requests.values()
            assert (requested.scenario_id, requested.technique) == ("app-price-zh", "ask")


class TestLanguages:
    async def test_chinese_interface(self, tmp_path: Path) -> None:
        app = build(tmp_path, lang="zh", store=records())
        async with app.run_test(size=(100, 32)) as pilot:
            screen = await open_progress(pilot)
            assert text_of(screen, "#progress-title") == f"{TRAINEE} 的练习进度"
            assert "4 次练习" in text_of(screen, "#progress-summary")
            assert "练「询问法」" in text_of(screen, "#progress-next")
            mix = {row["technique"] for row in screen.query_one(TechniqueMixPlot).rows}
            assert "补偿法" in mix

    async def test_switching_language_relabels_the_screen(self, tmp_path: Path) -> None:
        app = build(tmp_path, lang="en", store=records())
        async with app.run_test(size=(100, 32)) as pilot:
            screen = await open_progress(pilot)
            await app.action_switch_language()
            await pilot.pause()
            assert text_of(screen, "#progress-title") == f"{TRAINEE} 的练习进度"


class TestSnapshots:
    @pytest.mark.parametrize("size", [(80, 24), (120, 40)])
    def test_progress(self, snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot) -> None:
            await open_progress(pilot)
            await pilot.pause()

        assert snap_compare(
            build(tmp_path, store=records()), terminal_size=size, run_before=run_before
        )

    def test_progress_in_chinese(self, snap_compare: Any, tmp_path: Path) -> None:
        async def run_before(pilot: Pilot) -> None:
            await open_progress(pilot)
            await pilot.pause()

        assert snap_compare(
            build(tmp_path, lang="zh", store=records()),
            terminal_size=(80, 24),
            run_before=run_before,
        )


@pytest.mark.parametrize(
    ("value", "rows", "expected"),
    [
        (100.0, 2, ["█", "█"]),  # full scale fills every row
        (0.0, 2, [" ", " "]),  # nothing
        (50.0, 2, [" ", "█"]),  # half: the bottom row
        (75.0, 2, ["▄", "█"]),  # three quarters: half of the top row too
        (10.0, 1, ["▁"]),  # a tenth of one row rounds to an eighth
        (130.0, 1, ["█"]),  # above the scale is drawn at the top
    ],
)
def test_weekly_columns_are_exact_to_an_eighth_of_a_row(
    value: float, rows: int, expected: list[str]
) -> None:
    assert column(value, 100.0, rows) == expected


def test_every_week_fills_the_weeks_without_a_session_across_a_new_year() -> None:
    weekly = [
        {"week": "2025-W51", "sessions": 1, "average_score": 50.0},
        {"week": "2026-W02", "sessions": 2, "average_score": 70.0},
    ]
    assert every_week(weekly) == [
        {"period": "2025-W51", "average_score": 50.0},
        {"period": "2025-W52", "average_score": None},
        {"period": "2026-W01", "average_score": None},
        {"period": "2026-W02", "average_score": 70.0},
    ]
    assert every_week([]) == []


async def test_the_hr_app_does_not_offer_a_trainees_progress(tmp_path: Path) -> None:
    app = make_app(
        scenario_dirs=[DATA],
        db_path=None,
        ui_lang="en",
        store=records(),
        trainee=TRAINEE,
        initial="hr",
        settings_path=tmp_path / "settings.json",
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.action_progress()
        await pilot.pause()
        assert not any(
            isinstance(screen, ProgressScreen | TraineeModal) for screen in app.screen_stack
        )
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "My progress" not in titles
