"""The base of the app's full screens: the app, its UI language, and redrawing in it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen
from textual.widgets import DataTable

from simulator.i18n import t
from simulator.ui.bindings import localize_bindings

if TYPE_CHECKING:
    from scoring.models import Language
    from simulator.ui.app import DojoApp


class DojoScreen(Screen[None]):
    """A full screen of the dojo app; subclasses fill what compose leaves empty in `fill`."""

    @property
    def dojo(self) -> DojoApp:
        """The app, with its library, store and session actions."""
        return cast("DojoApp", self.app)

    @property
    def lang(self) -> Language:
        """The UI language (zh or en)."""
        return self.dojo.ui_lang

    def fill(self) -> None:
        """Fill tables and set the focus; runs after each compose, on mount and on relabel."""

    def keep(self) -> None:
        """Save what the trainee is typing before a relabel recomposes the screen."""

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.fill()

    def reset_table(
        self,
        selector: str,
        column_keys: list[str],
        prefix: str,
        widths: Mapping[str, int | None] | None = None,
    ) -> DataTable[Any]:
        """Empty a table and give it columns headed in the UI language; the table, to fill.

        Each column's key is its entry in column_keys, its heading the string `prefix.key`;
        widths fixes some columns' widths (the others fit their content).
        """
        table = self.query_one(selector, DataTable)
        table.clear(columns=True)
        for key in column_keys:
            width = (widths or {}).get(key)
            table.add_column(t(f"{prefix}.{key}", self.lang), key=key, width=width)
        return table

    async def relabel(self) -> None:
        """Redraw in the current UI language, keeping what is typed and chosen."""
        self.keep()
        localize_bindings(self, self.lang)
        await self.recompose()
        self.fill()


__all__ = ["DojoScreen"]
