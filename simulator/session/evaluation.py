"""The satisfaction-handling evaluation of a session: DOMAIN.md §5 grades and §6 measures."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from scoring.models import STEP_NAMES, ComplaintStep, Language
from scoring.registry import FLAGS
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

SCALE_LABELS: dict[int, dict[Language, str]] = {
    1: {"zh": "非常不满意", "en": "very dissatisfied"},
    2: {"zh": "不满意", "en": "dissatisfied"},
    3: {"zh": "一般", "en": "neutral"},
    4: {"zh": "满意", "en": "satisfied"},
    5: {"zh": "非常满意", "en": "very satisfied"},
}
"""The 1-5 grading scale of the weighted-average method, in both languages."""

LEVELS: tuple[str, ...] = ("dissatisfied", "disappointed", "satisfied", "pleased", "delighted")
"""Satisfaction level ids, worst first."""

LEVEL_NAMES: dict[str, dict[Language, str]] = {
    "dissatisfied": {"zh": "不满", "en": "Dissatisfied"},
    "disappointed": {"zh": "失望", "en": "Disappointed"},
    "satisfied": {"zh": "满足", "en": "Satisfied"},
    "pleased": {"zh": "愉快", "en": "Pleased"},
    "delighted": {"zh": "惊喜", "en": "Delighted"},
}
"""Display names of each satisfaction level in both languages."""

FACTOR_NAMES: dict[str, dict[Language, str]] = {
    "efficiency": {"zh": "处理效率", "en": "Efficiency"},
    "method": {"zh": "处理方法", "en": "Method"},
    "result": {"zh": "处理结果", "en": "Result"},
    "open_requests": {"zh": "其他要求", "en": "Open requests"},
    "root_cause": {"zh": "根本原因", "en": "Root cause"},
}
"""Display names of the five evaluation questions in both languages."""

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


def fail_reason(total: int, outcome: Outcome | None, pass_mark: int) -> dict[Language, str] | None:
    """Why a session did not pass, in both languages; None when it passed.

    "ended escalated" (or lost, or unfinished) comes first, as the ending alone fails a session;
    otherwise "below the pass mark", with both figures.
    """
    if passes(total, outcome, pass_mark):
        return None
    if outcome is None:
        return {"en": "unfinished", "zh": "会话未完成"}
    if outcome in BAD_ENDS:
        zh = "客户流失" if outcome == "lost" else "投诉被升级"
        below = total < pass_mark
        return {
            "en": f"ended {outcome}"
            + (f", and {total} is below the pass mark {pass_mark}" if below else ""),
            "zh": f"以“{zh}”结束" + (f"，且 {total} 分低于及格线 {pass_mark}" if below else ""),
        }
    return {
        "en": f"{total} is below the pass mark {pass_mark}",
        "zh": f"{total} 分低于及格线 {pass_mark}",
    }


@dataclass(frozen=True)
class Evaluation:
    """How the customer's satisfaction was handled: DOMAIN.md §5 grades and §6 measures."""

    grades: dict[str, int]
    """The five questions (efficiency, method, result, open_requests, root_cause), each 1-5."""
    reasons: dict[str, str]
    """Why each grade was given, in the UI language of the caller's choice (English and Chinese keys: `<factor>` and `<factor>_zh`)."""
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
    return SCALE_LABELS[max(1, min(5, grade))][lang]


def level_name(level: str, lang: Language) -> str:
    """The display name of a satisfaction level id."""
    return LEVEL_NAMES[level][lang]


def factor_name(factor: str, lang: Language) -> str:
    """The display name of one of the five evaluation questions."""
    return FACTOR_NAMES[factor][lang]


def reason(evaluation: Evaluation, factor: str, lang: Language) -> str:
    """Why a factor got its grade, in the language asked for."""
    return evaluation.reasons[factor if lang == "en" else f"{factor}_zh"]


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as plain JSON-ready data, with the level's display names."""
    data = asdict(evaluation)
    data["level_names"] = dict(LEVEL_NAMES[evaluation.level])
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


def _n(count: int, noun: str) -> str:
    """'1 reply', '2 replies'."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun if count == 1 else plural}"


def _clip(grade: int) -> int:
    return max(1, min(5, grade))


def _steps(steps: Sequence[ComplaintStep], lang: Language) -> str:
    return ("、" if lang == "zh" else ", ").join(STEP_NAMES[s][lang] for s in steps)


def _efficiency(
    scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None
) -> tuple[int, str, str]:
    shortest = shortest_turns(scenario)
    taken = len(turns)
    if outcome is None:
        remaining_from = turns[-1].next_node if turns and turns[-1].next_node else scenario.start
        projected = taken + shortest_turns(scenario, remaining_from)
    else:
        projected = taken
    extra = max(0, projected - shortest)
    grade = {0: 5, 1: 4, 2: 3, 3: 2, 4: 2}.get(extra, 1)
    timeouts = sum(1 for t in turns if t.timed_out)
    grade -= timeouts
    if outcome is None:
        grade = min(grade, 2)
        en = [f"stopped after {_n(taken, 'reply')}, with at least {projected} needed in all"]
        zh = [f"{taken} 轮后停止,全程至少需要 {projected} 轮"]
    elif outcome in BAD_ENDS:
        # A quick end without a solution is not efficient handling, however few the replies.
        grade = min(grade, 3)
        en = [f"ended without a solution after {_n(taken, 'reply')}"]
        zh = [f"{taken} 轮后结束,问题没有解决"]
    elif taken <= shortest:
        en = [f"a good end in {_n(taken, 'reply')}, the shortest way possible"]
        zh = [f"{taken} 轮达成好的结果,已是最短路径"]
    else:
        en = [f"a good end in {_n(taken, 'reply')}; the shortest way takes {shortest}"]
        zh = [f"用了 {taken} 轮达成好的结果,最短 {shortest} 轮即可"]
    if timeouts:
        en.append(f"{_n(timeouts, 'reply')} after the time limit")
        zh.append(f"{timeouts} 次超时作答")
    return _clip(grade), "; ".join(en), ";".join(zh)


def _method(scenario: Scenario, turns: Sequence[TurnResult]) -> tuple[int, str, str]:
    if not turns:
        return 1, "no reply was given", "没有作答"
    matched = sum(1 for t in turns if t.matched_recommended)
    share = matched / len(turns)
    # 80 % or more of the replies fitting earns 5, each 20 % less one grade less.
    grade = 1 + sum(1 for cut in (0.2, 0.4, 0.6, 0.8) if share >= cut)
    serious = sum(1 for t in turns if any(f.id in SERIOUS_FLAGS for f in t.score.flags))
    discouraged = 0
    for t in turns:
        node = scenario.nodes.get(t.node)
        used = t.score.classification.technique
        if node is not None and any(d.technique == used for d in node.discourage):
            discouraged += 1
    other_flags = sum(1 for t in turns for f in t.score.flags if f.id not in SERIOUS_FLAGS)
    grade -= min(2, serious) + min(2, discouraged) + (1 if other_flags >= 2 else 0)
    en = [f"{matched} of {len(turns)} replies used a recommended technique"]
    zh = [f"{len(turns)} 次回答中有 {matched} 次用了推荐的技巧"]
    if serious:
        en.append(f"{_n(serious, 'reply')} argued with the customer or cost them face")
        zh.append(f"{serious} 次与客户争辩或让客户失了面子")
    if discouraged:
        en.append(f"{_n(discouraged, 'reply')} used a technique the scenario advises against")
        zh.append(f"{discouraged} 次用了不宜使用的技巧")
    if other_flags >= 2:
        en.append(f"{other_flags} other phrasing problems")
        zh.append(f"另有 {other_flags} 处措辞问题")
    return _clip(grade), "; ".join(en), ";".join(zh)


def _result(
    scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None
) -> tuple[int, str, str]:
    mood = turns[-1].mood_after if turns else scenario.persona.mood
    if outcome in GOOD_ENDS:
        grade = 5 if mood >= 60 else 4
        en, zh = f"ended {outcome}", "成交" if outcome == "won" else "问题已解决"
    elif outcome in BAD_ENDS:
        grade = 2 if mood >= 50 else 1
        en, zh = f"ended {outcome}", "客户离开" if outcome == "lost" else "客户要求升级投诉"
    else:
        grade = 2 if mood >= 50 else 1
        en, zh = "no result: the session was not finished", "没有结果:会话未完成"
    return grade, f"{en}, final mood {mood}/100", f"{zh},最终情绪 {mood}/100"


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
        t.node
        for t in turns
        if nodes[t.node].nature == "false" and t.matched_recommended and not t.revealed
    }
    met = list(dict.fromkeys(t.node for t in turns if t.node in should and t.node not in let_go))
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
) -> tuple[int, str, str]:
    grade = 5
    en: list[str] = []
    zh: list[str] = []
    unanswered = sum(
        1
        for t in turns
        if is_question(t.customer)
        and (t.score.classification.technique == "none" or t.score.relevance < LOW_RELEVANCE)
    )
    if unanswered:
        grade -= unanswered
        en.append(f"{_n(unanswered, 'question')} from the customer left unanswered")
        zh.append(f"客户有 {unanswered} 个问题没有得到回答")
    met, surfaced = _hidden(scenario, turns)
    hidden_left = len(met) - len(surfaced)
    if hidden_left:
        grade -= 2 * hidden_left
        en.append("the real reason behind the objection never came out")
        zh.append("异议背后的真实原因没有问出来")
    missed = _missed_steps(scenario, turns)
    if missed:
        grade -= len(missed)
        en.append(f"complaint steps not covered: {_steps(missed, 'en')}")
        zh.append(f"未完成的投诉处理步骤:{_steps(missed, 'zh')}")
    if outcome is None:
        grade = min(grade - 2, OPEN_END_CAP)
        en.append("the session stopped before the customer was done")
        zh.append("会话在客户说完之前就停止了")
    elif outcome in BAD_ENDS:
        # A customer who walked away or escalated took their requests with them.
        grade = min(grade - 1, OPEN_END_CAP)
        en.append(f"the customer left with the matter open ({outcome})")
        zh.append("客户带着未解决的问题离开")
    if not en:
        en.append("nothing left open")
        zh.append("客户没有遗留的要求")
    return _clip(grade), "; ".join(en), ";".join(zh)


def _missed_steps(scenario: Scenario, turns: Sequence[TurnResult]) -> list[ComplaintStep]:
    if scenario.kind != "complaint":
        return []
    covered = turns[-1].steps_covered if turns else frozenset()
    return [s for s in scenario.steps if s not in covered]


def _root_cause(
    scenario: Scenario, turns: Sequence[TurnResult], outcome: Outcome | None
) -> tuple[int, str, str]:
    grade = 5
    en: list[str] = []
    zh: list[str] = []
    met, surfaced = _hidden(scenario, turns)
    if met and len(surfaced) == len(met):
        en.append("the real reason was asked for and came out")
        zh.append("通过询问找到了真实原因")
    elif met:
        grade -= 2 * (len(met) - len(surfaced))
        en.append("the real reason was never asked for, so it could not be put right")
        zh.append("没有问出真实原因,也就无法解决")
    if scenario.kind == "complaint":
        covered = turns[-1].steps_covered if turns else frozenset()
        if "propose" not in covered:
            grade -= 2
            en.append("no solution was proposed")
            zh.append("没有提出解决方案")
        if "follow_up" not in covered:
            grade -= 1
            en.append("no follow-up was promised")
            zh.append("没有承诺跟进")
        if "propose" in covered and "follow_up" in covered:
            en.append("a solution was proposed and followed up")
            zh.append("提出了方案并承诺跟进")
    if outcome is None:
        grade = min(grade - 2, OPEN_END_CAP)
        en.append("unfinished")
        zh.append("会话未完成")
    elif outcome in BAD_ENDS:
        grade = min(grade - 2, OPEN_END_CAP)
        en.append(f"the customer was {outcome}")
        zh.append("客户流失" if outcome == "lost" else "投诉被升级")
    elif not en:
        en.append(f"the objection was settled ({outcome})")
        zh.append("异议已经消除")
    return _clip(grade), "; ".join(en), ";".join(zh)


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
    grades = {factor: grade for factor, (grade, _, _) in parts.items()}
    reasons: dict[str, str] = {}
    for factor, (_, en, zh) in parts.items():
        reasons[factor] = en
        reasons[f"{factor}_zh"] = zh
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
    "FACTOR_NAMES",
    "LEVELS",
    "LEVEL_NAMES",
    "SCALE_LABELS",
    "Evaluation",
    "evaluate",
    "evaluation_to_dict",
    "factor_name",
    "fail_reason",
    "is_question",
    "level_name",
    "passes",
    "perceived_satisfaction",
    "reason",
    "satisfaction_level",
    "scale_label",
    "shortest_turns",
    "weights_for",
]
