"""The records in hostile places: private files, damaged middles, full disks, read-only media."""

from __future__ import annotations

import os
import runpy
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from simulator import paths
from simulator.cli import cli
from simulator.errors import StoreError
from simulator.records import store as store_module
from simulator.records.store import Store

TESTS = Path(__file__).parent.parent
ENGINE_DATA = TESTS / "data" / "engine"
f = SimpleNamespace(**runpy.run_path(str(TESTS / "unit" / "test_store.py")))


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("DOJO_DB", str(tmp_path / "from-env.db"))
    monkeypatch.delenv("DOJO_SCENARIOS", raising=False)
    monkeypatch.setenv("DOJO_TRAINEE", "ana")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # The usual umask, under which files are made world-readable unless made otherwise.
    old = os.umask(0o022)
    yield
    os.umask(old)


def dojo(*args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def damaged_db(tmp_path: Path) -> Path:
    """A records file with garbage written over a page in its middle."""
    path = tmp_path / "damaged.db"
    with Store.open(path) as store:
        for number in range(200):
            f.play(store, f"s{number}", started_at=f.START + timedelta(minutes=number))
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle + 100 : middle + 3000] = bytes(range(256)) * 11 + bytes(84)
    path.write_bytes(bytes(data))
    return path


class TestPrivate:
    def test_a_new_database_and_its_folder_are_owner_only(self, tmp_path: Path) -> None:
        path = tmp_path / "new" / "records.db"
        with Store.open(path) as store:
            f.play(store, "a1")
            assert mode(path) == 0o600
            wal = Path(f"{path}-wal")
            if wal.exists():
                assert mode(wal) == 0o600
        assert mode(path.parent) == 0o700

    def test_the_default_data_and_config_folders_are_owner_only(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
        monkeypatch.delenv("DOJO_DB")
        assert mode(paths.data_dir()) == 0o700
        assert mode(paths.config_dir()) == 0o700
        assert mode(paths.cache_dir()) == 0o700

    def test_an_export_file_is_owner_only(self, tmp_path: Path) -> None:
        db = tmp_path / "r.db"
        with Store.open(db) as store:
            f.play(store, "a1")
        out = tmp_path / "out.csv"
        assert dojo("export", "--db", str(db), "--format", "csv", "-o", str(out)).exit_code == 0
        assert mode(out) == 0o600


class TestDamaged:
    def test_a_damaged_middle_is_refused_on_open(self, tmp_path: Path) -> None:
        path = damaged_db(tmp_path)
        with pytest.raises(StoreError) as caught:
            Store.open(path, create=False)
        assert caught.value.title == "Damaged database"
        assert f"{path} is damaged (the integrity check says:" in caught.value.message
        assert "Restore it from a backup" in caught.value.message

    def test_practice_does_not_record_into_a_damaged_file(self, tmp_path: Path) -> None:
        path = damaged_db(tmp_path)
        before = path.read_bytes()
        replies = tmp_path / "replies.txt"
        replies.write_text("compensate: four phones\n", encoding="utf-8")
        result = dojo(
            "practice",
            "engine-objection-en",
            "--replies",
            str(replies),
            "--db",
            str(path),
            "--scenarios",
            str(ENGINE_DATA),
        )
        assert result.exit_code == 1
        assert "Recorded" not in result.output
        assert "Damaged database" in result.output
        assert path.read_bytes() == before

    def test_report_refuses_a_damaged_file(self, tmp_path: Path) -> None:
        result = dojo("report", "--db", str(damaged_db(tmp_path)))
        assert result.exit_code == 1
        assert "Error: Damaged database:" in result.output

    def test_export_refuses_a_damaged_file_and_leaves_no_file(self, tmp_path: Path) -> None:
        out = tmp_path / "out.csv"
        result = dojo(
            "export", "--db", str(damaged_db(tmp_path)), "--format", "csv", "-o", str(out)
        )
        assert result.exit_code == 1
        assert "Error: Damaged database:" in result.output
        assert not out.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []

    def test_an_error_while_reading_is_a_store_error(self, tmp_path: Path) -> None:
        db = tmp_path / "r.db"
        with Store.open(db) as store:
            f.play(store, "a1")
            with pytest.raises(StoreError):
                with store.snapshot() as conn:
                    conn.execute("SELECT * FROM no_such_table")


class TestUnusualPlaces:
    def test_a_full_disk_is_not_called_damage(self, tmp_path: Path) -> None:
        with Store.open(tmp_path / "r.db") as store:
            f.play(store, "a1")
            count = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
            # The file may not grow: to SQLite this is a full disk.
            store.db.conn.execute(f"PRAGMA max_page_count = {count}")
            with pytest.raises(StoreError) as caught:
                for number in range(200):
                    f.play(store, f"b{number}", totals=(70,) * 10)
        assert caught.value.title == "Disk full"
        assert "is full while trying to" in caught.value.message
        assert "what was already recorded is safe" in caught.value.message

    def test_a_read_only_medium_is_not_called_damage(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "r.db"
        with Store.open(path) as store:
            f.play(store, "a1")
        connect = sqlite3.connect

        class OnReadOnlyMount:
            """A connection as SQLite gives one on a read-only mount: the WAL index beside
            the file cannot be made, so the first read fails."""

            def __init__(self, *args: object, **kwargs: object) -> None:
                self.real = connect(*args, **kwargs)  # type: ignore[arg-type]

            def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
                if sql.startswith("PRAGMA user_version"):
                    raise sqlite3.OperationalError("unable to open database file")
                return self.real.execute(sql, *args)  # type: ignore[arg-type]

            def __getattr__(self, name: str) -> object:
                return getattr(self.real, name)

        real_statvfs = os.statvfs

        class ReadOnlyFlags:
            def __init__(self, folder: object) -> None:
                self.f_flag = real_statvfs(folder).f_flag | os.ST_RDONLY  # type: ignore[arg-type]

        monkeypatch.setattr(store_module.sqlite3, "connect", OnReadOnlyMount)
        monkeypatch.setattr(store_module.os, "statvfs", ReadOnlyFlags)
        with pytest.raises(StoreError) as caught:
            Store.open(path, create=False)
        assert caught.value.title == "Read-only medium"
        assert "Copy it to a writable folder" in caught.value.message
        assert "the file itself is fine" in caught.value.message

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to mount"
    )
    def test_a_real_read_only_mount_is_named_as_such(self, tmp_path: Path) -> None:
        source, mount = tmp_path / "source", tmp_path / "stick"
        source.mkdir()
        mount.mkdir()
        with Store.open(source / "r.db") as store:
            f.play(store, "a1")
        bound = subprocess.run(["mount", "--bind", str(source), str(mount)], capture_output=True)
        if bound.returncode != 0:
            pytest.skip("mounting is not allowed here")
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], check=True)
            result = dojo("report", "--db", str(mount / "r.db"))
        finally:
            subprocess.run(["umount", str(mount)], check=True)
        assert result.exit_code == 1
        assert "Error: Read-only medium:" in result.output
        assert "Damaged" not in result.output

    def test_a_name_that_is_not_text_is_stored_with_the_bad_part_replaced(
        self, tmp_path: Path
    ) -> None:
        # A lone surrogate (an undecodable byte in a name) becomes U+FFFD in the identity.
        with Store.open(tmp_path / "r.db") as store:
            store.set_team("ana\udcff", "north")
            trainee = store.trainee("ana\ufffd")
        assert trainee is not None
        assert trainee["name"] == "ana\ufffd" and trainee["team"] == "north"
