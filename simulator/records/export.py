"""Exports of the records: CSV (one row per turn), JSON Lines (one session a line), xAPI 1.0.3."""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import IO, Any

from simulator.i18n import Language
from simulator.records.store import parse_utc
from simulator.untrusted import json_line, spreadsheet_cell

DEFAULT_HOME_PAGE = "https://objection-dojo.invalid"
"""The actor account's homePage when none is given: a reserved domain that resolves nowhere."""

STATEMENT_NAMESPACE = uuid.UUID("6f1c44a2-5d0b-4a8e-9a55-2f0f1f3f6c1d")
"""The uuid5 namespace of statement ids, so a re-export gives the same ids."""

VERBS: dict[str, str] = {
    verb: f"http://adlnet.gov/expapi/verbs/{verb}"
    for verb in ("attempted", "answered", "completed", "passed", "failed")
}
"""The ADL verbs the export uses."""

SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
LANGUAGE_TAGS = {"zh": "zh-CN", "en": "en-US"}

SESSION_COLUMNS: tuple[str, ...] = (
    "session_id",
    "trainee",
    "trainee_id",
    "team",
    "scenario_id",
    "scenario_version",
    "scenario_hash",
    "scenario_title",
    "scenario_language",
    "scenario_kind",
    "pass_mark",
    "scorer_version",
    "evaluation_rule_version",
    "seed",
    "timed",
    "mode",
    "started_at",
    "ended_at",
    "status",
    "outcome",
    "total_score",
    "turn_count",
    "hints_used",
    "passed",
    "satisfaction_level",
    "satisfaction_index",
    "css",
    "self_assessment",
)
"""CSV columns taken from the session and its evaluation, repeated on each of its turns."""

TURN_COLUMNS: tuple[str, ...] = (
    "turn",
    "node",
    "customer",
    "reply",
    "technique",
    "confidence",
    "runner_up",
    "turn_score",
    "technique_fit",
    "execution",
    "relevance",
    "hint_cost",
    "points",
    "flags",
    "steps",
    "recommended",
    "matched_recommended",
    "hint_used",
    "response_seconds",
    "timed_out",
    "reaction",
    "revealed",
    "mood_before",
    "mood_after",
    "satisfaction_before",
    "satisfaction_after",
    "turn_outcome",
    "tip",
    "scored_at",
)
"""CSV columns of the turn itself."""

CSV_COLUMNS = (*SESSION_COLUMNS, *TURN_COLUMNS, "notes")
"""Every CSV column; `notes` holds the session's notes, one a line, as `author (day): text`."""


def notes_cell(notes: Iterable[dict[str, Any]]) -> str:
    """A session's notes as one cell: one line each, `author (day): text`."""
    return "\n".join(f"{n['author']} ({n['created_at'][:10]}): {n['text']}" for n in notes)


def csv_writer(out: IO[str], fieldnames: Iterable[str]) -> csv.DictWriter[str]:
    """A CSV writer that spreadsheets read as written: RFC 4180 rows, quoted where needed.

    Rows end in CRLF, so a field holding a bare CR or LF is quoted and never splits its
    row; give it cells made by untrusted.spreadsheet_cell, so none is read as a formula.
    """
    return csv.DictWriter(out, fieldnames=list(fieldnames), lineterminator="\r\n")


def csv_rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One row per turn, each with all its session's columns; a session with no turn gets one row.

    The turn's own fields fill only the turn columns, so a turn never blanks a session
    column of the same name (its outcome is `turn_outcome`).
    """
    for record in records:
        session = record["session"]
        evaluation = record["evaluation"] or {}
        base = {
            **{name: session.get(name) for name in SESSION_COLUMNS},
            "session_id": session["id"],
            "satisfaction_level": evaluation.get("level"),
            "satisfaction_index": evaluation.get("index"),
            "css": evaluation.get("css"),
            "self_assessment": evaluation.get("self_assessment"),
            "notes": notes_cell(record.get("notes") or ()),
        }
        if not record["turns"]:
            yield {name: spreadsheet_cell(base.get(name)) for name in CSV_COLUMNS}
        for turn in record["turns"]:
            own = {
                **{name: turn.get(name) for name in TURN_COLUMNS},
                "turn": turn["idx"] + 1,
                "turn_score": turn["total"],
                "turn_outcome": turn["outcome"],
                "flags": ";".join(flag["id"] for flag in turn["flags"]),
                "steps": ";".join(turn["steps"]),
                "recommended": ";".join(turn["recommended"]),
            }
            row = {**base, **own}
            yield {name: spreadsheet_cell(row.get(name)) for name in CSV_COLUMNS}


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write the CSV with its header; returns the number of data rows."""
    writer = csv_writer(out, CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for row in csv_rows(records):
        writer.writerow(row)
        count += 1
    return count


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write one session per line, with its turns and evaluation; returns the number of lines."""
    count = 0
    for record in records:
        # U+2028 and its kin are written escaped: some JSON Lines readers break lines there.
        out.write(json_line(record) + "\n")
        count += 1
    return count


# -- xAPI ---------------------------------------------------------------------


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration to the hundredth of a second, e.g. PT1H2M3.5S or PT0S."""
    hundredths = max(0, round(seconds * 100))
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    whole, frac = divmod(rest, 100)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if rest or not (hours or minutes):
        text += f"{whole}.{frac:02d}".rstrip("0").rstrip(".") + "S"
    return text


def xapi_timestamp(stored: str) -> str:
    """A stored UTC time as an xAPI timestamp: ISO 8601 with milliseconds and Z."""
    return stored if stored.endswith("Z") else stored.replace("+00:00", "Z")


def registration_of(session_id: str) -> str:
    """The session's UUID in the hyphenated form xAPI requires, derived if it is not a UUID."""
    try:
        return str(uuid.UUID(session_id))
    except ValueError:
        return str(uuid.uuid5(STATEMENT_NAMESPACE, f"session:{session_id}"))


def statement_id(statement: dict[str, Any]) -> str:
    """The statement's id: a UUID derived from all of its content.

    Exporting the same records twice gives the same ids, so an LRS keeps one copy; any
    change of content (another --home-page, --anonymise, a renamed trainee) gives new ids,
    so an LRS never sees one id with two contents.
    """
    content = {key: value for key, value in statement.items() if key != "id"}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(uuid.uuid5(STATEMENT_NAMESPACE, canonical))


def with_id(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement with its content-derived id first."""
    return {"id": statement_id(statement), **statement}


def account_name(trainee_id: str, anonymise: bool) -> str:
    """The actor's account name: the trainee's stable id, or a pseudonym derived from it."""
    if not anonymise:
        return trainee_id
    return "anon-" + hashlib.sha256(trainee_id.encode("utf-8")).hexdigest()[:16]


def actor(session: dict[str, Any], home_page: str, anonymise: bool) -> dict[str, Any]:
    """The xAPI Agent of a session's trainee: the stable id as account name, the name beside.

    Anonymised, the agent carries only a pseudonym and no name.
    """
    agent: dict[str, Any] = {"objectType": "Agent"}
    if not anonymise:
        agent["name"] = session["trainee"]
    agent["account"] = {
        "homePage": home_page,
        "name": account_name(session.get("trainee_id") or session["trainee"], anonymise),
    }
    return agent


def _session_seconds(session: dict[str, Any], turns: list[dict[str, Any]]) -> float:
    """How long the session ran: start to end, or to the last turn if it never ended."""
    end = session["ended_at"] or (turns[-1]["scored_at"] if turns else session["started_at"])
    return (parse_utc(end) - parse_utc(session["started_at"])).total_seconds()


def xapi_statements(
    records: Iterable[dict[str, Any]],
    home_page: str = DEFAULT_HOME_PAGE,
    anonymise: bool = False,
) -> Iterator[dict[str, Any]]:
    """xAPI 1.0.3 statements as plain dicts, per session and per turn.

    A finished session gives `completed` and `passed` or `failed` against its pass mark; an
    unfinished or abandoned one gives `attempted` with completion false, since it was never
    graded. Every turn gives an `answered` statement about its node as a cmi.interaction.
    """
    base = home_page.rstrip("/")
    for record in records:
        session = record["session"]
        turns = record["turns"]
        lang = LANGUAGE_TAGS.get(session["scenario_language"], session["scenario_language"])
        agent = actor(session, base, anonymise)
        scenario_iri = f"{base}/scenarios/{session['scenario_id']}"
        scenario_activity = {
            "objectType": "Activity",
            "id": scenario_iri,
            "definition": {
                "type": SIMULATION,
                "name": {lang: session["scenario_title"] or session["scenario_id"]},
            },
        }
        context = {
            "registration": registration_of(session["id"]),
            "language": lang,
            "platform": "Objection Dojo",
            "extensions": {
                f"{base}/xapi/session-id": session["id"],
                f"{base}/xapi/scenario-version": session["scenario_version"],
                f"{base}/xapi/scenario-hash": session["scenario_hash"],
                f"{base}/xapi/scorer-version": session["scorer_version"],
            },
        }
        total = session["total_score"] or 0
        score = {"scaled": round(total / 100, 4), "raw": total, "min": 0, "max": 100}
        ended = session["ended_at"] or (turns[-1]["scored_at"] if turns else session["started_at"])
        duration = iso_duration(_session_seconds(session, turns))
        if session["status"] == "finished":
            verbs = ["completed", "passed" if session["passed"] else "failed"]
        else:
            verbs = ["attempted"]
        for verb in verbs:
            result: dict[str, Any] = {
                "score": score,
                "completion": session["status"] == "finished",
                "duration": duration,
            }
            if session["status"] == "finished":
                result["success"] = bool(session["passed"])
            yield with_id(
                {
                    "timestamp": xapi_timestamp(ended),
                    "actor": agent,
                    "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
                    "object": scenario_activity,
                    "result": result,
                    "context": context,
                }
            )
        for turn in turns:
            yield with_id(_answered(session, turn, agent, context, scenario_iri, lang, base))


def _answered(
    session: dict[str, Any],
    turn: dict[str, Any],
    actor: dict[str, Any],
    context: dict[str, Any],
    scenario_iri: str,
    lang: Language,
    base: str,
) -> dict[str, Any]:
    """The `answered` statement of one turn, without its id."""
    result: dict[str, Any] = {
        "response": turn["reply"],
        "score": {
            "scaled": round(turn["total"] / 100, 4),
            "raw": turn["total"],
            "min": 0,
            "max": 100,
        },
        "success": bool(turn["matched_recommended"]),
        "completion": True,
        "extensions": {
            f"{base}/xapi/technique": turn["technique"],
            f"{base}/xapi/confidence": turn["confidence"],
            f"{base}/xapi/recommended": turn["recommended"],
            f"{base}/xapi/flags": [flag["id"] for flag in turn["flags"]],
            f"{base}/xapi/hint-used": turn["hint_used"],
            f"{base}/xapi/points": turn["points"],
        },
    }
    if turn["response_seconds"] is not None:
        result["duration"] = iso_duration(turn["response_seconds"])
    return {
        "timestamp": xapi_timestamp(turn["scored_at"]),
        "actor": actor,
        "verb": {"id": VERBS["answered"], "display": {"en-US": "answered"}},
        "object": {
            "objectType": "Activity",
            "id": f"{scenario_iri}/nodes/{turn['node']}",
            "definition": {
                "type": INTERACTION,
                "interactionType": "long-fill-in",
                "name": {lang: turn["node"]},
                "description": {lang: turn["customer"]},
            },
        },
        "result": result,
        "context": {
            **context,
            "contextActivities": {
                "parent": [{"objectType": "Activity", "id": scenario_iri}],
            },
        },
    }


def write_xapi(
    records: Iterable[dict[str, Any]],
    out: IO[str],
    home_page: str = DEFAULT_HOME_PAGE,
    anonymise: bool = False,
) -> int:
    """Write the statements as one JSON array, streamed; returns how many were written."""
    count = 0
    out.write("[")
    for statement in xapi_statements(records, home_page, anonymise):
        out.write(",\n" if count else "\n")
        out.write(json_line(statement))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_HOME_PAGE",
    "VERBS",
    "account_name",
    "actor",
    "csv_rows",
    "csv_writer",
    "iso_duration",
    "registration_of",
    "statement_id",
    "with_id",
    "write_csv",
    "write_jsonl",
    "write_xapi",
    "xapi_statements",
]
