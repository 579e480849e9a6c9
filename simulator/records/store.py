"""The records database: trainees, sessions, scored turns and evaluations, in SQLite."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring.models import LABELS
from simulator.errors import ClaimLostError, SessionClaimedError, StoreError
from simulator.filesystems import network_share
from simulator.i18n import Message
from simulator.identity import display_name, name_key, new_trainee_id
from simulator.records.database import Database, Migrations, plain_database
from simulator.scenario.model import SATISFACTION_FACTORS
from simulator.session.verdict import judge, session_total

if TYPE_CHECKING:
    from simulator.scenario.model import Outcome, Scenario
    from simulator.session.evaluation import Evaluation
    from simulator.session.turns import TurnResult

BUSY_TIMEOUT_SECONDS = 5.0
"""How long a write waits for another process's write to finish before giving up."""

WRITE_LOCK_PAUSES = (0.0002, 0.002)
"""The first and the longest pause, in seconds, between tries for the write lock."""

MIGRATION_SET = "objection-dojo"
"""The name of this program's migration set in the `_sqlite_migrations` table."""

STATUSES: tuple[str, ...] = ("open", "finished", "unfinished", "abandoned")
"""A session's status: being played, ended by the scenario, stopped early, given up after a crash."""

MAX_NOTE_LENGTH = 4000
"""The longest note, in characters: a few paragraphs, never a pasted document."""

REPORTED_STATUSES: tuple[str, ...] = ("finished", "unfinished")
"""Sessions that reports count; open ones are in progress and abandoned ones never ended."""

CLOSED_SESSIONS_TRIGGER = """
CREATE TRIGGER closed_sessions_never_change BEFORE UPDATE ON sessions
WHEN OLD.status != 'open'
BEGIN
    SELECT RAISE(ABORT, 'a closed session is never changed');
END;
"""
"""A closed session (finished, unfinished, abandoned) is never changed, even by direct SQL."""

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_create_records(db: Database) -> None:
    """Trainees, sessions, turns and evaluations, with the indexes the reports use."""
    db.table("trainees").create(
        {"id": int, "name": str, "team": str, "created": str},
        pk="id",
        not_null={"name", "created"},
    )
    db.table("trainees").create_index(["name"], unique=True)
    db.table("sessions").create(
        {
            "id": str,
            "trainee_id": int,
            "scenario_id": str,
            "scenario_version": int,
            "scenario_hash": str,
            "scenario_title": str,
            "scenario_language": str,
            "scenario_kind": str,
            "pass_mark": int,
            "scorer_version": str,
            "evaluation_rule_version": str,
            "seed": int,
            "timed": int,
            "mode": str,
            "started_at": str,
            "ended_at": str,
            "status": str,
            "outcome": str,
            "total_score": int,
            "turn_count": int,
            "points_sum": int,
            "hints_used": int,
            "passed": int,
        },
        pk="id",
        foreign_keys=[("trainee_id", "trainees", "id")],
        not_null={
            "trainee_id",
            "scenario_id",
            "scenario_version",
            "pass_mark",
            "scorer_version",
            "seed",
            "timed",
            "mode",
            "started_at",
            "status",
            "turn_count",
            "points_sum",
            "hints_used",
        },
        defaults={"status": "open", "turn_count": 0, "points_sum": 0, "hints_used": 0},
    )
    db.table("turns").create(
        {
            "id": int,
            "session_id": str,
            "idx": int,
            "node": str,
            "customer": str,
            "reply": str,
            "technique": str,
            "confidence": float,
            "runner_up": str,
            "runner_up_confidence": float,
            "language": str,
            "evidence": str,
            "gaming": str,
            "total": int,
            "technique_fit": int,
            "execution": int,
            "relevance": int,
            "hint_cost": int,
            "points": int,
            "flags": str,
            "steps": str,
            "steps_covered": str,
            "tip": str,
            "recommended": str,
            "matched_recommended": int,
            "hint_used": int,
            "response_seconds": float,
            "timed_out": int,
            "reaction": str,
            "revealed": str,
            "mood_before": int,
            "mood_after": int,
            "satisfaction_before": float,
            "satisfaction_after": float,
            "next_node": str,
            "outcome": str,
            "end_reason": str,
            "scored_at": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={"session_id", "idx", "reply", "technique", "total", "points", "scored_at"},
    )
    db.table("turns").create_index(["session_id", "idx"], unique=True)
    db.table("evaluations").create(
        {
            "session_id": str,
            "efficiency": int,
            "method": int,
            "result": int,
            "open_requests": int,
            "root_cause": int,
            "reasons": str,
            "weights": str,
            "idx": float,
            "perceived": float,
            "expected": int,
            "css": float,
            "gap": float,
            "level": str,
            "rule_version": str,
            "self_assessment": int,
            "self_assessed_at": str,
        },
        pk="session_id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={
            "efficiency",
            "method",
            "result",
            "open_requests",
            "root_cause",
            "idx",
            "perceived",
            "expected",
            "css",
            "gap",
            "level",
        },
    )
    # The reports filter by period, trainee and scenario and group turns by technique;
    # the covering index lets the technique report read turns without touching the table.
    db.table("sessions").create_index(["status", "started_at"])
    db.table("sessions").create_index(["trainee_id", "started_at"])
    db.table("sessions").create_index(["scenario_id", "started_at"])
    db.table("turns").create_index(["session_id", "technique", "total", "matched_recommended"])
    db.table("evaluations").create_index(["level"])
    # Records are never recomputed: scored rows cannot be changed once written.
    db.executescript(CLOSED_SESSIONS_TRIGGER)
    db.executescript(
        """
        CREATE TRIGGER turns_never_change BEFORE UPDATE ON turns
        BEGIN
            SELECT RAISE(ABORT, 'recorded turns are never changed');
        END;
        CREATE TRIGGER evaluations_never_change BEFORE UPDATE ON evaluations
        WHEN NEW.efficiency IS NOT OLD.efficiency OR NEW.method IS NOT OLD.method
          OR NEW.result IS NOT OLD.result OR NEW.open_requests IS NOT OLD.open_requests
          OR NEW.root_cause IS NOT OLD.root_cause OR NEW.reasons IS NOT OLD.reasons
          OR NEW.weights IS NOT OLD.weights OR NEW.idx IS NOT OLD.idx
          OR NEW.perceived IS NOT OLD.perceived OR NEW.expected IS NOT OLD.expected
          OR NEW.css IS NOT OLD.css OR NEW.gap IS NOT OLD.gap OR NEW.level IS NOT OLD.level
          OR NEW.rule_version IS NOT OLD.rule_version
          OR (OLD.self_assessment IS NOT NULL
              AND NEW.self_assessment IS NOT OLD.self_assessment)
        BEGIN
            SELECT RAISE(ABORT, 'a recorded evaluation is never changed');
        END;
        """
    )


def technique_columns(label: str) -> tuple[str, str, str]:
    """The session's summary columns of one label: uses, sum of turn scores, matched advice."""
    return f"uses_{label}", f"score_{label}", f"matched_{label}"


SUMMARY_COLUMNS: tuple[str, ...] = tuple(c for label in LABELS for c in technique_columns(label))
"""Per-technique running totals kept on each session, so reports never scan every turn."""


@migrations()
def m002_technique_totals(db: Database) -> None:
    """Per-technique totals on sessions, and an index on the start time alone.

    The totals are sums of the session's stored turns, filled in here for sessions recorded
    before them; no score is recomputed. The labels are written out: a label added later
    gets its columns from a migration of its own.
    """
    # (label, uses, score, matched) for each label.
    totals = (
        ("ignore", "uses_ignore", "score_ignore", "matched_ignore"),
        ("compensate", "uses_compensate", "score_compensate", "matched_compensate"),
        ("taichi", "uses_taichi", "score_taichi", "matched_taichi"),
        ("ask", "uses_ask", "score_ask", "matched_ask"),
        ("yes_if", "uses_yes_if", "score_yes_if", "matched_yes_if"),
        ("rebuttal", "uses_rebuttal", "score_rebuttal", "matched_rebuttal"),
        ("none", "uses_none", "score_none", "matched_none"),
    )
    for _, *columns in totals:
        for column in columns:
            db.execute(f"ALTER TABLE sessions ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    # The trigger guards scores; the sums below only copy what the turns already hold.
    db.execute("DROP TRIGGER closed_sessions_never_change")
    for label, uses, score, matched in totals:
        db.execute(
            f"""UPDATE sessions SET ({uses}, {score}, {matched}) = (
                SELECT count(*), coalesce(sum(total), 0), coalesce(sum(matched_recommended), 0)
                FROM turns WHERE turns.session_id = sessions.id AND turns.technique = ?)""",
            [label],
        )
    db.executescript(CLOSED_SESSIONS_TRIGGER)
    # Status matches nearly every row, so an index on it only turned report scans into
    # lookups; the period filter uses started_at on its own.
    db.execute("DROP INDEX IF EXISTS idx_sessions_status_started_at")
    db.table("sessions").create_index(["started_at"], if_not_exists=True)


def _closed_sessions_trigger(db: Database) -> str:
    """The closed-sessions trigger over every column but trainee_id.

    Merging two trainees moves their sessions to one trainee; everything a session
    recorded stays as it was. A migration that adds a sessions column recreates this.
    """
    columns = [row[1] for row in db.execute("PRAGMA table_info(sessions)").fetchall()]
    guarded = ", ".join(c for c in columns if c != "trainee_id")
    return f"""
    CREATE TRIGGER closed_sessions_never_change BEFORE UPDATE OF {guarded} ON sessions
    WHEN OLD.status != 'open'
    BEGIN
        SELECT RAISE(ABORT, 'a closed session is never changed');
    END;
    """


@migrations()
def m003_identity(db: Database) -> None:
    """A stable id and a match key for every trainee; names that match become one trainee.

    Names are stored normalised (NFKC, trimmed, inner spaces collapsed). Trainees whose
    names match once normalised ("Lin Wei", "Lin Wei ", "lin wei") are one person: the
    earliest keeps its name and id and the others' sessions move to it.
    """
    db.execute("ALTER TABLE trainees ADD COLUMN uid TEXT")
    db.execute("ALTER TABLE trainees ADD COLUMN name_key TEXT")
    db.execute("DROP TRIGGER closed_sessions_never_change")
    keepers: dict[str, int] = {}
    renames: list[tuple[int, str, str]] = []
    for trainee_id, name, team in db.execute(
        "SELECT id, name, team FROM trainees ORDER BY id"
    ).fetchall():
        key = name_key(name)
        keeper = keepers.get(key)
        if keeper is None:
            keepers[key] = trainee_id
            renames.append((trainee_id, display_name(name), key))
            continue
        db.execute("UPDATE sessions SET trainee_id = ? WHERE trainee_id = ?", [keeper, trainee_id])
        db.execute("UPDATE trainees SET team = coalesce(team, ?) WHERE id = ?", [team, keeper])
        db.execute("DELETE FROM trainees WHERE id = ?", [trainee_id])
    for trainee_id, name, key in renames:
        db.execute(
            "UPDATE trainees SET name = ?, name_key = ?, uid = ? WHERE id = ?",
            [name, key, new_trainee_id(), trainee_id],
        )
    db.table("trainees").create_index(["name_key"], unique=True)
    db.table("trainees").create_index(["uid"], unique=True)
    db.executescript(_closed_sessions_trigger(db))


@migrations()
def m004_lrs_deliveries(db: Database) -> None:
    """What was sent to each learning record store: accepted statements, and failures to retry."""
    db.table("lrs_deliveries").create(
        {
            "endpoint": str,
            "statement_id": str,
            "session_id": str,
            "status": str,
            "attempts": int,
            "first_tried": str,
            "last_tried": str,
            "accepted_at": str,
            "error": str,
        },
        pk=("endpoint", "statement_id"),
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={"endpoint", "statement_id", "session_id", "status", "attempts"},
        defaults={"attempts": 0},
    )
    db.table("lrs_deliveries").create_index(["endpoint", "session_id"])


@migrations()
def m005_notes(db: Database) -> None:
    """HR's and trainers' notes on closed sessions: a table of their own, added to only."""
    db.table("notes").create(
        {"id": int, "session_id": str, "author": str, "text": str, "created_at": str},
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={"session_id", "author", "text", "created_at"},
    )
    db.table("notes").create_index(["session_id", "created_at"])
    db.executescript(
        """
        CREATE TRIGGER notes_never_change BEFORE UPDATE ON notes
        BEGIN
            SELECT RAISE(ABORT, 'a note is never changed; add another one');
        END;
        """
    )


FLAG_TOTALS_SQL = """INSERT INTO session_flags
    (session_id, trainee_id, status, started_at, scenario_id, flag, turns)
    SELECT s.id, s.trainee_id, s.status, s.started_at, s.scenario_id, tf.flag, count(*)
    FROM sessions s JOIN (
        SELECT DISTINCT tu.id, tu.session_id, json_extract(j.value, '$.id') AS flag
        FROM turns tu, json_each(tu.flags) j
        WHERE tu.session_id IN ({sessions}) AND tu.flags != '[]') tf ON tf.session_id = s.id
    WHERE tf.flag IS NOT NULL GROUP BY s.id, tf.flag"""
"""Adds the flag totals of the closed sessions the placeholder selects, from their turns."""


@migrations()
def m006_flag_totals(db: Database) -> None:
    """Per finished or unfinished session and flag id, how many of its turns got the flag.

    Written once when a session closes, with the session's trainee, status, start and
    scenario, so the report of the principles most often broken filters and groups this
    table alone instead of parsing every turn. The ids are whatever the scorer wrote, so a
    new kind of flag needs no new column. Filled here from the turns already recorded.
    """
    db.table("session_flags").create(
        {
            "session_id": str,
            "trainee_id": int,
            "status": str,
            "started_at": str,
            "scenario_id": str,
            "flag": str,
            "turns": int,
        },
        pk=("session_id", "flag"),
        foreign_keys=[("session_id", "sessions", "id"), ("trainee_id", "trainees", "id")],
        not_null={"trainee_id", "status", "started_at", "scenario_id", "turns"},
    )
    # FLAG_TOTALS_SQL over every finished or unfinished session, written out so that this
    # migration stays as it is when the query the store runs changes.
    db.execute(
        """INSERT INTO session_flags
        (session_id, trainee_id, status, started_at, scenario_id, flag, turns)
        SELECT s.id, s.trainee_id, s.status, s.started_at, s.scenario_id, tf.flag, count(*)
        FROM sessions s JOIN (
            SELECT DISTINCT tu.id, tu.session_id, json_extract(j.value, '$.id') AS flag
            FROM turns tu, json_each(tu.flags) j
            WHERE tu.session_id IN (
                SELECT id FROM sessions WHERE status IN ('finished', 'unfinished'))
            AND tu.flags != '[]') tf ON tf.session_id = s.id
        WHERE tf.flag IS NOT NULL GROUP BY s.id, tf.flag"""
    )


@migrations()
def m007_report_indexes(db: Database) -> None:
    """Covering indexes for the reports, so their scans read narrow index rows in order.

    The per-trainee, per-week and per-scenario figures group sessions by trainee with their
    scores and technique totals; the evaluations find their session's trainee and status by
    id; the flag report groups flag totals by status and trainee. Each is then read from its
    index alone, without sorting the wide session rows.
    """
    db.execute(
        """CREATE INDEX idx_sessions_report ON sessions (trainee_id, status, started_at,
        total_score, passed, turn_count, hints_used, ended_at, scenario_id, outcome,
        uses_ignore, score_ignore, matched_ignore, uses_compensate, score_compensate, matched_compensate, uses_taichi, score_taichi, matched_taichi, uses_ask, score_ask, matched_ask, uses_yes_if, score_yes_if, matched_yes_if, uses_rebuttal, score_rebuttal, matched_rebuttal, uses_none, score_none, matched_none)"""
    )
    db.execute(
        """CREATE INDEX idx_sessions_id_report
        ON sessions (id, status, trainee_id, started_at, scenario_id)"""
    )
    db.execute(
        "CREATE INDEX idx_session_flags_report ON session_flags (status, trainee_id, flag, turns)"
    )


ROLLUP_SQL: dict[str, str] = {
    "trainee_totals": f"""INSERT INTO trainee_totals
        SELECT trainee_id, status, count(*), sum(total_score), sum(passed), sum(turn_count),
            sum(hints_used), max(coalesce(ended_at, started_at)),
            {", ".join(f"sum({column})" for column in SUMMARY_COLUMNS)}
        FROM sessions WHERE status IN ('finished', 'unfinished') AND {{trainees}}
        GROUP BY trainee_id, status""",
    "trainee_weeks": """INSERT INTO trainee_weeks
        SELECT trainee_id, status, CAST((julianday(substr(started_at, 1, 10))
            - julianday('1970-01-05')) / 7 AS INTEGER) AS week,
            count(*), sum(total_score), sum(passed)
        FROM sessions WHERE status IN ('finished', 'unfinished') AND {trainees}
        GROUP BY trainee_id, status, week""",
    "trainee_scenarios": """INSERT INTO trainee_scenarios
        SELECT trainee_id, status, scenario_id, max(scenario_title), max(scenario_version),
            count(*), count(total_score), sum(total_score), count(passed), sum(passed),
            sum(turn_count), sum(outcome IN ('won', 'resolved'))
        FROM sessions WHERE status IN ('finished', 'unfinished') AND {trainees}
        GROUP BY trainee_id, status, scenario_id""",
    "trainee_flags": """INSERT INTO trainee_flags
        SELECT trainee_id, status, flag, count(*), sum(turns)
        FROM session_flags WHERE status IN ('finished', 'unfinished') AND {trainees}
        GROUP BY trainee_id, status, flag""",
    "trainee_levels": """INSERT INTO trainee_levels
        SELECT s.trainee_id, s.status, e.level, count(*), count(e.self_assessment),
            sum(CASE WHEN e.self_assessment IS NOT NULL THEN e.idx END),
            sum(e.efficiency), sum(e.method), sum(e.result), sum(e.open_requests),
            sum(e.root_cause), sum(e.idx), sum(e.perceived), sum(e.expected), sum(e.css),
            sum(e.gap), sum(e.self_assessment)
        FROM sessions s JOIN evaluations e ON e.session_id = s.id
        WHERE s.status IN ('finished', 'unfinished') AND {trainees}
        GROUP BY s.trainee_id, s.status, e.level""",
}
"""Per rollup table, how its rows are summed from the records, for the trainees selected."""


def refresh_rollups(conn: sqlite3.Connection, trainee_ids: list[int] | None = None) -> None:
    """Sum the report rollups again from the records, for these trainees (None: everyone).

    Run inside the transaction that changed their records, so the rollups never disagree
    with the sessions they sum.
    """
    if trainee_ids is None:
        condition, params = "1", []
    else:
        condition = f"trainee_id IN ({', '.join('?' for _ in trainee_ids)})"
        params = list(trainee_ids)
    for table, insert in ROLLUP_SQL.items():
        conn.execute(f"DELETE FROM {table} WHERE {condition}", params)
        # The evaluations' rollup joins sessions, whose trainee is named with its alias.
        selected = condition.replace("trainee_id", "s.trainee_id", 1)
        conn.execute(
            insert.format(trainees=selected if table == "trainee_levels" else condition), params
        )


@migrations()
def m008_report_rollups(db: Database) -> None:
    """Per-trainee rollups of the finished and unfinished sessions, summed when one closes.

    Reports over everyone, a team or a trainee (no period or scenario filter) add up these
    few rows instead of every session: totals and technique sums per trainee and status,
    counts and scores per week, per scenario, per flag and per satisfaction level. Filled
    here from the records already kept.
    """
    db.executescript(
        """
        CREATE TABLE trainee_totals (
            trainee_id INTEGER NOT NULL REFERENCES trainees(id), status TEXT NOT NULL,
            sessions INTEGER NOT NULL, score_sum INTEGER, passed_sum INTEGER,
            turns INTEGER, hints_used INTEGER, last_active TEXT,
            uses_ignore INTEGER, score_ignore INTEGER, matched_ignore INTEGER,
            uses_compensate INTEGER, score_compensate INTEGER, matched_compensate INTEGER,
            uses_taichi INTEGER, score_taichi INTEGER, matched_taichi INTEGER,
            uses_ask INTEGER, score_ask INTEGER, matched_ask INTEGER,
            uses_yes_if INTEGER, score_yes_if INTEGER, matched_yes_if INTEGER,
            uses_rebuttal INTEGER, score_rebuttal INTEGER, matched_rebuttal INTEGER,
            uses_none INTEGER, score_none INTEGER, matched_none INTEGER,
            PRIMARY KEY (trainee_id, status)
        );
        CREATE TABLE trainee_weeks (
            trainee_id INTEGER NOT NULL REFERENCES trainees(id), status TEXT NOT NULL,
            week INTEGER, sessions INTEGER NOT NULL, score_sum INTEGER, passed_sum INTEGER
        );
        CREATE INDEX idx_trainee_weeks_report
            ON trainee_weeks (trainee_id, week, status, sessions, score_sum, passed_sum);
        CREATE TABLE trainee_scenarios (
            trainee_id INTEGER NOT NULL REFERENCES trainees(id), status TEXT NOT NULL,
            scenario_id TEXT NOT NULL, title TEXT, latest_version INTEGER,
            sessions INTEGER NOT NULL, scored INTEGER, score_sum INTEGER, graded INTEGER,
            passed_sum INTEGER, turns INTEGER, good_endings INTEGER,
            PRIMARY KEY (trainee_id, status, scenario_id)
        );
        CREATE TABLE trainee_flags (
            trainee_id INTEGER NOT NULL REFERENCES trainees(id), status TEXT NOT NULL,
            flag TEXT NOT NULL, sessions INTEGER NOT NULL, turns INTEGER NOT NULL,
            PRIMARY KEY (trainee_id, status, flag)
        );
        CREATE TABLE trainee_levels (
            trainee_id INTEGER NOT NULL REFERENCES trainees(id), status TEXT NOT NULL,
            level TEXT NOT NULL, sessions INTEGER NOT NULL, self_assessed INTEGER NOT NULL,
            rated_index_sum REAL, efficiency INTEGER, method INTEGER, result INTEGER,
            open_requests INTEGER, root_cause INTEGER, idx REAL, perceived REAL,
            expected INTEGER, css REAL, gap REAL, self_assessment INTEGER,
            PRIMARY KEY (trainee_id, status, level)
        );
        """
    )
    refresh_rollups(db.conn)


@migrations()
def m009_session_claims(db: Database) -> None:
    """Which app holds each open session, and when it last showed it is still there.

    One row per claimed session: the claiming app's token and its latest heartbeat. A
    session is played in one window at a time; another window may take it over only once
    the heartbeat has gone quiet.
    """
    db.table("session_claims").create(
        {"session_id": str, "token": str, "claimed_at": str, "heartbeat_at": str},
        pk="session_id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={"token", "claimed_at", "heartbeat_at"},
    )


def migration_names() -> tuple[str, ...]:
    """The names of this program's migrations, in order: all of them are pending on a new file."""
    empty = plain_database()
    try:
        return tuple(migration.name for migration in migrations.pending(empty))
    finally:
        empty.close()


SCHEMA_VERSION = len(migration_names())
"""The schema this program writes: the number of its migrations, kept in PRAGMA user_version."""


def iso_utc(moment: datetime) -> str:
    """A moment as ISO 8601 UTC text with milliseconds, e.g. 2026-05-01T10:04:12.500Z.

    A naive datetime is taken to be UTC already. The fixed width makes text order time order.
    """
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc(text: str) -> datetime:
    """The datetime of a stored ISO 8601 UTC text."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def turn_row(turn: TurnResult) -> dict[str, Any]:
    """The `turns` row of a scored turn."""
    score = turn.score
    classification = score.classification
    return {
        "session_id": turn.session_id,
        "idx": turn.index,
        "node": turn.node,
        "customer": turn.customer,
        "reply": turn.reply,
        "technique": classification.technique,
        "confidence": round(classification.confidence, 4),
        "runner_up": classification.runner_up,
        "runner_up_confidence": round(classification.runner_up_confidence, 4),
        "language": classification.language,
        "evidence": _json([asdict(e) for e in classification.evidence]),
        "gaming": _json(list(classification.gaming)),
        "total": score.total,
        "technique_fit": score.technique_fit,
        "execution": score.execution,
        "relevance": score.relevance,
        "hint_cost": turn.hint_cost,
        "points": turn.points,
        "flags": _json([asdict(flag) for flag in score.flags]),
        "steps": _json(sorted(score.steps)),
        "steps_covered": _json(sorted(turn.steps_covered)),
        "tip": score.tip,
        "recommended": _json(list(turn.recommended)),
        "matched_recommended": int(turn.matched_recommended),
        "hint_used": int(turn.hint_used),
        "response_seconds": turn.response_seconds,
        "timed_out": int(turn.timed_out),
        "reaction": turn.reaction,
        "revealed": turn.revealed,
        "mood_before": turn.mood_before,
        "mood_after": turn.mood_after,
        "satisfaction_before": turn.satisfaction_before,
        "satisfaction_after": turn.satisfaction_after,
        "next_node": turn.next_node,
        "outcome": turn.outcome,
        "end_reason": turn.end_reason,
        "scored_at": iso_utc(turn.scored_at),
    }


def evaluation_row(session_id: str, evaluation: Evaluation) -> dict[str, Any]:
    """The `evaluations` row of a session's evaluation."""
    return {
        "session_id": session_id,
        **{factor: evaluation.grades[factor] for factor in SATISFACTION_FACTORS},
        "reasons": _json(evaluation.reasons),
        "weights": _json(evaluation.weights),
        "idx": evaluation.index,
        "perceived": evaluation.perceived,
        "expected": evaluation.expected,
        "css": evaluation.css,
        "gap": evaluation.gap,
        "level": evaluation.level,
        "rule_version": evaluation.rule_version,
    }


PRIVATE_FOLDER_MODE = 0o700
"""A records folder made by dojo: the owner may list and open it, nobody else."""

PRIVATE_FILE_MODE = 0o600
"""A records file made by dojo: readable and writable by its owner only. SQLite gives its
-wal and -shm files the same mode."""


def _create_private(path: Path) -> bool:
    """Create an empty database file only its owner can read, and its folder; whether it was new.

    Records name trainees and hold what they said, so they are private under any umask.
    """
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER_MODE)
            os.chmod(path.parent, PRIVATE_FOLDER_MODE)
    except OSError as error:
        raise StoreError.from_catalog(
            "error.store.no_folder", folder=path.parent, reason=error.strerror
        ) from None
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
    except FileExistsError:
        return False  # another dojo made it a moment ago
    except OSError as error:
        raise StoreError.from_catalog(
            "error.store.cannot_create",
            title_key="error.title.not_writable",
            path=path,
            reason=error.strerror,
        ) from None
    return True


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's error says the file is not a database or is corrupt."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    text = str(error)
    return (
        code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
        or "not a database" in text
        or "malformed" in text
    )


def _read_only_medium(path: Path) -> bool:
    """Whether the file system holding path is mounted read-only."""
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def begin_immediate(conn: sqlite3.Connection, timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
    """Begin a write transaction, trying again every few milliseconds while another writes.

    Another process holds the write lock for a millisecond or so per turn, but SQLite's
    busy handler sleeps ever longer between its tries (up to 100 ms), so under a team's
    load a turn waited a hundred times longer than the write ahead of it. Short pauses
    take the lock soon after it is free; reads keep the connection's busy timeout.
    """
    first, longest = WRITE_LOCK_PAUSES
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        pause, deadline = first, time.monotonic() + timeout
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                busy = getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, longest)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")


class Store:
    """The records database: one connection, every write its own committed transaction."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        # The app may record from a worker thread while the UI thread reads.
        self._lock = threading.RLock()

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Store:
        """Open the database at path, creating it and its folder if needed, and migrate it.

        Raises StoreError when the file is not a database, was written by a newer version
        of dojo, belongs to another program, or cannot be written; it is never overwritten.
        With create=False a missing file is an error too.
        """
        path = Path(path)
        # Checked before anything is created, so nothing is left on the share.
        share = network_share(path)
        if share is not None:
            raise StoreError.from_catalog(
                "error.store.network", title_key="error.title.network", path=path, share=share
            )
        created = False
        if not path.exists():
            if not create:
                raise StoreError.from_catalog(
                    "error.store.missing", title_key="error.title.no_records", path=path
                )
            created = _create_private(path)
        if path.is_dir():
            raise StoreError.from_catalog("error.store.folder", path=path)
        try:
            conn = sqlite3.connect(
                str(path),
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise StoreError.from_catalog(
                "error.store.cannot_open", path=path, reason=error
            ) from None
        try:
            store = cls(plain_database(conn), path)
            store._prepare(check=not created)
        except sqlite3.Error as error:
            conn.close()
            raise StoreError.from_catalog(
                "error.store.cannot_open", path=path, reason=error
            ) from None
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        """A fresh in-memory database, for tests."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(plain_database(conn), None)
        store._prepare()
        return store

    def _where(self) -> str | Message:
        return str(self.path) if self.path else Message("error.where.memory")

    def _prepare(self, check: bool = False) -> None:
        """Check the file is ours, not newer and (check=True) not damaged; set up and migrate.

        The integrity check reads every page once (PRAGMA quick_check), so a file with a
        damaged middle is refused before anything is read from it or written to it.
        """
        where = self._where()
        conn = self.db.conn
        try:
            # Reading the schema is the first access to the file's header: a file that is
            # not SQLite fails here, before anything could be written to it.
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            damage = conn.execute("PRAGMA quick_check(1)").fetchone()[0] if check else "ok"
        except sqlite3.DatabaseError as error:
            if _damaged(error):
                raise StoreError.from_catalog(
                    "error.store.not_a_database",
                    title_key="error.title.damaged",
                    where=where,
                    reason=error,
                ) from None
            raise self._error(error, Message("error.doing.open")) from None
        if damage != "ok":
            raise StoreError.from_catalog(
                "error.store.damaged_check",
                title_key="error.title.damaged",
                where=where,
                damage=damage,
            )
        self._check_version(user_version, tables)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if self.path is not None:
                conn.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL still survives a killed process; only power loss
                # can drop the latest commits.
                conn.execute("PRAGMA synchronous = NORMAL")
            # An up-to-date file is opened with reads alone: a team's apps all opening at
            # once then never queue for the write lock behind one another's turns.
            if user_version == SCHEMA_VERSION and not migrations.pending(self.db):
                return
            with self._write():
                # Checked again under the write lock: another process may have just migrated.
                user_version = conn.execute("PRAGMA user_version").fetchone()[0]
                self._check_version(user_version, set(self.db.table_names()))
                if migrations.pending(self.db):
                    migrations.apply(self.db)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as error:
            raise self._error(error, Message("error.doing.prepare")) from None

    def _check_version(self, user_version: int, tables: set[str]) -> None:
        where = self._where()
        applied: set[str] = set()
        if Migrations.migrations_table in tables:
            applied = {
                row[0]
                for row in self.db.conn.execute(
                    f"SELECT name FROM {Migrations.migrations_table} WHERE migration_set = ?",
                    [MIGRATION_SET],
                )
            }
        known = set(migration_names())
        if user_version > SCHEMA_VERSION or applied - known:
            raise StoreError.from_catalog(
                "error.store.newer",
                title_key="error.title.newer",
                where=where,
                found=user_version,
                known=SCHEMA_VERSION,
            )
        ours = {"trainees", "sessions", "turns", "evaluations", "lrs_deliveries"}
        foreign = {t for t in tables if not t.startswith("sqlite_")} - ours
        foreign.discard(Migrations.migrations_table)
        if not applied and (foreign or tables & ours):
            raise StoreError.from_catalog(
                "error.store.foreign",
                title_key="error.title.foreign",
                where=where,
                tables=", ".join(sorted(tables - {"sqlite_sequence"})),
            )

    def _error(self, error: sqlite3.Error, doing: str | Message) -> StoreError:
        """A StoreError that says what failed on which file and what to do.

        A full disk, a read-only medium and a failing disk are told apart from damage,
        since moving a good file aside would be the wrong advice for them.
        """
        text = str(error)
        where = self._where()
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary result code
        if code == sqlite3.SQLITE_FULL or "disk is full" in text:
            return StoreError.from_catalog(
                "error.store.disk_full", title_key="error.title.disk_full", where=where, doing=doing
            )
        if self.path is not None and _read_only_medium(self.path):
            return StoreError.from_catalog(
                "error.store.read_only",
                title_key="error.title.read_only",
                where=where,
                reason=text,
                doing=doing,
            )
        if code == sqlite3.SQLITE_IOERR or "disk I/O error" in text:
            return StoreError.from_catalog(
                "error.store.disk",
                title_key="error.title.disk",
                where=where,
                reason=text,
                doing=doing,
            )
        if "locked" in text or "busy" in text:
            return StoreError.from_catalog(
                "error.store.busy",
                title_key="error.title.busy",
                where=where,
                seconds=f"{BUSY_TIMEOUT_SECONDS:g}",
                doing=doing,
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return StoreError.from_catalog(
                "error.store.not_writable",
                title_key="error.title.not_writable",
                where=where,
                reason=text,
                doing=doing,
            )
        if "not a database" in text or "malformed" in text:
            return StoreError.from_catalog(
                "error.store.damaged", title_key="error.title.damaged", where=where, reason=text
            )
        return StoreError.from_catalog("error.store.failed", where=where, reason=text, doing=doing)

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, taken at once so two processes never deadlock on upgrade."""
        with self._lock:
            conn = self.db.conn
            begin_immediate(conn)
            try:
                yield
            except BaseException as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(error, UnicodeEncodeError):
                    # A lone surrogate (from bytes that were not UTF-8) cannot be stored.
                    raise StoreError.from_catalog(
                        "error.store.not_text",
                        title_key="error.title.not_text",
                        where=self._where(),
                        char=ascii(error.object[error.start : error.end]),
                    ) from None
                raise
            conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one read transaction, held by this thread alone.

        Several queries then see the same records while other processes go on writing.
        """
        with self._lock:
            conn = self.db.conn
            began = not conn.in_transaction
            try:
                if began:
                    conn.execute("BEGIN")
                yield conn
            except sqlite3.Error as error:
                raise self._error(error, Message("error.doing.read")) from None
            finally:
                if began and conn.in_transaction:
                    try:
                        conn.execute("COMMIT")
                    except sqlite3.Error as error:
                        raise self._error(error, Message("error.doing.read")) from None

    def backup(self, target: Path) -> dict[str, Any]:
        """Copy the database to target with SQLite's online backup, consistent at one moment.

        The copy is made in one step inside one read transaction, so sessions being written
        meanwhile are either wholly in it or not at all, and writers are not held up. The
        copy is checked with PRAGMA integrity_check before it takes target's name; an
        existing target is never overwritten. Returns the copy's session and turn counts.
        """
        if target.exists():
            raise StoreError.from_catalog(
                "error.backup.exists", title_key="error.title.backup_exists", target=target
            )
        if not target.parent.is_dir():
            raise StoreError.from_catalog(
                "error.backup.no_folder", title_key="error.title.no_folder", folder=target.parent
            )
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            copy = sqlite3.connect(str(partial), isolation_level=None)
            try:
                with self._lock:
                    self.db.conn.backup(copy)
                # A single file is easier to keep and move than a WAL database with its -wal.
                copy.execute("PRAGMA journal_mode = DELETE")
                [integrity] = copy.execute("PRAGMA integrity_check").fetchone()
                sessions, turns = copy.execute(
                    "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM turns)"
                ).fetchone()
            finally:
                copy.close()
            if integrity != "ok":
                raise StoreError.from_catalog(
                    "error.backup.damaged",
                    title_key="error.title.backup_damaged",
                    where=self._where(),
                    integrity=integrity,
                )
            os.replace(partial, target)
        except sqlite3.Error as error:
            raise self._error(error, Message("error.doing.backup", {"target": target})) from None
        except OSError as error:
            raise StoreError.from_catalog(
                "error.backup.cannot_write", target=target, reason=error.strerror
            ) from None
        finally:
            partial.unlink(missing_ok=True)
        return {"path": str(target), "sessions": sessions, "turns": turns}

    def close(self) -> None:
        """Close the connection; every write is already committed."""
        with self._lock:
            self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------

    def trainee_id(self, name: str, team: str | None = None) -> int:
        """The id of a trainee, added if new (inside the caller's transaction).

        Names are matched as trainees type them: "Lin Wei ", "lin wei" and "Lin  Wei" are
        the same trainee, who keeps the name first recorded.
        """
        key = name_key(name)
        row = self.db.conn.execute("SELECT id FROM trainees WHERE name_key = ?", [key]).fetchone()
        if row is not None:
            return int(row[0])
        shown = display_name(name)
        if not shown:
            raise StoreError.from_catalog("error.trainee.no_name", title_key="error.title.no_name")
        cursor = self.db.conn.execute(
            "INSERT INTO trainees (name, name_key, uid, team, created) VALUES (?, ?, ?, ?, ?)",
            [shown, key, new_trainee_id(), team, iso_utc(datetime.now(UTC))],
        )
        return int(cursor.lastrowid or 0)

    def trainee(self, name: str) -> dict[str, Any] | None:
        """A trainee's stable id, name and team, found by any spelling of the name, or None."""
        rows = self.query(
            "SELECT uid AS trainee_id, name, team FROM trainees WHERE name_key = ?",
            [name_key(name)],
        )
        return rows[0] if rows else None

    def _existing(self, name: str, doing: Message) -> tuple[int, str, str]:
        row = self.db.conn.execute(
            "SELECT id, uid, name FROM trainees WHERE name_key = ?", [name_key(name)]
        ).fetchone()
        if row is None:
            raise StoreError.from_catalog(
                "error.trainee.unknown",
                title_key="error.title.unknown_trainee",
                doing=doing,
                name=repr(display_name(name)),
                where=self._where(),
            )
        return int(row[0]), str(row[1]), str(row[2])

    def rename_trainee(self, name: str, new_name: str) -> dict[str, Any]:
        """Give a trainee another display name; their stable id and sessions stay."""
        doing = Message("error.doing.rename", {"name": repr(display_name(name))})
        shown = display_name(new_name)
        if not shown:
            raise StoreError.from_catalog(
                "error.trainee.empty_name", title_key="error.title.no_name", doing=doing
            )
        try:
            with self._write():
                trainee_id, uid, _old = self._existing(name, doing)
                other = self.db.conn.execute(
                    "SELECT name FROM trainees WHERE name_key = ? AND id != ?",
                    [name_key(shown), trainee_id],
                ).fetchone()
                if other is not None:
                    raise StoreError.from_catalog(
                        "error.trainee.name_taken",
                        title_key="error.title.name_taken",
                        doing=doing,
                        name=repr(display_name(name)),
                        other=repr(other[0]),
                    )
                self.db.conn.execute(
                    "UPDATE trainees SET name = ?, name_key = ? WHERE id = ?",
                    [shown, name_key(shown), trainee_id],
                )
        except sqlite3.Error as error:
            raise self._error(error, doing) from None
        return {"trainee_id": uid, "name": shown}

    def merge_trainees(self, source: str, target: str) -> dict[str, Any]:
        """Move every session of trainee source to trainee target, then remove source.

        The target keeps its stable id, name and team (or takes the source's team if it had
        none). Returns the target and how many sessions moved.
        """
        doing = Message(
            "error.doing.merge",
            {"source": repr(display_name(source)), "target": repr(display_name(target))},
        )
        try:
            with self._write():
                source_id, _source_uid, _ = self._existing(source, doing)
                target_id, target_uid, target_name = self._existing(target, doing)
                if source_id == target_id:
                    raise StoreError.from_catalog(
                        "error.trainee.same", title_key="error.title.same_trainee", doing=doing
                    )
                moved = self.db.conn.execute(
                    "UPDATE sessions SET trainee_id = ? WHERE trainee_id = ?",
                    [target_id, source_id],
                ).rowcount
                # The per-session flag totals carry the trainee for the reports' grouping.
                self.db.conn.execute(
                    "UPDATE session_flags SET trainee_id = ? WHERE trainee_id = ?",
                    [target_id, source_id],
                )
                self.db.conn.execute(
                    "UPDATE trainees SET team = coalesce(team, "
                    "(SELECT team FROM trainees WHERE id = ?)) WHERE id = ?",
                    [source_id, target_id],
                )
                refresh_rollups(self.db.conn, [source_id, target_id])
                self.db.conn.execute("DELETE FROM trainees WHERE id = ?", [source_id])
        except sqlite3.Error as error:
            raise self._error(error, doing) from None
        return {"trainee_id": target_uid, "name": target_name, "sessions_moved": moved}

    def set_team(self, trainee: str, team: str | None) -> None:
        """Put a trainee in a team (None: no team), adding the trainee if new."""
        try:
            with self._write():
                trainee_id = self.trainee_id(trainee, team)
                self.db.conn.execute(
                    "UPDATE trainees SET team = ? WHERE id = ?", [team, trainee_id]
                )
        except sqlite3.Error as error:
            raise self._error(
                error, Message("error.doing.set_team", {"trainee": trainee})
            ) from None

    def start_session(
        self,
        *,
        session_id: str,
        trainee: str,
        scenario: Scenario,
        seed: int,
        timed: bool,
        started_at: datetime,
        scorer_version: str,
        mode: str = "app",
        claim: str | None = None,
    ) -> None:
        """Record that a session began: who, which exact scenario text, seed and scorer.

        With claim, the app holding that token claims the session in the same transaction.
        """
        if mode not in ("app", "headless"):
            raise ValueError(f"mode must be 'app' or 'headless', not {mode!r}")
        try:
            with self._write():
                trainee_id = self.trainee_id(trainee)
                self.db.conn.execute(
                    """INSERT INTO sessions (id, trainee_id, scenario_id, scenario_version,
                    scenario_hash, scenario_title, scenario_language, scenario_kind, pass_mark,
                    scorer_version, seed, timed, mode, started_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')""",
                    [
                        session_id,
                        trainee_id,
                        scenario.id,
                        scenario.version,
                        scenario.content_hash,
                        scenario.title,
                        scenario.language,
                        scenario.kind,
                        scenario.pass_mark,
                        scorer_version,
                        seed,
                        int(timed),
                        mode,
                        iso_utc(started_at),
                    ],
                )
                if claim is not None:
                    self._put_claim(session_id, claim, started_at)
        except sqlite3.IntegrityError:
            raise StoreError.from_catalog(
                "error.session.exists",
                title_key="error.title.session_exists",
                session=session_id,
                where=self._where(),
            ) from None
        except sqlite3.Error as error:
            raise self._error(
                error, Message("error.doing.start", {"session": session_id})
            ) from None

    def _require_open(self, session_id: str, doing: Message) -> None:
        row = self.db.conn.execute(
            "SELECT status FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        if row is None:
            raise StoreError.from_catalog(
                "error.session.never_started",
                title_key="error.title.unknown_session",
                doing=doing,
                session=session_id,
                where=self._where(),
            )
        if row[0] != "open":
            raise StoreError.from_catalog(
                "error.session.closed",
                title_key="error.title.session_closed",
                doing=doing,
                session=session_id,
                status=Message(f"status.{row[0]}"),
            )

    def record_turn(self, turn: TurnResult, claim: str | None = None) -> None:
        """Write one scored turn in its own transaction, committed before this returns.

        With claim, the turn is written only while that token holds the session's claim
        (ClaimLostError otherwise), and it counts as the claim's heartbeat.
        """
        doing = Message(
            "error.doing.record_turn", {"turn": turn.index + 1, "session": turn.session_id}
        )
        row = turn_row(turn)
        if row["technique"] not in LABELS:
            raise StoreError.from_catalog(
                "error.store.unknown_technique",
                title_key="error.title.unknown_technique",
                doing=doing,
                technique=repr(row["technique"]),
                labels=", ".join(LABELS),
            )
        uses, score, matched = technique_columns(row["technique"])
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        try:
            with self._write():
                self._require_open(turn.session_id, doing)
                if claim is not None:
                    self._require_claim(turn.session_id, claim, turn.scored_at)
                self.db.conn.execute(
                    f"INSERT INTO turns ({columns}) VALUES ({marks})", list(row.values())
                )
                self.db.conn.execute(
                    f"""UPDATE sessions SET turn_count = turn_count + 1,
                    points_sum = points_sum + ?, hints_used = hints_used + ?,
                    {uses} = {uses} + 1, {score} = {score} + ?, {matched} = {matched} + ?
                    WHERE id = ?""",
                    [
                        turn.points,
                        int(turn.hint_used),
                        row["total"],
                        row["matched_recommended"],
                        turn.session_id,
                    ],
                )
        except sqlite3.IntegrityError:
            raise StoreError.from_catalog(
                "error.session.turn_exists", title_key="error.title.turn_exists", doing=doing
            ) from None
        except sqlite3.Error as error:
            raise self._error(error, doing) from None

    def finish_session(
        self,
        session_id: str,
        *,
        outcome: Outcome | None,
        ended_at: datetime,
        finished: bool,
        evaluation: Evaluation | None,
        hints_used: int = 0,
        claim: str | None = None,
    ) -> None:
        """Close a session with its outcome, totals and evaluation; finished=False: stopped early.

        The total score is the average of the recorded turns' points (after hint costs), as
        the engine computes it; a stopped session is not graded, so `passed` stays empty.
        With claim, only the token holding the session's claim may close it. Closing
        releases the claim.
        """
        doing = Message("error.doing.finish", {"session": session_id})
        try:
            with self._write():
                self._require_open(session_id, doing)
                if claim is not None:
                    self._require_claim(session_id, claim, ended_at)
                self._drop_claim(session_id)
                count, points_sum, recorded_hints, pass_mark = self.db.conn.execute(
                    "SELECT turn_count, points_sum, hints_used, pass_mark FROM sessions "
                    "WHERE id = ?",
                    [session_id],
                ).fetchone()
                total = session_total(points_sum, count)
                passed = judge(total, outcome, pass_mark, finished=finished).passed
                self.db.conn.execute(
                    """UPDATE sessions SET status = ?, outcome = ?, ended_at = ?,
                    total_score = ?, passed = ?, hints_used = ?, evaluation_rule_version = ?
                    WHERE id = ?""",
                    [
                        "finished" if finished else "unfinished",
                        outcome,
                        iso_utc(ended_at),
                        total,
                        passed,
                        max(hints_used, recorded_hints),
                        evaluation.rule_version if evaluation else None,
                        session_id,
                    ],
                )
                self.db.conn.execute(FLAG_TOTALS_SQL.format(sessions="?"), [session_id])
                if evaluation is not None:
                    row = evaluation_row(session_id, evaluation)
                    self.db.conn.execute(
                        f"INSERT INTO evaluations ({', '.join(row)}) "
                        f"VALUES ({', '.join('?' for _ in row)})",
                        list(row.values()),
                    )
                self._refresh_rollups_of(session_id)
        except sqlite3.Error as error:
            raise self._error(error, doing) from None

    def _refresh_rollups_of(self, session_id: str) -> None:
        """Sum the report rollups of the session's trainee again (inside the caller's write)."""
        [trainee_id] = self.db.conn.execute(
            "SELECT trainee_id FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        refresh_rollups(self.db.conn, [trainee_id])

    def record_self_assessment(self, session_id: str, rating: int) -> None:
        """Store the trainee's own 1-5 rating beside the evaluation; it is given once."""
        if not 1 <= rating <= 5:
            raise StoreError.from_catalog(
                "error.rating.out_of_range", title_key="error.title.bad_rating", rating=rating
            )
        doing = Message("error.doing.self_assess", {"session": session_id})
        try:
            with self._write():
                row = self.db.conn.execute(
                    "SELECT self_assessment FROM evaluations WHERE session_id = ?", [session_id]
                ).fetchone()
                if row is None:
                    raise StoreError.from_catalog(
                        "error.rating.no_evaluation",
                        title_key="error.title.no_evaluation",
                        doing=doing,
                    )
                if row[0] is not None and row[0] != rating:
                    raise StoreError.from_catalog(
                        "error.rating.already_rated",
                        title_key="error.title.already_rated",
                        doing=doing,
                        rating=row[0],
                    )
                self.db.conn.execute(
                    "UPDATE evaluations SET self_assessment = ?, self_assessed_at = ? "
                    "WHERE session_id = ?",
                    [rating, iso_utc(datetime.now(UTC)), session_id],
                )
                self._refresh_rollups_of(session_id)
        except sqlite3.Error as error:
            raise self._error(error, doing) from None

    def mark_abandoned(self, session_id: str, claim: str | None = None) -> None:
        """Close an open session that will not be resumed; its recorded turns stay.

        With claim, only the token holding the session's claim may abandon it. Abandoning
        releases the claim.
        """
        doing = Message("error.doing.abandon", {"session": session_id})
        try:
            with self._write():
                self._require_open(session_id, doing)
                if claim is not None:
                    self._require_claim(session_id, claim)
                self._drop_claim(session_id)
                self.db.conn.execute(
                    "UPDATE sessions SET status = 'abandoned' WHERE id = ?", [session_id]
                )
        except sqlite3.Error as error:
            raise self._error(error, doing) from None

    # -- claims: one window plays an open session at a time ---------------------

    def claim_session(
        self,
        session_id: str,
        token: str,
        *,
        now: datetime,
        stale_after: float,
        take_over: bool = False,
    ) -> None:
        """Make token the holder of an open session's claim, with its heartbeat at now.

        A claim token already holds is renewed. Another token's claim is taken over only
        when it has had no heartbeat for stale_after seconds and take_over is set; else
        SessionClaimedError says how long that window has been silent, and whether it may
        be taken over.
        """
        doing = Message("error.doing.claim", {"session": session_id})
        try:
            with self._write():
                self._require_open(session_id, doing)
                row = self.db.conn.execute(
                    "SELECT token, heartbeat_at FROM session_claims WHERE session_id = ?",
                    [session_id],
                ).fetchone()
                if row is not None and row[0] != token:
                    idle = (now - parse_utc(row[1])).total_seconds()
                    if not (take_over and idle >= stale_after):
                        raise SessionClaimedError.held(max(0.0, idle), stale_after)
                self._put_claim(session_id, token, now)
        except sqlite3.Error as error:
            raise self._error(error, doing) from None

    def refresh_claim(self, session_id: str, token: str, now: datetime) -> None:
        """Record the claim's heartbeat: token's window is still there.

        Raises ClaimLostError when token no longer holds the claim (another window took
        the session over, or it was closed).
        """
        try:
            with self._write():
                self._require_claim(session_id, token, now)
        except sqlite3.Error as error:
            raise self._error(
                error, Message("error.doing.refresh_claim", {"session": session_id})
            ) from None

    def release_claim(self, session_id: str, token: str) -> None:
        """Give up token's claim on a session, if it holds it; the session stays open."""
        try:
            with self._write():
                self.db.conn.execute(
                    "DELETE FROM session_claims WHERE session_id = ? AND token = ?",
                    [session_id, token],
                )
        except sqlite3.Error as error:
            raise self._error(
                error, Message("error.doing.release_claim", {"session": session_id})
            ) from None

    def _put_claim(self, session_id: str, token: str, now: datetime) -> None:
        """Give the claim to token, with its heartbeat at now (inside the caller's write)."""
        at = iso_utc(now)
        self.db.conn.execute(
            """INSERT INTO session_claims (session_id, token, claimed_at, heartbeat_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (session_id) DO UPDATE SET
                claimed_at = CASE WHEN token = excluded.token THEN claimed_at
                    ELSE excluded.claimed_at END,
                token = excluded.token, heartbeat_at = excluded.heartbeat_at""",
            [session_id, token, at, at],
        )

    def _require_claim(self, session_id: str, token: str, now: datetime | None = None) -> None:
        """Raise ClaimLostError unless token holds the session's claim; beat it at now."""
        held = self.db.conn.execute(
            "UPDATE session_claims SET heartbeat_at = coalesce(?, heartbeat_at) "
            "WHERE session_id = ? AND token = ?",
            [iso_utc(now) if now is not None else None, session_id, token],
        ).rowcount
        if held:
            return
        row = self.db.conn.execute(
            "SELECT coalesce(scenario_title, scenario_id), turn_count FROM sessions WHERE id = ?",
            [session_id],
        ).fetchone()
        title, count = row if row else (session_id, 0)
        raise ClaimLostError.from_catalog("error.claim.lost", title=title, count=count)

    def _drop_claim(self, session_id: str) -> None:
        self.db.conn.execute("DELETE FROM session_claims WHERE session_id = ?", [session_id])

    def record_deliveries(
        self, endpoint: str, statements: list[tuple[str, str]], status: str, error: str | None
    ) -> None:
        """Remember how (session id, statement id) pairs fared at an LRS endpoint."""
        now = iso_utc(datetime.now(UTC))
        accepted_at = now if status == "accepted" else None
        rows = [
            [endpoint, statement_id, session_id, status, now, now, accepted_at, error]
            for session_id, statement_id in statements
        ]
        try:
            with self._write():
                self.db.conn.executemany(
                    """INSERT INTO lrs_deliveries (endpoint, statement_id, session_id, status,
                        attempts, first_tried, last_tried, accepted_at, error)
                    VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)
                    ON CONFLICT (endpoint, statement_id) DO UPDATE SET
                        status = excluded.status, attempts = attempts + 1,
                        last_tried = excluded.last_tried,
                        accepted_at = coalesce(accepted_at, excluded.accepted_at),
                        error = excluded.error""",
                    rows,
                )
        except sqlite3.Error as error_:
            raise self._error(
                error_, Message("error.doing.deliveries", {"endpoint": endpoint})
            ) from None

    def add_note(
        self, session_id: str, text: str, author: str, at: datetime | None = None
    ) -> dict[str, Any]:
        """Add a note to a closed session and return it; the session itself is not changed."""
        text = text.strip()
        author = author.strip()
        doing = Message("error.doing.note", {"session": session_id})
        if not text:
            raise StoreError.from_catalog(
                "error.note.empty", title_key="error.title.empty_note", doing=doing
            )
        if len(text) > MAX_NOTE_LENGTH:
            raise StoreError.from_catalog(
                "error.note.too_long",
                title_key="error.title.note_too_long",
                doing=doing,
                length=len(text),
                most=MAX_NOTE_LENGTH,
            )
        if not author:
            raise StoreError.from_catalog(
                "error.note.no_author", title_key="error.title.no_author", doing=doing
            )
        created_at = iso_utc(at or datetime.now(UTC))
        try:
            with self._write():
                row = self.db.conn.execute(
                    "SELECT status FROM sessions WHERE id = ?", [session_id]
                ).fetchone()
                if row is None:
                    raise StoreError.from_catalog(
                        "error.note.unknown_session",
                        title_key="error.title.unknown_session",
                        doing=doing,
                        where=self._where(),
                    )
                if row[0] == "open":
                    raise StoreError.from_catalog(
                        "error.note.session_open", title_key="error.title.session_open", doing=doing
                    )
                cursor = self.db.conn.execute(
                    "INSERT INTO notes (session_id, author, text, created_at) VALUES (?, ?, ?, ?)",
                    [session_id, author, text, created_at],
                )
        except sqlite3.Error as error:
            raise self._error(error, doing) from None
        return {
            "id": int(cursor.lastrowid or 0),
            "session_id": session_id,
            "author": author,
            "text": text,
            "created_at": created_at,
        }

    def notes(self, session_id: str) -> list[dict[str, Any]]:
        """A session's notes, oldest first."""
        return self.query(
            "SELECT id, session_id, author, text, created_at FROM notes WHERE session_id = ? "
            "ORDER BY created_at, id",
            [session_id],
        )

    def resolve_session(self, prefix: str) -> str:
        """The id of the one session whose id starts with prefix; StoreError if none or several."""
        prefix = prefix.strip()
        if not prefix:
            raise StoreError.from_catalog("error.session.no_id", title_key="error.title.no_session")
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.query(
            "SELECT id FROM sessions WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 6",
            [escaped + "%"],
        )
        ids = [row["id"] for row in rows]
        if prefix in ids or len(ids) == 1:
            return prefix if prefix in ids else ids[0]
        if not ids:
            raise StoreError.from_catalog(
                "error.session.no_match",
                title_key="error.title.unknown_session",
                prefix=repr(prefix),
                where=self._where(),
            )
        raise StoreError.from_catalog(
            "error.session.ambiguous",
            title_key="error.title.ambiguous_session",
            found=f"{len(ids)}{'+' if len(ids) > 5 else ''}",
            prefix=repr(prefix),
            ids=", ".join(ids[:5]),
        )

    # -- reading -----------------------------------------------------------

    def query(
        self, sql: str, params: list[Any] | dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Rows of a read-only query as dicts (an empty list when there are none)."""
        try:
            with self._lock:
                cursor = self.db.conn.execute(sql, params or [])
                names = [d[0] for d in cursor.description or ()]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except sqlite3.Error as error:
            raise self._error(error, Message("error.doing.read")) from None

    def open_sessions(self, trainee: str | None = None) -> list[dict[str, Any]]:
        """Sessions started and neither finished, stopped nor abandoned: those to resume.

        Each row names the token of the app whose window holds the session, and that
        window's latest heartbeat (both None when no window holds it).
        """
        sql = """SELECT s.id, t.name AS trainee, s.scenario_id, s.scenario_version,
            s.scenario_hash, s.scenario_title, s.seed, s.timed, s.mode, s.started_at,
            s.turn_count AS turns, c.token AS claim_token, c.heartbeat_at AS claim_heartbeat_at
            FROM sessions s JOIN trainees t ON t.id = s.trainee_id
            LEFT JOIN session_claims c ON c.session_id = s.id
            WHERE s.status = 'open'"""
        params: list[Any] = []
        if trainee is not None:
            sql += " AND t.name_key = ?"
            params.append(name_key(trainee))
        rows = self.query(sql + " ORDER BY s.started_at", params)
        for row in rows:
            row["timed"] = bool(row["timed"])
        return rows

    def session_replies(self, session_id: str) -> list[dict[str, Any]]:
        """Each recorded turn's reply, response time and hint use, in order: what resume needs."""
        rows = self.query(
            "SELECT reply, response_seconds, hint_used FROM turns WHERE session_id = ? "
            "ORDER BY idx",
            [session_id],
        )
        for row in rows:
            row["hint_used"] = bool(row["hint_used"])
        return rows

    def best_scores(self, trainee: str) -> dict[str, int]:
        """The best total score of each scenario the trainee finished."""
        rows = self.query(
            """SELECT s.scenario_id, max(s.total_score) AS best FROM sessions s
            JOIN trainees t ON t.id = s.trainee_id
            WHERE t.name_key = ? AND s.status = 'finished' GROUP BY s.scenario_id""",
            [name_key(trainee)],
        )
        return {row["scenario_id"]: row["best"] for row in rows}

    def recent_sessions(self, trainee: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
        """The latest sessions, newest first, with their totals and satisfaction level."""
        sql = """SELECT s.id, t.name AS trainee, s.scenario_id, s.scenario_title,
            s.scenario_version, s.mode, s.started_at, s.ended_at, s.status, s.outcome,
            s.total_score, s.passed, s.turn_count, s.hints_used, e.level, e.self_assessment
            FROM sessions s JOIN trainees t ON t.id = s.trainee_id
            LEFT JOIN evaluations e ON e.session_id = s.id"""
        params: list[Any] = []
        if trainee is not None:
            sql += " WHERE t.name_key = ?"
            params.append(name_key(trainee))
        sql += " ORDER BY s.started_at DESC, s.rowid DESC LIMIT ?"
        params.append(limit)
        rows = self.query(sql, params)
        for row in rows:
            row["passed"] = None if row["passed"] is None else bool(row["passed"])
        return rows

    def session(self, session_id: str) -> dict[str, Any] | None:
        """One session's row with its trainee's name, stable id and team, or None."""
        rows = self.query(
            """SELECT s.*, t.name AS trainee, t.uid AS trainee_uid, t.team FROM sessions s
            JOIN trainees t ON t.id = s.trainee_id WHERE s.id = ?""",
            [session_id],
        )
        return rows[0] if rows else None


__all__ = [
    "MAX_NOTE_LENGTH",
    "REPORTED_STATUSES",
    "SCHEMA_VERSION",
    "STATUSES",
    "SUMMARY_COLUMNS",
    "Store",
    "evaluation_row",
    "iso_utc",
    "migration_names",
    "migrations",
    "parse_utc",
    "technique_columns",
    "turn_row",
]
