"""Classifies a trainee's reply by objection-handling technique and scores how well it is done."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from scoring.models import (
    COMPLAINT_STEPS,
    LABELS,
    STEP_NAMES,
    TECHNIQUE_NAMES,
    TECHNIQUES,
    Classification,
    ComplaintStep,
    Context,
    Discouraged,
    Evidence,
    Exemplar,
    Flag,
    Label,
    Language,
    Move,
    Technique,
    TurnScore,
    TurnSpec,
)
from scoring.policy import POLICY, Policy
from scoring.registry import FLAGS, MOVES, STEPS, FlagKind, MoveKind, StepKind

if TYPE_CHECKING:
    from scoring.classify import SCORER_VERSION, classify
    from scoring.score import score_turn
    from scoring.steps import detect_steps

LOADED_ON_FIRST_USE: dict[str, str] = {
    "SCORER_VERSION": "scoring.classify",
    "classify": "scoring.classify",
    "score_turn": "scoring.score",
    "detect_steps": "scoring.steps",
}
"""The names whose modules compile the classifier's patterns and hash its data, by module.

They are imported when first used, so that `import scoring` for the models and the
registries stays cheap (the app's first screen needs those, not the classifier).
"""


def __getattr__(name: str) -> Any:
    """Import a classifier name from its module on first use (PEP 562)."""
    module = LOADED_ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


class _ScoringPackage(ModuleType):
    """The scoring package, whose `classify` stays the function once its module is imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing the submodule scoring.classify binds it on the package under the name
        # the package gives its classify function; the function keeps the name.
        if name in LOADED_ON_FIRST_USE and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _ScoringPackage


def warm_up() -> None:
    """Load the classifier now: its patterns, weights, exemplar bank and word lists.

    Scoring a short reply in each language is what loads them, so the first reply a
    trainee writes is scored without the wait. Nothing is kept but those caches.
    """
    from scoring.score import score_turn

    score_turn("我理解您的顾虑，如果价格合适，您愿意试一下吗？", TurnSpec("价格太贵了。"))
    score_turn("I understand. If the price works for you, shall we try it?", TurnSpec("Too dear."))


__all__ = [
    "COMPLAINT_STEPS",
    "FLAGS",
    "LABELS",
    "MOVES",
    "POLICY",
    "SCORER_VERSION",
    "STEPS",
    "STEP_NAMES",
    "TECHNIQUES",
    "TECHNIQUE_NAMES",
    "Classification",
    "ComplaintStep",
    "Context",
    "Discouraged",
    "Evidence",
    "Exemplar",
    "Flag",
    "FlagKind",
    "Label",
    "Language",
    "Move",
    "MoveKind",
    "Policy",
    "StepKind",
    "Technique",
    "TurnScore",
    "TurnSpec",
    "classify",
    "detect_steps",
    "score_turn",
    "warm_up",
]
