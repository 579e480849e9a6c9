"""Tests for the recorded session: its lifecycle against a real records file, and the pass rule."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import scoring
from simulator.errors import ClaimLostError, SessionClaimedError, SimulatorError, StoreError
from simulator.records.store import Store
from simulator.scenario.loader import load_scenario
from simulator.scenario.model import Scenario
from simulator.session.recording import CLAIM_STALE_SECONDS, RecordedSession, abandon
from simulator.session.verdict import judge, session_total

DATA = Path(__file__).parent.parent / "data" / "engine"
WON = ("compensate: four phones", "ask: what to think over?", "compensate: a sheet")
"""Replies that win the English objection scenario, each scored 80 by the fake scorer."""


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(DATA / "objection-en.yaml")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "records.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    """A records store on a real SQLite file (overrides the in-memory one of conftest)."""
    with Store.open(db) as opened:
        yield opened


def start(
    scenario: Scenario, store: Store | None, fake_scorer: ModuleType, **options: Any
) -> RecordedSession:
    return RecordedSession.start(
        scenario, "ana", 0, store=store, mode="headless", scorer=fake_scorer.fake_score, **options
    )


def one_turn(scenario: Scenario, store: Store, fake_scorer: ModuleType) -> RecordedSession:
    """A recorded session with its first winning reply played."""
    recorded = start(scenario, store, fake_scorer)
    recorded.submit(WON[0])
    return recorded


def resume(
    scenario: Scenario, store: Store, session_id: str, fake_scorer: ModuleType, **options: Any
) -> RecordedSession:
    """The open session session_id (started for ana with seed 0, untimed), rebuilt from store."""
    return RecordedSession.resume(
        scenario,
        "ana",
        session_id=session_id,
        seed=0,
        timed=False,
        store=store,
        scorer=fake_scorer.fake_score,
        **options,
    )


def session_row(store: Store, session_id: str) -> dict[str, Any]:
    [row] = store.query("SELECT * FROM sessions WHERE id = ?", [session_id])
    return row


class TestRecording:
    def test_the_start_is_recorded_with_the_mode_and_the_scorer_version(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        recorded = start(scenario, store, fake_scorer, timed=True)
        row = session_row(store, recorded.id)
        assert (row["status"], row["mode"], row["timed"]) == ("open", "headless", 1)
        assert row["scorer_version"] == scoring.SCORER_VERSION
        assert recorded.recording

    def test_each_turn_is_recorded_the_moment_it_is_scored(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        recorded = start(scenario, store, fake_scorer)
        for number, reply in enumerate(WON[:2], start=1):
            recorded.submit(reply, 2.5)
            replies = store.session_replies(recorded.id)
            assert [r["reply"] for r in replies] == list(WON[:number])
        assert store.session_replies(recorded.id)[0]["response_seconds"] == 2.5

    def test_a_finished_session_is_recorded_with_the_verdict_it_shows(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        recorded = start(scenario, store, fake_scorer)
        for reply in WON:
            recorded.submit(reply)
        ending = recorded.finish()
        assert recorded.session.outcome == "won"
        assert ending.recorded and ending.problem is None
        assert (ending.verdict.total, ending.verdict.passed, ending.verdict.reason) == (
            80,
            True,
            None,
        )
        row = session_row(store, recorded.id)
        assert (row["status"], row["total_score"], row["passed"]) == ("finished", 80, 1)
        [evaluation] = store.query(
            "SELECT idx FROM evaluations WHERE session_id = ?", [recorded.id]
        )
        assert evaluation["idx"] == pytest.approx(ending.evaluation.index, abs=0.01)

    def test_finishing_twice_records_the_end_once(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        recorded = one_turn(scenario, store, fake_scorer)
        first = recorded.finish()
        # A second write would be refused: the session is no longer open in the records.
        assert recorded.finish() is first

    def test_a_stopped_session_is_recorded_unfinished_and_not_graded(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        recorded = one_turn(scenario, store, fake_scorer)
        ending = recorded.finish()
        assert recorded.session.stopped
        assert (ending.verdict.total, ending.verdict.passed, ending.verdict.reason) == (
            80,
            None,
            None,
        )
        row = session_row(store, recorded.id)
        assert (row["status"], row["total_score"], row["passed"]) == ("unfinished", 80, None)

    def test_the_self_assessment_is_recorded_beside_the_evaluation(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        recorded = one_turn(scenario, store, fake_scorer)
        recorded.finish()
        assert recorded.self_assess(4)
        [row] = store.query(
            "SELECT self_assessment FROM evaluations WHERE session_id = ?", [recorded.id]
        )
        assert row["self_assessment"] == 4
        with pytest.raises(StoreError, match="already rated it 4"):
            recorded.self_assess(2)

    def test_an_unrecorded_session_plays_and_ends_without_records(
        self, scenario: Scenario, fake_scorer: ModuleType
    ) -> None:
        recorded = start(scenario, None, fake_scorer)
        for reply in WON:
            recorded.submit(reply)
        ending = recorded.finish()
        assert not recorded.recording and not ending.recorded and ending.problem is None
        assert ending.verdict.passed is True
        assert not recorded.self_assess(5)


class TestFailures:
    def test_a_start_that_cannot_be_recorded_raises_and_records_nothing(
        self, scenario: Scenario, db: Path, fake_scorer: ModuleType
    ) -> None:
        store = Store.open(db)
        store.close()
        with pytest.raises(StoreError, match="could not start session"):
            start(scenario, store, fake_scorer)
        with Store.open(db) as reopened:
            assert reopened.open_sessions() == []

    def test_a_turn_that_cannot_be_recorded_is_not_applied(
        self, scenario: Scenario, db: Path, fake_scorer: ModuleType
    ) -> None:
        store = Store.open(db)
        recorded = one_turn(scenario, store, fake_scorer)
        line = recorded.session.current
        store.close()
        with pytest.raises(StoreError, match="could not record turn 2"):
            recorded.submit(WON[1])
        # The engine agrees with the records: one turn, and the same line to answer.
        assert len(recorded.session.turns) == 1
        assert recorded.session.current == line

    def test_an_end_that_cannot_be_recorded_is_a_problem_and_the_session_can_be_resumed(
        self, scenario: Scenario, db: Path, fake_scorer: ModuleType
    ) -> None:
        store = Store.open(db)
        recorded = start(scenario, store, fake_scorer)
        for reply in WON:
            recorded.submit(reply)
        store.close()
        ending = recorded.finish()
        assert ending.problem is not None and "could not finish session" in ending.problem.message
        assert not ending.recorded
        assert ending.verdict.passed is True  # the trainee still sees how it went
        assert not recorded.self_assess(5)
        with Store.open(db) as reopened:
            # Nothing scored is lost: every turn is there, and the session is open to resume.
            [row] = reopened.open_sessions("ana")
            # The app that played it still holds its claim, and resumes it at once.
            resumed = resume(scenario, reopened, row["id"], fake_scorer, claim=recorded.claim)
            assert [turn.reply for turn in resumed.session.turns] == list(WON)
            assert resumed.session.outcome == "won"
            assert resumed.finish().recorded
            assert session_row(reopened, row["id"])["status"] == "finished"

    def test_finishing_after_a_failed_write_tries_the_write_again(
        self, scenario: Scenario, db: Path, fake_scorer: ModuleType
    ) -> None:
        store = Store.open(db)
        recorded = one_turn(scenario, store, fake_scorer)
        store.close()
        assert recorded.finish().problem is not None
        with Store.open(db) as reopened:
            recorded.store = reopened
            assert recorded.finish().recorded
            assert session_row(reopened, recorded.id)["status"] == "unfinished"


class TestResume:
    def test_an_open_session_is_rebuilt_and_recording_goes_on(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        first = start(scenario, store, fake_scorer)
        first.submit(WON[0], 3.0)
        first.release()  # its window was closed
        resumed = resume(scenario, store, first.id, fake_scorer)
        same = [(t.reply, t.points, t.response_seconds, t.next_node) for t in first.session.turns]
        assert [
            (t.reply, t.points, t.response_seconds, t.next_node) for t in resumed.session.turns
        ] == same
        assert resumed.session.current == first.session.current
        resumed.submit(WON[1])
        assert [r["reply"] for r in store.session_replies(first.id)] == list(WON[:2])

    def test_a_session_the_changed_scenario_cannot_replay_is_refused_then_abandoned(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        first = start(scenario, store, fake_scorer)
        for reply in WON[:2]:
            first.submit(reply)
        first.release()
        # The scenario now ends at its first reply, before the second recorded one.
        node = scenario.nodes[scenario.start]
        ending_at_once = {
            label: replace(reaction, next=None, end="won")
            for label, reaction in node.reactions.items()
        }
        changed = replace(
            scenario,
            nodes={**scenario.nodes, node.id: replace(node, reactions=ending_at_once)},
        )
        with pytest.raises(SimulatorError, match="cannot be resumed"):
            resume(changed, store, first.id, fake_scorer, claim="second")
        abandon(store, first.id, "second")
        assert session_row(store, first.id)["status"] == "abandoned"
        assert store.open_sessions("ana") == []


class Clock:
    """A clock that stands still until moved on: both windows read it."""

    def __init__(self) -> None:
        self.now = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class TestClaims:
    """One window plays an open session at a time; each RecordedSession stands for a window."""

    def played_in_first_window(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType, clock: Clock
    ) -> RecordedSession:
        first = start(scenario, store, fake_scorer, clock=clock, claim="first")
        first.submit(WON[0])
        return first

    def resume_in_second(
        self,
        scenario: Scenario,
        store: Store,
        fake_scorer: ModuleType,
        clock: Clock,
        take_over: bool = False,
    ) -> RecordedSession:
        return resume(
            scenario,
            store,
            store.open_sessions("ana")[0]["id"],
            fake_scorer,
            clock=clock,
            claim="second",
            take_over=take_over,
        )

    def test_a_session_live_in_one_window_is_not_resumed_in_another(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        clock = Clock()
        self.played_in_first_window(scenario, store, fake_scorer, clock)
        clock.wait(CLAIM_STALE_SECONDS - 1)
        for take_over in (False, True):
            with pytest.raises(SessionClaimedError) as raised:
                self.resume_in_second(scenario, store, fake_scorer, clock, take_over)
            assert not raised.value.stale
            assert raised.value.message_in("zh").startswith("这次练习正在另一个窗口")

    def test_the_heartbeat_keeps_a_quiet_window_s_session(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        clock = Clock()
        first = self.played_in_first_window(scenario, store, fake_scorer, clock)
        for _ in range(4):  # a minute of thinking, with a heartbeat every 15 s
            clock.wait(15)
            first.heartbeat()
        with pytest.raises(SessionClaimedError) as raised:
            self.resume_in_second(scenario, store, fake_scorer, clock, take_over=True)
        assert not raised.value.stale
        first.submit(WON[1])

    def test_a_silent_window_s_session_is_taken_over_and_that_window_records_nothing_more(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        clock = Clock()
        first = self.played_in_first_window(scenario, store, fake_scorer, clock)
        clock.wait(CLAIM_STALE_SECONDS)
        with pytest.raises(SessionClaimedError) as raised:
            self.resume_in_second(scenario, store, fake_scorer, clock)
        assert raised.value.stale
        second = self.resume_in_second(scenario, store, fake_scorer, clock, take_over=True)
        assert [turn.reply for turn in second.session.turns] == [WON[0]]
        # The first window's next reply is refused, and leaves its session where it was.
        with pytest.raises(ClaimLostError, match="taken over in another window"):
            first.submit(WON[1])
        assert len(first.session.turns) == 1 and first.lost is not None
        with pytest.raises(ClaimLostError):
            first.heartbeat()
        ending = first.finish()
        assert not ending.recorded and isinstance(ending.problem, ClaimLostError)
        assert first.finish() is ending  # and it does not try again
        # The second window plays on, from every turn the first recorded.
        for reply in WON[1:]:
            second.submit(reply)
        assert second.finish().recorded
        assert [r["reply"] for r in store.session_replies(second.id)] == list(WON)
        assert session_row(store, second.id)["status"] == "finished"

    def test_the_first_window_learns_of_the_take_over_by_its_heartbeat_too(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        clock = Clock()
        first = self.played_in_first_window(scenario, store, fake_scorer, clock)
        clock.wait(CLAIM_STALE_SECONDS + 5)
        self.resume_in_second(scenario, store, fake_scorer, clock, take_over=True)
        with pytest.raises(ClaimLostError):
            first.heartbeat()
        with pytest.raises(ClaimLostError):
            first.submit(WON[1])
        assert len(store.session_replies(first.id)) == 1

    def test_a_released_session_is_resumed_elsewhere_at_once(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        clock = Clock()
        first = self.played_in_first_window(scenario, store, fake_scorer, clock)
        first.release()  # its window was closed
        second = self.resume_in_second(scenario, store, fake_scorer, clock)
        second.submit(WON[1])
        assert len(store.session_replies(second.id)) == 2

    def test_a_session_live_elsewhere_is_not_abandoned_from_here(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        clock = Clock()
        first = self.played_in_first_window(scenario, store, fake_scorer, clock)
        with pytest.raises(SessionClaimedError):
            abandon(store, first.id, "second", clock=clock)
        clock.wait(CLAIM_STALE_SECONDS)
        abandon(store, first.id, "second", take_over=True, clock=clock)
        assert session_row(store, first.id)["status"] == "abandoned"

    def test_closing_the_session_releases_its_claim(
        self, scenario: Scenario, store: Store, fake_scorer: ModuleType
    ) -> None:
        clock = Clock()
        first = self.played_in_first_window(scenario, store, fake_scorer, clock)
        assert store.open_sessions("ana")[0]["claim_token"] == "first"
        assert first.finish().recorded
        assert store.query("SELECT * FROM session_claims") == []
        first.heartbeat()  # a closed session has no claim to keep alive
        first.release()


@pytest.mark.parametrize(
    ("points_sum", "turn_count", "total"),
    [
        (0, 0, 0),  # No turn yet
        (160, 2, 80),  # Exact average
        (161, 2, 80),  # 80.5 rounds to even
        (163, 2, 82),  # 81.5 rounds to even
        (200, 3, 67),  # 66.7 rounds up
    ],
)
def test_session_total(points_sum: int, turn_count: int, total: int) -> None:
    assert session_total(points_sum, turn_count) == total


@pytest.mark.parametrize(
    ("total", "outcome", "finished", "passed", "reason_en"),
    [
        (80, "won", True, True, None),  # Good end above the mark
        (60, "resolved", True, True, None),  # Exactly the mark
        (59, "won", True, False, "59 is below the pass mark 60"),  # Just below
        (90, "lost", True, False, "ended lost"),  # A bad end fails whatever the total
        (40, "escalated", True, False, "ended escalated, and 40 is below the pass mark 60"),
        (90, None, False, None, None),  # Stopped unfinished: not graded
    ],
)
def test_judge(
    total: int, outcome: Any, finished: bool, passed: bool | None, reason_en: str | None
) -> None:
    verdict = judge(total, outcome, 60, finished=finished)
    assert (verdict.total, verdict.pass_mark, verdict.passed) == (total, 60, passed)
    assert (verdict.reason or {}).get("en") == reason_en
