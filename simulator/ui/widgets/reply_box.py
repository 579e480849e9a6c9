"""The trainee's reply box: Enter sends the reply, Ctrl+J starts a new line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

from simulator.i18n import Language
from simulator.ui.bindings import localize_bindings


class ReplyBox(TextArea):
    """A multi-line reply box that sends on Enter; Ctrl+J (or Shift+Enter where the terminal reports it) adds a line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "send", "key.send", key_display="⏎"),
        Binding("ctrl+j", "newline", "key.newline", key_display="^j"),
    ]

    @dataclass
    class Sent(Message):
        """The trainee sent a reply."""

        reply_box: ReplyBox
        text: str
        """The reply as typed, with surrounding blank lines removed."""

        @property
        def control(self) -> ReplyBox:
            return self.reply_box

    def __init__(self, lang: Language, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=placeholder,
            compact=True,
        )
        self.lang = lang
        """The UI language its key descriptions are shown in."""

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)

    async def _on_key(self, event: events.Key) -> None:
        # TextArea inserts a newline on Enter; here Enter sends, and the new-line keys insert.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_send()
            return
        if event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            self.action_newline()
            return
        await super()._on_key(event)

    def action_send(self) -> None:
        """Post the reply and clear the box."""
        if self.read_only:
            return
        text = self.text.strip("\n")
        self.post_message(self.Sent(self, text))
        self.clear()

    def action_newline(self) -> None:
        """Insert a line break at the cursor."""
        if not self.read_only:
            start, end = self.selection
            self.replace("\n", start, end, maintain_selection_offset=False)
