"""HR report queries over the records: per trainee, technique, scenario, period and satisfaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from typing import Any, Literal

from scoring.models import LABELS
from simulator.evaluation import LEVELS
from simulator.scenario import SATISFACTION_FACTORS
from simulator.store import REPORTED_STATUSES, Store, iso_utc

Period = Literal["week", "day"]

SECTIONS: tuple[str, ...] = ("trainees", "techniques", "scenarios", "trend", "satisfaction")
"""The report's tables, in the order they are shown."""

TURN_JSON_COLUMNS = ("evidence", "gaming", "flags", "steps", "steps_covered", "recommended")
TURN_BOOL_COLUMNS = ("matched_recommended", "hint_used", "timed_out")
EVALUATION_JSON_COLUMNS = ("reasons", "weights")


@dataclass(frozen=True)
class Filters:
    """Which sessions a report or export covers; every filter left as None covers all."""

    date_from: date | None = None
    """The first day (UTC) a counted session may start on."""
    date_to: date | None = None
    """The last day (UTC) a counted session may start on, inclusive."""
    trainee: str | None = None
    """Only this trainee's sessions."""
    team: str | None = None
    """Only sessions of trainees in this team."""
    scenario: str | None = None
    """Only sessions of this scenario id."""

    def where(self, statuses: tuple[str, ...] = REPORTED_STATUSES) -> tuple[str, list[Any]]:
        """The SQL condition over `sessions s` joined to `trainees t`, and its parameters."""
        clauses = [f"s.status IN ({', '.join('?' for _ in statuses)})"]
        params: list[Any] = list(statuses)
        if self.date_from is not None:
            clauses.append("s.started_at >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to is not None:
            # Stored times are ISO text, so the day after the last is an exclusive bound.
            clauses.append("s.started_at < ?")
            params.append((self.date_to + timedelta(days=1)).isoformat())
        if self.trainee is not None:
            clauses.append("t.name = ?")
            params.append(self.trainee)
        if self.team is not None:
            clauses.append("t.team = ?")
            params.append(self.team)
        if self.scenario is not None:
            clauses.append("s.scenario_id = ?")
            params.append(self.scenario)
        return " AND ".join(clauses), params

    def to_dict(self) -> dict[str, str | None]:
        """The filters as JSON-ready data."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


def _selected(filters: Filters, statuses: tuple[str, ...] = REPORTED_STATUSES) -> tuple[str, list]:
    """A `sel` CTE of the sessions the filters select, with the trainee's name and team."""
    where, params = filters.where(statuses)
    sql = f"""WITH sel AS (
        SELECT s.*, t.name AS trainee, t.team AS team FROM sessions s
        JOIN trainees t ON t.id = s.trainee_id WHERE {where})"""
    return sql, params


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def summary(store: Store, filters: Filters = Filters()) -> dict[str, Any]:
    """Counts and averages over the selected sessions.

    Only finished and unfinished sessions count; abandoned ones (a crash nobody resumed) and
    open ones (in progress) are reported as separate counts and left out of every average.
    """
    cte, params = _selected(filters, ("finished", "unfinished", "abandoned", "open"))
    [row] = store.query(
        f"""{cte} SELECT
            sum(status IN ('finished', 'unfinished')) AS sessions,
            sum(status = 'finished') AS finished,
            sum(status = 'unfinished') AS unfinished,
            sum(status = 'abandoned') AS abandoned,
            sum(status = 'open') AS open,
            count(DISTINCT CASE WHEN status IN ('finished', 'unfinished') THEN trainee_id END)
                AS trainee_count,
            sum(CASE WHEN status IN ('finished', 'unfinished') THEN turn_count END) AS turns,
            avg(CASE WHEN status IN ('finished', 'unfinished') THEN total_score END)
                AS average_score,
            avg(CASE WHEN status = 'finished' THEN passed END) AS pass_rate
        FROM sel""",
        params,
    )
    return {
        "sessions": row["sessions"] or 0,
        "finished": row["finished"] or 0,
        "unfinished": row["unfinished"] or 0,
        "abandoned_excluded": row["abandoned"] or 0,
        "open_excluded": row["open"] or 0,
        "trainee_count": row["trainee_count"] or 0,
        "turns": row["turns"] or 0,
        "average_score": _round(row["average_score"]),
        "pass_rate": _round(row["pass_rate"], 3),
    }


def by_trainee(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per trainee: sessions, average session score, pass rate of finished ones, last active."""
    cte, params = _selected(filters)
    rows = store.query(
        f"""{cte} SELECT trainee, team, count(*) AS sessions,
            sum(status = 'finished') AS finished,
            avg(total_score) AS average_score, avg(passed) AS pass_rate,
            sum(turn_count) AS turns, sum(hints_used) AS hints_used,
            max(coalesce(ended_at, started_at)) AS last_active
        FROM sel GROUP BY trainee_id ORDER BY trainee""",
        params,
    )
    for row in rows:
        row["average_score"] = _round(row["average_score"])
        row["pass_rate"] = _round(row["pass_rate"], 3)
    return rows


def by_technique(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per label (all seven, unused ones too): uses, average turn score, matches with the advice.

    A turn's score here is the scorer's total before any hint cost: it judges the reply.
    """
    cte, params = _selected(filters)
    rows = store.query(
        f"""{cte} SELECT tu.technique, count(*) AS uses, avg(tu.total) AS average_score,
            sum(tu.matched_recommended) AS matched_recommended
        FROM sel JOIN turns tu ON tu.session_id = sel.id GROUP BY tu.technique""",
        params,
    )
    found = {row["technique"]: row for row in rows}
    all_uses = sum(row["uses"] for row in rows)
    result = []
    for label in (*LABELS, *sorted(set(found) - set(LABELS))):
        row = found.get(label, {"uses": 0, "average_score": None, "matched_recommended": 0})
        uses = row["uses"]
        result.append(
            {
                "technique": label,
                "uses": uses,
                "share": round(uses / all_uses, 3) if all_uses else 0.0,
                "average_score": _round(row["average_score"]),
                "matched_recommended": row["matched_recommended"] or 0,
                "matched_rate": round((row["matched_recommended"] or 0) / uses, 3)
                if uses
                else None,
            }
        )
    return result


def by_scenario(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per scenario: sessions, average score, pass rate, average turns and good endings."""
    cte, params = _selected(filters)
    rows = store.query(
        f"""{cte} SELECT scenario_id, max(scenario_title) AS title,
            max(scenario_version) AS latest_version, count(*) AS sessions,
            count(DISTINCT trainee_id) AS trainees,
            avg(total_score) AS average_score, avg(passed) AS pass_rate,
            avg(turn_count) AS average_turns,
            sum(outcome IN ('won', 'resolved')) AS good_endings
        FROM sel GROUP BY scenario_id ORDER BY scenario_id""",
        params,
    )
    for row in rows:
        row["average_score"] = _round(row["average_score"])
        row["pass_rate"] = _round(row["pass_rate"], 3)
        row["average_turns"] = _round(row["average_turns"])
    return rows


def period_of(day: date, period: Period) -> str:
    """The label of the ISO week (2026-W18) or day (2026-05-01) a day falls in."""
    if period == "day":
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def trend(store: Store, filters: Filters = Filters(), period: Period = "week") -> list[dict]:
    """Sessions, average score and pass rate per ISO week or day (UTC), oldest first."""
    cte, params = _selected(filters)
    days = store.query(
        f"""{cte} SELECT substr(started_at, 1, 10) AS day, count(*) AS sessions,
            sum(total_score) AS score_sum, sum(status = 'finished') AS finished,
            sum(passed) AS passed
        FROM sel GROUP BY day ORDER BY day""",
        params,
    )
    # SQLite before 3.46 has no ISO week, so days are folded into weeks here.
    buckets: dict[str, dict[str, int]] = {}
    for row in days:
        key = period_of(date.fromisoformat(row["day"]), period)
        bucket = buckets.setdefault(
            key, {"sessions": 0, "score_sum": 0, "finished": 0, "passed": 0}
        )
        for name in bucket:
            bucket[name] += row[name] or 0
    return [
        {
            "period": key,
            "sessions": b["sessions"],
            "average_score": round(b["score_sum"] / b["sessions"], 1),
            "pass_rate": round(b["passed"] / b["finished"], 3) if b["finished"] else None,
        }
        for key, b in buckets.items()
    ]


def satisfaction(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Sessions per satisfaction level (worst first), with their share and average CSS."""
    cte, params = _selected(filters)
    rows = store.query(
        f"""{cte} SELECT e.level, count(*) AS sessions, avg(e.css) AS average_css,
            avg(e.idx) AS average_index
        FROM sel JOIN evaluations e ON e.session_id = sel.id GROUP BY e.level""",
        params,
    )
    found = {row["level"]: row for row in rows}
    total = sum(row["sessions"] for row in rows)
    return [
        {
            "level": level,
            "sessions": found[level]["sessions"] if level in found else 0,
            "share": round(found[level]["sessions"] / total, 3) if level in found else 0.0,
            "average_css": _round(found[level]["average_css"], 3) if level in found else None,
            "average_index": _round(found[level]["average_index"], 2) if level in found else None,
        }
        for level in (*LEVELS, *sorted(set(found) - set(LEVELS)))
    ]


def evaluation_averages(store: Store, filters: Filters = Filters()) -> dict[str, Any]:
    """Average grades of the five questions, index, CSS and gap; self-assessment kept apart."""
    cte, params = _selected(filters)
    factors = ", ".join(f"avg(e.{f}) AS {f}" for f in SATISFACTION_FACTORS)
    [row] = store.query(
        f"""{cte} SELECT count(*) AS evaluated, {factors}, avg(e.idx) AS index_,
            avg(e.perceived) AS perceived, avg(e.expected) AS expected, avg(e.css) AS css,
            avg(e.gap) AS gap, count(e.self_assessment) AS self_assessed,
            avg(e.self_assessment) AS self_assessment
        FROM sel JOIN evaluations e ON e.session_id = sel.id""",
        params,
    )
    return {
        "evaluated": row["evaluated"],
        "grades": {f: _round(row[f], 2) for f in SATISFACTION_FACTORS},
        "index": _round(row["index_"], 2),
        "perceived": _round(row["perceived"], 2),
        "expected": _round(row["expected"], 2),
        "css": _round(row["css"], 3),
        "gap": _round(row["gap"], 2),
        "self_assessed": row["self_assessed"],
        "self_assessment": _round(row["self_assessment"], 2),
    }


def full_report(store: Store, filters: Filters = Filters(), period: Period = "week") -> dict:
    """Every section of `dojo report` as one JSON-ready object."""
    return {
        "generated_at": iso_utc(datetime.now(UTC)),
        "filters": filters.to_dict(),
        "definitions": {
            "counted": "finished and unfinished sessions; abandoned and open ones are "
            "counted apart and left out of every figure",
            "average_score": "mean of the counted sessions' total scores (each the mean of "
            "its turns' points after hint costs), 0-100",
            "pass_rate": "share of finished sessions whose total reached the scenario's pass "
            "mark; unfinished sessions are not graded",
            "technique_average_score": "mean of the turns' scores (before hint costs), 0-100",
            "matched_recommended": "turns whose technique was among the node's recommended",
        },
        **summary(store, filters),
        "trainees": by_trainee(store, filters),
        "techniques": by_technique(store, filters),
        "scenarios": by_scenario(store, filters),
        "trend_period": period,
        "trend": trend(store, filters, period),
        "satisfaction": satisfaction(store, filters),
        "evaluation": evaluation_averages(store, filters),
    }


# -- drill-down ---------------------------------------------------------------


def trainee_names(store: Store) -> list[str]:
    """Every trainee's name, sorted."""
    return [row["name"] for row in store.query("SELECT name FROM trainees ORDER BY name")]


def team_names(store: Store) -> list[str]:
    """Every team that has a trainee, sorted."""
    rows = store.query("SELECT DISTINCT team FROM trainees WHERE team IS NOT NULL ORDER BY team")
    return [row["team"] for row in rows]


def trainee_sessions(
    store: Store,
    trainee: str,
    filters: Filters = Filters(),
    statuses: tuple[str, ...] = ("finished", "unfinished", "abandoned", "open"),
) -> list[dict[str, Any]]:
    """One trainee's sessions, newest first, with score, outcome and satisfaction level."""
    where, params = Filters(
        filters.date_from, filters.date_to, trainee, filters.team, filters.scenario
    ).where(statuses)
    rows = store.query(
        f"""SELECT s.id, s.scenario_id, s.scenario_title, s.scenario_version, s.mode,
            s.started_at, s.ended_at, s.status, s.outcome, s.total_score, s.passed,
            s.pass_mark, s.turn_count, s.hints_used, e.level, e.idx AS evaluation_index
        FROM sessions s JOIN trainees t ON t.id = s.trainee_id
        LEFT JOIN evaluations e ON e.session_id = s.id
        WHERE {where} ORDER BY s.started_at DESC, s.rowid DESC""",
        params,
    )
    for row in rows:
        row["passed"] = None if row["passed"] is None else bool(row["passed"])
    return rows


def decode_turn(row: dict[str, Any]) -> dict[str, Any]:
    """A `turns` row with its JSON columns parsed and its flags as booleans."""
    for name in TURN_JSON_COLUMNS:
        if name in row and row[name] is not None:
            row[name] = json.loads(row[name])
    for name in TURN_BOOL_COLUMNS:
        if name in row and row[name] is not None:
            row[name] = bool(row[name])
    return row


def decode_evaluation(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """An `evaluations` row with its JSON columns parsed and its grades gathered."""
    if row is None:
        return None
    for name in EVALUATION_JSON_COLUMNS:
        if row.get(name) is not None:
            row[name] = json.loads(row[name])
    row["grades"] = {f: row.pop(f) for f in SATISFACTION_FACTORS}
    row["index"] = row.pop("idx")
    return row


def decode_session(row: dict[str, Any]) -> dict[str, Any]:
    """A `sessions` row with its booleans as booleans and its running sum left out."""
    row.pop("points_sum", None)
    row.pop("trainee_id", None)
    row["timed"] = bool(row["timed"])
    row["passed"] = None if row["passed"] is None else bool(row["passed"])
    return row


def session_detail(store: Store, session_id: str) -> dict[str, Any] | None:
    """One session with its transcript (every turn, scored) and its evaluation, or None."""
    session = store.session(session_id)
    if session is None:
        return None
    turns = store.query("SELECT * FROM turns WHERE session_id = ? ORDER BY idx", [session_id])
    evaluations = store.query("SELECT * FROM evaluations WHERE session_id = ?", [session_id])
    for turn in turns:
        turn.pop("id", None)
        turn.pop("session_id", None)
    return {
        "session": decode_session(session),
        "turns": [decode_turn(turn) for turn in turns],
        "evaluation": decode_evaluation(evaluations[0] if evaluations else None),
    }


EXPORTED_STATUSES: tuple[str, ...] = ("finished", "unfinished", "abandoned")
"""Sessions exports include: every closed one; open ones may still be written to."""


def iter_session_records(
    store: Store, filters: Filters = Filters(), statuses: tuple[str, ...] = EXPORTED_STATUSES
) -> Iterator[dict[str, Any]]:
    """Each selected session with its turns and evaluation, oldest first, streamed.

    Two cursors walk sessions and turns in the same order, so memory stays flat however
    many sessions there are.
    """
    cte, params = _selected(filters, statuses)
    conn = store.db.conn
    # One read transaction, so both cursors see the same snapshot while others write.
    conn.execute("BEGIN")
    try:
        yield from _walk_records(conn, cte, params)
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def _walk_records(conn: sqlite3.Connection, cte: str, params: list) -> Iterator[dict[str, Any]]:
    sessions = conn.execute(
        f"""{cte} SELECT sel.*, e.efficiency, e.method, e.result, e.open_requests,
            e.root_cause, e.reasons, e.weights, e.idx, e.perceived, e.expected, e.css, e.gap,
            e.level, e.rule_version, e.self_assessment, e.self_assessed_at,
            e.session_id AS evaluated
        FROM sel LEFT JOIN evaluations e ON e.session_id = sel.id
        ORDER BY sel.started_at, sel.id""",
        params,
    )
    session_names = [d[0] for d in sessions.description]
    turns = conn.execute(
        f"""{cte} SELECT tu.* FROM sel JOIN turns tu ON tu.session_id = sel.id
        ORDER BY sel.started_at, sel.id, tu.idx""",
        params,
    )
    turn_names = [d[0] for d in turns.description]
    turn_groups = groupby(
        (dict(zip(turn_names, row, strict=True)) for row in turns),
        key=lambda turn: turn["session_id"],
    )
    pending = next(turn_groups, None)
    evaluation_columns = (
        *SATISFACTION_FACTORS,
        "reasons",
        "weights",
        "idx",
        "perceived",
        "expected",
        "css",
        "gap",
        "level",
        "rule_version",
        "self_assessment",
        "self_assessed_at",
    )
    for values in sessions:
        row = dict(zip(session_names, values, strict=True))
        evaluation = {name: row.pop(name) for name in evaluation_columns}
        evaluated = row.pop("evaluated")
        session_turns: list[dict[str, Any]] = []
        if pending is not None and pending[0] == row["id"]:
            for turn in pending[1]:
                turn.pop("id", None)
                turn.pop("session_id", None)
                session_turns.append(decode_turn(turn))
            pending = next(turn_groups, None)
        yield {
            "session": decode_session(row),
            "turns": session_turns,
            "evaluation": decode_evaluation(evaluation) if evaluated else None,
        }


__all__ = [
    "EXPORTED_STATUSES",
    "SECTIONS",
    "Filters",
    "Period",
    "by_scenario",
    "by_technique",
    "by_trainee",
    "evaluation_averages",
    "full_report",
    "iter_session_records",
    "period_of",
    "satisfaction",
    "session_detail",
    "summary",
    "team_names",
    "trainee_names",
    "trainee_sessions",
    "trend",
]
