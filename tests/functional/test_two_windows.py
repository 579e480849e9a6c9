"""Pilot tests of two app instances on one records file: one window plays a session at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from simulator.i18n import t
from simulator.records.store import Store
from simulator.session.engine import utc_now
from simulator.session.recording import CLAIM_STALE_SECONDS
from simulator.ui.app import DojoApp, make_app
from simulator.ui.screens.confirm import ConfirmModal
from simulator.ui.screens.error import ErrorModal
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import PracticeScreen
from simulator.ui.screens.resume import ResumeModal
from simulator.ui.widgets.reply_box import ReplyBox

DATA = Path(__file__).parent.parent / "data" / "app"
SCENARIO = "app-price-zh"
SIZE = (100, 32)
REPLIES = (
    "价格确实高一些，但滤芯能用两年，每天不到一块钱。",
    "您之前用的净水器，滤芯一年大概花多少钱？",
)


def window(tmp_path: Path, lang: str) -> DojoApp:
    """One dojo process of trainee 小王: the records file and settings of one HOME."""
    app = make_app(
        scenario_dirs=[DATA],
        db_path=tmp_path / "records.db",
        ui_lang=lang,
        trainee="小王",
        seed=3,
        settings_path=tmp_path / "settings.json",
    )
    app.animation_level = "none"
    return app


@asynccontextmanager
async def opened(app: DojoApp) -> AsyncIterator[Pilot]:
    """The window running, past its first screen."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        yield pilot


def later(seconds: float) -> datetime:
    """What the clock says seconds from now: a window that has been silent that long."""
    return utc_now() + timedelta(seconds=seconds)


async def start_and_reply(pilot: Pilot) -> PracticeScreen:
    """Start the Chinese scenario from the home screen and send one reply."""
    app = pilot.app
    home = app.screen
    assert isinstance(home, HomeScreen)
    home.query_one("#scenario-table", DataTable).move_cursor(row=home.shown.index(SCENARIO))
    await pilot.press("enter")
    await pilot.pause()
    practice = app.screen
    assert isinstance(practice, PracticeScreen)
    await send(pilot, REPLIES[0])
    return practice


async def send(pilot: Pilot, text: str) -> None:
    box = pilot.app.screen.query_one("#reply", ReplyBox)
    box.focus()
    box.text = text
    await pilot.press("enter")
    await pilot.pause()


async def resume_offered(pilot: Pilot, *, confirm: bool = False) -> None:
    """Resume the session the resume dialog offers, confirming the take-over if asked to."""
    await pilot.click("#resume-button")
    await pilot.pause()
    if confirm:
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.click("#confirm-button")
        await pilot.pause()


def recorded_replies(db: Path) -> list[str]:
    with Store.open(db) as store:
        [row] = store.open_sessions("小王")
        return [r["reply"] for r in store.session_replies(row["id"])]


class TestTwoWindows:
    async def test_a_live_session_is_refused_then_a_silent_one_taken_over_after_confirming(
        self, tmp_path: Path
    ) -> None:
        first = window(tmp_path, "zh")
        async with opened(first) as one:
            practice = await start_and_reply(one)
            second = window(tmp_path, "en")
            async with opened(second) as two:
                # Offered, and marked as open in the other window.
                assert isinstance(second.screen, ResumeModal)
                item = second.screen.query_one(OptionList).get_option_at_index(0).prompt
                assert t("resume.elsewhere", "en") in str(item)
                await resume_offered(two)
                assert isinstance(second.screen, ErrorModal)
                assert second.screen.error_title == t("error.title.claimed", "en")
                assert "open in another window" in second.screen.message
                await two.press("enter")
                await two.pause()
                assert isinstance(second.screen, HomeScreen)

                # The first window falls silent (its heartbeat stops) for longer than allowed.
                second.clock = lambda: later(CLAIM_STALE_SECONDS + 15)
                second.offer_resume()
                await two.pause()
                await two.click("#resume-button")
                await two.pause()
                assert isinstance(second.screen, ConfirmModal)
                assert "silent for" in second.screen.body
                await two.click("#confirm-button")
                await two.pause()
                assert isinstance(second.screen, PracticeScreen)
                assert [turn.reply for turn in second.screen.session.turns] == [REPLIES[0]]

                # The first window's next reply: told in its language, and nothing recorded.
                await send(one, REPLIES[1])
                assert isinstance(first.screen, ErrorModal)
                assert first.screen.error_title == t("error.title.claimed", "zh")
                assert "已在另一个窗口中被接手" in first.screen.message
                assert len(practice.session.turns) == 1
                await one.press("enter")
                await one.pause()
                assert isinstance(first.screen, HomeScreen)
                assert recorded_replies(tmp_path / "records.db") == [REPLIES[0]]

                # The second window plays on from there.
                await send(two, REPLIES[1])
                assert not isinstance(second.screen, ErrorModal)
        assert recorded_replies(tmp_path / "records.db") == list(REPLIES)

    async def test_the_heartbeat_tells_the_first_window_before_its_next_reply(
        self, tmp_path: Path
    ) -> None:
        first = window(tmp_path, "en")
        async with opened(first) as one:
            await start_and_reply(one)
            second = window(tmp_path, "en")
            second.clock = lambda: later(CLAIM_STALE_SECONDS)
            async with opened(second) as two:
                await resume_offered(two, confirm=True)
                assert isinstance(second.screen, PracticeScreen)
                first.beat_claim()  # what its timer does every 15 s
                await one.pause()
                assert isinstance(first.screen, ErrorModal)
                assert "taken over in another window" in first.screen.message
                first.beat_claim()  # told once
                await one.pause()
                assert sum(isinstance(s, ErrorModal) for s in first.screen_stack) == 1

    async def test_a_window_that_quits_leaves_its_session_to_resume_at_once(
        self, tmp_path: Path
    ) -> None:
        first = window(tmp_path, "en")
        async with opened(first) as one:
            await start_and_reply(one)
        second = window(tmp_path, "en")
        async with opened(second) as two:
            assert isinstance(second.screen, ResumeModal)
            await resume_offered(two)
            assert isinstance(second.screen, PracticeScreen)
            await send(two, REPLIES[1])
        assert recorded_replies(tmp_path / "records.db") == list(REPLIES)
