"""The timed-mode countdown: seconds left for the current reply."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


class Countdown(Static):
    """Counts down from a limit once a second; goes on counting, in red, past zero."""

    DEFAULT_CSS = """
    Countdown {
        height: 1;
        width: 1fr;
        &.-over { color: $error; text-style: bold; }
    }
    """

    remaining: reactive[int] = reactive(0)

    def __init__(
        self,
        limit: int,
        format_left: Callable[[int], str],
        format_over: Callable[[int], str],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.limit = limit
        self.format_left = format_left
        self.format_over = format_over
        self.started = time.monotonic()
        self.set_reactive(Countdown.remaining, limit)

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def restart(self) -> None:
        """Start the count again for a new customer line."""
        self.started = time.monotonic()
        self.remaining = self.limit

    def elapsed(self) -> float:
        """Seconds since the count started."""
        return round(time.monotonic() - self.started, 3)

    def tick(self) -> None:
        """Update the seconds left."""
        self.remaining = self.limit - int(self.elapsed())

    def watch_remaining(self, remaining: int) -> None:
        self.set_class(remaining < 0, "-over")

    def render(self) -> Content:
        if self.remaining >= 0:
            return Content("⏱ " + self.format_left(self.remaining))
        return Content("⏱ " + self.format_over(-self.remaining))
