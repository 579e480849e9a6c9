"""The recorded session: one session's lifecycle, from its start to its last record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

import scoring
from scoring.models import TurnScore, TurnSpec
from simulator.errors import StoreError
from simulator.session.engine import Session, utc_now
from simulator.session.verdict import Verdict, judge

if TYPE_CHECKING:
    from simulator.scenario.model import Outcome, Scenario
    from simulator.session.evaluation import Evaluation
    from simulator.session.turns import TurnResult

Mode = Literal["app", "headless"]
"""Where a session is played: in the app (or `dojo serve`), or by `dojo practice`."""


class SessionStore(Protocol):
    """The writes and reads a session's lifecycle needs from the records.

    The records' Store provides them; the session layer names them here so that it never
    imports the records. Every method raises StoreError when the records cannot do it.
    """

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
    ) -> None: ...

    def record_turn(self, turn: TurnResult) -> None: ...

    def finish_session(
        self,
        session_id: str,
        *,
        outcome: Outcome | None,
        ended_at: datetime,
        finished: bool,
        evaluation: Evaluation | None,
        hints_used: int = 0,
    ) -> None: ...

    def record_self_assessment(self, session_id: str, rating: int) -> None: ...

    def mark_abandoned(self, session_id: str) -> None: ...

    def session_replies(self, session_id: str) -> list[dict[str, Any]]: ...


def verdict_of(session: Session) -> Verdict:
    """The verdict on a session as it stands: its total, and whether it passed once finished."""
    return judge(
        session.total_score(),
        session.outcome,
        session.scenario.pass_mark,
        finished=session.finished,
    )


@dataclass(frozen=True)
class Ending:
    """How a session ended: its evaluation and verdict, and whether the records hold the end."""

    evaluation: Evaluation
    """The satisfaction-handling evaluation."""
    verdict: Verdict
    """The total score and the pass rule's verdict."""
    recorded: bool
    """Whether the end is in the records (never when the session was played unrecorded)."""
    problem: StoreError | None = None
    """Why the end could not be recorded. The session then stays open in the records with
    every turn, so it can be resumed and ended again."""


def abandon(store: SessionStore, session_id: str) -> None:
    """Mark an open session abandoned: it is never resumed, and reports leave it out."""
    store.mark_abandoned(session_id)


class RecordedSession:
    """A session and its records: each scored turn is recorded the moment it is scored.

    One failure policy for every front end: a write that fails raises StoreError to the
    caller (for the end, it is Ending.problem), and leaves the session and the records
    agreeing, so nothing scored is lost. A turn that cannot be recorded is not applied and
    can be sent again; an end that cannot be recorded keeps the session open to resume.
    """

    def __init__(self, session: Session, store: SessionStore | None) -> None:
        """Record session's turns and end in store (already holding its start), or nowhere."""
        self.session = session
        self.store = store
        self.ending: Ending | None = None
        """How the session ended, once finish has been called."""
        # The engine applies a turn only once this returns, so a failed write undoes nothing.
        session.on_turn = store.record_turn if store is not None else None

    @property
    def id(self) -> str:
        """The session's id, in the engine and in the records."""
        return self.session.id

    @property
    def recording(self) -> bool:
        """Whether the session is being recorded at all."""
        return self.store is not None

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        trainee: str,
        seed: int,
        *,
        store: SessionStore | None,
        mode: Mode,
        scorer: Callable[[str, TurnSpec], TurnScore] | None = None,
        timed: bool = False,
        clock: Callable[[], datetime] = utc_now,
    ) -> RecordedSession:
        """Start a session on scenario for trainee and record its start in store (None: unrecorded).

        Raises StoreError when the start cannot be recorded; no session is started then.
        """
        session = Session(scenario, trainee, seed, scorer=scorer, timed=timed, clock=clock)
        if store is not None:
            store.start_session(
                session_id=session.id,
                trainee=trainee,
                scenario=scenario,
                seed=seed,
                timed=timed,
                started_at=session.started_at,
                scorer_version=scoring.SCORER_VERSION,
                mode=mode,
            )
        return cls(session, store)

    @classmethod
    def resume(
        cls,
        scenario: Scenario,
        trainee: str,
        *,
        session_id: str,
        seed: int,
        timed: bool,
        store: SessionStore,
        scorer: Callable[[str, TurnSpec], TurnScore] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> RecordedSession:
        """Rebuild an open session from its recorded replies, to carry on where it stopped.

        Raises StoreError when the replies cannot be read, and SimulatorError when the
        scenario has changed so that it no longer plays them (abandon the session then).
        """
        replies = [
            (row["reply"], row["response_seconds"], bool(row["hint_used"]))
            for row in store.session_replies(session_id)
        ]
        session = Session.resume(
            scenario, trainee, seed, session_id, replies, scorer=scorer, timed=timed, clock=clock
        )
        return cls(session, store)

    def submit(self, reply: str, response_seconds: float | None = None) -> TurnResult:
        """Score a reply and record the turn before the session moves on.

        Raises StoreError when the turn cannot be recorded: the session stays where it was.
        """
        return self.session.submit(reply, response_seconds)

    def finish(self) -> Ending:
        """Stop the session if it is still going, evaluate it, and record its end.

        Once the end is recorded, finishing again gives the same Ending; after a failed
        write, finishing again tries the write again.
        """
        if self.ending is not None and self.ending.problem is None:
            return self.ending
        session = self.session
        session.stop()
        evaluation = session.evaluation()
        problem: StoreError | None = None
        if self.store is not None:
            try:
                self.store.finish_session(
                    session.id,
                    outcome=session.outcome,
                    ended_at=session.ended_at or session.clock(),
                    finished=session.finished,
                    evaluation=evaluation,
                    hints_used=session.hints_used,
                )
            except StoreError as error:
                problem = error
        self.ending = Ending(
            evaluation=evaluation,
            verdict=verdict_of(session),
            recorded=self.store is not None and problem is None,
            problem=problem,
        )
        return self.ending

    def self_assess(self, rating: int) -> bool:
        """Record the trainee's own 1-5 rating of the ended session; whether it was recorded.

        Nothing is recorded for a session played unrecorded or whose end is not recorded.
        Raises StoreError when the rating cannot be recorded.
        """
        if self.store is None or self.ending is None or not self.ending.recorded:
            return False
        self.store.record_self_assessment(self.session.id, rating)
        return True


__all__ = [
    "Ending",
    "Mode",
    "RecordedSession",
    "SessionStore",
    "abandon",
    "verdict_of",
]
