"""The session engine: plays a scenario turn by turn (being built). Pure: no Textual, no files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from scoring import ComplaintStep, Label, TurnScore
from simulator.evaluation import Evaluation
from simulator.scenario import Outcome, Scenario


@dataclass(frozen=True)
class CustomerLine:
    """What the customer says at a node."""

    node: str
    """The node id."""
    text: str
    """The line (the variant chosen by the session's seed)."""
    mood: int
    """The customer's mood as they say it, 0-100."""


@dataclass(frozen=True)
class TurnResult:
    """Everything about one scored turn: handed to on_turn the moment it is scored."""

    session_id: str
    index: int
    """0-based turn number."""
    node: str
    """The node answered."""
    customer: str
    """The customer's line that was answered."""
    reply: str
    """The trainee's reply, as typed."""
    score: TurnScore
    """The scorer's verdict (classification inside)."""
    recommended: tuple[Label, ...]
    """What the node recommended, best first."""
    matched_recommended: bool
    """Whether the detected technique is among the recommended."""
    hint_used: bool
    """Whether the trainee asked for the hint before this reply."""
    response_seconds: float | None
    """How long the reply took, if known."""
    timed_out: bool
    """Timed mode: the reply came after the limit."""
    reaction: str
    """What the customer says back."""
    revealed: str | None
    """For a hidden objection surfaced by asking: the real reason."""
    mood_before: int
    mood_after: int
    satisfaction_before: float
    """Perceived satisfaction before this turn, 1-5."""
    satisfaction_after: float
    """Perceived satisfaction after this turn, 1-5."""
    next_node: str | None
    """The node that follows, or None at the end."""
    outcome: Outcome | None
    """Set when this turn ended the session."""
    steps_covered: frozenset[ComplaintStep]
    """Complaint steps covered so far in the session (cumulative)."""
    scored_at: datetime
    """When it was scored (UTC)."""


OnTurn = Callable[[TurnResult], None]
