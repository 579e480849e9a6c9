"""Tests for trainee identity: normalised names, one trainee per person, rename and merge."""

from __future__ import annotations

import runpy
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlite_utils import Database

from simulator.errors import StoreError
from simulator.identity import display_name, name_key
from simulator.records.store import Store, migrations

f = SimpleNamespace(**runpy.run_path(str(Path(__file__).parent / "test_store.py")))


@pytest.mark.parametrize(
    ("typed", "shown", "key"),
    [
        ("Lin Wei", "Lin Wei", "lin wei"),  # plain
        ("  Lin   Wei  ", "Lin Wei", "lin wei"),  # spaces trimmed and collapsed
        ("lin\twei\n", "lin wei", "lin wei"),  # tabs and new lines are spaces too
        ("Ｌｉｎ　Ｗｅｉ", "Lin Wei", "lin wei"),  # full-width letters and ideographic space
        ("林伟", "林伟", "林伟"),  # Chinese has no case
        ("林 伟", "林 伟", "林 伟"),  # a space inside a Chinese name is kept (once)
        ("José Núñez", "José Núñez", "josé núñez"),  # Latin letters beyond ASCII fold
        ("ΣΟΦΙΑ", "ΣΟΦΙΑ", "ΣΟΦΙΑ"),  # other scripts keep their case
        ("Jose\u0301", "Jos\u00e9", "jos\u00e9"),  # an accent typed apart is composed
    ],
)
def test_names_are_normalised_and_matched_without_latin_case(
    typed: str, shown: str, key: str
) -> None:
    assert display_name(typed) == shown
    assert name_key(typed) == key


def test_a_name_is_cut_to_forty_characters() -> None:
    assert len(display_name("x" * 100)) == 40


class TestOneTraineePerPerson:
    def test_spellings_of_one_name_are_one_trainee_who_keeps_the_first(self) -> None:
        store = Store.memory()
        f.play(store, "s1", trainee="Lin Wei")
        f.play(store, "s2", trainee="Lin Wei ")
        f.play(store, "s3", trainee="lin  wei")
        [row] = store.query("SELECT name, uid FROM trainees")
        assert row["name"] == "Lin Wei" and row["uid"].startswith("t-")
        assert len(store.recent_sessions("LIN WEI")) == 3

    def test_every_trainee_gets_a_different_stable_id(self) -> None:
        store = Store.memory()
        for n, name in enumerate(("ana", "ben", "林伟")):
            f.play(store, f"s{n}", trainee=name)
        ids = [r["uid"] for r in store.query("SELECT uid FROM trainees")]
        assert len(set(ids)) == 3

    def test_an_empty_name_is_refused(self) -> None:
        store = Store.memory()
        with pytest.raises(StoreError, match="needs a name"):
            f.play(store, "s1", trainee="   ")


class TestRename:
    def test_rename_keeps_the_id_and_the_sessions(self) -> None:
        store = Store.memory()
        f.play(store, "s1", trainee="ana")
        before = store.trainee("ana")
        renamed = store.rename_trainee("ANA", "Ana  Lima")
        assert renamed == {"trainee_id": before["trainee_id"], "name": "Ana Lima"}  # type: ignore[index]
        assert store.trainee("ana") is None
        assert store.session("s1")["trainee"] == "Ana Lima"  # type: ignore[index]

    def test_a_change_of_case_is_a_rename_of_the_same_trainee(self) -> None:
        store = Store.memory()
        f.play(store, "s1", trainee="lin wei")
        store.rename_trainee("lin wei", "Lin Wei")
        assert [r["name"] for r in store.query("SELECT name FROM trainees")] == ["Lin Wei"]

    def test_rename_to_another_trainees_name_points_to_merge(self) -> None:
        store = Store.memory()
        f.play(store, "s1", trainee="ana")
        f.play(store, "s2", trainee="ben")
        with pytest.raises(StoreError, match="dojo trainee merge 'ana' 'ben'"):
            store.rename_trainee("ana", "Ben")

    def test_renaming_nobody_says_who_there_is(self) -> None:
        with pytest.raises(StoreError, match=r"no trainee 'zed'.*dojo trainee list"):
            Store.memory().rename_trainee("zed", "Zed")


class TestMerge:
    def test_merge_moves_closed_and_open_sessions_and_removes_the_source(self) -> None:
        store = Store.memory()
        f.play(store, "s1", trainee="Lin W.")
        f.play(store, "s2", trainee="Lin W.", finished=None)
        f.play(store, "s3", trainee="Lin Wei")
        store.set_team("Lin W.", "east")
        target = store.trainee("Lin Wei")
        merged = store.merge_trainees("lin w.", "LIN WEI")
        assert merged == {
            "trainee_id": target["trainee_id"],  # type: ignore[index]
            "name": "Lin Wei",
            "sessions_moved": 2,
        }
        assert store.trainee("Lin W.") is None
        assert store.trainee("Lin Wei")["team"] == "east"  # type: ignore[index]
        assert {s["id"] for s in store.recent_sessions("Lin Wei")} == {"s1", "s2", "s3"}
        # What the closed session recorded is unchanged.
        assert store.session("s1")["total_score"] == 75  # type: ignore[index]
        # The flag totals the reports group by trainee follow the sessions.
        owners = store.query("SELECT DISTINCT trainee_id FROM session_flags")
        sessions = store.query("SELECT DISTINCT trainee_id FROM sessions")
        assert owners == sessions and len(owners) == 1

    def test_a_closed_session_still_refuses_any_other_change(self) -> None:
        store = Store.memory()
        f.play(store, "s1", trainee="ana")
        with pytest.raises(sqlite3.IntegrityError, match="never changed"):
            store.db.conn.execute("UPDATE sessions SET trainee_id = 1, total_score = 1")
        with pytest.raises(sqlite3.IntegrityError, match="never changed"):
            store.db.conn.execute("UPDATE sessions SET uses_ask = 3")

    def test_a_trainee_is_not_merged_into_itself(self) -> None:
        store = Store.memory()
        f.play(store, "s1", trainee="ana")
        with pytest.raises(StoreError, match="same trainee"):
            store.merge_trainees("ana", "ANA")


def test_upgrading_merges_trainees_whose_names_match_once_normalised(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(Database(conn), stop_before="m003_identity")
    conn.execute("PRAGMA user_version = 2")
    for trainee_id, name, team in (
        (1, "Lin Wei", None),
        (2, "Lin Wei ", "east"),
        (3, "lin wei", None),
        (4, "ana", None),
    ):
        conn.execute(
            "INSERT INTO trainees (id, name, team, created) VALUES (?, ?, ?, '2026')",
            [trainee_id, name, team],
        )
    for n, trainee_id in enumerate((1, 2, 3, 4)):
        conn.execute(
            "INSERT INTO sessions (id, trainee_id, scenario_id, scenario_version, pass_mark, "
            "scorer_version, seed, timed, mode, started_at, status) "
            "VALUES (?, ?, 'x', 1, 60, 'v1', 0, 0, 'app', '2026', 'finished')",
            [f"s{n}", trainee_id],
        )
    conn.close()
    with Store.open(path) as store:
        rows = store.query("SELECT id, name, team, uid FROM trainees ORDER BY id")
        assert [(r["id"], r["name"], r["team"]) for r in rows] == [
            (1, "Lin Wei", "east"),
            (4, "ana", None),
        ]
        assert all(r["uid"].startswith("t-") for r in rows)
        counts = store.query("SELECT trainee_id, count(*) AS n FROM sessions GROUP BY 1")
        assert {r["trainee_id"]: r["n"] for r in counts} == {1: 3, 4: 1}
