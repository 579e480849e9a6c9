"""Scores one reply against the objection it answers (placeholder until the scorer lands)."""

from __future__ import annotations

from scoring.models import TurnScore, TurnSpec


def score_turn(reply: str, turn: TurnSpec) -> TurnScore:
    """Score a reply 0-100 with its breakdown, flags and a tip."""
    raise NotImplementedError("the scorer is being built")
