"""The errors the simulator shows its users, one base class with a title."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from simulator.i18n import Language, Message


def _text(key: str, lang: Language) -> str:
    # The catalog is read when an error is made, not when this module is imported.
    from simulator.i18n import t

    return t(key, lang)


class SimulatorError(Exception):
    """An error a user can act on: what failed, where, and what to do next.

    `message` and `title` are English, for the command line and logs; an error made from the
    catalog with `from_catalog` is shown in the interface's language by `message_in` and
    `title_in`.
    """

    title_key = "error.title.simulator"
    """The catalog key of the title used when none is given."""

    def __init__(
        self,
        message: str,
        title: str | None = None,
        *,
        text: Message | None = None,
        title_key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        if title_key is not None:
            self.title_key = title_key
        self._given_title = title
        self.title = title if title is not None else _text(self.title_key, "en")

    @classmethod
    def from_catalog(cls, key: str, *, title_key: str | None = None, **values: Any) -> Self:
        """An error whose message is the catalog text of key, filled in with values."""
        from simulator.i18n import Message

        text = Message(key, values)
        return cls(text.render("en"), text=text, title_key=title_key)

    def message_in(self, lang: Language) -> str:
        """The message in lang; in English when the error was not made from the catalog."""
        return self.text.render(lang) if self.text is not None else self.message

    def title_in(self, lang: Language) -> str:
        """The title in lang; a title given as text stays as it was given."""
        return self._given_title if self._given_title is not None else _text(self.title_key, lang)


class ScenarioError(SimulatorError):
    """A scenario file could not be read or is not valid."""

    title_key = "error.title.scenario"


class StoreError(SimulatorError):
    """The records database could not be opened, read or written."""

    title_key = "error.title.store"


class SessionClaimedError(StoreError):
    """The session is open in another window, whose claim on it this app does not hold.

    `stale` says whether that window has been silent long enough for the claim to be taken
    over here, after the trainee confirms; `idle_seconds` is how long it has been silent.
    """

    title_key = "error.title.claimed"
    stale: bool = False
    idle_seconds: float = 0.0

    @classmethod
    def held(cls, idle_seconds: float, stale_after: float) -> SessionClaimedError:
        """The error for a claim whose window was last heard from idle_seconds ago."""
        stale = idle_seconds >= stale_after
        error = cls.from_catalog(
            "error.claim.stale" if stale else "error.claim.held",
            idle=round(idle_seconds),
            stale_after=round(stale_after),
        )
        error.stale = stale
        error.idle_seconds = idle_seconds
        return error


class ClaimLostError(StoreError):
    """Another window took the session over: this app records nothing more for it."""

    title_key = "error.title.claimed"
