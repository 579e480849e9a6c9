"""Tests for the session engine, with a fake scorer driven by a prefix in each reply."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from scoring import TurnScore, TurnSpec
from simulator.errors import SimulatorError
from simulator.scenario.loader import load_scenario
from simulator.scenario.model import Scenario
from simulator.session.engine import (
    HINT_COST,
    IMPATIENT_LINES,
    MAX_TURNS,
    TURN_LIMIT_LINES,
    Session,
    leads_in,
    mood_change,
)
from simulator.session.evaluation import perceived_satisfaction
from simulator.session.turns import TurnResult

DATA = Path(__file__).parent.parent / "data" / "engine"


def _load_fake() -> ModuleType:
    spec = importlib.util.spec_from_file_location("engine_fake_scorer", DATA / "fake_scorer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fake = _load_fake()
fake_score: Callable[[str, TurnSpec], TurnScore] = fake.fake_score


@pytest.fixture(scope="module")
def objection() -> Scenario:
    return load_scenario(DATA / "objection-en.yaml")


@pytest.fixture(scope="module")
def complaint() -> Scenario:
    return load_scenario(DATA / "complaint-zh.yaml")


class Clock:
    """A clock that moves one second each time it is read."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def play(scenario: Scenario, *replies: str, seed: int = 0, **kw: object) -> Session:
    session = Session(scenario, "tester", seed, scorer=fake_score, clock=Clock(), **kw)  # type: ignore[arg-type]
    for reply in replies:
        session.submit(reply)
    return session


class TestBranching:
    def test_the_session_opens_at_the_start_node(self, objection: Scenario) -> None:
        session = play(objection)
        assert session.current is not None
        assert session.current == session.opening()
        assert session.current.node == "opening"
        assert session.current.text in objection.nodes["opening"].customer
        assert session.current.mood == objection.persona.mood

    @pytest.mark.parametrize(
        ("reply", "next_node", "outcome"),
        [
            ("compensate: it covers four phones", "think", None),  # recommended, goes on
            ("ask: what price is fair?", "think", None),  # recommended, goes on
            ("rebuttal: that's not expensive", None, "lost"),  # discouraged, ends at once
            ("taichi: because it's dear it's good", "think", None),  # no reaction: default
        ],
    )
    def test_the_reaction_follows_the_technique(
        self, objection: Scenario, reply: str, next_node: str | None, outcome: str | None
    ) -> None:
        session = play(objection)
        result = session.submit(reply)
        assert result.next_node == next_node
        assert result.outcome == outcome
        technique = reply.split(":")[0]
        reaction = objection.nodes["opening"].reaction_for(technique)  # type: ignore[arg-type]
        assert result.reaction in reaction.say
        assert (session.current.node if session.current else None) == next_node

    def test_a_reaction_that_raises_the_next_objection_is_not_repeated(
        self, objection: Scenario
    ) -> None:
        opening = objection.nodes["opening"]
        line = objection.nodes["think"].customer[0]
        leading = replace(opening.reactions["ask"], say=(f"Fair question. {line}",))
        scenario = replace(
            objection,
            nodes={
                **objection.nodes,
                "opening": replace(opening, reactions={**opening.reactions, "ask": leading}),
            },
        )
        session = play(scenario)
        result = session.submit("ask: what price is fair?")
        assert session.current is not None and session.current.node == "think"
        assert session.current.text == result.reaction == f"Fair question. {line}"

    def test_a_reaction_that_does_not_raise_it_is_followed_by_the_next_line(
        self, objection: Scenario
    ) -> None:
        session = play(objection)
        session.submit("ask: what price is fair?")
        assert session.current is not None
        assert session.current.text in objection.nodes["think"].customer

    @pytest.mark.parametrize(
        ("reaction", "line", "lang", "expected"),
        [
            (
                "Fine. And why a $68 fuel charge? I filled it up.",
                "Why is there a $68 fuel charge? I filled it up.",
                "en",
                True,
            ),
            ("Fine, do it.", "Why is there a $68 fuel charge? I filled it up.", "en", False),
            (
                "说实话，我姐买了保险一分没赔。",
                "我姐买了保险，一分没赔，这不是骗人吗？",
                "zh",
                True,
            ),
            ("算你态度还行。", "换个电容就要三百八？", "zh", False),
        ],
    )
    def test_leads_in(self, reaction: str, line: str, lang: str, expected: bool) -> None:
        assert leads_in(reaction, line, lang) is expected  # type: ignore[arg-type]

    def test_the_turn_records_what_was_recommended_and_whether_it_matched(
        self, objection: Scenario
    ) -> None:
        session = play(objection)
        good = session.submit("compensate: it covers four phones")
        bad = session.submit("taichi: precisely because you think")
        assert good.recommended == ("compensate", "ask")
        assert good.matched_recommended is True
        assert bad.recommended == ("ask", "yes_if")
        assert bad.matched_recommended is False
        assert [good.index, bad.index] == [0, 1]
        assert bad.customer == "I'll think about it."

    def test_mood_moves_by_the_reaction_adjusted_by_quality(self, objection: Scenario) -> None:
        session = play(objection)
        result = session.submit("compensate s=90: four phones")
        assert result.mood_before == 50
        assert result.mood_after == 50 + 10 + 3  # reaction +10, (90 - 60) / 10 = +3
        assert session.mood == result.mood_after
        assert session.current is not None and session.current.mood == result.mood_after

    def test_arguing_costs_more_mood_than_a_clean_reply(self, objection: Scenario) -> None:
        clean = play(objection).submit("ask s=70: what is fair?")
        arguing = play(objection).submit("ask s=70 !arguing: what is fair?")
        assert arguing.mood_after < clean.mood_after

    @pytest.mark.parametrize(
        ("start", "delta", "expected"),
        [
            (95, 40, 100),  # clipped at the top
            (5, -40, 0),  # clipped at the bottom
        ],
    )
    def test_mood_stays_between_0_and_100(
        self, objection: Scenario, start: int, delta: int, expected: int
    ) -> None:
        persona = replace(objection.persona, mood=start)
        opening = objection.nodes["opening"]
        reactions = dict(opening.reactions)
        reactions["ask"] = replace(reactions["ask"], mood=delta)
        nodes = {**objection.nodes, "opening": replace(opening, reactions=reactions)}
        scenario = replace(objection, persona=persona, nodes=nodes)
        assert play(scenario).submit("ask s=60: what is fair?").mood_after == expected

    def test_perceived_satisfaction_follows_mood_and_quality(self, objection: Scenario) -> None:
        session = play(objection)
        assert session.satisfaction == perceived_satisfaction(50) == 3.0
        first = session.submit("compensate s=100: four phones")
        assert first.satisfaction_before == 3.0
        assert first.satisfaction_after == perceived_satisfaction(first.mood_after, 100)
        second = session.submit("ask s=40: what do you want to think over?")
        assert second.satisfaction_after == perceived_satisfaction(second.mood_after, 70)
        assert session.satisfaction == second.satisfaction_after

    def test_a_poor_reply_lowers_perceived_satisfaction(self, objection: Scenario) -> None:
        result = play(objection).submit("rebuttal s=20 !arguing: you are wrong")
        assert result.satisfaction_after < result.satisfaction_before


class TestEndings:
    def test_won(self, objection: Scenario) -> None:
        session = play(
            objection, "compensate: four phones", "ask: what to think over?", "compensate: a sheet"
        )
        assert session.finished and session.outcome == "won" and session.end_reason == "ended"
        assert session.current is None
        assert session.turns[-1].outcome == "won"
        assert session.ended_at == session.turns[-1].scored_at

    def test_lost(self, objection: Scenario) -> None:
        session = play(objection, "rebuttal: it's cheap")
        assert session.finished and session.outcome == "lost"

    def test_resolved(self, complaint: Scenario) -> None:
        session = play(complaint, "yes_if: 您说得对", "compensate: 今天下午师傅一定到")
        assert session.outcome == "resolved"

    def test_escalated(self, complaint: Scenario) -> None:
        session = play(complaint, "rebuttal: 师傅没迟到")
        assert session.outcome == "escalated"

    def test_a_complaint_reply_that_carries_the_handling_forward_is_answered_as_recommended(
        self, complaint: Scenario
    ) -> None:
        # No named technique, but a solution and a follow-up: good complaint handling.
        session = play(complaint, "yes_if: 您说得对", "none +propose +follow_up: 下午我带配件再来")
        assert session.turns[-1].score.classification.technique == "none"
        assert session.outcome == "resolved"

    @pytest.mark.parametrize(
        "reply",
        [
            "none +apologise: 对不起对不起",  # sorry, and nothing after it
            "none +propose !arguing: 下午再来,这是你自己没说清楚",  # a solution, spoilt
        ],
    )
    def test_other_replies_without_a_technique_get_the_default_reaction(
        self, complaint: Scenario, reply: str
    ) -> None:
        session = play(complaint, "yes_if: 您说得对", reply)
        assert session.outcome == "escalated"

    def test_outside_complaints_no_technique_gets_the_default_reaction(
        self, objection: Scenario
    ) -> None:
        opening = objection.nodes["opening"]
        session = play(objection, "none +propose: let me send you a quote")
        assert session.turns[0].reaction in opening.reactions["default"].say

    def test_submitting_after_the_end_raises_a_clear_error(self, objection: Scenario) -> None:
        session = play(objection, "rebuttal: it's cheap")
        with pytest.raises(SimulatorError, match=r"ended \(lost\).*Start a new session"):
            session.submit("ask: anything else?")

    def test_stop_ends_unfinished_and_refuses_more_replies(self, objection: Scenario) -> None:
        session = play(objection, "compensate: four phones")
        session.stop()
        assert session.stopped and not session.finished
        assert session.outcome is None and session.current is None
        assert session.end_reason == "stopped" and session.ended_at is not None
        with pytest.raises(SimulatorError, match="stopped before the end"):
            session.submit("ask: what to think over?")
        assert session.evaluation().grades["result"] <= 2

    def test_stop_after_the_end_changes_nothing(self, objection: Scenario) -> None:
        session = play(objection, "rebuttal: it's cheap")
        session.stop()
        assert session.finished and not session.stopped and session.outcome == "lost"

    def test_the_evaluation_waits_for_the_end(self, objection: Scenario) -> None:
        with pytest.raises(SimulatorError, match="still in progress"):
            play(objection).evaluation()

    def test_a_loop_is_cut_off_at_the_turn_cap(self, objection: Scenario) -> None:
        session = play(objection, "compensate: four phones")
        while not session.ended:
            session.submit("ignore: nice weather today")
        assert len(session.turns) == MAX_TURNS
        assert session.outcome == "lost" and session.end_reason == "turn_limit"
        last = session.turns[-1]
        assert last.end_reason == "turn_limit" and last.next_node is None
        assert last.reaction == TURN_LIMIT_LINES["en"]["objection"]

    def test_a_complaint_loop_ends_escalated(self, complaint: Scenario) -> None:
        fix = complaint.nodes["fix"]
        looping = replace(
            fix,
            reactions={
                **fix.reactions,
                "ignore": replace(fix.reactions["default"], end=None, next="fix"),
            },
        )
        scenario = replace(complaint, nodes={**complaint.nodes, "fix": looping})
        session = play(scenario, "yes_if: 您说得对", *["ignore: 嗯"] * (MAX_TURNS - 1))
        assert session.outcome == "escalated" and session.end_reason == "turn_limit"
        assert session.turns[-1].reaction == TURN_LIMIT_LINES["zh"]["complaint"]


class TestHiddenObjections:
    def test_asking_at_a_hidden_objection_surfaces_the_real_reason(
        self, objection: Scenario
    ) -> None:
        session = play(objection, "compensate: four phones")
        result = session.submit("ask: what would you like to think over?")
        assert result.revealed == objection.nodes["think"].hidden_reason
        assert result.reaction == "Well, my wife has to agree to it."
        assert session.hidden_surfaced == frozenset({"think"})

    @pytest.mark.parametrize(
        "reply",
        [
            "yes_if: wise to think, and if it helps",  # another technique keeps it hidden
            "none: ok",  # no technique at all
        ],
    )
    def test_other_replies_leave_it_hidden(self, objection: Scenario, reply: str) -> None:
        session = play(objection, "compensate: four phones")
        result = session.submit(reply)
        assert result.revealed is None
        assert session.hidden_surfaced == frozenset()

    def test_asking_where_nothing_is_hidden_reveals_nothing(self, objection: Scenario) -> None:
        assert play(objection).submit("ask: what price is fair?").revealed is None

    def test_without_an_ask_reaction_the_customer_says_the_hidden_reason(
        self, objection: Scenario
    ) -> None:
        think = objection.nodes["think"]
        reactions = {k: v for k, v in think.reactions.items() if k != "ask"}
        scenario = replace(
            objection, nodes={**objection.nodes, "think": replace(think, reactions=reactions)}
        )
        session = play(scenario, "compensate: four phones")
        result = session.submit("ask: what is holding you back?")
        assert result.reaction == think.hidden_reason
        assert result.revealed == think.hidden_reason
        assert result.outcome == "lost"  # the default reaction still decides where it goes


class TestComplaintSteps:
    def test_steps_accumulate_over_the_session(self, complaint: Scenario) -> None:
        session = play(complaint)
        first = session.submit("yes_if +listen_soothe +apologise: 您说得对,非常抱歉")
        assert first.steps_covered == {"listen_soothe", "apologise"}
        second = session.submit("compensate +propose +follow_up: 下午师傅到,我回访您")
        assert second.steps_covered == {"listen_soothe", "apologise", "propose", "follow_up"}
        assert session.steps_covered == second.steps_covered
        evaluation = session.evaluation()
        assert "Clarify" in evaluation.reasons["open_requests"]
        assert "澄清问题" in evaluation.reasons["open_requests_zh"]

    def test_the_scorer_is_told_which_steps_were_covered_earlier(self, complaint: Scenario) -> None:
        seen: list[frozenset[str]] = []

        def scorer(reply: str, spec: TurnSpec) -> TurnScore:
            seen.append(spec.steps_done)
            return fake_score(reply, spec)

        session = Session(complaint, "tester", 0, scorer=scorer, clock=Clock())
        session.submit("yes_if +listen_soothe +apologise: 您说得对,非常抱歉")
        session.submit("compensate +propose: 下午师傅到")
        assert seen == [frozenset(), frozenset({"listen_soothe", "apologise"})]


class TestHints:
    def test_a_hint_is_recorded_on_the_next_turn_and_costs_points(
        self, objection: Scenario
    ) -> None:
        session = play(objection)
        assert session.hint() == objection.nodes["opening"].hint
        assert session.hint_pending
        hinted = session.submit("compensate s=70: four phones")
        plain = session.submit("ask s=70: what to think over?")
        assert hinted.hint_used and hinted.hint_cost == HINT_COST
        assert hinted.score.total == 70  # the scorer's verdict is kept as it was
        assert hinted.points == 70 - HINT_COST
        assert not plain.hint_used and plain.points == 70
        assert session.hints_used == 1
        assert session.total_score() == round((70 - HINT_COST + 70) / 2)

    def test_asking_twice_for_the_same_turn_counts_once(self, objection: Scenario) -> None:
        session = play(objection)
        session.hint()
        session.hint()
        session.submit("compensate: four phones")
        assert session.hints_used == 1

    def test_hint_cost_never_makes_a_turn_negative(self, objection: Scenario) -> None:
        session = play(objection)
        session.hint()
        assert session.submit("compensate s=5: hm").points == 0

    def test_no_hint_after_the_end(self, objection: Scenario) -> None:
        session = play(objection, "rebuttal: cheap")
        with pytest.raises(SimulatorError, match="no hint"):
            session.hint()


class TestTimedMode:
    def test_a_slow_reply_times_out_costs_mood_and_makes_the_customer_impatient(
        self, complaint: Scenario
    ) -> None:
        timed = Session(complaint, "t", 0, scorer=fake_score, timed=True)
        untimed = Session(complaint, "t", 0, scorer=fake_score)
        slow = timed.submit("yes_if: 您说得对", response_seconds=45)
        calm = untimed.submit("yes_if: 您说得对", response_seconds=45)
        assert slow.timed_out and not calm.timed_out
        assert slow.mood_after < calm.mood_after
        assert any(slow.reaction.startswith(line) for line in IMPATIENT_LINES["zh"])
        assert slow.reaction.endswith(calm.reaction)

    @pytest.mark.parametrize(
        "seconds",
        [
            29.9,  # inside the scenario's 30 s
            30,  # exactly at the limit
            None,  # not measured
        ],
    )
    def test_a_reply_within_the_limit_is_not_late(
        self, complaint: Scenario, seconds: float | None
    ) -> None:
        session = Session(complaint, "t", 0, scorer=fake_score, timed=True)
        assert not session.submit("yes_if: 您说得对", response_seconds=seconds).timed_out

    def test_the_default_limit_applies_when_the_scenario_sets_none(
        self, objection: Scenario
    ) -> None:
        session = Session(objection, "t", 0, scorer=fake_score, timed=True)
        assert session.time_limit == 90
        assert not session.submit("compensate: x", response_seconds=89).timed_out
        assert session.submit("ask: x", response_seconds=91).timed_out

    def test_mood_change_counts_the_timeout(self) -> None:
        score = fake_score("ask s=60: x", TurnSpec(objection="o"))
        assert mood_change(5, score, timed_out=True) == mood_change(5, score, timed_out=False) - 10


class TestScoringInput:
    def test_turn_spec_describes_the_current_node(self, objection: Scenario) -> None:
        session = play(objection)
        spec = session.turn_spec()
        assert session.current is not None
        assert spec.objection == session.current.text
        assert spec.recommended == ("compensate", "ask")
        assert [d.technique for d in spec.discouraged] == ["rebuttal"]
        assert {(e.technique, e.source) for e in spec.model_answers} == {
            ("compensate", "engine-objection-en"),
            ("ask", "engine-objection-en"),
        }
        assert (spec.kind, spec.lang) == ("objection", "en")

    def test_the_scorer_gets_the_reply_and_the_spec(self, objection: Scenario) -> None:
        session = play(objection)
        spec = session.turn_spec()
        fake.CALLS.clear()
        session.submit("ask: what is fair?")
        assert fake.CALLS == [("ask: what is fair?", spec)]

    @pytest.mark.parametrize(
        "reply",
        [
            "",  # nothing typed
            "   \n ",  # only whitespace
        ],
    )
    def test_an_empty_reply_is_scored_as_none(self, objection: Scenario, reply: str) -> None:
        fake.CALLS.clear()
        result = play(objection).submit(reply)
        assert result.score.classification.technique == "none"
        assert result.score.total == 0 and result.score.tip
        assert result.reply == reply
        assert fake.CALLS == []


class TestDeterminism:
    def _lines(self, scenario: Scenario, seed: int) -> list[str]:
        session = play(scenario, seed=seed)
        lines = [session.opening().text]
        result = session.submit("compensate: four phones")
        return [*lines, result.reaction]

    def test_the_same_seed_gives_the_same_variants(self, objection: Scenario) -> None:
        assert self._lines(objection, 7) == self._lines(objection, 7)

    def test_different_seeds_can_give_different_variants(self, objection: Scenario) -> None:
        seen = {tuple(self._lines(objection, seed)) for seed in range(20)}
        assert len(seen) > 1

    def test_the_global_random_state_is_not_used(self, objection: Scenario) -> None:
        import random

        random.seed(1)
        first = self._lines(objection, 3)
        random.seed(2)
        assert self._lines(objection, 3) == first


class TestOnTurn:
    def test_on_turn_is_called_once_per_turn_at_scoring_time(self, objection: Scenario) -> None:
        seen: list[tuple[TurnResult, int]] = []
        session: Session

        def record(result: TurnResult) -> None:
            # The result arrives before submit returns, and before the turn is applied.
            seen.append((result, len(session.turns)))

        session = Session(objection, "t", 0, scorer=fake_score, on_turn=record)
        first = session.submit("compensate: four phones")
        second = session.submit("ask: what to think over?")
        assert seen == [(first, 0), (second, 1)]
        assert first.session_id == session.id

    @pytest.mark.parametrize("seed", range(8))
    def test_a_failing_on_turn_leaves_the_session_where_it_was(
        self, objection: Scenario, seed: int
    ) -> None:
        calls: list[TurnResult] = []

        def flaky(result: TurnResult) -> None:
            calls.append(result)
            if len(calls) == 1:
                raise OSError("disk full")

        session = Session(objection, "t", seed, scorer=fake_score, on_turn=flaky)
        reference = Session(objection, "t", seed, scorer=fake_score)
        session.hint()
        reference.hint()
        with pytest.raises(OSError):
            session.submit("compensate: four phones")
        assert session.turns == () and session.mood == 50 and session.hint_pending
        for reply in ("compensate: four phones", "yes_if: think it over, and if"):
            retried = session.submit(reply)
            expected = reference.submit(reply)
            assert replace(retried, session_id="", scored_at=None) == replace(
                expected, session_id="", scored_at=None
            )
            assert session.current == reference.current


class TestResume:
    def test_resume_replays_to_the_same_state_without_calling_on_turn(
        self, objection: Scenario
    ) -> None:
        clock = Clock()
        original = Session(objection, "t", 11, scorer=fake_score, timed=True, clock=clock)
        original.submit("compensate s=75: four phones", 12.5)
        original.hint()
        original.submit("ask s=65: what to think over?", 100.0)
        replies = [(t.reply, t.response_seconds, t.hint_used) for t in original.turns]

        calls: list[TurnResult] = []
        resumed = Session.resume(
            objection,
            "t",
            11,
            original.id,
            replies,
            scorer=fake_score,
            timed=True,
            on_turn=calls.append,
            clock=Clock(),
        )
        assert calls == []
        assert resumed.id == original.id
        assert [replace(t, scored_at=None) for t in resumed.turns] == [
            replace(t, scored_at=None) for t in original.turns
        ]
        for name in ("current", "mood", "satisfaction", "steps_covered", "hints_used"):
            assert getattr(resumed, name) == getattr(original, name), name
        assert resumed.hidden_surfaced == original.hidden_surfaced == {"think"}

        # Both go on identically, and the resumed one now reports its turns.
        a = original.submit("compensate: a sheet")
        b = resumed.submit("compensate: a sheet")
        assert replace(a, scored_at=None) == replace(b, scored_at=None)
        assert calls == [b]

    def test_resume_refuses_replies_past_the_end(self, objection: Scenario) -> None:
        replies = [("rebuttal: cheap", None, False), ("ask: more?", None, False)]
        with pytest.raises(SimulatorError, match="ended after 1 of the 2 recorded replies"):
            Session.resume(objection, "t", 0, "abc", replies, scorer=fake_score)


class TestTotals:
    def test_total_score_is_the_average_turn_score(self, objection: Scenario) -> None:
        session = play(objection, "compensate s=90: x", "ask s=61: y")
        assert session.total_score() == round((90 + 61) / 2)

    def test_total_score_is_zero_before_any_turn(self, objection: Scenario) -> None:
        assert play(objection).total_score() == 0

    def test_session_ids_are_unique_unless_given(self, objection: Scenario) -> None:
        assert play(objection).id != play(objection).id
        assert play(objection, session_id="fixed").id == "fixed"
