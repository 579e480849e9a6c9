"""Hostile text on every surface: terminals get no escape sequence, spreadsheets no formula."""

from __future__ import annotations

import csv
import io
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from simulator.cli import cli
from simulator.cli.commands.practice import split_replies
from simulator.limits import MAX_REPLY_CHARS
from simulator.records.export import csv_rows
from simulator.records.store import Store
from simulator.ui.widgets.hr_transcript import transcript_text
from simulator.untrusted import spreadsheet_cell, visible

TESTS = Path(__file__).parent.parent
ENGINE_DATA = TESTS / "data" / "engine"

f = SimpleNamespace(**runpy.run_path(str(TESTS / "unit" / "test_store.py")))

CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;pwned\x07"
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
C1_CSI = "\x9b31m"
HOSTILE = (CLEAR, TITLE, CLIPBOARD, LINK, C1_CSI, "\u202egnp.exe", "a\rb")
"""Sequences that clear the screen, set the title, write the clipboard, hide a link,
colour with a one-byte CSI, reverse text and overwrite a line."""

RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def assert_no_raw_controls(output: str) -> None:
    for char in RAW:
        assert char not in output, f"raw {char!r} reached the terminal"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DOJO_DB", str(tmp_path / "from-env.db"))
    monkeypatch.delenv("DOJO_SCENARIOS", raising=False)
    monkeypatch.setenv("DOJO_TRAINEE", "ana")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # Wide enough that no table cell is folded, so the tests can find whole names.
    monkeypatch.setenv("COLUMNS", "400")


def dojo(*args: str, input: str | bytes | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """Records whose trainee, team, title and reply each carry a hostile sequence."""
    path = tmp_path / "records.db"
    scenario = f.make_scenario("price-en")
    scenario = type(scenario)(**{**scenario.__dict__, "title": "Price" + TITLE + "talk"})
    with Store.open(path) as store:
        for number, sequence in enumerate(HOSTILE):
            session = f"s{number}"
            trainee = f"eve{number}{sequence}tail"
            store.start_session(
                session_id=session,
                trainee=trainee,
                scenario=scenario,
                seed=1,
                timed=False,
                started_at=f.START,
                scorer_version="t",
            )
            store.record_turn(f.make_turn(session, 0, reply=f"=1+1{sequence}"))
            store.record_turn(f.make_turn(session, 1, reply="@SUM(A1)", outcome="won"))
            store.finish_session(
                session,
                outcome="won",
                ended_at=f.START,
                finished=True,
                evaluation=f.make_evaluation(),
            )
            store.set_team(trainee, "team" + sequence)
    return path


class TestTerminal:
    def test_visible_writes_out_every_control_and_keeps_the_rest(self) -> None:
        assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
        assert visible("\x9b\x7f\u202e\u2028\ud800") == "\\x9b\\x7f\\u202e\\u2028\\ud800"
        assert visible("line\nnext") == "line\nnext"
        assert visible("line\nnext", newlines=False) == "line\\x0anext"
        assert visible("价格太贵 ok") == "价格太贵 ok"

    def test_report_tables_show_sequences_written_out(self, hostile_db: Path) -> None:
        result = dojo("report", "--db", str(hostile_db), "--section", "trainees")
        assert result.exit_code == 0
        assert_no_raw_controls(result.output)
        # A trainee's name loses its control characters when it becomes an identity; the
        # team name keeps its sequence, written out.
        assert "eve1]0;pwnedtail" in result.output
        assert "team\\x1b]0;pwned\\x07" in result.output

    def test_report_scenario_titles_show_sequences_written_out(self, hostile_db: Path) -> None:
        result = dojo("report", "--db", str(hostile_db), "--section", "scenarios")
        assert_no_raw_controls(result.output)
        assert "\\x1b]0;pwned" in result.output

    def test_report_json_keeps_the_text_but_sends_no_raw_control(self, hostile_db: Path) -> None:
        result = dojo("report", "--db", str(hostile_db), "--format", "json")
        assert_no_raw_controls(result.output.replace("\\r", ""))
        names = {row["trainee"] for row in json.loads(result.output)["trainees"]}
        assert "eve431mtail" in names

    def test_trainee_list_shows_sequences_written_out(self, hostile_db: Path) -> None:
        result = dojo("trainee", "list", "--db", str(hostile_db))
        assert result.exit_code == 0
        assert_no_raw_controls(result.output)
        assert "\\x1b]52;c;" in result.output
        assert "\\u202egnp.exe" in result.output

    def test_hr_transcript_keeps_the_text_after_a_sequence(self, hostile_db: Path) -> None:
        from simulator.records import report as reports

        with Store.open(hostile_db) as store:
            detail = reports.session_detail(store, "s1")
        assert detail is not None
        shown = transcript_text(detail, "en").plain
        assert_no_raw_controls(shown)
        assert "eve1]0;pwnedtail" in shown
        assert "=1+1\\x1b]0;pwned\\x07" in shown
        assert "Price\\x1b]0;pwned\\x07talk" in shown

    @pytest.mark.usefixtures("fake_scoring")
    def test_practice_transcript_shows_sequences_in_replies_and_names(self, tmp_path: Path) -> None:
        replies = tmp_path / "replies.txt"
        replies.write_text(f"compensate: four{CLEAR} phones{TITLE}\n", encoding="utf-8")
        result = dojo(
            "practice",
            "engine-objection-en",
            "--replies",
            str(replies),
            "--no-record",
            "--trainee",
            "mallory" + CLIPBOARD,
            "--scenarios",
            str(ENGINE_DATA),
        )
        assert result.exit_code == 0, result.output
        assert_no_raw_controls(result.output)
        assert "You: compensate: four\\x1b[2J\\x1b[H phones\\x1b]0;pwned\\x07" in result.output
        # A name is one line of letters: the control characters are dropped from it.
        assert "trainee mallory]52;c;ZWNobyBwd25lZA==" in result.output

    def test_validate_shows_a_files_own_text_written_out(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.yaml"
        bad.write_text('id: "x\\e]0;pwned\\a"\n', encoding="utf-8")
        result = dojo("validate", str(bad))
        assert result.exit_code == 1
        assert_no_raw_controls(result.output)
        assert "bad.yaml:1:" in result.output


class TestSpreadsheet:
    @pytest.mark.parametrize(
        ("value", "cell"),
        [
            ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),  # formula
            ("+1", "'+1"),  # plus
            ("-2+3", "'-2+3"),  # minus
            ("@SUM(A1)", "'@SUM(A1)"),  # at
            ("\tx", "'\tx"),  # tab
            ("\rx", "'\rx"),  # carriage return
            ("＝1+1", "'＝1+1"),  # full-width equals
            ("price=10", "price=10"),  # not at the start: no formula
            (-5, -5),  # a negative number stays a number
            (2.5, 2.5),  # a number
            (True, 1),  # a yes/no as 1/0
            (None, ""),  # nothing
            ("a\ud800", "a\ufffd"),  # a lone surrogate
        ],
    )
    def test_spreadsheet_cell(self, value: object, cell: object) -> None:
        assert spreadsheet_cell(value) == cell

    def test_export_csv_never_starts_a_cell_with_a_formula(self, hostile_db: Path) -> None:
        result = dojo("export", "--db", str(hostile_db), "--format", "csv")
        assert result.exit_code == 0
        rows = list(csv.DictReader(io.StringIO(result.output, newline="")))
        assert len(rows) == 2 * len(HOSTILE)
        for row in rows:
            for name, value in row.items():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
        assert {row["reply"] for row in rows} >= {"'=1+1" + CLEAR, "'@SUM(A1)"}

    def test_a_carriage_return_in_a_field_does_not_split_the_row(self, hostile_db: Path) -> None:
        result = dojo("export", "--db", str(hostile_db), "--format", "csv")
        # Spreadsheets end a row at a bare CR as well as LF: count rows as they would.
        physical = [line for line in result.output.replace("\r\n", "\n").split("\n") if line]
        quoted_breaks = sum(
            1
            for row in csv.reader(io.StringIO(result.output, newline=""))
            for cell in row
            if "\r" in cell or "\n" in cell
        )
        assert quoted_breaks >= 1
        for line in result.output.split("\n")[1:]:
            if "\r" in line:
                # A CR inside a row is always inside a quoted field.
                before = line[: line.index("\r")]
                assert before.count('"') % 2 == 1, line
        assert len(physical) >= 1 + 2 * len(HOSTILE)

    def test_session_columns_are_filled_on_every_row(self, hostile_db: Path) -> None:
        result = dojo("export", "--db", str(hostile_db), "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(result.output, newline="")))
        assert {row["outcome"] for row in rows} == {"won"}
        assert {row["status"] for row in rows} == {"finished"}
        first_turns = [row for row in rows if row["turn"] == "1"]
        assert {row["turn_outcome"] for row in first_turns} == {""}

    def test_csv_rows_keep_turn_fields_apart_from_session_fields(self) -> None:
        record = {
            "session": {"id": "s", "outcome": "won", "status": "finished", "trainee": "a"},
            "evaluation": None,
            "turns": [
                {
                    "idx": 0,
                    "total": 50,
                    "outcome": None,
                    "flags": [],
                    "steps": [],
                    "recommended": [],
                    "reply": "r",
                },
            ],
        }
        [row] = list(csv_rows([record]))
        assert row["outcome"] == "won" and row["turn_outcome"] == ""

    def test_report_csv_never_starts_a_cell_with_a_formula(self, hostile_db: Path) -> None:
        result = dojo("report", "--db", str(hostile_db), "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(result.output, newline="")))
        assert len(rows) == len(HOSTILE)
        for row in rows:
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


class TestReplies:
    def test_replies_split_on_newlines_only(self) -> None:
        text = "one\u2028still one\r\ntwo\x0bstill two\x0c\u0085\u2029\nthree"
        assert split_replies(text) == [
            "one\u2028still one",
            "two\x0bstill two\x0c\u0085\u2029",
            "three",
        ]
        assert split_replies("a\n\nb\n") == ["a", "", "b"]

    @pytest.mark.usefixtures("fake_scoring")
    def test_practice_reads_one_reply_per_line(self, tmp_path: Path) -> None:
        replies = tmp_path / "replies.txt"
        replies.write_text("compensate: four\u2028phones\n", encoding="utf-8")
        result = dojo(
            "practice",
            "engine-objection-en",
            "--replies",
            str(replies),
            "--no-record",
            "--json",
            "--scenarios",
            str(ENGINE_DATA),
        )
        turns = json.loads(result.stdout)["turns"]
        assert [turn["reply"] for turn in turns] == ["compensate: four\u2028phones"]

    def test_a_reply_over_the_cap_in_a_file_is_refused_before_anything_is_recorded(
        self, tmp_path: Path
    ) -> None:
        replies = tmp_path / "replies.txt"
        replies.write_text("fine\n" + "a" * (MAX_REPLY_CHARS + 1) + "\n", encoding="utf-8")
        db = tmp_path / "r.db"
        result = dojo(
            "practice",
            "engine-objection-en",
            "--replies",
            str(replies),
            "--db",
            str(db),
            "--scenarios",
            str(ENGINE_DATA),
        )
        assert result.exit_code == 1
        assert f"{replies}:2: the reply is 2,001 characters long; a reply may be at most 2,000" in (
            result.output
        )
        assert not db.exists()

    @pytest.mark.usefixtures("fake_scoring")
    def test_a_streamed_reply_over_the_cap_is_refused_and_the_session_goes_on(self) -> None:
        lines = "x" * (5 * MAX_REPLY_CHARS) + "\ncompensate: four phones\n"
        result = dojo(
            "practice",
            "engine-objection-en",
            "--replies",
            "-",
            "--no-record",
            "--json",
            "--scenarios",
            str(ENGINE_DATA),
            input=lines,
        )
        assert result.exit_code == 0
        assert "a reply may be at most 2,000 characters — shorten it; not sent" in result.stderr
        turns = json.loads(result.stdout)["turns"]
        assert [turn["reply"] for turn in turns] == ["compensate: four phones"]

    def test_a_trainee_name_that_is_not_utf8_is_refused_clearly(self, tmp_path: Path) -> None:
        replies = tmp_path / "replies.txt"
        replies.write_text("hello\n", encoding="utf-8")
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "DOJO_DB": str(tmp_path / "x.db")}
        env.pop("DOJO_TRAINEE", None)
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from simulator.cli import cli; cli()",
                "practice",
                "engine-objection-en",
                "--replies",
                str(replies),
                "--no-record",
                "--scenarios",
                str(ENGINE_DATA),
                "--trainee",
                os.fsdecode(b"ana\xff"),
            ],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 2
        assert b"Traceback" not in done.stderr
        assert b"--trainee" in done.stderr and b"not UTF-8 text" in done.stderr
