"""A modal that shows an error the trainee must read, with what to do next."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from simulator.i18n import Language, t
from simulator.ui.bindings import localize_bindings
from simulator.untrusted import visible


class ErrorModal(ModalScreen[None]):
    """An error title and message; Enter or Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "key.close")]

    def __init__(self, title: str, message: str, lang: Language) -> None:
        super().__init__()
        self.error_title = title
        self.message = message
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -error"):
            yield Static(Content(self.error_title), classes="dialog-title")
            yield Static(Content(visible(self.message)), classes="dialog-body")
            yield Button(t("error.ok", self.lang), id="ok-button", variant="error")

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one("#ok-button", Button).focus()

    @on(Button.Pressed, "#ok-button")
    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
