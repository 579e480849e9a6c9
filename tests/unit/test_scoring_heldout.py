"""Accuracy floors on every held-out labelled file (tests/data/labelled/heldout*.jsonl), by name.

Held-out files are written apart from the training data and never used for tuning; the floors
are modest on purpose: they catch a scorer that has broken, not one that is slightly worse.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring import FLAGS as FLAG_KINDS
from scoring import Context, TurnSpec, classify, score_turn

LABELLED = Path(__file__).resolve().parents[1] / "data" / "labelled"
HELDOUT = sorted(LABELLED.glob("heldout*.jsonl"))
FLAGS = {flag for flag in FLAG_KINDS if flag != "gaming"}
"""The principle flags labelled data uses (gaming is a verdict of its own)."""

TECHNIQUE_FLOOR = 0.70
"""Macro-F1 per language."""
TECHNIQUE_FLOORS = {
    "heldout_w11_replies.jsonl": 0.50,
    "heldout_w12_replies.jsonl": 0.50,
    "heldout_w18_replies.jsonl": 0.55,
    "heldout_w20_replies.jsonl": 0.58,
    "heldout_w21_replies.jsonl": 0.58,
}
"""Files whose measured macro-F1 is below TECHNIQUE_FLOOR in a language (w11: zh 0.73, en 0.58;
w12: zh 0.76, en 0.59; w18: zh 0.85, en 0.62; w20: zh 0.72, en 0.61; w21: zh 0.72, en 0.61,
when they were added): a guard against falling further."""
PAIR_FLOOR = 0.70
"""Share of preference pairs where the better reply scores strictly higher."""
FLAG_RECALL_FLOOR = 0.40
"""Share of labelled violations that get their flag."""
FLAG_RECALL_FLOORS = {
    "heldout_w17_replies.jsonl": 0.33,
    "heldout_w18_replies.jsonl": 0.32,
}
"""Files whose measured recall is below FLAG_RECALL_FLOOR: a guard against falling further,
set just under the figure measured (w17 0.36, w18 0.35 with the nine-flag model; w18 was 0.36
when added), far below the 0.85 aimed at."""
CLEAN_FLAG_CEILING = 0.15
"""Share of clean replies given any principle flag."""


def _rows(path: Path) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _macro_f1(gold: list[str], guess: list[str]) -> float:
    scores = []
    for label in set(gold):
        tp = sum(g == p == label for g, p in zip(gold, guess, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, guess, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, guess, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def test_there_is_a_held_out_file() -> None:
    assert HELDOUT, "tests/data/labelled/heldout*.jsonl: no held-out file to measure on"


@pytest.mark.parametrize("path", HELDOUT, ids=[path.name for path in HELDOUT])
def test_held_out_accuracy_stays_above_the_floors(path: Path) -> None:
    rows = _rows(path)
    replies = [row for row in rows if "reply" in row and "label" in row]
    pairs = [row for row in rows if "better" in row and "worse" in row]
    for lang in ("zh", "en"):
        part = [row for row in replies if row.get("lang") == lang]
        if len(part) >= 20:
            guess = [
                classify(str(row["reply"]), Context(objection=row.get("objection"))).technique  # type: ignore[arg-type]
                for row in part
            ]
            f1 = _macro_f1([str(row["label"]) for row in part], list(guess))
            floor = TECHNIQUE_FLOORS.get(path.name, TECHNIQUE_FLOOR)
            assert f1 >= floor, f"{path.name} {lang}: technique macro-F1 {f1:.3f}"
    annotated = [row for row in replies if "flags" in row]
    if annotated:
        hits = total = clean = flagged = 0
        for row in annotated:
            spec = TurnSpec(str(row.get("objection") or ""), kind=row.get("kind") or "objection")  # type: ignore[arg-type]
            found = {flag.id for flag in score_turn(str(row["reply"]), spec).flags} & FLAGS
            gold = set(row["flags"])  # type: ignore[arg-type]
            hits += len(gold & found)
            total += len(gold)
            if not gold:
                clean += 1
                flagged += bool(found)
        if total:
            floor = FLAG_RECALL_FLOORS.get(path.name, FLAG_RECALL_FLOOR)
            assert hits / total >= floor, f"{path.name}: flag recall {hits / total:.3f}"
        if clean:
            assert flagged / clean <= CLEAN_FLAG_CEILING, (
                f"{path.name}: clean flagged {flagged / clean:.3f}"
            )
    if pairs:
        won = 0
        for pair in pairs:
            spec = TurnSpec(
                str(pair["objection"]),
                tuple(pair.get("recommended") or ()),  # type: ignore[arg-type]
                kind=pair.get("kind") or "objection",  # type: ignore[arg-type]
            )
            won += (
                score_turn(str(pair["better"]), spec).total
                > score_turn(str(pair["worse"]), spec).total
            )
        assert won / len(pairs) >= PAIR_FLOOR, f"{path.name}: pairs {won / len(pairs):.3f}"
