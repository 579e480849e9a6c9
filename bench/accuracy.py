"""Prints the classifier's accuracy: macro-F1, per-class precision/recall and confusion, per language."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import LABELS, SCORER_VERSION, Context, TurnSpec, classify, score_turn  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "labelled"


def load(path: Path) -> list[dict[str, str]]:
    """Read a JSON Lines file."""
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def report(title: str, gold: Sequence[str], guess: Sequence[str]) -> float:
    """Print macro-F1, per-class precision and recall, and the confusion matrix; return macro-F1."""
    present = [label for label in LABELS if label in gold]
    f1s = []
    rows = []
    for label in present:
        tp = sum(1 for g, p in zip(gold, guess, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, guess, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, guess, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        rows.append(
            f"    {label:>10}  P {precision:.2f}  R {recall:.2f}  F1 {f1:.2f}  (n={tp + fn})"
        )
    macro = sum(f1s) / len(f1s) if f1s else 0.0
    accuracy = sum(1 for g, p in zip(gold, guess, strict=True) if g == p) / max(1, len(gold))
    print(f"  {title}: macro-F1 {macro:.3f}, accuracy {accuracy:.3f}, n={len(gold)}")
    print("\n".join(rows))
    print("    confusion (rows gold, columns predicted):")
    print("    " + " " * 11 + " ".join(f"{label[:6]:>6}" for label in LABELS))
    for g in present:
        counts = [
            sum(1 for a, b in zip(gold, guess, strict=True) if a == g and b == p) for p in LABELS
        ]
        print(f"    {g:>10} " + " ".join(f"{count:>6}" for count in counts))
    return macro


def evaluate(name: str, rows: Sequence[dict[str, str]]) -> None:
    """Classify labelled rows and report per language."""
    print(f"{name} ({len(rows)} replies)")
    guesses = [
        classify(row["reply"], Context(objection=row.get("objection"))).technique for row in rows
    ]
    for lang in ("zh", "en"):
        idx = [i for i, row in enumerate(rows) if row.get("lang") == lang]
        if idx:
            report(lang, [rows[i]["label"] for i in idx], [guesses[i] for i in idx])
    report("all", [row["label"] for row in rows], guesses)


def adversarial(rows: Sequence[dict[str, str]]) -> None:
    """Report how many adversarial replies get `none` or low confidence, and a low score."""
    passed = low_score = 0
    by_lang: dict[str, list[int]] = {}
    for row in rows:
        result = classify(row["reply"], Context(objection=row.get("objection")))
        ok = result.technique == "none" or result.confidence < 0.5
        score = score_turn(
            row["reply"], TurnSpec(objection=row.get("objection") or "", recommended=())
        )
        passed += ok
        low_score += score.total < 40
        tally = by_lang.setdefault(row.get("lang", "?"), [0, 0])
        tally[0] += ok
        tally[1] += 1
    print(f"adversarial ({len(rows)} replies)")
    print(f"  none or confidence < 0.5: {passed}/{len(rows)} = {passed / max(1, len(rows)):.1%}")
    for lang, (ok, total) in sorted(by_lang.items()):
        print(f"    {lang}: {ok}/{total}")
    print(f"  total score < 40 (no recommended technique): {low_score}/{len(rows)}")


def main() -> None:
    """Run the accuracy report on whichever labelled sets exist.

    Cross-validation across writers is `python bench/train.py --lowo --no-write`.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--dev",
        action="store_true",
        help="also report on dev.jsonl with the shipped weights (fitted on it: optimistic)",
    )
    args = parser.parse_args()
    print(f"scorer {SCORER_VERSION}")
    heldout = LABELLED / "heldout.jsonl"
    if heldout.exists():
        evaluate("held-out", load(heldout))
    else:
        print("held-out: tests/data/labelled/heldout.jsonl not found")
    attacks = LABELLED / "adversarial.jsonl"
    if attacks.exists():
        adversarial(load(attacks))
    else:
        print("adversarial: tests/data/labelled/adversarial.jsonl not found")
    if args.dev:
        evaluate("dev, shipped weights (trained on it)", load(LABELLED / "dev.jsonl"))


if __name__ == "__main__":
    main()
