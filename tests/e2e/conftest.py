"""Real outside parts for the end-to-end tests: a Ralph LRS and a headless Chromium.

Each is found on this machine or the test is skipped with the reason; under CI (CI set)
a missing part fails instead, so nothing is skipped silently there. `.ci/run` installs
both: Debian's chromium, and Ralph in its own virtual environment (its CLI pins a click
older than sqlite-utils needs), named by DOJO_RALPH_PYTHON.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""How Chromium is started: headless, and asking nothing of the network by itself."""


def missing(reason: str) -> None:
    """Skip on a developer's machine; fail under CI, where every part must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: see .ci/run)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Wait until something listens on the port; fail if the process dies first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on port {port} within {seconds:g} s")


def ralph_python() -> str | None:
    """The Python that can run Ralph: DOJO_RALPH_PYTHON, .venv-lrs, or this one."""
    given = os.environ.get("DOJO_RALPH_PYTHON")
    if given:
        return given
    local = ROOT / ".venv-lrs" / "bin" / "python"
    if local.exists():
        return str(local)
    try:
        import ralph  # noqa: F401
    except ImportError:
        return None
    return sys.executable


@dataclass
class Ralph:
    """A Ralph LRS on 127.0.0.1 with one user, on a folder of its own."""

    python: str
    folder: Path
    port: int = field(default_factory=free_port)
    username: str = "dojo"
    password: str = "s3cret-pw"
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
        env.update(
            RALPH_RUNSERVER_BACKEND="fs",
            RALPH_APP_DIR=str(self.folder / "app"),
            RALPH_AUTH_FILE=str(self.folder / "auth.json"),
            RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(self.folder / "data"),
        )
        return env

    def add_user(self) -> None:
        """Write the user's credentials with Ralph's own `ralph auth`."""
        subprocess.run(
            [
                self.python, "-m", "ralph", "auth", "-u", self.username, "-p", self.password,
                "-s", "all", "-A", "dojo-push", "https://objection-dojo.invalid", "-w",
            ],
            env=self.environment(),
            check=True,
            capture_output=True,
        )  # fmt: skip

    def start(self) -> None:
        log = (self.folder / "ralph.log").open("ab")
        self.process = subprocess.Popen(
            [self.python, str(HERE / "run_ralph.py"), "127.0.0.1", str(self.port)],
            env=self.environment(),
            stdout=log,
            stderr=log,
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None

    def statements(self) -> list[dict[str, Any]]:
        """Every statement the LRS holds, read back through its xAPI GET."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        found: list[dict[str, Any]] = []
        url: str | None = f"http://127.0.0.1:{self.port}/xAPI/statements?limit=500"
        while url:
            request = urllib.request.Request(
                url,
                headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
            )
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with opener.open(request, timeout=20) as response:
                page = json.loads(response.read())
            found += page["statements"]
            more = page.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return found


@pytest.fixture(scope="module")
def ralph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    """A Ralph LRS for the tests of one module (starting one takes seconds)."""
    python = ralph_python()
    if python is None:
        missing(
            "Ralph is not installed: pip install 'ralph-malph[cli,lrs]==5.1.0' requests "
            "(in its own venv, named by DOJO_RALPH_PYTHON)"
        )
    assert python is not None
    lrs = Ralph(python, tmp_path_factory.mktemp("ralph"))
    lrs.add_user()
    lrs.start()
    try:
        yield lrs
    finally:
        lrs.stop()


@pytest.fixture
def ralph(ralph_server: Ralph) -> Ralph:
    """The module's Ralph LRS, running and holding no statement."""
    if ralph_server.process is None:
        ralph_server.start()
    for stored in (ralph_server.folder / "data").glob("*"):
        stored.unlink()
    return ralph_server


def chromium_path() -> Path | None:
    """Debian's Chromium, or CHROMIUM_PATH."""
    given = os.environ.get("CHROMIUM_PATH")
    path = Path(given) if given else CHROMIUM
    return path if path.exists() else (Path(p) if (p := shutil.which("chromium")) else None)


@pytest.fixture(autouse=True)
def no_outside_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No LRS, records or config of the person running the tests."""
    for name in ("DOJO_LRS_ENDPOINT", "DOJO_LRS_USERNAME", "DOJO_LRS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DOJO_LRS_HOME_PAGE", raising=False)
    monkeypatch.delenv("DOJO_SCENARIOS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("DOJO_DB", str(tmp_path / "env.db"))
