"""JSON Lines streams for the tool commands: every request line gets exactly one answer line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

from simulator.limits import MAX_REQUEST_BYTES, reply_too_long
from simulator.untrusted import json_line, scrub

Answer = Callable[[dict[str, Any]], dict[str, Any]]
"""What answers one request object; it raises RequestError for a request it cannot take."""


class RequestError(Exception):
    """A request line that is valid JSON but asks for something wrong; the message says what."""


def string_field(
    request: dict[str, Any], key: str, *, required: bool = False, reply: bool = False
) -> str | None:
    """A text field of a request, with lone surrogates (`\\ud800`) replaced by U+FFFD.

    Raises RequestError when the field is missing but required, is not a string, or (for a
    reply) is longer than the reply cap.
    """
    value = request.get(key)
    if value is None:
        if required:
            raise RequestError(f'missing "{key}" (a string)')
        return None
    if not isinstance(value, str):
        raise RequestError(
            f'missing "{key}" (a string)' if required else f'"{key}" must be a string or null'
        )
    if reply:
        too_long = reply_too_long(value)
        if too_long:
            raise RequestError(f'"{key}": {too_long}')
    return scrub(value)


def parse_request(raw: bytes, number: int) -> dict[str, Any]:
    """One request line as a JSON object; RequestError says what is wrong with it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RequestError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02X} at byte {error.start + 1}); "
            "send each line as UTF-8"
        ) from None
    if number == 1:
        text = text.removeprefix("\ufeff")
    try:
        request = json.loads(text)
    except json.JSONDecodeError as error:
        raise RequestError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise RequestError("not a request: the JSON is nested too deeply") from None
    except ValueError as error:
        # Python refuses to read integers of more than 4,300 digits.
        raise RequestError(f"not a request: {error}") from None
    if not isinstance(request, dict):
        raise RequestError('expected a JSON object like {"reply": "..."}')
    return request


def _read_line(source: IO[bytes]) -> tuple[bytes, bool]:
    """The next line (b'' at the end) and whether it was cut at MAX_REQUEST_BYTES.

    The rest of a line that is too long is read and dropped, so the next request starts
    where it should.
    """
    line = source.readline(MAX_REQUEST_BYTES + 1)
    if len(line) <= MAX_REQUEST_BYTES or line.endswith(b"\n"):
        return line, False
    while line and not line.endswith(b"\n"):
        line = source.readline(MAX_REQUEST_BYTES)
    return b"-", True


def answer_stream(source: IO[bytes], sink: IO[str], answer: Answer) -> int:
    """Answer each request line as it arrives, flushing after each; returns the lines answered.

    A bad line (not UTF-8, not JSON, too long, a wrong field, or one the answer fails on)
    gets {"error": "line N: ..."} and the stream goes on. Blank lines are skipped.
    """
    number = answered = 0
    while True:
        raw, too_long = _read_line(source)
        if not raw:
            return answered
        number += 1
        if too_long:
            result: dict[str, Any] = {
                "error": f"line {number}: the request is longer than {MAX_REQUEST_BYTES:,} "
                "bytes; send one shorter request per line"
            }
        elif not raw.strip():
            continue
        else:
            result = answer_line(raw, number, answer)
        sink.write(json_line(result) + "\n")
        sink.flush()
        answered += 1


def answer_line(raw: bytes, number: int, answer: Answer) -> dict[str, Any]:
    """The answer to one request line, or {"error": "line N: ..."} saying what went wrong."""
    try:
        return answer(parse_request(raw, number))
    except RequestError as error:
        return {"error": f"line {number}: {error}"}
    except Exception as error:
        # One request that trips the scorer must not cost the answers to the lines after it.
        return {"error": f"line {number}: could not answer ({type(error).__name__}: {error})"}


__all__ = [
    "Answer",
    "RequestError",
    "answer_line",
    "answer_stream",
    "parse_request",
    "string_field",
]
