"""Many trainees on one server: turns recorded, lost and p99 time to record, alone and beside a push.

Each simulated trainee is what one `dojo serve` visitor's app process holds: a session
engine (simulator.session.engine.Session, real scorer) and a records connection of its own
(simulator.records.store.Store) on the one database, in a process of its own. Trainees start
together and reply every second; every turn is recorded the moment it is scored, as the
app does. A finished session is closed and the next one started. Each session is claimed
for its window as it starts, every turn is written under that claim, and the claim's
heartbeat is written every 15 s, as the app's timer does.

The second run does the same while `dojo lrs push` runs again and again beside the
trainees, against an LRS on 127.0.0.1 that accepts every batch (a small stand-in, so the
figure is about the records database, not a particular LRS).

The anchor, measured in the same run, is one trainee alone: the same record_turn with no
one else writing.
"""

from __future__ import annotations

import argparse
import http.server
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.errors import StoreError  # noqa: E402
from simulator.paths import bundled_scenarios_dir  # noqa: E402
from simulator.records.store import Store  # noqa: E402
from simulator.scenario.loader import load_library  # noqa: E402
from simulator.scenario.model import Scenario  # noqa: E402
from simulator.session.engine import Session, utc_now  # noqa: E402
from simulator.session.evaluation import Evaluation  # noqa: E402
from simulator.session.recording import CLAIM_HEARTBEAT_SECONDS, new_claim_token  # noqa: E402
from simulator.session.turns import TurnResult  # noqa: E402

GOAL_P99_MS = 50.0
"""Recording one turn must take at most this long for 99 turns in 100."""

REPLIES = {
    "zh": (
        "您说得对,价格确实高一些,不过它的使用寿命是普通产品的三倍。",
        "请问您主要担心的是哪一方面呢?是价格还是售后?",
        "非常抱歉给您带来不便,我马上帮您登记并安排师傅明天上门处理。",
    ),
    "en": (
        "I understand; if we look at the cost per year, it actually comes out cheaper.",
        "May I ask what worries you most: the price or the service afterwards?",
        "I am so sorry about this; I will log it now and have it fixed by tomorrow.",
    ),
}


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of values (share in 0..1)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def trainee_loop(
    db: Path,
    scenarios: list[Scenario],
    name: str,
    seconds: float,
    interval: float,
    offset: float,
    out: dict[str, Any],
) -> None:
    """One trainee replying every interval seconds until seconds have passed."""
    timings: list[float] = []
    beats: list[float] = []
    scored = errors = beat_errors = 0
    token = new_claim_token()
    time.sleep(offset)
    try:
        store = Store.open(db)
    except StoreError as error:
        out[name] = {"timings": [], "scored": 0, "errors": 0, "failure": error.message}
        return

    def record(turn: TurnResult) -> None:
        started = time.perf_counter()
        store.record_turn(turn, claim=token)
        timings.append(time.perf_counter() - started)

    deadline = time.monotonic() + seconds
    n = 0
    session: Session | None = None
    next_at = time.monotonic()
    beat_at = next_at + CLAIM_HEARTBEAT_SECONDS
    while time.monotonic() < deadline:
        if session is not None and time.monotonic() >= beat_at:
            beat_at += CLAIM_HEARTBEAT_SECONDS
            started = time.perf_counter()
            try:
                store.refresh_claim(session.id, token, utc_now())
                beats.append(time.perf_counter() - started)
            except StoreError:
                beat_errors += 1
        if session is None or session.ended:
            if session is not None:
                store.finish_session(
                    session.id, outcome=session.outcome, ended_at=session.ended_at or session.clock(),
                    finished=session.finished, evaluation=session.evaluation(),
                    hints_used=session.hints_used, claim=token,
                )  # fmt: skip
            scenario = scenarios[(hash(name) + n) % len(scenarios)]
            n += 1
            session = Session(scenario, name, n, on_turn=record)
            store.start_session(
                session_id=session.id, trainee=name, scenario=scenario, seed=n, timed=False,
                started_at=session.started_at, scorer_version="bench", claim=token,
            )  # fmt: skip
        replies = REPLIES[session.scenario.language]
        try:
            session.submit(replies[len(session.turns) % len(replies)], interval)
            scored += 1
        except StoreError:  # a turn that could not be recorded is lost: counted, not hidden
            errors += 1
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    if session is not None and not session.ended:
        session.stop()
        evaluation: Evaluation = session.evaluation()
        store.finish_session(
            session.id, outcome=session.outcome, ended_at=session.ended_at or session.clock(),
            finished=False, evaluation=evaluation, hints_used=session.hints_used, claim=token,
        )  # fmt: skip
    store.close()
    out[name] = {
        "timings": timings,
        "scored": scored,
        "errors": errors,
        "beats": beats,
        "beat_errors": beat_errors,
    }


def warm_up(scenarios: list[Scenario]) -> None:
    """Score a reply in each language, unrecorded, so the scorer's models are loaded.

    A visitor's app loads them with its first reply, a quarter of a second of CPU; the
    run measures trainees practising, not fifty processes loading models in one second.
    """
    for language, replies in REPLIES.items():
        scenario = next(s for s in scenarios if s.language == language)
        Session(scenario, "warm-up", 0).submit(replies[0], 1.0)


def cpu_busy() -> tuple[float, float]:
    """The machine's busy and total CPU time so far, from /proc/stat (zeros elsewhere)."""
    try:
        fields = [float(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)
    return sum(fields) - idle, sum(fields)


def worker(
    db: Path,
    names: list[str],
    phases: list[float],
    seconds: float,
    interval: float,
    queue: Any,
    go: Any,
) -> None:
    """One process holding its trainees (one, as `dojo serve` runs one process per visitor).

    Each trainee first replies phases[i] seconds after the start, then every interval.
    """
    library = load_library([bundled_scenarios_dir()])
    scenarios = sorted(library.scenarios.values(), key=lambda s: s.id)
    warm_up(scenarios)
    results: dict[str, Any] = {}
    # Loaded and ready: wait until every process is, so all trainees start together.
    queue.put("ready")
    go.wait()
    threads = [
        threading.Thread(
            target=trainee_loop,
            args=(db, scenarios, name, seconds, interval, phase, results),
        )
        for name, phase in zip(names, phases, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


class AcceptingLrs(http.server.BaseHTTPRequestHandler):
    """Accepts every statement batch, as an LRS that is up and happy would."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        statements = json.loads(self.rfile.read(length))
        body = json.dumps([s["id"] for s in statements]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def pusher(db: Path, endpoint: str, stop: threading.Event, stats: dict[str, Any]) -> None:
    """Run `dojo lrs push` again and again until stopped."""
    env = {**os.environ, "DOJO_LRS_ENDPOINT": endpoint, "DOJO_DB": str(db)}
    runs, seconds = 0, []
    while not stop.is_set():
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "simulator.cli", "lrs", "push"],
            env=env, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        seconds.append(time.perf_counter() - started)
        runs += 1
        stats["last"] = done.stdout.strip() or done.stderr.strip()
        stats["failed"] = stats.get("failed", 0) + (done.returncode != 0)
    stats["runs"] = runs
    stats["seconds"] = seconds


def run(
    db: Path,
    trainees: int,
    processes: int,
    seconds: float,
    interval: float,
    lockstep: bool = False,
) -> dict[str, Any]:
    """Drive the trainees against db; what they scored, recorded and how fast.

    Trainees reply at moments spread evenly over each interval, as people do; with
    lockstep, all of them at the same moment, the worst burst the records can meet.
    """
    names = [f"Trainee {n:02d}" for n in range(trainees)]
    phase = {name: 0.0 if lockstep else interval * n / trainees for n, name in enumerate(names)}
    groups = [names[i::processes] for i in range(processes)]
    ctx = multiprocessing.get_context("spawn")
    queue: Any = ctx.Queue()
    go = ctx.Event()
    procs = [
        ctx.Process(
            target=worker, args=(db, g, [phase[n] for n in g], seconds, interval, queue, go)
        )
        for g in groups
        if g
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        assert queue.get() == "ready"
    busy_before, total_before = cpu_busy()
    go.set()
    merged: dict[str, Any] = {}
    for _ in procs:
        merged.update(queue.get())
    busy_after, total_after = cpu_busy()
    load = os.getloadavg()[0]
    for proc in procs:
        proc.join()
    timings = [t for r in merged.values() for t in r["timings"]]
    beats = [t for r in merged.values() for t in r.get("beats", [])]
    failures = [r["failure"] for r in merged.values() if r.get("failure")]
    scored = sum(r["scored"] for r in merged.values())
    errors = sum(r["errors"] for r in merged.values())
    with Store.open(db) as store:
        [row] = store.query(
            "SELECT count(*) AS n FROM turns tu JOIN sessions s ON s.id = tu.session_id "
            "JOIN trainees t ON t.id = s.trainee_id WHERE t.name LIKE 'Trainee %'"
        )
    return {
        "scored": scored,
        "recorded": row["n"],
        "lost": scored + errors - row["n"],
        "errors": errors,
        "failures": failures,
        "p50_ms": percentile(timings, 0.50) * 1000,
        "p99_ms": percentile(timings, 0.99) * 1000,
        "max_ms": max(timings) * 1000 if timings else float("nan"),
        "beats": len(beats),
        "beat_errors": sum(r.get("beat_errors", 0) for r in merged.values()),
        "beat_p99_ms": percentile(beats, 0.99) * 1000,
        "cpu_busy": (busy_after - busy_before) / max(1.0, total_after - total_before),
        "load": load,
    }


def line(title: str, r: dict[str, Any]) -> str:
    verdict = "ok" if r["lost"] == 0 and r["p99_ms"] <= GOAL_P99_MS else "MISSED"
    if r["failures"]:
        verdict += f", {len(r['failures'])} trainees could not open the records: {r['failures'][0]}"
    return (
        f"{title:<28} turns scored {r['scored']:>5}  recorded {r['recorded']:>5}  "
        f"lost {r['lost']}  p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
        f"max {r['max_ms']:.1f} ms  [{verdict}: lost 0, p99 <= {GOAL_P99_MS:g} ms]\n"
        f"{'':<28} claim heartbeats {r['beats']} (failed {r['beat_errors']}), "
        f"p99 {r['beat_p99_ms']:.1f} ms;  CPU {r['cpu_busy']:.0%} busy on {os.cpu_count()} cores, "
        f"load average {r['load']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=50)
    parser.add_argument(
        "--processes", type=int, default=None, help="default: one per trainee, as dojo serve"
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between replies")
    parser.add_argument(
        "--lockstep",
        action="store_true",
        help="every trainee replies at the same moment (default: spread over the interval)",
    )
    args = parser.parse_args()
    timing = "in lockstep" if args.lockstep else "spread"
    with tempfile.TemporaryDirectory(prefix="dojo-load-") as folder:
        anchor_db = Path(folder) / "alone.db"
        Store.open(anchor_db).close()
        anchor = run(anchor_db, 1, 1, min(args.seconds, 20.0), args.interval / 4)
        print(line("anchor: 1 trainee alone", anchor))

        db = Path(folder) / "team.db"
        Store.open(db).close()
        processes = args.processes or args.trainees
        load = run(db, args.trainees, processes, args.seconds, args.interval, args.lockstep)
        print(line(f"{args.trainees} trainees, {timing}", load))

        db2 = Path(folder) / "team-push.db"
        Store.open(db2).close()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), AcceptingLrs)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        endpoint = f"http://127.0.0.1:{server.server_address[1]}/xAPI"
        stop = threading.Event()
        stats: dict[str, Any] = {}
        push_thread = threading.Thread(target=pusher, args=(db2, endpoint, stop, stats))
        push_thread.start()
        pushed = run(db2, args.trainees, processes, args.seconds, args.interval, args.lockstep)
        stop.set()
        push_thread.join()
        server.shutdown()
        print(line(f"{args.trainees} trainees + lrs push", pushed))
        runs = stats.get("runs", 0)
        mean = sum(stats.get("seconds", [0])) / max(1, runs)
        print(
            f"{'':<28} dojo lrs push ran {runs} times beside them ({mean:.1f} s each, "
            f"{stats.get('failed', 0)} failed); last: {stats.get('last', '')}"
        )


if __name__ == "__main__":
    main()
