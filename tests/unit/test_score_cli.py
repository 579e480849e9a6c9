"""Tests for `dojo score`: the JSON Lines contract, errors per line, size limits and the explanation."""

from __future__ import annotations

import json

from click.testing import CliRunner

from scoring import POLICY, TurnSpec, score_turn
from simulator.cli import cli
from simulator.limits import MAX_REPLY_CHARS

REQUIRED = {
    "technique",
    "confidence",
    "total",
    "technique_fit",
    "execution",
    "relevance",
    "moves",
    "flags",
    "tip",
    "evidence",
}


def _run(*lines: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["score"], input="".join(line + "\n" for line in lines))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_each_line_gets_a_score_or_an_error_in_order() -> None:
    good = json.dumps(
        {
            "reply": "我理解，您是跟哪一家的报价比的呢？",
            "objection": "你们报价比别家高三成",
            "recommended": ["ask", "compensate"],
            "discouraged": [{"technique": "rebuttal", "reason": "价格是看法"}],
            "kind": "objection",
            "lang": "zh",
        },
        ensure_ascii=False,
    )
    answers = _run(
        good,
        "{not json",
        json.dumps({"reply": "hi"}),
        json.dumps({"reply": "ok", "objection": "x", "recommended": ["magic"]}),
        good,
    )
    assert len(answers) == 5
    assert REQUIRED <= set(answers[0]) and answers[0] == answers[4]
    assert answers[0]["technique"] == "ask"
    assert all(set(move) >= {"id", "span"} for move in answers[0]["moves"])  # type: ignore[attr-defined]
    assert answers[1] == {"error": answers[1]["error"]} and "line 2" in str(answers[1]["error"])
    assert 'missing "objection"' in str(answers[2]["error"])
    assert '"recommended"' in str(answers[3]["error"])


def test_flags_carry_id_message_and_span() -> None:
    [answer] = _run(
        json.dumps(
            {
                "reply": "As I mentioned before, it's all in the FAQ.",
                "objection": "How do I reset it?",
            }
        )
    )
    flags = answer["flags"]
    assert isinstance(flags, list) and flags
    assert {"id", "message", "span"} <= set(flags[0])
    assert "arguing" in {flag["id"] for flag in flags}


def test_a_huge_line_is_refused_with_a_clear_message() -> None:
    huge = json.dumps(
        {"reply": "x" * (5 * POLICY.max_reply_chars + 10000), "objection": "Too dear."}
    )
    answers = _run(huge, json.dumps({"reply": "Why do you say that?", "objection": "Too dear."}))
    assert "at most" in str(answers[0]["error"])
    assert answers[1]["technique"] == "ask"


def test_a_reply_over_the_cap_is_refused_and_says_what_the_cap_is() -> None:
    [answer] = _run(json.dumps({"reply": "It lasts. " * 600, "objection": "Too dear."}))
    assert f"at most {MAX_REPLY_CHARS:,} characters" in str(answer["error"])


def test_the_scorer_itself_cuts_a_reply_longer_than_its_policy_and_says_so() -> None:
    score = score_turn("It lasts. " * (POLICY.max_reply_chars // 5), TurnSpec("Too dear."))
    assert any("too long" in flag.message for flag in score.flags)


def test_one_reply_is_explained_with_moves_flags_and_tip() -> None:
    result = CliRunner().invoke(
        cli, ["score", "What's your favourite colour?", "--objection", "Your quote is 30% higher."]
    )
    assert result.exit_code == 0
    assert (
        "ask_off_topic" in result.output and "Tip:" in result.output and "Score:" in result.output
    )


def test_one_reply_needs_an_objection_or_a_scenario() -> None:
    result = CliRunner().invoke(cli, ["score", "Why?"])
    assert result.exit_code == 2
    assert "--objection" in result.output


def test_an_unknown_scenario_is_named() -> None:
    result = CliRunner().invoke(cli, ["score", "Why?", "--scenario", "no-such"])
    assert result.exit_code == 1
    assert "no scenario with id 'no-such'" in result.output
