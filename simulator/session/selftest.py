"""A scenario's self-tests against the scorer: examples, model answers and model-answer playthroughs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import scoring
from scoring import Label, TurnScore, TurnSpec
from simulator.i18n import Message
from simulator.scenario.model import Node, Scenario, Where
from simulator.session.engine import Session, node_turn_spec
from simulator.session.evaluation import GOOD_ENDS
from simulator.session.turns import TurnResult

Scorer = Callable[[str, TurnSpec], TurnScore]


@dataclass(frozen=True)
class Finding:
    """One self-test that failed, with where in the file it is about."""

    where: Where | None
    """The example or model answer the finding is about."""
    key: str
    """Its dotted key path, e.g. `nodes.price.model_answers.compensate`."""
    text: Message
    """What went wrong, in either language."""

    @property
    def message(self) -> str:
        """What went wrong, in English."""
        return self.text.render("en")


@dataclass(frozen=True)
class Tally:
    """How many of each kind of self-test ran and passed."""

    answers: int = 0
    answers_agreeing: int = 0
    playthroughs: int = 0
    playthroughs_ending_well: int = 0


def _answers(node: Node) -> Iterator[tuple[Label, str, str]]:
    """Each model answer of a node as (technique, key under model_answers, text)."""
    for technique, texts in node.model_answers.items():
        for i, text in enumerate(texts):
            yield technique, technique if len(texts) == 1 else f"{technique}[{i}]", text


def _key(node: Node, place: str) -> str:
    technique, _, index = place.partition("[")
    base = f"nodes.{node.id}.model_answers.{technique}"
    return f"{base}[{index}" if index else base


def _short(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def model_answer_findings(
    scenario: Scenario, scorer: Scorer | None = None
) -> tuple[list[Finding], int]:
    """Every model answer the scorer reads as another technique, and how many were checked.

    Each answer is scored against the node's first customer line, as the trainee first meets it.
    """
    scorer = scorer or scoring.score_turn
    findings: list[Finding] = []
    checked = 0
    for node in scenario.nodes.values():
        spec = node_turn_spec(scenario, node, node.customer[0])
        for technique, place, text in _answers(node):
            checked += 1
            got = scorer(text, spec).classification
            if got.technique != technique:
                misread = {"answer": _short(text), "got": got.technique, "technique": technique}
                said = Message("selftest.misread", {**misread, "confidence": got.confidence})
                findings.append(Finding(node.answer_places.get(place), _key(node, place), said))
    return findings, checked


def playthrough_techniques(scenario: Scenario) -> tuple[Label, ...]:
    """The techniques a playthrough follows: those recommended at the start node."""
    return scenario.nodes[scenario.start].recommend


def play_along(scenario: Scenario, technique: Label, scorer: Scorer | None = None) -> Session:
    """Play a scenario from the opening along one technique's model answers.

    At each node the reply is the first model answer of that technique when the node
    recommends it, else of the node's first recommended technique.
    """
    session = Session(scenario, "selftest", 0, scorer=scorer or scoring.score_turn)
    while not session.ended and session.current is not None:
        node = scenario.nodes[session.current.node]
        use = technique if technique in node.recommend else node.recommend[0]
        session.submit(node.model_answers[use][0])
    return session


def _intended(scenario: Scenario, turn: TurnResult, technique: Label) -> Label:
    node = scenario.nodes[turn.node]
    return technique if technique in node.recommend else node.recommend[0]


def playthrough_findings(
    scenario: Scenario, scorer: Scorer | None = None
) -> tuple[list[Finding], int]:
    """Every start technique whose model answers, followed from the opening, end badly."""
    scorer = scorer or scoring.score_turn
    findings: list[Finding] = []
    techniques = playthrough_techniques(scenario)
    for technique in techniques:
        session = play_along(scenario, technique, scorer)
        if session.outcome in GOOD_ENDS:
            continue
        turns = session.turns
        # Point at the first turn that went off the intended path: misread, or answered with a
        # line of its own, or the last turn when every turn went as intended.
        culprit = next(
            (
                t
                for t in turns
                if t.score.classification.technique != _intended(scenario, t, technique)
                or t.reaction_source == "fallback"
            ),
            turns[-1],
        )
        intended = _intended(scenario, culprit, technique)
        node = scenario.nodes[culprit.node]
        place = intended if len(node.model_answers[intended]) == 1 else f"{intended}[0]"
        path = ", ".join(
            f"{t.node} {_intended(scenario, t, technique)}→{t.score.classification.technique}"
            for t in turns
        )
        went = {"technique": technique, "ending": session.outcome, "path": path}
        said = Message(
            "selftest.playthrough" if session.outcome else "selftest.playthrough.unended", went
        )
        findings.append(Finding(node.answer_places.get(place), _key(node, place), said))
    return findings, len(techniques)


def self_test(scenario: Scenario, scorer: Scorer | None = None) -> tuple[list[Finding], Tally]:
    """The model-answer and playthrough self-tests of one scenario, with the figures."""
    answer_findings, answers = model_answer_findings(scenario, scorer)
    play_findings, plays = playthrough_findings(scenario, scorer)
    tally = Tally(
        answers=answers,
        answers_agreeing=answers - len(answer_findings),
        playthroughs=plays,
        playthroughs_ending_well=plays - len(play_findings),
    )
    return answer_findings + play_findings, tally


__all__ = [
    "Finding",
    "Tally",
    "model_answer_findings",
    "play_along",
    "playthrough_findings",
    "playthrough_techniques",
    "self_test",
]
