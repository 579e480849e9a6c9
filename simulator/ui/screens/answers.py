"""A modal that shows the trainer's model answers for the step just answered."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from simulator.i18n import t
from simulator.scenario.model import Node
from simulator.ui.bindings import localize_bindings
from simulator.ui.widgets.feedback import technique_name

if TYPE_CHECKING:
    from scoring.models import Language


class ModelAnswersModal(ModalScreen[None]):
    """The model answers of one node, by technique, recommended ones first."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "key.close")]

    def __init__(self, node: Node, customer_line: str, lang: Language) -> None:
        super().__init__()
        self.node = node
        self.customer_line = customer_line
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        order = [
            *self.node.recommend,
            *(k for k in self.node.model_answers if k not in self.node.recommend),
        ]
        parts: list[Content | str | tuple[str, str]] = [
            (t("answers.for", lang, line=self.customer_line), "italic $text-muted")
        ]
        for technique in order:
            for answer in self.node.model_answers.get(technique, ()):
                parts += [
                    "\n\n",
                    (technique_name(technique, lang), "bold $text-accent"),
                    "\n",
                    answer,
                ]
        with Vertical(classes="dialog -wide"):
            yield Static(t("answers.title", lang), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(Content.assemble(*parts), id="model-answers")
            yield Button(t("key.close", lang), id="close-button", variant="primary")

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one("#close-button", Button).focus()

    @on(Button.Pressed, "#close-button")
    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
