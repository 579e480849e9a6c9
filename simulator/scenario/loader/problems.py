"""One problem in a scenario file, and the words problems are written in."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scoring.models import TECHNIQUE_NAMES

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


def closest(value: object, choices: Iterable[str]) -> str | None:
    """The choice closest to value, or None when none is close."""
    if not isinstance(value, str):
        return None
    options = list(choices)
    for label, names in TECHNIQUE_NAMES.items():
        # Trainers may write a technique's display name (太极法, Tai-chi) for its id.
        if label in options and value.strip().lower() in {n.lower() for n in names.values()}:
            return label
    match = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not match:
        match = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' — did you mean 'x'?' for the closest choice, or '' when none is close."""
    match = closest(value, choices)
    return f" — did you mean '{match}'?" if match is not None else ""


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
