"""A modal that offers to resume or abandon a session left open last time."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from simulator.i18n import Language, t
from simulator.ui.bindings import localize_bindings
from simulator.untrusted import visible

ResumeChoice = tuple[Literal["resume", "abandon"], str]
"""What the trainee chose, and the session id it applies to."""


class ResumeModal(ModalScreen[ResumeChoice | None]):
    """Lists open sessions; returns ("resume" | "abandon", session id), or None for later."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "later", "key.back")]

    def __init__(self, sessions: list[dict[str, Any]], lang: Language) -> None:
        super().__init__()
        self.sessions = sessions
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        options = [
            Option(
                Content(
                    t(
                        "resume.item",
                        lang,
                        title=visible(
                            row.get("scenario_title") or row["scenario_id"], newlines=False
                        ),
                        started=str(row["started_at"])[:16].replace("T", " "),
                        count=row["turns"],
                    )
                    + (t("resume.elsewhere", lang) if row.get("elsewhere") else "")
                ),
                id=row["id"],
            )
            for row in self.sessions
        ]
        with Vertical(classes="dialog"):
            yield Static(t("resume.title", lang), classes="dialog-title")
            yield Static(t("resume.prompt", lang), classes="dialog-body")
            yield OptionList(*options, id="open-sessions")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("resume.resume", lang), id="resume-button", variant="primary")
                yield Button(t("resume.abandon", lang), id="abandon-button", variant="error")
                yield Button(t("resume.later", lang), id="later-button")

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        options = self.query_one("#open-sessions", OptionList)
        options.highlighted = 0
        options.focus()

    def _chosen(self) -> str | None:
        options = self.query_one("#open-sessions", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionSelected, "#open-sessions")
    @on(Button.Pressed, "#resume-button")
    def resume(self) -> None:
        """Resume the highlighted session."""
        chosen = self._chosen()
        if chosen is not None:
            self.dismiss(("resume", chosen))

    @on(Button.Pressed, "#abandon-button")
    def abandon(self) -> None:
        """Give up the highlighted session."""
        chosen = self._chosen()
        if chosen is not None:
            self.dismiss(("abandon", chosen))

    @on(Button.Pressed, "#later-button")
    def action_later(self) -> None:
        """Leave the sessions open and decide another time."""
        self.dismiss(None)
