"""Builds the scenario dataclasses from checked data, each from its own field definitions."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Literal, TypeVar, Union, cast, get_args, get_origin

from simulator.scenario.loader.problems import Key
from simulator.scenario.loader.tree import Tree, yaml_word
from simulator.scenario.model import Example, Node, Scenario, Where
from simulator.scenario.schema import NOT_IN_YAML, OPTIONAL_IN_YAML

T = TypeVar("T")

Convert = Callable[[Any], Any]
"""Turns a checked YAML value into the value of a field."""


def _same(value: Any) -> Any:
    return value


def _variants(value: Any) -> tuple[str, ...]:
    """A string or list of strings as a tuple of variants."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _word(value: Any) -> Any:
    """A value for a field of fixed words, with YAML's unquoted true/false read as the word."""
    return yaml_word(value) if isinstance(value, bool) else value


def _tuple_of(convert: Convert) -> Convert:
    return lambda value: tuple(convert(item) for item in value)


def _dict_of(convert: Convert) -> Convert:
    return lambda value: {key: convert(item) for key, item in value.items()}


def _converter(hint: Any) -> Convert:
    """How a checked YAML value becomes a value of the type hint."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _converter(options[0]) if len(options) == 1 else _same
    if origin is Literal:
        return _word
    if origin is tuple:
        item = get_args(hint)[0]
        # One text or a list of them: YAML lets a single variant be written without a list.
        return _tuple_of(_converter(item)) if dataclasses.is_dataclass(item) else _variants
    if origin is dict:
        return _dict_of(_converter(get_args(hint)[1]))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda value: make(hint, value)
    if hint is float:
        return float
    return _same


def _empty(hint: Any) -> Any:
    """The empty value of a type: (), {} or ''."""
    origin = get_origin(hint) or hint
    return origin()


@dataclasses.dataclass(frozen=True)
class _Field:
    """How one field of a dataclass is read from YAML."""

    name: str
    convert: Convert
    when_absent: tuple[Any, ...]
    """(value,) to use when YAML leaves the field out, or () for the field's own default."""


@cache
def _fields(cls: type) -> tuple[_Field, ...]:
    """The fields of a dataclass that a trainer writes, each with how its value is read."""
    hints = typing.get_type_hints(cls)
    skipped = NOT_IN_YAML.get(cls, frozenset())
    optional = OPTIONAL_IN_YAML.get(cls, frozenset())
    return tuple(
        _Field(
            f.name,
            _converter(hints[f.name]),
            (_empty(hints[f.name]),) if f.name in optional else (),
        )
        for f in dataclasses.fields(cls)
        if f.name not in skipped
    )


def make(cls: type[T], data: Mapping[str, Any], **given: Any) -> T:
    """An instance of a dataclass from its YAML mapping; given values are used as they are.

    A field the mapping leaves out keeps its default (or, for a field the schema lets a
    trainer leave out, its type's empty value).
    """
    values = dict(given)
    for spec in _fields(cast("type", cls)):
        if spec.name in values:
            continue
        if spec.name in data:
            values[spec.name] = spec.convert(data[spec.name])
        elif spec.when_absent:
            values[spec.name] = spec.when_absent[0]
    return cls(**values)


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
    """The Scenario of data that has passed every check, with the places of its parts."""
    nodes = {
        node_id: make(
            Node,
            node,
            id=node_id,
            where=_where(tree, ("nodes", node_id)),
            answer_places=_answer_places(tree, node_id, node["model_answers"]),
        )
        for node_id, node in data["nodes"].items()
    }
    given: dict[str, Any] = {"nodes": nodes, "path": tree.path, "content_hash": content_hash}
    if "examples" in data:
        given["examples"] = tuple(
            make(Example, example, where=_where(tree, ("examples", i)))
            for i, example in enumerate(data["examples"])
        )
    return make(Scenario, data, **given)
