"""A session's total score and whether it passed: computed here for the app, the CLI and the records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring.models import Language
from simulator.session.evaluation import fail_reason, passes

if TYPE_CHECKING:
    from simulator.scenario.model import Outcome


def session_total(points_sum: int, turn_count: int) -> int:
    """A session's total score: the average of its turns' points after hint costs, 0-100.

    A session with no turns totals 0.
    """
    return round(points_sum / turn_count) if turn_count else 0


@dataclass(frozen=True)
class Verdict:
    """A session's total score against its pass mark."""

    total: int
    """The average of the turns' points after hint costs, 0-100 (session_total)."""
    pass_mark: int
    """The scenario's pass mark."""
    passed: bool | None
    """Whether the session passed; None when it stopped unfinished, which is not graded."""
    reason: dict[Language, str] | None
    """Why a graded session did not pass, in both languages; None when it passed or was not graded."""


def judge(total: int, outcome: Outcome | None, pass_mark: int, *, finished: bool) -> Verdict:
    """The verdict on a session that ended with outcome and total; only a finished one is graded."""
    if not finished:
        return Verdict(total=total, pass_mark=pass_mark, passed=None, reason=None)
    return Verdict(
        total=total,
        pass_mark=pass_mark,
        passed=passes(total, outcome, pass_mark),
        reason=fail_reason(total, outcome, pass_mark),
    )


__all__ = ["Verdict", "judge", "session_total"]
