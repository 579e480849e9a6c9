"""Pilot tests of one visitor's app behind dojo serve: sign-in, no shared settings, own sessions."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from types import SimpleNamespace

from textual.widgets import Input

from simulator.records.store import Store
from simulator.ui.app import DojoApp, make_app
from simulator.ui.screens.resume import ResumeModal
from simulator.ui.screens.trainee import TraineeModal

DATA = Path(__file__).parent.parent / "data" / "app"
SIZE = (100, 32)
f = SimpleNamespace(**runpy.run_path(str(Path(__file__).parent.parent / "unit" / "test_store.py")))


def visitor_app(tmp_path: Path, store: Store) -> DojoApp:
    app = make_app(
        scenario_dirs=[DATA],
        db_path=None,
        ui_lang="en",
        trainee="Whoever Ran The Server",
        store=store,
        seed=3,
        settings_path=tmp_path / "settings.json",
        served=True,
    )
    app.animation_level = "none"
    return app


async def test_a_visitor_signs_in_with_name_and_team_and_nothing_is_saved(tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"trainee": "Zed", "theme": "textual-light"}), encoding="utf-8")
    store = Store.memory()
    f.play(store, "s1", trainee="Lin Wei")
    app = visitor_app(tmp_path, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Neither the settings file nor the server's own trainee reaches a visitor.
        assert isinstance(app.screen, TraineeModal) and app.trainee is None
        assert app.theme == "textual-dark"
        await pilot.press(*"lin  wei", "enter", *"East", "enter")
        await pilot.pause()
        assert app.trainee == "Lin Wei"  # as first recorded
        assert store.trainee("lin wei")["team"] == "East"  # type: ignore[index]
        app.action_toggle_theme()
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert not any("HR" in title for title in titles)
    assert json.loads(settings.read_text(encoding="utf-8")) == {
        "trainee": "Zed",
        "theme": "textual-light",
    }


async def test_only_the_trainee_who_left_a_session_open_is_offered_it(tmp_path: Path) -> None:
    store = Store.memory()
    f.play(store, "left-open", trainee="Ana", finished=None)
    for name, offered in (("Ben", False), ("ANA", True)):
        app = visitor_app(tmp_path, store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.screen.query_one("#trainee-input", Input).value = name
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ResumeModal) is offered, name
