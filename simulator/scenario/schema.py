"""Builds the scenario JSON Schema from the dataclasses of simulator.scenario.model."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from scoring.models import LABELS, TECHNIQUE_NAMES
from scoring.registry import MOVES
from simulator.scenario import model

MOVE_IDS: tuple[str, ...] = tuple(MOVES)
"""The moves a reply can make, as the scorer reports them."""

SCHEMA_FILE = "scenario.schema.json"
"""The schema's file name, beside the bundled scenarios."""

SCHEMA_ID = "https://objection-dojo.invalid/scenario.schema.json"

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
"""Scenario ids: lowercase letters and digits joined by hyphens."""

NODE_ID_PATTERN = "^[A-Za-z0-9_-]+$"
"""Node ids: letters, digits, underscores and hyphens."""

# Fields the loader fills in itself; a trainer never writes them.
NOT_IN_YAML: dict[type, frozenset[str]] = {
    model.Scenario: frozenset({"path", "content_hash"}),
    model.Node: frozenset({"id", "where", "answer_places"}),
    model.Example: frozenset({"where"}),
}

TEXT_OR_LIST: dict[str, Any] = {
    "type": ["string", "array"],
    "minLength": 1,
    "items": {"type": "string", "minLength": 1},
    "minItems": 1,
}
"""A line with one variant (a string) or several (a list of strings)."""


def one_or_list(choices: tuple[str, ...]) -> dict[str, Any]:
    """One id of choices, or a list of them."""
    return {
        "anyOf": [
            {"enum": list(choices)},
            {"type": "array", "items": {"enum": list(choices)}, "minItems": 1, "uniqueItems": True},
        ]
    }


# What the dataclasses' types cannot say: ranges, patterns, and YAML's conveniences.
OVERRIDES: dict[tuple[type, str], dict[str, Any]] = {
    (model.Scenario, "id"): {"pattern": ID_PATTERN},
    (model.Scenario, "version"): {"minimum": 1},
    (model.Scenario, "difficulty"): {"minimum": 1, "maximum": 5},
    (model.Scenario, "pass_mark"): {"minimum": 0, "maximum": 100},
    (model.Scenario, "time_limit"): {"minimum": 5, "maximum": 3600},
    (model.Scenario, "start"): {"pattern": NODE_ID_PATTERN},
    (model.Scenario, "steps"): {"uniqueItems": True},
    (model.Scenario, "nodes"): {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": NODE_ID_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/Node"},
    },
    (model.Scenario, "satisfaction_weights"): {
        "type": "object",
        "properties": {
            name: {"type": "number", "minimum": 0, "maximum": 1}
            for name in model.SATISFACTION_FACTORS
        },
        "additionalProperties": False,
    },
    (model.Persona, "mood"): {"minimum": 0, "maximum": 100},
    (model.Persona, "expected_satisfaction"): {"minimum": 1, "maximum": 5},
    (model.Node, "customer"): TEXT_OR_LIST,
    # PyYAML reads an unquoted true/false as a boolean; accept it as the word.
    (model.Node, "nature"): {"enum": [*model.NATURES, True, False]},
    (model.Node, "recommend"): {"minItems": 1, "uniqueItems": True},
    (model.Node, "model_answers"): {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"enum": list(LABELS)},
        "additionalProperties": TEXT_OR_LIST,
    },
    (model.Node, "reactions"): {
        "type": "object",
        "propertyNames": {"enum": [*LABELS, "default"]},
        "additionalProperties": {"$ref": "#/$defs/Reaction"},
        "required": ["default"],
    },
    (model.Node, "when"): {"minItems": 1},
    (model.Response, "say"): TEXT_OR_LIST,
    (model.Response, "technique"): one_or_list(LABELS),
    (model.Response, "moves"): one_or_list(MOVE_IDS),
    (model.Response, "not_moves"): one_or_list(MOVE_IDS),
    (model.Response, "mentions"): TEXT_OR_LIST,
    (model.Response, "mood"): {"minimum": -100, "maximum": 100},
    (model.Response, "next"): {"pattern": NODE_ID_PATTERN},
    (model.Reaction, "say"): TEXT_OR_LIST,
    (model.Reaction, "mood"): {"minimum": -100, "maximum": 100},
    (model.Reaction, "next"): {"pattern": NODE_ID_PATTERN},
    (model.Example, "min_score"): {"minimum": 0, "maximum": 100},
    (model.Example, "node"): {"pattern": NODE_ID_PATTERN},
}

# Required in the dataclass but optional in YAML, where the loader gives a default.
OPTIONAL_IN_YAML: dict[type, frozenset[str]] = {
    model.Node: frozenset({"discourage", "hint"}),
    model.Scenario: frozenset({"tags", "author"}),
}

ROOT_DESCRIPTION = (
    "An Objection Dojo scenario: a customer, a graph of what they say, and how they react "
    "to each objection-handling technique. See docs/scenario-format.md."
)


def field_docs(cls: type) -> dict[str, str]:
    """The docstring under each field of a dataclass, read from its source."""
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for stmt, after in itertools.pairwise(body):
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[stmt.target.id] = " ".join(after.value.value.split())
    return docs


def type_schema(hint: Any) -> dict[str, Any]:
    """The JSON Schema of one Python type hint."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return type_schema(options[0])
        return {"anyOf": [type_schema(a) for a in options]}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if origin is tuple:
        return {"type": "array", "items": type_schema(get_args(hint)[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": type_schema(get_args(hint)[1])}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if hint in simple:
        return {"type": simple[hint]}
    raise TypeError(f"no JSON Schema for {hint!r}")


def object_schema(cls: type, description: str) -> dict[str, Any]:
    """The JSON Schema of one dataclass as a YAML mapping."""
    hints = typing.get_type_hints(cls)
    docs = field_docs(cls)
    skipped = NOT_IN_YAML.get(cls, frozenset())
    optional = OPTIONAL_IN_YAML.get(cls, frozenset())
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        if f.name in skipped:
            continue
        schema = type_schema(hints[f.name])
        override = OVERRIDES.get((cls, f.name), {})
        if "type" in override or "enum" in override or "anyOf" in override:
            schema = {}
        schema.update(override)
        if schema.get("type") == "string" and "enum" not in schema and "pattern" not in schema:
            schema["minLength"] = 1
        properties[f.name] = {"description": docs.get(f.name, ""), **schema}
        no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if no_default and f.name not in optional:
            required.append(f.name)
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def discouragement_schema() -> dict[str, Any]:
    """The schema of one `discourage` entry."""
    return object_schema(model.Discouragement, first_line(model.Discouragement))


def first_line(cls: type) -> str:
    """The first line of a class's docstring."""
    return (cls.__doc__ or "").strip().splitlines()[0]


def build_schema() -> dict[str, Any]:
    """The whole scenario schema, Draft 2020-12."""
    root = object_schema(model.Scenario, ROOT_DESCRIPTION)
    node = object_schema(model.Node, first_line(model.Node))
    node["properties"]["discourage"]["items"] = {"$ref": "#/$defs/Discouragement"}
    node["properties"]["recommend"]["items"]["description"] = "; ".join(
        f"{label}: {TECHNIQUE_NAMES[label]['en']} ({TECHNIQUE_NAMES[label]['zh']})"
        for label in LABELS
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Objection Dojo scenario",
        **root,
        "$defs": {
            "Persona": object_schema(model.Persona, first_line(model.Persona)),
            "Node": node,
            "Reaction": object_schema(model.Reaction, first_line(model.Reaction)),
            "Response": object_schema(model.Response, first_line(model.Response)),
            "Discouragement": discouragement_schema(),
            "Example": object_schema(model.Example, first_line(model.Example)),
        },
    }


def render_schema() -> str:
    """The schema as the committed file's text."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the schema, or write it to the path given (`python -m simulator.scenario.schema PATH`)."""
    args = sys.argv[1:] if argv is None else argv
    text = render_schema()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
