"""The customer reacts to what the trainee said, in both languages, in the app and headless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable

from simulator.cli import cli
from simulator.paths import bundled_scenarios_dir
from simulator.session.reactions import FALLBACK_LINES
from simulator.ui.app import make_app
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import PracticeScreen
from simulator.ui.widgets.reply_box import ReplyBox
from simulator.ui.widgets.transcript import Speech

SCENARIO = {"en": "hotel-noise-en", "zh": "appliance-repair-zh"}
"""A complaint in each language, opened by an angry customer."""

CASES = [
    ("en", "Do you like the weather today?", "ask_off_topic"),  # an off-topic question
    ("en", "Well, you should have booked a room on the other side. That's your problem.", "blame_customer"),
    ("en", "I'm sorry.", "apologise"),  # a bare apology
    ("en", "This will absolutely never happen again, I guarantee it 100%.", "promise_absolute"),
    ("zh", "今天天气怎么样？", "ask_off_topic"),
    ("zh", "那是您自己没说清楚时间，怪不了我们。", "blame_customer"),
    ("zh", "对不起。", "apologise"),
    ("zh", "我保证绝对不会再有任何问题，百分之百满意！", "promise_absolute"),
]  # fmt: skip


def fits(said: str, key: str, lang: str) -> bool:
    """Whether the customer's reaction is one of the lines true to that move."""
    return any(said.startswith(line) for line in FALLBACK_LINES[key][lang])  # type: ignore[index]


@pytest.mark.parametrize(("lang", "reply", "key"), CASES)
def test_headless_practice_reacts_to_what_was_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, reply: str, key: str
) -> None:
    monkeypatch.delenv("DOJO_SCENARIOS", raising=False)
    replies = tmp_path / "replies.txt"
    replies.write_text(reply + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["practice", SCENARIO[lang], "--replies", str(replies), "--json", "--no-record"]
    )
    assert result.exit_code == 0, result.output
    [turn] = json.loads(result.stdout)["turns"]
    assert fits(turn["reaction"], key, lang), turn["reaction"]


@pytest.mark.parametrize(("lang", "reply", "key"), CASES)
async def test_the_app_shows_a_reaction_true_to_the_reply(
    tmp_path: Path, lang: str, reply: str, key: str
) -> None:
    app = make_app(
        scenario_dirs=[bundled_scenarios_dir()],
        ui_lang=lang,
        trainee="ana",
        seed=0,
        settings_path=tmp_path / "settings.json",
        db_path=tmp_path / "sessions.db",
    )
    app.animation_level = "none"
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#scenario-table", DataTable)
        table.move_cursor(row=home.shown.index(SCENARIO[lang]))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        box = practice.query_one(ReplyBox)
        box.text = reply
        await pilot.press("enter")
        await pilot.pause()
        [turn] = practice.session.turns
        assert fits(turn.reaction, key, lang), turn.reaction
        shown = [s.said[0].plain for s in practice.query(Speech) if "customer" in s.classes]
        assert any(fits(text, key, lang) for text in shown), shown


def test_sound_handling_without_the_scripted_technique_is_answered_in_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An apology with a remedy and a follow-up, where the node scripts a rebuttal showing the
    price list: the customer takes it as well, but does not answer a price list never shown."""
    monkeypatch.delenv("DOJO_SCENARIOS", raising=False)
    replies = tmp_path / "replies.txt"
    replies.write_text(
        "您平时喜欢看什么电视剧？\n"
        "地上那点脚印擦擦就好了，花盆本来就不该放阳台边上。\n"
        "真对不起，孙阿姨，是我们的错：迟到了还没打电话，鞋套也没穿。地我现在就给您拖干净，"
        "花盆按原价赔您，今天下午五点前我再打电话跟您确认。\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["practice", "appliance-repair-zh", "--replies", str(replies), "--json", "--no-record"]
    )
    assert result.exit_code == 0, result.output
    turns = json.loads(result.stdout)["turns"]
    assert fits(turns[0]["reaction"], "ask_off_topic", "zh"), turns[0]["reaction"]
    assert fits(turns[1]["reaction"], "blame_customer", "zh"), turns[1]["reaction"]
    third = turns[2]["reaction"]
    assert "统一收费" not in third
    assert fits(third, "commit_followup", "zh"), third
