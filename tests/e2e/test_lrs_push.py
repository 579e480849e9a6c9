"""dojo lrs push against a real Ralph LRS: posting, re-posting, changed exports, outages, credentials."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner, Result

from simulator.cli import cli
from simulator.records.export import xapi_statements
from simulator.records.report import iter_session_records
from simulator.records.store import Store

from .conftest import Ralph

TESTS = Path(__file__).parent.parent
f = SimpleNamespace(**runpy.run_path(str(TESTS / "unit" / "test_store.py")))

SERVER_FIELDS = ("stored", "authority", "version")
"""What the LRS adds to a statement it stores."""


def dojo(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def push(db: Path, lrs: Ralph, *extra: str, password: str | None = None) -> Result:
    return dojo(
        "lrs", "push", "--db", str(db), "--endpoint", lrs.endpoint,
        "--username", lrs.username, "--password", password or lrs.password, *extra,
    )  # fmt: skip


def as_sent(statement: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in statement.items() if k not in SERVER_FIELDS}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    with Store.open(path) as store:
        f.play(store, "s-zh", trainee="林伟", totals=(70, 90))
        f.play(store, "s-en", trainee="Lin Wei", totals=(40,), finished=False)
        f.play(store, "s-open", trainee="Lin Wei", finished=None)  # in progress: not sent
    return path


def statements_of(db: Path, **options: Any) -> list[dict[str, Any]]:
    with Store.open(db) as store:
        return list(xapi_statements(iter_session_records(store), **options))


def test_push_posts_every_closed_session_and_the_lrs_keeps_them_intact(
    db: Path, ralph: Ralph
) -> None:
    result = push(db, ralph)
    assert result.exit_code == 0, result.output
    expected = statements_of(db)
    assert result.output.startswith(
        f"{ralph.endpoint.rstrip('/')}: {len(expected)} statements of 2 closed sessions; "
        f"{len(expected)} accepted now, 0 accepted before"
    )
    stored = {s["id"]: as_sent(s) for s in ralph.statements()}
    assert stored == {s["id"]: s for s in expected}
    with Store.open(db) as store:
        zh = store.trainee("林伟")
        en = store.trainee("lin wei")
    actors = {json.dumps(s["actor"], sort_keys=True, ensure_ascii=False) for s in stored.values()}
    assert actors == {
        json.dumps(
            {"objectType": "Agent", "name": t["name"],  # type: ignore[index]
             "account": {"homePage": "https://objection-dojo.invalid", "name": t["trainee_id"]}},  # type: ignore[index]
            sort_keys=True, ensure_ascii=False,
        )
        for t in (zh, en)
    }  # fmt: skip


def test_pushing_again_sends_nothing_and_a_forgotten_push_is_accepted_as_identical(
    db: Path, ralph: Ralph
) -> None:
    assert push(db, ralph).exit_code == 0
    count = len(ralph.statements())
    again = push(db, ralph)
    assert again.exit_code == 0 and f"0 accepted now, {count} accepted before" in again.output
    with Store.open(db) as store:
        store.db.conn.execute("DELETE FROM lrs_deliveries")
    # The LRS already holds the same statements under the same ids: it says so, not 409.
    forgotten = push(db, ralph)
    assert forgotten.exit_code == 0 and f"{count} accepted now" in forgotten.output
    assert len(ralph.statements()) == count


def test_a_new_session_after_a_push_sends_only_its_statements(db: Path, ralph: Ralph) -> None:
    assert push(db, ralph).exit_code == 0
    before = len(ralph.statements())
    with Store.open(db) as store:
        f.play(store, "s-later", trainee="ana", totals=(80,))
    result = push(db, ralph)
    assert result.exit_code == 0 and f"3 accepted now, {before} accepted before" in result.output
    assert len(ralph.statements()) == before + 3  # completed, passed, one answered


@pytest.mark.parametrize(
    "options",
    [
        ("--home-page", "https://train.example.com"),  # another base of every IRI
        ("--anonymise",),  # pseudonyms instead of ids and names
    ],
)
def test_a_changed_export_is_new_statements_not_a_conflict(
    db: Path, ralph: Ralph, options: tuple[str, ...]
) -> None:
    assert push(db, ralph).exit_code == 0
    first = {s["id"] for s in ralph.statements()}
    result = push(db, ralph, *options)
    assert result.exit_code == 0, result.output
    assert f"{len(first)} accepted now, 0 accepted before" in result.output
    stored = ralph.statements()
    assert len(stored) == 2 * len(first) and len({s["id"] for s in stored}) == len(stored)
    if options == ("--anonymise",):
        new = [s for s in stored if s["id"] not in first]
        assert all("name" not in s["actor"] for s in new)
        assert all(s["actor"]["account"]["name"].startswith("anon-") for s in new)


def test_an_lrs_that_is_down_then_up_gets_everything_on_the_next_push(
    db: Path, ralph: Ralph
) -> None:
    ralph.stop()
    down = push(db, ralph)
    assert down.exit_code == 1
    assert "did not take the statements" in down.output and "sent again" in down.output
    with Store.open(db) as store:
        [row] = store.query(
            "SELECT status, count(*) AS n, max(attempts) AS tries FROM lrs_deliveries GROUP BY status"
        )
    assert row["status"] == "failed" and row["tries"] == 1
    ralph.start()
    up = push(db, ralph)
    assert up.exit_code == 0, up.output
    expected = statements_of(db)
    assert {s["id"] for s in ralph.statements()} == {s["id"] for s in expected}
    with Store.open(db) as store:
        rows = store.query("SELECT status, count(*) AS n FROM lrs_deliveries GROUP BY status")
    assert rows == [{"status": "accepted", "n": len(expected)}]


def test_bad_credentials_are_refused_clearly_and_never_printed(db: Path, ralph: Ralph) -> None:
    result = push(db, ralph, password="wrong-horse-battery")
    assert result.exit_code == 1
    assert "LRS refused the credentials: the LRS at" in result.output
    assert "HTTP 401" in result.output and "wrong-horse-battery" not in result.output
    assert ralph.statements() == []
    with Store.open(db) as store:
        accepted = store.query("SELECT * FROM lrs_deliveries WHERE status = 'accepted'")
    assert accepted == []
    assert push(db, ralph).exit_code == 0  # the right password then sends everything


def test_credentials_in_the_environment_are_used_and_not_shown(
    db: Path, ralph: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOJO_LRS_ENDPOINT", ralph.endpoint)
    monkeypatch.setenv("DOJO_LRS_USERNAME", ralph.username)
    monkeypatch.setenv("DOJO_LRS_PASSWORD", ralph.password)
    result = dojo("lrs", "push", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert ralph.password not in result.output
    status = dojo("lrs", "status", "--db", str(db))
    assert "accepted" in status.output and ralph.password not in status.output
