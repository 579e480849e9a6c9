"""HR report queries over the records: per team, trainee, technique, scenario, period, flag and satisfaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Generator, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import groupby
from typing import Any, Literal

from scoring.models import LABELS
from simulator.identity import name_key
from simulator.records.store import (
    REPORTED_STATUSES,
    STATUSES,
    SUMMARY_COLUMNS,
    Store,
    iso_utc,
    technique_columns,
)
from simulator.scenario.model import SATISFACTION_FACTORS
from simulator.session.evaluation import LEVELS

Period = Literal["week", "day"]

SECTIONS: tuple[str, ...] = (
    "teams",
    "team_techniques",
    "trainees",
    "progress",
    "techniques",
    "calibration",
    "flags",
    "scenarios",
    "trend",
    "satisfaction",
    "notes",
)
"""The report's tables, in the order they are shown."""

TURN_JSON_COLUMNS = ("evidence", "gaming", "flags", "steps", "steps_covered", "recommended")
TURN_BOOL_COLUMNS = ("matched_recommended", "hint_used", "timed_out")
EVALUATION_JSON_COLUMNS = ("reasons", "weights")

WINDOW_WEEKS = 4
"""The progress report sets a trainee's first this many weeks against their latest as many."""

TREND_POINTS = 5.0
"""A change of at least this many points between the two windows is a trend up or down."""

CALIBRATION_GAP = 1.0
"""A self-assessment this far above (below) the evaluation index, on 1-5, over- (under-)rates."""

MIN_TECHNIQUE_USES = 3
"""A team's weakest technique is chosen among those it used at least this often."""

EPOCH_MONDAY = date(1970, 1, 5)
"""The Monday that week numbers in the queries count from."""


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
    include_unfinished: bool = False
    """Average over unfinished sessions too; by default only finished ones are averaged."""

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

    @property
    def rolled_up(self) -> bool:
        """Whether the per-trainee rollups can answer: no period and no scenario filter."""
        return self.date_from is None and self.date_to is None and self.scenario is None

    def rollup_where(self, statuses: tuple[str, ...]) -> tuple[str, list[Any]]:
        """The SQL condition over a rollup table `r` (trainee and team only), and its parameters."""
        clauses = [f"r.status IN ({', '.join('?' for _ in statuses)})"]
        params: list[Any] = list(statuses)
        if self.trainee is not None:
            clauses.append("r.trainee_id IN (SELECT id FROM trainees WHERE name_key = ?)")
            params.append(name_key(self.trainee))
        if self.team is not None:
            clauses.append("r.trainee_id IN (SELECT id FROM trainees WHERE team = ?)")
            params.append(self.team)
        return " AND ".join(clauses), params

    @property
    def averaged_statuses(self) -> tuple[str, ...]:
        """The statuses of the sessions that averages, mixes and rates are taken over."""
        return REPORTED_STATUSES if self.include_unfinished else ("finished",)

    def to_dict(self) -> dict[str, Any]:
        """The filters as JSON-ready data."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


COUNTED = "status IN ('finished', 'unfinished')"
"""The condition of the sessions every count counts (REPORTED_STATUSES)."""


@dataclass(frozen=True)
class Source:
    """What the report sections read, as CTEs and their parameters.

    `every` holds the sessions the filters select whatever their status, `counted` the
    finished and unfinished ones among them, `sel` those that figures are averaged over
    (finished ones, or finished and unfinished with the switch), and `ev` the evaluations
    of `sel` with their trainee.
    """

    cte: str
    """The WITH clause that defines every, counted, sel and ev."""
    params: list[Any]
    """The parameters of the WITH clause."""
    averaged: str
    """The SQL condition, over a `counted` row, of being averaged (in `sel`)."""
    averaged_statuses: tuple[str, ...]
    """The statuses of the averaged sessions."""
    filters: Filters
    """The filters the source was made of."""
    rolled_up: bool = False
    """Whether sections read the per-trainee rollups instead of every session."""

    @classmethod
    def of(cls, filters: Filters, rollups: bool = True) -> Source:
        """The sessions of these filters; from the rollups when they can answer and rollups is set.

        The rollups give the same figures as the sessions they sum; rollups=False reads
        every session, as a check.
        """
        where, params = filters.where(STATUSES)
        averaged = COUNTED if filters.include_unfinished else "status = 'finished'"
        cte = f"""WITH every AS (SELECT s.* FROM sessions s WHERE {where}),
            counted AS (SELECT * FROM every WHERE {COUNTED}),
            sel AS (SELECT * FROM every WHERE {averaged}),
            ev AS (SELECT e.*, sel.trainee_id FROM sel JOIN evaluations e ON e.session_id = sel.id)"""
        return cls(
            cte,
            params,
            averaged,
            filters.averaged_statuses,
            filters,
            rollups and filters.rolled_up,
        )


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


def _ratio(part: float | None, whole: int | None, places: int) -> float | None:
    """part / whole rounded, None when there is no whole."""
    return round((part or 0) / whole, places) if whole else None


def _rounded(rows: list[dict[str, Any]], **digits: int) -> list[dict[str, Any]]:
    """The rows with the named averages rounded to their number of places."""
    for row in rows:
        for name, places in digits.items():
            row[name] = _round(row[name], places)
    return rows


def _technique_sums(store: Store, source: Source) -> dict[str, Any]:
    """The per-technique totals of the averaged sessions, summed."""
    sums = ", ".join(f"sum({column}) AS {column}" for column in SUMMARY_COLUMNS)
    [row] = store.query(f"{source.cte} SELECT {sums} FROM sel", source.params)
    return row


PER_TRAINEE_SUMS: tuple[str, ...] = (
    "sessions",
    "score_sum",
    "passed_sum",
    "turns",
    "hints_used",
    *SUMMARY_COLUMNS,
)
"""What the per-trainee query adds up per trainee and status."""


def _per_trainee(store: Store, source: Source) -> list[dict[str, Any]]:
    """Each trainee's counts and sums over the counted sessions; teams and the summary add them up.

    Counts cover finished and unfinished sessions; score, pass and technique sums cover the
    averaged ones only. One grouping by trainee and status, folded here, keeps it to one
    pass over the sessions without a condition per column.
    """
    if source.rolled_up:
        where, params = source.filters.rollup_where(REPORTED_STATUSES)
        groups = store.query(
            f"""SELECT trainee_id, status, sessions, score_sum, passed_sum, turns, hints_used,
                last_active, {", ".join(SUMMARY_COLUMNS)}
            FROM trainee_totals r WHERE {where}""",
            params,
        )
    else:
        technique_sums = ", ".join(f"sum({column}) AS {column}" for column in SUMMARY_COLUMNS)
        # The report index holds every column read here in trainee order: no sort, no table.
        where, params = source.filters.where(REPORTED_STATUSES)
        groups = store.query(
            f"""SELECT trainee_id, status, count(*) AS sessions,
                sum(total_score) AS score_sum, sum(passed) AS passed_sum,
                sum(turn_count) AS turns, sum(hints_used) AS hints_used,
                max(coalesce(ended_at, started_at)) AS last_active, {technique_sums}
            FROM sessions s WHERE {where} GROUP BY trainee_id, status""",
            params,
        )
    if not groups:
        return []
    names = {
        row["id"]: row
        for row in store.query(
            f"SELECT id, name, uid, team FROM trainees WHERE id IN "
            f"({', '.join(str(int(g['trainee_id'])) for g in groups)})"
        )
    }
    per: dict[int, dict[str, Any]] = {}
    for group in groups:
        trainee_id = group["trainee_id"]
        row = per.get(trainee_id)
        if row is None:
            row = per[trainee_id] = {
                "trainee": names[trainee_id]["name"],
                "trainee_uid": names[trainee_id]["uid"],
                "team": names[trainee_id]["team"],
                "trainee_id": trainee_id,
                "sessions": 0,
                "finished": 0,
                "averaged": 0,
                "score_sum": 0,
                "passed_sum": 0,
                "turns": 0,
                "averaged_turns": 0,
                "hints_used": 0,
                "last_active": None,
                **dict.fromkeys(SUMMARY_COLUMNS, 0),
            }
        row["sessions"] += group["sessions"]
        row["turns"] += group["turns"] or 0
        row["hints_used"] += group["hints_used"] or 0
        row["passed_sum"] += group["passed_sum"] or 0
        if group["status"] == "finished":
            row["finished"] += group["sessions"]
        if row["last_active"] is None or (group["last_active"] or "") > row["last_active"]:
            row["last_active"] = group["last_active"]
        if group["status"] in source.averaged_statuses:
            row["averaged"] += group["sessions"]
            row["score_sum"] += group["score_sum"] or 0
            row["averaged_turns"] += group["turns"] or 0
            _add_sums(row, group, SUMMARY_COLUMNS)
    return sorted(per.values(), key=lambda row: row["trainee"])


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

    Finished and unfinished sessions are counted apart; averages are over finished ones
    unless the filters include unfinished ones. Abandoned ones (a crash nobody resumed) and
    open ones (in progress) are reported as separate counts and left out of every figure.
    """
    source = Source.of(filters)
    return _summary(_per_trainee(store, source), _excluded(store, source), filters)


def _summary(
    per_trainee: list[dict[str, Any]], excluded: dict[str, Any], filters: Filters
) -> dict[str, Any]:
    sessions = sum(row["sessions"] for row in per_trainee)
    finished = sum(row["finished"] for row in per_trainee)
    averaged = sum(row["averaged"] or 0 for row in per_trainee)
    score_sum = sum(row["score_sum"] or 0 for row in per_trainee)
    passed = sum(row["passed_sum"] or 0 for row in per_trainee)
    return {
        "sessions": sessions,
        "finished": finished,
        "unfinished": sessions - finished,
        "averaged_over": "finished and unfinished" if filters.include_unfinished else "finished",
        "averaged_sessions": averaged,
        "abandoned_excluded": excluded["abandoned"] or 0,
        "open_excluded": excluded["open"] or 0,
        "trainee_count": len(per_trainee),
        "turns": sum(row["turns"] or 0 for row in per_trainee),
        "average_score": _ratio(score_sum, averaged, 1),
        "pass_rate": _ratio(passed, finished, 3),
    }


def by_trainee(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per trainee: sessions finished and not, average session score, pass rate, last active."""
    return _by_trainee(_per_trainee(store, Source.of(filters)))


def _by_trainee(per_trainee: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "trainee": row["trainee"],
            "trainee_id": row["trainee_uid"],
            "team": row["team"],
            "sessions": row["sessions"],
            "finished": row["finished"],
            "unfinished": row["sessions"] - row["finished"],
            "average_score": _ratio(row["score_sum"], row["averaged"], 1),
            "pass_rate": _ratio(row["passed_sum"], row["finished"], 3),
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
    source = Source.of(filters)
    if source.rolled_up:
        return _by_technique(_fold_sums(_per_trainee(store, source)))
    return _by_technique(_technique_sums(store, source))


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
                "misused": uses - matched,
            }
        )
    return result


def _add_sums(total: dict[str, int], row: dict[str, Any], columns: Iterable[str]) -> None:
    for column in columns:
        total[column] = total.get(column, 0) + (row[column] or 0)


def _fold_sums(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The per-technique totals of several per-trainee rows, added up."""
    total: dict[str, int] = dict.fromkeys(SUMMARY_COLUMNS, 0)
    for row in rows:
        _add_sums(total, row, SUMMARY_COLUMNS)
    return total


def most_misused(techniques: list[dict[str, Any]]) -> str | None:
    """The technique most often used where the node did not recommend it (ties: label order)."""
    worst = max(techniques, key=lambda row: row["misused"], default=None)
    return worst["technique"] if worst and worst["misused"] else None


def weakest(techniques: list[dict[str, Any]], min_uses: int = MIN_TECHNIQUE_USES) -> str | None:
    """The technique (not `none`) with the lowest average turn score among those used enough."""
    used = [
        row
        for row in techniques
        if row["technique"] != "none"
        and row["uses"] >= min_uses
        and row["average_score"] is not None
    ]
    return min(used, key=lambda row: row["average_score"])["technique"] if used else None


def _teams(per_trainee: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per team (trainees with none together, last): figures, and per technique per team."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for row in per_trainee:
        groups.setdefault(row["team"], []).append(row)
    teams: list[dict[str, Any]] = []
    per_technique: list[dict[str, Any]] = []
    for team in sorted(groups, key=lambda name: (name is None, name or "")):
        rows = groups[team]
        sessions = sum(row["sessions"] for row in rows)
        finished = sum(row["finished"] for row in rows)
        averaged = sum(row["averaged"] or 0 for row in rows)
        techniques = _by_technique(_fold_sums(rows))
        teams.append(
            {
                "team": team,
                "trainees": len(rows),
                "sessions": sessions,
                "finished": finished,
                "unfinished": sessions - finished,
                "average_score": _ratio(sum(row["score_sum"] or 0 for row in rows), averaged, 1),
                "pass_rate": _ratio(sum(row["passed_sum"] or 0 for row in rows), finished, 3),
                "technique_mix": {row["technique"]: row["share"] for row in techniques},
                "most_misused": most_misused(techniques),
                "weakest": weakest(techniques),
            }
        )
        per_technique.extend({"team": team, **row} for row in techniques)
    return teams, per_technique


def by_team(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per team: trainees, sessions, average, pass rate, technique mix, most misused technique."""
    return _teams(_per_trainee(store, Source.of(filters)))[0]


def by_team_technique(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per team and technique: uses, share, average turn score, matches and misuses."""
    return _teams(_per_trainee(store, Source.of(filters)))[1]


@cache
def week_label(week: int) -> str:
    """The ISO week label (2026-W18) of a week number counted from EPOCH_MONDAY."""
    return period_of(EPOCH_MONDAY + timedelta(weeks=week), "week")


WEEK_NUMBER = (
    "CAST((julianday(substr(started_at, 1, 10)) - julianday('1970-01-05')) / 7 AS INTEGER)"
)
"""SQL: a session's week, counted in whole weeks from Monday 1970-01-05 (UTC)."""


def _weekly(store: Store, source: Source) -> list[dict[str, Any]]:
    """Each trainee's averaged sessions and their score sum per week, in week order."""
    if source.rolled_up:
        where, params = source.filters.rollup_where(source.averaged_statuses)
        sql = f"""SELECT trainee_id, week, sum(sessions), sum(score_sum)
            FROM trainee_weeks r WHERE {where} GROUP BY trainee_id, week
            ORDER BY trainee_id, week"""
    else:
        where, params = source.filters.where(source.averaged_statuses)
        sql = f"""SELECT trainee_id, {WEEK_NUMBER} AS week, count(*), sum(total_score)
            FROM sessions s WHERE {where} GROUP BY trainee_id, week ORDER BY trainee_id, week"""
    with store.snapshot() as conn:
        # Tuples, not dicts: there is a row per trainee and week.
        rows = conn.execute(sql, params).fetchall()
    return [
        {"trainee_id": trainee_id, "week": week, "sessions": n, "score_sum": total}
        for trainee_id, week, n, total in rows
    ]


def progress_of(weeks: list[dict[str, Any]]) -> dict[str, Any]:
    """A trainee's first against latest WINDOW_WEEKS weeks, from their weekly sums (in order).

    The first window is the weeks from the first week with a session; the latest ends with
    the last such week and never reaches back into the first. With less than two windows'
    span the trend is `new`: too early to say.
    """
    first_week, last_week = weeks[0]["week"], weeks[-1]["week"]
    first_end = first_week + WINDOW_WEEKS
    latest_start = max(first_end, last_week - WINDOW_WEEKS + 1)

    def window(low: int, high: int) -> tuple[int, float | None]:
        inside = [row for row in weeks if low <= row["week"] < high]
        count = sum(row["sessions"] for row in inside)
        return count, _ratio(sum(row["score_sum"] or 0 for row in inside), count, 1)

    first_n, first_average = window(first_week, first_end)
    latest_n, latest_average = window(latest_start, last_week + 1)
    change = None
    trend = "new"
    if latest_n and first_average is not None and latest_average is not None:
        change = round(latest_average - first_average, 1)
        trend = (
            "improving"
            if change >= TREND_POINTS
            else "declining"
            if change <= -TREND_POINTS
            else "steady"
        )
    return {
        "first_week": week_label(first_week),
        "latest_week": week_label(last_week),
        "first_sessions": first_n,
        "first_average": first_average,
        "latest_sessions": latest_n if latest_n else 0,
        "latest_average": latest_average if latest_n else None,
        "change": change,
        "trend": trend,
        "weekly": [
            {
                "week": week_label(row["week"]),
                "sessions": row["sessions"],
                "average_score": _ratio(row["score_sum"], row["sessions"], 1),
            }
            for row in weeks
        ],
    }


def _progress(
    per_trainee: list[dict[str, Any]], weekly: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    names = {row["trainee_id"]: (row["trainee"], row["team"]) for row in per_trainee}
    result = []
    for trainee_id, rows in groupby(weekly, key=lambda row: row["trainee_id"]):
        name, team = names[trainee_id]
        result.append({"trainee": name, "team": team, **progress_of(list(rows))})
    return sorted(result, key=lambda row: row["trainee"])


def progress(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per trainee over time: first against latest four weeks, the trend, and weekly averages."""
    source = Source.of(filters)
    return _progress(_per_trainee(store, source), _weekly(store, source))


def _calibration_rows(evaluation_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per trainee who rated a session: how many, and the sums of their rating and index."""
    per: dict[int, dict[str, Any]] = {}
    for row in evaluation_rows:
        if not row["self_assessed"]:
            continue
        found = per.setdefault(
            row["trainee_id"],
            {"trainee_id": row["trainee_id"], "rated": 0, "self_sum": 0, "index_sum": 0.0},
        )
        found["rated"] += row["self_assessed"]
        found["self_sum"] += row["self_assessment"] or 0
        found["index_sum"] += row["rated_index_sum"] or 0.0
    return list(per.values())


def _calibration(
    per_trainee: list[dict[str, Any]], rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per trainee who rated themselves: their rating against the evaluation, widest gap first."""
    names = {row["trainee_id"]: (row["trainee"], row["team"]) for row in per_trainee}
    result = []
    for row in rows:
        name, team = names[row["trainee_id"]]
        own = row["self_sum"] / row["rated"]
        evaluated = row["index_sum"] / row["rated"]
        gap = own - evaluated
        result.append(
            {
                "trainee": name,
                "team": team,
                "rated_sessions": row["rated"],
                "self_assessment": round(own, 2),
                "evaluation_index": round(evaluated, 2),
                "gap": round(gap, 2),
                "calibration": "overrates"
                if gap >= CALIBRATION_GAP
                else "underrates"
                if gap <= -CALIBRATION_GAP
                else "calibrated",
            }
        )
    return sorted(result, key=lambda row: (-row["gap"], row["trainee"]))


def calibration(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Self-assessment against the evaluation index (both 1-5), per trainee who rated."""
    source = Source.of(filters)
    return _calibration(
        _per_trainee(store, source), _calibration_rows(_evaluation_rows(store, source))
    )


def _flag_rows(store: Store, source: Source) -> list[dict[str, Any]]:
    """Per trainee and flag id: flagged turns and sessions, over the averaged sessions.

    The flag totals carry their session's trainee, status, start and scenario, so the
    filters apply to them directly and no session is read.
    """
    if source.rolled_up:
        where, params = source.filters.rollup_where(source.averaged_statuses)
        return store.query(
            f"""SELECT trainee_id, flag, sum(turns) AS turns, sum(sessions) AS sessions
            FROM trainee_flags r WHERE {where} GROUP BY trainee_id, flag""",
            params,
        )
    where, params = source.filters.where(source.averaged_statuses)
    return store.query(
        f"""SELECT trainee_id, flag, sum(turns) AS turns, count(*) AS sessions
        FROM session_flags s WHERE {where} GROUP BY trainee_id, flag""",
        params,
    )


def _flags(per_trainee: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per flag id, most often first: turns, their share, sessions, trainees, and the worst team.

    The ids are those the scorer wrote into the turns, so every kind of flag it has ever
    raised is listed, known to this version or not.
    """
    teams = {row["trainee_id"]: row["team"] for row in per_trainee}
    all_turns = sum(row["averaged_turns"] or 0 for row in per_trainee)
    team_turns: dict[str | None, int] = {}
    for row in per_trainee:
        team_turns[row["team"]] = team_turns.get(row["team"], 0) + (row["averaged_turns"] or 0)
    flags: dict[str, dict[str, Any]] = {}
    for row in rows:
        flag = flags.setdefault(
            row["flag"],
            {"flag": row["flag"], "turns": 0, "sessions": 0, "trainees": 0, "by_team": {}},
        )
        flag["turns"] += row["turns"]
        flag["sessions"] += row["sessions"]
        flag["trainees"] += 1
        team = teams.get(row["trainee_id"])
        flag["by_team"][team] = flag["by_team"].get(team, 0) + row["turns"]
    result = []
    for flag in flags.values():
        by_team = flag.pop("by_team")
        rates = {
            team: count / team_turns[team]
            for team, count in by_team.items()
            if team_turns.get(team)
        }
        worst = max(
            sorted(rates, key=lambda t: (t is None, t or "")), key=lambda t: rates[t], default=None
        )
        result.append(
            {
                **flag,
                "share_of_turns": _share(flag["turns"], all_turns),
                "team_most_often": worst,
                "team_most_often_share": round(rates[worst], 3) if worst in rates else None,
            }
        )
    return sorted(result, key=lambda row: (-row["turns"], row["flag"]))


def flags(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """The principles most often broken: each flag the scorer raised, most often first."""
    source = Source.of(filters)
    return _flags(_per_trainee(store, source), _flag_rows(store, source))


def notes(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """The notes on the selected sessions, oldest first, with their session's trainee and scenario."""
    where, params = filters.where(STATUSES)
    # Notes are few: read them first and look each session up, never scan the sessions.
    return store.query(
        f"""SELECT n.session_id, t.name AS trainee, t.team, s.scenario_id, s.started_at,
            s.status, n.author, n.text, n.created_at
        FROM notes n CROSS JOIN sessions s ON s.id = n.session_id
        JOIN trainees t ON t.id = s.trainee_id
        WHERE {where} ORDER BY n.created_at, n.id""",
        params,
    )


def by_scenario(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Per scenario: sessions, average score, pass rate, average turns and good endings."""
    return _by_scenario(store, Source.of(filters))


def _by_scenario(store: Store, source: Source) -> list[dict[str, Any]]:
    if source.rolled_up:
        where, params = source.filters.rollup_where(REPORTED_STATUSES)
        averaged = ", ".join(f"'{status}'" for status in source.averaged_statuses)
        rows = store.query(
            f"""SELECT scenario_id, max(title) AS title, max(latest_version) AS latest_version,
                sum(sessions) AS sessions,
                sum(CASE WHEN status = 'finished' THEN sessions ELSE 0 END) AS finished,
                sum(CASE WHEN status = 'unfinished' THEN sessions ELSE 0 END) AS unfinished,
                count(DISTINCT trainee_id) AS trainees,
                1.0 * sum(CASE WHEN status IN ({averaged}) THEN score_sum END)
                    / sum(CASE WHEN status IN ({averaged}) THEN scored END) AS average_score,
                1.0 * sum(passed_sum) / sum(graded) AS pass_rate,
                1.0 * sum(CASE WHEN status IN ({averaged}) THEN turns END)
                    / sum(CASE WHEN status IN ({averaged}) THEN sessions END) AS average_turns,
                sum(good_endings) AS good_endings
            FROM trainee_scenarios r WHERE {where} GROUP BY scenario_id ORDER BY scenario_id""",
            params,
        )
        return _rounded(rows, average_score=1, pass_rate=3, average_turns=1)
    rows = store.query(
        f"""{source.cte} SELECT scenario_id, max(scenario_title) AS title,
            max(scenario_version) AS latest_version, count(*) AS sessions,
            sum(status = 'finished') AS finished, sum(status = 'unfinished') AS unfinished,
            count(DISTINCT trainee_id) AS trainees,
            avg(CASE WHEN {source.averaged} THEN total_score END) AS average_score,
            avg(passed) AS pass_rate,
            avg(CASE WHEN {source.averaged} THEN turn_count END) AS average_turns,
            sum(outcome IN ('won', 'resolved')) AS good_endings
        FROM counted GROUP BY +scenario_id ORDER BY scenario_id""",
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
    if source.rolled_up and period == "week":
        where, params = source.filters.rollup_where(REPORTED_STATUSES)
        days = store.query(
            f"""SELECT week, status, sum(sessions) AS sessions, sum(score_sum) AS score_sum,
                sum(passed_sum) AS passed
            FROM trainee_weeks r WHERE {where} GROUP BY week, status ORDER BY week""",
            params,
        )
    else:
        days = store.query(
            f"""{source.cte} SELECT substr(started_at, 1, 10) AS day, status,
                count(*) AS sessions, sum(total_score) AS score_sum, sum(passed) AS passed
            FROM counted GROUP BY day, status ORDER BY day""",
            source.params,
        )
    # SQLite before 3.46 has no ISO week, so days are folded into weeks here.
    buckets: dict[str, dict[str, int]] = {}
    for row in days:
        key = (
            week_label(row["week"])
            if "week" in row
            else period_of(date.fromisoformat(row["day"]), period)
        )
        bucket = buckets.setdefault(
            key, {"sessions": 0, "averaged": 0, "score_sum": 0, "finished": 0, "passed": 0}
        )
        bucket["sessions"] += row["sessions"]
        bucket["passed"] += row["passed"] or 0
        if row["status"] == "finished":
            bucket["finished"] += row["sessions"]
        if row["status"] in source.averaged_statuses:
            bucket["averaged"] += row["sessions"]
            bucket["score_sum"] += row["score_sum"] or 0
    return [
        {
            "period": key,
            "sessions": b["sessions"],
            "finished": b["finished"],
            "average_score": _ratio(b["score_sum"], b["averaged"], 1),
            "pass_rate": _ratio(b["passed"], b["finished"], 3),
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


def _evaluation_rows(store: Store, source: Source) -> list[dict[str, Any]]:
    """Per trainee and satisfaction level: the evaluated sessions and the sums of every measure.

    Satisfaction levels, the evaluation averages and calibration all come from these sums,
    so a full report joins the evaluations once.
    """
    if source.rolled_up:
        where, params = source.filters.rollup_where(source.averaged_statuses)
        totals = ", ".join(f"sum({measure}) AS {measure}" for measure in EVALUATION_MEASURES)
        return store.query(
            f"""SELECT trainee_id, level, sum(sessions) AS sessions,
                sum(self_assessed) AS self_assessed, sum(rated_index_sum) AS rated_index_sum,
                {totals}
            FROM trainee_levels r WHERE {where} GROUP BY trainee_id, level""",
            params,
        )
    sums = ", ".join(f"sum(e.{measure}) AS {measure}" for measure in EVALUATION_MEASURES)
    where, params = source.filters.where(source.averaged_statuses)
    # The id index gives each evaluation its session's trainee and status without the table.
    return store.query(
        f"""SELECT s.trainee_id, e.level, count(*) AS sessions,
            count(e.self_assessment) AS self_assessed,
            sum(CASE WHEN e.self_assessment IS NOT NULL THEN e.idx END) AS rated_index_sum,
            {sums}
        FROM evaluations e JOIN sessions s ON s.id = e.session_id
        WHERE {where} GROUP BY s.trainee_id, e.level""",
        params,
    )


def _levels_of(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The per-trainee evaluation sums folded per level."""
    levels: dict[str, dict[str, Any]] = {}
    for row in rows:
        level = levels.get(row["level"])
        if level is None:
            levels[row["level"]] = {k: v for k, v in row.items() if k != "trainee_id"}
            continue
        for name in ("sessions", "self_assessed", *EVALUATION_MEASURES):
            if row[name] is not None:
                level[name] = (level[name] or 0) + row[name]
    return list(levels.values())


def _levels(store: Store, source: Source) -> list[dict[str, Any]]:
    """Per satisfaction level: the evaluated sessions and the sums of every measure."""
    return _levels_of(_evaluation_rows(store, source))


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
    "counted": "finished and unfinished sessions, counted apart; abandoned and open ones are "
    "counted on their own and left out of every figure",
    "averaged": "averages, pass rates, technique mixes, flags, satisfaction and calibration "
    "are over finished sessions only, unless the report includes unfinished ones "
    "(--include-unfinished)",
    "average_score": "mean of the averaged sessions' total scores (each the mean of its turns' "
    "points after hint costs), 0-100",
    "pass_rate": "share of finished sessions whose total reached the scenario's pass mark; "
    "unfinished sessions are not graded",
    "technique_average_score": "mean of the turns' scores (before hint costs), 0-100",
    "matched_recommended": "turns whose technique was among the node's recommended",
    "misused": "turns of a technique the node did not recommend (uses - matched_recommended)",
    "most_misused": "the technique a team most often used where it was not recommended",
    "weakest": f"the technique (not none) with a team's lowest average turn score, among those "
    f"it used at least {MIN_TECHNIQUE_USES} times",
    "progress": f"a trainee's first {WINDOW_WEEKS} weeks (from their first session) against "
    f"their latest {WINDOW_WEEKS}, never overlapping; a change of {TREND_POINTS:g} points or "
    "more is improving or declining, less is steady, and without a later window it is new",
    "calibration": "the trainee's own 1-5 rating against the evaluation's weighted index (1-5) "
    f"of the same sessions; {CALIBRATION_GAP:g} or more above overrates, as far below "
    "underrates",
    "flags": "the principles most often broken: turns the scorer flagged, per flag id; "
    "share_of_turns is over the averaged sessions' turns; team_most_often has the highest "
    "share of its own turns flagged",
}
"""What the report's figures mean, printed with the JSON report."""


def full_report(
    store: Store, filters: Filters = Filters(), period: Period = "week", *, rollups: bool = True
) -> dict[str, Any]:
    """Every section of `dojo report` as one JSON-ready object, from one snapshot.

    The read transaction keeps the sections consistent while other processes record; the
    summary, the teams and the technique mix are added up from the per-trainee sums, and
    satisfaction and the evaluation averages share one pass over the evaluations.
    rollups=False reads every session even where the rollups could answer.
    """
    source = Source.of(filters, rollups)
    with store.snapshot():
        per_trainee = _per_trainee(store, source)
        evaluation_rows = _evaluation_rows(store, source)
        levels = _levels_of(evaluation_rows)
        teams, team_techniques = _teams(per_trainee)
        return {
            "generated_at": iso_utc(datetime.now(UTC)),
            "filters": filters.to_dict(),
            "definitions": DEFINITIONS,
            **_summary(per_trainee, _excluded(store, source), filters),
            "teams": teams,
            "team_techniques": team_techniques,
            "trainees": _by_trainee(per_trainee),
            "progress": _progress(per_trainee, _weekly(store, source)),
            "techniques": _by_technique(_fold_sums(per_trainee)),
            "calibration": _calibration(per_trainee, _calibration_rows(evaluation_rows)),
            "flags": _flags(per_trainee, _flag_rows(store, source)),
            "scenarios": _by_scenario(store, source),
            "trend_period": period,
            "trend": _trend(store, source, period),
            "satisfaction": _satisfaction(levels),
            "evaluation": _evaluation_averages(levels),
            "notes": notes(store, filters),
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
        "notes": store.notes(session_id),
    }


def note_counts(store: Store, session_ids: list[str]) -> dict[str, int]:
    """How many notes each of these sessions has (sessions without notes left out)."""
    if not session_ids:
        return {}
    marks = ", ".join("?" for _ in session_ids)
    rows = store.query(
        f"SELECT session_id, count(*) AS notes FROM notes WHERE session_id IN ({marks}) "
        "GROUP BY session_id",
        session_ids,
    )
    return {row["session_id"]: row["notes"] for row in rows}


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
        session_notes = _notes_by_session(notes(store, filters))
        for record in _walk_records(conn, cte, params):
            record["notes"] = session_notes.get(record["session"]["id"], [])
            yield record


def _notes_by_session(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Notes grouped by session, each as author, text and time."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["session_id"], []).append(
            {"author": row["author"], "text": row["text"], "created_at": row["created_at"]}
        )
    return grouped


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


# -- a trainee's own progress ---------------------------------------------------


def trainee_progress(store: Store, trainee: str) -> dict[str, Any]:
    """What a trainee's progress screen shows: their sessions over time, technique mix, flags.

    Also, per technique, how they score where it was recommended, the scenarios they have
    played and the language they practise in: what `practise next` chooses from. Everything
    is over their finished and unfinished sessions; their averages over finished ones.
    """
    filters = Filters(trainee=trainee)
    counted = Filters(trainee=trainee, include_unfinished=True)
    source = Source.of(filters)
    all_source = Source.of(counted)
    with store.snapshot():
        per_trainee = _per_trainee(store, source)
        weekly = _weekly(store, source)
        recommended = store.query(
            f"""{all_source.cte} SELECT j.value AS technique, count(*) AS opportunities,
                sum(tu.total) AS score_sum, sum(tu.technique = j.value) AS used
            FROM sel JOIN turns tu ON tu.session_id = sel.id, json_each(tu.recommended) j
            GROUP BY j.value""",
            all_source.params,
        )
        played = store.query(
            f"""{all_source.cte} SELECT scenario_id, count(*) AS sessions,
                max(started_at) AS last_played
            FROM sel GROUP BY scenario_id""",
            all_source.params,
        )
        [latest] = store.query(
            f"""{all_source.cte} SELECT (SELECT scenario_language FROM sel
                ORDER BY started_at DESC LIMIT 1) AS language""",
            all_source.params,
        )
        flag_rows = _flag_rows(store, all_source)
        all_per_trainee = _per_trainee(store, all_source)
    summary = _summary(per_trainee or all_per_trainee, {"abandoned": 0, "open": 0}, filters)
    return {
        "trainee": trainee,
        **summary,
        "progress": progress_of(weekly) if weekly else None,
        "techniques": _by_technique(_fold_sums(all_per_trainee)),
        "flags": _flags(all_per_trainee, flag_rows),
        "recommended": {
            row["technique"]: {
                "opportunities": row["opportunities"],
                "average_score": _ratio(row["score_sum"], row["opportunities"], 1),
                "used": row["used"],
            }
            for row in recommended
        },
        "played": {row["scenario_id"]: row["sessions"] for row in played},
        "language": latest["language"],
    }


__all__ = [
    "EXPORTED_STATUSES",
    "SECTIONS",
    "Filters",
    "Period",
    "by_scenario",
    "by_team",
    "by_team_technique",
    "by_technique",
    "by_trainee",
    "calibration",
    "evaluation_averages",
    "flags",
    "full_report",
    "iter_session_records",
    "most_misused",
    "note_counts",
    "notes",
    "period_of",
    "progress",
    "progress_of",
    "satisfaction",
    "session_detail",
    "summary",
    "team_names",
    "trainee_names",
    "trainee_progress",
    "trainee_sessions",
    "trend",
    "weakest",
    "week_label",
]
