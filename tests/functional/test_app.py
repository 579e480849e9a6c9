"""Pilot tests of the trainee's app: whole sessions, records, errors, keys, languages, small screens."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from simulator.i18n import t
from simulator.records.store import Store
from simulator.session.engine import HINT_COST, Session
from simulator.settings import Settings, load_settings, save_settings
from simulator.ui.app import DojoApp, make_app
from simulator.ui.screens.answers import ModelAnswersModal
from simulator.ui.screens.end import EndScreen
from simulator.ui.screens.error import ErrorModal
from simulator.ui.screens.help import HelpScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import SUMMARY_DELAY, PracticeScreen
from simulator.ui.screens.resume import ResumeModal
from simulator.ui.widgets.reply_box import ReplyBox
from simulator.ui.widgets.transcript import Speech

DATA = Path(__file__).parent.parent / "data" / "app"
ZH_SCENARIO = "app-price-zh"
EN_SCENARIO = "app-hotel-en"
SIZE = (100, 32)
MAX_REPLIES = 6
"""More replies than any path through the fixtures needs, so a loop always reaches the end."""

ZH_REPLIES = (
    "价格确实高一些，但滤芯能用两年，每天不到一块钱。",
    "您之前用的净水器，滤芯一年大概花多少钱？",
    "这台两年才换一次滤芯，前两次还免费送。",
)
EN_REPLIES = (
    "I'm so sorry. If you wait ten minutes, I'll send housekeeping now.",
    "They'll be there in ten minutes, breakfast is on us, and I'll call you tonight.",
)


def build(
    tmp_path: Path,
    *,
    lang: str = "en",
    trainee: str | None = "小王",
    store: Store | None = None,
    db_path: Path | None = None,
    scenario_dirs: list[Path] | None = None,
) -> DojoApp:
    """The app over the fixture scenarios, with its settings in tmp_path and a fixed seed."""
    app = make_app(
        scenario_dirs=scenario_dirs or [DATA],
        db_path=db_path,
        ui_lang=lang,
        trainee=trainee,
        store=store,
        seed=3,
        settings_path=tmp_path / "settings.json",
    )
    app.animation_level = "none"
    return app


async def start(pilot: Pilot, scenario_id: str) -> PracticeScreen:
    """Move the home screen's cursor to scenario_id and press Enter."""
    app = pilot.app
    assert isinstance(app.screen, HomeScreen)
    home = app.screen
    home.query_one("#scenario-table", DataTable).move_cursor(row=home.shown.index(scenario_id))
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, PracticeScreen)
    return app.screen


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text key by key into the focused reply box."""
    for char in text:
        if not char.isascii() and unicodedata.category(char).startswith("P"):
            # Pilot cannot name full-width punctuation as a key; a terminal sends it as text.
            box = pilot.app.focused
            assert isinstance(box, ReplyBox)
            box.insert(char)
        else:
            await pilot.press(char)


async def reply(pilot: Pilot, text: str, *, typed: bool = True) -> None:
    """Type text into the reply box (or paste it in at once) and send it with Enter."""
    if typed:
        await type_text(pilot, text)
    else:
        box = pilot.app.focused
        assert isinstance(box, ReplyBox)
        box.text = text
    await pilot.press("enter")
    await pilot.pause()


async def play_out(pilot: Pilot, replies: tuple[str, ...], *, typed: bool = False) -> Session:
    """Reply (cycling through replies) until the conversation ends; the session played.

    With typed, the first reply is typed key by key and the rest pasted, which keeps it quick.
    """
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    session = screen.session
    for number in range(MAX_REPLIES):
        if session.ended:
            break
        await reply(pilot, replies[number % len(replies)], typed=typed and number == 0)
    assert session.ended
    return session


def rows(store: Store, sql: str, *params: Any) -> list[dict[str, Any]]:
    return store.query(sql, list(params))


def plain(widget: Static) -> str:
    """The text a Static shows, without styles."""
    return str(widget.render())


def footer_descriptions(app: DojoApp) -> set[str]:
    """The key descriptions the footer shows for the focused widget and its screen."""
    app.screen.query_one(Footer)
    return {binding.description for (_, binding, enabled, _) in app.active_bindings.values()}


def scorer_warm_ups(messages: list[Message]) -> list[WorkerState]:
    """The states the app's scorer warm-up went through, from the messages it posted."""
    return [
        m.state
        for m in messages
        if isinstance(m, Worker.StateChanged) and m.worker.group == "scorer"
    ]


class TestStart:
    async def test_the_scorer_is_loaded_in_the_background_once_the_first_screen_is_up(
        self, tmp_path: Path
    ) -> None:
        messages: list[Message] = []
        app = build(tmp_path)
        async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert scorer_warm_ups(messages)[-1] == WorkerState.SUCCESS

    async def test_an_app_given_its_own_scorer_loads_no_other(
        self, tmp_path: Path, fixed_scorer: ModuleType
    ) -> None:
        messages: list[Message] = []
        app = make_app(
            scenario_dirs=[DATA],
            db_path=None,
            ui_lang="en",
            trainee="Lin",
            settings_path=tmp_path / "settings.json",
            scorer=fixed_scorer.fixed_score,
        )
        async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert scorer_warm_ups(messages) == []


class TestWholeSessions:
    async def test_a_chinese_session_is_played_recorded_and_self_assessed(
        self, tmp_path: Path
    ) -> None:
        store = Store.memory()
        app = build(tmp_path, lang="zh", store=store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            practice = await start(pilot, ZH_SCENARIO)
            assert practice.session.scenario.language == "zh"
            # However slow the machine, the button is still unpressable at the second Enter.
            practice.summary_delay = 600
            session = await play_out(pilot, ZH_REPLIES, typed=True)
            assert session.finished and session.outcome in ("won", "lost")
            assert session.turns[0].reply == ZH_REPLIES[0]
            # An Enter pressed twice on the last reply does not skip the customer's last words.
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            practice._arm_summary()  # what the timer does once the delay is over
            await pilot.pause()
            await pilot.press("enter")  # then the summary button has the focus
            await pilot.pause()
            assert isinstance(app.screen, EndScreen)
            await pilot.press("4")
            await pilot.pause()
            assert app.screen.rating == 4 and app.screen.rating_recorded
            prompt = plain(app.screen.query_one("#self-prompt", Static))
            assert t("self.4", "zh") in prompt

        [recorded] = rows(store, "select * from sessions where id = ?", session.id)
        assert recorded["status"] == "finished"
        assert recorded["outcome"] == session.outcome
        assert recorded["turn_count"] == len(session.turns)
        assert recorded["total_score"] == session.total_score()
        replies = rows(
            store, "select reply from turns where session_id = ? order by idx", session.id
        )
        assert [r["reply"] for r in replies] == [turn.reply for turn in session.turns]
        [evaluation] = rows(store, "select * from evaluations where session_id = ?", session.id)
        assert evaluation["self_assessment"] == 4

    async def test_an_english_session_plays_under_a_chinese_interface(self, tmp_path: Path) -> None:
        store = Store.memory()
        app = build(tmp_path, lang="zh", store=store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            practice = await start(pilot, EN_SCENARIO)
            assert t("key.send", "zh") in footer_descriptions(app)
            opening = practice.session.opening().text
            speeches = list(practice.query(Speech))
            assert speeches[0].said[0].plain == opening
            session = await play_out(pilot, EN_REPLIES, typed=True)
            assert all(turn.reply in EN_REPLIES for turn in session.turns)
            feedback = str(practice.query(".feedback").first().render())
            assert t("feedback.score", "zh", total=0, fit=0, execution=0, relevance=0)[:2] in (
                feedback
            )
            await pilot.pause(SUMMARY_DELAY + 0.2)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, EndScreen)
            assert t("eval.title", "zh") in {
                plain(w) for w in app.screen.query(".section-title").results(Static)
            }
            app.screen.action_home()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            best = app.screen.query_one("#scenario-table", DataTable)
            assert str(best.get_cell(EN_SCENARIO, "best")) == str(session.total_score())

        [recorded] = rows(store, "select * from sessions where id = ?", session.id)
        assert recorded["scenario_language"] == "en"
        assert recorded["turn_count"] == len(session.turns)


class TestTranscript:
    async def test_markup_in_a_reply_and_a_scenario_line_shows_literally(
        self, tmp_path: Path
    ) -> None:
        app = build(tmp_path, trainee="[i]Ann[/i]", store=Store.memory())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "[i]Ann[/i]" in plain(app.screen.query_one("#home-status", Static))
            practice = await start(pilot, EN_SCENARIO)
            opening = practice.query(Speech).first()
            assert "[b]Two days[/b]" in opening.said[0].plain
            await reply(pilot, "[bold red]x[/]")
            mine = [s for s in practice.query(Speech) if "trainee" in s.classes]
            assert [s.said[0].plain for s in mine] == ["[bold red]x[/]"]
            shown = [plain(w) for w in mine[0].query(".utterance").results(Static)]
            assert shown == ["[bold red]x[/]"]

    async def test_the_reaction_and_the_next_line_share_one_speech(self, tmp_path: Path) -> None:
        app = build(tmp_path, store=Store.memory())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            practice = await start(pilot, EN_SCENARIO)
            await reply(pilot, EN_REPLIES[0], typed=False)
            turn = practice.session.turns[0]
            assert practice.session.current is not None
            customer = [s for s in practice.query(Speech) if "customer" in s.classes]
            assert len(customer) == 2
            assert [c.plain for c in customer[1].said] == [
                turn.reaction,
                practice.session.current.text,
            ]


class TestErrors:
    async def test_a_broken_scenario_file_is_named_on_home_and_the_rest_load(
        self, tmp_path: Path
    ) -> None:
        folder = tmp_path / "scenarios"
        shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        (folder / "half-written.yaml").write_text("id: broken\ntitle: [unclosed\n", "utf-8")
        app = build(tmp_path, scenario_dirs=[folder])
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert sorted(app.library.scenarios) == [EN_SCENARIO, ZH_SCENARIO]
            banner = plain(app.screen.query_one("#broken-files", Static))
            assert "half-written.yaml" in banner
            problems = app.screen.query_one("#problem-table", DataTable)
            assert "half-written.yaml" in str(problems.get_row_at(0)[0])
            assert any(
                n.severity == "error" and "half-written.yaml" in n.message
                for n in app._notifications
            )
            await start(pilot, ZH_SCENARIO)

    async def test_a_broken_scenario_file_s_problem_is_listed_in_the_ui_language(
        self, tmp_path: Path
    ) -> None:
        folder = tmp_path / "scenarios"
        folder.mkdir()
        shutil.copy(DATA / "price-zh.yaml", folder)
        (folder / "typo.yaml").write_text(
            (DATA / "hotel-en.yaml").read_text("utf-8").replace("title:", "tittle:", 1), "utf-8"
        )
        app = build(tmp_path, lang="zh", scenario_dirs=[folder])
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#problem-table", DataTable)
            where, problem = (str(cell) for cell in table.get_row_at(0))
            assert where.startswith("typo.yaml:")
            assert problem == "未知的键 'tittle' —— 是不是 'title'? [tittle]"
            await app.run_action("switch_language")
            await pilot.pause()
            table = app.screen.query_one("#problem-table", DataTable)
            assert (
                str(table.get_row_at(0)[1])
                == "unknown key 'tittle' — did you mean 'title'? [tittle]"
            )

    async def test_a_file_that_is_not_a_database_is_named_and_practice_goes_on_unrecorded(
        self, tmp_path: Path
    ) -> None:
        db = tmp_path / "records.db"
        garbage = b"these are not the records you are looking for\n" * 200
        db.write_bytes(garbage)
        app = build(tmp_path, db_path=db)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.store is None and app.store_problem is not None
            assert str(db) in plain(app.screen.query_one("#not-recording", Static))
            assert any(
                n.severity == "error" and "records.db" in n.message for n in app._notifications
            )
            await start(pilot, ZH_SCENARIO)
            session = await play_out(pilot, ZH_REPLIES)
            await pilot.pause(SUMMARY_DELAY + 0.2)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, EndScreen)
            await pilot.press("5")
            await pilot.pause()
            assert app.screen.rating == 5 and not app.screen.rating_recorded
            assert session.finished
        assert db.read_bytes() == garbage


class TestResume:
    @staticmethod
    def open_session(db: Path) -> str:
        """Leave a session with one recorded reply open in db, as a crash would."""
        store = Store.open(db)
        app = build(db.parent / "first")
        scenario = app.library.scenarios[ZH_SCENARIO]
        session = Session(scenario, "小王", 3, on_turn=store.record_turn)
        store.start_session(
            session_id=session.id,
            trainee="小王",
            scenario=scenario,
            seed=3,
            timed=False,
            started_at=session.started_at,
            scorer_version="test",
        )
        session.submit(ZH_REPLIES[0], 4.0)
        store.close()
        # The app that started it remembers it in its settings; only that app offers it.
        save_settings(Settings(open_sessions=(session.id,)), db.parent / "settings.json")
        return session.id

    async def test_an_open_session_is_offered_and_resumed_where_it_stopped(
        self, tmp_path: Path
    ) -> None:
        db = tmp_path / "records.db"
        session_id = self.open_session(db)
        app = build(tmp_path, db_path=db)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResumeModal)
            await pilot.click("#resume-button")
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            session = app.screen.session
            assert session.id == session_id
            assert [turn.reply for turn in session.turns] == [ZH_REPLIES[0]]
            await play_out(pilot, ZH_REPLIES[1:])
            assert app.store is not None
            recorded = rows(app.store, "select * from sessions where id = ?", session_id)
            assert recorded[0]["turn_count"] == len(session.turns)

    async def test_an_open_session_can_be_abandoned(self, tmp_path: Path) -> None:
        db = tmp_path / "records.db"
        session_id = self.open_session(db)
        app = build(tmp_path, db_path=db)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.click("#abandon-button")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.store is not None
            assert app.store.open_sessions("小王") == []
            [row] = rows(app.store, "select status from sessions where id = ?", session_id)
            assert row["status"] == "abandoned"


def lose_the_store(app: DojoApp) -> None:
    """Close the app's store under it, so that every write from now on fails."""
    assert app.store is not None
    app.store.close()


class TestRecordFailures:
    async def test_a_turn_that_cannot_be_recorded_is_not_scored_and_the_reply_stays(
        self, tmp_path: Path
    ) -> None:
        db = tmp_path / "records.db"
        app = build(tmp_path, db_path=db)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            practice = await start(pilot, ZH_SCENARIO)
            lose_the_store(app)
            await reply(pilot, ZH_REPLIES[0], typed=False)
            assert isinstance(app.screen, ErrorModal)
            assert app.screen.error_title == t("store.write_failed.title", "en")
            assert "send it again" in app.screen.message
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is practice
            assert practice.session.turns == ()
            assert practice.query_one("#reply", ReplyBox).text == ZH_REPLIES[0]
        with Store.open(db) as store:
            [row] = store.open_sessions("小王")
            assert store.session_replies(row["id"]) == []

    async def test_an_end_that_cannot_be_recorded_is_said_and_the_session_stays_open(
        self, tmp_path: Path
    ) -> None:
        app = build(tmp_path, db_path=tmp_path / "records.db")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            session_id = (await start(pilot, ZH_SCENARIO)).session.id
            await reply(pilot, ZH_REPLIES[0], typed=False)
            lose_the_store(app)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.click("#confirm-button")
            await pilot.pause()
            assert isinstance(app.screen, EndScreen)
            assert any(n.title == t("store.write_failed.title", "en") for n in app._notifications)
        # The session is still offered to resume, with its turn.
        assert load_settings(tmp_path / "settings.json")[0].open_sessions == (session_id,)
        with Store.open(tmp_path / "records.db") as store:
            assert [r["reply"] for r in store.session_replies(session_id)] == [ZH_REPLIES[0]]
            assert store.session(session_id)["status"] == "open"


class TestKeys:
    async def test_the_hint_key_shows_the_hint_and_the_next_turn_pays_for_it(
        self, tmp_path: Path
    ) -> None:
        store = Store.memory()
        app = build(tmp_path, store=store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            practice = await start(pilot, ZH_SCENARIO)
            await pilot.press("f2")
            await pilot.pause()
            hint = practice.session.scenario.nodes["price"].hint
            line = practice.query_one("#hint-line", Static)
            assert hint in plain(line) and line.display
            assert practice.session.hint_pending
            await reply(pilot, ZH_REPLIES[0], typed=False)
            turn = practice.session.turns[0]
            assert turn.hint_used and turn.hint_cost == HINT_COST
            assert not line.display
        [row] = rows(
            store, "select hint_used, hint_cost from turns where session_id = ?", turn.session_id
        )
        assert row["hint_used"] == 1 and row["hint_cost"] == HINT_COST

    async def test_the_model_answers_key_shows_the_answers_for_the_step_just_answered(
        self, tmp_path: Path
    ) -> None:
        app = build(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            practice = await start(pilot, ZH_SCENARIO)
            await pilot.press("f3")
            await pilot.pause()
            assert isinstance(app.screen, PracticeScreen)
            assert any(n.message == t("practice.no_answers", "en") for n in app._notifications)
            await reply(pilot, ZH_REPLIES[0], typed=False)
            await pilot.press("f3")
            await pilot.pause()
            assert isinstance(app.screen, ModelAnswersModal)
            answers = plain(app.screen.query_one("#model-answers", Static))
            for texts in practice.session.scenario.nodes["price"].model_answers.values():
                assert all(text in answers for text in texts)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is practice

    async def test_f1_opens_the_help_on_the_six_techniques_in_the_ui_language(
        self, tmp_path: Path
    ) -> None:
        app = build(tmp_path, lang="zh")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = plain(app.screen.query_one("#help-text", Static))
            for name in ("忽视法", "补偿法", "太极法", "询问法", "直接反驳法"):
                assert name in text
            assert "就是收入少,才更需要购买保险" in text
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    async def test_switching_the_ui_language_relabels_screens_keeps_the_draft_and_is_remembered(
        self, tmp_path: Path
    ) -> None:
        app = build(tmp_path, lang="en")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            practice = await start(pilot, ZH_SCENARIO)
            assert t("key.send", "en") in footer_descriptions(app)
            await type_text(pilot, "价格")
            await app.run_action("switch_language")
            await pilot.pause()
            assert app.ui_lang == "zh"
            assert t("key.send", "zh") in footer_descriptions(app)
            assert practice.query_one(ReplyBox).text == "价格"
            app.pop_screen()
            await pilot.pause()
            status = plain(app.screen.query_one("#home-status", Static))
            assert t("trainee.label", "zh", name="小王") in status
        saved = json.loads((tmp_path / "settings.json").read_text("utf-8"))
        assert saved["ui_lang"] == "zh"

    async def test_the_theme_toggles_between_dark_and_light_and_is_remembered(
        self, tmp_path: Path
    ) -> None:
        app = build(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            before = app.theme
            await app.run_action("toggle_theme")
            await pilot.pause()
            assert app.theme != before
            assert json.loads((tmp_path / "settings.json").read_text("utf-8"))["theme"] == app.theme
            await app.run_action("toggle_theme")
            assert app.theme == before


class TestSmallTerminal:
    @pytest.mark.parametrize("scenario_id", [ZH_SCENARIO, EN_SCENARIO])
    async def test_at_80x24_the_reply_box_stays_visible_through_a_session(
        self, tmp_path: Path, scenario_id: str
    ) -> None:
        app = build(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            practice = await start(pilot, scenario_id)
            replies = ZH_REPLIES if scenario_id == ZH_SCENARIO else EN_REPLIES
            for text in replies[:1]:
                box = practice.query_one(ReplyBox)
                region = box.region
                assert region.height >= 1 and region.bottom <= 24 and region.right <= 80
                assert app.screen.get_widget_at(region.x + 1, region.y + 1)[0] is box
                await reply(pilot, text, typed=False)
            assert practice.query_one(ReplyBox).region.height >= 1
            await play_out(pilot, replies)
            await pilot.pause(SUMMARY_DELAY + 0.2)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, EndScreen)
