"""Key descriptions in the footer and command palette, in the interface's language."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from simulator.i18n import Language, has, t

if TYPE_CHECKING:
    from textual.dom import DOMNode


def localize_bindings(node: DOMNode, lang: Language) -> None:
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


__all__ = ["localize_bindings"]
