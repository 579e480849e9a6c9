"""Loads scenario files safely and reports every problem in them by file, line and column."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml
import yaml.composer
import yaml.constructor
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from scoring.models import COMPLAINT_STEPS, TECHNIQUE_NAMES
from simulator.errors import ScenarioError
from simulator.limits import MAX_PROBLEMS_PER_FILE, VALIDATION_SECONDS
from simulator.scenario.figures import figures_unsaid
from simulator.scenario.model import (
    OUTCOMES,
    SATISFACTION_FACTORS,
    Discouragement,
    Example,
    Node,
    Persona,
    Reaction,
    Response,
    Scenario,
    Where,
)
from simulator.scenario.schema import SCHEMA_FILE, build_schema
from simulator.untrusted import BIDI_CONTROLS, describe_char, json_line

MAX_BYTES = 256 * 1024
"""The largest scenario file read; a real scenario is a few kilobytes (the largest bundled
one 16 KiB). Reading YAML cannot be interrupted, so this also bounds that part of the time
a file takes to check."""

SCENARIO_SUFFIXES = (".yaml", ".yml")

MAX_DEPTH = 20
"""The deepest nesting of mappings and lists read; a scenario needs six levels."""

MAX_NODES = 500
"""The most dialogue nodes a scenario may have; a long one has a few dozen."""

MAX_KEYS = 1000
"""The most keys one mapping may have; the largest in a scenario is its nodes."""

UNSHOWABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")
"""Characters a scenario's text may not hold: controls (but tab and newline), bidirectional
overrides and lone surrogates. YAML lets them in only through escapes such as "\\e"."""

Key = tuple[str | int, ...]
"""A path of keys and list indexes from the top of a scenario."""


@dataclass(frozen=True)
class Problem:
    """One problem in one scenario file, with where it is and what was expected."""

    path: str
    """The file, as given."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    key: str
    """Dotted key path, e.g. `nodes.opening.reactions.taichi.next`; empty for the whole file."""
    message: str
    """What is wrong and what was expected."""
    severity: str = "error"
    """`error` (the scenario cannot be played) or `warning`."""

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        suffix = f" [{self.key}]" if self.key else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}{suffix}"

    def to_dict(self) -> dict[str, Any]:
        """The problem as plain data, for --json."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass
class Library:
    """Every scenario loaded from a set of folders, and the problems found on the way."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    """Scenarios by id, in load order (bundled first)."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem in every file, errors and warnings."""
    files: list[str] = field(default_factory=list)
    """Every scenario file read, in order."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that stopped a file from loading."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def broken_files(self) -> list[str]:
        """Files with at least one error, in load order."""
        return list(dict.fromkeys(p.path for p in self.errors))

    def get(self, scenario_id: str) -> Scenario:
        """The scenario with this id, or a ScenarioError that suggests close ids."""
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            hint = did_you_mean(scenario_id, self.scenarios)
            raise ScenarioError(
                f"no scenario with id '{scenario_id}'{hint}; "
                "run `dojo scenarios list` to see the ids loaded.",
                title="Unknown scenario",
            ) from None


class _TooSlow(Exception):
    """Checking a file took longer than its time allowance."""


class _TooMany(Exception):
    """A file has more problems than are listed."""


class StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses aliases, so no file can expand into a billion laughs."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose a node, refusing `*alias` references."""
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases are not allowed",
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        return super().compose_node(parent, index)


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' — did you mean 'x'?' for the closest choice, or '' when none is close."""
    if not isinstance(value, str):
        return ""
    options = list(choices)
    for label, names in TECHNIQUE_NAMES.items():
        # Trainers may write a technique's display name (太极法, Tai-chi) for its id.
        if label in options and value.strip().lower() in {n.lower() for n in names.values()}:
            return f" — did you mean '{label}'?"
    match = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not match:
        match = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return f" — did you mean '{match[0]}'?" if match else ""


def dotted(key: Key) -> str:
    """A key path as `nodes.opening.reactions[0]`-style text."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def describe(value: object) -> str:
    """A value's kind in words, for 'expected …, got …' messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__


def one_of(choices: Iterable[object]) -> str:
    """Choices as 'a, b, c'."""
    return ", ".join(str(c) for c in choices if not isinstance(c, bool))


class _Tree:
    """Plain data built from composed YAML nodes, with the mark of every key and value."""

    def __init__(self, path: str, seconds: float = VALIDATION_SECONDS) -> None:
        self.path = path
        self.deadline = time.monotonic() + seconds
        self.value_marks: dict[Key, tuple[int, int]] = {}
        self.key_marks: dict[Key, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.flow_keys: set[Key] = set()
        """Keys written inside { … }, where a comma ends the value."""
        self.refused: set[Key] = set()
        """Keys whose value could not be read or was too large; it is left out of the data."""
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(
        self, key: Key, message: str, *, at_key: bool = False, severity: str = "error"
    ) -> None:
        """Record a problem at a key (or its value) of the tree.

        Raises _TooMany once MAX_PROBLEMS_PER_FILE are listed: a file with thousands of
        problems is not fixed one line at a time, and listing them all would take long.
        """
        if len(self.problems) >= MAX_PROBLEMS_PER_FILE:
            raise _TooMany
        line, column = self.mark(key, at_key=at_key)
        self.problems.append(Problem(self.path, line, column, dotted(key), message, severity))

    def refuse(self, key: Key, message: str) -> None:
        """Record a problem with a value and leave the value out."""
        self.refused.add(key)
        self.problem(key, message)

    def was_refused(self, key: Key) -> bool:
        """Whether a key or one of the keys it lies under had its value refused."""
        return any(key[:end] in self.refused for end in range(len(key) + 1))

    def tick(self) -> None:
        """Raise _TooSlow once the file's time allowance is spent."""
        if time.monotonic() > self.deadline:
            raise _TooSlow

    def mark(self, key: Key, *, at_key: bool = False) -> tuple[int, int]:
        """The 1-based line and column of a key or its value, or of its nearest ancestor."""
        marks = self.key_marks if at_key else self.value_marks
        probe = key
        while probe:
            if probe in marks:
                return marks[probe]
            if probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))

    def build(self, node: yaml.Node, key: Key = ()) -> Any:
        """The plain value of a node, recording marks and duplicate keys on the way."""
        self.value_marks[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if len(key) > MAX_DEPTH and isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self.refuse(key, _TOO_DEEP)
            return None
        if isinstance(node, yaml.MappingNode):
            self.tick()
            if key == ("nodes",) and len(node.value) > MAX_NODES:
                self.refuse(
                    key,
                    f"the scenario has {len(node.value):,} nodes; a scenario may have at most "
                    f"{MAX_NODES} — split it into several scenarios",
                )
                return None
            if len(node.value) > MAX_KEYS:
                self.refuse(
                    key,
                    f"this mapping has {len(node.value):,} keys; no part of a scenario has more "
                    f"than {MAX_KEYS} — check the indentation, or split the file",
                )
                return None
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.value_marks[(*key, "?")] = (
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                    self.problem((*key, "?"), "a key must be a plain word, not a list or mapping")
                    continue
                # The raw text, so that a key such as `no` or `1` stays the word the trainer wrote.
                name = str(key_node.value)
                child = (*key, name)
                if UNSHOWABLE.search(name):
                    self.value_marks[(*key, "?")] = (
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                    self.problem((*key, "?"), _unshowable(name))
                    continue
                if name in result:
                    first_line = self.key_marks[child][0]
                    self.key_marks[child] = (
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                    self.problem(
                        child,
                        f"duplicate key '{name}' (first given on line {first_line}); "
                        "YAML keeps only one of them — remove or rename the other",
                        at_key=True,
                    )
                    continue
                self.key_marks[child] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                if node.flow_style:
                    self.flow_keys.add(child)
                result[name] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        try:
            value = self._constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            self.refuse(
                key, f"cannot read this value: {error.problem}; write plain text or a number"
            )
            return None
        except (ValueError, TypeError, OverflowError, IndexError) as error:
            # An explicit tag (`!!int abc`, or `!!int` with nothing after it), a date that does
            # not exist (2026-13-45) or an integer longer than Python reads.
            self.refuse(key, _unreadable(node, error))
            return None
        if isinstance(value, str) and UNSHOWABLE.search(value):
            self.refuse(key, _unshowable(value))
            return None
        return value


def _unreadable(node: yaml.Node, error: Exception) -> str:
    """Why a scalar could not be read, in a trainer's words."""
    text = str(node.value)
    shown = text if len(text) <= 40 else text[:37] + "..."
    tag = str(node.tag)
    if tag.endswith((":timestamp", ":date")):
        return (
            f"'{shown}' looks like a date but is not a real one ({error}); put it in quotes "
            "if you meant text"
        )
    if "digits" in str(error):
        return f"this number has {len(text):,} digits, more than can be read; write a real number"
    kind = tag.rsplit(":", 1)[-1]
    if not text.strip():
        return f"the !!{kind} tag has no value after it; write the value or remove the tag"
    return (
        f"'{shown}' cannot be read as !!{kind} ({error}); remove the !!{kind} tag or write a "
        "value of that kind"
    )


def _unshowable(text: str) -> str:
    """Why a text with a control character, bidirectional override or surrogate is refused."""
    found = UNSHOWABLE.search(text)
    assert found is not None
    return (
        f"the text holds {describe_char(found.group())}, which cannot be shown to a trainee; "
        "remove it (it comes from an escape such as \\e, \\x1b or \\u202e in quotes)"
    )


def _shares_nodes(root: yaml.Node) -> bool:
    """Whether a composed tree uses one node twice, which only an alias does."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return False


def _compose(text: str) -> yaml.Node | None:
    """Compose YAML text to nodes with marks, refusing aliases.

    libyaml composes several times faster than pure Python; any file it cannot take
    cleanly is composed again by StrictLoader, whose errors name the alias or syntax
    problem precisely.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            root = yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
        else:
            if root is None or not _shares_nodes(root):
                return root
    return yaml.compose(text, Loader=StrictLoader)


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in a text."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _misaligned(text: str, line: int) -> str:
    """Say how a line that fits no block is indented, against the line above it (0-based line)."""
    lines = text.splitlines()
    here = lines[line] if line < len(lines) else ""
    above = next(
        (lines[i] for i in range(min(line, len(lines)) - 1, -1, -1) if lines[i].strip()), ""
    )

    def indent(row: str) -> int:
        return len(row) - len(row.lstrip(" "))

    return (
        f"this line is indented {indent(here)} spaces and the line above {indent(above)}, and it "
        "fits no block: keys of one block start in the same column; line it up with its "
        "neighbours"
    )


def _yaml_problem(path: str, text: str, error: yaml.YAMLError) -> Problem:
    """A YAML syntax error in trainer's words, at the place that needs fixing."""
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position(text, error.position)
        return Problem(
            path,
            line,
            column,
            "",
            f"the file contains the control character U+{error.character:04X}, which YAML does "
            "not allow; delete it",
        )
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(path, 1, 1, "", f"this is not valid YAML: {error}")
    problem = error.problem or ""
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    if "'\\t'" in problem or "tab" in problem:
        message = (
            "a tab character is used for indentation; YAML indents with spaces only — "
            "replace the tab with spaces"
        )
    elif "quoted scalar" in context and error.context_mark is not None:
        message = "a quoted text is never closed; add the closing quote"
        mark = error.context_mark
    elif "while parsing a flow" in context:
        message = (
            "a list [ … ] or mapping { … } is not closed properly here; inside brackets, put any "
            'text that holds a comma, colon, question mark or bracket in quotes, e.g. {say: "Yes, and?"}'
        )
    elif problem == "aliases are not allowed":
        message = (
            "aliases (*name) are not allowed in scenarios; write the text out in full "
            "instead of referring to an &anchor"
        )
    elif "expected a single document" in context:
        message = "a file holds one scenario only; remove the second '---' document or move it to its own file"
    elif "mapping values are not allowed" in problem:
        message = (
            "a colon followed by a space cannot appear in an unquoted value; "
            'put the value in quotes, e.g. say: "Note: …"'
        )
    elif "expected <block end>" in problem and "block mapping" in context:
        message = _misaligned(text, error.problem_mark.line if error.problem_mark else 0)
    elif "could not find expected ':'" in problem:
        message = (
            "expected 'key: value' here; a line may be missing its colon or is indented wrongly"
        )
    else:
        where = f" ({context})" if context else ""
        message = f"this is not valid YAML: {problem}{where}; check the indentation and quotes"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = _unclosed_quote(text, line)
    if opened is not None and not isinstance(error, yaml.composer.ComposerError):
        # A quoted text may run over several lines, so YAML notices a missing closing
        # quote only lines later; the opening quote is the place to fix.
        quote, line, column = opened
        message = f"the quote {quote} opened here is never closed; add the closing {quote}"
    return Problem(path, line, column, "", message)


_QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)?(?:[^\s#'"][^#'"]*?:\s+)?)(["'])(.*)$""")


def _closes(quote: str, rest: str) -> bool:
    """Whether the rest of a line after an opening quote holds its closing quote."""
    if quote == '"':
        return re.search(r'(?<!\\)"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None


def _unclosed_quote(text: str, last_line: int) -> tuple[str, int, int] | None:
    """The first quote opened and not closed on its own line, up to a 1-based line."""
    for index, row in enumerate(text.splitlines()[:last_line]):
        found = _QUOTED_VALUE.match(row)
        if found and not _closes(found.group(2), found.group(3)):
            return found.group(2), index + 1, len(found.group(1)) + 1
    return None


@cache
def scenario_schema() -> dict[str, Any]:
    """The committed scenario JSON Schema, or the one built from the dataclasses if it is missing."""
    try:
        text = resources.files("scenarios").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
        return cast("dict[str, Any]", json.loads(text))
    except (OSError, ValueError):
        return build_schema()


@cache
def _validator() -> Draft202012Validator:
    """One validator for the schema, built once."""
    return Draft202012Validator(scenario_schema())


def _schema_problems(tree: _Tree, data: Any) -> set[Key]:
    """Check the structure against the schema; return the key paths that had a problem.

    The paths are returned with every prefix of each, so `_affected` is one set lookup
    however many problems there are.
    """
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


def _variants(value: Any) -> tuple[str, ...]:
    """A string or list of strings as a tuple of variants."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _nature(value: Any) -> str:
    """`nature` as one of the words, mapping YAML's unquoted true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _affected(bad: set[Key], key: Key) -> bool:
    """Whether a schema problem lies at or under a key path (bad holds every prefix)."""
    return key in bad


def _semantic_problems(tree: _Tree, data: dict[str, Any], bad: set[Key]) -> None:
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
                tree.problem(
                    here,
                    "a reaction has either 'next' (the node that follows) or 'end' (an outcome), not both",
                )
            elif not has_next and not has_end and not _affected(bad, here):
                tree.problem(
                    here,
                    f"a reaction needs 'next' (a node id) or 'end' ({one_of(OUTCOMES)})",
                )
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
                tree.problem(
                    ("nodes", node_id),
                    f"node '{node_id}' cannot be reached from start '{start}': "
                    "no reaction has next: " + node_id + " — link it or delete it",
                    at_key=True,
                )
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
                tree.problem(
                    ("nodes", node_id),
                    f"the dialogue can never end once it reaches node '{node_id}': no chain of "
                    f"reactions from here leads to an 'end' ({one_of(OUTCOMES)}); add one",
                    at_key=True,
                )

    _check_examples(tree, data, node_ids)
    _check_weights(tree, data)
    if isinstance(start, str) and start in edges:
        _check_figures(tree, data, nodes, start)
    kind = data.get("kind")
    if kind == "complaint" and not data.get("steps"):
        tree.problem(
            ("kind",),
            "a complaint scenario usually lists the expected 'steps' "
            f"({one_of(COMPLAINT_STEPS)}); without them the steps are not scored",
            severity="warning",
        )


def _not_a_node(key: str, value: str, node_ids: list[str]) -> str:
    """'next 'x' is not a node — did you mean 'y'?', or the node ids when none is close."""
    hint = did_you_mean(value, node_ids)
    return f"{key} '{value}' is not a node" + (hint or f"; expected one of {one_of(node_ids)}")


def _check_node(tree: _Tree, base: Key, node: dict[str, Any], bad: set[Key]) -> None:
    """Cross-field checks within one node."""
    nature = _nature(node.get("nature"))
    if nature in ("false", "hidden") and not node.get("hidden_reason"):
        tree.problem(
            (*base, "nature"),
            f"a {nature} objection needs 'hidden_reason': the real reason the customer gives "
            "when the trainee asks",
        )
    if (
        nature in ("false", "hidden")
        and isinstance(node.get("reactions"), dict)
        and "ask" not in node["reactions"]
    ):
        tree.problem(
            (*base, "reactions"),
            f"a {nature} objection surfaces when the trainee asks; add a reaction for 'ask'",
            severity="warning",
        )
    recommend = node.get("recommend")
    answers = node.get("model_answers")
    if (
        isinstance(recommend, list)
        and isinstance(answers, dict)
        and not _affected(bad, (*base, "recommend"))
    ):
        for i, technique in enumerate(recommend):
            if technique not in answers:
                tree.problem(
                    (*base, "recommend", i),
                    f"'{technique}' is recommended but has no model answer; "
                    f"add model_answers.{technique}",
                )
    discourage = node.get("discourage")
    if isinstance(recommend, list) and isinstance(discourage, list):
        for i, item in enumerate(discourage):
            if isinstance(item, dict) and item.get("technique") in recommend:
                tree.problem(
                    (*base, "discourage", i, "technique"),
                    f"'{item['technique']}' is both recommended and discouraged; keep one",
                )


CONDITIONS = ("technique", "moves", "not_moves", "mentions", "quality")
"""The keys of a `when` response that say when it applies."""


def _check_responses(tree: _Tree, base: Key, responses: list[Any], bad: set[Key]) -> None:
    """Each `when` response names at least one condition."""
    for i, response in enumerate(responses):
        here: Key = (*base, "when", i)
        if isinstance(response, dict) and not _affected(bad, here):
            if not any(key in response for key in CONDITIONS):
                tree.problem(
                    here,
                    f"a 'when' response needs a condition ({one_of(CONDITIONS)}); "
                    "a reaction for every reply belongs under 'reactions'",
                    at_key=True,
                )


def _check_figures(tree: _Tree, data: dict[str, Any], nodes: dict[str, Any], start: str) -> None:
    """Warn about a figure in a reaction that no earlier line, condition or next line mentions.

    Such a line answers an offer the reply may never have made ("八十多？" after a reply that named
    no price). Reactions to `ask` are left alone: answering, the customer gives facts of their own.
    """
    lines: dict[str, list[str]] = {}
    earlier: dict[str, set[str]] = {}
    for node_id, node in nodes.items():
        if isinstance(node, dict):
            lines[node_id] = [str(v) for v in _variants_of(node.get("customer"))]
    # What the customer may have said before each node: the summary, and every line and reaction
    # on some path from the start (the fixed point of "lines of the nodes that lead here").
    earlier = {n: set() for n in lines}
    said_at: dict[str, set[str]] = {n: set(lines[n]) for n in lines}
    summary = str(data.get("summary") or "")
    changed = True
    while changed:
        changed = False
        for node_id, node in nodes.items():
            if not isinstance(node, dict):
                continue
            before = earlier[node_id] | said_at[node_id] | {summary}
            for _, reaction in _node_reactions(node):
                target = reaction.get("next")
                if isinstance(target, str) and target in earlier:
                    grown = before | set(_variants_of(reaction.get("say")))
                    if not grown <= earlier[target]:
                        earlier[target] |= grown
                        changed = True
    for node_id, node in nodes.items():
        if not isinstance(node, dict) or node_id not in earlier:
            continue
        heard = [summary, *earlier[node_id], *lines[node_id]]
        for key, reaction in _node_reactions(node):
            if key[0] == "reactions" and key[1] == "ask":
                continue
            technique = reaction.get("technique")
            if key[0] == "when" and technique in ("ask", ["ask"]):
                continue
            target = reaction.get("next")
            allowed = [*_variants_of(reaction.get("mentions"))]
            if isinstance(target, str):
                allowed += lines.get(target, [])
            say = reaction.get("say")
            for i, line in enumerate(_variants_of(say)):
                unsaid = figures_unsaid(str(line), heard, allowed)
                if unsaid:
                    where: Key = ("nodes", node_id, *key, "say")
                    if isinstance(say, list):
                        where = (*where, i)
                    figures = ", ".join(sorted(unsaid, key=lambda f: (len(f), f)))
                    tree.problem(
                        where,
                        f"this line mentions {figures}, which nothing said before it mentions: "
                        "it answers an offer the reply may not have made — give it a 'when' "
                        "response with 'mentions', or leave the figure out",
                        severity="warning",
                    )


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


def _check_examples(tree: _Tree, data: dict[str, Any], node_ids: list[str]) -> None:
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


def _check_weights(tree: _Tree, data: dict[str, Any]) -> None:
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
        extra = f"; unlisted factors ({one_of(missing)}) count 0" if missing else ""
        tree.problem(
            ("satisfaction_weights",),
            f"the weights add up to {total:g}, expected 1{extra}",
        )


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


def _where(tree: _Tree, key: Key) -> Where:
    """Where a key starts in the file (a list item's own start when it has no key)."""
    line, column = tree.mark(key, at_key=True)
    return Where(tree.path, line, column)


def _answer_places(tree: _Tree, node_id: str, answers: dict[str, Any]) -> dict[str, Where]:
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


def _build(tree: _Tree, data: dict[str, Any], content_hash: str) -> Scenario:
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
            nature=cast("Any", _nature(n["nature"])),
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


def _parse(
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
    tree = _Tree(path, seconds)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = _compose(text)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(path, text, error)], (1, 1)
    except RecursionError:
        return None, [Problem(path, 1, 1, "", _TOO_DEEP)], (1, 1)
    if root is None:
        return (
            None,
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    "the file is empty; a scenario needs at least id, title, language, industry, kind, "
                    "difficulty, version, persona, start and nodes — `dojo new FILE` writes a template",
                )
            ],
            (1, 1),
        )
    try:
        data = tree.build(root)
        if data is None and tree.refused:
            return None, tree.problems, (1, 1)
        if not isinstance(data, dict):
            tree.problem(
                (), f"a scenario is a mapping of keys (id: …, title: …), got {describe(data)}"
            )
            return None, tree.problems, (1, 1)
        bad = _schema_problems(tree, data)
        _semantic_problems(tree, data, bad)
    except _TooMany:
        tree.problems.append(
            Problem(
                path,
                tree.problems[-1].line,
                tree.problems[-1].column,
                "",
                f"more problems are not listed after the first {MAX_PROBLEMS_PER_FILE}; fix "
                "these, then check the file again",
            )
        )
    except _TooSlow:
        if keep is not None:
            keep["slow"] = True  # another time, on a less busy machine, it may pass
        return None, [Problem(path, 1, 1, "", _too_slow(seconds))], (1, 1)
    except RecursionError:
        return None, [Problem(path, 1, 1, "", _TOO_DEEP)], (1, 1)
    problems = sorted(tree.problems, key=lambda p: (p.line, p.column))
    id_mark = tree.mark(("id",))
    if any(p.severity == "error" for p in problems):
        return None, problems, id_mark
    scenario = _build(tree, data, content_hash)
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


_TOO_DEEP = (
    f"the lists and mappings are nested more than {MAX_DEPTH} levels deep; a scenario needs "
    "far fewer — check the brackets and indentation"
)


def _too_slow(seconds: float) -> str:
    return (
        f"checking this file took more than {seconds:g} s, so it was stopped; a "
        "scenario takes a few milliseconds — split it into smaller scenarios or remove "
        "repeated parts"
    )


def parse_scenario_text(
    text: str, path: str = "<string>", *, seconds: float = VALIDATION_SECONDS
) -> tuple[Scenario | None, list[Problem]]:
    """Parse and check a scenario given as text; the scenario is None when there is an error.

    Checking stops with a problem at 1:1 once it has taken longer than seconds.
    """
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    scenario, problems, _ = _parse(text, path, content_hash, seconds)
    return scenario, problems


def _check_file(
    path: Path, cache: ScenarioCache | None = None
) -> tuple[Scenario | None, list[Problem], tuple[int, int]]:
    """Read and check a file; also return where its id is, for duplicate-id reports.

    A file whose content was checked before, in this run or (with a cache) an earlier
    one, is not parsed again.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return (
                None,
                [
                    Problem(
                        name,
                        1,
                        1,
                        "",
                        f"the file is {_size(size)}; a scenario may be at most "
                        f"{_size(MAX_BYTES)} — split it into several scenarios",
                    )
                ],
                (1, 1),
            )
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [Problem(name, 1, 1, "", f"cannot read the file: {reason}")], (1, 1)
    if len(raw) > MAX_BYTES:
        # The file grew between stat and read.
        return (
            None,
            [Problem(name, 1, 1, "", f"the file is larger than {_size(MAX_BYTES)}")],
            (1, 1),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        return (
            None,
            [
                Problem(
                    name,
                    line,
                    column,
                    "",
                    f"the file is not UTF-8 (byte 0x{raw[error.start]:02X} cannot be read); "
                    "save it as UTF-8 in your editor",
                )
            ],
            (1, 1),
        )
    digest = hashlib.sha256(raw).hexdigest()
    known = _checked.get(digest) or (cache.get(digest) if cache is not None else None)
    if known is not None:
        found = _from_entry(known, name, digest)
        if found is not None:
            _checked[digest] = known
            return found
    keep: dict[str, Any] = {}
    scenario, problems, id_mark = _parse(text, name, digest, keep=keep)
    if not keep.get("slow"):
        entry = {
            "problems": [{k: v for k, v in p.to_dict().items() if k != "path"} for p in problems],
            "id_mark": list(id_mark),
            "data": keep.get("data"),
            "marks": keep.get("marks", []),
            "value_marks": keep.get("value_marks", []),
        }
        _checked[digest] = entry
        if cache is not None:
            cache.put(digest, entry)
    return scenario, problems, id_mark


_checked: dict[str, dict[str, Any]] = {}
"""Files checked in this run, by content hash: a folder is parsed once however often it is
loaded."""


def _from_entry(
    entry: dict[str, Any], path: str, digest: str
) -> tuple[Scenario | None, list[Problem], tuple[int, int]] | None:
    """The result of checking a file, rebuilt from a cache entry; None if the entry is unusable."""
    try:
        problems = [Problem(path=path, **problem) for problem in entry["problems"]]
        line, column = entry["id_mark"]
        if entry["data"] is None:
            return None, problems, (int(line), int(column))
        tree = _Tree(path)
        for key, (mark_line, mark_column) in entry["marks"]:
            tree.key_marks[tuple(key)] = (int(mark_line), int(mark_column))
        for key, (mark_line, mark_column) in entry["value_marks"]:
            tree.value_marks[tuple(key)] = (int(mark_line), int(mark_column))
        return _build(tree, entry["data"], digest), problems, (int(line), int(column))
    except (KeyError, TypeError, ValueError, AttributeError):
        # An entry from another version, or edited by hand: check the file again.
        return None


CACHE_ENV = "DOJO_SCENARIO_CACHE"
"""A folder for the scenario cache, or `off`; unset, the user cache folder is used."""


@cache
def _fingerprint() -> str:
    """What the checks depend on: this code, the data model, the schema and the limits."""
    digest = hashlib.sha256()
    here = Path(__file__).parent.parent
    for path in (
        *sorted(Path(__file__).parent.glob("*.py")),
        here / "model.py",
        here / "schema.py",
        here / "figures.py",
        here.parent / "limits.py",
        here.parent / "untrusted.py",
    ):
        digest.update(path.read_bytes())
    digest.update(json.dumps(scenario_schema(), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:16]


class ScenarioCache:
    """Checked scenario files, by content hash, as JSON files in a folder of their own.

    An entry holds a file's problems and, for a valid file, its checked data, so a shared
    folder of thousands of scenarios is parsed and checked once, not by every command.
    Entries live under a fingerprint of the checking code, so an upgrade never reads old
    ones. JSON, not pickle: an entry is data, never code.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder / _fingerprint()

    @classmethod
    def default(cls) -> ScenarioCache | None:
        """The cache in $DOJO_SCENARIO_CACHE or the user cache folder; None when turned off."""
        setting = os.environ.get(CACHE_ENV, "")
        if setting.lower() == "off":
            return None
        if setting:
            return cls(Path(setting))
        from simulator import paths

        try:
            return cls(paths.cache_dir() / "scenarios")
        except OSError:
            return None

    def get(self, digest: str) -> dict[str, Any] | None:
        """The entry of a file's content, or None when there is none (or it cannot be read)."""
        try:
            entry = json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) else None

    def put(self, digest: str, entry: dict[str, Any]) -> None:
        """Store an entry; a cache that cannot be written is simply not used."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary = self.folder / f".{digest}.{os.getpid()}.tmp"
            temporary.write_text(json_line(entry), encoding="utf-8")
            os.replace(temporary, self.folder / f"{digest}.json")
        except (OSError, ValueError):
            return


def _size(count: int) -> str:
    """A file size in words: `256 KiB`, `5.0 MiB`."""
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count / 1024 / 1024:.1f} MiB"


def check_file(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """Read and check one scenario file; never raises for bad content."""
    scenario, problems, _ = _check_file(path)
    return scenario, problems


def load_scenario(path: Path) -> Scenario:
    """Load one scenario file, or raise ScenarioError listing every problem in it."""
    scenario, problems = check_file(path)
    if scenario is None:
        found = [str(p) for p in problems if p.severity == "error"]
        count = f"{len(found)} problem" + ("" if len(found) == 1 else "s")
        listing = "\n".join(found)
        raise ScenarioError(
            f"{path} has {count}:\n{listing}\nFix them, then check with `dojo validate {path}`.",
            title="Scenario not valid",
        )
    return scenario


def scenario_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The scenario files in files and folders given (folders non-recursive, sorted by name)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.iterdir() if p.suffix in SCENARIO_SUFFIXES and p.is_file()
            )
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "", "no such file or folder; check the path"))
    return list(dict.fromkeys(files)), problems


def load_library(dirs: Sequence[Path], *, cache: ScenarioCache | bool | None = True) -> Library:
    """Load every scenario in the folders (or files) given; a bad file never stops the others.

    With cache=True the user's scenario cache (ScenarioCache.default) is used; pass a
    ScenarioCache, or False for none.
    """
    store = ScenarioCache.default() if cache is True else (cache or None)
    library = Library()
    files, library.problems = scenario_files(dirs)
    first_seen: dict[str, str] = {}
    for path in files:
        library.files.append(str(path))
        scenario, problems, (line, column) = _check_file(path, store)
        library.problems += problems
        if scenario is None:
            continue
        if scenario.id in library.scenarios:
            library.problems.append(
                Problem(
                    str(path),
                    line,
                    column,
                    "id",
                    f"the id '{scenario.id}' is already used by {first_seen[scenario.id]}; "
                    "give this scenario its own id",
                )
            )
            continue
        first_seen[scenario.id] = str(path)
        library.scenarios[scenario.id] = scenario
    return library


__all__ = [
    "MAX_BYTES",
    "Library",
    "Problem",
    "StrictLoader",
    "check_file",
    "did_you_mean",
    "load_library",
    "load_scenario",
    "parse_scenario_text",
    "scenario_files",
]
