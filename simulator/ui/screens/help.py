"""The help screen: the six techniques, with the source's examples, in the UI language."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from scoring.models import TECHNIQUES, Language
from simulator.i18n import has, t
from simulator.ui.bindings import localize_bindings
from simulator.ui.widgets.feedback import technique_name


def help_content(lang: Language) -> Content:
    """The whole help text: an introduction, each technique with examples, principles and keys."""
    parts: list[Content | str | tuple[str, str]] = [
        (t("help.title", lang), "bold $text-primary"),
        "\n",
        t("help.intro", lang),
    ]
    for technique in TECHNIQUES:
        parts += [
            "\n\n",
            (f"{technique_name(technique, lang)}", "bold $text-accent"),
            (f"  ({technique})", "$text-muted"),
            "\n",
            t(f"help.{technique}", lang),
        ]
        examples = f"help.{technique}.examples"
        if has(examples):
            parts += ["\n", (t(examples, lang), "italic")]
    parts += [
        "\n\n",
        (t("help.principles", lang), "bold $text-primary"),
        "\n",
        t("help.principles.body", lang),
        "\n\n",
        (t("help.keys", lang), "bold $text-primary"),
        "\n",
        t("help.keys.body", lang),
    ]
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """Explains the six techniques; Escape or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "key.close"),
        Binding("f1", "close", "key.close", show=False),
    ]

    def __init__(self, lang: Language) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_content(self.lang), id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
