"""The recorded session: one session's lifecycle, from its start to its last record."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

import scoring
from scoring.models import TurnScore, TurnSpec
from simulator.errors import ClaimLostError, StoreError
from simulator.session.engine import Session, utc_now
from simulator.session.verdict import Verdict, judge

if TYPE_CHECKING:
    from simulator.scenario.model import Outcome, Scenario
    from simulator.session.evaluation import Evaluation
    from simulator.session.turns import TurnResult

Mode = Literal["app", "headless"]
"""Where a session is played: in the app (or `dojo serve`), or by `dojo practice`."""

CLAIM_HEARTBEAT_SECONDS = 15.0
"""How often an app shows, through its claim, that the window playing a session is there."""

CLAIM_STALE_SECONDS = 45.0
"""How long a claim may go without a heartbeat before another window may take it over:
three heartbeats missed, so a busy moment never hands a live session to another window."""


def new_claim_token() -> str:
    """A token naming one app process's claims, unlike any other app's."""
    return secrets.token_hex(16)


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
        claim: str | None = None,
    ) -> None: ...

    def record_turn(self, turn: TurnResult, claim: str | None = None) -> None: ...

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
    ) -> None: ...

    def record_self_assessment(self, session_id: str, rating: int) -> None: ...

    def mark_abandoned(self, session_id: str, claim: str | None = None) -> None: ...

    def session_replies(self, session_id: str) -> list[dict[str, Any]]: ...

    def claim_session(
        self,
        session_id: str,
        token: str,
        *,
        now: datetime,
        stale_after: float,
        take_over: bool = False,
    ) -> None: ...

    def refresh_claim(self, session_id: str, token: str, now: datetime) -> None: ...

    def release_claim(self, session_id: str, token: str) -> None: ...


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


def take_claim(
    store: SessionStore,
    session_id: str,
    token: str,
    *,
    take_over: bool = False,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    """Claim an open session for the app holding token, so that no other window plays it.

    Raises SessionClaimedError when another window holds it: with `stale` set when that
    window has been silent for CLAIM_STALE_SECONDS, and take_over then takes it.
    """
    store.claim_session(
        session_id, token, now=clock(), stale_after=CLAIM_STALE_SECONDS, take_over=take_over
    )


def abandon(
    store: SessionStore,
    session_id: str,
    token: str | None = None,
    *,
    take_over: bool = False,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    """Mark an open session abandoned: it is never resumed, and reports leave it out.

    With token, the session is claimed first (see take_claim), so a session being played in
    another window is never abandoned from this one.
    """
    if token is not None:
        take_claim(store, session_id, token, take_over=take_over, clock=clock)
    store.mark_abandoned(session_id, claim=token)


class RecordedSession:
    """A session and its records: each scored turn is recorded the moment it is scored.

    One failure policy for every front end: a write that fails raises StoreError to the
    caller (for the end, it is Ending.problem), and leaves the session and the records
    agreeing, so nothing scored is lost. A turn that cannot be recorded is not applied and
    can be sent again; an end that cannot be recorded keeps the session open to resume.
    """

    def __init__(
        self, session: Session, store: SessionStore | None, claim: str | None = None
    ) -> None:
        """Record session's turns and end in store (already holding its start), or nowhere.

        With claim, the token of this app's claim on the session: every write is made only
        while it holds the claim.
        """
        self.session = session
        self.store = store
        self.claim = claim
        """The token of the claim this app holds on the session, if it is claimed."""
        self.ending: Ending | None = None
        """How the session ended, once finish has been called."""
        self.lost: ClaimLostError | None = None
        """Why nothing more is recorded: another window took the session over."""
        # The engine applies a turn only once this returns, so a failed write undoes nothing.
        session.on_turn = self._record_turn if store is not None else None

    def _record_turn(self, turn: TurnResult) -> None:
        assert self.store is not None
        if self.lost is not None:
            raise self.lost
        try:
            self.store.record_turn(turn, claim=self.claim)
        except ClaimLostError as error:
            self.lost = error
            raise

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
        claim: str | None = None,
    ) -> RecordedSession:
        """Start a session on scenario for trainee and record its start in store (None: unrecorded).

        The session is claimed for the app holding the token claim (a token of its own when
        None) as it starts. Raises StoreError when the start cannot be recorded; no session
        is started then.
        """
        session = Session(scenario, trainee, seed, scorer=scorer, timed=timed, clock=clock)
        token = claim or new_claim_token()
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
                claim=token,
            )
        return cls(session, store, token if store is not None else None)

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
        claim: str | None = None,
        take_over: bool = False,
    ) -> RecordedSession:
        """Claim an open session and rebuild it from its recorded replies, to carry on.

        The claim is taken for the token claim (one of its own when None) before the
        replies are read, so no other window adds to them meanwhile. Raises
        SessionClaimedError when another window holds it (see take_claim), StoreError when the
        replies cannot be read, and SimulatorError when the scenario has changed so that it
        no longer plays them (abandon the session then).
        """
        token = claim or new_claim_token()
        take_claim(store, session_id, token, take_over=take_over, clock=clock)
        replies = [
            (row["reply"], row["response_seconds"], bool(row["hint_used"]))
            for row in store.session_replies(session_id)
        ]
        session = Session.resume(
            scenario, trainee, seed, session_id, replies, scorer=scorer, timed=timed, clock=clock
        )
        return cls(session, store, token)

    @property
    def closed(self) -> bool:
        """Whether the records hold the session's end, so that no window may play it on."""
        return self.ending is not None and self.ending.recorded

    def submit(self, reply: str, response_seconds: float | None = None) -> TurnResult:
        """Score a reply and record the turn before the session moves on.

        Raises StoreError when the turn cannot be recorded: the session stays where it was.
        ClaimLostError means another window took the session over: nothing more is
        recorded here, and every turn recorded before stays.
        """
        if self.lost is not None:
            raise self.lost
        return self.session.submit(reply, response_seconds)

    def heartbeat(self) -> None:
        """Show, through the claim, that this window still plays the session.

        Raises ClaimLostError when another window has taken it over, and StoreError when
        the records cannot be written just now (a later heartbeat tries again).
        """
        if self.store is None or self.claim is None or self.closed:
            return
        if self.lost is not None:
            raise self.lost
        try:
            self.store.refresh_claim(self.id, self.claim, self.session.clock())
        except ClaimLostError as error:
            self.lost = error
            raise

    def release(self) -> None:
        """Give up this window's claim on a session left open, so another may resume it now.

        Raises StoreError when the records cannot be written.
        """
        if self.store is None or self.claim is None or self.closed or self.lost is not None:
            return
        self.store.release_claim(self.id, self.claim)

    def finish(self) -> Ending:
        """Stop the session if it is still going, evaluate it, and record its end.

        Once the end is recorded, finishing again gives the same Ending; after a failed
        write, finishing again tries the write again. Once another window has taken the
        session over, its end is never recorded here (Ending.problem is the ClaimLostError).
        """
        if self.ending is not None and (self.ending.problem is None or self.lost is not None):
            return self.ending
        session = self.session
        session.stop()
        evaluation = session.evaluation()
        problem: StoreError | None = self.lost
        if self.store is not None and self.lost is None:
            try:
                self.store.finish_session(
                    session.id,
                    outcome=session.outcome,
                    ended_at=session.ended_at or session.clock(),
                    finished=session.finished,
                    evaluation=evaluation,
                    hints_used=session.hints_used,
                    claim=self.claim,
                )
            except ClaimLostError as error:
                self.lost = problem = error
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
    "CLAIM_HEARTBEAT_SECONDS",
    "CLAIM_STALE_SECONDS",
    "Ending",
    "Mode",
    "RecordedSession",
    "SessionStore",
    "abandon",
    "new_claim_token",
    "take_claim",
    "verdict_of",
]
