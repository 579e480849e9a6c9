"""The app's interface strings in Chinese and English, looked up by key."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from textual.dom import DOMNode

UILang = Literal["zh", "en"]

UI_LANGS: tuple[UILang, ...] = ("zh", "en")
"""The languages every string is written in."""

STRINGS_FILE = "strings.toml"
"""The strings file bundled with the package, next to this module."""


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """(dotted key, {"zh": ..., "en": ...}) for each string in a nested TOML table."""
    texts = {lang: text for lang, text in table.items() if isinstance(text, str)}
    if texts:
        yield prefix, texts
    for name, value in table.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}.{name}" if prefix else name)


def load_strings(text: str) -> dict[str, dict[str, str]]:
    """The strings in a TOML text, by dotted key; every key must have both a zh and an en text."""
    strings = dict(_flatten(tomllib.loads(text)))
    for key, texts in strings.items():
        missing = set(UI_LANGS) - set(texts)
        if missing:
            raise ValueError(f"{STRINGS_FILE}: [{key}] has no {', '.join(sorted(missing))} text")
    return strings


STRINGS: dict[str, dict[str, str]] = load_strings(
    resources.files("simulator").joinpath(STRINGS_FILE).read_text(encoding="utf-8")
)
"""Every interface string, by key, in each UI language."""


def register(strings: Mapping[str, Mapping[str, str]]) -> None:
    """Add strings (key -> {"zh": ..., "en": ...}) so other screens can use t() for their own keys.

    A key registered twice keeps the newer text, so a screen can be reloaded in a session.
    """
    for key, texts in strings.items():
        missing = set(UI_LANGS) - set(texts)
        if missing:
            raise ValueError(f"string {key!r} has no {', '.join(sorted(missing))} text")
        STRINGS[key] = dict(texts)


def t(key: str, lang: str, **values: object) -> str:
    """The string for key in lang, formatted with values; the key itself when it is unknown.

    Returning the key keeps the app running if a string is missing, and makes the gap easy to spot.
    """
    texts = STRINGS.get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts["en"]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether a string is registered for key."""
    return key in STRINGS


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Show a node's key descriptions in lang; the descriptions in its BINDINGS are string keys.

    Textual reads descriptions from the node's bindings map, so the translated bindings
    replace those declared on the class; calling it again switches language.
    """
    declared = type(node)._merged_bindings
    if declared is None:
        return
    for key, bindings in declared.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(binding, description=t(binding.description, lang))
            if has(binding.description)
            else binding
            for binding in bindings
        ]


__all__ = [
    "STRINGS",
    "UI_LANGS",
    "UILang",
    "has",
    "load_strings",
    "localize_bindings",
    "register",
    "t",
]
