"""Detects which complaint-handling steps a reply covers (placeholder until the scorer lands)."""

from __future__ import annotations

from scoring.models import ComplaintStep, Language


def detect_steps(reply: str, lang: Language | None = None) -> frozenset[ComplaintStep]:
    """Return the complaint steps (listen_soothe, apologise, clarify, propose, follow_up) a reply covers."""
    raise NotImplementedError("the step detector is being built")
