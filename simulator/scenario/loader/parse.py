"""Parses and checks one scenario text: the tree, the schema, the graph, then the dataclasses."""

from __future__ import annotations

import hashlib
from typing import Any

import yaml

from simulator.i18n import Message
from simulator.limits import MAX_PROBLEMS_PER_FILE, VALIDATION_SECONDS
from simulator.scenario.loader.build import build_scenario
from simulator.scenario.loader.checks import semantic_problems
from simulator.scenario.loader.problems import Problem, describe
from simulator.scenario.loader.schema_errors import schema_problems
from simulator.scenario.loader.tree import TOO_DEEP, TooMany, TooSlow, Tree, compose
from simulator.scenario.loader.yaml_errors import yaml_problem
from simulator.scenario.model import Scenario


def check_text(
    text: str,
    path: str,
    content_hash: str,
    seconds: float = VALIDATION_SECONDS,
    keep: dict[str, Any] | None = None,
) -> tuple[Scenario | None, list[Problem], tuple[int, int]]:
    """Parse and check a scenario's text; also return where its id is, for duplicate-id reports.

    Checking stops with one problem at 1:1 once it has taken longer than seconds. A valid
    scenario's checked data and the places of its nodes and examples are put in keep, for
    the cache.
    """
    tree = Tree(path, seconds)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = compose(text)
    except yaml.YAMLError as error:
        return None, [yaml_problem(path, text, error)], (1, 1)
    except RecursionError:
        return None, [Problem.of(path, 1, 1, "", TOO_DEEP)], (1, 1)
    if root is None:
        return None, [Problem.of(path, 1, 1, "", Message("loader.empty_file"))], (1, 1)
    try:
        data = tree.build(root)
        if data is None and tree.refused:
            return None, tree.problems, (1, 1)
        if not isinstance(data, dict):
            tree.problem((), Message("loader.not_a_mapping", {"value": describe(data)}))
            return None, tree.problems, (1, 1)
        bad = schema_problems(tree, data)
        semantic_problems(tree, data, bad)
    except TooMany:
        last = tree.problems[-1]
        more = Message("loader.too_many_problems", {"limit": MAX_PROBLEMS_PER_FILE})
        tree.problems.append(Problem.of(path, last.line, last.column, "", more))
    except TooSlow:
        if keep is not None:
            keep["slow"] = True  # another time, on a less busy machine, it may pass
        slow = Message("loader.too_slow", {"seconds": seconds})
        return None, [Problem.of(path, 1, 1, "", slow)], (1, 1)
    except RecursionError:
        return None, [Problem.of(path, 1, 1, "", TOO_DEEP)], (1, 1)
    problems = sorted(tree.problems, key=lambda p: (p.line, p.column))
    id_mark = tree.mark(("id",))
    if any(p.severity == "error" for p in problems):
        return None, problems, id_mark
    scenario = build_scenario(tree, data, content_hash)
    if keep is not None:
        keep["data"] = data
        keep["marks"] = [
            [["nodes", node_id], tree.mark(("nodes", node_id), at_key=True)]
            for node_id in scenario.nodes
        ] + [
            [["examples", i], tree.mark(("examples", i), at_key=True)]
            for i in range(len(scenario.examples))
        ]
        # The model answers' own places, which validate --test reports misreads at.
        keep["value_marks"] = [
            [list(key), mark]
            for key, mark in tree.value_marks.items()
            if len(key) >= 4 and key[0] == "nodes" and key[2] == "model_answers"
        ]
    return scenario, problems, id_mark


def parse_scenario_text(
    text: str, path: str = "<string>", *, seconds: float = VALIDATION_SECONDS
) -> tuple[Scenario | None, list[Problem]]:
    """Parse and check a scenario given as text; the scenario is None when there is an error.

    Checking stops with a problem at 1:1 once it has taken longer than seconds.
    """
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    scenario, problems, _ = check_text(text, path, content_hash, seconds)
    return scenario, problems
