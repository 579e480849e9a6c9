"""Tests for the HR report queries: what counts, what each figure means, and the filters."""

from __future__ import annotations

import runpy
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from scoring.models import LABELS
from simulator.records import report as reports
from simulator.records.report import Filters, Source, period_of
from simulator.records.store import Store
from simulator.session.evaluation import LEVELS

# The record factories of the store tests: make_scenario, make_turn, play, START.
f = SimpleNamespace(**runpy.run_path(str(Path(__file__).parent / "test_store.py")))
DAY = timedelta(days=1)


@pytest.fixture
def store(store: Store) -> Store:
    """Four trainees, two teams, two scenarios, over three weeks, in every status."""
    other = f.make_scenario("other-en", pass_mark=80)
    f.play(store, "a1", trainee="ana", totals=(70, 90), techniques=("compensate", "ask"))
    f.play(
        store,
        "a2",
        trainee="ana",
        totals=(40,),
        techniques=("rebuttal",),
        level="disappointed",
        started_at=f.START + 7 * DAY,
    )
    f.play(
        store,
        "b1",
        trainee="ben",
        totals=(60, 60, 90),
        techniques=("ask", "ask", "yes_if"),
        scenario=other,
        started_at=f.START + 8 * DAY,
        level="pleased",
    )
    f.play(
        store,
        "b2",
        trainee="ben",
        totals=(20,),
        techniques=("none",),
        finished=False,
        started_at=f.START + 14 * DAY,
    )
    f.play(store, "c1", trainee="cai", totals=(99, 99), finished=None)  # still open
    f.play(store, "c2", trainee="cai", totals=(10,), finished=None, started_at=f.START + DAY)
    store.mark_abandoned("c2")
    store.set_team("ana", "north")
    store.set_team("ben", "south")
    store.record_self_assessment("a1", 5)
    return store


def test_json_contract_has_every_section_and_its_fields(store: Store) -> None:
    data = reports.full_report(store)
    assert isinstance(data["sessions"], int)
    for key in ("trainees", "techniques", "scenarios", "trend", "satisfaction"):
        assert isinstance(data[key], list), key
    for row in data["trainees"]:
        assert {"trainee", "sessions", "average_score"} <= set(row)
    for row in data["techniques"]:
        assert {"technique", "uses", "average_score", "matched_recommended"} <= set(row)
    assert [row["technique"] for row in data["techniques"]] == list(LABELS)
    assert [row["level"] for row in data["satisfaction"]] == list(LEVELS)
    assert set(data["definitions"]) >= {"counted", "average_score", "technique_average_score"}


def test_only_finished_and_unfinished_sessions_count(store: Store) -> None:
    data = reports.summary(store)
    assert data["sessions"] == 4
    assert (data["finished"], data["unfinished"]) == (3, 1)
    assert (data["abandoned_excluded"], data["open_excluded"]) == (1, 1)
    assert data["trainee_count"] == 2  # cai has nothing counted
    assert data["turns"] == 2 + 1 + 3 + 1
    assert "cai" not in {row["trainee"] for row in reports.by_trainee(store)}


def test_average_score_is_the_mean_of_session_totals(store: Store) -> None:
    totals = [store.session(s)["total_score"] for s in ("a1", "a2", "b1", "b2")]  # type: ignore[index]
    data = reports.summary(store)
    # Averages are over finished sessions unless unfinished ones are asked for too.
    assert data["average_score"] == round(sum(totals[:3]) / 3, 1)
    assert data["averaged_sessions"] == 3 and data["averaged_over"] == "finished"
    everything = reports.summary(store, Filters(include_unfinished=True))
    assert everything["average_score"] == round(sum(totals) / 4, 1)
    assert everything["averaged_sessions"] == 4 and everything["sessions"] == data["sessions"]
    ben = next(row for row in reports.by_trainee(store) if row["trainee"] == "ben")
    assert (ben["finished"], ben["unfinished"], ben["average_score"]) == (1, 1, 70.0)
    # Pass rate is over finished sessions only: a1 passes, a2 and b1 (pass mark 80) do not.
    assert data["pass_rate"] == round(1 / 3, 3)
    ana = next(row for row in reports.by_trainee(store) if row["trainee"] == "ana")
    assert ana["sessions"] == 2 and ana["average_score"] == round((80 + 40) / 2, 1)
    assert ana["team"] == "north" and ana["pass_rate"] == 0.5


def test_technique_figures_are_over_turns_before_hint_costs(store: Store) -> None:
    rows = {row["technique"]: row for row in reports.by_technique(store)}
    assert rows["ask"]["uses"] == 3
    assert rows["ask"]["average_score"] == round((90 + 60 + 60) / 3, 1)
    # The fixture's nodes recommend compensate and yes_if only.
    assert rows["ask"]["matched_recommended"] == 0
    assert rows["compensate"]["matched_recommended"] == 1 and rows["yes_if"]["matched_rate"] == 1.0
    assert rows["taichi"] == {
        "technique": "taichi",
        "uses": 0,
        "share": 0.0,
        "average_score": None,
        "matched_recommended": 0,
        "matched_rate": None,
        "misused": 0,
    }
    assert sum(row["uses"] for row in rows.values()) == 6  # only finished sessions' turns
    assert rows["ask"]["misused"] == 3 and rows["compensate"]["misused"] == 0
    everything = reports.by_technique(store, Filters(include_unfinished=True))
    assert sum(row["uses"] for row in everything) == 7  # open and abandoned turns left out


@pytest.mark.parametrize(
    ("include_unfinished", "statuses"),
    [(False, "'finished'"), (True, "'finished', 'unfinished'")],
)
def test_technique_figures_equal_a_direct_count_of_the_turns(
    store: Store, include_unfinished: bool, statuses: str
) -> None:
    direct = store.query(
        f"""SELECT tu.technique, count(*) AS uses, avg(tu.total) AS average,
            sum(tu.matched_recommended) AS matched
        FROM turns tu JOIN sessions s ON s.id = tu.session_id
        WHERE s.status IN ({statuses}) GROUP BY tu.technique"""
    )
    filters = Filters(include_unfinished=include_unfinished)
    rows = {row["technique"]: row for row in reports.by_technique(store, filters)}
    for row in direct:
        got = rows[row["technique"]]
        assert (got["uses"], got["average_score"], got["matched_recommended"]) == (
            row["uses"],
            round(row["average"], 1),
            row["matched"],
        )


def test_per_scenario_and_satisfaction(store: Store) -> None:
    scenarios = {row["scenario_id"]: row for row in reports.by_scenario(store)}
    assert scenarios["price-en"]["sessions"] == 3 and scenarios["other-en"]["sessions"] == 1
    assert scenarios["other-en"]["pass_rate"] == 0.0 and scenarios["price-en"]["trainees"] == 2
    levels = {row["level"]: row for row in reports.satisfaction(store)}
    assert levels["disappointed"]["sessions"] == 1 and levels["pleased"]["sessions"] == 1
    assert levels["satisfied"]["sessions"] == 1  # a1; the unfinished b2 only with the switch
    everything = reports.satisfaction(store, Filters(include_unfinished=True))
    assert {row["level"]: row["sessions"] for row in everything}["satisfied"] == 2
    assert sum(row["share"] for row in levels.values()) == pytest.approx(
        1.0, abs=0.002
    )  # rounded thirds


def test_self_assessment_is_averaged_apart_from_the_evaluation(store: Store) -> None:
    averages = reports.evaluation_averages(store)
    assert averages["evaluated"] == 3
    assert averages["self_assessed"] == 1 and averages["self_assessment"] == 5.0
    assert averages["grades"]["method"] == 4.0 and averages["index"] == 4.0


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {"a1", "a2", "b1", "b2"}),  # everything counted
        (Filters(trainee="ben"), {"b1", "b2"}),  # one trainee
        (Filters(team="north"), {"a1", "a2"}),  # one team
        (Filters(scenario="other-en"), {"b1"}),  # one scenario
        (Filters(date_from=date(2026, 5, 8)), {"a2", "b1", "b2"}),  # from a day on
        (Filters(date_to=date(2026, 5, 8)), {"a1", "a2"}),  # to a day, inclusive
        (Filters(date_from=date(2026, 5, 9), date_to=date(2026, 5, 9)), {"b1"}),  # one day
        (Filters(team="south", scenario="price-en"), {"b2"}),  # combined
        (Filters(trainee="nobody"), set()),  # no match
    ],
)
def test_filters_select_the_same_sessions_in_every_section(
    store: Store, filters: Filters, expected: set[str]
) -> None:
    data = reports.full_report(store, filters)
    assert data["sessions"] == len(expected)
    assert sum(row["sessions"] for row in data["trainees"]) == len(expected)
    assert sum(row["sessions"] for row in data["scenarios"]) == len(expected)
    assert sum(row["sessions"] for row in data["trend"]) == len(expected)
    finished = expected - {"b2"}
    assert sum(row["sessions"] for row in data["satisfaction"]) == len(finished)
    turns = sum(store.session(s)["turn_count"] for s in finished)  # type: ignore[index]
    assert sum(row["uses"] for row in data["techniques"]) == turns
    assert sum(row["sessions"] for row in data["teams"]) == len(expected)
    with_unfinished = reports.full_report(store, replace(filters, include_unfinished=True))
    assert sum(row["sessions"] for row in with_unfinished["satisfaction"]) == len(expected)
    assert data["filters"]["trainee"] == filters.trainee


def test_full_report_sections_equal_the_separate_queries(store: Store) -> None:
    filters = Filters(date_to=date(2026, 5, 20))
    data = reports.full_report(store, filters, "day")
    assert data["trainees"] == reports.by_trainee(store, filters)
    assert data["techniques"] == reports.by_technique(store, filters)
    assert data["scenarios"] == reports.by_scenario(store, filters)
    assert data["trend"] == reports.trend(store, filters, "day")
    assert data["satisfaction"] == reports.satisfaction(store, filters)
    assert data["evaluation"] == reports.evaluation_averages(store, filters)
    assert data["sessions"] == reports.summary(store, filters)["sessions"]


@pytest.mark.parametrize(
    ("day", "period", "label"),
    [
        (date(2026, 5, 1), "week", "2026-W18"),  # a Friday
        (date(2026, 1, 1), "week", "2026-W01"),  # ISO week 1 holds the first Thursday
        (date(2027, 1, 1), "week", "2026-W53"),  # a Friday in the last week of 2026
        (date(2026, 5, 1), "day", "2026-05-01"),  # per day
    ],
)
def test_period_labels(day: date, period: str, label: str) -> None:
    assert period_of(day, period) == label  # type: ignore[arg-type]


def test_trend_is_oldest_first_per_iso_week(store: Store) -> None:
    rows = reports.trend(store)
    assert [row["period"] for row in rows] == ["2026-W18", "2026-W19", "2026-W20"]
    assert [row["sessions"] for row in rows] == [1, 2, 1]
    # The week of b2 has no finished session, so no pass rate and, by default, no average.
    assert rows[-1]["pass_rate"] is None and rows[-1]["average_score"] is None
    everything = reports.trend(store, Filters(include_unfinished=True))
    assert everything[-1]["average_score"] == 20.0


def test_session_detail_decodes_the_transcript_and_evaluation(store: Store) -> None:
    detail = reports.session_detail(store, "a1")
    assert detail is not None
    assert detail["session"]["trainee"] == "ana" and detail["session"]["passed"] is True
    assert "uses_ask" not in detail["session"]
    first = detail["turns"][0]
    assert first["flags"][0]["id"] == "jargon" and first["matched_recommended"] is True
    assert detail["evaluation"]["grades"]["result"] == 4
    assert detail["evaluation"]["self_assessment"] == 5
    assert reports.session_detail(store, "ghost") is None


def test_records_stream_closed_sessions_oldest_first_with_their_turns(store: Store) -> None:
    records = list(reports.iter_session_records(store))
    assert [r["session"]["id"] for r in records] == ["a1", "c2", "a2", "b1", "b2"]
    assert [len(r["turns"]) for r in records] == [2, 1, 1, 3, 1]
    assert records[1]["session"]["status"] == "abandoned" and records[1]["evaluation"] is None
    assert [t["idx"] for t in records[3]["turns"]] == [0, 1, 2]
    assert records[0]["session"]["team"] == "north"


def test_trainee_sessions_list_every_status_newest_first(store: Store) -> None:
    rows = reports.trainee_sessions(store, "cai")
    assert [(row["id"], row["status"]) for row in rows] == [("c2", "abandoned"), ("c1", "open")]
    assert reports.team_names(store) == ["north", "south"]
    assert reports.trainee_names(store) == ["ana", "ben", "cai"]


def test_reading_reporting_and_reopening_leave_a_finished_session_as_recorded(
    tmp_path: Path,
) -> None:
    path = tmp_path / "records.db"

    def rows(store: Store) -> list[list[dict]]:
        return [
            store.query(f"SELECT * FROM {table} WHERE {key} = 's1' ORDER BY rowid")
            for table, key in (
                ("sessions", "id"),
                ("turns", "session_id"),
                ("evaluations", "session_id"),
            )
        ]

    with Store.open(path) as store:
        f.play(store, "s1", totals=(55, 75), techniques=("ask", "taichi"))
        recorded = rows(store)
    with Store.open(path) as store:
        reports.full_report(store)
        list(reports.iter_session_records(store))
        reports.session_detail(store, "s1")
        assert rows(store) == recorded
    assert recorded[0][0]["scorer_version"] == "test-1"
    assert recorded[0][0]["evaluation_rule_version"] == recorded[2][0]["rule_version"] == "1"


def _without_time(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "generated_at"}


@pytest.mark.parametrize(
    ("filters", "period"),
    [
        (Filters(), "week"),  # everyone
        (Filters(include_unfinished=True), "week"),  # unfinished averaged too
        (Filters(team="north"), "week"),  # one team
        (Filters(trainee="Ben"), "week"),  # one trainee, matched as names are
        (Filters(team="nowhere"), "week"),  # nobody
        (Filters(), "day"),  # the trend per day reads the sessions
    ],
)
def test_the_rollups_give_the_same_report_as_every_session(
    store: Store, filters: Filters, period: str
) -> None:
    # More records than the fixture: several weeks, a merge, a late self-assessment.
    for n in range(6):
        f.play(
            store,
            f"d{n}",
            trainee=("dee", "eli")[n % 2],
            totals=(30 + 10 * n, 55),
            techniques=(LABELS[n], "taichi"),
            started_at=f.START + (5 * n + 2) * DAY,
            level=LEVELS[n % len(LEVELS)],
            finished=n != 3,
        )
    store.set_team("dee", "north")
    store.record_self_assessment("d2", 2)
    store.merge_trainees("eli", "ben")
    assert Source.of(filters).rolled_up
    rolled = reports.full_report(store, filters, period)  # type: ignore[arg-type]
    direct = reports.full_report(store, filters, period, rollups=False)  # type: ignore[arg-type]
    assert _without_time(rolled) == _without_time(direct)


def test_a_period_or_scenario_filter_reads_the_sessions() -> None:
    assert Source.of(Filters(team="north")).rolled_up
    assert not Source.of(Filters(date_from=date(2026, 5, 1))).rolled_up
    assert not Source.of(Filters(date_to=date(2026, 5, 1))).rolled_up
    assert not Source.of(Filters(scenario="price-en")).rolled_up
    assert not Source.of(Filters(), rollups=False).rolled_up


def test_rollups_follow_each_closed_session_and_self_assessment(store: Store) -> None:
    before = reports.summary(store)
    f.play(store, "late", trainee="ana", totals=(100,), started_at=f.START + 30 * DAY)
    after = reports.summary(store)
    assert after["sessions"] == before["sessions"] + 1
    assert reports.evaluation_averages(store)["self_assessed"] == 1
    store.record_self_assessment("late", 3)
    assert reports.evaluation_averages(store)["self_assessed"] == 2
    store.merge_trainees("ben", "ana")
    # The merged trainee's rollups moved with their sessions; none are left under the old id.
    for table in ("trainee_totals", "trainee_weeks", "trainee_levels"):
        left = store.query(
            f"SELECT count(*) AS n FROM {table} WHERE trainee_id NOT IN (SELECT id FROM trainees)"
        )
        assert left[0]["n"] == 0, table
    assert reports.summary(store)["trainee_count"] == 1
