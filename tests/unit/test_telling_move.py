"""The customer answers the fault the scorer saw, whether a rule or the learned flag model saw it."""

from __future__ import annotations

from dataclasses import replace

from scoring import Flag, TurnSpec, score_turn
from simulator.session.reactions import telling_move

SPEC = TurnSpec("I read that your contracts renew automatically for three years.")
REPLY = "Let's go through the renewal terms together."


def test_a_flag_raised_without_its_move_is_answered_as_that_fault() -> None:
    score = score_turn(REPLY, SPEC)
    assert not {flag.id for flag in score.flags} & {"arguing", "face_threat"}
    blamed = replace(score, flags=(*score.flags, Flag("arguing", "", 12, (0, 5))))
    assert telling_move(blamed, REPLY) == ("blame_customer", True)


def test_a_flag_its_own_move_explains_is_not_answered_twice() -> None:
    reply = "That's not how it works here: it's month to month, clause 1 of the agreement."
    score = score_turn(reply, SPEC)
    assert "contradict_flat" in {move.id for move in score.moves}
    # A rebuttal's flat "no" is answered by the rebuttal's own reaction, not as condescension.
    assert telling_move(score, reply, "rebuttal")[0] != "condescend"
