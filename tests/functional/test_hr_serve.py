"""`dojo hr serve`: in one process, stopped by every signal, from any folder, bad addresses 400."""

from __future__ import annotations

import os
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from simulator.cli.commands import records
from simulator.records import datasette_server
from simulator.records.store import Store

pytest.importorskip("datasette")

TESTS = Path(__file__).parent.parent
f = SimpleNamespace(**runpy.run_path(str(TESTS / "unit" / "test_store.py")))
DOJO = shutil.which("dojo", path=str(Path(sys.executable).parent))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Whether a server could listen on port now (as servers do, past TIME_WAIT)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    with Store.open(path) as store:
        f.play(store, "a1")
    return path


def start(db: Path, port: int, cwd: Path) -> subprocess.Popen[str]:
    """`dojo hr serve` as a service manager starts it, waiting until it answers."""
    assert DOJO is not None, "the dojo script is installed beside this Python"
    process = subprocess.Popen(
        [DOJO, "hr", "serve", "--db", str(db), "--port", str(port)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(cwd)},
    )
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(process.communicate())
        try:
            get(f"http://127.0.0.1:{port}/-/versions.json")
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("dojo hr serve never answered")


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_stops_the_server_and_frees_the_port(db: Path, tmp_path: Path, stop: str) -> None:
    port = free_port()
    folder = tmp_path / "run"
    folder.mkdir()
    process = start(db, port, folder)
    process.send_signal(getattr(signal, stop))
    try:
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    _out, err = process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert port_is_free(port)
    # Nothing is left behind in the temporary folder, and it can start again at once.
    assert list(folder.iterdir()) == []
    again = start(db, port, folder)
    again.terminate()
    again.wait(timeout=30)
    assert again.returncode == 0


def test_a_datasette_py_in_the_starting_folder_is_not_run(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    marker = tmp_path / "ran"
    (folder / "datasette.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    port = free_port()
    process = start(db, port, folder)
    status, _ = get(f"http://127.0.0.1:{port}/records/sessions.json")
    process.terminate()
    process.wait(timeout=30)
    assert status == 200
    assert not marker.exists()


def test_the_current_folder_is_taken_off_the_import_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", ["", str(tmp_path), ".", *sys.path])
    datasette_server._without_current_folder()
    assert "" not in sys.path and "." not in sys.path and str(tmp_path) not in sys.path


def test_a_port_in_use_is_a_clear_error(db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(DOJO), "hr", "serve", "--db", str(db), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"could not listen on 127.0.0.1:{port}" in done.stderr


def test_a_non_loopback_host_is_warned_about(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from simulator.cli import cli

    monkeypatch.setattr(datasette_server, "serve", lambda *args: 0)
    result = CliRunner().invoke(cli, ["hr", "serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "Warning: anyone who can reach 0.0.0.0:8001 can read every trainee's records" in (
        result.stderr
    )
    assert datasette_server.is_loopback("127.0.0.1") and datasette_server.is_loopback("::1")
    assert not datasette_server.is_loopback("192.168.1.5")


@pytest.mark.parametrize(
    "query",
    [
        "_sort=nope",  # a column that does not exist
        "_sort_desc=nope",  # the same, descending
        "_sort=id&_sort_desc=id",  # both at once
        "_timelimit=abc",  # not a number
        "_through=zzz",  # not JSON
    ],
)
def test_a_bad_address_is_answered_400_not_500(db: Path, query: str) -> None:
    from datasette.utils.testing import TestClient

    served = datasette_server.make_datasette(db, records.datasette_metadata(db))
    client = TestClient(served)
    for suffix in ("", ".json"):
        response = client.get(f"/records/sessions{suffix}?{query}")
        assert response.status == 400, (query, suffix, response.text[:200])
    assert "Bad request" in client.get(f"/records/sessions?{query}").text


def test_a_good_address_still_works_and_sql_stays_off(db: Path) -> None:
    from datasette.utils.testing import TestClient

    client = TestClient(datasette_server.make_datasette(db, records.datasette_metadata(db)))
    assert client.get("/records/sessions.json?_sort=started_at").status == 200
    assert client.get("/records.json?sql=select+1").status == 403


def test_no_temporary_folder_is_made(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, **k: made.append("x") or "/nowhere")
    monkeypatch.setattr(datasette_server, "serve", lambda *args: 0)
    from click.testing import CliRunner

    from simulator.cli import cli

    assert CliRunner().invoke(cli, ["hr", "serve", "--db", str(db)]).exit_code == 0
    assert made == []
