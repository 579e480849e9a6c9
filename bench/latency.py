"""Prints classify/score latency (p50/p99, throughput) on one core and the cold `import scoring` time."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import Context, Exemplar, TurnSpec, classify, score_turn  # noqa: E402
from scoring.classify import bank_pool  # noqa: E402
from scoring.text import normalise  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "labelled"
SAMPLE_FILES = ("dev.jsonl", *(f"train_w{i}_replies.jsonl" for i in range(1, 5)))


def sample_replies() -> list[tuple[str, str]]:
    """Every reply of the development set and the annotated writers: both languages, short and long."""
    out = []
    for name in SAMPLE_FILES:
        path = LABELLED / name
        if path.exists():
            rows = [
                json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line
            ]
            out.extend((row["reply"], row.get("objection") or "") for row in rows)
    return out


def anchor() -> float:
    """Milliseconds for a fixed pure-Python workload, to compare figures across machines."""
    data = [(i * 7919) % 10007 for i in range(20000)]
    samples = []
    for _ in range(15):
        start = time.perf_counter()
        sorted(data)
        json.dumps(data)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


REPLIES = sample_replies()
MODEL_ANSWERS = (
    Exemplar("Yes, it costs more, but it lasts three times as long.", "compensate", "scenario"),
    Exemplar("What are you comparing it with?", "ask", "scenario"),
    Exemplar("是贵一些，但是能用十年，算下来每年更省。", "compensate", "scenario"),
    Exemplar("您是跟哪一款比较的呢？", "ask", "scenario"),
)


def percentile(samples: list[float], share: float) -> float:
    """The value below which `share` of the samples fall."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_calls(label: str, call: object, rounds: int) -> None:
    """Time a callable over every sample reply, `rounds` times, and print p50/p99/throughput.

    p99 is given over all samples and as the median of each round's p99, which is steadier
    when another process briefly takes the core.
    """
    samples: list[float] = []
    round_p99: list[float] = []
    for _ in range(rounds):
        # Each round starts cold, as a trainee's reply is new: nothing normalised is reused.
        normalise.cache_clear()
        this_round: list[float] = []
        for reply, objection in REPLIES:
            start = time.perf_counter()
            call(reply, objection)  # type: ignore[operator]
            this_round.append((time.perf_counter() - start) * 1000)
        round_p99.append(percentile(this_round, 0.99))
        samples.extend(this_round)
    total = sum(samples) / 1000
    print(
        f"{label}: p50 {statistics.median(samples):.2f} ms, p99 {percentile(samples, 0.99):.2f} ms "
        f"(median of {rounds} rounds {statistics.median(round_p99):.2f} ms), "
        f"max {max(samples):.2f} ms, throughput {len(samples) / total:.0f} replies/s (n={len(samples)})"
    )


def cold_import() -> None:
    """Time `import scoring` in fresh interpreters, and the first classification after it."""
    code = (
        "import time; t=time.perf_counter(); import scoring; t1=time.perf_counter();"
        "scoring.classify('正因为您年轻，保费才最便宜。'); t2=time.perf_counter();"
        "print(t1-t, t2-t1)"
    )
    imports, firsts = [], []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        a, b = map(float, out.stdout.split())
        imports.append(a)
        firsts.append(b)
    bare = []
    for _ in range(5):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter(); import json, re, dataclasses; print(time.perf_counter()-t)",
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        bare.append(float(out.stdout))
    print(
        f"cold import scoring: median {statistics.median(imports) * 1000:.0f} ms (5 fresh interpreters; "
        f"anchor: import json, re, dataclasses {statistics.median(bare) * 1000:.1f} ms)"
    )
    print(
        "first classify after import (loads OpenCC, the word segmenter, bank, weights): "
        f"median {statistics.median(firsts) * 1000:.0f} ms"
    )


def long_replies() -> None:
    """Scoring time against reply length: bounded, because replies are cut at the policy's limit."""
    from scoring import POLICY

    unit = "Fair point, it does cost more. It lasts ten years though, so per year it's cheaper. "
    spec = TurnSpec("It's too expensive.", ("compensate",))
    for size in (500, 1000, 2000, POLICY.max_reply_chars, 1_000_000):
        reply = (unit * (size // len(unit) + 1))[:size]
        normalise.cache_clear()
        start = time.perf_counter()
        score_turn(reply, spec)
        print(
            f"  score_turn on a {size:>9,}-character reply: {(time.perf_counter() - start) * 1000:7.1f} ms"
        )


def main() -> None:
    """Run every latency figure."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(f"bank loaded: {len(bank_pool())} exemplars; python {sys.version.split()[0]}; one core")
    print(
        f"anchor (sort + json.dumps of 20,000 ints): {anchor():.2f} ms; {len(REPLIES)} sample replies"
    )
    classify("warm up")
    time_calls("classify (bank only)", lambda r, o: classify(r, Context(objection=o)), 5)
    time_calls(
        "classify (bank + 4 model answers)",
        lambda r, o: classify(r, Context(objection=o, exemplars=MODEL_ANSWERS)),
        5,
    )
    turn_cache: dict[str, TurnSpec] = {}

    def score(reply: str, objection: str) -> None:
        turn = turn_cache.setdefault(
            objection, TurnSpec(objection, ("compensate", "ask"), (), MODEL_ANSWERS)
        )
        score_turn(reply, turn)

    time_calls("score_turn (classify + moves + flags + relevance)", score, 5)
    print("reply length:")
    long_replies()
    cold_import()
    print(json.dumps({"note": "figures are indicative; run on an idle machine"}))


if __name__ == "__main__":
    main()
