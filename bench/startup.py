"""Start-up time: `dojo --version`, and `dojo` until its first screen is drawn.

Each is measured beside an anchor taken in the same run on the same machine: a bare
`python -c pass` for the version, and a minimal Textual app that draws one line for the
first screen. Both apps run in a pseudo-terminal of 120x40 with an isolated HOME, and the
clock stops when the screen's text first contains the expected words.

    python bench/startup.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]")

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Who is practising?")

Minimal().run()
"""


def time_until_drawn(argv: list[str], marker: str, env: dict[str, str], limit: float = 20) -> float:
    """Seconds from spawning argv in a pty until the screen's text contains marker."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.execvpe(argv[0], argv, env)
    os.set_blocking(fd, False)
    seen = b""
    wanted = marker.replace(" ", "").encode()
    try:
        while time.perf_counter() - start < limit:
            ready, _, _ = select.select([fd], [], [], 0.01)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                if wanted in ANSI.sub(b"", seen).replace(b" ", b""):
                    return time.perf_counter() - start
        raise RuntimeError(f"{argv[0]} did not draw {marker!r} within {limit} s")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def time_command(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    dojo = str(Path(sys.executable).with_name("dojo"))
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "HOME": home,
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_CACHE_HOME": f"{home}/cache",
            "TERM": "xterm-256color",
            "COLUMNS": "120",
            "LINES": "40",
            "LANG": "en_US.UTF-8",
            "TEXTUAL_ANIMATIONS": "none",
        }
        app_file = Path(home) / "minimal.py"
        app_file.write_text(MINIMAL_APP)
        # One warm-up of each so the byte-code caches exist, as on a user's second start.
        time_until_drawn([dojo, "--lang", "en"], "Who is practising?", env)
        time_until_drawn([sys.executable, str(app_file)], "Who is practising?", env)
        rows = {
            "python -c pass (anchor)": [
                time_command([sys.executable, "-c", "pass"], env) for _ in range(args.rounds)
            ],
            "dojo --version": [time_command([dojo, "--version"], env) for _ in range(args.rounds)],
            "minimal Textual app, first screen (anchor)": [
                time_until_drawn([sys.executable, str(app_file)], "Who is practising?", env)
                for _ in range(args.rounds)
            ],
            "dojo, first screen": [
                time_until_drawn([dojo, "--lang", "en"], "Who is practising?", env)
                for _ in range(args.rounds)
            ],
        }
    print(
        f"{'start-up (median of ' + str(args.rounds) + ')':<46} {'seconds':>8} {'min':>7} {'max':>7}"
    )
    for name, times in rows.items():
        print(f"{name:<46} {statistics.median(times):8.3f} {min(times):7.3f} {max(times):7.3f}")
    print("targets: dojo --version <= 0.3 s, dojo first screen <= 0.8 s")


if __name__ == "__main__":
    main()
