"""Tests for the records store: schema, writes, reads, refusals and immutability."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlite_utils import Database

from scoring import LABELS, Classification, Evidence, Flag, TurnScore
from simulator.errors import ClaimLostError, SessionClaimedError, StoreError
from simulator.records.store import (
    SCHEMA_VERSION,
    Store,
    iso_utc,
    migration_names,
    migrations,
    parse_utc,
    technique_columns,
)
from simulator.scenario.model import Node, Persona, Reaction, Scenario
from simulator.session.evaluation import Evaluation
from simulator.session.turns import TurnResult

START = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def make_scenario(
    scenario_id: str = "price-en", *, pass_mark: int = 60, lang: str = "en"
) -> Scenario:
    """A one-node scenario: enough for the store, which keeps only its metadata."""
    node = Node(
        id="open",
        customer=("It costs too much.",),
        cause="budget_short",
        nature="true",
        recommend=("compensate", "yes_if"),
        discourage=(),
        model_answers={},
        hint="Offset the price.",
        reactions={"default": Reaction(say=("Hm.",), next="open")},
    )
    return Scenario(
        id=scenario_id,
        title=f"Title of {scenario_id}",
        language=lang,  # type: ignore[arg-type]
        industry="retail",
        kind="objection",
        difficulty=2,
        tags=(),
        author="tests",
        version=3,
        persona=Persona("Ms Li", "buyer", "calm", 40, "a fair price"),
        start="open",
        nodes={"open": node},
        pass_mark=pass_mark,
        content_hash="ab" * 32,
    )


def make_turn(
    session_id: str,
    index: int,
    *,
    technique: str = "compensate",
    total: int = 70,
    reply: str | None = None,
    hint_used: bool = False,
    matched: bool | None = None,
    scored_at: datetime | None = None,
    outcome: str | None = None,
) -> TurnResult:
    """A scored turn as the engine would hand it to on_turn."""
    reply = reply if reply is not None else f"Reply {index} [b]not markup[/b]"
    classification = Classification(
        technique=technique,  # type: ignore[arg-type]
        confidence=0.8,
        runner_up="none",
        runner_up_confidence=0.1,
        evidence=(Evidence(0, 5, reply[:5], technique, "cue:test", 1.5),),  # type: ignore[arg-type]
        language="en",
        probabilities={technique: 0.8, "none": 0.2},  # type: ignore[dict-item]
    )
    score = TurnScore(
        total=total,
        technique_fit=min(40, total // 2),
        execution=min(35, total // 3),
        relevance=total - min(40, total // 2) - min(35, total // 3),
        classification=classification,
        flags=(Flag("jargon", "Too technical.", 3, (0, 2)),),
        tip="Keep it simple.",
    )
    return TurnResult(
        session_id=session_id,
        index=index,
        node="open",
        customer="It costs too much.",
        reply=reply,
        score=score,
        recommended=("compensate", "yes_if"),
        matched_recommended=technique in ("compensate", "yes_if") if matched is None else matched,
        hint_used=hint_used,
        response_seconds=12.5,
        timed_out=False,
        reaction="Hm.",
        revealed=None,
        mood_before=40,
        mood_after=45,
        satisfaction_before=2.6,
        satisfaction_after=2.8,
        next_node=None if outcome else "open",
        outcome=outcome,  # type: ignore[arg-type]
        steps_covered=frozenset(),
        scored_at=scored_at or START + timedelta(seconds=30 * (index + 1)),
        hint_cost=10 if hint_used else 0,
        end_reason="ended" if outcome else None,
    )


def make_evaluation(level: str = "satisfied", grade: int = 4) -> Evaluation:
    """An evaluation with every factor graded the same."""
    factors = ("efficiency", "method", "result", "open_requests", "root_cause")
    return Evaluation(
        grades={f: grade for f in factors},
        reasons={**{f: f"{f} reason" for f in factors}, **{f"{f}_zh": "理由" for f in factors}},
        weights={f: 0.2 for f in factors},
        index=float(grade),
        perceived=3.1,
        expected=3,
        css=round(3.1 / 3, 4),
        gap=0.1,
        level=level,
        rule_version="1",
    )


def play(
    store: Store,
    session_id: str,
    *,
    trainee: str = "alice",
    scenario: Scenario | None = None,
    totals: tuple[int, ...] = (70, 80),
    techniques: tuple[str, ...] | None = None,
    started_at: datetime = START,
    finished: bool | None = True,
    level: str = "satisfied",
    mode: str = "app",
    hints: tuple[bool, ...] | None = None,
) -> None:
    """Record a whole session; finished=None leaves it open."""
    scenario = scenario or make_scenario()
    store.start_session(
        session_id=session_id,
        trainee=trainee,
        scenario=scenario,
        seed=7,
        timed=False,
        started_at=started_at,
        scorer_version="test-1",
        mode=mode,
    )
    techniques = techniques or ("compensate",) * len(totals)
    for i, (total, technique) in enumerate(zip(totals, techniques, strict=True)):
        last = i == len(totals) - 1
        store.record_turn(
            make_turn(
                session_id,
                i,
                total=total,
                technique=technique,
                hint_used=bool(hints and hints[i]),
                scored_at=started_at + timedelta(seconds=30 * (i + 1)),
                outcome="won" if last and finished else None,
            )
        )
    if finished is None:
        return
    store.finish_session(
        session_id,
        outcome="won" if finished else None,
        ended_at=started_at + timedelta(seconds=30 * len(totals) + 5),
        finished=finished,
        evaluation=make_evaluation(level),
        hints_used=sum(1 for h in hints or () if h),
    )


class TestSchema:
    def test_open_creates_the_folder_and_every_table(self, tmp_path: Path) -> None:
        path = tmp_path / "deep" / "er" / "records.db"
        with Store.open(path) as store:
            assert {"trainees", "sessions", "turns", "evaluations"} <= set(store.db.table_names())
            assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION

    def test_connection_uses_wal_foreign_keys_and_a_busy_timeout(self, tmp_path: Path) -> None:
        with Store.open(tmp_path / "r.db") as store:
            conn = store.db.conn
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000

    def test_a_write_waits_for_another_process_s_write_then_goes_ahead(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "r.db"
        with Store.open(path) as store:
            other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            other.execute("BEGIN IMMEDIATE")
            timer = threading.Timer(0.05, other.execute, ["COMMIT"])
            timer.start()
            store.set_team("ana", "East")  # waits for the other write to commit
            timer.join()
            other.close()
            assert store.trainee("ana")["team"] == "East"  # type: ignore[index]
            # Reads keep the connection's own busy timeout.
            assert store.db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000

    def test_a_write_lock_held_past_the_timeout_is_a_busy_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "r.db"
        with Store.open(path) as store:
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            monkeypatch.setattr("simulator.records.store.begin_immediate.__defaults__", (0.05,))
            with pytest.raises(StoreError, match="stayed locked by another program"):
                store.set_team("ana", "East")
            other.execute("ROLLBACK")
            other.close()
            store.set_team("ana", "East")

    def test_reopening_keeps_the_records_and_migrates_nothing_twice(self, tmp_path: Path) -> None:
        path = tmp_path / "r.db"
        with Store.open(path) as store:
            play(store, "s1")
        with Store.open(path) as store:
            assert store.session("s1")["total_score"] == 75
            applied = store.query("SELECT name FROM _sqlite_migrations")
            assert [row["name"] for row in applied] == list(migration_names())

    def test_turns_have_one_row_per_index(self, store: Store) -> None:
        play(store, "s1", finished=None)
        with pytest.raises(StoreError, match="already recorded"):
            store.record_turn(make_turn("s1", 1))

    def test_times_are_iso_utc_text_in_time_order(self) -> None:
        cases = [
            (
                datetime(2026, 5, 1, 10, 4, 12, 500000, tzinfo=UTC),
                "2026-05-01T10:04:12.500Z",
            ),  # aware UTC
            (
                datetime(2026, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2))),
                "2026-05-01T10:00:00.000Z",
            ),  # other zone
            (datetime(2026, 5, 1, 10, 0), "2026-05-01T10:00:00.000Z"),  # naive taken as UTC
        ]
        for moment, text in cases:
            assert iso_utc(moment) == text
            assert parse_utc(text) == moment.replace(tzinfo=moment.tzinfo or UTC)


class TestRecording:
    def test_a_session_keeps_its_scenario_scorer_and_totals(self, store: Store) -> None:
        play(store, "s1", totals=(70, 90), hints=(True, False))
        row = store.session("s1")
        assert row is not None
        assert (row["scenario_id"], row["scenario_version"], row["scenario_hash"]) == (
            "price-en",
            3,
            "ab" * 32,
        )
        assert row["scorer_version"] == "test-1" and row["evaluation_rule_version"] == "1"
        # (70 − 10 for the hint + 90) / 2: the total averages points after hint costs.
        assert row["total_score"] == 75
        assert row["status"] == "finished" and row["passed"] == 1 and row["hints_used"] == 1
        assert row["turn_count"] == 2 and row["outcome"] == "won"

    def test_turn_row_keeps_classification_breakdown_and_flags(self, store: Store) -> None:
        play(store, "s1", finished=None)
        [turn] = store.query("SELECT * FROM turns WHERE session_id = 's1' AND idx = 0")
        assert turn["technique"] == "compensate" and turn["total"] == 70
        assert turn["technique_fit"] + turn["execution"] + turn["relevance"] == 70
        assert json.loads(turn["flags"])[0]["id"] == "jargon"
        assert json.loads(turn["evidence"])[0]["signal"] == "cue:test"
        assert json.loads(turn["recommended"]) == ["compensate", "yes_if"]
        assert turn["scored_at"] == "2026-05-01T10:00:30.000Z"

    def test_unfinished_session_is_not_graded(self, store: Store) -> None:
        play(store, "s1", totals=(90,), finished=False)
        row = store.session("s1")
        assert row["status"] == "unfinished" and row["passed"] is None
        assert row["total_score"] == 90

    def test_below_the_pass_mark_fails(self, store: Store) -> None:
        play(store, "s1", totals=(50, 60), scenario=make_scenario(pass_mark=60))
        assert store.session("s1")["passed"] == 0

    def test_evaluation_is_stored_with_its_rule_version(self, store: Store) -> None:
        play(store, "s1", level="pleased")
        [row] = store.query("SELECT * FROM evaluations")
        assert row["level"] == "pleased" and row["rule_version"] == "1"
        assert row["efficiency"] == 4 and row["self_assessment"] is None
        assert json.loads(row["weights"])["method"] == 0.2

    def test_self_assessment_is_stored_beside_the_evaluation(self, store: Store) -> None:
        play(store, "s1")
        store.record_self_assessment("s1", 2)
        [row] = store.query("SELECT * FROM evaluations")
        assert row["self_assessment"] == 2
        assert row["idx"] == 4.0 and row["efficiency"] == 4  # the evaluation is untouched

    @pytest.mark.parametrize("rating", [0, 6, -1])
    def test_self_assessment_outside_1_to_5_is_refused(self, store: Store, rating: int) -> None:
        play(store, "s1")
        with pytest.raises(StoreError, match="1 to 5"):
            store.record_self_assessment("s1", rating)

    def test_self_assessment_is_given_once(self, store: Store) -> None:
        play(store, "s1")
        store.record_self_assessment("s1", 4)
        store.record_self_assessment("s1", 4)
        with pytest.raises(StoreError, match="already rated it 4"):
            store.record_self_assessment("s1", 5)

    def test_turn_for_an_unknown_session_is_refused(self, store: Store) -> None:
        with pytest.raises(StoreError, match="never started"):
            store.record_turn(make_turn("ghost", 0))

    def test_a_session_id_is_used_once(self, store: Store) -> None:
        play(store, "s1")
        with pytest.raises(StoreError, match="already recorded"):
            play(store, "s1")

    def test_invalid_mode_is_refused(self, store: Store) -> None:
        with pytest.raises(ValueError, match="mode"):
            play(store, "s1", mode="web")


class TestNeverRecomputed:
    def test_closed_session_refuses_more_turns_and_a_second_finish(self, store: Store) -> None:
        play(store, "s1")
        with pytest.raises(StoreError, match="is finished"):
            store.record_turn(make_turn("s1", 2))
        with pytest.raises(StoreError, match="is finished"):
            store.finish_session(
                "s1", outcome="lost", ended_at=START, finished=True, evaluation=None
            )
        assert store.session("s1")["outcome"] == "won"

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE turns SET total = 100",  # a turn's score
            "UPDATE sessions SET total_score = 100",  # a closed session's total
            "UPDATE evaluations SET level = 'delighted'",  # the evaluation
            "UPDATE evaluations SET rule_version = '2'",  # its rule version
        ],
    )
    def test_even_direct_sql_cannot_change_a_record(self, store: Store, sql: str) -> None:
        play(store, "s1")
        with pytest.raises(sqlite3.IntegrityError, match="never changed"):
            store.db.conn.execute(sql)


class TestReading:
    def test_open_sessions_lists_only_sessions_to_resume(self, store: Store) -> None:
        play(store, "done")
        play(store, "left", finished=None, totals=(60, 70, 80))
        play(store, "other", trainee="bob", finished=None)
        play(store, "gone", finished=None)
        store.mark_abandoned("gone")
        rows = store.open_sessions("alice")
        assert [row["id"] for row in rows] == ["left"]
        assert rows[0]["turns"] == 3 and rows[0]["seed"] == 7
        assert rows[0]["scenario_version"] == 3 and rows[0]["trainee"] == "alice"
        assert {row["id"] for row in store.open_sessions()} == {"left", "other"}

    def test_session_replies_give_what_resume_needs_in_order(self, store: Store) -> None:
        play(store, "s1", finished=None, totals=(60, 70, 80), hints=(False, True, False))
        replies = store.session_replies("s1")
        assert [r["reply"] for r in replies] == [f"Reply {i} [b]not markup[/b]" for i in range(3)]
        assert [r["hint_used"] for r in replies] == [False, True, False]
        assert replies[0]["response_seconds"] == 12.5

    def test_mark_abandoned_keeps_the_turns_and_closes_the_session(self, store: Store) -> None:
        play(store, "s1", finished=None)
        store.mark_abandoned("s1")
        assert store.session("s1")["status"] == "abandoned"
        assert len(store.session_replies("s1")) == 2
        with pytest.raises(StoreError, match="abandoned"):
            store.mark_abandoned("s1")

    def test_best_scores_per_scenario_count_finished_sessions_only(self, store: Store) -> None:
        play(store, "a", totals=(60,))
        play(store, "b", totals=(80,))
        play(store, "c", totals=(99,), finished=False)
        play(store, "d", totals=(40,), scenario=make_scenario("other"))
        play(store, "e", totals=(100,), trainee="bob")
        assert store.best_scores("alice") == {"price-en": 80, "other": 40}

    def test_recent_sessions_newest_first_with_limit(self, store: Store) -> None:
        for n in range(5):
            play(store, f"s{n}", started_at=START + timedelta(hours=n))
        play(store, "bob1", trainee="bob", started_at=START + timedelta(days=1))
        rows = store.recent_sessions("alice", limit=3)
        assert [row["id"] for row in rows] == ["s4", "s3", "s2"]
        assert rows[0]["passed"] is True and rows[0]["level"] == "satisfied"
        assert store.recent_sessions(limit=1)[0]["id"] == "bob1"

    def test_set_team_adds_or_moves_a_trainee(self, store: Store) -> None:
        store.set_team("carol", "north")
        play(store, "s1", trainee="carol")
        store.set_team("carol", "south")
        [row] = store.query("SELECT name, team FROM trainees")
        assert row == {"name": "carol", "team": "south"}


def claimed_session(store: Store, session_id: str = "s1", token: str = "first") -> None:
    """An open session started at START under token's claim, with one turn recorded."""
    store.start_session(
        session_id=session_id,
        trainee="alice",
        scenario=make_scenario(),
        seed=7,
        timed=False,
        started_at=START,
        scorer_version="test-1",
        claim=token,
    )
    store.record_turn(make_turn(session_id, 0), claim=token)


def claim_row(store: Store, session_id: str = "s1") -> dict[str, object] | None:
    rows = store.query("SELECT * FROM session_claims WHERE session_id = ?", [session_id])
    return rows[0] if rows else None


def claim(store: Store, token: str, seconds: float, *, take_over: bool = False) -> None:
    """Claim session s1 for token, seconds after START, with claims stale after 45 s."""
    store.claim_session(
        "s1", token, now=START + timedelta(seconds=seconds), stale_after=45, take_over=take_over
    )


class TestClaims:
    def test_a_session_started_with_a_claim_is_held_by_it_and_each_turn_beats(
        self, store: Store
    ) -> None:
        claimed_session(store)
        row = claim_row(store)
        assert row is not None
        assert (row["token"], row["claimed_at"]) == ("first", iso_utc(START))
        # The turn was scored 30 s after the start; recording it was a heartbeat.
        assert row["heartbeat_at"] == iso_utc(START + timedelta(seconds=30))
        [listed] = store.open_sessions("alice")
        assert (listed["claim_token"], listed["claim_heartbeat_at"]) == (
            "first",
            row["heartbeat_at"],
        )

    @pytest.mark.parametrize("take_over", [False, True])
    def test_another_window_cannot_claim_a_live_session(
        self, store: Store, take_over: bool
    ) -> None:
        claimed_session(store)
        with pytest.raises(SessionClaimedError, match="active 10 s ago") as raised:
            claim(store, "second", 40, take_over=take_over)
        assert not raised.value.stale
        assert claim_row(store)["token"] == "first"  # type: ignore[index]

    def test_a_silent_claim_is_taken_over_only_when_asked(self, store: Store) -> None:
        claimed_session(store)
        with pytest.raises(SessionClaimedError, match="silent for 50 s") as raised:
            claim(store, "second", 80)
        assert raised.value.stale and raised.value.idle_seconds == 50
        claim(store, "second", 80, take_over=True)
        row = claim_row(store)
        assert row is not None
        assert (row["token"], row["claimed_at"]) == (
            "second",
            iso_utc(START + timedelta(seconds=80)),
        )

    def test_a_heartbeat_keeps_the_claim_live(self, store: Store) -> None:
        claimed_session(store)
        store.refresh_claim("s1", "first", START + timedelta(seconds=60))
        with pytest.raises(SessionClaimedError) as raised:
            claim(store, "second", 100, take_over=True)
        assert not raised.value.stale

    def test_the_window_that_lost_the_claim_records_nothing_more(self, store: Store) -> None:
        claimed_session(store)
        claim(store, "second", 80, take_over=True)
        with pytest.raises(ClaimLostError, match="1 reply recorded so far is kept"):
            store.record_turn(make_turn("s1", 1), claim="first")
        with pytest.raises(ClaimLostError):
            store.refresh_claim("s1", "first", START + timedelta(seconds=90))
        with pytest.raises(ClaimLostError):
            store.finish_session(
                "s1", outcome=None, ended_at=START, finished=False, evaluation=None, claim="first"
            )
        with pytest.raises(ClaimLostError):
            store.mark_abandoned("s1", claim="first")
        # What it recorded before stays, and the session is open for the window holding it.
        assert [r["reply"] for r in store.session_replies("s1")] == [make_turn("s1", 0).reply]
        store.record_turn(make_turn("s1", 1), claim="second")
        assert store.session("s1")["status"] == "open"  # type: ignore[index]

    def test_the_holder_claims_again_at_once(self, store: Store) -> None:
        claimed_session(store)
        claim(store, "first", 31)
        assert claim_row(store)["claimed_at"] == iso_utc(START)  # type: ignore[index]

    def test_a_released_claim_is_free_to_claim_and_lost_to_its_old_holder(
        self, store: Store
    ) -> None:
        claimed_session(store)
        store.release_claim("s1", "someone else")  # not theirs: nothing happens
        assert claim_row(store) is not None
        store.release_claim("s1", "first")
        assert claim_row(store) is None
        with pytest.raises(ClaimLostError):
            store.record_turn(make_turn("s1", 1), claim="first")
        claim(store, "second", 31)
        assert claim_row(store)["token"] == "second"  # type: ignore[index]

    @pytest.mark.parametrize("close", ["finish", "abandon"])
    def test_closing_a_session_releases_its_claim_and_it_cannot_be_claimed(
        self, store: Store, close: str
    ) -> None:
        claimed_session(store)
        if close == "finish":
            store.finish_session(
                "s1", outcome=None, ended_at=START, finished=False, evaluation=None, claim="first"
            )
        else:
            store.mark_abandoned("s1", claim="first")
        assert claim_row(store) is None
        with pytest.raises(StoreError, match="records are never changed") as raised:
            claim(store, "second", 100)
        assert not isinstance(raised.value, SessionClaimedError)

    def test_writes_without_a_claim_are_not_checked(self, store: Store) -> None:
        # Tools that write records outside a window (imports, tests) name no claim.
        claimed_session(store)
        store.record_turn(make_turn("s1", 1))
        store.mark_abandoned("s1")
        assert claim_row(store) is None


class TestRefusals:
    def test_missing_file_without_create_is_an_error_and_is_not_created(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "none.db"
        with pytest.raises(StoreError, match="no records database"):
            Store.open(path, create=False)
        assert not path.exists()

    def test_a_folder_is_not_a_database(self, tmp_path: Path) -> None:
        with pytest.raises(StoreError, match="is a folder"):
            Store.open(tmp_path)

    def test_another_programs_database_is_left_alone(self, tmp_path: Path) -> None:
        path = tmp_path / "other.db"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        conn.commit()
        conn.close()
        before = path.read_bytes()
        with pytest.raises(StoreError, match="another program") as error:
            Store.open(path)
        assert "invoices" in error.value.message
        assert path.read_bytes() == before

    def test_unwritable_folder_is_a_clear_error(self, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(StoreError, match="cannot create the folder"):
            Store.open(blocker / "sub" / "r.db")


def test_memory_store_has_the_same_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as on_disk:
        disk = {t: on_disk.db.table(t).columns_dict for t in on_disk.db.table_names()}
    memory = Store.memory()
    assert {t: memory.db.table(t).columns_dict for t in memory.db.table_names()} == disk


class TestTechniqueTotals:
    def test_session_totals_equal_the_sums_of_its_turns(self, store: Store) -> None:
        play(store, "s1", totals=(70, 30, 90), techniques=("ask", "rebuttal", "ask"))
        play(store, "s2", totals=(50,), techniques=("ask",), finished=None)
        for session_id in ("s1", "s2"):
            session = store.session(session_id)
            assert session is not None
            for label in LABELS:
                uses, score, matched = technique_columns(label)
                [sums] = store.query(
                    "SELECT count(*) AS n, coalesce(sum(total), 0) AS score, "
                    "coalesce(sum(matched_recommended), 0) AS matched FROM turns "
                    "WHERE session_id = ? AND technique = ?",
                    [session_id, label],
                )
                assert (session[uses], session[score], session[matched]) == (
                    sums["n"],
                    sums["score"],
                    sums["matched"],
                ), label
        assert store.session("s1")["uses_ask"] == 2  # type: ignore[index]

    def test_an_unknown_technique_is_refused_before_anything_is_written(self, store: Store) -> None:
        play(store, "s1", finished=None)
        with pytest.raises(StoreError, match="'haggle' is not one of the labels"):
            store.record_turn(make_turn("s1", 2, technique="haggle"))
        assert store.session("s1")["turn_count"] == 2  # type: ignore[index]

    def test_upgrading_a_first_schema_database_fills_the_totals_from_the_turns(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "old.db"
        conn = sqlite3.connect(path, isolation_level=None)
        migrations.apply(Database(conn), stop_before="m002_technique_totals")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO trainees (id, name, created) VALUES (1, 'ana', '2026')")
        conn.execute(
            "INSERT INTO sessions (id, trainee_id, scenario_id, scenario_version, pass_mark, "
            "scorer_version, seed, timed, mode, started_at, status, turn_count, points_sum, "
            "total_score) VALUES ('old', 1, 'x', 1, 60, 'v1', 0, 0, 'app', '2026', 'open', 2, "
            "140, NULL)"
        )
        for idx, (technique, total, matched) in enumerate((("ask", 60, 1), ("ask", 80, 0))):
            conn.execute(
                "INSERT INTO turns (session_id, idx, reply, technique, total, points, "
                "matched_recommended, scored_at) VALUES ('old', ?, 'r', ?, ?, ?, ?, '2026')",
                [idx, technique, total, total, matched],
            )
        conn.execute(
            "UPDATE sessions SET status = 'finished', total_score = 70, passed = 1 WHERE id = 'old'"
        )
        conn.close()
        with Store.open(path) as store:
            row = store.session("old")
            assert row is not None
            assert (row["uses_ask"], row["score_ask"], row["matched_ask"]) == (2, 140, 1)
            assert row["uses_none"] == 0 and row["total_score"] == 70
            assert row["status"] == "finished"
            with pytest.raises(sqlite3.IntegrityError, match="never changed"):
                store.db.conn.execute("UPDATE sessions SET uses_ask = 9")
