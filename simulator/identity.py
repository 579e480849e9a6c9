"""Trainee identity: one normalised name per person, matched without regard to Latin case."""

from __future__ import annotations

import secrets
import unicodedata

from simulator.untrusted import BIDI_CONTROLS, scrub

MAX_NAME_LENGTH = 40
"""The longest display name kept; HR reports show it in a narrow column."""

TRAINEE_ID_PREFIX = "t-"
"""Stable trainee ids read `t-` and twelve hex digits, e.g. t-3f9a2c1b7d4e."""


def display_name(name: str) -> str:
    """A name as it is shown and stored: NFKC, trimmed, inner runs of spaces made one space.

    NFKC turns full-width letters, digits and the ideographic space into their plain forms,
    so a name typed with a Chinese input method's full-width mode matches the plain one.
    Control characters and bidirectional overrides are dropped, since a name is one line
    shown in HR's tables, and lone surrogates (undecodable bytes) become U+FFFD.
    """
    kept = "".join(
        c
        for c in unicodedata.normalize("NFKC", scrub(name))
        if c.isspace() or not (unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS)
    )
    return " ".join(kept.split())[:MAX_NAME_LENGTH]


def _fold(char: str) -> str:
    # Only Latin letters are folded: case means nothing in Chinese, and folding other
    # scripts (Greek final sigma, Turkish dotless i) is not what "the same name" means.
    if char.isascii():
        return char.lower()
    if "LATIN" in unicodedata.name(char, ""):
        return char.casefold()
    return char


def name_key(name: str) -> str:
    """The key two names share when they name the same trainee: "Lin Wei " = "lin wei"."""
    return "".join(_fold(char) for char in display_name(name))


def new_trainee_id() -> str:
    """A fresh stable id for a new trainee; it never changes, whatever the name becomes."""
    return TRAINEE_ID_PREFIX + secrets.token_hex(6)


__all__ = ["MAX_NAME_LENGTH", "display_name", "name_key", "new_trainee_id"]
