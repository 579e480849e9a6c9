"""Untrusted text made safe for where it goes: a terminal, a spreadsheet, a JSON line."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.i18n import Message

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Characters that reorder the text around them on screen, so a name can look like another."""

LINE_SEPARATORS = "\u2028\u2029"
"""Unicode line and paragraph separators, which some terminals and editors break lines at."""


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _visible_table(newlines: bool) -> dict[int, str]:
    codes = [
        *range(0x00, 0x20),  # C0 controls: ESC starts every CSI and OSC sequence
        0x7F,
        *range(0x80, 0xA0),  # C1 controls: 0x9B is a one-byte CSI, 0x9D a one-byte OSC
        *(ord(c) for c in BIDI_CONTROLS + LINE_SEPARATORS),
        *range(0xD800, 0xE000),  # lone surrogates: no terminal or file encoding can carry them
    ]
    table = {code: _escape(code) for code in codes}
    if newlines:
        del table[ord("\n")]
    return table


_VISIBLE = _visible_table(newlines=True)
_VISIBLE_ONE_LINE = _visible_table(newlines=False)


def visible(text: object, *, newlines: bool = True) -> str:
    """Text to show on a terminal or screen, with every control character written out.

    ESC, the other C0 and C1 controls, DEL, bidirectional overrides, line separators and
    lone surrogates become escapes such as `\\x1b`, so no escape sequence reaches the
    terminal, nothing is drawn over and no text is hidden. Newlines stay unless
    newlines=False (a table cell or one-line field).
    """
    return str(text).translate(_VISIBLE if newlines else _VISIBLE_ONE_LINE)


def scrub(text: str) -> str:
    """The text with lone surrogates (from undecodable bytes) replaced by U+FFFD.

    Such a string cannot be written to a file, a terminal or the database.
    """
    return text.translate(_SURROGATES)


_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), "\ufffd")


def surrogate_at(text: str) -> int | None:
    """The offset of the first lone surrogate in a text, or None if there is none."""
    for index, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return index
    return None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What a spreadsheet may read as the start of a formula (OWASP CSV injection), including
the full-width forms some spreadsheets fold to the ASCII ones."""


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell no spreadsheet evaluates: text that could start a formula gets a leading '.

    Numbers stay numbers, so a negative score is still summed; booleans are 1/0 and None is
    empty. Lone surrogates are replaced, since no file encoding can carry them.
    """
    if isinstance(value, bool):
        return int(value)
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = scrub(str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def json_line(value: Any, *, indent: int | None = None) -> str:
    """JSON that keeps the text exactly yet is safe on a terminal and in any UTF-8 file.

    Non-ASCII letters stay readable (Chinese is not turned into \\u escapes); C1 controls,
    DEL, bidirectional overrides, line separators and lone surrogates are written as
    \\u escapes, which JSON readers turn back into the same characters.
    """
    separators = (", ", ": ") if indent is not None else (",", ":")
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    # Searching first is much quicker than translating a large text that needs nothing.
    return text.translate(_JSON_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


_JSON_ESCAPES = {
    code: f"\\u{code:04x}"
    for code in (
        0x7F,
        *range(0x80, 0xA0),
        *(ord(c) for c in BIDI_CONTROLS + LINE_SEPARATORS),
        *range(0xD800, 0xE000),
    )
}
_NEEDS_ESCAPE = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in sorted(_JSON_ESCAPES) if code < 0xD800)
    + "\ud800-\udfff]"
)
"""Any character json_line writes as a \\u escape."""


def describe_char(char: str) -> str | Message:
    """A character as U+XXXX with its Unicode name, e.g. `U+202E (RIGHT-TO-LEFT OVERRIDE)`.

    A control character, which has no Unicode name, is said to be one in the language its
    message is shown in: `U+001B (control character)`.
    """
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if name:
        return f"{code} ({name})"
    if ord(char) < 0x20:
        from simulator.i18n import Message

        return Message("char.control", {"code": code})
    return code


__all__ = [
    "BIDI_CONTROLS",
    "FORMULA_STARTS",
    "describe_char",
    "json_line",
    "scrub",
    "spreadsheet_cell",
    "surrogate_at",
    "visible",
]
