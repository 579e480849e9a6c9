"""A modal that asks for a note on a closed session."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from simulator.i18n import Language, t
from simulator.records.store import MAX_NOTE_LENGTH
from simulator.ui.bindings import localize_bindings


class NoteModal(ModalScreen[str | None]):
    """Asks for a note's text; returns it, or None when cancelled or left empty."""

    DEFAULT_CSS = """
    NoteModal {
        align: center middle;
        & > Vertical {
            width: 70;
            max-width: 95%;
            height: auto;
            border: round $primary;
            padding: 0 1;
            background: $surface;
        }
        #note-title { text-style: bold; }
        #note-buttons { height: auto; align-horizontal: right; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "key.back")]

    def __init__(self, lang: Language) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical():
            yield Static(t("hr.note.title", lang), id="note-title")
            yield Input(
                placeholder=t("hr.note.placeholder", lang),
                max_length=MAX_NOTE_LENGTH,
                id="note-input",
            )
            with Horizontal(id="note-buttons"):
                yield Button(t("hr.note.save", lang), id="note-save", variant="primary")
                yield Button(t("hr.note.cancel", lang), id="note-cancel")

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one("#note-input", Input).focus()

    @on(Input.Submitted, "#note-input")
    @on(Button.Pressed, "#note-save")
    def save(self) -> None:
        """Return the note as typed; an empty one is the same as cancelling."""
        text = self.query_one("#note-input", Input).value.strip()
        self.dismiss(text or None)

    @on(Button.Pressed, "#note-cancel")
    def action_cancel(self) -> None:
        """Close without a note."""
        self.dismiss(None)
