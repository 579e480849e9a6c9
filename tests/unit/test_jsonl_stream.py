"""Tests for the JSON Lines streams: every line gets one answer, bad ones an error, none ends it."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.cli.commands.classify import stream
from simulator.cli.commands.jsonl import RequestError, answer_stream, string_field
from simulator.limits import MAX_REPLY_CHARS, MAX_REQUEST_BYTES

GOOD = json.dumps({"reply": "Why do you say that?"}).encode()


def answers(data: bytes) -> list[dict]:
    sink = io.StringIO()
    stream(io.BytesIO(data), sink)
    return [json.loads(line) for line in sink.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        (b'{"reply": "caf\xe9"}', "not UTF-8 text (byte 0xE9"),
        (b"\xff\xfe{", "not UTF-8 text (byte 0xFF"),
        (b"[" * 30_000 + b"]" * 30_000, "nested too deeply"),
        (b'{"reply": ' + b"9" * 5000 + b"}", "digits"),
        (b'{"reply": "' + b"a" * (MAX_REPLY_CHARS + 1) + b'"}', "at most 2,000 characters"),
        (b'{"reply": "' + b"a" * MAX_REQUEST_BYTES + b'"}', "longer than 65,536 bytes"),
        (b'{"reply": "ok", "objection": ["x"]}', '"objection" must be a string or null'),
        (b"NaN", "expected a JSON object"),
    ],
    ids=[
        "latin-1-not-utf-8",
        "utf-16-byte-order-mark",
        "json-nested-30000-deep",
        "a-5000-digit-number",
        "reply-over-the-cap",
        "line-over-the-request-cap",
        "objection-not-a-string",
        "not-an-object",
    ],
)
def test_a_bad_line_gets_an_error_and_the_stream_goes_on(bad: bytes, says: str) -> None:
    got = answers(GOOD + b"\n" + bad + b"\n" + GOOD + b"\n")
    assert len(got) == 3
    assert got[0]["technique"] == got[2]["technique"] == "ask"
    assert got[1]["error"].startswith("line 2: ")
    assert says in got[1]["error"]


def test_a_lone_surrogate_escape_is_replaced_not_fatal() -> None:
    got = answers(b'{"reply": "why \\ud800 do you say that?"}\n' + GOOD + b"\n")
    assert len(got) == 2
    assert "technique" in got[0] and got[1]["technique"] == "ask"


def test_an_answer_that_fails_is_reported_and_the_next_line_answered() -> None:
    calls: list[str] = []

    def answer(request: dict) -> dict:
        calls.append(request["reply"])
        if request["reply"] == "boom":
            raise ZeroDivisionError("division by zero")
        return {"ok": request["reply"]}

    sink = io.StringIO()
    lines = b'{"reply": "boom"}\n\n{"reply": "fine"}\n'
    assert answer_stream(io.BytesIO(lines), sink, answer) == 2
    first, second = (json.loads(line) for line in sink.getvalue().splitlines())
    assert first == {"error": "line 1: could not answer (ZeroDivisionError: division by zero)"}
    assert second == {"ok": "fine"}
    assert calls == ["boom", "fine"]


def test_output_with_control_characters_stays_one_json_line_and_round_trips() -> None:
    sink = io.StringIO()
    answer_stream(io.BytesIO(b'{"reply": "x"}\n'), sink, lambda r: {"echo": "\x1b]52;c;\x9b\u2028"})
    [line] = sink.getvalue().splitlines()
    assert "\x1b" not in line and "\x9b" not in line and "\u2028" not in line
    assert json.loads(line) == {"echo": "\x1b]52;c;\x9b\u2028"}


def test_string_field_says_what_is_wrong() -> None:
    assert string_field({"reply": "a\ud800"}, "reply", required=True) == "a\ufffd"
    with pytest.raises(RequestError, match='missing "reply"'):
        string_field({}, "reply", required=True)


def test_classify_reads_raw_bytes_from_standard_input() -> None:
    data = GOOD + b"\n" + b'{"reply": "\xff"}\n' + GOOD + b"\n"
    result = CliRunner().invoke(cli, ["classify"], input=data)
    assert result.exit_code == 0
    got = [json.loads(line) for line in result.output.splitlines()]
    assert [("error" in answer) for answer in got] == [False, True, False]


def test_classify_refuses_a_reply_argument_over_the_cap() -> None:
    result = CliRunner().invoke(cli, ["classify", "a" * (MAX_REPLY_CHARS + 1)])
    assert result.exit_code == 2
    assert "a reply may be at most 2,000 characters" in result.output


def test_classify_shows_control_characters_in_a_reply_written_out() -> None:
    result = CliRunner().invoke(cli, ["classify", "why\x1b]0;owned\x07 do you say that?"])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "why\\x1b]0;owned\\x07 do you say that?" in result.output


def test_score_answers_every_line_with_the_same_helper() -> None:
    good = json.dumps({"reply": "Why do you say that?", "objection": "Too pricey."}).encode()
    bad = [
        b'{"reply": "\xff"}',
        b"[" * 30_000,
        b'{"reply": "' + b"a" * 2001 + b'", "objection": "x"}',
    ]
    data = b"\n".join([good, *bad, good]) + b"\n"
    result = CliRunner().invoke(cli, ["score"], input=data)
    assert result.exit_code == 0
    got = [json.loads(line) for line in result.output.splitlines()]
    assert [("error" in answer) for answer in got] == [False, True, True, True, False]
    assert got[3]["error"].startswith('line 4: "reply": the reply is 2,001 characters long')
