"""The name and principle of each kind of scorer flag, for reports, from the scorer's registry."""

from __future__ import annotations

from scoring.registry import flag_kind


def principle_name(flag: str, lang: str) -> str:
    """A flag's display name in the language, or its id when the registry does not know it."""
    kind = flag_kind(flag)
    return kind.name(lang) if kind is not None else flag  # type: ignore[arg-type]


def principle_of(flag: str) -> str:
    """The DOMAIN.md principle a flag enforces, or empty when the registry does not know it."""
    kind = flag_kind(flag)
    return kind.principle if kind is not None else ""


__all__ = ["principle_name", "principle_of"]
