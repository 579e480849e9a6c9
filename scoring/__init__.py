"""Classifies a trainee's reply by objection-handling technique and scores how well it is done."""

from __future__ import annotations

from scoring.classify import SCORER_VERSION, classify
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
from scoring.score import score_turn
from scoring.steps import detect_steps

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
]
