"""The name and principle of each kind of scorer flag, for reports, from the scorer's registry."""

from __future__ import annotations

from scoring.registry import flag_kind
from simulator.i18n import Language


def principle_name(flag: str, lang: Language) -> str:
    """A flag's display name in the language, or its id when the registry does not know it."""
    kind = flag_kind(flag)
    return kind.name(lang) if kind is not None else flag


def principle_of(flag: str) -> str:
    """The DOMAIN.md principle a flag enforces, or empty when the registry does not know it."""
    kind = flag_kind(flag)
    return kind.principle if kind is not None else ""


__all__ = ["principle_name", "principle_of"]
