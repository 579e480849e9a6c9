"""Classifies a reply by technique (placeholder until the classifier lands)."""

from __future__ import annotations

from scoring.models import Classification, Context

SCORER_VERSION = "0.0.0-dev"


def classify(reply: str, context: Context | None = None) -> Classification:
    """Say which technique a reply uses."""
    raise NotImplementedError("the classifier is being built")
