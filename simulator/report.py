"""HR report queries over the records: per trainee, technique, scenario, period and satisfaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from typing import Any, Literal

from scoring.models import LABELS
from simulator.evaluation import LEVELS
from simulator.identity import name_key
from simulator.scenario import SATISFACTION_FACTORS
from simulator.store import (
    REPORTED_STATUSES,
    STATUSES,
    SUMMARY_COLUMNS,
    Store,
    iso_utc,
    technique_columns,
)

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
        """The SQL condition over `sessions s`, and its parameters.

        Trainee and team are matched through a subquery, so a report over everyone reads
        the sessions table alone.
        """
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
            clauses.append("s.trainee_id IN (SELECT id FROM trainees WHERE name_key = ?)")
            params.append(name_key(self.trainee))
        if self.team is not None:
            clauses.append("s.trainee_id IN (SELECT id FROM trainees WHERE team = ?)")
            params.append(self.team)
        if self.scenario is not None:
            clauses.append("s.scenario_id = ?")
            params.append(self.scenario)
        return " AND ".join(clauses), params

    def to_dict(self) -> dict[str, str | None]:
        """The filters as JSON-ready data."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


COUNTED = "status IN ('finished', 'unfinished')"
"""The condition of the sessions every figure counts (REPORTED_STATUSES)."""


@dataclass(frozen=True)
class Source:
    """What the report sections read, as CTEs and their parameters.

    `every` holds the sessions the filters select whatever their status, `sel` the counted
    ones among them (finished and unfinished), and `ev` the evaluations of those.
    """

    cte: str
    """The WITH clause that defines every, sel and ev."""
    params: list[Any]
    """The parameters of the WITH clause."""

    @classmethod
    def of(cls, filters: Filters) -> Source:
        """The sessions of these filters, read straight from the tables."""
        where, params = filters.where(STATUSES)
        evaluated = "SELECT e.* FROM sel JOIN evaluations e ON e.session_id = sel.id"
        if filters == Filters():
            # Only finish_session writes an evaluation, closing the session as finished or
            # unfinished for good, so unfiltered the counted evaluations are all of them.
            evaluated = "SELECT * FROM evaluations"
        cte = f"""WITH every AS (SELECT s.* FROM sessions s WHERE {where}),
            sel AS (SELECT * FROM every WHERE {COUNTED}),
            ev AS ({evaluated})"""
        return cls(cte, params)


def _selected(
    filters: Filters, statuses: tuple[str, ...] = REPORTED_STATUSES
) -> tuple[str, list[Any]]:
    """A `sel` CTE of the sessions of these filters and statuses, and its parameters."""
    where, params = filters.where(statuses)
    return f"WITH sel AS (SELECT s.* FROM sessions s WHERE {where})", params


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _share(part: int, whole: int) -> float:
    """part / whole to three places, 0.0 when there is no whole."""
    return round(part / whole, 3) if whole else 0.0


def _rounded(rows: list[dict[str, Any]], **digits: int) -> list[dict[str, Any]]:
    """The rows with the named averages rounded to their number of places."""
    for row in rows:
        for name, places in digits.items():
            row[name] = _round(row[name], places)
    return rows


def _technique_sums(store: Store, source: Source) -> dict[str, Any]:
    """The per-technique totals of the counted sessions, summed."""
    sums = ", ".join(f"sum({column}) AS {column}" for column in SUMMARY_COLUMNS)
    [row] = store.query(f"{source.cte} SELECT {sums} FROM sel", source.params)
    return row


def _per_trainee(store: Store, source: Source) -> list[dict[str, Any]]:
    """Each trainee's counts and sums over the counted sessions; the summary adds them up."""
    # `+trainee_id` keeps SQLite from walking the trainee index row by row: one scan and a
    # sort is much cheaper over the whole table.
    return store.query(
        f"""{source.cte}, per AS (
            SELECT trainee_id, count(*) AS sessions, sum(status = 'finished') AS finished,
                sum(total_score) AS score_sum, sum(passed) AS passed_sum,
                sum(turn_count) AS turns, sum(hints_used) AS hints_used,
                max(coalesce(ended_at, started_at)) AS last_active
            FROM sel GROUP BY +trainee_id)
        SELECT t.name AS trainee, t.uid AS trainee_uid, t.team, per.* FROM per
        JOIN trainees t ON t.id = per.trainee_id ORDER BY t.name""",
        source.params,
    )


def _excluded(store: Store, source: Source) -> dict[str, Any]:
    """How many selected sessions are abandoned or still open."""
    [row] = store.query(
        f"""{source.cte} SELECT sum(status = 'abandoned') AS abandoned,
            sum(status = 'open') AS open
        FROM every WHERE status IN ('abandoned', 'open')""",
        source.params,
    )
    return row


def summary(store: Store, filters: Filters = Filters()) -> dict[str, Any]:
    """Counts and averages over the selected sessions.

    Only finished and unfinished sessions count; abandoned ones (a crash nobody resumed) and
    open ones (in progress) are reported as separate counts and left out of every average.
    """
    source = Source.of(filters)
    return _summary(_per_trainee(store, source), _excluded(store, source))


def _summary(per_trainee: list[dict[str, Any]], excluded: dict[str, Any]) -> dict[str, Any]:
    sessions = sum(row["sessions"] for row in per_trainee)
    finished = sum(row["finished"] for row in per_trainee)
    score_sum = sum(row["score_sum"] or 0 for row in per_trainee)
    passed = sum(row["passed_sum"] or 0 for row in per_trainee)
    return {
        "sessions": sessions,
        "finished": finished,
        "unfinished": sessions - finished,
        "abandoned_excluded": excluded["abandoned"] or 0,
        "open_excluded": excluded["open"] or 0,
        "trainee_count": len(per_trainee),
        "turns": sum(row["turns"] or 0 for row in per_trainee),
        "average_score": round(score_sum / sessions, 1) if sessions else None,
        "pass_rate": round(passed / finished, 3) if finished else None,
    }


def by_trainee(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per trainee: sessions, average session score, pass rate of finished ones, last active."""
    return _by_trainee(_per_trainee(store, Source.of(filters)))


def _by_trainee(per_trainee: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "trainee": row["trainee"],
            "trainee_id": row["trainee_uid"],
            "team": row["team"],
            "sessions": row["sessions"],
            "finished": row["finished"],
            "average_score": round((row["score_sum"] or 0) / row["sessions"], 1),
            "pass_rate": round((row["passed_sum"] or 0) / row["finished"], 3)
            if row["finished"]
            else None,
            "turns": row["turns"],
            "hints_used": row["hints_used"],
            "last_active": row["last_active"],
        }
        for row in per_trainee
    ]


def by_technique(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per label (all seven, unused ones too): uses, average turn score, matches with the advice.

    A turn's score here is the scorer's total before any hint cost: it judges the reply. The
    sums come from each session's per-technique totals, kept as its turns are recorded.
    """
    return _by_technique(_technique_sums(store, Source.of(filters)))


def _by_technique(row: dict[str, Any]) -> list[dict[str, Any]]:
    all_uses = sum(row[technique_columns(label)[0]] or 0 for label in LABELS)
    result = []
    for label in LABELS:
        uses, score, matched = (row[column] or 0 for column in technique_columns(label))
        result.append(
            {
                "technique": label,
                "uses": uses,
                "share": _share(uses, all_uses),
                "average_score": round(score / uses, 1) if uses else None,
                "matched_recommended": matched,
                "matched_rate": round(matched / uses, 3) if uses else None,
            }
        )
    return result


def by_scenario(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per scenario: sessions, average score, pass rate, average turns and good endings."""
    return _by_scenario(store, Source.of(filters))


def _by_scenario(store: Store, source: Source) -> list[dict[str, Any]]:
    rows = store.query(
        f"""{source.cte} SELECT scenario_id, max(scenario_title) AS title,
            max(scenario_version) AS latest_version, count(*) AS sessions,
            count(DISTINCT trainee_id) AS trainees,
            avg(total_score) AS average_score, avg(passed) AS pass_rate,
            avg(turn_count) AS average_turns,
            sum(outcome IN ('won', 'resolved')) AS good_endings
        FROM sel GROUP BY +scenario_id ORDER BY scenario_id""",
        source.params,
    )
    return _rounded(rows, average_score=1, pass_rate=3, average_turns=1)


def period_of(day: date, period: Period) -> str:
    """The label of the ISO week (2026-W18) or day (2026-05-01) a day falls in."""
    if period == "day":
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def trend(
    store: Store, filters: Filters = Filters(), period: Period = "week"
) -> list[dict[str, Any]]:
    """Sessions, average score and pass rate per ISO week or day (UTC), oldest first."""
    return _trend(store, Source.of(filters), period)


def _trend(store: Store, source: Source, period: Period) -> list[dict[str, Any]]:
    days = store.query(
        f"""{source.cte} SELECT substr(started_at, 1, 10) AS day, count(*) AS sessions,
            sum(total_score) AS score_sum, sum(status = 'finished') AS finished,
            sum(passed) AS passed
        FROM sel GROUP BY day ORDER BY day""",
        source.params,
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


EVALUATION_MEASURES: tuple[str, ...] = (
    *SATISFACTION_FACTORS,
    "idx",
    "perceived",
    "expected",
    "css",
    "gap",
    "self_assessment",
)
"""The evaluation columns that are averaged, per level and over all."""


def _levels(store: Store, source: Source) -> list[dict[str, Any]]:
    """Per satisfaction level: the evaluated sessions and the sums of every measure.

    Satisfaction levels and evaluation averages both come from these sums, so a full
    report joins the evaluations once.
    """
    sums = ", ".join(f"sum({measure}) AS {measure}" for measure in EVALUATION_MEASURES)
    return store.query(
        f"""{source.cte} SELECT level, count(*) AS sessions,
            count(self_assessment) AS self_assessed, {sums}
        FROM ev GROUP BY +level""",
        source.params,
    )


def _mean(total: float | None, count: int, places: int) -> float | None:
    return round(total / count, places) if count and total is not None else None


def satisfaction(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Sessions per satisfaction level (worst first), with their share and average CSS."""
    return _satisfaction(_levels(store, Source.of(filters)))


def _satisfaction(levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = {row["level"]: row for row in levels}
    total = sum(row["sessions"] for row in levels)
    empty = {"sessions": 0, "css": None, "idx": None}
    result = []
    for level in (*LEVELS, *sorted(set(found) - set(LEVELS))):
        row = found.get(level, empty)
        result.append(
            {
                "level": level,
                "sessions": row["sessions"],
                "share": _share(row["sessions"], total),
                "average_css": _mean(row["css"], row["sessions"], 3),
                "average_index": _mean(row["idx"], row["sessions"], 2),
            }
        )
    return result


def evaluation_averages(store: Store, filters: Filters = Filters()) -> dict[str, Any]:
    """Average grades of the five questions, index, CSS and gap; self-assessment kept apart."""
    return _evaluation_averages(_levels(store, Source.of(filters)))


def _evaluation_averages(levels: list[dict[str, Any]]) -> dict[str, Any]:
    evaluated = sum(row["sessions"] for row in levels)
    rated = sum(row["self_assessed"] for row in levels)

    def mean(measure: str, count: int, places: int) -> float | None:
        values = [row[measure] for row in levels if row[measure] is not None]
        return _mean(sum(values), count, places) if values else None

    return {
        "evaluated": evaluated,
        "grades": {f: mean(f, evaluated, 2) for f in SATISFACTION_FACTORS},
        "index": mean("idx", evaluated, 2),
        "perceived": mean("perceived", evaluated, 2),
        "expected": mean("expected", evaluated, 2),
        "css": mean("css", evaluated, 3),
        "gap": mean("gap", evaluated, 2),
        "self_assessed": rated,
        "self_assessment": mean("self_assessment", rated, 2),
    }


DEFINITIONS: dict[str, str] = {
    "counted": "finished and unfinished sessions; abandoned and open ones are counted apart "
    "and left out of every figure",
    "average_score": "mean of the counted sessions' total scores (each the mean of its turns' "
    "points after hint costs), 0-100",
    "pass_rate": "share of finished sessions whose total reached the scenario's pass mark; "
    "unfinished sessions are not graded",
    "technique_average_score": "mean of the turns' scores (before hint costs), 0-100",
    "matched_recommended": "turns whose technique was among the node's recommended",
}
"""What the report's figures mean, printed with the JSON report."""


def full_report(
    store: Store, filters: Filters = Filters(), period: Period = "week"
) -> dict[str, Any]:
    """Every section of `dojo report` as one JSON-ready object, from one snapshot.

    The read transaction keeps the sections consistent while other processes record; the
    summary is added up from the per-trainee sums, and satisfaction and the evaluation
    averages share one pass over the evaluations.
    """
    source = Source.of(filters)
    with store.snapshot():
        per_trainee = _per_trainee(store, source)
        levels = _levels(store, source)
        return {
            "generated_at": iso_utc(datetime.now(UTC)),
            "filters": filters.to_dict(),
            "definitions": DEFINITIONS,
            **_summary(per_trainee, _excluded(store, source)),
            "trainees": _by_trainee(per_trainee),
            "techniques": _by_technique(_technique_sums(store, source)),
            "scenarios": _by_scenario(store, source),
            "trend_period": period,
            "trend": _trend(store, source, period),
            "satisfaction": _satisfaction(levels),
            "evaluation": _evaluation_averages(levels),
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
    """A `sessions` row with its booleans as booleans and its running totals left out.

    The running totals only speed up reports; the turns themselves are exported.
    """
    for name in ("points_sum", "trainee_id", *SUMMARY_COLUMNS):
        row.pop(name, None)
    if "trainee_uid" in row:
        # The stable id, not the internal row number, is the trainee's id outside the file.
        row["trainee_id"] = row.pop("trainee_uid")
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
) -> Generator[dict[str, Any], None, None]:
    """Each selected session with its turns and evaluation, oldest first, streamed.

    Two cursors walk sessions and turns in the same order, so memory stays flat however
    many sessions there are.
    """
    cte, params = _selected(filters, statuses)
    # One read transaction, so both cursors see the same snapshot while others write.
    with store.snapshot() as conn:
        yield from _walk_records(conn, cte, params)


def _walk_records(
    conn: sqlite3.Connection, cte: str, params: list[Any]
) -> Iterator[dict[str, Any]]:
    sessions = conn.execute(
        f"""{cte} SELECT sel.*, t.name AS trainee, t.uid AS trainee_uid, t.team, e.efficiency, e.method, e.result, e.open_requests,
            e.root_cause, e.reasons, e.weights, e.idx, e.perceived, e.expected, e.css, e.gap,
            e.level, e.rule_version, e.self_assessment, e.self_assessed_at,
            e.session_id AS evaluated
        FROM sel JOIN trainees t ON t.id = sel.trainee_id
        LEFT JOIN evaluations e ON e.session_id = sel.id
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
