"""Durability of the records with real processes: kill -9, concurrent writers, refused files."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.errors import StoreError
from simulator.records.store import SCHEMA_VERSION, Store

TESTS = Path(__file__).parent.parent
FACTORIES = TESTS / "unit" / "test_store.py"
ENGINE_DATA = TESTS / "data" / "engine"
FAKE_SCORER = ENGINE_DATA / "fake_scorer.py"

# A child that records one session turn by turn, announcing each turn once it is stored.
# With `wait`, it reads a line from stdin before it starts, so two children start together.
RECORDER = f"""
import importlib.util, sys, time
spec = importlib.util.spec_from_file_location("factories", {str(FACTORIES)!r})
f = importlib.util.module_from_spec(spec); spec.loader.exec_module(f)
from simulator.records.store import Store
path, session_id, trainee, turns, wait = sys.argv[1:6]
store = Store.open(path)
print("opened", flush=True)
if wait == "wait":
    sys.stdin.readline()
store.start_session(session_id=session_id, trainee=trainee, scenario=f.make_scenario(),
    seed=1, timed=False, started_at=f.START, scorer_version="test-1")
for k in range(int(turns)):
    store.record_turn(f.make_turn(session_id, k, total=50 + k % 40))
    print("recorded", k + 1, flush=True)
    if wait != "wait":
        time.sleep(0.005)
store.finish_session(session_id, outcome="won", ended_at=f.START, finished=True,
    evaluation=f.make_evaluation())
print("finished", flush=True)
"""

# The dojo command line in a child, with the deterministic scorer of the engine tests.
DOJO = f"""
import importlib.util
spec = importlib.util.spec_from_file_location("fake", {str(FAKE_SCORER)!r})
fake = importlib.util.module_from_spec(spec); spec.loader.exec_module(fake)
import scoring; scoring.score_turn = fake.fake_score
from simulator.cli import cli
cli(prog_name="dojo")
"""


class Lines:
    """A child's stdout read on a thread, so the test can wait for one line at a time."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        stdout = process.stdout

        def pump() -> None:
            for line in stdout:
                self._queue.put(line.rstrip("\n"))
            self._queue.put(None)

        self._thread = threading.Thread(target=pump, daemon=True)
        self._thread.start()

    def until(self, wanted: str) -> str:
        """The first line that starts with wanted; fails if the child ends first."""
        while True:
            # The timeout only guards against a hung child; nothing here measures speed.
            line = self._queue.get(timeout=120)
            if line is None:
                raise AssertionError(f"the child ended before printing {wanted!r}: {self.seen}")
            self.seen.append(line)
            if line.startswith(wanted):
                return line

    def rest(self) -> list[str]:
        """Every line printed after the last one read, once the child's stdout has closed."""
        self._thread.join(timeout=120)
        while True:
            line = self._queue.get_nowait() if not self._queue.empty() else None
            if line is None:
                return self.seen
            self.seen.append(line)


def recorder(path: Path, session_id: str, turns: int, wait: bool) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            RECORDER,
            str(path),
            session_id,
            session_id,
            str(turns),
            "wait" if wait else "go",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def kill_hard(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


class TestKilledMidSession:
    def test_every_announced_turn_survives_and_the_session_stays_open(self, tmp_path: Path) -> None:
        path = tmp_path / "records.db"
        process = recorder(path, "crashed", turns=2000, wait=False)
        lines = Lines(process)
        lines.until("recorded 3")
        kill_hard(process)
        announced = max(
            int(line.split()[1]) for line in lines.rest() if line.startswith("recorded")
        )
        assert "finished" not in lines.seen

        with Store.open(path) as store:
            turns = store.session_replies("crashed")
            # A turn can be committed just before the kill and never announced, never the reverse.
            assert announced >= 3
            assert announced <= len(turns) <= announced + 1
            indexes = [
                row["idx"]
                for row in store.query(
                    "SELECT idx FROM turns WHERE session_id = 'crashed' ORDER BY idx"
                )
            ]
            assert indexes == list(range(len(turns)))
            assert store.session("crashed")["status"] == "open"
            assert store.session("crashed")["turn_count"] == len(turns)
            [row] = store.open_sessions("crashed")
            assert row["id"] == "crashed" and row["turns"] == len(turns)
            store.mark_abandoned("crashed")
            assert store.open_sessions() == []
            assert store.session("crashed")["status"] == "abandoned"
            assert len(store.session_replies("crashed")) == len(turns)

    def test_headless_practice_killed_after_a_few_replies_keeps_them(self, tmp_path: Path) -> None:
        path = tmp_path / "headless.db"
        env = {**os.environ, "DOJO_TRAINEE": "ana", "PYTHONIOENCODING": "utf-8"}
        env.pop("DOJO_SCENARIOS", None)
        env.pop("DOJO_DB", None)
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                DOJO,
                "practice",
                "engine-objection-en",
                "--replies",
                "-",
                "--db",
                str(path),
                "--seed",
                "3",
                "--scenarios",
                str(ENGINE_DATA),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        assert process.stdin is not None
        lines = Lines(process)
        # "yes_if" at the node `think` keeps the customer thinking, so the session goes on.
        replies = ["compensate: it covers four phones", "yes_if: if it helps", "yes_if: again"]
        try:
            lines.until("Mr Hale: ")
            for reply in replies:
                process.stdin.write(reply + "\n")
                process.stdin.flush()
                # The score line is printed after on_turn has stored the turn.
                lines.until("  [")
        finally:
            kill_hard(process)

        with Store.open(path) as store:
            [session] = store.open_sessions("ana")
            assert session["scenario_id"] == "engine-objection-en" and session["turns"] == 3
            assert session["mode"] == "headless" and session["seed"] == 3
            assert [r["reply"] for r in store.session_replies(session["id"])] == replies
            techniques = store.query(
                "SELECT technique FROM turns WHERE session_id = ? ORDER BY idx", [session["id"]]
            )
            assert [row["technique"] for row in techniques] == ["compensate", "yes_if", "yes_if"]


def test_two_processes_recording_at_once_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    Store.open(path).close()
    turns = 150
    first = recorder(path, "first", turns=turns, wait=True)
    second = recorder(path, "second", turns=turns, wait=True)
    outputs = []
    try:
        for process in (first, second):
            assert process.stdout is not None and process.stdin is not None
            assert process.stdout.readline().strip() == "opened"
        # Both are open and waiting; release them together so their writes interleave.
        for process in (first, second):
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        for process in (first, second):
            outputs.append(process.communicate(timeout=120))
    finally:
        for process in (first, second):
            if process.poll() is None:
                kill_hard(process)
    for process, (out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err
        assert "locked" not in err
        assert out.strip().endswith("finished")
    with Store.open(path) as store:
        counts = store.query(
            "SELECT session_id, count(*) AS n, min(idx) AS lo, max(idx) AS hi FROM turns "
            "GROUP BY session_id ORDER BY session_id"
        )
        assert counts == [
            {"session_id": "first", "n": turns, "lo": 0, "hi": turns - 1},
            {"session_id": "second", "n": turns, "lo": 0, "hi": turns - 1},
        ]
        statuses = store.query("SELECT id, status, turn_count FROM sessions ORDER BY id")
        assert statuses == [
            {"id": "first", "status": "finished", "turn_count": turns},
            {"id": "second", "status": "finished", "turn_count": turns},
        ]
        assert len(store.query("SELECT session_id FROM evaluations")) == 2


def corrupt_file(path: Path) -> None:
    path.write_bytes(b"These are meeting notes, not a database.\n" * 200)


def newer_schema_file(path: Path) -> None:
    with Store.open(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('objection-dojo', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    # Back to a single file, so the bytes compared below are the whole database.
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


REFUSED = [
    pytest.param(corrupt_file, "is not a records database or is damaged", id="corrupt"),
    pytest.param(newer_schema_file, "written by a newer version of dojo", id="newer-schema"),
]


@pytest.mark.parametrize(("make", "message"), REFUSED)
def test_a_refused_file_raises_store_error_and_keeps_its_bytes(
    tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "records.db"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    with pytest.raises(StoreError, match=message) as error:
        Store.open(path)
    assert str(path) in error.value.message and "--db PATH" in error.value.message
    assert path.read_bytes() == before


@pytest.mark.parametrize(("make", "message"), REFUSED)
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["report"], id="report"),
        pytest.param(["export", "--format", "xapi"], id="export"),
        pytest.param(["trainee", "set-team", "ana", "north"], id="set-team"),
        pytest.param(
            ["practice", "engine-objection-en", "--replies", "-", "--scenarios", str(ENGINE_DATA)],
            id="practice",
        ),
    ],
)
def test_the_command_line_reports_a_refused_file_without_a_traceback(
    tmp_path: Path, make: object, message: str, command: list[str]
) -> None:
    path = tmp_path / "records.db"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    result = CliRunner().invoke(cli, [*command, "--db", str(path)], input="ask: why?\n")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    assert message in result.output and str(path) in result.output
    assert path.read_bytes() == before


def test_a_refused_file_in_a_real_process_exits_non_zero_with_one_clear_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "records.db"
    corrupt_file(path)
    before = path.read_bytes()
    completed = subprocess.run(
        [sys.executable, "-c", DOJO, "report", "--db", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert completed.returncode != 0
    assert "Traceback" not in completed.stderr
    assert "is not a records database or is damaged" in completed.stderr
    assert path.read_bytes() == before
