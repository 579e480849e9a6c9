"""Fuzz the reply path: classify, score, record, the transcripts and every export, on any text."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scoring
from simulator.cli.commands.classify import stream
from simulator.cli.commands.practice import Transcript
from simulator.errors import SimulatorError
from simulator.limits import MAX_REPLY_CHARS
from simulator.paths import bundled_scenarios_dir
from simulator.records import report as reports
from simulator.records.export import write_csv, write_jsonl, write_xapi
from simulator.records.store import Store
from simulator.scenario.loader import load_scenario
from simulator.session.engine import Session
from simulator.ui.widgets.hr_transcript import transcript_text
from simulator.untrusted import scrub

SCENARIO = load_scenario(bundled_scenarios_dir() / "b2b-price-en.yaml")
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\r")
FORMULA = ("=", "+", "-", "@", "\t", "\r")

FRAGMENTS = (
    "\x1b[2J", "\x1b]0;title\x07", "\x1b]52;c;eA==\x07", "\x9b31m", "\u202e", "\u2028",
    "\x0b", "\x0c", "\x85", "\r", "\r\n", "\ud800", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)",
    "+1", "-1", "\t", "价格太贵", "正因为", "yes, and if", "why?", "\x00", "\\u0000",
)  # fmt: skip

replies = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(st.characters(exclude_categories=()), max_size=30),
        st.text(alphabet="ab ", min_size=0, max_size=400),
    ),
    max_size=8,
).map("".join)
"""Replies of any characters, control and escape sequences, surrogates and long runs."""


def assert_terminal_safe(text: str) -> None:
    for char in RAW_CONTROLS:
        assert char not in text, repr(char)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(reply=replies, extra=st.binary(max_size=64), trainee=replies)
def test_any_reply_goes_through_every_surface_safely(
    reply: str, extra: bytes, trainee: str
) -> None:
    # dojo classify: one answer per line, whatever the bytes, and none raw on a terminal.
    requests = json.dumps({"reply": reply}).encode() + b"\n" + extra.replace(b"\n", b" ") + b"\n"
    sink = io.StringIO()
    stream(io.BytesIO(requests), sink)
    answers = [json.loads(line) for line in sink.getvalue().split("\n") if line]
    assert len(answers) == (2 if extra.strip() else 1)
    assert all(("technique" in a) != ("error" in a) for a in answers)
    assert_terminal_safe(sink.getvalue())

    # The engine scores it (or refuses it for its length) and the store records it.
    store = Store.memory()
    name = trainee.strip() or "t"
    session = Session(SCENARIO, scrub(name), 1, scorer=scoring.score_turn)
    session.on_turn = store.record_turn
    store.start_session(
        session_id=session.id,
        trainee=session.trainee,
        scenario=SCENARIO,
        seed=1,
        timed=False,
        started_at=datetime(2026, 5, 1, tzinfo=UTC),
        scorer_version=scoring.SCORER_VERSION,
    )
    if len(reply) > MAX_REPLY_CHARS:
        try:
            session.submit(reply)
        except SimulatorError as error:
            assert "at most 2,000 characters" in error.message
        else:
            raise AssertionError("a reply over the cap was scored")
        return
    turn = session.submit(reply, 3.0)
    assert turn.reply == scrub(reply)
    session.stop()
    store.finish_session(
        session.id,
        outcome=session.outcome,
        ended_at=datetime(2026, 5, 1, 0, 5, tzinfo=UTC),
        finished=session.finished,
        evaluation=session.evaluation(),
    )

    # The practice transcript and the HR transcript show it, written out.
    shown = io.StringIO()
    Transcript(SCENARIO, shown).turn(turn)
    assert_terminal_safe(shown.getvalue())
    detail = reports.session_detail(store, session.id)
    assert detail is not None
    assert_terminal_safe(transcript_text(detail, "en").plain)

    # The exports keep it: one CSV row per turn and no formula, JSON Lines and xAPI exact.
    table = io.StringIO()
    assert write_csv(reports.iter_session_records(store), table) == 1
    rows = list(csv.reader(io.StringIO(table.getvalue(), newline="")))
    assert len(rows) == 2
    for cell in rows[1]:
        assert not cell.startswith(FORMULA), cell
    lines = io.StringIO()
    write_jsonl(reports.iter_session_records(store), lines)
    [record] = [json.loads(line) for line in lines.getvalue().split("\n") if line]
    assert record["turns"][0]["reply"] == scrub(reply)
    statements = io.StringIO()
    write_xapi(reports.iter_session_records(store), statements)
    answered = [
        s for s in json.loads(statements.getvalue()) if s["verb"]["display"]["en-US"] == "answered"
    ]
    assert answered[0]["result"]["response"] == scrub(reply)
    store.close()
