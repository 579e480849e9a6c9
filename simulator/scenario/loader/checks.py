"""The checks a schema cannot express: the dialogue graph, cross references, answers, weights."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from scoring.models import COMPLAINT_STEPS
from simulator.i18n import Message
from simulator.scenario.figures import numbers
from simulator.scenario.loader.problems import Key, hint, one_of
from simulator.scenario.loader.tree import Tree, yaml_word
from simulator.scenario.model import OUTCOMES, SATISFACTION_FACTORS


def _affected(bad: set[Key], key: Key) -> bool:
    """Whether a schema problem lies at or under a key path (bad holds every prefix)."""
    return key in bad


def semantic_problems(tree: Tree, data: dict[str, Any], bad: set[Key]) -> None:
    """Checks the schema cannot express: the graph, cross references, answers, weights."""
    nodes = data.get("nodes")
    nodes = nodes if isinstance(nodes, dict) else {}
    node_ids = [n for n in nodes if isinstance(nodes[n], dict)]
    start = data.get("start")
    if isinstance(start, str) and node_ids and start not in nodes:
        tree.problem(("start",), _not_a_node("start", start, node_ids))

    edges: dict[str, set[str]] = {n: set() for n in node_ids}
    ends: set[str] = set()
    for node_id in node_ids:
        tree.tick()
        node = nodes[node_id]
        base: Key = ("nodes", node_id)
        _check_node(tree, base, node, bad)
        reactions = node.get("reactions")
        if not isinstance(reactions, dict):
            continue
        responses = node.get("when")
        outcomes = [((*base, "reactions", name), r) for name, r in reactions.items()]
        if isinstance(responses, list):
            outcomes += [((*base, "when", i), r) for i, r in enumerate(responses)]
            _check_responses(tree, base, responses, bad)
        for here, reaction in outcomes:
            if not isinstance(reaction, dict):
                continue
            has_next = reaction.get("next") is not None
            has_end = reaction.get("end") is not None
            if has_next and has_end:
                tree.problem(here, Message("loader.reaction.both"))
            elif not has_next and not has_end and not _affected(bad, here):
                ends_in = one_of(OUTCOMES)
                tree.problem(here, Message("loader.reaction.neither", {"outcomes": ends_in}))
            target = reaction.get("next")
            if isinstance(target, str) and not _affected(bad, (*here, "next")):
                if target in edges:
                    edges[node_id].add(target)
                elif target in nodes:
                    # The target's body is not a mapping (a half-saved file); that is
                    # reported at the node itself.
                    pass
                else:
                    tree.problem((*here, "next"), _not_a_node("next", target, node_ids))
            if has_end:
                ends.add(node_id)

    if isinstance(start, str) and start in edges:
        reachable = _reach(start, edges)
        for node_id in node_ids:
            if node_id not in reachable:
                lost = Message("loader.node.unreachable", {"node": node_id, "start": start})
                tree.problem(("nodes", node_id), lost, at_key=True)
        reverse: dict[str, set[str]] = {n: set() for n in node_ids}
        for source, targets in edges.items():
            for target in targets:
                reverse[target].add(source)
        can_end: set[str] = set()
        for end_node in ends:
            can_end |= _reach(end_node, reverse)
        for node_id in node_ids:
            if (
                node_id in reachable
                and node_id not in can_end
                and not _affected(bad, ("nodes", node_id))
            ):
                endless = Message(
                    "loader.node.no_end", {"node": node_id, "outcomes": one_of(OUTCOMES)}
                )
                tree.problem(("nodes", node_id), endless, at_key=True)

    _check_examples(tree, data, node_ids)
    _check_weights(tree, data)
    if isinstance(start, str) and start in edges:
        _check_figures(tree, data, nodes, start)
    kind = data.get("kind")
    if kind == "complaint" and not data.get("steps"):
        steps = Message("loader.complaint_steps", {"steps": one_of(COMPLAINT_STEPS)})
        tree.problem(("kind",), steps, severity="warning")


def _not_a_node(key: str, value: str, node_ids: list[str]) -> Message:
    """'next 'x' is not a node — did you mean 'y'?', or the node ids when none is close."""
    close = hint(value, node_ids)
    if close:
        return Message("loader.node.unknown", {"field": key, "value": value, "hint": close})
    values = {"field": key, "value": value, "choices": one_of(node_ids)}
    return Message("loader.node.unknown_choices", values)


def _check_node(tree: Tree, base: Key, node: dict[str, Any], bad: set[Key]) -> None:
    """Cross-field checks within one node."""
    nature = yaml_word(node.get("nature"))
    if nature in ("false", "hidden") and not node.get("hidden_reason"):
        tree.problem((*base, "nature"), Message("loader.nature.hidden_reason", {"nature": nature}))
    if (
        nature in ("false", "hidden")
        and isinstance(node.get("reactions"), dict)
        and "ask" not in node["reactions"]
    ):
        ask = Message("loader.nature.ask", {"nature": nature})
        tree.problem((*base, "reactions"), ask, severity="warning")
    recommend = node.get("recommend")
    answers = node.get("model_answers")
    if (
        isinstance(recommend, list)
        and isinstance(answers, dict)
        and not _affected(bad, (*base, "recommend"))
    ):
        for i, technique in enumerate(recommend):
            if technique not in answers:
                answerless = Message("loader.recommend.no_answer", {"technique": technique})
                tree.problem((*base, "recommend", i), answerless)
    discourage = node.get("discourage")
    if isinstance(recommend, list) and isinstance(discourage, list):
        for i, item in enumerate(discourage):
            if isinstance(item, dict) and item.get("technique") in recommend:
                both = Message("loader.recommend.discouraged", {"technique": item["technique"]})
                tree.problem((*base, "discourage", i, "technique"), both)


CONDITIONS = ("technique", "moves", "not_moves", "mentions", "quality")
"""The keys of a `when` response that say when it applies."""


def _check_responses(tree: Tree, base: Key, responses: list[Any], bad: set[Key]) -> None:
    """Each `when` response names at least one condition."""
    for i, response in enumerate(responses):
        here: Key = (*base, "when", i)
        if isinstance(response, dict) and not _affected(bad, here):
            if not any(key in response for key in CONDITIONS):
                conditions = one_of(CONDITIONS)
                unconditional = Message("loader.when.no_condition", {"conditions": conditions})
                tree.problem(here, unconditional, at_key=True)


def _check_figures(tree: Tree, data: dict[str, Any], nodes: dict[str, Any], start: str) -> None:
    """Warn about a figure in a reaction that no earlier line, condition or next line mentions.

    Such a line answers an offer the reply may never have made ("八十多？" after a reply that named
    no price). Reactions to `ask` are left alone: answering, the customer gives facts of their own.
    """
    found = _FigureReader()
    said: dict[str, set[str]] = {
        node_id: found(_variants_of(node.get("customer")))
        for node_id, node in nodes.items()
        if isinstance(node, dict)
    }
    # The figures the customer may have said before each node: in the summary, and in every
    # line and reaction on some path from the start (the fixed point of "figures of the nodes
    # that lead here").
    summary = found([str(data.get("summary") or "")])
    earlier: dict[str, set[str]] = {node_id: set() for node_id in said}
    changed = True
    while changed:
        changed = False
        for node_id, node in nodes.items():
            if not isinstance(node, dict):
                continue
            before = earlier[node_id] | said[node_id] | summary
            for _, reaction in _node_reactions(node):
                target = reaction.get("next")
                if isinstance(target, str) and target in earlier:
                    grown = before | found(_variants_of(reaction.get("say")))
                    if not grown <= earlier[target]:
                        earlier[target] |= grown
                        changed = True
    for node_id, node in nodes.items():
        if not isinstance(node, dict) or node_id not in earlier:
            continue
        heard = summary | earlier[node_id] | said[node_id]
        for key, reaction in _node_reactions(node):
            if key[0] == "reactions" and key[1] == "ask":
                continue
            technique = reaction.get("technique")
            if key[0] == "when" and technique in ("ask", ["ask"]):
                continue
            target = reaction.get("next")
            allowed = found(_variants_of(reaction.get("mentions")))
            if isinstance(target, str):
                allowed |= said.get(target, set())
            say = reaction.get("say")
            for i, line in enumerate(_variants_of(say)):
                unsaid = found([line]) - heard - allowed
                if unsaid:
                    where: Key = ("nodes", node_id, *key, "say")
                    if isinstance(say, list):
                        where = (*where, i)
                    ordered = sorted(unsaid, key=lambda f: (len(f), f))
                    figures = one_of(ordered)
                    unheard = Message("loader.figure.unsaid", {"figures": figures})
                    tree.problem(where, unheard, severity="warning")


class _FigureReader:
    """The figures a set of texts mentions, reading each distinct text of a file once."""

    def __init__(self) -> None:
        self._figures: dict[str, set[str]] = {}

    def __call__(self, texts: Iterable[str]) -> set[str]:
        """Every figure any of the texts mentions."""
        result: set[str] = set()
        for text in texts:
            figures = self._figures.get(text)
            if figures is None:
                figures = self._figures[text] = numbers(text)
            result |= figures
        return result


def _node_reactions(node: dict[str, Any]) -> Iterator[tuple[Key, dict[str, Any]]]:
    """A node's reactions and `when` responses, each with its key under the node."""
    reactions = node.get("reactions")
    if isinstance(reactions, dict):
        for name, reaction in reactions.items():
            if isinstance(reaction, dict):
                yield ("reactions", name), reaction
    responses = node.get("when")
    if isinstance(responses, list):
        for i, response in enumerate(responses):
            if isinstance(response, dict):
                yield ("when", i), response


def _variants_of(value: Any) -> list[str]:
    """A text-or-list value as a list of texts, ignoring anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _check_examples(tree: Tree, data: dict[str, Any], node_ids: list[str]) -> None:
    """Each example's node must exist."""
    examples = data.get("examples")
    if not isinstance(examples, list):
        return
    for i, example in enumerate(examples):
        if not isinstance(example, dict):
            continue
        node = example.get("node")
        if isinstance(node, str) and node_ids and node not in node_ids:
            tree.problem(("examples", i, "node"), _not_a_node("node", node, node_ids))


def _check_weights(tree: Tree, data: dict[str, Any]) -> None:
    """Satisfaction weights, when given, sum to 1."""
    weights = data.get("satisfaction_weights")
    if not isinstance(weights, dict) or not weights:
        return
    numbers = [
        w for w in weights.values() if isinstance(w, int | float) and not isinstance(w, bool)
    ]
    if len(numbers) != len(weights):
        return
    total = sum(numbers)
    if abs(total - 1) > 0.01:
        missing = [f for f in SATISFACTION_FACTORS if f not in weights]
        extra = Message("loader.weights.unlisted", {"missing": one_of(missing)}) if missing else ""
        weighed = Message("loader.weights", {"total": total, "extra": extra})
        tree.problem(("satisfaction_weights",), weighed)


def _reach(start: str, edges: dict[str, set[str]]) -> set[str]:
    """Every node reachable from start along edges, start included."""
    seen = {start}
    stack = [start]
    while stack:
        for target in edges.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen
