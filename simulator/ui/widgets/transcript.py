"""The conversation so far: customer lines, the trainee's replies and the feedback on each."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from simulator.session.turns import TurnResult
from simulator.ui.widgets.feedback import highlighted_reply
from simulator.untrusted import visible


class Speech(Horizontal):
    """One speaker's turn: the name once, then each thing said on its own line beneath the first.

    The customer's reaction and the next thing they say form one turn, so they share a name.
    """

    def __init__(self, speaker: str, said: Iterable[Content], *, classes: str) -> None:
        super().__init__(classes=f"speech {classes}")
        self.speaker = speaker
        self.said = list(said)

    def compose(self) -> ComposeResult:
        yield Static(Content(f"{visible(self.speaker, newlines=False)}: "), classes="speaker")
        with Vertical(classes="said"):
            for text in self.said:
                yield Static(text, classes="utterance")


def customer_speech(name: str, *texts: str) -> Speech:
    """What the customer says, as plain text (never markup), under their name."""
    return Speech(name, [Content(visible(text)) for text in texts if text], classes="customer")


def reply_speech(you: str, turn: TurnResult) -> Speech:
    """The trainee's reply with its evidence highlighted at the scorer's offsets."""
    classification = turn.score.classification
    reply = highlighted_reply(
        turn.reply, classification.evidence, classification.technique, turn.score.flags
    )
    return Speech(you, [reply], classes="trainee")


def note_line(text: str, *, warning: bool = False) -> Static:
    """A remark from the dojo: a revealed reason, a timeout, the ending."""
    return Static(Content(visible(text)), classes="line note -warning" if warning else "line note")


class Transcript(VerticalScroll):
    """A scrolling transcript; every line is plain text, never markup."""

    def append(self, widgets: Iterable[Widget]) -> None:
        """Add lines at the end and keep the latest in view."""
        self.mount_all(list(widgets))
        self.call_after_refresh(self.scroll_end, animate=False)


__all__ = ["Speech", "Transcript", "customer_speech", "note_line", "reply_speech"]
