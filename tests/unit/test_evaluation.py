"""Tests for the satisfaction-handling evaluation rule."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from simulator.scenario.loader import load_scenario
from simulator.scenario.model import SATISFACTION_FACTORS, Scenario
from simulator.session.engine import Session
from simulator.session.evaluation import (
    DEFAULT_WEIGHTS,
    EVALUATION_RULE_VERSION,
    LEVELS,
    Evaluation,
    evaluate,
    evaluation_to_dict,
    factor_name,
    is_question,
    level_name,
    passes,
    perceived_satisfaction,
    reason,
    satisfaction_level,
    scale_label,
    shortest_turns,
    weights_for,
)

DATA = Path(__file__).parent.parent / "data" / "engine"

_spec = importlib.util.spec_from_file_location("evaluation_fake_scorer", DATA / "fake_scorer.py")
assert _spec and _spec.loader
_fake = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fake)
fake_score = _fake.fake_score

WON = ("compensate: four phones", "ask: what to think over?", "compensate: a sheet")


@pytest.fixture(scope="module")
def objection() -> Scenario:
    return load_scenario(DATA / "objection-en.yaml")


@pytest.fixture(scope="module")
def complaint() -> Scenario:
    return load_scenario(DATA / "complaint-zh.yaml")


def played(
    scenario: Scenario, *replies: str, timed: bool = False, seconds: float | None = None
) -> Evaluation:
    session = Session(scenario, "t", 0, scorer=fake_score, timed=timed)
    for reply in replies:
        session.submit(reply, seconds)
    session.stop()
    return session.evaluation()


class TestScale:
    @pytest.mark.parametrize(
        ("grade", "zh", "en"),
        [
            (1, "非常不满意", "very dissatisfied"),  # bottom of the scale
            (2, "不满意", "dissatisfied"),
            (3, "一般", "neutral"),
            (4, "满意", "satisfied"),
            (5, "非常满意", "very satisfied"),  # top of the scale
        ],
    )
    def test_scale_labels_in_both_languages(self, grade: int, zh: str, en: str) -> None:
        assert scale_label(grade, "zh") == zh
        assert scale_label(grade, "en") == en

    def test_every_level_and_factor_has_both_names(self) -> None:
        for level in LEVELS:
            assert level_name(level, "zh") and level_name(level, "en")
        for factor in SATISFACTION_FACTORS:
            assert factor_name(factor, "zh") != factor_name(factor, "en")

    @pytest.mark.parametrize(
        ("perceived", "expected", "level"),
        [
            (1.5, 3, "dissatisfied"),  # a full grade or more below
            (2.5, 3, "disappointed"),  # below, less than a grade
            (3.0, 3, "satisfied"),  # as expected
            (3.2, 3, "satisfied"),  # within the band around it
            (3.6, 3, "pleased"),  # above, less than a grade
            (4.2, 3, "delighted"),  # a grade or more above
            (4.0, 5, "dissatisfied"),  # a high rating can still fall short of a high expectation
        ],
    )
    def test_level_follows_the_gap(self, perceived: float, expected: int, level: str) -> None:
        assert satisfaction_level(perceived, expected) == level

    @pytest.mark.parametrize(
        ("mood", "average", "expected"),
        [
            (50, None, 3.0),  # before any reply: mood alone
            (0, None, 1.0),  # furious
            (100, None, 5.0),  # delighted
            (50, 100, 3.6),  # good replies lift it
            (50, 0, 2.4),  # poor replies pull it down
        ],
    )
    def test_perceived_satisfaction_mapping(
        self, mood: int, average: float | None, expected: float
    ) -> None:
        assert perceived_satisfaction(mood, average) == pytest.approx(expected)

    @pytest.mark.parametrize(
        ("line", "asks"),
        [
            ("Can you give me something to show her?", True),  # English question
            ("那你们打算怎么解决?", True),  # Chinese, ASCII question mark
            ("那你们打算怎么解决？", True),  # Chinese, full-width question mark
            ("这个真的有用吗。", True),  # 吗 before the full stop
            ("I'll think about it.", False),  # a statement
            ("收入少,没有钱买保险。", False),  # a statement in Chinese
        ],
    )
    def test_is_question(self, line: str, asks: bool) -> None:
        assert is_question(line) is asks


class TestWeights:
    def test_defaults_when_the_scenario_sets_none(self, objection: Scenario) -> None:
        assert weights_for(objection) == DEFAULT_WEIGHTS
        assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1)

    def test_the_scenarios_weights_are_used(self, complaint: Scenario) -> None:
        assert weights_for(complaint) == complaint.satisfaction_weights

    def test_weights_are_normalised(self, objection: Scenario) -> None:
        scenario = replace(objection, satisfaction_weights={"result": 2.0, "method": 2.0})
        weights = weights_for(scenario)
        assert weights["result"] == weights["method"] == pytest.approx(0.5)
        assert weights["efficiency"] == 0
        assert sum(weights.values()) == pytest.approx(1)

    def test_the_index_is_the_weighted_average(self, complaint: Scenario) -> None:
        evaluation = played(complaint, "yes_if: 您说得对", "compensate: 下午一定到")
        expected = sum(evaluation.weights[f] * evaluation.grades[f] for f in SATISFACTION_FACTORS)
        assert evaluation.index == pytest.approx(expected, abs=0.005)
        assert 1 <= evaluation.index <= 5


class TestShortestPath:
    def test_shortest_path_to_a_good_end(self, objection: Scenario) -> None:
        assert shortest_turns(objection) == 3
        assert shortest_turns(objection, "partner") == 1

    def test_complaint(self, complaint: Scenario) -> None:
        assert shortest_turns(complaint) == 2


class TestGrades:
    def test_a_clean_win_grades_five_everywhere(self, objection: Scenario) -> None:
        evaluation = played(objection, *WON)
        assert evaluation.grades == dict.fromkeys(SATISFACTION_FACTORS, 5)
        assert evaluation.rule_version == EVALUATION_RULE_VERSION

    def test_an_early_loss_grades_the_result_low(self, objection: Scenario) -> None:
        evaluation = played(objection, "rebuttal s=30 !arguing: that's not expensive")
        assert evaluation.grades["result"] == 1
        assert evaluation.grades["efficiency"] <= 3  # quick, but nothing was solved
        assert evaluation.grades["method"] == 1
        assert evaluation.grades["root_cause"] <= 3
        assert "argued" in evaluation.reasons["method"]
        assert "advises against" in evaluation.reasons["method"]

    def test_a_detour_costs_efficiency(self, objection: Scenario) -> None:
        direct = played(objection, *WON)
        detour = played(
            objection,
            "compensate: four phones",
            "yes_if: wise, and if",
            "yes_if: wise, and if",
            "ask: what to think over?",
            "compensate: a sheet",
        )
        assert detour.grades["efficiency"] == direct.grades["efficiency"] - 2
        assert "a good end in 5 replies; the shortest way takes 3" in detour.reasons["efficiency"]
        assert "the shortest way possible" in direct.reasons["efficiency"]

    def test_a_quick_loss_is_not_called_efficient(self, objection: Scenario) -> None:
        lost = played(objection, "compensate: four phones", "none: ok")
        assert lost.grades["efficiency"] <= 3
        assert "without a solution" in lost.reasons["efficiency"]
        assert "could do" not in lost.reasons["efficiency"]

    def test_only_a_good_ending_passes(self) -> None:
        assert passes(80, "won", 60) and passes(60, "resolved", 60)
        assert not passes(59, "won", 60)
        assert not passes(95, "lost", 60) and not passes(95, "escalated", 60)
        assert not passes(95, None, 60)

    def test_timeouts_cost_efficiency(self, objection: Scenario) -> None:
        slow = played(objection, *WON, timed=True, seconds=120)
        assert slow.grades["efficiency"] == 2  # 5 − one grade per late reply
        assert "after the time limit" in slow.reasons["efficiency"]

    def test_an_unsurfaced_hidden_objection_is_an_open_request_and_a_root_cause_miss(
        self, objection: Scenario
    ) -> None:
        surfaced = played(objection, *WON)
        hidden = played(objection, "compensate: four phones", "none: ok bye")
        assert hidden.grades["open_requests"] < surfaced.grades["open_requests"]
        assert hidden.grades["root_cause"] < surfaced.grades["root_cause"]
        assert "real reason" in hidden.reasons["open_requests"]
        assert "真实原因" in hidden.reasons["root_cause_zh"]

    def test_an_unanswered_question_is_an_open_request(self, objection: Scenario) -> None:
        answered = played(objection, *WON)
        ignored = played(
            objection,
            "compensate: four phones",
            "ask: what to think over?",
            "compensate !off_topic: nice weather",
        )
        assert ignored.grades["open_requests"] == answered.grades["open_requests"] - 1
        assert "1 question from the customer left unanswered" in ignored.reasons["open_requests"]

    def test_complaint_steps_drive_open_requests_and_root_cause(self, complaint: Scenario) -> None:
        full = played(
            complaint,
            "yes_if +listen_soothe +apologise +clarify: 您说得对,抱歉,请问",
            "compensate +propose +follow_up: 下午一定到,我回访",
        )
        bare = played(complaint, "yes_if: 您说得对", "compensate: 下午一定到")
        assert full.grades["open_requests"] == 5 and full.grades["root_cause"] == 5
        assert bare.grades["open_requests"] == 1  # five steps missed
        assert bare.grades["root_cause"] == 2  # no proposal (−2), no follow-up (−1)
        assert "提出方案" in bare.reasons["open_requests_zh"]

    def test_an_unfinished_session_grades_low_on_result_and_open_requests(
        self, objection: Scenario
    ) -> None:
        evaluation = played(objection, "compensate: four phones")
        assert evaluation.grades["result"] <= 2
        assert evaluation.grades["efficiency"] <= 2
        assert "stopped" in evaluation.reasons["open_requests"]

    def test_a_session_with_no_reply_can_still_be_evaluated(self, objection: Scenario) -> None:
        evaluation = played(objection)
        assert evaluation.grades["method"] == 1
        assert evaluation.perceived == perceived_satisfaction(objection.persona.mood)

    def test_every_grade_has_a_reason_in_both_languages(self, complaint: Scenario) -> None:
        evaluation = played(complaint, "rebuttal: 师傅没迟到")
        for factor in SATISFACTION_FACTORS:
            assert 1 <= evaluation.grades[factor] <= 5
            assert reason(evaluation, factor, "en")
            assert reason(evaluation, factor, "zh") == evaluation.reasons[f"{factor}_zh"]


class TestSatisfaction:
    def test_css_and_gap_measure_perceived_against_expected(self, complaint: Scenario) -> None:
        session = Session(complaint, "t", 0, scorer=fake_score)
        session.submit("yes_if: 您说得对")
        session.submit("compensate: 下午一定到")
        evaluation = session.evaluation()
        assert evaluation.perceived == session.satisfaction
        assert evaluation.expected == complaint.persona.expected_satisfaction == 4
        assert evaluation.css == pytest.approx(evaluation.perceived / 4, abs=0.005)
        assert evaluation.gap == pytest.approx(evaluation.perceived - 4, abs=0.005)
        assert evaluation.level == satisfaction_level(evaluation.perceived, 4)

    def test_the_same_transcript_gives_the_same_evaluation(self, objection: Scenario) -> None:
        session = Session(objection, "t", 3, scorer=fake_score)
        for reply in WON:
            session.submit(reply)
        assert evaluate(objection, session.turns, session.outcome) == session.evaluation()

    def test_to_dict_is_json_ready_with_level_names(self, objection: Scenario) -> None:
        import json

        data = evaluation_to_dict(played(objection, *WON))
        assert json.loads(json.dumps(data)) == data
        assert data["level_names"] == {
            "zh": level_name(data["level"], "zh"),
            "en": level_name(data["level"], "en"),
        }


class TestBadEndings:
    @pytest.mark.parametrize(
        "replies",
        [
            ("rebuttal: no it is not expensive",),  # argued at once and lost them
            ("compensate: four phones", "none: ok"),  # a calm customer who still walks away
        ],
    )
    def test_a_lost_customer_is_never_rated_as_satisfied(
        self, objection: Scenario, replies: tuple[str, ...]
    ) -> None:
        evaluation = played(objection, *replies)
        assert evaluation.perceived <= evaluation.expected - 0.5
        assert evaluation.css < 1
        assert evaluation.level in ("disappointed", "dissatisfied")


def test_a_false_objection_let_go_as_recommended_is_not_an_open_request(
    objection: Scenario,
) -> None:
    # A face-saving grumble marked false, where the trainer recommends ignore and not ask.
    node = objection.nodes[objection.start]
    grumble = replace(node, nature="false", hidden_reason="just grumbling", recommend=("ignore",))
    let_go = replace(objection, nodes={**objection.nodes, node.id: grumble})
    probed = replace(let_go, nodes={**let_go.nodes, node.id: replace(grumble, recommend=("ask",))})
    assert played(let_go, *WON).grades["root_cause"] > played(probed, *WON).grades["root_cause"]


def test_a_false_objection_answered_as_recommended_is_handled_even_where_asking_was_advised(
    objection: Scenario,
) -> None:
    # Both asking and the technique used are recommended: the trainee's choice is a right one.
    node = objection.nodes[objection.start]
    grumble = replace(
        node, nature="false", hidden_reason="just grumbling", recommend=("compensate", "ask")
    )
    either = replace(objection, nodes={**objection.nodes, node.id: grumble})
    only_ask = replace(
        either, nodes={**either.nodes, node.id: replace(grumble, recommend=("ask",))}
    )
    handled, left_open = played(either, *WON), played(only_ask, *WON)
    assert handled.grades["open_requests"] > left_open.grades["open_requests"]
    assert "never came out" not in handled.reasons["open_requests"]
    assert "never came out" in left_open.reasons["open_requests"]
