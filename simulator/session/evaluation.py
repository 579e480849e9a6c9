"""The satisfaction-handling evaluation of a session: DOMAIN.md §5 grades and §6 measures."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from scoring.models import STEP_NAMES, ComplaintStep, Language
from scoring.registry import FLAGS
from simulator.i18n import LANGUAGES, Message, t
from simulator.scenario.model import SATISFACTION_FACTORS

if TYPE_CHECKING:
    from simulator.scenario.model import Node, Outcome, Scenario
    from simulator.session.turns import TurnResult

EVALUATION_RULE_VERSION = "6"
"""Bumped whenever the rule could give a different result for the same session."""

DEFAULT_WEIGHTS: dict[str, float] = {
    "efficiency": 0.15,
    "method": 0.25,
    "result": 0.25,
    "open_requests": 0.15,
    "root_cause": 0.20,
}
"""The weights K used when a scenario sets no `satisfaction_weights`."""

LEVELS: tuple[str, ...] = ("dissatisfied", "disappointed", "satisfied", "pleased", "delighted")
"""Satisfaction level ids, worst first."""

SATISFIED_BAND = 0.25
"""|perceived − expected| up to this counts as meeting the expectation."""

DELIGHT_GAP = 1.0
"""perceived − expected from this up is delight; down to −DELIGHT_GAP is dissatisfaction."""

QUALITY_WEIGHT = 0.3
"""How much the average turn score counts in perceived satisfaction; mood counts the rest."""

SERIOUS_FLAGS = frozenset(kind.id for kind in FLAGS.values() if kind.serious)
"""Flags that break the first principles (never argue, leave the customer face): the registry's `serious` ones."""

LOW_RELEVANCE = 10
"""A reply with relevance below this (of 25) leaves a customer's question unanswered."""

_QUESTION = re.compile(r"(?:[?？]|[吗呢么])[\s\"'”’」』。.!！…]*$")

BAD_END_SHORTFALL = 0.5
"""At a lost or escalated ending, perceived satisfaction is at most expected minus this."""
OPEN_END_CAP = 2
"""Open requests and root cause get at most this when the customer was lost, escalated or left unfinished."""
GOOD_ENDS = ("won", "resolved")
BAD_ENDS = ("lost", "escalated")


def passes(total: int, outcome: Outcome | None, pass_mark: int) -> bool:
    """A session passes when it reached a good end (won or resolved) at or above the pass mark.

    A good average cannot pass a session in which the customer was lost or escalated: keeping
    the customer is the point of the exercise.
    """
    return outcome is not None and outcome not in BAD_ENDS and total >= pass_mark


def _ending(outcome: str) -> Message:
    return Message(f"eval.ending.{outcome}")


def fail_message(total: int, outcome: Outcome | None, pass_mark: int) -> Message | None:
    """Why a session did not pass, to be rendered in a language; None when it passed.

    "ended escalated" (or lost, or unfinished) comes first, as the ending alone fails a session;
    otherwise "below the pass mark", with both figures.
    """
    if passes(total, outcome, pass_mark):
        return None
    if outcome is None:
        return Message("eval.unfinished")
    if outcome in BAD_ENDS:
        key = "eval.fail.ended_below" if total < pass_mark else "eval.fail.ended"
        return Message(key, {"ending": _ending(outcome), "total": total, "pass_mark": pass_mark})
    return Message("eval.fail.below", {"total": total, "pass_mark": pass_mark})


def fail_reason(total: int, outcome: Outcome | None, pass_mark: int) -> dict[Language, str] | None:
    """Why a session did not pass, in both languages, as JSON output carries it; None when it passed."""
    why = fail_message(total, outcome, pass_mark)
    return None if why is None else {lang: why.render(lang) for lang in ("en", "zh")}


@dataclass(frozen=True)
class Evaluation:
    """How the customer's satisfaction was handled: DOMAIN.md §5 grades and §6 measures."""

    grades: dict[str, int]
    """The five questions (efficiency, method, result, open_requests, root_cause), each 1-5."""
    reasons: dict[str, str]
    """Why each grade was given, rendered from the catalog in English (`<factor>`) and Chinese (`<factor>_zh`)."""
    weights: dict[str, float]
    """The weights K used (the scenario's, or the defaults); they sum to 1."""
    index: float
    """The weighted-average index Σ K·X, 1-5."""
    perceived: float
    """The simulated customer's perceived satisfaction, 1-5."""
    expected: int
    """The satisfaction the customer expected, 1-5 (the persona's)."""
    css: float
    """perceived / expected: > 1 very satisfied, = 1 satisfied, < 1 disappointed."""
    gap: float
    """perceived - expected."""
    level: str
    """A satisfaction level id: delighted, pleased, satisfied, disappointed, dissatisfied."""
    rule_version: str
    """EVALUATION_RULE_VERSION at the time it was made; records keep it and are never recomputed."""


def scale_label(grade: int, lang: Language) -> str:
    """The name of a 1-5 grade: 非常不满意 … 非常满意 / very dissatisfied … very satisfied."""
    return t(f"eval.scale.{max(1, min(5, grade))}", lang)


def level_name(level: str, lang: Language) -> str:
    """The display name of a satisfaction level id (the id itself for one no rule knows)."""
    return t(f"eval.level.{level}", lang) if level in LEVELS else level


def factor_name(factor: str, lang: Language) -> str:
    """The display name of one of the five evaluation questions."""
    return t(f"eval.factor.{factor}", lang)


def reason(evaluation: Evaluation, factor: str, lang: Language) -> str:
    """Why a factor got its grade, in the language asked for."""
    return evaluation.reasons[factor if lang == "en" else f"{factor}_zh"]


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as plain JSON-ready data, with the level's display names."""
    data = asdict(evaluation)
    data["level_names"] = {lang: level_name(evaluation.level, lang) for lang in LANGUAGES}
    return data


def perceived_satisfaction(mood: int, average_score: float | None = None) -> float:
    """The customer's perceived satisfaction, 1-5, from their mood and the replies' quality.

    1 + 4 × (0.7 × mood + 0.3 × average turn score) / 100, rounded to 0.01; before the
    first reply the average score is taken to equal the mood, so it follows mood alone.
    """
    quality = mood if average_score is None else average_score
    blended = (1 - QUALITY_WEIGHT) * mood + QUALITY_WEIGHT * quality
    return round(1 + 4 * max(0.0, min(100.0, blended)) / 100, 2)


def satisfaction_level(perceived: float, expected: float) -> str:
    """The level id from the gap between perceived and expected satisfaction."""
    gap = perceived - expected
    if gap <= -DELIGHT_GAP:
        return "dissatisfied"
    if gap < -SATISFIED_BAND:
        return "disappointed"
    if gap <= SATISFIED_BAND:
        return "satisfied"
    if gap < DELIGHT_GAP:
        return "pleased"
    return "delighted"


def weights_for(scenario: Scenario) -> dict[str, float]:
    """The scenario's weights, normalised to sum to 1, or DEFAULT_WEIGHTS when it sets none."""
    given = {
        f: max(0.0, float(scenario.satisfaction_weights.get(f, 0.0))) for f in SATISFACTION_FACTORS
    }
    total = sum(given.values())
    if total <= 0:
        return dict(DEFAULT_WEIGHTS)
    return {f: round(k / total, 6) for f, k in given.items()}


def turns_to_end(scenario: Scenario, good_only: bool = True) -> dict[str, int]:
    """The fewest replies from each node to an ending (a good one, when good_only).

    Nodes from which no such ending can be reached are left out.
    """
    best: dict[str, int] = {}
    for _ in range(len(scenario.nodes) + 1):
        changed = False
        for node_id, node in scenario.nodes.items():
            options: list[int] = []
            for reaction in node.reactions.values():
                if reaction.end is not None:
                    if not good_only or reaction.end in GOOD_ENDS:
                        options.append(1)
                elif reaction.next in best:
                    options.append(1 + best[reaction.next])
            if options and min(options) < best.get(node_id, 1 << 30):
                best[node_id] = min(options)
                changed = True
        if not changed:
            break
    return best


def shortest_turns(scenario: Scenario, node_id: str | None = None) -> int:
    """The fewest replies from a node (the start by default) to a good end, else to any end."""
    node_id = node_id or scenario.start
    good = turns_to_end(scenario, good_only=True)
    if node_id in good:
        return good[node_id]
    return turns_to_end(scenario, good_only=False).get(node_id, 1)


def is_question(line: str) -> bool:
    """Whether a customer's line asks something (ends in a question mark or 吗/呢)."""
    return bool(_QUESTION.search(line.strip()))


def _clip(grade: int) -> int:
    return max(1, min(5, grade))


@dataclass(frozen=True)
class StepNames:
    """Complaint steps named in the language of the text they are put into."""

    steps: tuple[ComplaintStep, ...]

    def render(self, lang: Language) -> str:
        """The steps' names, as a list."""
        return t("feedback.list_separator", lang).join(STEP_NAMES[s][lang] for s in self.steps)


Grade = tuple[int, list[Message]]
"""A factor's grade, 1-5, and the reasons for it."""


def _efficiency(scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None) -> Grade:
    shortest = shortest_turns(scenario)
    taken = len(turns)
    if outcome is None:
        remaining_from = turns[-1].next_node if turns and turns[-1].next_node else scenario.start
        projected = taken + shortest_turns(scenario, remaining_from)
    else:
        projected = taken
    extra = max(0, projected - shortest)
    grade = {0: 5, 1: 4, 2: 3, 3: 2, 4: 2}.get(extra, 1)
    timeouts = sum(1 for turn in turns if turn.timed_out)
    grade -= timeouts
    if outcome is None:
        grade = min(grade, 2)
        why = [Message("eval.efficiency.stopped", {"count": taken, "needed": projected})]
    elif outcome in BAD_ENDS:
        # A quick end without a solution is not efficient handling, however few the replies.
        grade = min(grade, 3)
        why = [Message("eval.efficiency.bad_end", {"count": taken})]
    elif taken <= shortest:
        why = [Message("eval.efficiency.shortest", {"count": taken})]
    else:
        why = [Message("eval.efficiency.detour", {"count": taken, "shortest": shortest})]
    if timeouts:
        why.append(Message("eval.efficiency.late", {"count": timeouts}))
    return _clip(grade), why


def _method(scenario: Scenario, turns: Sequence[TurnResult]) -> Grade:
    if not turns:
        return 1, [Message("eval.method.no_reply")]
    matched = sum(1 for turn in turns if turn.matched_recommended)
    share = matched / len(turns)
    # 80 % or more of the replies fitting earns 5, each 20 % less one grade less.
    grade = 1 + sum(1 for cut in (0.2, 0.4, 0.6, 0.8) if share >= cut)
    serious = sum(1 for turn in turns if any(f.id in SERIOUS_FLAGS for f in turn.score.flags))
    discouraged = 0
    for turn in turns:
        node = scenario.nodes.get(turn.node)
        used = turn.score.classification.technique
        if node is not None and any(d.technique == used for d in node.discourage):
            discouraged += 1
    other_flags = sum(1 for turn in turns for f in turn.score.flags if f.id not in SERIOUS_FLAGS)
    grade -= min(2, serious) + min(2, discouraged) + (1 if other_flags >= 2 else 0)
    why = [Message("eval.method.matched", {"matched": matched, "replies": len(turns)})]
    if serious:
        why.append(Message("eval.method.serious", {"count": serious}))
    if discouraged:
        why.append(Message("eval.method.discouraged", {"count": discouraged}))
    if other_flags >= 2:
        why.append(Message("eval.method.other_flags", {"flags": other_flags}))
    return _clip(grade), why


def _result(scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None) -> Grade:
    mood = turns[-1].mood_after if turns else scenario.persona.mood
    if outcome in GOOD_ENDS:
        grade = 5 if mood >= 60 else 4
    else:
        grade = 2 if mood >= 50 else 1
    return grade, [Message(f"eval.result.{outcome or 'unfinished'}", {"mood": mood})]


def _hidden(scenario: Scenario, turns: Sequence[TurnResult]) -> tuple[list[str], list[str]]:
    """Nodes whose real reason should be surfaced that were met, and those of them surfaced.

    A hidden objection always should. A false one only where the trainer recommends asking, and
    not when the trainee answered it with another recommended technique: a joke or face-saving
    grumble let go (ignore) as the trainer advised is handled, not left open.
    """
    nodes = scenario.nodes
    should = {
        n
        for n, node in nodes.items()
        if node.hidden_reason and (node.nature == "hidden" or "ask" in node.recommend)
    }
    let_go = {
        turn.node
        for turn in turns
        if nodes[turn.node].nature == "false" and turn.matched_recommended and not turn.revealed
    }
    met = list(
        dict.fromkeys(
            turn.node for turn in turns if turn.node in should and turn.node not in let_go
        )
    )
    surfaced = [n for n in met if _came_out(nodes[n], nodes, turns)]
    return met, surfaced


def _came_out(node: Node, nodes: dict[str, Node], turns: Sequence[TurnResult]) -> bool:
    """Whether a hidden or false objection's real reason came out in the session.

    Either the trainee asked for it at the node, or later asked at another node that stands for
    the same reason: one whose `ask` reaction leads to the same node, where the reason is dealt
    with ("no time" and then "not a gym person" both hiding the same embarrassment).
    """
    target = _ask_target(node)
    seen = False
    for turn in turns:
        if turn.node == node.id:
            seen = True
            if turn.revealed:
                return True
        elif (
            seen
            and turn.revealed
            and target is not None
            and _ask_target(nodes[turn.node]) == target
        ):
            return True
    return False


def _ask_target(node: Node) -> str | None:
    """The node a node's `ask` reaction leads to, if it has one that goes on."""
    ask = node.reactions.get("ask")
    return ask.next if ask is not None else None


def _open_requests(
    scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None
) -> Grade:
    grade = 5
    why: list[Message] = []
    unanswered = sum(
        1
        for turn in turns
        if is_question(turn.customer)
        and (turn.score.classification.technique == "none" or turn.score.relevance < LOW_RELEVANCE)
    )
    if unanswered:
        grade -= unanswered
        why.append(Message("eval.open.unanswered", {"count": unanswered}))
    met, surfaced = _hidden(scenario, turns)
    hidden_left = len(met) - len(surfaced)
    if hidden_left:
        grade -= 2 * hidden_left
        why.append(Message("eval.open.hidden"))
    missed = _missed_steps(scenario, turns)
    if missed:
        grade -= len(missed)
        why.append(Message("eval.open.missed_steps", {"steps": StepNames(tuple(missed))}))
    if outcome is None:
        grade = min(grade - 2, OPEN_END_CAP)
        why.append(Message("eval.open.stopped"))
    elif outcome in BAD_ENDS:
        # A customer who walked away or escalated took their requests with them.
        grade = min(grade - 1, OPEN_END_CAP)
        why.append(Message("eval.open.bad_end", {"ending": _ending(outcome)}))
    if not why:
        why.append(Message("eval.open.none"))
    return _clip(grade), why


def _missed_steps(scenario: Scenario, turns: Sequence[TurnResult]) -> list[ComplaintStep]:
    if scenario.kind != "complaint":
        return []
    covered = turns[-1].steps_covered if turns else frozenset()
    return [s for s in scenario.steps if s not in covered]


def _root_cause(scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None) -> Grade:
    grade = 5
    why: list[Message] = []
    met, surfaced = _hidden(scenario, turns)
    if met and len(surfaced) == len(met):
        why.append(Message("eval.root.surfaced"))
    elif met:
        grade -= 2 * (len(met) - len(surfaced))
        why.append(Message("eval.root.not_surfaced"))
    if scenario.kind == "complaint":
        covered = turns[-1].steps_covered if turns else frozenset()
        if "propose" not in covered:
            grade -= 2
            why.append(Message("eval.root.no_solution"))
        if "follow_up" not in covered:
            grade -= 1
            why.append(Message("eval.root.no_follow_up"))
        if "propose" in covered and "follow_up" in covered:
            why.append(Message("eval.root.solved"))
    if outcome is None:
        grade = min(grade - 2, OPEN_END_CAP)
        why.append(Message("eval.unfinished"))
    elif outcome in BAD_ENDS:
        grade = min(grade - 2, OPEN_END_CAP)
        why.append(Message("eval.root.bad_end", {"ending": _ending(outcome)}))
    elif not why:
        why.append(Message("eval.root.settled", {"outcome": Message(f"outcome.{outcome}")}))
    return _clip(grade), why


def render_reasons(why: Sequence[Message], lang: Language) -> str:
    """A factor's reasons as one text in lang, as records keep them."""
    return t("eval.reason_separator", lang).join(message.render(lang) for message in why)


def evaluate(
    scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None
) -> Evaluation:
    """Grade how a session handled the customer's satisfaction; the rule is in docs/evaluation.md."""
    parts = {
        "efficiency": _efficiency(scenario, turns, outcome),
        "method": _method(scenario, turns),
        "result": _result(scenario, turns, outcome),
        "open_requests": _open_requests(scenario, turns, outcome),
        "root_cause": _root_cause(scenario, turns, outcome),
    }
    grades = {factor: grade for factor, (grade, _) in parts.items()}
    reasons: dict[str, str] = {}
    for factor, (_, why) in parts.items():
        reasons[factor] = render_reasons(why, "en")
        reasons[f"{factor}_zh"] = render_reasons(why, "zh")
    weights = weights_for(scenario)
    index = round(sum(weights[f] * grades[f] for f in SATISFACTION_FACTORS), 2)
    perceived = (
        turns[-1].satisfaction_after if turns else perceived_satisfaction(scenario.persona.mood)
    )
    expected = scenario.persona.expected_satisfaction
    if outcome in BAD_ENDS:
        # A customer who walks away or escalates has, by definition, not had their expectation met.
        perceived = max(1.0, min(perceived, expected - BAD_END_SHORTFALL))
    return Evaluation(
        grades=grades,
        reasons=reasons,
        weights=weights,
        index=index,
        perceived=round(perceived, 2),
        expected=expected,
        css=round(perceived / expected, 2),
        gap=round(perceived - expected, 2),
        level=satisfaction_level(perceived, expected),
        rule_version=EVALUATION_RULE_VERSION,
    )


__all__ = [
    "DEFAULT_WEIGHTS",
    "EVALUATION_RULE_VERSION",
    "LEVELS",
    "Evaluation",
    "evaluate",
    "evaluation_to_dict",
    "factor_name",
    "fail_message",
    "fail_reason",
    "is_question",
    "level_name",
    "passes",
    "perceived_satisfaction",
    "reason",
    "render_reasons",
    "satisfaction_level",
    "scale_label",
    "shortest_turns",
    "weights_for",
]
