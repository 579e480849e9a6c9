"""A trainee's app shows that trainee's practice only: no HR view, no one else's open session."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from simulator.records.store import Store
from simulator.session.engine import Session
from simulator.settings import Settings, load_settings, save_settings
from simulator.ui.app import DojoApp, make_app
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.hr import HRScreen
from simulator.ui.screens.resume import ResumeModal
from simulator.ui.screens.trainee import TraineeModal

DATA = Path(__file__).parent.parent / "data" / "app"
SCENARIO = "app-price-zh"
SIZE = (100, 32)


def build(tmp_path: Path, db: Path, *, trainee: str | None, initial: str = "home") -> DojoApp:
    app = make_app(
        scenario_dirs=[DATA],
        db_path=db,
        trainee=trainee,
        seed=3,
        settings_path=tmp_path / "settings.json",
        initial=initial,
    )
    app.animation_level = "none"
    return app


def leave_open(db: Path, trainee: str) -> str:
    """A session of trainee's, left open with one reply, as a crash would leave it."""
    with Store.open(db) as store:
        scenario = build(db.parent / "lib", db, trainee=None).library.scenarios[SCENARIO]
        session = Session(scenario, trainee, 3, on_turn=store.record_turn)
        store.start_session(
            session_id=session.id,
            trainee=trainee,
            scenario=scenario,
            seed=3,
            timed=False,
            started_at=session.started_at,
            scorer_version="test",
        )
        session.submit("您说得对,不过如果按十年算呢?", 4.0)
    return session.id


class TestHRView:
    async def test_the_trainee_app_offers_no_hr_view(self, tmp_path: Path) -> None:
        app = build(tmp_path, tmp_path / "r.db", trainee="ana")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert not any("HR" in title or "人力" in title for title in titles)
            app.action_hr_view()
            await pilot.pause()
            assert not isinstance(app.screen, HRScreen)
            await pilot.press("ctrl+k")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*"HR", "enter")
            await pilot.pause()
            assert not any(isinstance(screen, HRScreen) for screen in app.screen_stack)

    async def test_started_as_dojo_hr_the_view_is_there(self, tmp_path: Path) -> None:
        db = tmp_path / "r.db"
        Store.open(db).close()
        app = build(tmp_path, db, trainee=None, initial="hr")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HRScreen)


class TestOpenSessions:
    async def test_another_trainees_open_session_is_not_offered_under_their_name(
        self, tmp_path: Path
    ) -> None:
        db = tmp_path / "r.db"
        leave_open(db, "alice")
        # Someone else, on their own settings, says they are alice.
        app = build(tmp_path, db, trainee="alice")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not isinstance(app.screen, ResumeModal)
            assert isinstance(app.screen, HomeScreen)

    async def test_switching_to_a_name_does_not_hand_over_its_session(self, tmp_path: Path) -> None:
        db = tmp_path / "r.db"
        session_id = leave_open(db, "alice")
        # Even a session these settings started is not handed to whoever types the name.
        save_settings(Settings(open_sessions=(session_id,)), tmp_path / "settings.json")
        app = build(tmp_path, db, trainee="bob")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            app.action_change_trainee()
            await pilot.pause()
            assert isinstance(app.screen, TraineeModal)
            app.screen.query_one("#trainee-input", Input).value = "alice"
            await pilot.press("enter")
            await pilot.pause()
            assert app.trainee == "alice"
            assert not isinstance(app.screen, ResumeModal)

    async def test_the_trainee_who_started_it_is_offered_it(self, tmp_path: Path) -> None:
        db = tmp_path / "r.db"
        session_id = leave_open(db, "alice")
        save_settings(Settings(open_sessions=(session_id,)), tmp_path / "settings.json")
        app = build(tmp_path, db, trainee="alice")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeModal)

    async def test_a_session_started_in_the_app_is_remembered_until_it_ends(
        self, tmp_path: Path
    ) -> None:
        db = tmp_path / "r.db"
        app = build(tmp_path, db, trainee="ana")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            session = app.start_session(app.library.scenarios[SCENARIO])
            await pilot.pause()
            assert load_settings(tmp_path / "settings.json")[0].open_sessions == (session.id,)
            app.end_session(session)
            await pilot.pause()
            assert load_settings(tmp_path / "settings.json")[0].open_sessions == ()
