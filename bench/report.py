"""Times each HR report section and the HTML report on a large records database.

Each is printed beside the same aggregate as one plain SQL query run by the sqlite3 command
line on the same file in the same run, with the ratio of the two, and the database's size
per 100,000 turns.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from scoring.models import LABELS
from simulator.cli import cli
from simulator.identity import name_key, new_trainee_id
from simulator.records import report as reports
from simulator.records.report import Filters
from simulator.records.report_html import render_html
from simulator.records.store import (
    SUMMARY_COLUMNS,
    Store,
    iso_utc,
    refresh_rollups,
    technique_columns,
)
from simulator.scenario.model import SATISFACTION_FACTORS
from simulator.session.evaluation import LEVELS

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
FLAGS = (
    "arguing",
    "face_threat",
    "exaggeration",
    "dismissive",
    "jargon",
    "empty_apology",
    "off_topic",
    "pressure",
    "disparaging",
    "gaming",
)
"""Flag ids the synthetic turns get; reports read whatever ids the turns hold."""
NOTES = (
    "Good recovery after the price objection; practise asking first.",
    '=HYPERLINK("http://example.invalid") <script>alert(1)</script> 需要多练习询问法。',
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
        "INSERT INTO trainees (id, name, name_key, uid, team, created) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                n + 1,
                f"trainee-{n:05d}",
                name_key(f"trainee-{n:05d}"),
                new_trainee_id(),
                f"team-{n % 50:02d}",
                iso_utc(start_day),
            )
            for n in range(trainees)
        ],
    )
    session_rows: list[tuple[Any, ...]] = []
    turn_rows: list[tuple[Any, ...]] = []
    evaluation_rows: list[tuple[Any, ...]] = []
    flag_rows: list[tuple[Any, ...]] = []
    note_rows: list[tuple[Any, ...]] = []
    total_turns = 0
    for trainee_id in range(1, trainees + 1):
        for s in range(sessions):
            session_id = f"{trainee_id:05d}-{s:04d}-{rng.getrandbits(64):016x}"
            started = start_day + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
            status = rng.choices(["finished", "unfinished", "abandoned"], [90, 8, 2])[0]
            scenario = rng.choice(SCENARIOS)
            points = []
            sums = dict.fromkeys(SUMMARY_COLUMNS, 0)
            flag_counts: dict[str, int] = {}
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
                turn_flags = (
                    sorted(set(rng.choices(FLAGS, weights=range(len(FLAGS), 0, -1), k=2)))
                    if rng.random() < 0.3
                    else []
                )
                for flag in turn_flags:
                    flag_counts[flag] = flag_counts.get(flag, 0) + 1
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
                        json.dumps(
                            [
                                {"id": f, "message": "…", "penalty": 5, "span": None}
                                for f in turn_flags
                            ]
                        ),
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
                    scenario,
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
                flag_rows.extend(
                    (session_id, trainee_id, status, iso_utc(started), scenario, flag, count)
                    for flag, count in flag_counts.items()
                )
            if status != "abandoned" and rng.random() < 0.01:
                note_rows.append((session_id, "hr-lead", rng.choice(NOTES), iso_utc(ended)))
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
            _flush(conn, session_rows, turn_rows, evaluation_rows, flag_rows, note_rows)
    # The rollups a closing session refreshes for its trainee, summed here for everyone.
    refresh_rollups(conn)
    conn.execute("COMMIT")
    # No ANALYZE: dojo never runs it, so the queries are timed as a real database plans them.
    store.close()
    return total_turns


def _flush(
    conn: Any, sessions: list, turns: list, evaluations: list, flags: list, notes: list
) -> None:
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
    conn.executemany(
        """INSERT INTO session_flags (session_id, trainee_id, status, started_at, scenario_id,
        flag, turns) VALUES (?, ?, ?, ?, ?, ?, ?)""",
        flags,
    )
    conn.executemany(
        "INSERT INTO notes (session_id, author, text, created_at) VALUES (?, ?, ?, ?)", notes
    )
    for rows in (sessions, turns, evaluations, flags, notes):
        rows.clear()


def best_of(run: Callable[[], Any], repeats: int) -> float:
    """The best of `repeats` runs of run, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


def sqlite_cli(path: Path, sql: str) -> Callable[[], None]:
    """A run of one query by the sqlite3 command line on the file, output discarded."""
    executable = shutil.which("sqlite3")
    if executable is None:
        sys.exit("the sqlite3 command line is needed for the anchor: apt-get install sqlite3")

    def run() -> None:
        subprocess.run(
            [executable, "-batch", "-bail", "-readonly", str(path), sql],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    return run


FINISHED = "s.status = 'finished'"
TECHNIQUE_SUMS = ", ".join(f"sum({c})" for c in SUMMARY_COLUMNS)
WEEK = "CAST((julianday(substr(s.started_at, 1, 10)) - julianday('1970-01-05')) / 7 AS INTEGER)"

ANCHORS: dict[str, str] = {
    "teams": f"""SELECT t.team, count(*), sum(s.status = 'finished'),
        avg(CASE WHEN {FINISHED} THEN s.total_score END), avg(s.passed), {TECHNIQUE_SUMS}
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        WHERE s.status IN ('finished', 'unfinished') GROUP BY t.team""",
    "trainees": f"""SELECT t.name, count(*), sum(s.status = 'finished'),
        avg(CASE WHEN {FINISHED} THEN s.total_score END), avg(s.passed), max(s.ended_at)
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        WHERE s.status IN ('finished', 'unfinished') GROUP BY t.name""",
    "progress": f"""SELECT s.trainee_id, {WEEK} AS week, count(*), avg(s.total_score)
        FROM sessions s WHERE {FINISHED} GROUP BY s.trainee_id, week""",
    "techniques": f"SELECT {TECHNIQUE_SUMS} FROM sessions s WHERE {FINISHED}",
    "calibration": f"""SELECT s.trainee_id, count(*), avg(e.self_assessment), avg(e.idx)
        FROM sessions s JOIN evaluations e ON e.session_id = s.id
        WHERE {FINISHED} AND e.self_assessment IS NOT NULL GROUP BY s.trainee_id""",
    "flags": """SELECT flag, sum(turns), count(*), count(DISTINCT trainee_id)
        FROM session_flags WHERE status = 'finished' GROUP BY flag""",
    "scenarios": f"""SELECT s.scenario_id, count(*), avg(CASE WHEN {FINISHED} THEN s.total_score END),
        avg(s.passed), avg(s.turn_count) FROM sessions s
        WHERE s.status IN ('finished', 'unfinished') GROUP BY s.scenario_id""",
    "trend": f"""SELECT substr(s.started_at, 1, 10) AS day, count(*),
        avg(CASE WHEN {FINISHED} THEN s.total_score END), avg(s.passed)
        FROM sessions s WHERE s.status IN ('finished', 'unfinished') GROUP BY day""",
    "satisfaction": f"""SELECT e.level, count(*), avg(e.css), avg(e.idx)
        FROM sessions s JOIN evaluations e ON e.session_id = s.id WHERE {FINISHED}
        GROUP BY e.level""",
    "notes": """SELECT n.*, t.name FROM notes n JOIN sessions s ON s.id = n.session_id
        JOIN trainees t ON t.id = s.trainee_id ORDER BY n.created_at""",
}
"""Per section, the same aggregate as one plain SQL query, for the sqlite3 command line."""


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
        print(
            f"Report sections (best of {args.repeats}; target ≤ {TARGET_SECONDS:g} s each), "
            "beside the same aggregate as one SQL query in the sqlite3 command line:"
        )
        print(f"  {'section':<40} {'dojo':>9} {'sqlite3':>9} {'ratio':>6}")
        sections: list[tuple[str, Callable[[], Any], str | None]] = [
            ("teams", lambda: reports.by_team(store, everything), "teams"),
            ("techniques per team", lambda: reports.by_team_technique(store, everything), "teams"),
            ("per trainee", lambda: reports.by_trainee(store, everything), "trainees"),
            (
                "trainees over time (progress)",
                lambda: reports.progress(store, everything),
                "progress",
            ),
            ("per technique", lambda: reports.by_technique(store, everything), "techniques"),
            ("calibration", lambda: reports.calibration(store, everything), "calibration"),
            ("principles broken (flags)", lambda: reports.flags(store, everything), "flags"),
            ("per scenario", lambda: reports.by_scenario(store, everything), "scenarios"),
            ("trend per week", lambda: reports.trend(store, everything, "week"), "trend"),
            (
                "satisfaction levels",
                lambda: reports.satisfaction(store, everything),
                "satisfaction",
            ),
            ("notes", lambda: reports.notes(store, everything), "notes"),
            ("summary", lambda: reports.summary(store, everything), "trainees"),
            ("evaluation averages", lambda: reports.evaluation_averages(store, everything), None),
            ("per technique, one trainee", lambda: reports.by_technique(store, one_trainee), None),
            ("per technique, one team", lambda: reports.by_technique(store, one_team), None),
            ("per technique, one quarter", lambda: reports.by_technique(store, quarter), None),
            (
                "per technique, one scenario",
                lambda: reports.by_technique(store, one_scenario),
                None,
            ),
            ("full report, everyone", lambda: reports.full_report(store, everything), None),
            ("full report, one team", lambda: reports.full_report(store, one_team), None),
            (
                "trainee drill-down (sessions)",
                lambda: reports.trainee_sessions(store, "trainee-00007"),
                None,
            ),
            (
                "trainee progress screen",
                lambda: reports.trainee_progress(store, "trainee-00007"),
                None,
            ),
        ]
        anchor_times = {
            name: best_of(sqlite_cli(path, sql), args.repeats) for name, sql in ANCHORS.items()
        }
        all_anchors = best_of(sqlite_cli(path, ";\n".join(ANCHORS.values()) + ";"), args.repeats)

        def line(label: str, seconds: float, anchor: float | None) -> None:
            verdict = "ok" if seconds <= TARGET_SECONDS else "SLOW"
            beside = f"{anchor * 1000:7.1f} ms {seconds / anchor:5.1f}×" if anchor else " " * 17
            print(f"  {label:<40} {seconds * 1000:7.1f} ms {beside}  {verdict}")

        for label, run, anchor in sections:
            seconds = best_of(run, args.repeats)
            slowest = max(slowest, seconds)
            line(label, seconds, anchor_times[anchor] if anchor else None)

        def html_report() -> None:
            render_html(reports.full_report(store, everything), "en")

        seconds = best_of(html_report, args.repeats)
        slowest = max(slowest, seconds)
        line("HTML report (every section, rendered)", seconds, all_anchors)
        size_html = len(render_html(reports.full_report(store, everything), "en").encode())
        store.close()

        runner = CliRunner()
        out_file = Path(folder) / "report.html"

        def cli_report(*extra: str) -> Callable[[], None]:
            def run() -> None:
                result = runner.invoke(cli, ["report", "--db", str(path), *extra])
                assert result.exit_code == 0, result.output

            return run

        for label, extra in (
            ("dojo report --format json (whole path)", ("--format", "json")),
            (
                "dojo report --format html -o (whole path)",
                ("--format", "html", "-o", str(out_file)),
            ),
        ):
            seconds = best_of(cli_report(*extra), args.repeats)
            slowest = max(slowest, seconds)
            line(label, seconds, all_anchors)
        opening = best_of(lambda: Store.open(path, create=False).close(), args.repeats)
        print(
            f"  (of each whole path, opening the file with its integrity check: "
            f"{opening * 1000:.1f} ms)"
        )
        print(f"  (every anchor query in one sqlite3 run: {all_anchors * 1000:.1f} ms)")
        print(f"HTML report size: {size_html / 1e6:.2f} MB")
        print(
            f"Slowest: {slowest * 1000:.0f} ms — {'meets' if slowest <= TARGET_SECONDS else 'misses'}"
            f" the {TARGET_SECONDS:g} s target"
        )
        return 0 if slowest <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
