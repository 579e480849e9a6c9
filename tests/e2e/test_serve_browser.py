"""dojo serve in a real headless Chromium: two trainees at once, each in their own session."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from simulator.records.store import Store

from .conftest import CHROMIUM_FLAGS, ROOT, chromium_path, free_port, missing, wait_for_port

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None

APP_SCENARIOS = ROOT / "tests" / "data" / "app"
ESCAPE = re.compile(
    r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])"
)
"""Terminal control sequences: CSI, OSC, DCS/APC strings and two-byte escapes."""


@dataclass
class Visitor:
    """One browser tab on the served app, and everything the server sent it."""

    page: Any
    sent: list[str] = field(default_factory=list)

    def screen_text(self) -> str:
        """All text the app drew in this tab so far, control sequences removed."""
        return ESCAPE.sub("", "".join(self.sent))

    def wait_for(self, text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.screen_text():
                return
            self.page.wait_for_timeout(200)
        raise AssertionError(f"{text!r} never appeared; last text: {self.screen_text()[-600:]!r}")

    def type_text(self, text: str) -> None:
        """Type as a person would: Latin through the keyboard, Chinese through an input method."""
        # Two tabs are open: keys go to the one in front, as for a person switching tabs.
        self.to_front()
        if text.isascii():
            self.page.keyboard.type(text, delay=20)
            return
        # An input method composes the pinyin, then commits the characters chosen.
        cdp = self.page.context.new_cdp_session(self.page)
        cdp.send("Input.imeSetComposition", {"text": "lin", "selectionStart": 3, "selectionEnd": 3})
        cdp.send("Input.insertText", {"text": text})
        cdp.detach()

    def to_front(self) -> None:
        """Bring the tab to the front and give it the moment a person would take."""
        self.page.bring_to_front()
        self.page.wait_for_timeout(300)

    def press(self, *keys: str) -> None:
        self.to_front()
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(150)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`dojo serve` on a free port of 127.0.0.1 over a fresh database."""
    db = tmp_path / "team.db"
    port = free_port()
    env = {**os.environ, "DOJO_SCENARIOS": "", "TEXTUAL_ANIMATIONS": "none"}
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "--scenarios", str(APP_SCENARIOS), "--lang", "en",
         "serve", "--port", str(port), "--db", str(db)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/", db
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, with no download of a browser of Playwright's own."""
    if sync_playwright is None:
        missing("Playwright for Python is not installed: pip install -e '.[e2e]'")
    path = chromium_path()
    if path is None:
        missing("Chromium is not installed: apt-get install chromium fonts-wqy-microhei")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(path), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


def open_visitor(browser: Any, url: str, requests: list[str]) -> Visitor:
    """A new browser context (its own cookies and storage) with the app open and signed out."""
    context = browser.new_context(viewport={"width": 1280, "height": 820}, locale="zh-CN")
    page = context.new_page()
    visitor = Visitor(page)
    page.on("request", lambda request: requests.append(request.url))

    def on_socket(socket: Any) -> None:
        def received(payload: str | bytes) -> None:
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
            visitor.sent.append(text)

        socket.on("framereceived", received)

    page.on("websocket", on_socket)
    page.goto(url)
    visitor.wait_for("Who is practising?")
    page.click("#terminal")
    return visitor


def sign_in(visitor: Visitor, name: str, team: str) -> None:
    visitor.type_text(name)
    visitor.press("Enter")
    visitor.type_text(team)
    visitor.press("Enter")
    visitor.wait_for(f"Trainee: {name}")


def start(visitor: Visitor, search: str, customer_line: str) -> None:
    visitor.press("Control+f")
    visitor.type_text(search)
    visitor.press("Enter", "Enter")
    visitor.wait_for(customer_line)


def reply(visitor: Visitor, text: str) -> None:
    """Send a reply and wait until it is scored: the side panel moves on to turn 2."""
    visitor.type_text(text)
    visitor.press("Enter")
    visitor.wait_for("Turn 2")


def wait_until(check: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("the records never showed it")


def test_two_trainees_practise_at_once_each_in_their_own_session(
    served: tuple[str, Path], browser: Any, tmp_path: Path
) -> None:
    url, db = served
    requests: list[str] = []
    lin = open_visitor(browser, url, requests)
    ana = open_visitor(browser, url, requests)
    sign_in(lin, "林伟", "华东")
    sign_in(ana, "Ana Lima", "West")
    start(lin, "净水器", "净水器")
    start(ana, "not cleaned", "cleaned")
    lin.press("F2")  # the hint, on a key the browser leaves alone
    reply(lin, "您说得对,价格确实不低,不过滤芯三年才换一次。")
    ana.type_text("I am so sorry.")
    ana.press("Control+j")  # a new line inside the reply, not the browser's downloads
    reply(ana, "Let me send housekeeping right now.")
    ana.page.screenshot(path=str(tmp_path / "ana.png"))
    lin.page.screenshot(path=str(tmp_path / "lin.png"))

    # Each tab was sent its own trainee and reply, and nothing of the other's.
    assert "Ana Lima" not in lin.screen_text() and "housekeeping" not in lin.screen_text()
    assert "林伟" not in ana.screen_text() and "滤芯" not in ana.screen_text()
    # Every request either page made went to this server: no outside font host.
    assert requests and {r.split("/")[2] for r in requests} == {url.split("/")[2]}

    with Store.open(db) as store:
        wait_until(lambda: len(store.query("SELECT id FROM turns")) == 2)
        rows = store.query(
            """SELECT t.name, t.team, s.scenario_id, s.status, tu.reply, tu.hint_used
            FROM turns tu JOIN sessions s ON s.id = tu.session_id
            JOIN trainees t ON t.id = s.trainee_id ORDER BY t.name"""
        )
    assert [(r["name"], r["team"], r["scenario_id"], r["status"]) for r in rows] == [
        ("Ana Lima", "West", "app-hotel-en", "open"),
        ("林伟", "华东", "app-price-zh", "open"),
    ]
    assert rows[0]["reply"] == "I am so sorry.\nLet me send housekeeping right now."
    assert rows[0]["hint_used"] == 0
    assert (
        rows[1]["reply"] == "您说得对,价格确实不低,不过滤芯三年才换一次。"
        and rows[1]["hint_used"] == 1
    )

    # Lin closes the tab mid-session: the session stays open, offered to Lin alone.
    lin.page.context.close()
    ben = open_visitor(browser, url, requests)
    sign_in(ben, "Ben", "West")
    ben.page.wait_for_timeout(1500)
    assert "Unfinished sessions" not in ben.screen_text()
    again = open_visitor(browser, url, requests)
    sign_in(again, "林伟", "")
    again.wait_for("Unfinished sessions")
    again.wait_for("这台净水器太贵了")
    again.page.screenshot(path=str(tmp_path / "lin-resume.png"))
    assert (tmp_path / "ana.png").stat().st_size > 10_000
