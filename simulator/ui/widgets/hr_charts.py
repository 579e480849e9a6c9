"""Charts of the HR screen: technique mix, score trend and satisfaction levels."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget
from textual_plotext import PlotextPlot

EIGHTHS = " ▏▎▍▌▋▊▉"
"""Partial blocks, so a bar's length is exact to an eighth of a cell."""


class ReportPlot(PlotextPlot):
    """A plot drawn from report rows: set_rows stores them and redraws once."""

    DEFAULT_CSS = """
    ReportPlot {
        width: 1fr;
        height: 1fr;
        min-height: 8;
        border: round $primary 50%;
    }
    """

    def __init__(self, title: str, empty: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.empty = empty
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Show these rows; the drawing is rebuilt here, not on every resize."""
        self.rows = rows
        self.plt.clear_figure()
        self.plt.title(self.title)
        if self.rows:
            self.plot()
        else:
            self.plt.text(self.empty, 0.5, 0.5, alignment="center")
            self.plt.xlim(0, 1)
            self.plt.ylim(0, 1)
            self.plt.xticks([])
            self.plt.yticks([])
        self.refresh()

    def plot(self) -> None:
        """Draw self.rows with self.plt."""
        raise NotImplementedError


class ScoreTrendPlot(ReportPlot):
    """The average session score per period, on a 0-100 axis."""

    def plot(self) -> None:
        periods = [row["period"] for row in self.rows]
        scores = [row["average_score"] for row in self.rows]
        positions = [float(n) for n in range(1, len(periods) + 1)]
        self.plt.plot(positions, scores, marker="braille")
        self.plt.scatter(positions, scores, marker="dot")
        # Label a handful of periods only, so the ticks never overlap.
        step = max(1, len(periods) // 4)
        shown = positions[::step]
        self.plt.xticks(shown, [periods[int(p) - 1] for p in shown])
        self.plt.ylim(0, 100)


def bar(value: float, largest: float, width: int) -> str:
    """A bar of value on a scale where largest fills width cells, to an eighth of a cell."""
    if largest <= 0 or width <= 0:
        return ""
    eighths = round(value / largest * width * 8)
    whole, part = divmod(eighths, 8)
    return "█" * whole + (EIGHTHS[part] if part else "")


class CountBars(Widget):
    """A horizontal bar chart of counts, one labelled row per report row.

    Drawn as text rather than with plotext: plotext rasterises bars onto whole rows and at
    this height smears one bar over its neighbour's, which would misreport the counts.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"count-bars--bar"}

    DEFAULT_CSS = """
    CountBars {
        width: 1fr;
        height: 1fr;
        min-height: 8;
        border: round $primary 50%;
        padding: 0 1;
        & > .count-bars--bar { color: $primary; }
    }
    """

    LABEL = "label"
    """The row key of each bar's label."""
    COUNT = "count"
    """The row key of each bar's count."""

    def __init__(self, title: str, empty: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.empty = empty
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Show these rows."""
        self.rows = rows
        self.refresh()

    def render(self) -> Text:
        text = Text(self.title, style="bold", justify="left")
        counts = [row[self.COUNT] or 0 for row in self.rows]
        if not any(counts):
            text.append(f"\n\n{self.empty}", style="dim")
            return text
        labels = [str(row[self.LABEL]) for row in self.rows]
        # Widths in terminal cells: a Chinese label takes two per character.
        label_width = max(cell_len(label) for label in labels)
        count_width = max(len(str(count)) for count in counts)
        bar_width = max(1, self.content_size.width - label_width - count_width - 3)
        largest = max(counts)
        bar_style = self.get_component_rich_style("count-bars--bar")
        for label, count in zip(labels, counts, strict=True):
            text.append(f"\n{' ' * (label_width - cell_len(label))}{label} ")
            text.append(bar(count, largest, bar_width), style=bar_style)
            text.append(f" {count}", style="bold")
        return text


class TechniqueMixPlot(CountBars):
    """How often each technique was used: one bar per label."""

    LABEL = "technique"
    COUNT = "uses"


class SatisfactionPlot(CountBars):
    """Sessions per satisfaction level, worst to best."""

    LABEL = "level"
    COUNT = "sessions"


LEVELS = " ▁▂▃▄▅▆▇█"
"""Blocks filled from the bottom, so a column's height is exact to an eighth of a row."""


def column(value: float, top: float, rows: int) -> list[str]:
    """A bar of value on a scale where top fills rows rows, as its cells from the top down."""
    eighths = round(max(0.0, min(value, top)) / top * rows * 8) if top > 0 else 0
    return [LEVELS[max(0, min(8, eighths - 8 * level))] for level in range(rows - 1, -1, -1)]


class WeeklyBars(Widget):
    """The average score of each week as a column on a 0-100 axis, the latest weeks that fit.

    Drawn as text: every run gives the same picture. A week without a session (average
    None) keeps its place as a dot, so the columns read as time.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"weekly-bars--bar"}

    DEFAULT_CSS = """
    WeeklyBars {
        width: 1fr;
        height: 1fr;
        min-height: 8;
        border: round $primary 50%;
        padding: 0 1;
        & > .weekly-bars--bar { color: $primary; }
    }
    """

    AXIS = 4
    """Cells for the axis: `100┤`."""
    WEEK = 3
    """Cells per week: a column two cells wide and a gap."""

    def __init__(self, title: str, empty: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.empty = empty
        self.rows: list[dict[str, Any]] = []
        """Report rows with `period` and `average_score` (None: no session), oldest first."""

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Show these rows."""
        self.rows = rows
        self.refresh()

    def shown(self, width: int) -> list[dict[str, Any]]:
        """The latest rows that fit in width cells."""
        fit = max(1, (width - self.AXIS + 1) // self.WEEK)
        return self.rows[-fit:]

    def render(self) -> Text:
        text = Text(self.title, style="bold", justify="left")
        if all(row["average_score"] is None for row in self.rows):
            text.append(f"\n\n{self.empty}", style="dim")
            return text
        rows = max(1, self.content_size.height - 2)
        weeks = self.shown(self.content_size.width)
        columns = [
            [" "] * (rows - 1) + ["·"]
            if row["average_score"] is None
            else column(row["average_score"], 100.0, rows)
            for row in weeks
        ]
        bar_style = self.get_component_rich_style("weekly-bars--bar")
        for r in range(rows):
            axis = "100" if r == 0 else "0" if r == rows - 1 else "50" if r == rows // 2 else ""
            text.append(f"\n{axis:>3}┤")
            text.append(" ".join(cells[r] * 2 for cells in columns), style=bar_style)
        first, last = str(weeks[0]["period"]), str(weeks[-1]["period"])
        gap = self.WEEK * len(weeks) - 1 - cell_len(first) - cell_len(last)
        labels = first + " " * gap + last if gap >= 1 else last
        text.append("\n" + " " * self.AXIS + labels, style="dim")
        return text


__all__ = [
    "LEVELS",
    "CountBars",
    "ReportPlot",
    "SatisfactionPlot",
    "ScoreTrendPlot",
    "TechniqueMixPlot",
    "WeeklyBars",
    "bar",
    "column",
]
