"""Tests for the practise-next rule: the weakest recommended technique and the scenario for it."""

from __future__ import annotations

import pytest

from simulator.scenario.model import Node, Persona, Reaction, Scenario
from simulator.session.progress import (
    MIN_OPPORTUNITIES,
    TechniqueSkill,
    rank_techniques,
    skills,
    suggest_next,
)


def scenario(
    scenario_id: str, *recommends: tuple[str, ...], language: str = "en", difficulty: int = 2
) -> Scenario:
    """A scenario with one node per tuple of recommended techniques."""
    nodes = {
        f"n{i}": Node(
            id=f"n{i}",
            customer=("It costs too much.",),
            cause="budget_short",
            nature="true",
            recommend=recommend,  # type: ignore[arg-type]
            discourage=(),
            model_answers={},
            hint="",
            reactions={"default": Reaction(say=("Hm.",), end="won")},
        )
        for i, recommend in enumerate(recommends)
    }
    return Scenario(
        id=scenario_id,
        title=scenario_id,
        language=language,  # type: ignore[arg-type]
        industry="retail",
        kind="objection",
        difficulty=difficulty,
        tags=(),
        author="tests",
        version=1,
        persona=Persona("Ms Li", "buyer", "calm", 40, "a fair price"),
        start="n0",
        nodes=nodes,
    )


def practised(**scores: float) -> dict[str, dict[str, float | int]]:
    """Per-technique stats with enough opportunities to count as practised."""
    return {t: {"opportunities": 10, "average_score": s} for t, s in scores.items()}


ALL_SIX = practised(ignore=80, compensate=70, taichi=75, ask=90, yes_if=85, rebuttal=60)


@pytest.mark.parametrize(
    ("recommended", "weakest"),
    [
        (ALL_SIX, "rebuttal"),  # lowest average where recommended
        ({**ALL_SIX, "ask": {"opportunities": 2, "average_score": 99}}, "ask"),  # too few turns
        ({}, "ignore"),  # nothing practised: the first of the six
        (
            {**ALL_SIX, "taichi": {"opportunities": 0}, "ask": {"opportunities": 1}},
            "taichi",
        ),  # unpractised, fewest turns first
        ({**ALL_SIX, "yes_if": {"opportunities": 30, "average_score": 60}}, "rebuttal"),
        # a tie on score goes to the one with fewer turns
    ],
)
def test_rank_puts_the_weakest_technique_first(
    recommended: dict[str, dict[str, float | int]], weakest: str
) -> None:
    assert rank_techniques(skills(recommended))[0].technique == weakest


def test_a_technique_needs_enough_turns_to_be_judged_by_its_score() -> None:
    assert not TechniqueSkill("ask", MIN_OPPORTUNITIES - 1, 10.0).practised
    assert TechniqueSkill("ask", MIN_OPPORTUNITIES, 10.0).practised


@pytest.mark.parametrize(
    ("library", "played", "language", "expected"),
    [
        (
            [scenario("a", ("rebuttal",), ("ask",)), scenario("b", ("rebuttal",), ("rebuttal",))],
            {},
            "en",
            "b",
        ),  # the higher share of nodes recommending the technique
        (
            [scenario("a", ("rebuttal",)), scenario("b", ("rebuttal",), language="zh")],
            {},
            "zh",
            "b",
        ),  # the trainee's language first
        (
            [scenario("a", ("rebuttal",)), scenario("b", ("rebuttal",), language="zh")],
            {},
            "fr",
            "a",
        ),  # no scenario in that language: any, by id
        (
            [scenario("a", ("rebuttal",)), scenario("b", ("rebuttal",))],
            {"a": 3, "b": 1},
            "en",
            "b",
        ),  # the one played less
        (
            [scenario("a", ("rebuttal",), difficulty=4), scenario("b", ("rebuttal",))],
            {},
            "en",
            "b",
        ),  # the easier one
        (
            [scenario("a", ("ask",)), scenario("b", ("compensate",))],
            {},
            "en",
            "b",
        ),  # no scenario for rebuttal: the next weakest technique that one recommends
    ],
)
def test_the_scenario_chosen_for_the_weakest_technique(
    library: list[Scenario], played: dict[str, int], language: str, expected: str
) -> None:
    suggestion = suggest_next(ALL_SIX, library, played, language)
    assert suggestion is not None and suggestion.scenario_id == expected


def test_the_suggestion_says_why() -> None:
    suggestion = suggest_next(
        ALL_SIX,
        [scenario("a", ("rebuttal", "ask"), ("ask",), ("yes_if",), ("rebuttal",))],
        {},
        "en",
    )
    assert suggestion is not None
    assert suggestion.technique == "rebuttal"
    assert (suggestion.nodes, suggestion.node_share) == (2, 0.5)
    assert suggestion.skill == TechniqueSkill("rebuttal", 10, 60)


def test_nothing_to_suggest_without_scenarios() -> None:
    assert suggest_next(ALL_SIX, [], {}, "en") is None
