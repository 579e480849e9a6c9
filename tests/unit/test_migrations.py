"""Tests that the records migrations are frozen: they make the same schema whatever the labels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

import scoring.models
import simulator.records.store
import simulator.scenario.model
from simulator.records.store import (
    SCHEMA_VERSION,
    SUMMARY_COLUMNS,
    migration_names,
    migrations,
    technique_columns,
)

LIVE = "store/live_migrations.py"
"""m001 and m002 as they were first written, over the live labels and factors."""

PINNED = Path(__file__).parent.parent / "data" / "store" / "schema.sql"
"""The schema the applied migrations make, as SQLite keeps it, and the migrations it covers."""

START = "2026-05-01T10:00:00.000Z"


@pytest.fixture
def live(data_module: Callable[[str], ModuleType]) -> ModuleType:
    return data_module(LIVE)


def schema(db: Database) -> dict[str, Any]:
    """Every table, index and trigger with its SQL, and the columns of every table."""
    objects = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    columns = {
        table: db.execute(f"PRAGMA table_xinfo([{table}])").fetchall() for table in db.table_names()
    }
    return {"objects": objects, "columns": columns}


def schema_sql(db: Database) -> str:
    """The SQL of every table, index and trigger but sqlite-utils' own, one per line group."""
    rows = db.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name != ? ORDER BY type, name",
        [Migrations.migrations_table],
    ).fetchall()
    return "".join(f"{sql.strip()};\n" for (sql,) in rows)


def migrated(migration_set: Migrations, *, stop_before: str | set[str] | None = None) -> Database:
    db = Database(memory=True)
    migration_set.apply(db, stop_before=stop_before)
    return db


def newer_than(live: ModuleType) -> set[str]:
    """The frozen migrations that came after the ones the live copies stand for."""
    live_names = {migration.name for migration in live.migrations.pending(Database(memory=True))}
    return set(migration_names()) - live_names


def with_first_schema_records(migration_set: Migrations, stop_before: set[str]) -> Database:
    """A database at m001 with two closed sessions and their turns, then migrated up to
    stop_before."""
    db = migrated(migration_set, stop_before="m002_technique_totals")
    db["trainees"].insert({"id": 1, "name": "ana", "created": START})
    turns = {
        "s1": (("ask", 60, 1), ("ask", 80, 0), ("compensate", 90, 1)),  # two labels
        "s2": (("none", 20, 0),),  # the label of no technique
    }
    for session_id, played in turns.items():
        db["sessions"].insert(
            {
                "id": session_id,
                "trainee_id": 1,
                "scenario_id": "price-en",
                "scenario_version": 1,
                "pass_mark": 60,
                "scorer_version": "v1",
                "seed": 0,
                "timed": 0,
                "mode": "app",
                "started_at": START,
                "status": "finished",
                "turn_count": len(played),
                "points_sum": sum(total for _, total, _ in played),
            }
        )
        db["turns"].insert_all(
            {
                "session_id": session_id,
                "idx": idx,
                "reply": "r",
                "technique": technique,
                "total": total,
                "points": total,
                "matched_recommended": matched,
                "scored_at": START,
            }
            for idx, (technique, total, matched) in enumerate(played)
        )
    migration_set.apply(db, stop_before=stop_before)
    return db


class TestFrozenMigrations:
    def test_they_make_the_schema_the_live_ones_made(self, live: ModuleType) -> None:
        frozen = migrated(migrations, stop_before=newer_than(live))
        assert schema(frozen) == schema(migrated(live.migrations))

    def test_upgrading_records_fills_the_totals_the_live_ones_filled(
        self, live: ModuleType
    ) -> None:
        frozen = with_first_schema_records(migrations, newer_than(live))
        before = with_first_schema_records(live.migrations, set())
        assert schema(frozen) == schema(before)
        rows = list(frozen["sessions"].rows_where(order_by="id"))
        assert rows == list(before["sessions"].rows_where(order_by="id"))
        assert (rows[0]["uses_ask"], rows[0]["score_ask"], rows[0]["matched_ask"]) == (2, 140, 1)
        assert (rows[1]["uses_none"], rows[1]["score_none"]) == (1, 20)

    def test_a_new_label_or_factor_changes_no_existing_migration(
        self, live: ModuleType, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        frozen_before = schema(migrated(migrations))
        live_before = schema(migrated(live.migrations))
        labels = (*scoring.models.LABELS, "mirror")
        factors = (*simulator.scenario.model.SATISFACTION_FACTORS, "tone")
        for module in (scoring.models, simulator.records.store, live):
            monkeypatch.setattr(module, "LABELS", labels)
        # What simulator.records.store derives from the labels when it is imported.
        columns = tuple(c for label in labels for c in technique_columns(label))
        monkeypatch.setattr(simulator.records.store, "SUMMARY_COLUMNS", columns)
        for module in (simulator.scenario.model, simulator.records.store, live):
            monkeypatch.setattr(module, "SATISFACTION_FACTORS", factors)
        assert schema(migrated(migrations)) == frozen_before
        # Migrations over the live names would change under the same edit.
        live_after = schema(migrated(live.migrations))
        assert live_after != live_before
        assert {"uses_mirror", "tone"} <= {
            column[1] for table in live_after["columns"].values() for column in table
        }

    def test_the_pinned_migrations_still_make_the_pinned_schema(self) -> None:
        header, pinned = PINNED.read_text(encoding="utf-8").split("\n\n", 1)
        covered = header.splitlines()[0].removeprefix("-- migrations:").split()
        names = migration_names()
        assert names[: len(covered)] == tuple(covered), "the pinned migrations were renamed"
        db = migrated(migrations, stop_before=set(names) - set(covered))
        assert schema_sql(db) == pinned, (
            f"a migration in {PINNED.name} now makes another schema; leave it as it is and "
            "add a new migration for the change"
        )

    def test_every_summary_column_the_reports_read_is_made_by_a_migration(self) -> None:
        # A label added to scoring needs a migration of its own that adds its columns.
        assert set(SUMMARY_COLUMNS) <= set(migrated(migrations)["sessions"].columns_dict)

    def test_the_schema_version_counts_every_migration_in_order(self) -> None:
        db = migrated(migrations)
        applied = [migration.name for migration in migrations.applied(db)]
        assert applied == list(migration_names())
        assert migration_names()[:2] == ("m001_create_records", "m002_technique_totals")
        assert SCHEMA_VERSION == len(applied)
