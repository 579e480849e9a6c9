"""The errors the simulator shows its users, one base class with a title."""

from __future__ import annotations


class SimulatorError(Exception):
    """An error a user can act on: what failed, where, and what to do next."""

    title = "Error"

    def __init__(self, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title


class ScenarioError(SimulatorError):
    """A scenario file could not be read or is not valid."""

    title = "Scenario error"


class StoreError(SimulatorError):
    """The records database could not be opened, read or written."""

    title = "Database error"
