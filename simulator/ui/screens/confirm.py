"""A modal screen for confirming an action that cannot be undone."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from simulator.i18n import Language
from simulator.ui.bindings import localize_bindings


class ConfirmModal(ModalScreen[bool]):
    """A question with a confirm and a cancel button; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "key.back")]

    def __init__(self, title: str, body: str, confirm: str, cancel: str, lang: Language) -> None:
        super().__init__()
        self.question = title
        self.body = body
        self.confirm_label = confirm
        self.cancel_label = cancel
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-title")
            yield Static(Content(self.body), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, id="confirm-button", variant="error")
                yield Button(self.cancel_label, id="cancel-button", variant="primary")

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one("#cancel-button", Button).focus()

    @on(Button.Pressed, "#confirm-button")
    def confirm(self) -> None:
        """Answer yes."""
        self.dismiss(True)

    @on(Button.Pressed, "#cancel-button")
    def action_cancel(self) -> None:
        """Answer no."""
        self.dismiss(False)
