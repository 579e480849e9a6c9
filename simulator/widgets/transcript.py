"""The conversation so far: customer lines, the trainee's replies and the feedback on each."""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from simulator.engine import TurnResult
from simulator.widgets.feedback import highlighted_reply


def customer_line(name: str, text: str) -> Static:
    """What the customer says, as plain text after their name."""
    return Static(
        Content.assemble((f"{name}: ", "bold $text-secondary"), text), classes="line customer"
    )


def reply_line(you: str, turn: TurnResult) -> Static:
    """The trainee's reply with its evidence highlighted at the scorer's offsets."""
    classification = turn.score.classification
    reply = highlighted_reply(
        turn.reply, classification.evidence, classification.technique, turn.score.flags
    )
    return Static(
        Content.assemble((f"{you}: ", "bold $text-primary"), reply), classes="line trainee"
    )


def note_line(text: str, *, warning: bool = False) -> Static:
    """A remark from the dojo: a revealed reason, a timeout, the ending."""
    return Static(Content(text), classes="line note -warning" if warning else "line note")


class Transcript(VerticalScroll):
    """A scrolling transcript; every line is plain text, never markup."""

    def append(self, widgets: Iterable[Widget]) -> None:
        """Add lines at the end and keep the latest in view."""
        self.mount_all(list(widgets))
        self.call_after_refresh(self.scroll_end, animate=False)
