"""Snapshots of the home, practice (after one reply) and end screens at 100×32."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TextArea

from simulator.records.store import Store
from simulator.ui.app import DojoApp, make_app
from simulator.ui.screens.end import EndScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import SUMMARY_DELAY, PracticeScreen

DATA = Path(__file__).parent.parent / "data" / "app"
SIZE = (100, 32)
NOON = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def snapshot_app(tmp_path: Path, fixed_scorer: ModuleType) -> Callable[[str], DojoApp]:
    """Builds the app under a UI language, over the fixtures with a fixed seed, trainee, clock
    and scorer and a fresh store."""

    def build(lang: str) -> DojoApp:
        app = make_app(
            scenario_dirs=[DATA],
            db_path=None,
            ui_lang=lang,
            trainee="Demo",
            store=Store.memory(),
            seed=7,
            settings_path=tmp_path / "settings.json",
            clock=lambda: NOON,
            scorer=fixed_scorer.fixed_score,
        )
        app.animation_level = "none"
        return app

    return build


def still(pilot: Pilot) -> None:
    """Stop every cursor blinking, so the picture is the same on every run."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


async def open_scenario(pilot: Pilot, scenario_id: str) -> PracticeScreen:
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    home.query_one("#scenario-table", DataTable).move_cursor(row=home.shown.index(scenario_id))
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    return screen


async def send(pilot: Pilot, text: str) -> None:
    box = pilot.app.focused
    assert isinstance(box, TextArea)
    box.text = text
    await pilot.press("enter")
    await pilot.pause()


class TestHomeSnapshot:
    def test_home_lists_the_fixture_scenarios(
        self, snap_compare, snapshot_app: Callable[[str], DojoApp]
    ) -> None:
        async def run_before(pilot: Pilot) -> None:
            await pilot.pause()
            still(pilot)

        assert snap_compare(snapshot_app("en"), terminal_size=SIZE, run_before=run_before)


class TestPracticeSnapshot:
    def test_practice_after_one_chinese_reply_under_an_english_ui(
        self, snap_compare, snapshot_app: Callable[[str], DojoApp]
    ) -> None:
        async def run_before(pilot: Pilot) -> None:
            await pilot.pause()
            await open_scenario(pilot, "app-price-zh")
            await send(pilot, "价格确实高一些，但滤芯能用两年，您的预算大概是多少？")
            still(pilot)

        assert snap_compare(snapshot_app("en"), terminal_size=SIZE, run_before=run_before)


class TestEndSnapshot:
    def test_end_of_an_english_complaint_under_a_chinese_ui(
        self, snap_compare, snapshot_app: Callable[[str], DojoApp]
    ) -> None:
        async def run_before(pilot: Pilot) -> None:
            await pilot.pause()
            screen = await open_scenario(pilot, "app-hotel-en")
            await send(pilot, "I'm so sorry, and I'll send housekeeping now.")
            await send(pilot, "Breakfast is on us, and I'll call you tonight?")
            assert screen.session.ended
            await pilot.pause(SUMMARY_DELAY + 0.2)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, EndScreen)
            await pilot.press("4")
            await pilot.pause()
            still(pilot)

        assert snap_compare(snapshot_app("zh"), terminal_size=SIZE, run_before=run_before)
