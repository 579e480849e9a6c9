"""`dojo validate` on a folder of 1,000 scenario files, beside a bare libyaml load of them.

The files are copies of the bundled scenarios, each under an id of its own, written to a
temporary folder. `dojo validate` runs as a subprocess with an isolated HOME and the
scenario cache turned off, so every file is read, parsed and checked; the anchor, in the
same run, is a subprocess that only reads each file and loads it with
`yaml.load(..., Loader=yaml.CSafeLoader)`. A second `dojo validate` row shows the same
folder with a warm scenario cache.

    python bench/validate.py [--files 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent.parent / "scenarios"
"""The bundled scenarios the files are copied from."""

ID_LINE = re.compile(r"^id:\s*(\S+)\s*$", re.MULTILINE)
"""A scenario's top-level `id:` line."""

ANCHOR = """
import sys
import yaml

for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def write_files(folder: Path, count: int) -> list[Path]:
    """Write count copies of the bundled scenarios, each with its own id, into folder."""
    sources = sorted(BUNDLED.glob("*.yaml"))
    written: list[Path] = []
    for number in range(count):
        source = sources[number % len(sources)]
        text = source.read_text(encoding="utf-8")
        text = ID_LINE.sub(rf"id: \g<1>-copy-{number:04d}", text, count=1)
        target = folder / f"{number:04d}-{source.name}"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def seconds(argv: list[str], env: dict[str, str]) -> float:
    """Seconds a command takes; it must succeed."""
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True)
    took = time.perf_counter() - start
    if result.returncode != 0:
        tail = result.stdout.decode(errors="replace").splitlines()[-3:]
        raise RuntimeError(f"{argv[0]} exited {result.returncode}: {tail}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    dojo = str(Path(sys.executable).with_name("dojo"))
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "scenarios"
        folder.mkdir()
        files = write_files(folder, args.files)
        env = {
            **os.environ,
            "HOME": home,
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_CACHE_HOME": f"{home}/cache",
            "LANG": "en_US.UTF-8",
        }
        cold = {**env, "DOJO_SCENARIO_CACHE": "off"}
        warm = {**env, "DOJO_SCENARIO_CACHE": f"{home}/scenario-cache"}
        anchor = [sys.executable, "-c", ANCHOR, *map(str, files)]
        validate = [dojo, "validate", str(folder)]
        # One warm-up of each, so byte-code caches exist and the files are in the page cache.
        seconds(anchor, env)
        seconds(validate, cold)
        seconds(validate, warm)
        rows = {
            "yaml.load, CSafeLoader (anchor)": [seconds(anchor, env) for _ in range(args.rounds)],
            "dojo validate, no cache": [seconds(validate, cold) for _ in range(args.rounds)],
            "dojo validate, warm cache": [seconds(validate, warm) for _ in range(args.rounds)],
        }
    load = ", ".join(f"{average:.2f}" for average in os.getloadavg())
    title = f"{args.files:,} files (median of {args.rounds})"
    print(f"{title:<40} {'seconds':>8} {'min':>7} {'max':>7}")
    for name, times in rows.items():
        print(f"{name:<40} {statistics.median(times):8.3f} {min(times):7.3f} {max(times):7.3f}")
    print(f"load average: {load} on {os.cpu_count()} cores")
    print("target: dojo validate, no cache <= 3 s")


if __name__ == "__main__":
    main()
