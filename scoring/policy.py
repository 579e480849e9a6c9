"""Every number the score is built from, in one frozen policy object."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """The scoring policy: the parts' maxima, the fit per rank, execution credits and relevance points."""

    fit_max: int = 40
    """Technique fit for the scenario's first recommended technique."""
    fit_step: int = 6
    """Fit lost per rank down the recommended list."""
    fit_floor_recommended: int = 28
    """The least a recommended technique earns."""
    fit_discouraged: int = 8
    """Fit of a technique the scenario advises against."""
    fit_other: int = 20
    """Fit of a technique the scenario neither recommends nor discourages."""
    fit_unspecified: int = 30
    """Fit of any technique when the scenario recommends none."""
    fit_complaint_step: int = 5
    """In a complaint, fit per handling step covered by a reply with no named technique."""
    fit_complaint_cap: int = 20
    """The most those steps earn."""
    fit_direct_answer: int = 28
    """Fit of a reply with no named technique that gives the answer asked for (a price to "how much")."""
    fit_substance_move: int = 5
    """Fit per substantive move (a concession, a benefit, a correction, a remedy…) of a reply with no
    named technique to a sales objection."""
    fit_substance_cap: int = 15
    """The most those moves earn."""
    fit_violation_share: float = 0.6
    """The share of its fit a technique keeps when it is carried out against a principle (an
    exaggeration, an argument, pressure, a face threat, a brush-off, a competitor run down)."""
    fit_confidence_floor: float = 0.75
    """A hesitant classification keeps this share of its fit, rising to all of it at full confidence."""
    fit_confidence_full: float = 0.7
    """Confidence at which the whole fit is earned."""

    execution_max: int = 35
    """Execution for a reply that does everything right."""
    execution_base: int = 22
    """Execution of a plain reply with no credit and no flag."""
    credit_figure: int = 2
    """Credit for a specific figure or fact in a clause about the customer's point."""
    credit_when: int = 1
    """Credit for a follow-up that says when."""
    credit_face_saving: int = 2
    """Credit for a correction made without a flat contradiction."""
    self_centred_penalty: int = 2
    """Taken off a reply that talks about 'we' far more than about the customer."""
    formula_penalty: int = 6
    """Taken off a reply whose only content is stock technique phrases."""
    credit_cap: int = 9
    """The most credits can add above the base."""
    craft_centre: float = 62.0
    """The predicted expert quality (0-100) at which craft adds nothing to execution."""
    craft_step: float = 3.0
    """Predicted quality points per execution point of craft."""
    craft_cap: int = 12
    """The most craft adds to (or takes from) execution."""

    relevance_max: int = 25
    """Relevance of a reply that answers exactly what was raised."""
    relevance_length: int = 5
    """Points for a reply of a sensible length."""
    relevance_length_short: int = 3
    """Points for a short reply."""
    relevance_engaged: int = 8
    """Points for making a move that deals with the objection (a technique's substance or a handling step)."""
    relevance_topic: int = 7
    """Points for speaking to the customer's point: its words, or the kind of answer asked for."""
    relevance_answers: int = 5
    """Points for closeness to the scenario's model answers."""
    relevance_ignore_floor: int = 12
    """Relevance kept by ignoring an aside where the scenario recommends ignoring it."""
    relevance_off_topic_cap: int = 6
    """The most relevance an off-topic reply keeps."""

    gaming_execution_cap: int = 5
    """The most execution a reply that games the scorer keeps."""
    gaming_relevance_cap: int = 3
    """The most relevance a reply that games the scorer keeps."""
    gaming_damping: float = 0.2
    """How much of a technique's probability survives once a reply looks like gaming."""
    substance_damping: float = 0.1
    """How much of a technique's probability survives when the move that carries it is missing."""
    max_reply_chars: int = 4000
    """Replies longer than this are cut before scoring, with a flag saying so."""
    tip_quote_max_chars: int = 60
    """The longest span of the reply a tip quotes; a longer one gets the tip without a quote."""


POLICY = Policy()
"""The policy in force."""
