"""Tests for `dojo practice`, the headless contract, through CliRunner and a live subprocess."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner, Result

import scoring
from scoring import TurnScore, TurnSpec
from simulator.cli import cli

DATA = Path(__file__).parent.parent / "data" / "engine"
FAKE = DATA / "fake_scorer.py"

REAL_SCORE = scoring.score_turn

WON = ["compensate: four phones", "ask: what to think over?", "compensate: a sheet"]


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_scoring: ModuleType) -> None:
    """No user scenarios, a fixed trainee, a throwaway database, and the fake scorer."""
    monkeypatch.delenv("DOJO_SCENARIOS", raising=False)
    monkeypatch.setenv("DOJO_TRAINEE", "ana")
    monkeypatch.setenv("DOJO_DB", str(tmp_path / "default.db"))


def replies_file(tmp_path: Path, lines: list[str], name: str = "replies.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(cli, ["practice", *args, "--scenarios", str(DATA)], input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def run_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--json", "--no-record")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


class TestTranscript:
    def test_prints_each_turn_with_technique_and_score(self, tmp_path: Path) -> None:
        path = replies_file(tmp_path, WON)
        result = run("engine-objection-en", "--replies", str(path), "--no-record")
        assert result.exit_code == 0
        out = result.stdout
        assert (
            "You: compensate: four phones\n  [Compensate (compensate) · confidence 0.90 · score 80]"
            in out
        )
        assert "  (real reason: My wife has to agree to anything over thirty a month.)" in out
        assert "Outcome: won\n" in out
        assert "Total score: 80 (passed; pass mark 60)" in out
        assert "Satisfaction-handling evaluation:" in out

    def test_labels_follow_the_scenarios_language(self, tmp_path: Path) -> None:
        path = replies_file(tmp_path, ["yes_if: 您说得对", "compensate: 下午一定到"])
        result = run("engine-complaint-zh", "--replies", str(path), "--no-record")
        assert result.exit_code == 0
        assert (
            "你: yes_if: 您说得对\n  [“是的…如果”法 (yes_if) · 置信度 0.90 · 得分 80]"
            in result.stdout
        )
        assert "结果: 已解决 (resolved)" in result.stdout
        assert "满意度处理评估:" in result.stdout

    def test_replies_running_out_stop_the_session_unfinished(self, tmp_path: Path) -> None:
        path = replies_file(tmp_path, WON[:1])
        result = run("engine-objection-en", "--replies", str(path), "--no-record")
        assert result.exit_code == 0
        assert (
            "The replies ran out before the end: the session stopped unfinished.\n" in result.stdout
        )
        assert "Outcome:" not in result.stdout

    def test_replies_left_after_the_end_are_reported(self, tmp_path: Path) -> None:
        path = replies_file(tmp_path, ["rebuttal: it's cheap", "ask: one", "ask: two"])
        result = run("engine-objection-en", "--replies", str(path), "--no-record")
        assert result.exit_code == 0
        assert "Replies after the end, not used: 2." in result.stdout
        assert result.stdout.count("You: ") == 1

    def test_customer_text_is_printed_as_is(self, tmp_path: Path) -> None:
        path = replies_file(tmp_path, ["ask: [bold]what[/bold] is fair?"])
        result = run("engine-objection-en", "--replies", str(path), "--no-record")
        assert "You: ask: [bold]what[/bold] is fair?" in result.stdout


class TestJson:
    def test_json_shape(self, tmp_path: Path) -> None:
        data = run_json("engine-objection-en", "--replies", str(replies_file(tmp_path, WON)))
        assert {"scenario", "outcome", "finished", "turns", "evaluation", "total_score"} <= set(
            data
        )
        assert {"session_id", "scorer_version"} <= set(data)
        assert data["scenario"] == "engine-objection-en"
        assert (data["outcome"], data["finished"], data["total_score"]) == ("won", True, 80)
        assert data["scorer_version"] == scoring.SCORER_VERSION
        assert data["trainee"] == "ana"
        assert [t["reply"] for t in data["turns"]] == WON
        first = data["turns"][0]
        assert {"customer", "reply", "technique", "confidence", "score"} <= set(first)
        assert (first["technique"], first["confidence"], first["score"]) == ("compensate", 0.9, 80)
        assert data["turns"][1]["customer"] == "I'll think about it."
        evaluation = data["evaluation"]
        assert set(evaluation["grades"]) == {
            "efficiency",
            "method",
            "result",
            "open_requests",
            "root_cause",
        }
        assert {"index", "css", "gap", "level", "rule_version", "weights"} <= set(evaluation)

    def test_unfinished_json_has_null_outcome(self, tmp_path: Path) -> None:
        data = run_json("engine-objection-en", "--replies", str(replies_file(tmp_path, WON[:2])))
        assert (data["outcome"], data["finished"], data["end_reason"]) == (None, False, "stopped")
        assert len(data["turns"]) == 2
        assert data["evaluation"]["grades"]["result"] <= 2

    def test_the_same_seed_gives_the_same_session(self, tmp_path: Path) -> None:
        path = str(replies_file(tmp_path, WON))
        runs = [run_json("engine-objection-en", "--replies", path, "--seed", "4") for _ in range(2)]
        for data in runs:
            data.pop("session_id")
        assert runs[0] == runs[1]

    def test_some_seeds_choose_other_variants(self, tmp_path: Path) -> None:
        path = str(replies_file(tmp_path, WON[:1]))
        openings = {
            run_json("engine-objection-en", "--replies", path, "--seed", str(seed))["turns"][0][
                "customer"
            ]
            for seed in range(10)
        }
        assert len(openings) > 1

    def test_a_blank_line_is_an_empty_reply_scored_as_none(self, tmp_path: Path) -> None:
        path = replies_file(tmp_path, ["", "ask: what to think over?"])
        data = run_json("engine-objection-en", "--replies", str(path))
        assert data["turns"][0]["reply"] == ""
        assert (data["turns"][0]["technique"], data["turns"][0]["score"]) == ("none", 0)

    def test_trainee_option_wins_over_the_environment(self, tmp_path: Path) -> None:
        path = str(replies_file(tmp_path, WON[:1]))
        assert (
            run_json("engine-objection-en", "--replies", path, "--trainee", "bo")["trainee"] == "bo"
        )

    def test_timed_mode_from_a_file_never_times_out(self, tmp_path: Path) -> None:
        data = run_json(
            "engine-objection-en", "--replies", str(replies_file(tmp_path, WON)), "--timed"
        )
        assert data["timed"] is True
        assert not any(t["timed_out"] for t in data["turns"])


class TestErrors:
    def test_unknown_scenario_suggests_a_close_id(self, tmp_path: Path) -> None:
        result = run(
            "engine-objection", "--replies", str(replies_file(tmp_path, WON)), "--no-record"
        )
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: no scenario with id 'engine-objection' — did you mean 'engine-objection-en'?; "
            "run `dojo scenarios list` to see the ids loaded.\n"
        )

    def test_unknown_scenario_is_said_in_the_command_line_s_language(self, tmp_path: Path) -> None:
        args = ["engine-objection", "--replies", str(replies_file(tmp_path, WON)), "--no-record"]
        result = CliRunner().invoke(
            cli, ["--lang", "zh", "practice", *args, "--scenarios", str(DATA)]
        )
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: 没有 id 为 'engine-objection' 的场景 —— 是不是 'engine-objection-en'?;"
            "运行 `dojo scenarios list` 查看已加载的场景 id。\n"
        )

    def test_a_missing_replies_file_says_which(self) -> None:
        result = run("engine-objection-en", "--replies", "/no/such/file.txt", "--no-record")
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: cannot read the replies file /no/such/file.txt: No such file or directory; "
            "check the path\n"
        )

    def test_a_replies_file_that_is_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "gbk.txt"
        path.write_bytes("ask: 好的\n".encode() + "太贵了\n".encode("gbk"))
        result = run("engine-objection-en", "--replies", str(path), "--no-record")
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {path}:2: the replies file is not UTF-8 text; save it as UTF-8 and try again\n"
        )

    def test_no_scorer_is_a_clear_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def missing(reply: str, spec: TurnSpec) -> TurnScore:
            raise NotImplementedError

        monkeypatch.setattr(scoring, "score_turn", missing)
        result = run(
            "engine-objection-en", "--replies", str(replies_file(tmp_path, WON)), "--no-record"
        )
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: cannot score replies: the scorer is not available in this version of dojo\n"
        )


class TestStdin:
    def test_replies_from_stdin(self) -> None:
        result = run(
            "engine-objection-en", "--replies", "-", "--no-record", input="\n".join(WON) + "\n"
        )
        assert result.exit_code == 0
        assert "Outcome: won" in result.stdout

    def test_json_from_stdin_keeps_stdout_pure(self) -> None:
        result = run(
            "engine-objection-en", "--replies", "-", "--no-record", "--json", input=WON[0] + "\n"
        )
        assert result.exit_code == 0
        data = json.loads(result.stdout)
        assert data["finished"] is False
        assert "Mr Hale: I'll think about it." in result.stderr

    def test_each_customer_line_arrives_before_the_next_reply_is_read(self, tmp_path: Path) -> None:
        bootstrap = (
            "import sys, runpy, importlib.util\n"
            f"spec = importlib.util.spec_from_file_location('fake', {str(FAKE)!r})\n"
            "fake = importlib.util.module_from_spec(spec); spec.loader.exec_module(fake)\n"
            "import scoring; scoring.score_turn = fake.fake_score\n"
            "from simulator.cli import cli\n"
            "cli(prog_name='dojo')\n"
        )
        env = {**os.environ, "DOJO_TRAINEE": "ana", "DOJO_DB": str(tmp_path / "s.db")}
        env.pop("DOJO_SCENARIOS", None)
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                bootstrap,
                "practice",
                "engine-objection-en",
                "--replies",
                "-",
                "--no-record",
                "--scenarios",
                str(DATA),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        assert process.stdin and process.stdout
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=lambda: [lines.put(line) for line in process.stdout], daemon=True
        ).start()

        def read_until(prefix: str) -> str:
            # The timeout only guards against a hang; the test asserts order, not speed.
            while True:
                line = lines.get(timeout=60)
                if line.startswith(prefix):
                    return line

        try:
            assert read_until("Mr Hale: ").strip() in {
                "Mr Hale: Forty a month is too much for a phone plan.",
                "Mr Hale: That plan is more than I want to pay each month.",
                "Mr Hale: I can get a cheaper plan anywhere.",
            }
            process.stdin.write(WON[0] + "\n")
            process.stdin.flush()
            assert read_until("Mr Hale: I'll think about it.")
            process.stdin.write(WON[1] + "\n")
            process.stdin.flush()
            assert read_until("Mr Hale: Can you give me something to show her?")
            process.stdin.write(WON[2] + "\n")
            process.stdin.flush()
            assert read_until("Outcome: won")
            process.stdin.close()
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()


class TestRecording:
    def test_a_played_session_is_recorded_with_each_turn(self, tmp_path: Path) -> None:
        store_module = pytest.importorskip("simulator.records.store")
        db = tmp_path / "records.db"
        path = replies_file(tmp_path, WON)
        result = run("engine-objection-en", "--replies", str(path), "--db", str(db), "--json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["db"] == str(db)
        store = store_module.Store.open(db)
        try:
            replies = store.session_replies(data["session_id"])
            assert [r["reply"] for r in replies] == WON
            assert store.open_sessions() == []
            assert store.best_scores("ana") == {"engine-objection-en": data["total_score"]}
        finally:
            store.close()

    def test_an_unfinished_session_keeps_its_turns(self, tmp_path: Path) -> None:
        store_module = pytest.importorskip("simulator.records.store")
        db = tmp_path / "records.db"
        path = replies_file(tmp_path, WON[:1])
        result = run("engine-objection-en", "--replies", str(path), "--db", str(db), "--json")
        assert result.exit_code == 0, result.output
        session_id = json.loads(result.stdout)["session_id"]
        store = store_module.Store.open(db)
        try:
            assert [r["reply"] for r in store.session_replies(session_id)] == WON[:1]
        finally:
            store.close()

    def test_no_record_leaves_no_database(self, tmp_path: Path) -> None:
        result = run(
            "engine-objection-en", "--replies", str(replies_file(tmp_path, WON)), "--no-record"
        )
        assert result.exit_code == 0
        assert not (tmp_path / "default.db").exists()


class TestRealScorer:
    def test_a_session_plays_with_the_real_scorer(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(scoring, "score_turn", REAL_SCORE)
        try:
            scoring.score_turn(
                "What matters most to you?", TurnSpec(objection="Too dear.", lang="en")
            )
        except NotImplementedError:
            pytest.skip("the scorer is not available yet")
        path = replies_file(
            tmp_path,
            [
                "It does cost more, and it covers four phones, so each phone is cheaper.",
                "Of course. What would you like to think over?",
            ],
        )
        data = run_json("engine-objection-en", "--replies", str(path))
        assert len(data["turns"]) >= 1
        for turn in data["turns"]:
            assert turn["technique"] in scoring.LABELS
            assert 0 <= turn["score"] <= 100
            assert 0 <= turn["confidence"] <= 1
