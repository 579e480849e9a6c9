"""The learned flag model: it adds to the rules' flags, shows where, and can be left out."""

from __future__ import annotations

import pytest

from scoring import TurnSpec, score_turn
from scoring import flag_model as flag_model_module
from scoring.flag_model import LEARNED_FLAGS, flag_model, learned_flags
from scoring.text import normalise

SPEC = TurnSpec(
    "The heating's been off since Friday and nobody answered the emergency line.", kind="complaint"
)


def test_the_shipped_model_has_weights_for_each_learned_flag() -> None:
    model = flag_model()
    assert model is not None
    assert set(model.weights) == set(LEARNED_FLAGS)
    assert 0 < model.threshold < 1


def test_a_learned_flag_points_at_a_clause_of_the_reply() -> None:
    reply = "Honestly, everyone else manages fine. If you'd read the welcome pack you'd know the number."
    norm = normalise(reply)
    clauses = tuple((s, e) for s, e in [(0, 38), (39, len(norm.text))])
    raised = learned_flags(norm.text, clauses)
    assert "arguing" in raised
    for probability, span in raised.values():
        assert probability >= 0.5
        assert span in clauses


def test_learned_false_scores_with_the_rules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    reply = "Whatever you reckon, mate. Nothing we can change about that one, it's how it goes."
    with_model = {flag.id for flag in score_turn(reply, SPEC).flags}
    rules_only = {flag.id for flag in score_turn(reply, SPEC, learned=False).flags}
    assert rules_only <= with_model
    monkeypatch.setattr(flag_model_module, "flag_model", lambda: None)
    assert {flag.id for flag in score_turn(reply, SPEC).flags} == rules_only


def test_a_good_plain_reply_gets_no_learned_flag() -> None:
    reply = (
        "That's a miserable weekend, I'm sorry. An engineer can be with you by 6 tonight, "
        "and I'll call you at 7 to check the heating is back on."
    )
    assert not {flag.id for flag in score_turn(reply, SPEC).flags} & set(LEARNED_FLAGS)
