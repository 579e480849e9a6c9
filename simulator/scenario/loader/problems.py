"""One problem in a scenario file, and the words problems are written in."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scoring.models import TECHNIQUE_NAMES, Language
from simulator.i18n import Joined, Message, t

Key = tuple[str | int, ...]
"""A path of keys and list indexes from the top of a scenario."""


@dataclass(frozen=True)
class Problem:
    """One problem in one scenario file, with where it is and what was expected.

    `message` is English, for the JSON output, logs and `str()`; a problem the loader finds
    also has its catalog `text`, which `render` and `message_in` show in either language.
    """

    path: str
    """The file, as given."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    key: str
    """Dotted key path, e.g. `nodes.opening.reactions.taichi.next`; empty for the whole file."""
    message: str
    """What is wrong and what was expected, in English."""
    severity: str = "error"
    """`error` (the scenario cannot be played) or `warning`."""
    text: Message | None = field(default=None, compare=False, repr=False)
    """The message as a catalog key with its values; None for a problem given as English."""

    @classmethod
    def of(
        cls, path: str, line: int, column: int, key: str, text: Message, severity: str = "error"
    ) -> Problem:
        """A problem whose message is a catalog text."""
        return cls(path, line, column, key, text.render("en"), severity, text)

    def message_in(self, lang: Language) -> str:
        """What is wrong, in lang (in English for a problem given as English)."""
        return self.message if self.text is None or lang == "en" else self.text.render(lang)

    def render(self, lang: Language) -> str:
        """The problem as one `FILE:LINE:COL: message [key]` line, in lang."""
        prefix = t("loader.warning", lang) if self.severity == "warning" else ""
        suffix = f" [{self.key}]" if self.key else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message_in(lang)}{suffix}"

    def __str__(self) -> str:
        return self.render("en")

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
        # Trainers may write a technique's display name (太极法, Tai-chi) for its id, or
        # its Chinese name without the 法 (太极, 询问).
        known = {n.lower() for n in names.values()} | {n.removesuffix("法") for n in names.values()}
        if label in options and value.strip().lower() in known:
            return label
    match = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not match:
        match = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return match[0] if match else None


def hint(value: object, choices: Iterable[str]) -> Message | str:
    """' — did you mean 'x'?' for the closest choice, or '' when none is close."""
    match = closest(value, choices)
    return Message("error.scenario.did_you_mean", {"match": match}) if match is not None else ""


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' — did you mean 'x'?' for the closest choice, or '' when none is close, in English."""
    found = hint(value, choices)
    return found.render("en") if isinstance(found, Message) else found


def dotted(key: Key) -> str:
    """A key path as `nodes.opening.reactions[0]`-style text."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def describe(value: object) -> Message | str:
    """A value's kind in words, for 'expected …, got …' messages."""
    if value is None:
        return Message("loader.value.nothing")
    if isinstance(value, bool):
        return Message("loader.value.yes_no", {"word": "true" if value else "false"})
    if isinstance(value, int | float):
        return Message("loader.value.number", {"number": value})
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else Message("loader.value.text")
    if isinstance(value, list):
        return Message("loader.value.list")
    if isinstance(value, dict):
        return Message("loader.value.mapping")
    return type(value).__name__


SEPARATOR = Message("loader.list_sep")
"""What comes between two items of a list in a problem: `a, b` in English, `a、b` in Chinese."""


def one_of(choices: Iterable[object]) -> Joined:
    """Choices as 'a, b, c'."""
    return Joined(tuple(str(c) for c in choices if not isinstance(c, bool)), SEPARATOR)
