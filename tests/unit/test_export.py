"""Tests for the exports: CSV and JSON Lines shape, and xAPI 1.0.3 statements checked to the spec."""

from __future__ import annotations

import csv
import io
import json
import re
import runpy
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from simulator.records import report as reports
from simulator.records.export import (
    CSV_COLUMNS,
    VERBS,
    account_name,
    iso_duration,
    write_csv,
    write_jsonl,
    write_xapi,
)
from simulator.records.store import Store

# The record factories of the store tests: make_scenario, make_turn, play, START.
f = SimpleNamespace(**runpy.run_path(str(Path(__file__).parent / "test_store.py")))

# xAPI 1.0.3 (xAPI-Data.md): §4.6 ISO 8601 durations, §4.5 timestamps, §2.4.5 results.
DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$"
)
"""An ISO 8601 duration; xAPI keeps at most 0.01 s of precision."""
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ADL_VERB = re.compile(r"^http://adlnet\.gov/expapi/verbs/[a-z]+$")
IRI = re.compile(r"^https?://[^\s/]+(/\S*)?$")
INTERACTION_TYPES = {
    "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
    "sequencing", "likert", "numeric", "other",
}  # fmt: skip


def statement_of(
    data: list[dict[str, Any]], session_id: str, verb: str, turn: int | None = None
) -> dict[str, Any]:
    """The one statement of a session with that verb (and, for answered, that turn index)."""
    [found] = [
        s
        for s in data
        if s["context"]["extensions"][f"{s['actor']['account']['homePage']}/xapi/session-id"]
        == session_id
        and s["verb"]["display"]["en-US"] == verb
        # The test records reply to turn i as "Reply i ...".
        and (turn is None or s["result"]["response"].startswith(f"Reply {turn} "))
    ]
    return found


def trainee_uid(store: Store, name: str) -> str:
    """The stable id the store gave a trainee."""
    found = store.trainee(name)
    assert found is not None
    return str(found["trainee_id"])


def check_statement(statement: dict[str, Any]) -> None:
    """Fail unless the statement keeps the xAPI 1.0.3 rules this export relies on."""
    assert uuid.UUID(statement["id"]).version == 5
    assert not {"stored", "authority", "version"} & set(statement)  # set by the LRS, not clients
    assert TIMESTAMP.match(statement["timestamp"]), statement["timestamp"]
    actor = statement["actor"]
    assert actor["objectType"] == "Agent"
    # An Agent has exactly one inverse functional identifier: here an opaque account.
    assert not {"mbox", "mbox_sha1sum", "openid"} & set(actor)
    assert IRI.match(actor["account"]["homePage"]) and actor["account"]["name"]
    verb = statement["verb"]
    assert ADL_VERB.match(verb["id"]) and verb["id"] in VERBS.values()
    assert verb["display"]["en-US"] == verb["id"].rsplit("/", 1)[1]
    activity = statement["object"]
    assert activity["objectType"] == "Activity" and IRI.match(activity["id"])
    definition = activity["definition"]
    assert IRI.match(definition["type"]) and definition["name"]
    if definition["type"].endswith("cmi.interaction"):
        assert definition["interactionType"] in INTERACTION_TYPES
    result = statement["result"]
    score = result["score"]
    assert -1 <= score["scaled"] <= 1
    assert score["min"] < score["max"] and score["min"] <= score["raw"] <= score["max"]
    assert isinstance(result["completion"], bool)
    assert isinstance(result.get("success", False), bool)
    if "duration" in result:
        assert DURATION.match(result["duration"]), result["duration"]
    context = statement["context"]
    assert str(uuid.UUID(context["registration"])) == context["registration"]
    for parent in context.get("contextActivities", {}).get("parent", []):
        assert parent["objectType"] == "Activity" and IRI.match(parent["id"])
    for key in (*context.get("extensions", {}), *result.get("extensions", {})):
        assert IRI.match(key), key
    json.dumps(statement)  # plain JSON data only


@pytest.fixture
def store(store: Store) -> Store:
    f.play(store, str(uuid.UUID(int=1)), trainee="ana", totals=(70, 90))  # finished, passed
    f.play(
        store,
        str(uuid.UUID(int=2)),
        trainee="ana",
        totals=(30, 20),
        started_at=f.START + timedelta(hours=1),
    )  # finished, failed
    f.play(
        store,
        str(uuid.UUID(int=3)),
        trainee="ben",
        totals=(80,),
        finished=False,
        started_at=f.START + timedelta(hours=2),
    )  # stopped unfinished
    f.play(
        store,
        str(uuid.UUID(int=4)),
        trainee="ben",
        totals=(50,),
        finished=None,
        started_at=f.START + timedelta(hours=3),
    )
    store.mark_abandoned(str(uuid.UUID(int=4)))
    f.play(store, "still-open", trainee="cai", finished=None)
    return store


def statements(store: Store, **options: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    count = write_xapi(reports.iter_session_records(store), out, **options)
    data = json.loads(out.getvalue())
    assert isinstance(data, list) and len(data) == count
    return data


def verbs_of(data: list[dict[str, Any]], registration: str) -> list[str]:
    return [
        s["verb"]["id"].rsplit("/", 1)[1]
        for s in data
        if s["context"]["registration"] == registration
    ]


class TestXapi:
    def test_every_statement_keeps_the_spec(self, store: Store) -> None:
        data = statements(store)
        assert data
        for statement in data:
            check_statement(statement)

    def test_session_verbs_follow_status_and_pass_mark(self, store: Store) -> None:
        data = statements(store)
        one, two, three, four = (str(uuid.UUID(int=n)) for n in range(1, 5))
        assert verbs_of(data, one) == ["completed", "passed", "answered", "answered"]
        assert verbs_of(data, two) == ["completed", "failed", "answered", "answered"]
        assert verbs_of(data, three) == ["attempted", "answered"]
        assert verbs_of(data, four) == ["attempted", "answered"]
        # An open session may still be written to, so it is not exported.
        assert len(data) == 4 + 4 + 2 + 2

    def test_session_result_score_success_completion_and_duration(self, store: Store) -> None:
        data = statements(store)
        one = str(uuid.UUID(int=1))
        passed = statement_of(data, one, "passed")
        assert passed["result"]["score"] == {"scaled": 0.8, "raw": 80, "min": 0, "max": 100}
        assert passed["result"]["success"] is True and passed["result"]["completion"] is True
        assert passed["result"]["duration"] == "PT1M5S"  # two turns of 30 s, ended 5 s later
        assert passed["timestamp"] == "2026-05-01T10:01:05.000Z"
        unfinished = statement_of(data, str(uuid.UUID(int=3)), "attempted")
        assert unfinished["result"]["completion"] is False
        assert "success" not in unfinished["result"]

    def test_answered_statement_per_turn(self, store: Store) -> None:
        data = statements(store, home_page="https://train.example.com/")
        one = str(uuid.UUID(int=1))
        turn = statement_of(data, one, "answered", 1)
        assert turn["object"]["definition"]["interactionType"] == "long-fill-in"
        assert turn["object"]["id"] == "https://train.example.com/scenarios/price-en/nodes/open"
        assert turn["result"]["response"] == "Reply 1 [b]not markup[/b]"
        assert turn["result"]["score"]["scaled"] == 0.9
        assert turn["result"]["extensions"]["https://train.example.com/xapi/technique"] == (
            "compensate"
        )
        assert turn["context"]["contextActivities"]["parent"] == [
            {"objectType": "Activity", "id": "https://train.example.com/scenarios/price-en"}
        ]
        # The stable id is the account; the display name is only beside it.
        assert turn["actor"] == {
            "objectType": "Agent",
            "name": "ana",
            "account": {"homePage": "https://train.example.com", "name": trainee_uid(store, "ana")},
        }

    def test_ids_are_deterministic_and_unique(self, store: Store) -> None:
        first, second = statements(store), statements(store)
        assert first == second
        ids = [s["id"] for s in first]
        assert len(ids) == len(set(ids))

    def test_a_session_id_that_is_not_a_uuid_gets_a_stable_registration(self) -> None:
        store = Store.memory()
        f.play(store, "plain-id", totals=(60,))
        [first, *_] = statements(store)
        check_statement(first)
        assert statements(store)[0]["context"]["registration"] == first["context"]["registration"]

    def test_anonymised_actor_is_a_stable_pseudonym(self, store: Store) -> None:
        data = statements(store, anonymise=True)
        ana, ben = trainee_uid(store, "ana"), trainee_uid(store, "ben")
        names = {s["actor"]["account"]["name"] for s in data}
        assert names == {account_name(ana, True), account_name(ben, True)}
        assert ana not in names and account_name(ana, True) == account_name(ana, True)
        assert all("name" not in s["actor"] for s in data)  # no display name either

    @pytest.mark.parametrize(
        "options",
        [
            {"anonymise": True},  # another actor
            {"home_page": "https://train.example.com"},  # another base for every IRI
        ],
    )
    def test_other_options_give_other_ids(self, store: Store, options: dict[str, Any]) -> None:
        plain = {s["id"] for s in statements(store)}
        other = {s["id"] for s in statements(store, **options)}
        assert len(other) == len(plain) and not plain & other

    def test_a_renamed_trainee_gets_new_ids_for_the_changed_statements(self, store: Store) -> None:
        before = {s["id"]: s for s in statements(store)}
        store.rename_trainee("ana", "Ana Lima")
        after = {s["id"]: s for s in statements(store)}
        changed = {i for i, s in before.items() if s["actor"].get("name") == "ana"}
        assert changed and not changed & set(after)  # ana's statements: new content, new ids
        assert set(before) - changed <= set(after)  # ben's: same content, same ids
        assert {s["actor"]["account"]["name"] for s in after.values()} == {
            trainee_uid(store, "Ana Lima"),
            trainee_uid(store, "ben"),
        }

    def test_empty_export_is_an_empty_array(self) -> None:
        assert statements(Store.memory()) == []


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "PT0S"),  # nothing
        (4.5, "PT4.5S"),  # fraction
        (0.004, "PT0S"),  # below the 0.01 s precision
        (0.016, "PT0.02S"),  # rounded to hundredths
        (65, "PT1M5S"),  # minutes
        (3600, "PT1H"),  # an exact hour
        (3723.25, "PT1H2M3.25S"),  # all parts
        (-3, "PT0S"),  # a clock that went back
    ],
)
def test_iso_duration(seconds: float, text: str) -> None:
    assert iso_duration(seconds) == text
    assert DURATION.match(text)


def test_csv_has_a_row_per_turn_with_its_session_columns(store: Store) -> None:
    out = io.StringIO()
    count = write_csv(reports.iter_session_records(store), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count == 2 + 2 + 1 + 1
    assert list(rows[0]) == list(CSV_COLUMNS)
    first = rows[0]
    assert first["session_id"] == str(uuid.UUID(int=1)) and first["trainee"] == "ana"
    assert (
        first["turn"] == "1" and first["turn_score"] == "70" and first["technique"] == "compensate"
    )
    assert first["passed"] == "1" and first["satisfaction_level"] == "satisfied"
    assert first["reply"] == "Reply 0 [b]not markup[/b]" and first["flags"] == "jargon"
    unfinished = next(r for r in rows if r["session_id"] == str(uuid.UUID(int=3)))
    assert unfinished["passed"] == "" and unfinished["status"] == "unfinished"


def test_csv_keeps_a_session_without_turns_as_one_row() -> None:
    store = Store.memory()
    f.play(store, "empty", totals=(), finished=False)
    f.play(store, "full", totals=(50,))
    out = io.StringIO()
    write_csv(reports.iter_session_records(store), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["session_id"] for row in rows] == ["empty", "full"]
    assert rows[0]["turn"] == "" and rows[0]["status"] == "unfinished"


def test_csv_round_trips_commas_quotes_and_newlines() -> None:
    store = Store.memory()
    f.play(store, "s", totals=(50,), finished=None)
    reply = 'Yes, "but" —\nif 价格, then'
    store.record_turn(f.make_turn("s", 1, reply=reply))
    store.finish_session(
        "s", outcome=None, ended_at=f.START + timedelta(minutes=2), finished=False, evaluation=None
    )
    out = io.StringIO()
    write_csv(reports.iter_session_records(store), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[1]["reply"] == reply


def test_jsonl_has_one_session_a_line_with_turns_and_evaluation(store: Store) -> None:
    out = io.StringIO()
    count = write_jsonl(reports.iter_session_records(store), out)
    lines = out.getvalue().splitlines()
    assert len(lines) == count == 4
    records = [json.loads(line) for line in lines]
    assert [len(r["turns"]) for r in records] == [2, 2, 1, 1]
    first = records[0]
    assert first["session"]["scorer_version"] == "test-1"
    assert first["session"]["evaluation_rule_version"] == "1"
    assert first["evaluation"]["grades"]["efficiency"] == 4
    assert first["turns"][0]["evidence"][0]["signal"] == "cue:test"
    assert datetime.fromisoformat(first["session"]["started_at"].replace("Z", "+00:00"))
    assert records[3]["evaluation"] is None and records[3]["session"]["status"] == "abandoned"
