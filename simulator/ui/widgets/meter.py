"""A one-line labelled gauge for the customer's mood and perceived satisfaction."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

BAR_CELLS = 14
"""Cells in the bar; the label and the value take the rest of the sidebar."""


class Meter(Static):
    """A label, a bar and the value, coloured by how good the value is."""

    DEFAULT_CSS = """
    Meter {
        height: 2;
        width: 1fr;
    }
    """

    value: reactive[float] = reactive(0.0)

    def __init__(
        self,
        label: str,
        value: float,
        *,
        low: float,
        high: float,
        decimals: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.low = low
        self.high = high
        self.decimals = decimals
        self.set_reactive(Meter.value, value)

    def render(self) -> Content:
        span = self.high - self.low
        share = 0.0 if span <= 0 else max(0.0, min(1.0, (self.value - self.low) / span))
        filled = round(share * BAR_CELLS)
        # Three bands read at a glance: poor, middling, good.
        style = "$error" if share < 0.35 else "$warning" if share < 0.6 else "$success"
        number = f"{self.value:.{self.decimals}f}/{self.high:.0f}"
        return Content.assemble(
            (self.label, "bold"),
            " ",
            (number, style),
            "\n",
            ("█" * filled, style),
            ("░" * (BAR_CELLS - filled), "$foreground 30%"),
        )
