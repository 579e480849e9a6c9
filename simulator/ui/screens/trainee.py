"""A modal that asks who is practising, and in a served app their team too."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from simulator.i18n import Language, t
from simulator.settings import MAX_TRAINEE_LENGTH, clean_trainee
from simulator.ui.bindings import localize_bindings

SignIn = tuple[str, str | None]
"""A trainee's name, cleaned, and the team they gave (None: none given)."""


class TraineeModal(ModalScreen[SignIn | None]):
    """Asks for the trainee's name (and team); returns them cleaned, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "key.back")]

    def __init__(
        self,
        lang: Language,
        current: str | None = None,
        *,
        can_cancel: bool = True,
        ask_team: bool = False,
    ) -> None:
        super().__init__()
        self.lang = lang
        self.current = current
        self.can_cancel = can_cancel
        self.ask_team = ask_team

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog"):
            yield Static(t("trainee.title", lang), classes="dialog-title")
            prompt = "trainee.prompt_served" if self.ask_team else "trainee.prompt"
            yield Static(t(prompt, lang), classes="dialog-body")
            yield Input(
                value=self.current or "",
                placeholder=t("trainee.placeholder", lang),
                max_length=MAX_TRAINEE_LENGTH,
                id="trainee-input",
            )
            if self.ask_team:
                yield Input(
                    placeholder=t("trainee.team_placeholder", lang),
                    max_length=MAX_TRAINEE_LENGTH,
                    id="team-input",
                )
            yield Static("", id="trainee-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("trainee.save", lang), id="save-button", variant="primary")
                if self.can_cancel:
                    yield Button(t("trainee.cancel", lang), id="cancel-button")

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one("#trainee-input", Input).focus()

    @on(Input.Submitted, "#trainee-input")
    def next_field(self) -> None:
        """Enter in the name goes on to the team when one is asked, else saves."""
        if self.ask_team:
            self.query_one("#team-input", Input).focus()
        else:
            self.save()

    @on(Input.Submitted, "#team-input")
    @on(Button.Pressed, "#save-button")
    def save(self) -> None:
        """Return the name and team, or say why the name cannot be used."""
        name = clean_trainee(self.query_one("#trainee-input", Input).value)
        if not name:
            self.query_one("#trainee-error", Static).update(t("trainee.empty", self.lang))
            self.query_one("#trainee-input", Input).focus()
            return
        team = None
        if self.ask_team:
            team = clean_trainee(self.query_one("#team-input", Input).value) or None
        self.dismiss((name, team))

    @on(Button.Pressed, "#cancel-button")
    def action_cancel(self) -> None:
        """Close without changing the trainee, when a trainee is already set."""
        if self.can_cancel:
            self.dismiss(None)
