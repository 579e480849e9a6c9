"""Builds the scenario dataclasses from data that has passed every check."""

from __future__ import annotations

from typing import Any, cast

from simulator.scenario.loader.problems import Key
from simulator.scenario.loader.tree import Tree, yaml_word
from simulator.scenario.model import (
    Discouragement,
    Example,
    Node,
    Persona,
    Reaction,
    Response,
    Scenario,
    Where,
)


def _variants(value: Any) -> tuple[str, ...]:
    """A string or list of strings as a tuple of variants."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _where(tree: Tree, key: Key) -> Where:
    """Where a key starts in the file (a list item's own start when it has no key)."""
    line, column = tree.mark(key, at_key=True)
    return Where(tree.path, line, column)


def _answer_places(tree: Tree, node_id: str, answers: dict[str, Any]) -> dict[str, Where]:
    """Where each model answer of a node is, keyed `technique` or `technique[i]`."""
    places: dict[str, Where] = {}
    for technique, value in answers.items():
        base: Key = ("nodes", node_id, "model_answers", technique)
        if isinstance(value, list):
            for i in range(len(value)):
                line, column = tree.mark((*base, i))
                places[f"{technique}[{i}]"] = Where(tree.path, line, column)
        else:
            line, column = tree.mark(base)
            places[technique] = Where(tree.path, line, column)
    return places


def build_scenario(tree: Tree, data: dict[str, Any], content_hash: str) -> Scenario:
    """The Scenario of data that has passed every check."""
    p = data["persona"]
    persona = Persona(
        name=p["name"],
        role=p["role"],
        temperament=p["temperament"],
        mood=p["mood"],
        expectation=p["expectation"],
        expected_satisfaction=p.get("expected_satisfaction", 3),
    )
    nodes: dict[str, Node] = {}
    for node_id, n in data["nodes"].items():
        reactions = {
            name: Reaction(
                say=_variants(r["say"]),
                mood=r.get("mood", 0),
                next=r.get("next"),
                end=r.get("end"),
            )
            for name, r in n["reactions"].items()
        }
        responses = tuple(
            Response(
                say=_variants(r["say"]),
                technique=cast("Any", _variants(r.get("technique", ()))),
                moves=_variants(r.get("moves", ())),
                not_moves=_variants(r.get("not_moves", ())),
                mentions=_variants(r.get("mentions", ())),
                quality=r.get("quality"),
                mood=r.get("mood", 0),
                next=r.get("next"),
                end=r.get("end"),
            )
            for r in n.get("when", [])
        )
        nodes[node_id] = Node(
            id=node_id,
            when=responses,
            customer=_variants(n["customer"]),
            cause=n["cause"],
            nature=cast("Any", yaml_word(n["nature"])),
            recommend=tuple(n["recommend"]),
            discourage=tuple(
                Discouragement(technique=d["technique"], reason=d["reason"])
                for d in n.get("discourage", [])
            ),
            model_answers={k: _variants(v) for k, v in n["model_answers"].items()},
            hint=n.get("hint", ""),
            reactions=reactions,
            hidden_reason=n.get("hidden_reason"),
            where=_where(tree, ("nodes", node_id)),
            answer_places=_answer_places(tree, node_id, n["model_answers"]),
        )
    examples = tuple(
        Example(
            reply=e["reply"],
            technique=e["technique"],
            node=e.get("node"),
            min_score=e.get("min_score"),
            where=_where(tree, ("examples", i)),
        )
        for i, e in enumerate(data.get("examples", []))
    )
    return Scenario(
        id=data["id"],
        title=data["title"],
        language=data["language"],
        industry=data["industry"],
        kind=data["kind"],
        difficulty=data["difficulty"],
        tags=tuple(data.get("tags", ())),
        author=data.get("author", ""),
        version=data["version"],
        persona=persona,
        start=data["start"],
        nodes=nodes,
        summary=data.get("summary", ""),
        steps=tuple(data.get("steps", ())),
        examples=examples,
        satisfaction_weights={k: float(v) for k, v in data.get("satisfaction_weights", {}).items()},
        pass_mark=data.get("pass_mark", 60),
        time_limit=data.get("time_limit"),
        path=tree.path,
        content_hash=content_hash,
    )
