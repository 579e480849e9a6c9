"""Fits the learned principle-flag model and reports it beside the rules, leave-one-writer-out.

One logistic regression per flag over the technique model's TF-IDF n-grams (the vocabulary
and IDF shipped in scoring/data/weights.json), fitted on every training writer's labelled
replies. The scorer raises a flag when its rule fires or when the model's probability
reaches the threshold written with the weights (scoring/data/flag_weights.json).

Leave-one-writer-out: for each training writer, the model is refitted without that writer
and the writer's replies are scored by rules alone and by rules plus the refitted model.
Needs numpy and scikit-learn (`pip install -e ".[train]"`); the scorer reads plain JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import TurnSpec, score_turn  # noqa: E402
from scoring.classify import model  # noqa: E402
from scoring.flag_model import LEARNED_FLAGS  # noqa: E402
from scoring.ngrams import grams, values  # noqa: E402
from scoring.text import normalise  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "labelled"
OUT = ROOT / "scoring" / "data" / "flag_weights.json"
Row = dict[str, Any]


def writers() -> dict[str, list[Row]]:
    """Training replies with flags, by writer (one file per writer; held-out files excluded)."""
    out: dict[str, list[Row]] = {}
    for path in sorted(LABELLED.glob("*.jsonl")):
        if path.name.startswith("heldout") or path.name == "adversarial.jsonl":
            continue
        name = path.stem.removeprefix("train_").removesuffix("_replies")
        rows = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        rows = [row for row in rows if "reply" in row and "flags" in row]
        if rows:
            out[name] = rows
    return out


def matrix(rows: Sequence[Row], columns: dict[str, int]) -> Any:
    """TF-IDF values of each reply over the shipped n-gram vocabulary."""
    from scipy.sparse import csr_matrix

    ngrams = model().ngrams
    data, r_, c_ = [], [], []
    for r, row in enumerate(rows):
        for name, value in values(ngrams, grams(normalise(row["reply"]).text)).items():
            r_.append(r)
            c_.append(columns[name])
            data.append(value)
    return csr_matrix((data, (r_, c_)), shape=(len(rows), len(columns)))


def fit(rows: Sequence[Row], columns: dict[str, int], c: float) -> dict[str, tuple[float, Any]]:
    """One balanced logistic regression per learned flag."""
    from sklearn.linear_model import LogisticRegression

    x = matrix(rows, columns)
    out = {}
    for flag in LEARNED_FLAGS:
        y = np.array([flag in row["flags"] for row in rows])
        if y.sum() >= 3:
            lr = LogisticRegression(C=c, max_iter=4000, class_weight="balanced").fit(x, y)
            out[flag] = (float(lr.intercept_[0]), lr.coef_[0])
    return out


def rule_flags(row: Row) -> set[str]:
    spec = TurnSpec(row["objection"], kind=row.get("kind") or "objection", lang=row.get("lang"))
    return {flag.id for flag in score_turn(row["reply"], spec, learned=False).flags} - {"gaming"}


def figures(rows: Sequence[Row], found: Sequence[set[str]]) -> tuple[int, int, int, int, int]:
    hits = total = extra = clean = flagged = 0
    for row, got in zip(rows, found, strict=True):
        gold = set(row["flags"])
        hits += len(gold & got)
        total += len(gold)
        extra += len(got - gold)
        if not gold:
            clean += 1
            flagged += bool(got)
    return hits, total, extra, clean, flagged


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--c", type=float, default=10.0, help="inverse regularisation strength")
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--no-lowo", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    names = sorted(model().ngrams.idf)
    columns = {name: i for i, name in enumerate(names)}
    groups = writers()
    print("writers: " + ", ".join(f"{name} ({len(rows)})" for name, rows in groups.items()))
    if not args.no_lowo:
        print(f"leave-one-writer-out, threshold {args.threshold}: rules | rules + model")
        pooled = np.zeros((2, 5), dtype=int)
        for held, rows in groups.items():
            train = [row for name, other in groups.items() if name != held for row in other]
            models = fit(train, columns, args.c)
            x = matrix(rows, columns)
            learned = [set() for _ in rows]
            for flag, (bias, coef) in models.items():
                p = 1 / (1 + np.exp(-(x @ coef + bias)))
                for i in np.nonzero(p >= args.threshold)[0]:
                    learned[i].add(flag)
            rules = [rule_flags(row) for row in rows]
            both = [a | b for a, b in zip(rules, learned, strict=True)]
            line = [f"  held out {held:>8}:"]
            for k, found in enumerate((rules, both)):
                f = figures(rows, found)
                pooled[k] += f
                if f[1]:
                    line.append(f"recall {f[0] / f[1]:.3f} clean flagged {f[4] / max(1, f[3]):.3f}")
            print(" | ".join(line), flush=True)
        for k, title in enumerate(("rules", "rules + model")):
            hits, total, extra, clean, flagged = pooled[k]
            print(
                f"  pooled {title}: recall {hits / total:.3f} precision {hits / max(1, hits + extra):.3f}"
                f" clean flagged {flagged / max(1, clean):.3f}"
            )
    if args.no_write:
        return
    models = fit([row for rows in groups.values() for row in rows], columns, args.c)
    payload = {
        "description": "Per-flag logistic regressions over the technique model's TF-IDF n-grams, fitted by bench/train_flags.py.",
        "threshold": args.threshold,
        "c": args.c,
        "trained_on": {name: len(rows) for name, rows in groups.items()},
        "flags": {
            flag: {
                "bias": round(bias, 4),
                "weights": {
                    names[i]: round(float(w), 3) for i, w in enumerate(coef) if abs(w) >= 0.02
                },
            }
            for flag, (bias, coef) in models.items()
        },
    }
    OUT.write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
