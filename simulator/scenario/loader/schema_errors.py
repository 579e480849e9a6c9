"""Checks a scenario's structure against its JSON Schema and explains each error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from simulator.i18n import Joined, Message
from simulator.scenario.loader.problems import Key, closest, describe, dotted, hint, one_of
from simulator.scenario.loader.tree import Tree
from simulator.scenario.schema import SCHEMA_FILE, build_schema

if TYPE_CHECKING:
    import jsonschema_rs
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


@cache
def scenario_schema() -> dict[str, Any]:
    """The committed scenario JSON Schema, or the one built from the dataclasses if it is missing."""
    try:
        text = resources.files("scenarios").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
        return cast("dict[str, Any]", json.loads(text))
    except (OSError, ValueError):
        return build_schema()


@cache
def _fast_validator() -> jsonschema_rs.Validator:
    """A compiled validator for the schema, which says only whether data is valid.

    Imported on the first file checked: the app's first screen needs the schema's
    fingerprint, not its validator.
    """
    import jsonschema_rs

    return jsonschema_rs.validator_for(scenario_schema())


@cache
def _validator() -> Draft202012Validator:
    """The validator whose errors are explained, built on the first file with an error."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(scenario_schema())


def _valid(data: Any) -> bool:
    """Whether data passes the schema, by the compiled validator; False when it cannot tell.

    Data that is not plain JSON (a date, a set, a number too large for it) is left to the
    validator that explains errors.
    """
    try:
        return bool(_fast_validator().is_valid(data))
    except (ValueError, TypeError, OverflowError):
        return False


def schema_problems(tree: Tree, data: Any) -> set[Key]:
    """Check the structure against the schema; return the key paths that had a problem.

    The paths are returned with every prefix of each, so `_affected` is one set lookup
    however many problems there are. Most files are valid, so each is first checked by the
    compiled validator, and only a file that fails it is walked error by error.
    """
    if _valid(data):
        return set()
    bad: set[Key] = set()
    seen: set[tuple[Key, Message]] = set()
    for error in _validator().iter_errors(data):
        tree.tick()
        for key, message, at_key in _explain(error):
            tree.tick()
            if tree.was_refused(key):
                # The value was refused while reading; saying it is missing would repeat that.
                continue
            if (key, message) in seen:
                continue
            seen.add((key, message))
            if error.validator == "additionalProperties" and key in tree.flow_keys:
                message = Message("loader.schema.flow_comma", {"message": message})
            bad.update(key[:end] for end in range(len(key) + 1))
            tree.problem(key, message, at_key=at_key)
    return bad


def _explain(error: ValidationError) -> Iterator[tuple[Key, Message, bool]]:
    """One validation error as (key path, message, whether to point at the key itself)."""
    key: Key = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = error.validator
    if "propertyNames" in error.relative_schema_path:
        # The key itself is wrong; jsonschema gives the key as the instance.
        name = str(value)
        allowed = schema.get("enum")
        parent = key[-1] if key else ""
        if allowed:
            strings = [a for a in allowed if isinstance(a, str)]
            values = {"name": name, "parent": parent, "choices": one_of(allowed)}
            bad_key = Message("loader.schema.bad_key", {**values, "hint": hint(name, strings)})
            yield (*key, name), bad_key, True
        else:
            yield (*key, name), Message("loader.schema.bad_id", {"value": f"'{name}'"}), True
        return
    if kind == "additionalProperties" and isinstance(value, dict):
        known = list(schema.get("properties", {}))
        for name in value:
            if name not in known:
                told = hint(name, known) or (
                    Message("loader.schema.known_keys", {"choices": one_of(known)})
                    if known
                    else Message("loader.schema.no_keys")
                )
                said = Message("loader.schema.unknown_key", {"name": name, "hint": told})
                yield (*key, name), said, True
        return
    if kind == "required":
        missing = _missing(error)
        known = schema.get("properties", {})
        unknown = [k for k in value if k not in known] if isinstance(value, dict) else []
        if any(closest(k, [missing]) is not None for k in unknown):
            # The misspelt key is reported with its "did you mean"; one line is enough.
            return
        absent = (
            Message("loader.schema.missing_in", {"missing": missing, "parent": dotted(key)})
            if key
            else Message("loader.schema.missing_top", {"missing": missing})
        )
        yield key, absent, False
        return
    if kind == "anyOf" and any("enum" in option for option in error.validator_value):
        # One id or a list of ids (a `when` condition): name the id that is wrong.
        allowed = next(option["enum"] for option in error.validator_value if "enum" in option)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if item not in allowed:
                yield (
                    (*key, i) if isinstance(value, list) else key,
                    _not_one_of(allowed, item),
                    False,
                )
        if not isinstance(value, str | list):
            yield key, Message("loader.schema.ids", {"value": describe(value)}), False
        return
    if kind == "enum":
        allowed = [a for a in error.validator_value if not isinstance(a, bool)]
        yield key, _not_one_of(allowed, value), False
        return
    if kind == "type":
        wrong = {"value": describe(value), "hint": _quote_hint(value)}
        expected = _type_words(error.validator_value)
        yield key, Message("loader.schema.type", {"expected": expected, **wrong}), False
        return
    if kind in ("minimum", "maximum"):
        low = schema.get("minimum")
        high = schema.get("maximum")
        if low is not None and high is not None:
            span = Message("loader.schema.between", {"low": low, "high": high, "value": value})
        elif low is not None:
            span = Message("loader.schema.at_least", {"low": low, "value": value})
        else:
            span = Message("loader.schema.at_most", {"high": high, "value": value})
        yield key, span, False
        return
    if kind == "pattern":
        text = "loader.schema.scenario_id" if key == ("id",) else "loader.schema.bad_id"
        yield key, Message(text, {"value": describe(value)}), False
        return
    if kind in ("minLength", "minItems", "minProperties"):
        yield key, Message("loader.schema.empty"), False
        return
    if kind == "uniqueItems":
        yield key, Message("loader.schema.repeated"), False
        return
    yield key, Message("loader.schema.other", {"message": error.message}), False


def _not_one_of(allowed: list[Any], value: object) -> Message:
    """'expected one of a, b, got 'c' — did you mean 'a'?'."""
    strings = [a for a in allowed if isinstance(a, str)]
    values = {"choices": one_of(allowed), "value": describe(value)}
    return Message("loader.schema.one_of", {**values, "hint": hint(value, strings)})


def _missing(error: ValidationError) -> str:
    """The name of the key a `required` error is about."""
    required = error.validator_value
    present = error.instance if isinstance(error.instance, dict) else {}
    for name in required:
        if name not in present:
            return str(name)
    return str(required[0])


TYPES = ("string", "integer", "number", "array", "object", "boolean")
"""The JSON Schema types said in words, each by its catalog text `loader.type.<type>`."""


def _type_words(expected: str | list[str]) -> Message | Joined:
    """JSON Schema types in words."""
    names = [expected] if isinstance(expected, str) else expected
    if set(names) == {"string", "array"}:
        return Message("loader.type.texts")
    words = tuple(Message(f"loader.type.{n}") if n in TYPES else n for n in names)
    return Joined(words, Message("loader.or"))


def _quote_hint(value: object) -> Message | str:
    """A reminder to quote YAML 1.1's yes/no words and numbers when text was meant."""
    if isinstance(value, bool | int | float):
        return Message("loader.schema.quote_hint")
    return ""
