"""The text catalog: every interface string in Chinese and English, looked up by key."""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from babel.core import Locale

    from scoring.models import Language


def __getattr__(name: str) -> Any:
    # The scorer's package is large; Language is its type, imported when it is asked for, so
    # that reading the catalog (and so every error message) does not load the scorer.
    if name == "Language":
        from scoring.models import Language

        return Language
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


LANGUAGES: tuple[Language, ...] = ("zh", "en")
"""The languages every string is written in."""

STRINGS_FILE = "strings.toml"
"""The catalog bundled with the package, next to this module."""

STRICT_ENV = "DOJO_STRICT_STRINGS"
"""Set to 1 (the tests do) to make an unknown key raise instead of showing the key."""

PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
"""The CLDR plural categories a text may be split into."""

Text = str | dict[str, str]
"""One language's text: a string, or a plural text by CLDR category (one, other, …)."""

log = logging.getLogger(__name__)


def _is_text(value: object) -> bool:
    """Whether a TOML value is one language's text: a string, or a table of plural forms."""
    return isinstance(value, str) or (
        isinstance(value, Mapping) and bool(value) and set(value) <= PLURAL_CATEGORIES
    )


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Text]]]:
    """(dotted key, {"zh": ..., "en": ...}) for each string in a nested TOML table.

    A zh or en entry that is a string or a table of plural forms is a text of the table's own
    key; any other table is a key one level down (so `[lang.zh]` names the language zh).
    """
    texts: dict[str, Text] = {lang: table[lang] for lang in LANGUAGES if _is_text(table.get(lang))}
    if texts:
        yield prefix, texts
    for name, value in table.items():
        if isinstance(value, Mapping) and name not in texts:
            yield from _flatten(value, f"{prefix}.{name}" if prefix else name)


def _problem(key: str, lang: str, text: Text) -> str | None:
    """What is wrong with a plural text of a key, or None when it is sound."""
    if isinstance(text, str):
        return None
    if "other" not in text or not all(isinstance(form, str) for form in text.values()):
        return f"[{key}] {lang} needs an `other` form, and every form must be a string"
    return None


def load_strings(text: str) -> dict[str, dict[str, Text]]:
    """The strings in a TOML text, by dotted key; every key must have both a zh and an en text."""
    strings = dict(_flatten(tomllib.loads(text)))
    for key, texts in strings.items():
        missing = set(LANGUAGES) - set(texts)
        if missing:
            raise ValueError(f"{STRINGS_FILE}: [{key}] has no {', '.join(sorted(missing))} text")
        for lang, value in texts.items():
            problem = _problem(key, lang, value)
            if problem is not None:
                raise ValueError(f"{STRINGS_FILE}: {problem}")
    return strings


STRINGS: Mapping[str, Mapping[str, Text]] = load_strings(
    resources.files("simulator").joinpath(STRINGS_FILE).read_text(encoding="utf-8")
)
"""Every interface string, by key, in each language."""


@cache
def _locale(lang: Language) -> Locale:
    # Babel's locale data is read on first use only: most screens need no plural.
    from babel.core import Locale

    return Locale.parse(lang)


def plural_form(lang: Language, count: float) -> str:
    """The CLDR plural category of count in lang: 'one' or 'other' in English, 'other' in Chinese."""
    if type(count) is int:
        # A whole number's form in the two catalog languages is CLDR's rule written out
        # (English: one for 1 and -1; Chinese: other only), so a command that prints one count does
        # not wait for Babel's locale data.
        if lang == "zh":
            return "other"
        if lang == "en":
            return "one" if abs(count) == 1 else "other"
    return str(_locale(lang).plural_form(count))


def strict() -> bool:
    """Whether an unknown key raises: under test, or when $DOJO_STRICT_STRINGS is set."""
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


def t(key: str, lang: Language, **values: Any) -> str:
    """The string for key in lang, formatted with values; a plural text picks its form by `count`.

    An unknown key raises KeyError in strict mode; otherwise it is logged as an error and the
    key itself is shown, so the app keeps running and the gap is easy to spot.
    """
    texts = STRINGS.get(key)
    if texts is None:
        if strict():
            raise KeyError(f"no string {key!r} in {STRINGS_FILE}")
        log.error("no string %r in %s", key, STRINGS_FILE)
        return key
    text = texts.get(lang) or texts["en"]
    if not isinstance(text, str):
        text = text.get(plural_form(lang, values["count"]), text["other"])
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether the catalog has a string for key."""
    return key in STRINGS


@runtime_checkable
class Renderable(Protocol):
    """A value shown in the language of the text it is put into."""

    def render(self, lang: Language) -> str:
        """The value's text in lang."""
        ...


@dataclass(frozen=True)
class Message:
    """A catalog key with the values to fill in, rendered in a language when it is shown."""

    key: str
    """The catalog key."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """The values for the key's {name} fields; a Renderable value (a Message) is rendered too."""

    def render(self, lang: Language) -> str:
        """The message's text in lang."""
        values = {name: _shown(value, lang) for name, value in self.values.items()}
        return t(self.key, lang, **values)

    def __hash__(self) -> int:
        # Equal messages say the same thing, so a set of them holds each problem once.
        return hash((self.key, tuple(self.values.items())))


def _shown(value: Any, lang: Language) -> Any:
    """A value put into a text: a Renderable in lang, anything else as it is."""
    return value.render(lang) if isinstance(value, Renderable) else value


@dataclass(frozen=True)
class Joined:
    """Values shown one after another, with a separator between them, in the language asked.

    The separator is a text or a Message, so that a list reads `a, b` in English and `a、b`
    in Chinese; a Renderable item is rendered in the same language.
    """

    items: tuple[Any, ...]
    """The values, in order."""
    separator: str | Message = ", "
    """What comes between two values."""

    def render(self, lang: Language) -> str:
        """The values joined, in lang."""
        separator = str(_shown(self.separator, lang))
        return separator.join(str(_shown(item, lang)) for item in self.items)


def to_data(value: Any) -> Any:
    """A value of a Message as plain JSON data, for a cache; `from_data` reads it back."""
    if isinstance(value, Message):
        return {"key": value.key, "values": {k: to_data(v) for k, v in value.values.items()}}
    if isinstance(value, Joined):
        return {"join": [to_data(item) for item in value.items], "by": to_data(value.separator)}
    return value


def from_data(data: Any) -> Any:
    """The Message (or value of one) that `to_data` wrote; raises ValueError for other data."""
    if not isinstance(data, dict):
        if isinstance(data, list):
            raise ValueError("a list is not a message's value")
        return data
    if "join" in data:
        return Joined(tuple(from_data(item) for item in data["join"]), from_data(data["by"]))
    key, values = data["key"], data["values"]
    if not isinstance(key, str) or not isinstance(values, dict):
        raise ValueError("not a message")
    return Message(key, {str(k): from_data(v) for k, v in values.items()})


__all__ = [
    "LANGUAGES",
    "STRICT_ENV",
    "STRINGS",
    "Joined",
    "Language",
    "Message",
    "Renderable",
    "from_data",
    "has",
    "load_strings",
    "plural_form",
    "strict",
    "t",
    "to_data",
]
