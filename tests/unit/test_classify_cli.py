"""Tests for `dojo classify`: the JSON Lines stream contract and the readable explanation."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from scoring import SCORER_VERSION
from simulator.cli import cli


def test_stream_answers_each_line_before_the_next_arrives() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", "from simulator.cli import cli; cli(['classify'])"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(
            json.dumps({"reply": "Why do you say that?", "objection": "Too pricey.", "lang": None})
            + "\n"
        )
        process.stdin.flush()
        first = json.loads(process.stdout.readline())
        assert first["technique"] == "ask"
        process.stdin.write(
            json.dumps(
                {"reply": "正因为您年轻，保费才最便宜。", "objection": "我还年轻"},
                ensure_ascii=False,
            )
            + "\n"
        )
        process.stdin.flush()
        second = json.loads(process.stdout.readline())
        assert second["technique"] == "taichi"
        assert second["evidence"][0]["text"] in "正因为您年轻，保费才最便宜。"
    finally:
        process.stdin.close()
        process.wait(timeout=30)
    assert process.returncode == 0


def test_stream_reports_bad_lines_and_carries_on() -> None:
    lines = [
        json.dumps({"reply": "That's exactly why this one suits you."}),
        "{not json",
        json.dumps({"objection": "no reply here"}),
        json.dumps({"reply": 42}),
        json.dumps({"reply": "Sure.", "lang": "fr"}),
        json.dumps(["a list"]),
        json.dumps({"reply": "您说得对，不过如果按十年算呢？", "lang": "zh"}, ensure_ascii=False),
    ]
    result = CliRunner().invoke(cli, ["classify"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert len(answers) == 7
    assert answers[0]["technique"] == "taichi"
    assert answers[1]["error"].startswith("line 2: not valid JSON")
    assert answers[2] == {"error": 'line 3: missing "reply" (a string)'}
    assert answers[3] == {"error": 'line 4: missing "reply" (a string)'}
    assert answers[4] == {"error": 'line 5: "lang" must be "zh", "en" or null'}
    assert answers[5]["error"].startswith("line 6: expected a JSON object")
    assert answers[6]["technique"] == "yes_if"
    for answer in (answers[0], answers[6]):
        assert {"technique", "confidence", "evidence", "runner_up", "language"} <= set(answer)
        assert answer["scorer_version"] == SCORER_VERSION
        for item in answer["evidence"]:
            assert {"start", "end", "text", "technique", "signal", "weight"} <= set(item)


def test_stream_keeps_chinese_readable() -> None:
    result = CliRunner().invoke(
        cli, ["classify"], input=json.dumps({"reply": "为什么这么说呢？"}) + "\n"
    )
    assert "为什么" in result.output


def test_single_reply_prints_an_explanation() -> None:
    result = CliRunner().invoke(
        cli, ["classify", "正因为您年轻，保费才最便宜。", "--objection", "我还年轻"]
    )
    assert result.exit_code == 0
    assert "太极法 / Tai-chi (taichi)" in result.output
    assert "Runner-up:" in result.output
    [first_evidence] = [line for line in result.output.splitlines() if "-> taichi" in line][:1]
    assert "正因为" in first_evidence and "cue:precisely-because-zh" in first_evidence
    assert "Probabilities:" in result.output


def test_single_reply_rejects_an_unknown_language() -> None:
    result = CliRunner().invoke(cli, ["classify", "hello", "--lang", "fr"])
    assert result.exit_code == 2
    assert "Invalid value for '--lang'" in result.output
