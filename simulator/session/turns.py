"""What a session produces turn by turn: the customer's lines, the scored turns and their notes.

Plain data shared by the engine, the evaluation and the records, so the evaluation can read
turns without importing the engine that plays them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from scoring import ComplaintStep, Label, TurnScore
from simulator.scenario.model import Outcome


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
    hint_cost: int = 0
    """Points taken off this turn for the hint (HINT_COST when hint_used, else 0)."""
    end_reason: str | None = None
    """Why this turn ended the session: `ended` (the scenario's own end) or `turn_limit`."""
    reaction_source: str = "technique"
    """Where the reaction came from: `when`, `technique`, `default` or `fallback` (true to the reply)."""

    @property
    def points(self) -> int:
        """The turn's score after the hint cost, 0-100: what the session total averages."""
        return max(0, self.score.total - self.hint_cost)


OnTurn = Callable[[TurnResult], None]


@dataclass(frozen=True)
class TurnNote:
    """What the session report says about one turn: its tip, and for the worst, a model answer."""

    index: int
    """0-based turn number."""
    points: int
    """The turn's score after the hint cost."""
    tip: str
    """The scorer's coaching tip for the reply."""
    model_technique: Label | None = None
    """For one of the worst turns: the technique of the model answer shown."""
    model_answer: str | None = None
    """For one of the worst turns: the node's best model answer (its first recommended technique's)."""


__all__ = ["CustomerLine", "OnTurn", "TurnNote", "TurnResult"]
