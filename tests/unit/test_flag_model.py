"""The learned flag model: it adds to the rules' flags, shows where, and can be left out."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from scoring import FLAGS, TurnSpec, score_turn
from scoring import flag_model as flag_model_module
from scoring.flag_model import (
    LEARNED_FLAGS,
    FlagWeightsMismatch,
    flag_model,
    from_data,
    learned_flags,
)
from scoring.ngrams import analyse, grams, tfidf
from scoring.text import normalise

SPEC = TurnSpec(
    "The heating's been off since Friday and nobody answered the emergency line.", kind="complaint"
)
REPLIES = (
    "Honestly, everyone else manages fine. If you'd read the welcome pack you'd know the number.",
    "说明书上写得清清楚楚，您自己没看清楚怪谁呢？",
    "非常抱歉给您带来不便，我们深表歉意，感谢您的理解与支持。",
    "That's a miserable weekend, I'm sorry. An engineer can be with you by 6 tonight.",
    "這款是拆裝結構，拆開每件兩個人就抬得動，您看行嗎？",
    "ok ok ok",
)


def _shipped() -> dict[str, object]:
    raw = resources.files("scoring.data").joinpath("flag_weights.json").read_bytes()
    return json.loads(raw)  # type: ignore[no-any-return]


def test_the_shipped_model_learns_every_principle_flag() -> None:
    model = flag_model()
    assert model is not None
    assert set(LEARNED_FLAGS) == set(FLAGS) - {"gaming"}
    assert len(model.bias) == len(LEARNED_FLAGS)
    assert all(len(row) == len(LEARNED_FLAGS) for row in model.weights.values())
    assert set(model.weights) <= set(model.idf)
    assert 0 < model.threshold < 1
    assert len(model.idf) > 1000


def test_run_time_probabilities_are_the_ones_scikit_learn_gave_when_fitting() -> None:
    model = flag_model()
    assert model is not None
    check = _shipped()["check"]
    assert isinstance(check, list) and check
    for item in check:
        values = tfidf(model.idf, grams(normalise(item["reply"]).text))
        ours = model.probabilities(values)
        for flag, theirs in zip(LEARNED_FLAGS, item["probabilities"], strict=True):
            assert ours[flag] == pytest.approx(theirs, abs=2e-3), (item["reply"], flag)


def test_run_time_tfidf_values_equal_tfidfvectorizer() -> None:
    np = pytest.importorskip("numpy")
    text_module = pytest.importorskip("sklearn.feature_extraction.text")
    model = flag_model()
    assert model is not None
    names = sorted(model.idf)
    vectoriser = text_module.TfidfVectorizer(
        analyzer=lambda doc: doc, sublinear_tf=True, vocabulary=names
    )
    vectoriser.fit([names])
    vectoriser.idf_ = np.array([model.idf[name] for name in names])
    matrix = vectoriser.transform([analyse(normalise(reply).text) for reply in REPLIES])
    for row, reply in enumerate(REPLIES):
        ours = tfidf(model.idf, grams(normalise(reply).text))
        theirs = {names[i]: matrix[row, i] for i in matrix[row].nonzero()[1]}
        assert set(ours) == set(theirs), reply
        for name, value in ours.items():
            assert value == pytest.approx(theirs[name], abs=1e-12), (reply, name)
        assert math.isclose(sum(v * v for v in ours.values()), 1.0) or not ours


def test_a_weights_file_for_other_flags_is_refused() -> None:
    data = dict(_shipped())
    data["flags"] = list(LEARNED_FLAGS[:6])
    with pytest.raises(FlagWeightsMismatch, match=r"bench/train_flags\.py"):
        from_data(data)


def test_a_learned_flag_points_at_a_clause_of_the_reply() -> None:
    reply = REPLIES[0]
    norm = normalise(reply)
    clauses = tuple((s, e) for s, e in [(0, 38), (39, len(norm.text))])
    raised = learned_flags(norm.text, clauses)
    assert "arguing" in raised
    model = flag_model()
    assert model is not None
    for probability, span in raised.values():
        assert probability >= model.threshold
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


def test_a_stock_apology_is_an_empty_apology_though_an_apology_is_warm() -> None:
    spec = TurnSpec("你们扣了我两次费！怎么搞的？", kind="complaint")
    reply = REPLIES[2]
    assert "empty_apology" in {flag.id for flag in score_turn(reply, spec).flags}


def test_an_accusation_put_as_a_question_is_not_cleared_as_if_it_soothed() -> None:
    spec = TurnSpec("你们的菜里有头发！", kind="complaint")
    reply = "这不太可能吧，我们后厨都戴帽子的，会不会是您自己的头发掉进去了？"
    assert "arguing" in {flag.id for flag in score_turn(reply, spec).flags}


def test_letting_an_aside_pass_where_the_scenario_says_to_is_not_a_learned_brush_off() -> None:
    grumble = "Honestly, whoever designed this airport should be fired. Not one sign makes sense."
    reply = "Ha, it's a maze, no argument there! Anyway, you're all checked in; the blue shuttle right behind you goes to Terminal B."
    let_pass = TurnSpec(grumble, ("ignore", "yes_if", "ask"), kind="complaint")
    answer = TurnSpec(grumble, ("yes_if", "ask"), kind="complaint")
    assert "dismissive" not in {flag.id for flag in score_turn(reply, let_pass).flags}
    assert "dismissive" in {flag.id for flag in score_turn(reply, answer).flags}
