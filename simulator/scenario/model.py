"""The scenario model: what a trainer writes, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scoring.models import ComplaintStep, Kind, Label, Language

Nature = Literal["true", "false", "hidden"]
Quality = Literal["good", "poor"]
"""How well a reply was carried out, as a reaction condition (see docs/scenario-format.md)."""
Outcome = Literal["won", "lost", "resolved", "escalated"]
Cause = Literal[
    # customer side (DOMAIN.md §2)
    "refuses_change",
    "low_mood",
    "no_desire",
    "needs_unmet",
    "budget_short",
    "excuse",
    "hidden",
    # seller side
    "no_goodwill",
    "exaggeration",
    "jargon",
    "wrong_facts",
    "poor_communication",
    "failed_demo",
    "superior_posture",
    # after-sale complaints
    "service_failure",
    "product_defect",
    "waiting",
    "billing",
]

CAUSES: tuple[str, ...] = Cause.__args__  # type: ignore[attr-defined]
OUTCOMES: tuple[str, ...] = Outcome.__args__  # type: ignore[attr-defined]
NATURES: tuple[str, ...] = Nature.__args__  # type: ignore[attr-defined]
SATISFACTION_FACTORS: tuple[str, ...] = (
    "efficiency",
    "method",
    "result",
    "open_requests",
    "root_cause",
)
"""The five evaluation questions of DOMAIN.md §5, as weight keys."""


@dataclass(frozen=True)
class Where:
    """A place in a scenario file, 1-based, for error messages."""

    path: str
    """The file's path as given to the loader."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Persona:
    """The simulated customer."""

    name: str
    """What the trainee calls them."""
    role: str
    """Who they are, e.g. 'young mother, first policy'."""
    temperament: str
    """How they talk and react."""
    mood: int
    """Starting mood, 0 (furious) to 100 (delighted)."""
    expectation: str
    """What it takes to satisfy them, in words."""
    expected_satisfaction: int = 3
    """The satisfaction they expect, 1-5 on the 非常不满意…非常满意 scale; the CSS denominator."""


@dataclass(frozen=True)
class Reaction:
    """What the customer does after a reply of one technique."""

    say: tuple[str, ...]
    """What the customer says next (one or several variants)."""
    mood: int = 0
    """Mood change, -100..100."""
    next: str | None = None
    """The node that follows, or None when the dialogue ends."""
    end: Outcome | None = None
    """The outcome when the dialogue ends here; exactly one of next and end is set."""


@dataclass(frozen=True)
class Response:
    """A reaction chosen by what the reply did: its moves, words, technique or quality."""

    say: tuple[str, ...]
    """What the customer says back (one or several variants)."""
    technique: tuple[Label, ...] = ()
    """The reply was classified as one of these techniques."""
    moves: tuple[str, ...] = ()
    """The reply made every one of these moves (ids of the scorer's moves)."""
    not_moves: tuple[str, ...] = ()
    """The reply made none of these moves."""
    mentions: tuple[str, ...] = ()
    """The trainee has said one of these words or figures, in this reply or an earlier one (case and width ignored)."""
    quality: Quality | None = None
    """`good`: carried out well, without arguing or face threats; `poor`: badly, or with them."""
    mood: int = 0
    """Mood change, -100..100."""
    next: str | None = None
    """The node that follows, or None when the dialogue ends."""
    end: Outcome | None = None
    """The outcome when the dialogue ends here; exactly one of next and end is set."""

    def as_reaction(self) -> Reaction:
        """The reaction part of this response, without its conditions."""
        return Reaction(say=self.say, mood=self.mood, next=self.next, end=self.end)


@dataclass(frozen=True)
class Discouragement:
    """A technique advised against at one node, with the reason."""

    technique: Label
    """The technique."""
    reason: str
    """Why it does not fit here."""


@dataclass(frozen=True)
class Node:
    """One customer turn: what they say, why, and how they react to each technique."""

    id: str
    """The node's key in `nodes`."""
    customer: tuple[str, ...]
    """The customer's line, one or several variants."""
    cause: Cause
    """Where the objection comes from (DOMAIN.md §2)."""
    nature: Nature
    """Whether it is a true, false (pretext) or hidden objection."""
    recommend: tuple[Label, ...]
    """Recommended techniques, best first."""
    discourage: tuple[Discouragement, ...]
    """Discouraged techniques, with reasons."""
    model_answers: dict[Label, tuple[str, ...]]
    """Model answers by technique; at least one per recommended technique."""
    hint: str
    """The trainer's hint, shown on request."""
    reactions: dict[str, Reaction]
    """Reaction by technique id, plus the key `default`."""
    hidden_reason: str | None = None
    """For a false or hidden objection: the real reason, said when the trainee asks."""
    when: tuple[Response, ...] = ()
    """Reactions chosen by what the reply did, tried in order before `reactions`."""
    where: Where | None = None
    """Where the node starts in its file."""
    answer_places: dict[str, Where] = field(default_factory=dict)
    """Where each model answer is in the file, keyed `technique` or `technique[i]` for a list."""

    def reaction_for(self, technique: Label) -> Reaction:
        """The reaction to a reply of this technique, falling back to `default`."""
        return self.reactions.get(technique) or self.reactions["default"]


@dataclass(frozen=True)
class Example:
    """A trainer's self-test: a reply and the technique it must be classified as."""

    reply: str
    """The reply."""
    technique: Label
    """The label it must get."""
    node: str | None = None
    """The node it answers; the start node when not given."""
    min_score: int | None = None
    """The least score it must get, if set."""
    where: Where | None = None
    """Where the example is in its file."""


@dataclass(frozen=True)
class Scenario:
    """A whole scenario: metadata, persona, the dialogue graph and self-tests."""

    id: str
    """Stable id, e.g. `insurance-no-money-zh`."""
    title: str
    """Shown in the browser."""
    language: Language
    """The language the customer speaks."""
    industry: str
    """e.g. insurance, retail, automotive, travel, appliances, software."""
    kind: Kind
    """objection (pre-sale) or complaint (after-sale)."""
    difficulty: int
    """1 (easy) to 5 (hard)."""
    tags: tuple[str, ...]
    """Free tags for search."""
    author: str
    """Who wrote it."""
    version: int
    """Bumped by the author on every change."""
    persona: Persona
    """The customer."""
    start: str
    """The id of the first node."""
    nodes: dict[str, Node]
    """The dialogue graph."""
    summary: str = ""
    """One or two sentences on the situation, shown before the session starts."""
    steps: tuple[ComplaintStep, ...] = ()
    """For complaints: the process steps the trainee is expected to cover."""
    examples: tuple[Example, ...] = ()
    """Self-tests for the scorer."""
    satisfaction_weights: dict[str, float] = field(default_factory=dict)
    """Weights K of the five evaluation factors; empty for the documented defaults."""
    pass_mark: int = 60
    """The average turn score needed to pass."""
    time_limit: int | None = None
    """Seconds per reply in timed mode; None for the default."""
    path: str = ""
    """The file it was loaded from."""
    content_hash: str = ""
    """sha256 of the file's bytes, so records can name the exact text played."""
