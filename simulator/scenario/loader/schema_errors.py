"""Checks a scenario's structure against its JSON Schema and explains each error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from simulator.scenario.loader.problems import Key, describe, did_you_mean, dotted, one_of
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
    seen: set[tuple[Key, str]] = set()
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
                message += (
                    "; inside { … } a comma separates keys, so put a text that holds a comma "
                    "in quotes"
                )
            bad.update(key[:end] for end in range(len(key) + 1))
            tree.problem(key, message, at_key=at_key)
    return bad


def _explain(error: ValidationError) -> Iterator[tuple[Key, str, bool]]:
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
            yield (
                (*key, name),
                f"'{name}' is not a valid key under {parent}: expected one of "
                f"{one_of(allowed)}{did_you_mean(name, [a for a in allowed if isinstance(a, str)])}",
                True,
            )
        else:
            yield (
                (*key, name),
                f"'{name}' is not a valid id: use letters, digits, '_' and '-' only",
                True,
            )
        return
    if kind == "additionalProperties" and isinstance(value, dict):
        known = list(schema.get("properties", {}))
        for name in value:
            if name not in known:
                expected = (
                    f"expected one of {one_of(known)}" if known else "no keys are expected here"
                )
                hint = did_you_mean(name, known)
                yield (
                    (*key, name),
                    f"unknown key '{name}'{hint}" + ("" if hint else f" ({expected})"),
                    True,
                )
        return
    if kind == "required":
        missing = _missing(error)
        known = schema.get("properties", {})
        unknown = [k for k in value if k not in known] if isinstance(value, dict) else []
        if any(did_you_mean(k, [missing]) for k in unknown):
            # The misspelt key is reported with its "did you mean"; one line is enough.
            return
        where = f"in {dotted(key)}" if key else "at the top of the file"
        yield key, f"missing required key '{missing}' {where}", False
        return
    if kind == "anyOf" and any("enum" in option for option in error.validator_value):
        # One id or a list of ids (a `when` condition): name the id that is wrong.
        allowed = next(option["enum"] for option in error.validator_value if "enum" in option)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if item not in allowed:
                yield (
                    (*key, i) if isinstance(value, list) else key,
                    f"expected one of {one_of(allowed)}, got {describe(item)}"
                    f"{did_you_mean(item, allowed)}",
                    False,
                )
        if not isinstance(value, str | list):
            yield key, f"expected an id or a list of ids, got {describe(value)}", False
        return
    if kind == "enum":
        allowed = [a for a in error.validator_value if not isinstance(a, bool)]
        strings = [a for a in allowed if isinstance(a, str)]
        yield (
            key,
            f"expected one of {one_of(allowed)}, got {describe(value)}{did_you_mean(value, strings)}",
            False,
        )
        return
    if kind == "type":
        yield (
            key,
            f"expected {_type_words(error.validator_value)}, got {describe(value)}{_quote_hint(value)}",
            False,
        )
        return
    if kind in ("minimum", "maximum"):
        low = schema.get("minimum")
        high = schema.get("maximum")
        span = (
            f"from {low} to {high}"
            if low is not None and high is not None
            else (f"at least {low}" if low is not None else f"at most {high}")
        )
        yield key, f"expected a number {span}, got {value}", False
        return
    if kind == "pattern":
        if key == ("id",):
            yield (
                key,
                f"the id {describe(value)} may use only lowercase letters, digits and hyphens, e.g. 'insurance-no-money-zh'",
                False,
            )
        else:
            yield (
                key,
                f"{describe(value)} is not a valid id: use letters, digits, '_' and '-' only",
                False,
            )
        return
    if kind in ("minLength", "minItems", "minProperties"):
        yield key, "must not be empty", False
        return
    if kind == "uniqueItems":
        yield key, "lists the same entry twice; give each once", False
        return
    yield key, error.message, False


def _missing(error: ValidationError) -> str:
    """The name of the key a `required` error is about."""
    required = error.validator_value
    present = error.instance if isinstance(error.instance, dict) else {}
    for name in required:
        if name not in present:
            return str(name)
    return str(required[0])


def _type_words(expected: str | list[str]) -> str:
    """JSON Schema types in words."""
    words = {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "array": "a list",
        "object": "a mapping of keys",
        "boolean": "true or false",
    }
    names = [expected] if isinstance(expected, str) else expected
    if set(names) == {"string", "array"}:
        return "text or a list of texts"
    return " or ".join(words.get(n, n) for n in names)


def _quote_hint(value: object) -> str:
    """A reminder to quote YAML 1.1's yes/no words and numbers when text was meant."""
    if isinstance(value, bool | int | float):
        return " — put it in quotes if you meant text"
    return ""
