"""The satisfaction-handling evaluation of a session (rule being built)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.engine import TurnResult
    from simulator.scenario import Outcome, Scenario

EVALUATION_RULE_VERSION = "0-dev"


@dataclass(frozen=True)
class Evaluation:
    """How the customer's satisfaction was handled: DOMAIN.md §5 grades and §6 measures."""

    grades: dict[str, int]
    """The five questions (efficiency, method, result, open_requests, root_cause), each 1-5."""
    reasons: dict[str, str]
    """Why each grade was given, in the UI language of the caller's choice (English and Chinese keys: `<factor>` and `<factor>_zh`)."""
    weights: dict[str, float]
    """The weights K used (the scenario's, or the defaults); they sum to 1."""
    index: float
    """The weighted-average index Σ K·X, 1-5."""
    perceived: float
    """The simulated customer's perceived satisfaction, 1-5."""
    expected: int
    """The satisfaction the customer expected, 1-5 (the persona's)."""
    css: float
    """perceived / expected: > 1 very satisfied, = 1 satisfied, < 1 disappointed."""
    gap: float
    """perceived - expected."""
    level: str
    """A satisfaction level id: delighted, pleased, satisfied, disappointed, dissatisfied."""
    rule_version: str
    """EVALUATION_RULE_VERSION at the time it was made; records keep it and are never recomputed."""


def evaluate(scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None) -> Evaluation:
    """Grade how a session handled the customer's satisfaction."""
    raise NotImplementedError("the evaluation rule is being built")
