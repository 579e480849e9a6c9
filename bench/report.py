"""Times each HR report on a large records database and prints its size per 100,000 turns."""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from scoring.models import LABELS
from simulator import report as reports
from simulator.cli import cli
from simulator.evaluation import LEVELS
from simulator.report import Filters
from simulator.scenario import SATISFACTION_FACTORS
from simulator.store import SUMMARY_COLUMNS, Store, iso_utc, technique_columns

TARGET_SECONDS = 1.0
"""Each standard report must take at most this long on the full database."""

SCENARIOS = [f"scenario-{n:02d}" for n in range(12)]
REPLIES = (
    "就是因为收入少,才更需要保险来保障您和家人的生活。",
    "您说得对,价格确实高一些,不过它的使用寿命是普通产品的三倍。",
    "请问您主要担心的是哪一方面呢?是价格还是售后?",
    "I understand; if we look at the cost per year, it actually comes out cheaper.",
    "That's not quite right: the warranty covers parts and labour for two years.",
    "非常抱歉给您带来不便,我马上帮您登记并安排师傅明天上门处理。",
)
TIPS = (
    "先认同客户,再用“如果”引出另一种看法。",
    "Ask what lies behind the objection before answering it.",
)


def build(path: Path, trainees: int, sessions: int, turns: int, seed: int = 1) -> int:
    """Fill a new database with synthetic records by bulk insert; returns the number of turns."""
    rng = random.Random(seed)
    store = Store.open(path)
    conn = store.db.conn
    # Bulk loading only: the records are synthetic, so durability is not needed here.
    conn.execute("PRAGMA synchronous = OFF")
    start_day = datetime(2025, 1, 1, 8, tzinfo=UTC)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO trainees (id, name, team, created) VALUES (?, ?, ?, ?)",
        [
            (n + 1, f"trainee-{n:05d}", f"team-{n % 50:02d}", iso_utc(start_day))
            for n in range(trainees)
        ],
    )
    session_rows: list[tuple[Any, ...]] = []
    turn_rows: list[tuple[Any, ...]] = []
    evaluation_rows: list[tuple[Any, ...]] = []
    total_turns = 0
    for trainee_id in range(1, trainees + 1):
        for s in range(sessions):
            session_id = f"{trainee_id:05d}-{s:04d}-{rng.getrandbits(64):016x}"
            started = start_day + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
            status = rng.choices(["finished", "unfinished", "abandoned"], [90, 8, 2])[0]
            points = []
            sums = dict.fromkeys(SUMMARY_COLUMNS, 0)
            for i in range(turns):
                technique = rng.choice(LABELS)
                total = rng.randint(10, 95)
                hint = rng.random() < 0.1
                points.append(max(0, total - (10 if hint else 0)))
                scored = started + timedelta(seconds=40 * (i + 1))
                uses, score, matched = technique_columns(technique)
                sums[uses] += 1
                sums[score] += total
                sums[matched] += int(technique in ("yes_if", "compensate"))
                reply = rng.choice(REPLIES)
                turn_rows.append(
                    (
                        session_id,
                        i,
                        f"n{i}",
                        "太贵了,我再考虑考虑。",
                        reply,
                        technique,
                        round(rng.random(), 4),
                        rng.choice(LABELS),
                        0.1,
                        "zh",
                        json.dumps(
                            [
                                {
                                    "start": 0,
                                    "end": 4,
                                    "text": reply[:4],
                                    "technique": technique,
                                    "signal": "cue:precisely-because",
                                    "weight": 1.2,
                                }
                            ],
                            ensure_ascii=False,
                        ),
                        "[]",
                        total,
                        min(40, total // 2),
                        min(35, total // 3),
                        total - min(40, total // 2) - min(35, total // 3),
                        10 if hint else 0,
                        points[-1],
                        "[]",
                        "[]",
                        "[]",
                        rng.choice(TIPS),
                        json.dumps(["yes_if", "compensate"]),
                        int(technique in ("yes_if", "compensate")),
                        int(hint),
                        round(rng.uniform(5, 80), 3),
                        0,
                        "嗯,那你说说看。",
                        None,
                        50,
                        55,
                        3.0,
                        3.2,
                        f"n{i + 1}" if i < turns - 1 else None,
                        "won" if i == turns - 1 and status == "finished" else None,
                        "ended" if i == turns - 1 and status == "finished" else None,
                        iso_utc(scored),
                    )
                )
            total_turns += turns
            session_total = round(sum(points) / len(points))
            ended = started + timedelta(seconds=40 * turns + 5)
            session_rows.append(
                (
                    session_id,
                    trainee_id,
                    rng.choice(SCENARIOS),
                    1,
                    "ab" * 32,
                    "标题",
                    "zh",
                    "objection",
                    60,
                    "bench",
                    "1" if status != "abandoned" else None,
                    rng.randrange(1000),
                    0,
                    rng.choice(["app", "headless"]),
                    iso_utc(started),
                    iso_utc(ended) if status != "abandoned" else None,
                    status,
                    "won" if status == "finished" else None,
                    session_total,
                    turns,
                    sum(points),
                    0,
                    int(session_total >= 60) if status == "finished" else None,
                    *sums.values(),
                )
            )
            if status != "abandoned":
                grades = [rng.randint(1, 5) for _ in SATISFACTION_FACTORS]
                perceived = round(rng.uniform(1, 5), 2)
                evaluation_rows.append(
                    (
                        session_id,
                        *grades,
                        "{}",
                        "{}",
                        sum(grades) / 5,
                        perceived,
                        3,
                        round(perceived / 3, 4),
                        round(perceived - 3, 2),
                        rng.choice(LEVELS),
                        "1",
                        rng.randint(1, 5) if rng.random() < 0.3 else None,
                    )
                )
        if len(turn_rows) >= 60_000 or trainee_id == trainees:
            _flush(conn, session_rows, turn_rows, evaluation_rows)
    conn.execute("COMMIT")
    # No ANALYZE: dojo never runs it, so the queries are timed as a real database plans them.
    store.close()
    return total_turns


def _flush(conn: Any, sessions: list, turns: list, evaluations: list) -> None:
    """Insert the buffered rows (sessions before their turns, for the foreign keys)."""
    conn.executemany(
        f"""INSERT INTO sessions (id, trainee_id, scenario_id, scenario_version, scenario_hash,
        scenario_title, scenario_language, scenario_kind, pass_mark, scorer_version,
        evaluation_rule_version, seed, timed, mode, started_at, ended_at, status, outcome,
        total_score, turn_count, points_sum, hints_used, passed, {", ".join(SUMMARY_COLUMNS)})
        VALUES ({", ".join("?" for _ in range(23 + len(SUMMARY_COLUMNS)))})""",
        sessions,
    )
    conn.executemany(
        """INSERT INTO turns (session_id, idx, node, customer, reply, technique, confidence,
        runner_up, runner_up_confidence, language, evidence, gaming, total, technique_fit,
        execution, relevance, hint_cost, points, flags, steps, steps_covered, tip, recommended,
        matched_recommended, hint_used, response_seconds, timed_out, reaction, revealed,
        mood_before, mood_after, satisfaction_before, satisfaction_after, next_node, outcome,
        end_reason, scored_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
        ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        turns,
    )
    conn.executemany(
        """INSERT INTO evaluations (session_id, efficiency, method, result, open_requests,
        root_cause, reasons, weights, idx, perceived, expected, css, gap, level, rule_version,
        self_assessment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        evaluations,
    )
    sessions.clear()
    turns.clear()
    evaluations.clear()


def timed(label: str, run: Callable[[], Any], repeats: int) -> float:
    """The best of `repeats` runs, in seconds, printed with its verdict against the target."""
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    verdict = "ok" if best <= TARGET_SECONDS else "SLOW"
    print(f"  {label:<44} {best * 1000:8.1f} ms  {verdict}")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="Fraction of the 1,000 trainees to build (0.1 for a quick run).",
    )
    parser.add_argument("--sessions", type=int, default=100, help="Sessions per trainee.")
    parser.add_argument("--turns", type=int, default=6, help="Turns per session.")
    parser.add_argument("--repeats", type=int, default=3, help="Runs per query; the best counts.")
    parser.add_argument("--db", type=Path, help="Keep the database here instead of a temp folder.")
    args = parser.parse_args(argv)
    trainees = max(1, round(1000 * args.scale))

    with tempfile.TemporaryDirectory(prefix="dojo-bench-") as folder:
        path = args.db or Path(folder) / "bench.db"
        if path.exists():
            sys.exit(f"{path} exists; remove it or give another --db")
        began = time.perf_counter()
        turns = build(path, trainees, args.sessions, args.turns)
        built = time.perf_counter() - began
        size = path.stat().st_size + sum(
            p.stat().st_size for p in path.parent.glob(path.name + "-*") if p.exists()
        )
        print(
            f"Built {trainees:,} trainees × {args.sessions} sessions × {args.turns} turns = "
            f"{turns:,} turns in {built:.1f} s"
        )
        print(
            f"Database size: {size / 1e6:.1f} MB, {size / 1e6 / (turns / 100_000):.1f} MB "
            "per 100,000 turns"
        )

        store = Store.open(path, create=False)
        everything = Filters()
        one_trainee = Filters(trainee="trainee-00007")
        one_team = Filters(team="team-03")
        quarter = Filters(date_from=date(2025, 4, 1), date_to=date(2025, 6, 30))
        one_scenario = Filters(scenario="scenario-05")
        slowest = 0.0
        print(f"Report queries (best of {args.repeats}; target ≤ {TARGET_SECONDS:g} s each):")
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("summary", lambda: reports.summary(store, everything)),
            ("per trainee", lambda: reports.by_trainee(store, everything)),
            ("per technique", lambda: reports.by_technique(store, everything)),
            ("per scenario", lambda: reports.by_scenario(store, everything)),
            ("trend per week", lambda: reports.trend(store, everything, "week")),
            ("trend per day", lambda: reports.trend(store, everything, "day")),
            ("satisfaction levels", lambda: reports.satisfaction(store, everything)),
            ("evaluation averages", lambda: reports.evaluation_averages(store, everything)),
            ("per technique, one trainee", lambda: reports.by_technique(store, one_trainee)),
            ("per technique, one team", lambda: reports.by_technique(store, one_team)),
            ("per technique, one quarter", lambda: reports.by_technique(store, quarter)),
            ("per technique, one scenario", lambda: reports.by_technique(store, one_scenario)),
            ("full report, everyone", lambda: reports.full_report(store, everything)),
            ("full report, one team", lambda: reports.full_report(store, one_team)),
            (
                "trainee drill-down (sessions)",
                lambda: reports.trainee_sessions(store, "trainee-00007"),
            ),
        ]
        for label, run in cases:
            slowest = max(slowest, timed(label, run, args.repeats))
        store.close()

        runner = CliRunner()

        def cli_report() -> None:
            result = runner.invoke(cli, ["report", "--db", str(path), "--format", "json"])
            assert result.exit_code == 0, result.output
            json.loads(result.output)

        slowest = max(
            slowest, timed("dojo report --format json (whole path)", cli_report, args.repeats)
        )
        print(
            f"Slowest: {slowest * 1000:.0f} ms — {'meets' if slowest <= TARGET_SECONDS else 'misses'}"
            f" the {TARGET_SECONDS:g} s target"
        )
        return 0 if slowest <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
