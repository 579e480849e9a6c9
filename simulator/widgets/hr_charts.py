"""Charts of the HR screen: technique mix, score trend and satisfaction levels."""

from __future__ import annotations

from typing import Any

from textual_plotext import PlotextPlot


class ReportPlot(PlotextPlot):
    """A plot drawn from report rows: set_rows stores them and redraws once."""

    DEFAULT_CSS = """
    ReportPlot {
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
        if self.has_data():
            self.plot()
        else:
            self.plt.text(self.empty, 0.5, 0.5, alignment="center")
            self.plt.xlim(0, 1)
            self.plt.ylim(0, 1)
            self.plt.xticks([])
            self.plt.yticks([])
        self.refresh()

    def has_data(self) -> bool:
        """Whether there is anything to draw."""
        return bool(self.rows)

    def plot(self) -> None:
        """Draw self.rows with self.plt."""
        raise NotImplementedError


class TechniqueMixPlot(ReportPlot):
    """How often each technique was used: one bar per label (ids, which stay narrow)."""

    def has_data(self) -> bool:
        return any(row["uses"] for row in self.rows)

    def plot(self) -> None:
        labels = [row["technique"] for row in self.rows]
        uses = [row["uses"] for row in self.rows]
        self.plt.bar(labels, uses, marker="hd")


class ScoreTrendPlot(ReportPlot):
    """The average session score per period, on a 0-100 axis."""

    def plot(self) -> None:
        periods = [row["period"] for row in self.rows]
        scores = [row["average_score"] for row in self.rows]
        positions = list(range(1, len(periods) + 1))
        self.plt.plot(positions, scores, marker="braille")
        self.plt.scatter(positions, scores, marker="dot")
        # Label a handful of periods only, so the ticks never overlap.
        step = max(1, len(periods) // 4)
        shown = positions[::step]
        self.plt.xticks(shown, [periods[p - 1] for p in shown])
        self.plt.ylim(0, 100)


class SatisfactionPlot(ReportPlot):
    """Sessions per satisfaction level, worst to best."""

    def has_data(self) -> bool:
        return any(row["sessions"] for row in self.rows)

    def plot(self) -> None:
        levels = [row["level"] for row in self.rows]
        counts = [row["sessions"] for row in self.rows]
        self.plt.bar(levels, counts, marker="hd")


__all__ = ["ReportPlot", "SatisfactionPlot", "ScoreTrendPlot", "TechniqueMixPlot"]
