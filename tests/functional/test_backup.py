"""dojo backup: a consistent, checked copy taken while another process keeps writing."""

from __future__ import annotations

import runpy
import sqlite3
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.records.store import Store

TESTS = Path(__file__).parent.parent
f = SimpleNamespace(**runpy.run_path(str(TESTS / "unit" / "test_store.py")))


def test_backup_while_sessions_are_written_is_consistent(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Store.open(db) as store:
        f.play(store, "before", totals=(70, 80))
    stop = threading.Event()
    written: list[int] = []

    def trainee_writing() -> None:
        # Another connection, as another dojo process would hold.
        with Store.open(db) as writer:
            n = 0
            while not stop.is_set() and n < 400:
                f.play(writer, f"live-{n}", totals=(60, 70, 80))
                n += 1
            written.append(n)

    thread = threading.Thread(target=trainee_writing)
    thread.start()
    backups = []
    try:
        for i in range(5):
            result = CliRunner().invoke(
                cli, ["backup", str(tmp_path / f"copy{i}.db"), "--db", str(db)]
            )
            assert result.exit_code == 0, result.output
            backups.append(tmp_path / f"copy{i}.db")
    finally:
        stop.set()
        thread.join()
    assert written and written[0] > 0
    for copy in backups:
        assert not Path(f"{copy}-wal").exists()  # one self-contained file
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every session in the copy has all the turns its totals count: no torn session.
        torn = conn.execute(
            "SELECT count(*) FROM sessions s WHERE turn_count != "
            "(SELECT count(*) FROM turns t WHERE t.session_id = s.id)"
        ).fetchone()[0]
        assert torn == 0
        conn.close()
        with Store.open(copy, create=False) as restored:
            assert restored.session("before") is not None


def test_backup_never_overwrites(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    Store.open(db).close()
    (tmp_path / "taken.db").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["backup", str(tmp_path / "taken.db"), "--db", str(db)])
    assert result.exit_code == 1
    assert "already exists; give a new file name (backups never overwrite)" in result.output
    assert (tmp_path / "taken.db").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("target", "lang", "said"),
    [
        (
            "taken.db",
            "en",
            "Error: Backup exists: {target} already exists; give a new file name (backups "
            "never overwrite)\n",
        ),
        (
            "taken.db",
            "zh",
            "Error: 备份已存在: {target} 已经存在;请换一个新的文件名(备份从不覆盖已有文件)\n",
        ),
        (
            "nowhere/copy.db",
            "en",
            "Error: No such folder: the folder {folder} does not exist; create it or choose "
            "another\n",
        ),
        (
            "nowhere/copy.db",
            "zh",
            "Error: 文件夹不存在: 文件夹 {folder} 不存在;请先创建它,或换一个文件夹\n",
        ),
    ],
)
def test_a_refused_backup_is_said_in_the_interface_language(
    tmp_path: Path, target: str, lang: str, said: str
) -> None:
    db = tmp_path / "live.db"
    Store.open(db).close()
    (tmp_path / "taken.db").write_text("keep me", encoding="utf-8")
    copy = tmp_path / target
    result = CliRunner().invoke(cli, ["--lang", lang, "backup", str(copy), "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == said.format(target=copy, folder=copy.parent)
    assert (tmp_path / "taken.db").read_text(encoding="utf-8") == "keep me"
