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

REPLIES = [
    ("正因为您年轻，现在投保保费最便宜，核保也最容易通过。", "我还年轻，用不着买保险"),
    (
        "您说得对，单看价格确实不便宜。如果按十年分摊到每天，其实不到两块钱，您看呢？",
        "这个价格太贵了",
    ),
    ("虽然贵了两千，但是用的是头层牛皮，正常用十年没问题。", "这款沙发比隔壁贵了两千"),
    ("您觉得贵，是跟哪一款比较的呢？还是超出了预算？", "太贵了"),
    ("这个说法不对，我们去年的理赔率是百分之九十八，数据可以查。", "保险公司都是只收钱不赔钱的"),
    ("哈哈，职业习惯嘛。那我们接着看一下保障计划的第二页。", "你们卖保险的嘴都这么甜吗？"),
    (
        "Precisely because you're young and healthy, this is the cheapest it will ever be.",
        "I'm young, I don't need insurance.",
    ),
    (
        "You're right that range drops in winter. If most of your driving is the commute, though, you'd still have plenty.",
        "EV range isn't reliable.",
    ),
    (
        "Although it's £400 more, it's full-grain leather and will look good in ten years.",
        "This sofa is £400 more.",
    ),
    (
        "Too expensive compared with what you had in mind, or with something else you've seen?",
        "It's too expensive.",
    ),
    (
        "That's not true. Last year we paid 98.5% of claims, and the figure is published.",
        "Insurers never pay out.",
    ),
    (
        "Ha, occupational hazard! Anyway, page two is the hospital cover you asked about.",
        "You insurance guys are all smooth talkers.",
    ),
]
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
    """Time a callable over every sample reply, `rounds` times, and print p50/p99/throughput."""
    samples: list[float] = []
    for _ in range(rounds):
        for reply, objection in REPLIES:
            start = time.perf_counter()
            call(reply, objection)  # type: ignore[operator]
            samples.append((time.perf_counter() - start) * 1000)
    total = sum(samples) / 1000
    print(
        f"{label}: p50 {statistics.median(samples):.2f} ms, p99 {percentile(samples, 0.99):.2f} ms, "
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
    print(
        f"cold import scoring: median {statistics.median(imports) * 1000:.0f} ms (5 fresh interpreters)"
    )
    print(
        f"first classify after import (loads OpenCC, bank, weights): median {statistics.median(firsts) * 1000:.0f} ms"
    )


def main() -> None:
    """Run every latency figure."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(f"bank loaded: {len(bank_pool())} exemplars; python {sys.version.split()[0]}; one core")
    classify("warm up")
    time_calls("classify (bank only)", lambda r, o: classify(r, Context(objection=o)), 40)
    time_calls(
        "classify (bank + 4 model answers)",
        lambda r, o: classify(r, Context(objection=o, exemplars=MODEL_ANSWERS)),
        40,
    )
    turn_cache: dict[str, TurnSpec] = {}

    def score(reply: str, objection: str) -> None:
        turn = turn_cache.setdefault(
            objection, TurnSpec(objection, ("compensate", "ask"), (), MODEL_ANSWERS)
        )
        score_turn(reply, turn)

    time_calls("score_turn (classify + flags + relevance)", score, 40)
    cold_import()
    print(json.dumps({"note": "figures are indicative; run on an idle machine"}))


if __name__ == "__main__":
    main()
