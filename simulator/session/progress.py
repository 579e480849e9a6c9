"""Chooses what a trainee should practise next: a scenario for their weakest recommended technique."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scoring.models import TECHNIQUES
from simulator.scenario.model import Scenario

MIN_OPPORTUNITIES = 3
"""Fewer turns than this where a technique was recommended, and it counts as not yet practised."""


@dataclass(frozen=True)
class TechniqueSkill:
    """How a trainee does where one technique was recommended."""

    technique: str
    """The technique id."""
    opportunities: int
    """Their turns at nodes that recommended it."""
    average_score: float | None
    """The mean score of those turns, 0-100; None when there were none."""

    @property
    def practised(self) -> bool:
        """Whether there are enough turns to judge the technique by its score."""
        return self.opportunities >= MIN_OPPORTUNITIES


@dataclass(frozen=True)
class Suggestion:
    """The drill to do next, and why."""

    scenario_id: str
    """The scenario to play."""
    technique: str
    """The weakest recommended technique, which the scenario exercises."""
    skill: TechniqueSkill
    """What the choice of technique rests on."""
    nodes: int
    """How many of the scenario's nodes recommend the technique."""
    node_share: float
    """Those nodes' share of all the scenario's nodes."""


def skills(recommended: Mapping[str, Mapping[str, Any]]) -> list[TechniqueSkill]:
    """Each of the six techniques' skill, from per-technique opportunities and average scores."""
    return [
        TechniqueSkill(
            technique,
            int((recommended.get(technique) or {}).get("opportunities") or 0),
            (recommended.get(technique) or {}).get("average_score"),
        )
        for technique in TECHNIQUES
    ]


def rank_techniques(found: Iterable[TechniqueSkill]) -> list[TechniqueSkill]:
    """Techniques weakest first.

    Not yet practised ones (fewer than MIN_OPPORTUNITIES turns where they were recommended)
    come first, fewest turns first; then practised ones, lowest average score first. Ties
    keep the order of the six techniques in DOMAIN.md.
    """
    order: dict[str, int] = {technique: n for n, technique in enumerate(TECHNIQUES)}

    def key(skill: TechniqueSkill) -> tuple[int, float, int, int]:
        if not skill.practised:
            return (0, float(skill.opportunities), 0, order.get(skill.technique, len(order)))
        score = skill.average_score if skill.average_score is not None else 0.0
        return (1, score, skill.opportunities, order.get(skill.technique, len(order)))

    return sorted(found, key=key)


def nodes_recommending(scenario: Scenario, technique: str) -> int:
    """How many of the scenario's nodes recommend the technique."""
    return sum(1 for node in scenario.nodes.values() if technique in node.recommend)


def suggest_next(
    recommended: Mapping[str, Mapping[str, Any]],
    scenarios: Iterable[Scenario],
    played: Mapping[str, int],
    language: str | None,
) -> Suggestion | None:
    """The scenario that best exercises the trainee's weakest recommended technique.

    The technique is the weakest by `rank_techniques` among those some scenario recommends.
    The scenario is, among those recommending it at some node: one in `language` (the
    trainee's latest session's) if any; then the highest share of nodes recommending it;
    then the fewest sessions the trainee played of it; then the lowest difficulty; then
    its id. None when no scenario recommends any technique.
    """
    available = list(scenarios)
    for skill in rank_techniques(skills(recommended)):
        candidates = [
            (scenario, nodes_recommending(scenario, skill.technique)) for scenario in available
        ]
        candidates = [(scenario, count) for scenario, count in candidates if count]
        if not candidates:
            continue
        in_language = [pair for pair in candidates if pair[0].language == language]
        pool = in_language or candidates

        def key(pair: tuple[Scenario, int]) -> tuple[float, int, int, str]:
            scenario, count = pair
            share = count / max(1, len(scenario.nodes))
            return (-share, played.get(scenario.id, 0), scenario.difficulty, scenario.id)

        scenario, count = min(pool, key=key)
        return Suggestion(
            scenario_id=scenario.id,
            technique=skill.technique,
            skill=skill,
            nodes=count,
            node_share=round(count / max(1, len(scenario.nodes)), 3),
        )
    return None


__all__ = [
    "MIN_OPPORTUNITIES",
    "Suggestion",
    "TechniqueSkill",
    "nodes_recommending",
    "rank_techniques",
    "skills",
    "suggest_next",
]
