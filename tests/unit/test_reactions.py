"""Tests that the customer's reaction is chosen by what the reply did and stays true to it."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from simulator.scenario.figures import figures_unsaid, numbers
from simulator.scenario.loader import load_scenario, parse_scenario_text
from simulator.scenario.model import Response, Scenario
from simulator.session.engine import Session, turn_notes
from simulator.session.evaluation import evaluate, fail_reason
from simulator.session.reactions import FALLBACK_LINES

DATA = Path(__file__).parent.parent / "data" / "engine"

_spec = importlib.util.spec_from_file_location("reactions_fake_scorer", DATA / "fake_scorer.py")
assert _spec and _spec.loader
_fake = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fake)
fake_score = _fake.fake_score


@pytest.fixture(scope="module")
def objection() -> Scenario:
    return load_scenario(DATA / "objection-en.yaml")


@pytest.fixture(scope="module")
def complaint() -> Scenario:
    return load_scenario(DATA / "complaint-zh.yaml")


def first(scenario: Scenario, reply: str) -> tuple[Session, str, str | None]:
    session = Session(scenario, "t", 0, scorer=fake_score)
    result = session.submit(reply)
    return session, result.reaction, result.next_node or result.outcome


class TestFigures:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("一个月三百八", {"380"}),  # a trailing digit counts in the unit below
            ("八十多？那具体保什么？", {"80"}),  # the echo of an offer
            ("两万五，这个我能报", {"25000"}),  # ten-thousands
            ("花盆就三十块钱", {"30"}),
            ("万一出事了，一定要一起来", set()),  # words that only look like numbers
            ("Fourteen hundred dollars", {"1400"}),
            ("$1,400 and 30% off, by 9:30", {"1400", "30", "9:30"}),
            ("the one I saw", set()),  # "one" as a word, not a figure
            ("Twenty-five years", {"25"}),
        ],
    )
    def test_figures_are_read_in_either_language(self, text: str, expected: set[str]) -> None:
        assert numbers(text) == expected

    def test_a_figure_someone_said_is_not_unsaid(self) -> None:
        assert figures_unsaid("八十多？", ["每月八十几块就够了"]) == set()
        assert figures_unsaid("八十多？", ["这个方案很划算"]) == {"80"}
        assert figures_unsaid("Eighty a month?", [], allowed=["80"]) == set()


class TestFittingReactions:
    @pytest.mark.parametrize(
        ("reply", "key"),
        [
            ("compensate ~blame_customer !arguing: you should have read it", "blame_customer"),
            ("none ~ask_off_topic !off_topic: do you like football?", "ask_off_topic"),
            (
                "none ~promise_absolute !exaggeration: it will never fail, guaranteed",
                "promise_absolute",
            ),
        ],
    )
    def test_a_fault_outweighs_the_technique(
        self, objection: Scenario, reply: str, key: str
    ) -> None:
        session, said, following = first(objection, reply)
        assert said in FALLBACK_LINES[key]["en"]
        # The default reaction's ending applies, and no mood is gained.
        assert following == objection.nodes["opening"].reactions["default"].next
        assert session.mood < objection.persona.mood

    def test_a_blame_without_its_flag_is_answered_as_its_technique(
        self, objection: Scenario
    ) -> None:
        _, said, _ = first(objection, "compensate ~blame_customer: four phones")
        assert said in objection.nodes["opening"].reactions["compensate"].say

    def test_an_off_topic_question_with_substance_is_answered_for_the_substance(
        self, objection: Scenario
    ) -> None:
        _, said, _ = first(objection, "compensate ~ask_off_topic ~offer_benefit: four phones")
        assert said in objection.nodes["opening"].reactions["compensate"].say

    def test_a_bare_apology_is_acknowledged_in_chinese(self, complaint: Scenario) -> None:
        # The fix node's default scolds ("说了等于没说"): an apology gets a line true to it.
        session = Session(complaint, "t", 0, scorer=fake_score)
        session.submit("yes_if: 您说得对")
        result = session.submit("none ~apologise !empty_apology: 对不起")
        assert result.reaction.startswith(FALLBACK_LINES["apologise"]["zh"])
        assert result.outcome == "escalated"
        assert result.reaction_source == "fallback"

    def test_a_line_naming_an_unsaid_figure_is_not_said(self, objection: Scenario) -> None:
        node = objection.nodes["opening"]
        echo = replace(
            node.reactions["compensate"],
            say=("Forty? No, thirty-five then.", "That changes things."),
        )
        scenario = replace(
            objection,
            nodes={
                **objection.nodes,
                "opening": replace(node, reactions={**node.reactions, "compensate": echo}),
            },
        )
        for seed in range(6):
            session = Session(scenario, "t", seed, scorer=fake_score)
            assert session.submit("compensate: four phones").reaction == "That changes things."

    def test_a_when_response_is_chosen_by_what_was_said(self, objection: Scenario) -> None:
        node = objection.nodes["opening"]
        offer = Response(
            say=("Thirty-five? Now we're talking.",),
            technique=("compensate",),
            mentions=("35",),
            mood=15,
            next="partner",
        )
        scenario = replace(
            objection, nodes={**objection.nodes, "opening": replace(node, when=(offer,))}
        )
        _, said, following = first(scenario, "compensate: thirty-five a month for four phones")
        assert (said, following) == ("Thirty-five? Now we're talking.", "partner")
        _, said, following = first(scenario, "compensate: four phones")
        assert following == "think"

    def test_a_check_question_is_not_answered_as_a_question(self, objection: Scenario) -> None:
        # Classified ask only for "would that work?": the customer answers the offer instead.
        _, said, following = first(objection, "ask ~offer_benefit ~ask_check: would that work?")
        assert said not in objection.nodes["opening"].reactions["ask"].say
        assert following == objection.nodes["opening"].reactions["default"].next

    def test_the_moves_carry_a_technique_the_node_answers(self, objection: Scenario) -> None:
        # Classified none, but the reply asks the reason: the customer answers the question.
        _, said, following = first(objection, "none ~ask_reason: what price is fair?")
        assert said in objection.nodes["opening"].reactions["ask"].say
        assert following == "think"


class TestGenuineSteps:
    def test_a_gaming_reply_covers_no_step(self, complaint: Scenario) -> None:
        session = Session(complaint, "t", 0, scorer=fake_score)
        result = session.submit("none +apologise +propose +follow_up !gaming: sorry refund call")
        assert result.steps_covered == frozenset()

    def test_an_arguing_reply_covers_no_step(self, complaint: Scenario) -> None:
        session = Session(complaint, "t", 0, scorer=fake_score)
        result = session.submit("yes_if +propose !arguing: you should have called")
        assert result.steps_covered == frozenset()


class TestEvaluationAgreesWithTheTranscript:
    def test_a_lost_customer_leaves_no_request_satisfied(self, objection: Scenario) -> None:
        session = Session(objection, "t", 0, scorer=fake_score)
        session.submit("rebuttal: no it is not expensive")
        evaluation = session.evaluation()
        assert session.outcome == "lost"
        assert evaluation.grades["open_requests"] <= 2
        assert evaluation.grades["root_cause"] <= 2

    def test_a_reason_asked_for_at_a_later_node_counts_for_the_same_reason(
        self, objection: Scenario
    ) -> None:
        # A second hidden node standing for the same reason (its ask leads to the same node).
        think = objection.nodes["think"]
        stall = replace(think, id="stall", customer=("Maybe later.",))
        node = objection.nodes["opening"]
        default = replace(node.reactions["default"], next="stall")
        scenario = replace(
            objection,
            nodes={
                **objection.nodes,
                "opening": replace(
                    node,
                    nature="hidden",
                    hidden_reason=think.hidden_reason,
                    reactions={
                        **node.reactions,
                        "compensate": default,
                        "ask": replace(node.reactions["ask"], next="partner"),
                    },
                ),
                "stall": stall,
            },
        )
        session = Session(scenario, "t", 0, scorer=fake_score)
        session.submit("compensate: four phones")  # not asked at the opening
        session.submit("ask: what to think over?")  # asked at the stall, which leads to partner
        session.stop()
        turns = session.turns
        assert "never came out" not in evaluate(scenario, turns, None).reasons["open_requests"]

    @pytest.mark.parametrize(
        ("total", "outcome", "en"),
        [
            (80, "escalated", "ended escalated"),  # a good average does not pass a bad end
            (40, "lost", "ended lost, and 40 is below the pass mark 60"),
            (54, "resolved", "54 is below the pass mark 60"),
            (60, "won", None),  # passed
        ],
    )
    def test_why_a_session_did_not_pass(self, total: int, outcome: str, en: str | None) -> None:
        why = fail_reason(total, outcome, 60)  # type: ignore[arg-type]
        assert (why["en"] if why else None) == en
        if why:
            assert why["zh"]


def test_the_report_gives_a_model_answer_for_the_worst_turns(objection: Scenario) -> None:
    session = Session(objection, "t", 0, scorer=fake_score)
    session.submit("compensate s=90: four phones")
    session.submit("yes_if s=30: maybe")
    session.submit("ask s=50: what to think over?")
    notes = turn_notes(objection, session.turns)
    assert [n.index for n in notes] == [0, 1, 2]
    assert notes[0].model_answer is None  # scored well
    assert notes[1].model_technique == "ask"  # the think node's first recommendation
    assert notes[1].model_answer == objection.nodes["think"].model_answers["ask"][0]
    assert notes[2].model_answer is not None


class TestLoader:
    TEXT = """\
id: figure-lint
version: 1
title: t
language: zh
industry: insurance
kind: objection
difficulty: 1
persona: {name: 王女士, role: r, temperament: t, mood: 50, expectation: e}
start: a
nodes:
  a:
    customer: 收入少，没有钱买保险。
    cause: budget_short
    nature: "true"
    recommend: [compensate]
    model_answers: {compensate: 每月八十多块。}
    when:
      - technique: compensate
        mentions: [八十]
        say: 八十多？那具体保什么？
        next: b
    reactions:
      compensate: {say: 八十多？那具体保什么？, next: b}
      default: {say: 不行。, end: lost}
  b:
    customer: 我再想想。
    cause: excuse
    nature: "true"
    recommend: [compensate]
    model_answers: {compensate: 好的。}
    reactions:
      default: {say: 好。, end: won}
"""

    def test_a_figure_nobody_said_is_a_warning_at_its_line(self) -> None:
        scenario, problems = parse_scenario_text(self.TEXT, "lint.yaml")
        assert scenario is not None
        [warning] = problems
        assert warning.severity == "warning"
        assert (warning.line, warning.key) == (23, "nodes.a.reactions.compensate.say")
        assert "80" in warning.message
        assert scenario.nodes["a"].when[0].mentions == ("八十",)

    def test_a_when_response_needs_a_condition(self) -> None:
        text = self.TEXT.replace(
            "      - technique: compensate\n        mentions: [八十]\n        say:", "      - say:"
        )
        _, problems = parse_scenario_text(text, "lint.yaml")
        assert any("needs a condition" in p.message and p.line == 18 for p in problems)

    def test_an_unknown_move_is_an_error_with_a_suggestion(self) -> None:
        text = self.TEXT.replace("mentions: [八十]", "moves: [apologize]")
        scenario, problems = parse_scenario_text(text, "lint.yaml")
        assert scenario is None
        [error] = [p for p in problems if p.severity == "error"]
        assert (error.line, error.key) == (19, "nodes.a.when[0].moves[0]")
        assert "did you mean 'apologise'" in error.message
