"""Limits under hostile input: a shared folder of 2,000 scenarios, pathological files, replies.

Each figure is printed beside an anchor measured in the same run: reading and hashing the
same files for the folder, parsing the valid bundled scenario for one file, and scoring a
typical reply for the reply cap.

    python bench/hostile.py [--files 2000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simulator.cli.commands.scenarios import turn_spec
from simulator.limits import MAX_REPLY_CHARS
from simulator.paths import bundled_scenarios_dir
from simulator.scenario import loader
from simulator.scenario.loader import files

BASE = bundled_scenarios_dir() / "b2b-price-en.yaml"


def seconds(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def folder_of(count: int, where: Path) -> Path:
    where.mkdir()
    text = BASE.read_text(encoding="utf-8")
    for number in range(count):
        copy = re.sub(r"(?m)^id: .*$", f"id: shared-{number:05d}", text)
        (where / f"shared-{number:05d}.yaml").write_text(copy, encoding="utf-8")
    return where


def many_nodes(count: int) -> str:
    """A compact file of count nodes, each missing its `default` reaction."""
    head = BASE.read_text(encoding="utf-8").split("\nnodes:\n")[0]
    head = re.sub(r"(?m)^start: .*$", "start: n0", head)
    body = "".join(
        f"  n{i}: {{customer: x, cause: excuse, nature: 'true', recommend: [ask], "
        f"model_answers: {{ask: y}}, reactions: {{ask: {{say: z, next: n{(i + 1) % count}}}}}}}\n"
        for i in range(count)
    )
    return head + "\nnodes:\n" + body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = folder_of(args.files, Path(scratch) / "shared")
        cache = loader.ScenarioCache(Path(scratch) / "cache")
        read_only = seconds(
            lambda: [hashlib.sha256(p.read_bytes()) for p in sorted(folder.iterdir())]
        )
        files._checked.clear()
        cold = seconds(lambda: loader.load_library([folder], cache=cache))
        files._checked.clear()
        warm = seconds(lambda: loader.load_library([folder], cache=cache))
        print(f"folder of {args.files} scenarios: reading and hashing them {read_only:.2f} s")
        print(f"  first load (parse, check, cache) {cold:.2f} s")
        print(f"  next run (from the cache)        {warm:.2f} s")
        command = [sys.executable, "-c", "from simulator.cli import cli; cli()"]
        env = {**os.environ, "DOJO_SCENARIO_CACHE": str(Path(scratch) / "cache")}
        env_run = seconds(
            lambda: subprocess.run(
                [*command, "scenarios", "list", "--scenarios", str(folder)],
                capture_output=True,
                check=True,
                env=env,
            )
        )
        print(f"  `dojo scenarios list` on it, cache warm: {env_run:.2f} s")

    anchor = seconds(lambda: loader.parse_scenario_text(BASE.read_text(encoding="utf-8")))
    print(f"\nanchor: checking the bundled {BASE.name} {anchor * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as scratch:
        cases = {
            "400 nodes each missing 'default'": many_nodes(400),
            "1,900 nodes each missing 'default'": many_nodes(1900),
            "7,700 nodes each missing 'default'": many_nodes(7700),
            "25,000 misspelt keys": BASE.read_text(encoding="utf-8")
            + "".join(f"t{i}: x\n" for i in range(25_000)),
            "104,277 misspelt keys": BASE.read_text(encoding="utf-8")
            + "".join(f"t{i}: x\n" for i in range(104_277)),
        }
        for name, text in cases.items():
            path = Path(scratch) / "case.yaml"
            path.write_text(text, encoding="utf-8")
            files._checked.clear()
            took = seconds(lambda path=path: loader.check_file(path))
            problem = loader.check_file(path)[1][0]
            print(f"  {name} ({len(text) / 1024:.0f} KiB): {took:.2f} s: {problem.message[:58]}")

    import scoring

    scenario = loader.load_scenario(BASE)
    spec = turn_spec(scenario, scenario.start)
    typical = "I see, it costs more; and it lasts twice as long, so each year costs less."
    anchor = seconds(lambda: scoring.score_turn(typical, spec))
    worst = seconds(lambda: scoring.score_turn("a" * MAX_REPLY_CHARS, spec))
    print(f"\nanchor: scoring a typical reply {anchor * 1000:.1f} ms")
    print(
        f"  scoring a reply at the cap ({MAX_REPLY_CHARS:,} letters in one run) {worst * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
