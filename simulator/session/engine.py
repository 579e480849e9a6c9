"""The session engine: plays a scenario turn by turn. Pure: no Textual, no files."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Literal

from rapidfuzz import fuzz

import scoring
from scoring import (
    Classification,
    ComplaintStep,
    Discouraged,
    Exemplar,
    Label,
    Language,
    TurnScore,
    TurnSpec,
)
from scoring.registry import FLAGS, STEPS
from simulator.errors import SimulatorError
from simulator.limits import reply_too_long
from simulator.scenario.model import Node, Outcome, Reaction, Scenario
from simulator.session.evaluation import Evaluation, evaluate, perceived_satisfaction
from simulator.session.reactions import SPOILING_FLAGS, Chosen, choose_reaction, in_own_words
from simulator.session.turns import CustomerLine, OnTurn, TurnNote, TurnResult
from simulator.session.verdict import session_total
from simulator.untrusted import scrub

MAX_TURNS = 12
"""A session ends after this many replies, so a scenario with a loop cannot run forever."""

HINT_COST = 10
"""Points taken off the score of the turn a hint was used for (never below 0)."""

DEFAULT_TIME_LIMIT = 90
"""Seconds per reply in timed mode when the scenario sets no `time_limit`."""

TIMEOUT_MOOD_COST = 10
"""Mood lost when a reply comes after the time limit in timed mode."""

FLAG_MOOD_COSTS: dict[str, int] = {kind.id: kind.mood_cost for kind in FLAGS.values()}
"""Extra mood lost for each flag, from the scorer's registry: arguing is the first taboo of selling."""

EndReason = Literal["ended", "turn_limit", "stopped"]

IMPATIENT_LINES: dict[Language, tuple[str, ...]] = {
    "zh": ("让我等了这么久……", "我等了半天了。", "你怎么这么久才回答?"),
    "en": (
        "You kept me waiting there.",
        "I've been waiting for an answer.",
        "That took a while.",
    ),
}
"""What a customer says first when a reply comes after the time limit."""

TURN_LIMIT_LINES: dict[Language, dict[str, str]] = {
    "zh": {
        "objection": "我们谈了这么久也没个结果,我先走了。",
        "complaint": "这样下去解决不了问题,我要找你们经理。",
    },
    "en": {
        "objection": "We've gone round in circles long enough. I'll leave it there.",
        "complaint": "This is going nowhere. I want to speak to your manager.",
    },
}
"""What the customer says when the session reaches MAX_TURNS without an ending."""

EMPTY_REPLY_TIPS: dict[Language, str] = {
    "zh": "客户在等你回答:先回应客户说的话。",
    "en": "The customer is waiting for an answer: respond to what they said.",
}
"""The tip given for an empty reply, which is never sent to the scorer."""


def utc_now() -> datetime:
    """Now, in UTC: what a session's clock reads unless a caller fixes it."""
    return datetime.now(UTC)


POOR_GAIN_SCORE = 60
"""Below this score a reaction's mood gain counts half: a poorly done technique warms less."""


def mood_change(reaction_mood: int, score: TurnScore, timed_out: bool) -> int:
    """How much a reply moves the customer's mood: the reaction's delta, adjusted by quality.

    reaction mood (a gain counts half when the reply scored under 60) + round((score − 60) / 10)
    − the cost of each arguing, face-threat or dismissive flag − TIMEOUT_MOOD_COST when the
    reply came too late.
    """
    gain = reaction_mood
    if gain > 0 and score.total < POOR_GAIN_SCORE:
        gain = gain // 2
    delta = gain + round((score.total - 60) / 10)
    delta -= sum(FLAG_MOOD_COSTS.get(flag.id, 0) for flag in score.flags)
    if timed_out:
        delta -= TIMEOUT_MOOD_COST
    return delta


def empty_reply_score(lang: Language) -> TurnScore:
    """The score of an empty reply: nothing said, no technique, zero points."""
    classification = Classification(
        technique="none",
        confidence=1.0,
        runner_up="none",
        runner_up_confidence=0.0,
        evidence=(),
        language=lang,
        probabilities={"none": 1.0},
    )
    return TurnScore(
        total=0,
        technique_fit=0,
        execution=0,
        relevance=0,
        classification=classification,
        tip=EMPTY_REPLY_TIPS[lang],
    )


def node_turn_spec(
    scenario: Scenario,
    node: Node,
    objection: str,
    steps_done: frozenset[ComplaintStep] = frozenset(),
) -> TurnSpec:
    """What the scorer needs to know about one node, with the line the customer actually said."""
    return TurnSpec(
        objection=objection,
        recommended=node.recommend,
        discouraged=tuple(Discouraged(d.technique, d.reason) for d in node.discourage),
        model_answers=tuple(
            Exemplar(text, technique, source=scenario.id)
            for technique, texts in node.model_answers.items()
            for text in texts
        ),
        kind=scenario.kind,
        lang=scenario.language,
        steps_done=steps_done,
    )


class Session:
    """One trainee playing one scenario: the customer's lines, the scored turns, the ending."""

    def __init__(
        self,
        scenario: Scenario,
        trainee: str,
        seed: int = 0,
        *,
        scorer: Callable[[str, TurnSpec], TurnScore] | None = None,
        on_turn: OnTurn | None = None,
        timed: bool = False,
        session_id: str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.id: str = session_id or uuid.uuid4().hex
        self.scenario = scenario
        self.trainee = trainee
        self.seed = seed
        self.timed = timed
        self.scorer = scorer
        """What scores each reply; None for scoring.score_turn, loaded at the first reply."""
        self.on_turn = on_turn
        self.clock = clock
        # Seeded per session and scenario so variant choices never depend on global state.
        self._rng = random.Random(f"{seed}:{scenario.id}")
        self._turns: list[TurnResult] = []
        self.mood: int = scenario.persona.mood
        self.satisfaction: float = perceived_satisfaction(self.mood)
        self.finished = False
        self.stopped = False
        self.outcome: Outcome | None = None
        self.end_reason: EndReason | None = None
        self.steps_covered: frozenset[ComplaintStep] = frozenset()
        self.hidden_surfaced: frozenset[str] = frozenset()
        self.hints_used = 0
        self._hint_pending = False
        self.started_at: datetime = clock()
        self.ended_at: datetime | None = None
        self._opening = self._line_at(scenario.start)
        self.current: CustomerLine | None = self._opening
        self._heard: list[str] = [scenario.summary, self._opening.text]

    # -- reading the state -------------------------------------------------

    @property
    def turns(self) -> tuple[TurnResult, ...]:
        """The scored turns so far, in order (a read-only view)."""
        return tuple(self._turns)

    @property
    def ended(self) -> bool:
        """Whether no more replies are accepted: finished, or stopped unfinished."""
        return self.finished or self.stopped

    @property
    def time_limit(self) -> int:
        """Seconds per reply in timed mode."""
        return self.scenario.time_limit or DEFAULT_TIME_LIMIT

    @property
    def hint_pending(self) -> bool:
        """Whether the hint was shown for the turn now being answered."""
        return self._hint_pending

    def opening(self) -> CustomerLine:
        """The customer's first line."""
        return self._opening

    def turn_spec(self) -> TurnSpec:
        """The scorer's view of the current node, with the line the customer said."""
        current = self._require_open("there is no objection to answer")
        node = self.scenario.nodes[current.node]
        return node_turn_spec(self.scenario, node, current.text, self.steps_covered)

    def hint(self) -> str:
        """The current node's hint; the next turn records it and loses HINT_COST points."""
        current = self._require_open("there is no hint to give")
        if not self._hint_pending:
            self._hint_pending = True
            self.hints_used += 1
        return self.scenario.nodes[current.node].hint

    def total_score(self) -> int:
        """The average turn score after hint costs, 0-100 (0 before any turn)."""
        return session_total(sum(turn.points for turn in self._turns), len(self._turns))

    def evaluation(self) -> Evaluation:
        """The satisfaction-handling evaluation, once the session has finished or stopped."""
        if not self.ended:
            raise SimulatorError(
                f"session {self.id} is still in progress; finish it or stop it before "
                "asking for its evaluation",
                title="Session not over",
            )
        return evaluate(self.scenario, self._turns, self.outcome)

    # -- playing -----------------------------------------------------------

    def submit(self, reply: str, response_seconds: float | None = None) -> TurnResult:
        """Score a reply, let the customer react, and move on; on_turn gets the result first.

        If on_turn raises, the turn is not applied: the session stays where it was, so the
        records and the engine never disagree, and the exception propagates.
        """
        current = self._require_open("no more replies are accepted")
        too_long = reply_too_long(reply)
        if too_long:
            raise SimulatorError(f"cannot score this reply: {too_long}", title="Reply too long")
        # Undecodable bytes arrive as lone surrogates, which no record or screen can hold.
        reply = scrub(reply)
        node = self.scenario.nodes[current.node]
        lang = self.scenario.language
        spec = node_turn_spec(self.scenario, node, current.text, self.steps_covered)
        scorer = self.scorer or scoring.score_turn
        score = scorer(reply, spec) if reply.strip() else empty_reply_score(lang)
        technique = score.classification.technique
        rng_state = self._rng.getstate()

        reacting = reacts_as(self.scenario, node, score)
        chosen: Chosen = choose_reaction(
            node,
            score,
            reply,
            reacting,
            lang,
            (*self._heard, reply),
            self._lines_of,
            [turn.reply for turn in self._turns],
        )
        if reacting != technique:
            chosen = in_own_words(chosen, score, reply, lang)
        reaction: Reaction = chosen.reaction
        revealed: str | None = None
        say = self._rng.choice(reaction.say)
        asked = chosen.technique == "ask" and not (
            chosen.source == "fallback" and chosen.key in FAULTS
        )
        if asked and node.hidden_reason:
            revealed = node.hidden_reason
            if "ask" not in node.reactions and chosen.source in ("default", "fallback"):
                say = node.hidden_reason
        reacted = say

        timed_out = bool(
            self.timed and response_seconds is not None and response_seconds > self.time_limit
        )
        if timed_out:
            say = _join(lang, self._rng.choice(IMPATIENT_LINES[lang]), say)

        mood_after = max(0, min(100, self.mood + mood_change(reaction.mood, score, timed_out)))
        scores = [t.score.total for t in self._turns] + [score.total]
        satisfaction_after = perceived_satisfaction(mood_after, sum(scores) / len(scores))

        next_node = reaction.next
        outcome: Outcome | None = reaction.end
        end_reason: EndReason | None = "ended" if outcome else None
        if outcome is None and len(self._turns) + 1 >= MAX_TURNS:
            next_node = None
            outcome = "escalated" if self.scenario.kind == "complaint" else "lost"
            end_reason = "turn_limit"
            say = TURN_LIMIT_LINES[lang][self.scenario.kind]

        hint_used = self._hint_pending
        steps = self.steps_covered | genuine_steps(reply, score)
        result = TurnResult(
            session_id=self.id,
            index=len(self._turns),
            node=node.id,
            customer=current.text,
            reply=reply,
            score=score,
            recommended=node.recommend,
            matched_recommended=technique in node.recommend,
            hint_used=hint_used,
            response_seconds=response_seconds,
            timed_out=timed_out,
            reaction=say,
            revealed=revealed,
            mood_before=self.mood,
            mood_after=mood_after,
            satisfaction_before=self.satisfaction,
            satisfaction_after=satisfaction_after,
            next_node=next_node,
            outcome=outcome,
            steps_covered=steps,
            scored_at=self.clock(),
            hint_cost=HINT_COST if hint_used else 0,
            end_reason=end_reason,
            reaction_source=chosen.source,
        )
        next_line = self._line_at(next_node, mood_after) if next_node else None
        if next_line is not None and leads_in(reacted, next_line.text, lang):
            # The reaction already raises the next objection: the customer does not say it twice,
            # and the trainee answers what was actually said.
            next_line = replace(next_line, text=reacted)

        if self.on_turn is not None:
            try:
                self.on_turn(result)
            except BaseException:
                self._rng.setstate(rng_state)
                raise

        self._turns.append(result)
        self._heard += [reply, say] + ([next_line.text] if next_line is not None else [])
        self.mood = mood_after
        self.satisfaction = satisfaction_after
        self.steps_covered = steps
        if revealed is not None:
            self.hidden_surfaced = self.hidden_surfaced | {node.id}
        self._hint_pending = False
        self.current = next_line
        if outcome is not None:
            self.finished = True
            self.outcome = outcome
            self.end_reason = end_reason
            self.ended_at = result.scored_at
        return result

    def stop(self) -> None:
        """End the session unfinished (the replies ran out or the trainee quit); idempotent."""
        if self.ended:
            return
        self.stopped = True
        self.end_reason = "stopped"
        self.current = None
        self.ended_at = self.clock()

    @classmethod
    def resume(
        cls,
        scenario: Scenario,
        trainee: str,
        seed: int,
        session_id: str,
        replies: Sequence[tuple[str, float | None, bool]],
        **kw: Any,
    ) -> Session:
        """Rebuild a session by replaying its recorded replies, without calling on_turn for them.

        Each reply is (reply, response_seconds, hint_used). Replaying with the same scenario,
        seed and scorer gives the same turns, so play continues where it stopped.
        """
        on_turn: OnTurn | None = kw.pop("on_turn", None)
        session = cls(scenario, trainee, seed, session_id=session_id, **kw)
        for number, (reply, response_seconds, hint_used) in enumerate(replies, start=1):
            if session.ended:
                raise SimulatorError(
                    f"session {session_id} cannot be resumed: scenario '{scenario.id}' ended "
                    f"after {number - 1} of the {len(replies)} recorded replies, so it has "
                    "changed since the session was played; mark the session abandoned and "
                    "start a new one",
                    title="Cannot resume",
                )
            if hint_used:
                session.hint()
            session.submit(reply, response_seconds)
        session.on_turn = on_turn
        return session

    # -- helpers -----------------------------------------------------------

    def _lines_of(self, node_id: str | None) -> tuple[str, ...]:
        """Every variant of a node's customer line; none for an ending."""
        return self.scenario.nodes[node_id].customer if node_id else ()

    def _line_at(self, node_id: str, mood: int | None = None) -> CustomerLine:
        node = self.scenario.nodes[node_id]
        text = self._rng.choice(node.customer)
        return CustomerLine(node=node_id, text=text, mood=self.mood if mood is None else mood)

    def _require_open(self, what: str) -> CustomerLine:
        if self.current is None:
            state = f"ended ({self.outcome})" if self.finished else "was stopped before the end"
            raise SimulatorError(
                f"session {self.id} on scenario '{self.scenario.id}' {state}: {what}. "
                "Start a new session to practise again.",
                title="Session over",
            )
        return self.current


FAULTS = frozenset({"empty", "gaming", "blame_customer", "condescend", "contradict_flat",
                    "ask_off_topic", "change_subject"})  # fmt: skip
"""Fallback keys that mean the reply did not genuinely ask, even when classified `ask`."""


def genuine_steps(reply: str, score: TurnScore) -> frozenset[ComplaintStep]:
    """The complaint steps a reply covers, none for an empty, gaming or spoiling reply."""
    if not reply.strip() or score.classification.gaming:
        return frozenset()
    if any(flag.id in SPOILING_FLAGS for flag in score.flags):
        return frozenset()
    return score.steps


CARRIES_FORWARD: frozenset[ComplaintStep] = frozenset(
    kind.id for kind in STEPS.values() if kind.carries_forward
)
"""Complaint steps that move the problem towards a solution (the registry's `carries_forward`)."""

SPOILS_HANDLING = SPOILING_FLAGS
"""Flags that undo a reply's handling, whatever steps it covers (the registry's `spoils_handling`)."""


def reacts_as(scenario: Scenario, node: Node, score: TurnScore) -> Label:
    """The technique the customer reacts to.

    The detected one, except in a complaint when the reply uses no named technique but
    proposes a solution or commits to follow-up, without arguing, dismissing or face-threat:
    complaint handling is sound without a textbook technique (DOMAIN.md §4), so the customer
    reacts as to the node's first recommended technique that has a reaction of its own. A
    node that scripts a reaction to `none` keeps it.
    """
    technique = score.classification.technique
    if (
        technique == "none"
        and scenario.kind == "complaint"
        and "none" not in node.reactions
        and score.steps & CARRIES_FORWARD
        and not any(flag.id in SPOILS_HANDLING for flag in score.flags)
    ):
        return next((label for label in node.recommend if label in node.reactions), technique)
    return technique


WORST_TURNS = 2
"""How many of the lowest-scoring turns the session report pairs with a model answer."""

NOTE_BELOW = 70
"""A turn scoring under this is worth practising again: the report gives its model answer."""


def turn_notes(scenario: Scenario, turns: Sequence[TurnResult]) -> list[TurnNote]:
    """Each turn's tip, with the best model answer for the (at most two) turns that went worst.

    "Worst" is the lowest score under NOTE_BELOW, the earlier turn first on a tie; the answer
    is the first one of the node's first recommended technique, the trainer's best advice.
    """
    worst = sorted((t for t in turns if t.points < NOTE_BELOW), key=lambda t: (t.points, t.index))[
        :WORST_TURNS
    ]
    chosen = {t.index for t in worst}
    notes: list[TurnNote] = []
    for turn in turns:
        node = scenario.nodes.get(turn.node)
        answer: tuple[Label, str] | None = None
        if turn.index in chosen and node is not None:
            technique = next((r for r in node.recommend if r in node.model_answers), None)
            if technique is not None:
                answer = (technique, node.model_answers[technique][0])
        notes.append(
            TurnNote(
                index=turn.index,
                points=turn.points,
                tip=turn.score.tip,
                model_technique=answer[0] if answer else None,
                model_answer=answer[1] if answer else None,
            )
        )
    return notes


LEADS_IN_SIMILARITY = 60
"""How alike (0-100, rapidfuzz) a reaction and the next node's line must be to count as one."""


def leads_in(reaction: str, line: str, lang: Language) -> bool:
    """Whether a reaction already says what the next node's line says, so it stands in for it.

    English is compared word by word regardless of order; Chinese by the best-matching run of
    characters, since the reaction often carries the next objection inside a longer sentence.
    """
    if lang == "en":
        similarity = fuzz.token_set_ratio(reaction.lower(), line.lower())
    else:
        similarity = fuzz.partial_ratio(reaction, line)
    return similarity >= LEADS_IN_SIMILARITY


def _join(lang: Language, first: str, second: str) -> str:
    """Two customer sentences as one line: Chinese runs on, English takes a space."""
    return f"{first}{second}" if lang == "zh" else f"{first} {second}"


__all__ = [
    "DEFAULT_TIME_LIMIT",
    "HINT_COST",
    "MAX_TURNS",
    "Session",
    "empty_reply_score",
    "mood_change",
    "node_turn_spec",
    "perceived_satisfaction",
    "turn_notes",
    "utc_now",
]
