"""Fits the classifier's softmax weights on the dev set and the bank, and reports k-fold CV on dev."""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.features import FEATURES, PoolItem, extract, prepare_pool  # noqa: E402
from scoring.models import LABELS, Exemplar, Label  # noqa: E402
from scoring.text import detect_language, normalise  # noqa: E402

DEV = ROOT / "tests" / "data" / "labelled" / "dev.jsonl"
BANK = ROOT / "scoring" / "data" / "bank.jsonl"
WEIGHTS = ROOT / "scoring" / "data" / "weights.json"

Row = dict[str, str]
Vector = dict[str, float]


def load(path: Path) -> list[Row]:
    """Read a JSON Lines file of labelled replies."""
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def featurise(
    rows: Sequence[Row], pool: Sequence[PoolItem], with_objection: bool = True
) -> list[Vector]:
    """Feature vectors for rows; a row's own text is never its own neighbour."""
    vectors = []
    for row in rows:
        norm = normalise(row["reply"])
        language = row.get("lang") or detect_language(norm.text)
        objection = row.get("objection") if with_objection else None
        vectors.append(extract(norm, language, objection, [pool], exclude=row["reply"]).values)  # type: ignore[arg-type]
    return vectors


def fit(
    vectors: Sequence[Vector],
    labels: Sequence[Label],
    l2: float,
    epochs: int = 250,
    rate: float = 0.08,
) -> tuple[dict[Label, float], dict[Label, dict[str, float]]]:
    """Fit a multinomial logistic regression with Adam and L2, in pure Python."""
    names = list(FEATURES)
    rows = [[vector.get(name, 0.0) for name in names] for vector in vectors]
    targets = [LABELS.index(label) for label in labels]
    k, d, n = len(LABELS), len(names), len(rows)
    w = [[0.0] * (d + 1) for _ in range(k)]
    m = [[0.0] * (d + 1) for _ in range(k)]
    v = [[0.0] * (d + 1) for _ in range(k)]
    beta1, beta2 = 0.9, 0.999
    for epoch in range(1, epochs + 1):
        grad = [[0.0] * (d + 1) for _ in range(k)]
        for x, y in zip(rows, targets, strict=True):
            scores = [
                w[c][d] + sum(wi * xi for wi, xi in zip(w[c], x, strict=False) if xi)
                for c in range(k)
            ]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            for c in range(k):
                error = exps[c] / total - (1.0 if c == y else 0.0)
                row = grad[c]
                for j, xi in enumerate(x):
                    if xi:
                        row[j] += error * xi
                row[d] += error
        for c in range(k):
            for j in range(d + 1):
                g = grad[c][j] / n + (l2 * w[c][j] if j < d else 0.0)
                m[c][j] = beta1 * m[c][j] + (1 - beta1) * g
                v[c][j] = beta2 * v[c][j] + (1 - beta2) * g * g
                m_hat = m[c][j] / (1 - beta1**epoch)
                v_hat = v[c][j] / (1 - beta2**epoch)
                w[c][j] -= rate * m_hat / (math.sqrt(v_hat) + 1e-8)
    bias = {label: round(w[c][d], 4) for c, label in enumerate(LABELS)}
    weights = {
        label: {name: round(w[c][j], 4) for j, name in enumerate(names)}
        for c, label in enumerate(LABELS)
    }
    return bias, weights


def predict(
    vector: Vector, bias: dict[Label, float], weights: dict[Label, dict[str, float]]
) -> Label:
    """The most likely label under fitted weights."""
    scores = {
        label: bias[label] + sum(weights[label][n] * x for n, x in vector.items())
        for label in LABELS
    }
    return max(scores, key=lambda label: scores[label])


def macro_f1(gold: Sequence[Label], guess: Sequence[Label]) -> float:
    """Macro-averaged F1 over the labels present in gold."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, guess, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, guess, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, guess, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def training_set(rows: Sequence[Row], pool: Sequence[PoolItem]) -> tuple[list[Vector], list[Label]]:
    """Each row twice: with its objection and without, since callers may not pass one."""
    with_ctx = featurise(rows, pool, True)
    without = featurise(rows, pool, False)
    labels = [row["label"] for row in rows]
    return with_ctx + without, labels + labels  # type: ignore[operator]


def cross_validate(
    dev: Sequence[Row], bank_rows: Sequence[Row], pool: Sequence[PoolItem], folds: int, l2: float
) -> None:
    """Report k-fold CV on dev, grouped by objection so a fold never sees its own objections."""
    objections = sorted({row["objection"] for row in dev})
    random.Random(7).shuffle(objections)
    fold_of = {objection: i % folds for i, objection in enumerate(objections)}
    bank_x, bank_y = training_set(bank_rows, pool)
    dev_with = featurise(dev, pool, True)
    dev_without = featurise(dev, pool, False)
    gold: list[Label] = []
    guess: list[Label] = []
    guess_bare: list[Label] = []
    langs: list[str] = []
    for fold in range(folds):
        train = [i for i, row in enumerate(dev) if fold_of[row["objection"]] != fold]
        test = [i for i, row in enumerate(dev) if fold_of[row["objection"]] == fold]
        xs = bank_x + [dev_with[i] for i in train] + [dev_without[i] for i in train]
        ys = bank_y + [dev[i]["label"] for i in train] * 2  # type: ignore[misc]
        bias, weights = fit(xs, ys, l2)
        for i in test:
            gold.append(dev[i]["label"])  # type: ignore[arg-type]
            guess.append(predict(dev_with[i], bias, weights))
            guess_bare.append(predict(dev_without[i], bias, weights))
            langs.append(dev[i]["lang"])
    print(f"dev {folds}-fold CV (grouped by objection), l2={l2}")
    for lang in ("zh", "en"):
        idx = [i for i, code in enumerate(langs) if code == lang]
        g = [gold[i] for i in idx]
        print(
            f"  {lang}: macro-F1 {macro_f1(g, [guess[i] for i in idx]):.3f} with objection, "
            f"{macro_f1(g, [guess_bare[i] for i in idx]):.3f} without"
        )
    confusion: dict[tuple[str, str], int] = {}
    for g, p in zip(gold, guess, strict=True):
        confusion[(g, p)] = confusion.get((g, p), 0) + 1
    print("  confusion (gold rows x predicted columns):")
    print("  " + " " * 11 + " ".join(f"{label[:6]:>6}" for label in LABELS))
    for g in LABELS:
        print(f"  {g:>10} " + " ".join(f"{confusion.get((g, p), 0):>6}" for p in LABELS))


def main() -> None:
    """Fit and write the weights file; optionally cross-validate first."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", type=int, default=0, help="run k-fold CV on dev before fitting")
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    bank_rows = load(BANK)
    dev = load(DEV) if DEV.exists() else []
    pool = prepare_pool(Exemplar(row["reply"], row["label"], "bank") for row in bank_rows)  # type: ignore[arg-type]
    if args.cv and dev:
        cross_validate(dev, bank_rows, pool, args.cv, args.l2)
    if args.no_write:
        return
    xs, ys = training_set(bank_rows, pool)
    if dev:
        dev_x, dev_y = training_set(dev, pool)
        xs, ys = xs + dev_x, ys + dev_y
    bias, weights = fit(xs, ys, args.l2)
    train_f1 = macro_f1(ys, [predict(x, bias, weights) for x in xs])
    WEIGHTS.write_text(
        json.dumps(
            {
                "description": "Softmax weights of the technique classifier, fitted by bench/train.py.",
                "features": list(FEATURES),
                "labels": list(LABELS),
                "l2": args.l2,
                "trained_on": {"bank": len(bank_rows), "dev": len(dev)},
                "bias": bias,
                "weights": weights,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {WEIGHTS.relative_to(ROOT)} (training macro-F1 {train_f1:.3f})")


if __name__ == "__main__":
    main()
