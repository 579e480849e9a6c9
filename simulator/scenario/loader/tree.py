"""The YAML tree of a scenario: plain data with the line and column of every key and value."""

from __future__ import annotations

import re
import time
from typing import Any

import yaml
import yaml.composer
import yaml.constructor

from simulator.i18n import Message
from simulator.limits import MAX_PROBLEMS_PER_FILE, VALIDATION_SECONDS
from simulator.scenario.loader.problems import Key, Problem, dotted
from simulator.untrusted import BIDI_CONTROLS, describe_char

MAX_DEPTH = 20
"""The deepest nesting of mappings and lists read; a scenario needs six levels."""

MAX_NODES = 500
"""The most dialogue nodes a scenario may have; a long one has a few dozen."""

MAX_KEYS = 1000
"""The most keys one mapping may have; the largest in a scenario is its nodes."""

UNSHOWABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")
"""Characters a scenario's text may not hold: controls (but tab and newline), bidirectional
overrides and lone surrogates. YAML lets them in only through escapes such as "\\e"."""

STR_TAG = "tag:yaml.org,2002:str"
"""The tag of a text, which YAML reads as the node's own value."""

TOO_DEEP = Message("loader.too_deep", {"depth": MAX_DEPTH})


class TooSlow(Exception):
    """Checking a file took longer than its time allowance."""


class TooMany(Exception):
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


def yaml_word(value: Any) -> str:
    """A value as the word the trainer wrote: YAML reads an unquoted true/false as a yes/no value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Tree:
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
        self, key: Key, message: Message, *, at_key: bool = False, severity: str = "error"
    ) -> None:
        """Record a problem at a key (or its value) of the tree.

        Raises TooMany once MAX_PROBLEMS_PER_FILE are listed: a file with thousands of
        problems is not fixed one line at a time, and listing them all would take long.
        """
        if len(self.problems) >= MAX_PROBLEMS_PER_FILE:
            raise TooMany
        line, column = self.mark(key, at_key=at_key)
        self.problems.append(Problem.of(self.path, line, column, dotted(key), message, severity))

    def refuse(self, key: Key, message: Message) -> None:
        """Record a problem with a value and leave the value out."""
        self.refused.add(key)
        self.problem(key, message)

    def was_refused(self, key: Key) -> bool:
        """Whether a key or one of the keys it lies under had its value refused."""
        return any(key[:end] in self.refused for end in range(len(key) + 1))

    def tick(self) -> None:
        """Raise TooSlow once the file's time allowance is spent."""
        if time.monotonic() > self.deadline:
            raise TooSlow

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
        mark = node.start_mark
        self.value_marks[key] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, key)
        if len(key) > MAX_DEPTH:
            self.refuse(key, TOO_DEEP)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any] | None:
        """The plain dict of a mapping node, refusing one too large and any duplicate key."""
        self.tick()
        if key == ("nodes",) and len(node.value) > MAX_NODES:
            values = {"nodes": len(node.value), "limit": MAX_NODES}
            self.refuse(key, Message("loader.too_many_nodes", values))
            return None
        if len(node.value) > MAX_KEYS:
            values = {"keys": len(node.value), "limit": MAX_KEYS}
            self.refuse(key, Message("loader.too_many_keys", values))
            return None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            where = (mark.line + 1, mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                self.value_marks[(*key, "?")] = where
                self.problem((*key, "?"), Message("loader.key_not_word"))
                continue
            # The raw text, so that a key such as `no` or `1` stays the word the trainer wrote.
            name = str(key_node.value)
            child = (*key, name)
            if UNSHOWABLE.search(name):
                self.value_marks[(*key, "?")] = where
                self.problem((*key, "?"), _unshowable(name))
                continue
            if name in result:
                first_line = self.key_marks[child][0]
                self.key_marks[child] = where
                again = Message("loader.duplicate_key", {"name": name, "first": first_line})
                self.problem(child, again, at_key=True)
                continue
            self.key_marks[child] = where
            if node.flow_style:
                self.flow_keys.add(child)
            result[name] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode, key: Key) -> Any:
        """The value of a scalar node: text as it is, anything else as YAML reads it."""
        if node.tag == STR_TAG:
            value: Any = node.value
        else:
            try:
                value = self._constructor.construct_object(node, deep=True)
            except yaml.constructor.ConstructorError as error:
                self.refuse(key, Message("loader.unreadable", {"problem": str(error.problem)}))
                return None
            except (ValueError, TypeError, OverflowError, IndexError) as error:
                # An explicit tag (`!!int abc`, or `!!int` with nothing after it), a date that
                # does not exist (2026-13-45) or an integer longer than Python reads.
                self.refuse(key, _unreadable(node, error))
                return None
        if isinstance(value, str) and UNSHOWABLE.search(value):
            self.refuse(key, _unshowable(value))
            return None
        return value


def _unreadable(node: yaml.Node, error: Exception) -> Message:
    """Why a scalar could not be read, in a trainer's words."""
    text = str(node.value)
    shown = text if len(text) <= 40 else text[:37] + "..."
    tag = str(node.tag)
    if tag.endswith((":timestamp", ":date")):
        return Message("loader.not_a_date", {"shown": shown, "error": str(error)})
    if "digits" in str(error):
        return Message("loader.too_many_digits", {"digits": len(text)})
    kind = tag.rsplit(":", 1)[-1]
    if not text.strip():
        return Message("loader.empty_tag", {"tag": kind})
    return Message("loader.wrong_tag", {"shown": shown, "tag": kind, "error": str(error)})


def _unshowable(text: str) -> Message:
    """Why a text with a control character, bidirectional override or surrogate is refused."""
    found = UNSHOWABLE.search(text)
    assert found is not None
    return Message("loader.unshowable", {"char": describe_char(found.group())})


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


def compose(text: str) -> yaml.Node | None:
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
            # An alias is written `*name`, so a text without a '*' has none.
            if root is None or "*" not in text or not _shares_nodes(root):
                return root
    return yaml.compose(text, Loader=StrictLoader)
