"""Value types of the scorer: techniques, classifications and turn scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Technique = Literal["ignore", "compensate", "taichi", "ask", "yes_if", "rebuttal"]
Label = Literal["ignore", "compensate", "taichi", "ask", "yes_if", "rebuttal", "none"]
Language = Literal["zh", "en"]
Kind = Literal["objection", "complaint"]
ComplaintStep = Literal["listen_soothe", "apologise", "clarify", "propose", "follow_up"]

TECHNIQUES: tuple[Technique, ...] = ("ignore", "compensate", "taichi", "ask", "yes_if", "rebuttal")
"""The six objection-handling techniques, in the order the source teaches them."""

LABELS: tuple[Label, ...] = (*TECHNIQUES, "none")
"""Every label a reply can get: the six techniques and `none`."""

COMPLAINT_STEPS: tuple[ComplaintStep, ...] = (
    "listen_soothe",
    "apologise",
    "clarify",
    "propose",
    "follow_up",
)
"""The conversational steps of complaint handling, in their usual order."""

TECHNIQUE_NAMES: dict[Label, dict[Language, str]] = {
    "ignore": {"zh": "忽视法", "en": "Ignore"},
    "compensate": {"zh": "补偿法", "en": "Compensate"},
    "taichi": {"zh": "太极法", "en": "Tai-chi"},
    "ask": {"zh": "询问法", "en": "Ask"},
    "yes_if": {"zh": "“是的…如果”法", "en": "Yes…if"},
    "rebuttal": {"zh": "直接反驳法", "en": "Direct rebuttal"},
    "none": {"zh": "未用技巧", "en": "No technique"},
}
"""Display names of each label in both languages."""

STEP_NAMES: dict[ComplaintStep, dict[Language, str]] = {
    "listen_soothe": {"zh": "倾听安抚", "en": "Listen and soothe"},
    "apologise": {"zh": "致歉", "en": "Apologise"},
    "clarify": {"zh": "澄清问题", "en": "Clarify"},
    "propose": {"zh": "提出方案", "en": "Propose a solution"},
    "follow_up": {"zh": "承诺跟进", "en": "Commit to follow-up"},
}
"""Display names of each complaint step in both languages."""


@dataclass(frozen=True)
class Exemplar:
    """A labelled reply the classifier may compare against."""

    text: str
    """The reply's text."""
    technique: Label
    """The label the reply is known to carry."""
    source: str = "bank"
    """Where it came from: `bank` for the bundled bank, or a scenario's id."""


@dataclass(frozen=True)
class Context:
    """What the classifier may know about the reply besides its text."""

    objection: str | None = None
    """The customer's line being answered, if known."""
    lang: Language | None = None
    """The reply's language if the caller knows it; detected otherwise."""
    exemplars: tuple[Exemplar, ...] = ()
    """Extra labelled replies for this objection, such as a scenario's model answers."""
    kind: Kind = "objection"
    """Whether the customer's line is a pre-sale objection or an after-sale complaint."""


@dataclass(frozen=True)
class Evidence:
    """A span of the reply that pushed the decision, and why."""

    start: int
    """Start offset in the reply as given (not the normalised text)."""
    end: int
    """End offset (exclusive) in the reply as given."""
    text: str
    """The reply's text between start and end."""
    technique: Label
    """The label this span speaks for."""
    signal: str
    """The name of the cue, structure or exemplar that matched, e.g. `cue:precisely-because`."""
    weight: float
    """How much this span added to its label's score."""


@dataclass(frozen=True)
class Move:
    """One thing the reply does (acknowledges, asks about the reason, blames…), with where it shows."""

    id: str
    """The move's id, one of `scoring.registry.MOVES`."""
    start: int
    """Start offset in the reply as given."""
    end: int
    """End offset (exclusive) in the reply as given."""
    text: str
    """The reply's text between start and end."""
    detail: str | None = None
    """What the move carries, when it carries something: the amount offered, the 'when' of a follow-up."""

    @property
    def span(self) -> tuple[int, int]:
        """(start, end) in the reply as given."""
        return (self.start, self.end)


@dataclass(frozen=True)
class Classification:
    """The technique a reply uses, with confidence and the evidence behind it."""

    technique: Label
    """The winning label."""
    confidence: float
    """How sure the classifier is, in [0, 1]."""
    runner_up: Label
    """The second most likely label."""
    runner_up_confidence: float
    """The runner-up's probability, in [0, 1]."""
    evidence: tuple[Evidence, ...]
    """Spans of the reply that decided it, strongest first."""
    language: Language
    """The language detected (or given)."""
    probabilities: dict[Label, float] = field(default_factory=dict)
    """Every label's probability; they sum to 1."""
    gaming: tuple[str, ...] = ()
    """Reasons the reply looked like an attempt to game the scorer (cue stuffing, gibberish, echo)."""
    moves: tuple[Move, ...] = ()
    """What the reply does, in the order the moves appear."""


@dataclass(frozen=True)
class Discouraged:
    """A technique a scenario advises against at one turn, and why."""

    technique: Label
    """The discouraged technique."""
    reason: str
    """Why it is a poor fit here, in the scenario's language."""


@dataclass(frozen=True)
class TurnSpec:
    """What score_turn needs to know about the objection being answered."""

    objection: str
    """The customer's line."""
    recommended: tuple[Label, ...] = ()
    """Techniques that fit, best first."""
    discouraged: tuple[Discouraged, ...] = ()
    """Techniques that do not fit, with reasons."""
    model_answers: tuple[Exemplar, ...] = ()
    """Model answers written by the trainer, each labelled with its technique."""
    kind: Kind = "objection"
    """Whether this is a pre-sale objection or an after-sale complaint."""
    lang: Language | None = None
    """The scenario's language; the tip follows the reply's language."""
    steps_done: frozenset[ComplaintStep] = frozenset()
    """Complaint steps already covered earlier in the session: the tip does not ask for them again."""


@dataclass(frozen=True)
class Flag:
    """A problem with how the reply was said, with the span that shows it."""

    id: str
    """One of `scoring.registry.FLAGS`: arguing, face_threat, exaggeration, dismissive, jargon,
    empty_apology, off_topic, pressure, disparaging, gaming."""
    message: str
    """What is wrong, in the reply's language."""
    penalty: int
    """Points taken off the execution part."""
    span: tuple[int, int] | None = None
    """Where in the reply it shows, if one place does."""


@dataclass(frozen=True)
class TurnScore:
    """A 0-100 score for one reply, with its breakdown, flags and a coaching tip."""

    total: int
    """technique_fit + execution + relevance, 0-100."""
    technique_fit: int
    """0-40: how well the technique used fits what this objection calls for."""
    execution: int
    """0-35: how well it is carried out against the principles (never argue, leave face, no exaggeration)."""
    relevance: int
    """0-25: how much the reply speaks to this objection."""
    classification: Classification
    """The classification the score rests on."""
    flags: tuple[Flag, ...] = ()
    """Problems found in the phrasing."""
    tip: str = ""
    """One coaching tip in the reply's language."""
    steps: frozenset[ComplaintStep] = frozenset()
    """Complaint-handling steps this reply covers."""
    moves: tuple[Move, ...] = ()
    """What the reply does, in the order the moves appear (the classification's moves)."""
