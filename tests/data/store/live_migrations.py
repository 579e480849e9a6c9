"""The records migrations m001 and m002 written over the live labels and factors, for comparison.

They build their columns from `scoring.models.LABELS` and `SATISFACTION_FACTORS` as they stand
when the migration runs. tests/unit/test_migrations.py checks that the frozen ones in
simulator/records/store.py make the same schema, and that only these would change if a label were added.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from scoring.models import LABELS
from simulator.records.store import MIGRATION_SET, technique_columns
from simulator.scenario.model import SATISFACTION_FACTORS

CLOSED_SESSIONS_TRIGGER = """
CREATE TRIGGER closed_sessions_never_change BEFORE UPDATE ON sessions
WHEN OLD.status != 'open'
BEGIN
    SELECT RAISE(ABORT, 'a closed session is never changed');
END;
"""
"""The trigger as m001 and m002 first wrote it, so a change to the store's copy shows."""

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
            **{factor: int for factor in SATISFACTION_FACTORS},
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
        not_null={*SATISFACTION_FACTORS, "idx", "perceived", "expected", "css", "gap", "level"},
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


@migrations()
def m002_technique_totals(db: Database) -> None:
    """Per-technique totals on sessions, and an index on the start time alone.

    The totals are sums of the session's stored turns, filled in here for sessions recorded
    before them; no score is recomputed.
    """
    for column in (c for label in LABELS for c in technique_columns(label)):
        db.execute(f"ALTER TABLE sessions ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    # The trigger guards scores; the sums below only copy what the turns already hold.
    db.execute("DROP TRIGGER closed_sessions_never_change")
    for label in LABELS:
        uses, score, matched = technique_columns(label)
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
