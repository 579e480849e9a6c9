"""One registry of the kinds the scorer reports: moves, flags and complaint steps, with their attributes."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from scoring.models import ComplaintStep, Label, Language

MoveId = Literal[
    "acknowledge",
    "empathise",
    "apologise",
    "own_fault",
    "concede_drawback",
    "offer_benefit",
    "reframe",
    "correct_fact",
    "cite_source",
    "ask_reason",
    "ask_off_topic",
    "ask_check",
    "ask_leading",
    "propose_remedy",
    "commit_followup",
    "steer_back",
    "blame_customer",
    "contradict_flat",
    "condescend",
    "promise_absolute",
    "jargon",
    "disparage_competitor",
    "self_praise",
    "pressure_close",
    "change_subject",
]
FlagId = Literal[
    "arguing",
    "face_threat",
    "exaggeration",
    "dismissive",
    "jargon",
    "empty_apology",
    "off_topic",
    "pressure",
    "disparaging",
    "gaming",
]
Effect = Literal["warm", "cold", "neutral"]
"""How a move lands with the customer: warms them, cools them, or neither."""


@cache
def coaching() -> dict[str, Any]:
    """The scorer's coaching text (scoring/data/coaching.toml), parsed once."""
    raw = resources.files("scoring.data").joinpath("coaching.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def text(section: str, key: str, lang: Language) -> str:
    """One coaching line, e.g. text("flag.arguing", "tip", "en") or text("step", "apologise", "zh")."""
    node: Any = coaching()
    for part in section.split("."):
        node = node[part]
    return str(node[key][lang])


@dataclass(frozen=True)
class MoveKind:
    """Something a reply can do, with what it means for the customer and for the score."""

    id: MoveId
    """The move's id, as labelled data and `dojo score` spell it."""
    effect: Effect
    """How the move lands with the customer."""
    credit: int
    """Execution points it earns (negative for a fault), before the flag it raises is counted."""
    flag: FlagId | None = None
    """The principle violation this move raises, if any."""
    step: ComplaintStep | None = None
    """The complaint-handling step it covers, if any."""
    technique: Label | None = None
    """The technique it carries, if it is the substance of one."""
    question: bool = False
    """Whether the move is a question."""
    also_raises: tuple[FlagId, ...] = ()
    """Further violations the move raises besides `flag`."""
    soothes: bool = False
    """Whether it soothes the customer or owns a fault or drawback: the learned flag model's
    flags are not raised on its clause ("看不懂很正常" is comfort, not a face threat)."""

    @property
    def raises(self) -> tuple[FlagId, ...]:
        """Every flag the move raises."""
        return ((self.flag,) if self.flag else ()) + self.also_raises

    def name(self, lang: Language) -> str:
        """The move's display name."""
        return text("move", self.id, lang)


@dataclass(frozen=True)
class FlagKind:
    """A principle violation, with its cost to the score and to the customer's mood."""

    id: FlagId
    """The flag's id."""
    penalty: int
    """Execution points it takes off."""
    mood_cost: int
    """Extra mood the customer loses when a reply carries it."""
    serious: bool
    """Whether it breaks the first principles (never argue, leave face): weighs on the evaluation's method grade."""
    spoils_handling: bool
    """Whether it undoes a complaint reply's handling, whatever steps it covers."""
    principle: str
    """The DOMAIN.md principle or seller-side cause it enforces."""
    learned: bool = True
    """Whether the learned flag model (scoring/flag_model.py) may raise it beside the rules."""
    cleared_by_soothing: bool = True
    """Whether the learned model's flag is dropped when its clause makes a move that soothes
    (`MoveKind.soothes`); not for a flag whose own evidence is such a move (an apology)."""

    def name(self, lang: Language) -> str:
        """The flag's display name."""
        return text(f"flag.{self.id}", "name", lang)

    def message(self, lang: Language) -> str:
        """What is wrong, in the given language."""
        return text(f"flag.{self.id}", "message", lang)

    def tip(self, lang: Language, quoted: str | None = None) -> str:
        """How to do better, in the given language; quoting the reply's own flagged words when
        they are given and the flag's tip has a place for them (`tip_quoted`)."""
        entry = coaching()["flag"][self.id].get("tip_quoted")
        if quoted and entry is not None:
            return str(entry[lang]).format(span=quoted)
        return text(f"flag.{self.id}", "tip", lang)


@dataclass(frozen=True)
class StepKind:
    """A step of complaint handling (DOMAIN.md §4)."""

    id: ComplaintStep
    """The step's id."""
    order: int
    """Its place in the usual order."""
    carries_forward: bool
    """Whether it moves the problem toward a solution (the customer reacts to it as to a technique)."""
    coached: bool
    """Whether the tip asks for it when it is missing."""

    def tip(self, lang: Language) -> str:
        """The coaching line asking for this step."""
        return text("step", self.id, lang)


MOVES: dict[MoveId, MoveKind] = {
    kind.id: kind
    for kind in (
        MoveKind("acknowledge", "warm", 1, technique="yes_if", soothes=True),
        MoveKind("empathise", "warm", 2, step="listen_soothe", soothes=True),
        MoveKind("apologise", "warm", 1, step="apologise", soothes=True),
        MoveKind("own_fault", "warm", 3, soothes=True),
        MoveKind("concede_drawback", "warm", 1, technique="compensate", soothes=True),
        MoveKind("offer_benefit", "warm", 2, technique="compensate"),
        MoveKind("reframe", "neutral", 2, technique="taichi"),
        MoveKind("correct_fact", "neutral", 1, technique="rebuttal"),
        MoveKind("cite_source", "warm", 2),
        MoveKind("ask_reason", "warm", 2, step="clarify", technique="ask", question=True),
        MoveKind("ask_off_topic", "cold", -4, flag="off_topic", question=True),
        MoveKind("ask_check", "neutral", 0, question=True),
        MoveKind("ask_leading", "cold", -4, flag="pressure", question=True),
        MoveKind("propose_remedy", "warm", 3, step="propose"),
        MoveKind("commit_followup", "warm", 2, step="follow_up"),
        MoveKind("steer_back", "neutral", 1, technique="ignore"),
        MoveKind("blame_customer", "cold", -6, flag="arguing"),
        MoveKind("contradict_flat", "cold", -4, flag="face_threat", also_raises=("arguing",)),
        MoveKind("condescend", "cold", -5, flag="face_threat"),
        MoveKind("promise_absolute", "cold", -3, flag="exaggeration"),
        MoveKind("jargon", "cold", -2),
        MoveKind("disparage_competitor", "cold", -4, flag="disparaging"),
        MoveKind("self_praise", "cold", -2),
        MoveKind("pressure_close", "cold", -4, flag="pressure"),
        MoveKind("change_subject", "cold", -4, flag="off_topic"),
    )
}
"""Every move a reply can make; the id order is the order moves are reported in."""

FLAGS: dict[FlagId, FlagKind] = {
    kind.id: kind
    for kind in (
        FlagKind("arguing", 12, 10, True, True, "§3.3 arguing is the first taboo of selling"),
        FlagKind("face_threat", 8, 6, True, True, "§3.4 leave the customer face"),
        FlagKind("exaggeration", 8, 0, False, False, "§3.5 never answer with exaggeration"),
        FlagKind("dismissive", 10, 4, False, True, "§3.6 an objection is a request for more"),
        FlagKind("jargon", 6, 0, False, False, "§2 too much jargon"),
        FlagKind(
            "empty_apology",
            8,
            0,
            False,
            False,
            "§4 handle it sincerely: act",
            cleared_by_soothing=False,
        ),
        FlagKind("off_topic", 8, 0, False, False, "§2 poor communication"),
        FlagKind("pressure", 8, 3, False, False, "§3.2 choose the moment"),
        FlagKind("disparaging", 8, 0, False, False, "§2 failed to win goodwill"),
        FlagKind(
            "gaming", 30, 0, False, True, "§6 a score a formula can win is worthless", learned=False
        ),
    )
}
"""Every flag, with its penalty and effects."""

STEPS: dict[ComplaintStep, StepKind] = {
    kind.id: kind
    for kind in (
        StepKind("listen_soothe", 0, False, True),
        StepKind("apologise", 1, False, True),
        StepKind("clarify", 2, False, False),
        StepKind("propose", 3, True, True),
        StepKind("follow_up", 4, True, True),
    )
}
"""The complaint-handling steps, in their usual order."""


@dataclass(frozen=True)
class AdviceKind:
    """A "next step" a tip may give a reply of some technique, with what shows it is already taken.

    A tip never tells the trainee to do what the reply already did: the advice is skipped when
    one of `taken_by` is among the reply's moves (in a clause about the customer's point, when
    `on_point`), or, for `concrete` advice, when the reply already gives a figure or an example."""

    id: str
    """Its key in the coaching text's [polish] section."""
    taken_by: frozenset[MoveId] = frozenset()
    """Moves that show the reply already does what the advice asks; empty when no move can
    show it (listening to the answer, the tone of an "if")."""
    on_point: bool = False
    """Whether the move must be in a clause that speaks to the customer's own words."""
    concrete: bool = False
    """Whether the advice asks for a concrete figure or example."""


CONCRETE = AdviceKind("concrete", concrete=True)
ADVICE: dict[Label, tuple[AdviceKind, ...]] = {
    "ignore": (AdviceKind("ignore", frozenset({"steer_back"})),),
    "compensate": (CONCRETE, AdviceKind("compensate", frozenset({"offer_benefit"}), on_point=True)),
    "taichi": (CONCRETE, AdviceKind("taichi", frozenset({"reframe"}), on_point=True)),
    "ask": (AdviceKind("ask"),),
    "yes_if": (CONCRETE, AdviceKind("yes_if")),
    "rebuttal": (
        CONCRETE,
        AdviceKind("rebuttal", frozenset({"cite_source"})),
        AdviceKind("rebuttal_sourced", frozenset({"acknowledge", "empathise"})),
    ),
}
"""For each technique, its next-step advice in the order a tip gives it: the first not yet
taken is the tip; when all are taken the tip praises what the reply did."""


def flag_kind(flag_id: str) -> FlagKind | None:
    """The registered kind of a flag id, or None for an id the registry does not know."""
    return FLAGS.get(flag_id)  # type: ignore[call-overload, no-any-return]
