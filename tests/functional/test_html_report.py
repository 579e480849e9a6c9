"""The shareable HTML report rendered in headless Chromium: its text, escaping, sorting and A4 print."""

from __future__ import annotations

import os
import re
import runpy
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.records.store import Store

f = SimpleNamespace(**runpy.run_path(str(Path(__file__).parent.parent / "unit" / "test_store.py")))

CHROMIUM = os.environ.get("DOJO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Debian's Chromium, started so it makes no request of its own; no browser is downloaded."""

HOSTILE_NAME = "<script>alert('name')</script>Eve"
HOSTILE_TEAM = '=HYPERLINK("http://evil.invalid","x")'
HOSTILE_NOTE = "<img src=x onerror=alert('note')> Needs to ask first.\n第二行:多练习询问法。"


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "records.db"
    with Store.open(path) as store:
        for week in range(9):
            f.play(
                store,
                f"ana-{week}",
                trainee="ana",
                totals=(50 + 4 * week, 60 + 3 * week),
                techniques=("compensate", "ask"),
                started_at=f.START + timedelta(weeks=week),
            )
        f.play(
            store, "eve-1", trainee=HOSTILE_NAME, totals=(30, 40), techniques=("rebuttal", "none")
        )
        f.play(
            store,
            "eve-2",
            trainee=HOSTILE_NAME,
            totals=(20,),
            techniques=("rebuttal",),
            finished=False,
            started_at=f.START + timedelta(days=3),
        )
        store.record_self_assessment("eve-1", 5)
        store.set_team("ana", "north")
        store.set_team(HOSTILE_NAME, HOSTILE_TEAM)
        store.add_note("eve-1", HOSTILE_NOTE, "hr-lead")
    return path


def write_report(db_file: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(
        cli, [*args, "report", "--db", str(db_file), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out.read_text("utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        reason = f"Chromium is needed at {CHROMIUM}: apt-get install -y chromium"
        # As the end-to-end tests do: a developer's machine skips, CI (CI set) must have it.
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must provide it: see .ci/run)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """The report open in a page, with every request it made and every dialog it opened."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, dialogs


class TestFile:
    def test_it_is_one_file_that_loads_nothing_from_outside(
        self, db_file: Path, tmp_path: Path
    ) -> None:
        html = write_report(db_file, tmp_path / "report.html")
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        # The only address in the file is the SVG namespace, which is never fetched.
        addresses = set(re.findall(r"https?://[^\s\"'<>)]+", html)) - {"http://www.w3.org/2000/svg"}
        # Apart from it, only the hostile team name (shown as text, and cut short in a chart).
        assert addresses and all(a.startswith("http://evil.inva") for a in addresses)
        assert not re.search(r"\b(src|href)\s*=", html.split("<body>")[1].replace("src=x", ""))

    def test_untrusted_text_is_escaped(self, db_file: Path, tmp_path: Path) -> None:
        html = write_report(db_file, tmp_path / "report.html")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;Eve" in html
        assert "&lt;img src=x onerror=alert(&#x27;note&#x27;)&gt;" in html


class TestInChromium:
    def test_english_report_shows_every_section_with_its_filters(
        self, db_file: Path, tmp_path: Path, browser: Any
    ) -> None:
        path = tmp_path / "report.html"
        write_report(db_file, path, "--lang", "en")
        page, requests, dialogs = open_page(browser, path)
        text = page.inner_text("body")
        assert requests == [path.as_uri()] and dialogs == []
        for heading in (
            "Teams: who needs help with which technique",
            "Techniques per team",
            "Trainees over time: first 4 weeks against the latest 4",
            "Self-assessment against the evaluation",
            "Principles most often broken",
            "Satisfaction levels",
            "Notes on sessions",
        ):
            assert heading in text, heading
        filters = page.inner_text("#filters")
        assert "Averages over" in filters and "finished sessions only" in filters
        # Names and notes are shown as typed, never run.
        assert HOSTILE_NAME in text and HOSTILE_TEAM in text
        assert "<img src=x onerror=alert('note')> Needs to ask first." in text
        assert (
            "Jargon" in text and "§2 too much jargon" in text
        )  # the fixture's turns are flagged for jargon
        # ana improves from her first four weeks to her latest.
        ana = page.locator("#progress tr", has_text="ana").inner_text()
        assert "improving" in ana
        # Eve rates herself 5 and is evaluated 4: she rates herself high.
        eve = page.locator("#calibration tr", has_text="Eve").inner_text()
        assert "rates self high" in eve
        # Charts: technique mix per team, each trainee's trend, satisfaction levels.
        assert page.locator("#teams svg rect").count() >= 3
        assert page.locator("#progress svg polyline").count() == 2
        assert page.locator("#satisfaction svg rect").count() >= 1
        page.close()

    def test_chinese_report(self, db_file: Path, tmp_path: Path, browser: Any) -> None:
        path = tmp_path / "report-zh.html"
        write_report(db_file, path, "--lang", "zh")
        page, _requests, _dialogs = open_page(browser, path)
        text = page.inner_text("body")
        assert "团队:哪个团队需要在哪种技巧上辅导" in text
        assert "最常违反的原则" in text and "术语" in text
        assert "第二行:多练习询问法。" in text
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        page.close()

    def test_tables_sort_without_a_server(
        self, db_file: Path, tmp_path: Path, browser: Any
    ) -> None:
        path = tmp_path / "report.html"
        write_report(db_file, path)
        page, _requests, _dialogs = open_page(browser, path)
        teams = page.locator("#teams table")
        first_cells = "#teams table tbody tr td:first-child"
        heading = teams.locator("th", has_text="Avg score")
        heading.click()
        ascending = page.locator(first_cells).all_inner_texts()
        heading.click()
        descending = page.locator(first_cells).all_inner_texts()
        assert ascending == list(reversed(descending)) and len(ascending) == 2
        assert heading.get_attribute("aria-sort") == "descending"
        page.close()

    def test_it_prints_to_a4(self, db_file: Path, tmp_path: Path, browser: Any) -> None:
        path = tmp_path / "report.html"
        write_report(db_file, path)
        page, _requests, _dialogs = open_page(browser, path)
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        # A4 is 595 x 842 points; every page of the print has that media box.
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert boxes and all(
            abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes
        )
        page.close()
