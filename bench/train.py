"""Fits the classifier (n-gram model stacked with cue and structure features) and reports leave-one-writer-out CV.

Needs numpy at training time only; the shipped scorer reads plain JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import platform
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.classify import GAMING_DAMPING, SUBSTANCE, gaming_reasons  # noqa: E402
from scoring.features import (  # noqa: E402
    FEATURES,
    Extracted,
    PoolItem,
    comparison_key,
    extract,
    neighbours,
    prepare_pool,
)
from scoring.models import LABELS, Exemplar, Language, Move  # noqa: E402
from scoring.moves import moves_of, read  # noqa: E402
from scoring.ngrams import Gram, NgramModel, grams, logits, probabilities, values  # noqa: E402
from scoring.policy import POLICY  # noqa: E402
from scoring.text import Normalised, detect_language, normalise  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "labelled"
BANK = ROOT / "scoring" / "data" / "bank.jsonl"
WEIGHTS = ROOT / "scoring" / "data" / "weights.json"
WRITERS: dict[str, Path] = {
    "dev": LABELLED / "dev.jsonl",
    "bank": BANK,
    "retail": LABELLED / "train_retail.jsonl",
    "service": LABELLED / "train_service.jsonl",
    "b2b": LABELLED / "train_b2b.jsonl",
    "advisor": LABELLED / "train_advisor.jsonl",
    "clinic": LABELLED / "train_clinic.jsonl",
    **{
        writer: LABELLED / f"train_{writer}_replies.jsonl"
        for writer in ("w1", "w2", "w3", "w4", "w7", "w8", "w9", "w10")
    },
}
"""Each training file was written by one person: the unit of cross-validation."""

ORIGINAL_WRITERS = frozenset({"dev", "bank"})
"""Writers whose style shaped the cue patterns; the others test how far the model transfers."""

Row = dict[str, str]
K = len(LABELS)


def load(path: Path) -> list[Row]:
    """Read a JSON Lines file of labelled replies."""
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@dataclass
class Prepared:
    """A labelled row with everything that does not depend on the fold computed once."""

    row: Row
    label: int
    language: Language
    norm: Normalised
    grams: list[Gram]
    with_objection: Extracted
    without_objection: Extracted
    key: str
    writer: str
    moves: tuple[Move, ...] = ()


def prepare(rows: Sequence[Row], writer: str = "") -> list[Prepared]:
    """Normalise rows and extract their cue, structure and n-gram features."""
    out = []
    for row in rows:
        norm = normalise(row["reply"])
        language: Language = row.get("lang") or detect_language(norm.text)  # type: ignore[assignment]
        kind = row.get("kind") or "objection"
        moves = moves_of(read(norm, language, row.get("objection"), kind))  # type: ignore[arg-type]
        bare = moves_of(read(norm, language, None, kind))  # type: ignore[arg-type]
        out.append(
            Prepared(
                row,
                LABELS.index(row["label"]),  # type: ignore[arg-type]
                language,
                norm,
                grams(norm.text),
                extract(norm, language, row.get("objection"), [], moves=moves),
                extract(norm, language, None, [], moves=bare),
                comparison_key(norm.text, language),
                writer,
                moves,
            )
        )
    return out


# --- the n-gram model -------------------------------------------------------------------


def fit_softmax_sparse(
    rows: np.ndarray,
    cols: np.ndarray,
    vals: np.ndarray,
    n: int,
    d: int,
    y: np.ndarray,
    l2: float,
    steps: int = 300,
    rate: float = 0.1,
    sample_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with L2 by full-batch Adam on a sparse matrix."""
    sw = np.ones(n) if sample_weight is None else sample_weight
    sw = sw / sw.sum()
    w = np.zeros((d, K))
    b = np.zeros(K)
    target = np.zeros((n, K))
    target[np.arange(n), y] = 1.0
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros(K), np.zeros(K)
    for step in range(1, steps + 1):
        z = np.tile(b, (n, 1))
        for c in range(K):
            z[:, c] += np.bincount(rows, weights=vals * w[cols, c], minlength=n)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - target) * sw[:, None]
        grad_w = np.empty_like(w)
        for c in range(K):
            grad_w[:, c] = np.bincount(cols, weights=vals * g[rows, c], minlength=d)
        grad_w += l2 * w
        grad_b = g.sum(axis=0)
        for param, grad, m, v in ((w, grad_w, m_w, v_w), (b, grad_b, m_b, v_b)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w, b


def writer_weights(items: Sequence[Prepared], balance: float) -> np.ndarray:
    """Sample weights that give each writer an equal share when `balance` is 1 (0 leaves rows equal)."""
    sizes: dict[str, int] = {}
    for item in items:
        sizes[item.writer] = sizes.get(item.writer, 0) + 1
    mean = len(items) / max(1, len(sizes))
    return np.array([(mean / sizes[item.writer]) ** balance for item in items])


def fit_ngrams(
    items: Sequence[Prepared],
    c: float,
    keep: int,
    min_df: int = 2,
    min_writers: int = 1,
    balance: float = 0.0,
) -> NgramModel:
    """Fit the TF-IDF logistic model, keep the `keep` n-grams with the largest weights, refit on them.

    An n-gram must occur in replies of `min_writers` different writers: phrasing only one
    person uses says more about that person than about the technique. The refit on the kept
    vocabulary makes the shipped model's unit-length scaling exactly the one it was fitted with.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    writers_of: dict[str, set[str]] = {}
    for item in items:
        for gram in item.grams:
            writers_of.setdefault(gram.name, set()).add(item.writer)
    allowed = sorted(name for name, who in writers_of.items() if len(who) >= min_writers)
    docs = [[g.name for g in item.grams for _ in range(g.count)] for item in items]
    y = np.array([item.label for item in items])
    weight = writer_weights(items, balance)

    def fit(vocabulary: Sequence[str]) -> tuple[Any, Any]:
        vectoriser = TfidfVectorizer(
            analyzer=lambda doc: doc,
            vocabulary=list(vocabulary),
            sublinear_tf=True,
            min_df=1,
        )
        x = vectoriser.fit_transform(docs)
        model = LogisticRegression(C=c, max_iter=3000, tol=1e-5)
        model.fit(x, y, sample_weight=weight)
        return vectoriser, model

    df: dict[str, int] = {}
    for doc in docs:
        for name in set(doc):
            df[name] = df.get(name, 0) + 1
    vocabulary = [name for name in allowed if df.get(name, 0) >= min_df]
    _, model = fit(vocabulary)
    strength = np.abs(model.coef_).max(axis=0)
    kept = sorted(vocabulary[i] for i in np.argsort(-strength, kind="stable")[:keep])
    vectoriser, model = fit(kept)
    coef = model.coef_ - model.coef_.mean(axis=0, keepdims=True)
    idf = vectoriser.idf_
    index = vectoriser.vocabulary_
    weights = {name: tuple(round(float(x), 4) for x in coef[:, index[name]]) for name in kept}
    idfs = {name: round(float(idf[index[name]]), 4) for name in kept}
    bias = model.intercept_ - model.intercept_.mean()
    return NgramModel(tuple(round(float(x), 4) for x in bias), weights, idfs)


def ngram_probs(model: NgramModel, items: Sequence[Prepared]) -> np.ndarray:
    """The n-gram model's probabilities for each row, computed as the scorer does."""
    return np.array([probabilities(logits(model, item.grams)) for item in items])


INNER_FOLDS = 4
"""Groups of writers for the out-of-writer n-gram votes the stacker is fitted on."""


def out_of_writer(
    items: Sequence[Prepared], writer_of: Sequence[str], config: Config
) -> np.ndarray:
    """N-gram probabilities for every row from a model that never saw that row's writer."""
    out = np.zeros((len(items), K))
    if len(set(writer_of)) < 2:
        # One writer only: fall back to five interleaved folds of that writer.
        writer_of = [str(i % 5) for i in range(len(items))]
    # Writers are dealt into at most INNER_FOLDS groups: each row's n-gram vote still comes
    # from a model that never saw its writer, at a fraction of one fit per writer.
    names = sorted(set(writer_of))
    group = {name: str(i % INNER_FOLDS) for i, name in enumerate(names)}
    writer_of = [group[w] for w in writer_of]
    for writer in sorted(set(writer_of)):
        train = [item for item, w in zip(items, writer_of, strict=True) if w != writer]
        test = [i for i, w in enumerate(writer_of) if w == writer]
        model = fit_ngram_config(train, config)
        out[test] = ngram_probs(model, [items[i] for i in test])
    return out


# --- the stacked softmax ------------------------------------------------------------------


def knn_values(item: Prepared, pool: Sequence[PoolItem]) -> dict[str, float]:
    """Similarity to the closest exemplars of each label in a pool, excluding the row itself."""
    found = neighbours(item.key, item.language, [pool], exclude=item.row["reply"])
    return {f"knn:{label}": score for label, (score, _) in found.items()}


def stack_vector(
    values: dict[str, float], knn: dict[str, float], probs: np.ndarray, names: Sequence[str]
) -> list[float]:
    """One row of the stacker's design matrix."""
    merged = {
        **values,
        **knn,
        **{f"ngram:{label}": float(probs[i]) for i, label in enumerate(LABELS)},
    }
    return [merged.get(name, 0.0) for name in names]


def fit_dense(
    x: np.ndarray,
    y: np.ndarray,
    l2: float,
    steps: int = 600,
    sample_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with L2 on a small dense matrix."""
    n, d = x.shape
    rows = np.repeat(np.arange(n), d)
    cols = np.tile(np.arange(d), n)
    vals = x.reshape(-1)
    keep = vals != 0
    return fit_softmax_sparse(
        rows[keep], cols[keep], vals[keep], n, d, y, l2, steps, 0.05, sample_weight
    )


def fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises log loss of out-of-fold scores."""
    best, best_loss = 1.0, math.inf
    for t in np.arange(0.5, 3.01, 0.05):
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -float(logp[np.arange(len(y)), y].mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Gap between confidence and accuracy, weighted over confidence bins."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y
    total = 0.0
    for i in range(bins):
        mask = (confidence > i / bins) & (confidence <= (i + 1) / bins)
        if mask.any():
            total += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    return total


def macro_f1(gold: Sequence[int], guess: Sequence[int]) -> float:
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


@dataclass
class Config:
    """Hyper-parameters and feature choices."""

    l2_ngram: float = 10.0
    """Inverse regularisation (C) of the TF-IDF logistic model."""
    keep: int = 12000
    l2_stack: float = 1e-3
    features: tuple[str, ...] = FEATURES
    min_writers: int = 2
    balance: float = 1.0


def fit_ngram_config(items: Sequence[Prepared], config: Config) -> NgramModel:
    """Fit the n-gram model with a configuration's settings."""
    return fit_ngrams(
        items, config.l2_ngram, config.keep, min_writers=config.min_writers, balance=config.balance
    )


def knn_pool(writers: dict[str, list[Prepared]], train: Sequence[str]) -> list[PoolItem]:
    """The exemplar pool the scorer would use: the bank, or a bank-sized sample of dev when the bank is held out."""
    source = "bank" if "bank" in train else train[0]
    rows = [item.row for item in writers[source]]
    if source != "bank":
        seen: dict[tuple[str, str], int] = {}
        sample = []
        for row in rows:
            key = (row["lang"], row["label"])
            if seen.get(key, 0) < 20:
                seen[key] = seen.get(key, 0) + 1
                sample.append(row)
        rows = sample
    return prepare_pool(Exemplar(row["reply"], row["label"], "bank") for row in rows)  # type: ignore[arg-type]


PAIR_QUALITY = {"better": 80.0, "worse": 35.0}
"""The quality a preference pair's replies stand for when they train the quality model."""


def fit_quality(model: NgramModel, writers: dict[str, list[Prepared]]) -> dict[str, object]:
    """A ridge regression of the writers' quality (0-100) on the n-gram model's TF-IDF values.

    Rated replies train it as rated; each preference pair's replies as PAIR_QUALITY says.
    """
    from sklearn.linear_model import Ridge

    names = sorted(model.idf)
    column = {name: i for i, name in enumerate(names)}
    texts: list[str] = []
    target: list[float] = []
    for rows in writers.values():
        for item in rows:
            if "quality" in item.row:
                texts.append(item.row["reply"])
                target.append(float(item.row["quality"]))
    for writer in writers:
        path = LABELLED / f"train_{writer}_pairs.jsonl"
        if path.exists():
            for pair in load(path):
                for side, quality in PAIR_QUALITY.items():
                    texts.append(pair[side])
                    target.append(quality)
    if not texts:
        return {"bias": 60.0, "weights": {}}
    from scipy.sparse import csr_matrix

    data, rows_, cols = [], [], []
    for r, text in enumerate(texts):
        for name, value in values(model, grams(normalise(text).text)).items():
            rows_.append(r)
            cols.append(column[name])
            data.append(value)
    x = csr_matrix((data, (rows_, cols)), shape=(len(texts), len(names)))
    ridge = Ridge(alpha=1.0).fit(x, np.array(target))
    weights = {
        names[i]: round(float(c), 3)
        for i, c in enumerate(ridge.coef_)
        if abs(round(float(c), 3)) > 0
    }
    return {"bias": round(float(ridge.intercept_), 3), "weights": weights, "rows": len(texts)}


def fit_all(
    writers: dict[str, list[Prepared]], train: Sequence[str], config: Config
) -> tuple[NgramModel, np.ndarray, np.ndarray, list[PoolItem]]:
    """Fit the n-gram model and the stacker on the given writers."""
    items = [item for name in train for item in writers[name]]
    writer_of = [name for name in train for _ in writers[name]]
    oof = out_of_writer(items, writer_of, config)
    model = fit_ngram_config(items, config)
    pool = knn_pool(writers, train)
    x, y, sw = [], [], []
    balance = writer_weights(items, config.balance)
    for item, probs, weight in zip(items, oof, balance, strict=True):
        knn = knn_values(item, pool)
        for extracted in (item.with_objection, item.without_objection):
            x.append(stack_vector(extracted.values, knn, probs, config.features))
            y.append(item.label)
            sw.append(weight)
    w, b = fit_dense(np.array(x), np.array(y), config.l2_stack, sample_weight=np.array(sw))
    return model, w, b, pool


def predict_scores(
    items: Sequence[Prepared],
    model: NgramModel,
    w: np.ndarray,
    b: np.ndarray,
    pool: list[PoolItem],
    config: Config,
) -> np.ndarray:
    """Stacker scores (before temperature) for rows given with their objection."""
    probs = ngram_probs(model, items)
    x = np.array(
        [
            stack_vector(item.with_objection.values, knn_values(item, pool), p, config.features)
            for item, p in zip(items, probs, strict=True)
        ]
    )
    return x @ w + b


def damp_gaming(items: Sequence[Prepared], scores: np.ndarray, ngram: np.ndarray) -> np.ndarray:
    """Probabilities after the scorer's gaming check, as classify() applies it."""
    z = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    none = LABELS.index("none")
    for i, item in enumerate(items):
        made = {move.id for move in item.moves}
        for label, needed in SUBSTANCE.items():
            if not needed & made:
                p[i, LABELS.index(label)] *= POLICY.substance_damping
        p[i, none] += 1.0 - p[i].sum()
        ngram_map = {label: float(ngram[i, j]) for j, label in enumerate(LABELS)}
        if gaming_reasons(
            item.norm, item.with_objection, item.row.get("objection"), ngram_map, item.moves
        ):
            p[i] *= GAMING_DAMPING
            p[i, none] += 1.0 - p[i].sum()
    return p


def leave_one_writer_out(
    writers: dict[str, list[Prepared]],
    config: Config,
    verbose: bool = True,
    only: Sequence[str] | None = None,
) -> tuple[float, float, np.ndarray, np.ndarray]:
    """Fit on all writers but one, test on that one, for each; print macro-F1 per language per fold."""
    names = list(writers)
    held_out = [name for name in names if name in (only or names)]
    all_scores, all_y = [], []
    per_lang: dict[str, list[float]] = {"zh": [], "en": []}
    pooled: dict[str, tuple[list[int], list[int]]] = {"zh": ([], []), "en": ([], [])}
    for held in held_out:
        train = [name for name in names if name != held]
        model, w, b, pool = fit_all(writers, train, config)
        items = writers[held]
        scores = predict_scores(items, model, w, b, pool, config)
        probs = damp_gaming(items, scores, ngram_probs(model, items))
        guess = probs.argmax(axis=1)
        line = [f"  held out {held:>8}:"]
        for lang in ("zh", "en"):
            idx = [i for i, item in enumerate(items) if item.language == lang]
            f1 = macro_f1([items[i].label for i in idx], [int(guess[i]) for i in idx])
            per_lang[lang].append(f1)
            line.append(f"{lang} {f1:.3f}")
            if held not in ORIGINAL_WRITERS:
                pooled[lang][0].extend(items[i].label for i in idx)
                pooled[lang][1].extend(int(guess[i]) for i in idx)
        if verbose:
            print(" ".join(line), flush=True)
        all_scores.append(scores)
        all_y.extend(item.label for item in items)
    zh, en = (sum(v) / len(v) for v in per_lang.values())
    if verbose:
        print(f"  mean: zh {zh:.3f} en {en:.3f}")
        independent = [i for i, name in enumerate(held_out) if name not in ORIGINAL_WRITERS]
        if independent:
            print(
                "  mean over independent writers: "
                + " ".join(
                    f"{lang} {sum(v[i] for i in independent) / len(independent):.3f}"
                    for lang, v in per_lang.items()
                )
            )
            for lang, (gold, guess_all) in pooled.items():
                print_confusion(lang, gold, guess_all)
    return zh, en, np.vstack(all_scores), np.array(all_y)


def print_confusion(lang: str, gold: Sequence[int], guess: Sequence[int]) -> None:
    """Print per-class precision and recall and the confusion matrix, rows gold."""
    print(f"  {lang}, independent writers pooled (rows gold, columns predicted):")
    print("    " + " " * 11 + " ".join(f"{label[:6]:>6}" for label in LABELS) + "      P     R")
    for g, name in enumerate(LABELS):
        counts = [
            sum(1 for a, b in zip(gold, guess, strict=True) if a == g and b == p) for p in range(K)
        ]
        predicted = sum(1 for b in guess if b == g)
        precision = counts[g] / predicted if predicted else 0.0
        recall = counts[g] / max(1, sum(counts))
        print(
            f"    {name:>10} "
            + " ".join(f"{c:>6}" for c in counts)
            + f"  {precision:.2f}  {recall:.2f}"
        )


def load_writers() -> dict[str, list[Prepared]]:
    """Every training writer's rows that exist, prepared."""
    return {name: prepare(load(path), name) for name, path in WRITERS.items() if path.exists()}


CODE_FILES = (
    "bench/train.py",
    "scoring/classify.py",
    "scoring/cues.py",
    "scoring/features.py",
    "scoring/measures.py",
    "scoring/moves.py",
    "scoring/ngrams.py",
    "scoring/policy.py",
    "scoring/registry.py",
    "scoring/segment.py",
    "scoring/text.py",
    "scoring/data/words_zh.txt",
)
"""The code the fitted weights depend on."""


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def provenance(writers: dict[str, list[Prepared]]) -> dict[str, object]:
    """What the weights were fitted from: the last commit of their inputs, input hashes, library versions.

    The commit is the last one that changed any input (not HEAD), so refitting at a later
    commit that leaves the inputs alone gives the same bytes.
    """
    inputs = [*CODE_FILES, *(str(WRITERS[name].relative_to(ROOT)) for name in writers)]
    try:
        commit = subprocess.run(
            ["git", "log", "-1", "--format=%H", "--", *inputs],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", *inputs],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = "unknown", ""
    return {
        "commit": commit + ("+uncommitted" if dirty else ""),
        "data": {name: sha256(WRITERS[name]) for name in writers},
        "code": {name: sha256(ROOT / name) for name in CODE_FILES},
        "libraries": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": _version("scikit-learn"),
            "rjieba": _version("rjieba"),
            "opencc": _version("opencc"),
        },
    }


def main() -> None:
    """Optionally run leave-one-writer-out CV, then fit on every writer and write the weights file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lowo", action="store_true", help="run leave-one-writer-out CV first")
    parser.add_argument(
        "--hold",
        action="append",
        help="with --lowo, hold out only these writers in turn (default: every writer)",
    )
    parser.add_argument("--l2-ngram", type=float, default=Config.l2_ngram)
    parser.add_argument("--l2-stack", type=float, default=Config.l2_stack)
    parser.add_argument("--keep", type=int, default=Config.keep)
    parser.add_argument("--min-writers", type=int, default=Config.min_writers)
    parser.add_argument("--balance", type=float, default=Config.balance)
    parser.add_argument(
        "--temperature",
        type=float,
        default=1.0,
        help="softmax temperature to ship when --lowo does not fit one",
    )
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--check",
        action="store_true",
        help="fit as usual and say whether the result equals the shipped weights byte for byte",
    )
    args = parser.parse_args()
    config = Config(
        args.l2_ngram,
        args.keep,
        args.l2_stack,
        min_writers=args.min_writers,
        balance=args.balance,
    )
    writers = load_writers()
    print("writers: " + ", ".join(f"{name} ({len(rows)})" for name, rows in writers.items()))
    temperature = args.temperature
    if args.lowo:
        print("leave-one-writer-out macro-F1 (fit on the other writers):")
        _, _, scores, y = leave_one_writer_out(writers, config, only=args.hold)
        temperature = fit_temperature(scores, y)
        for t in (1.0, temperature):
            z = scores / t - (scores / t).max(axis=1, keepdims=True)
            p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
            print(
                f"  expected calibration error at T={t:.2f}: {expected_calibration_error(p, y):.3f}"
            )
    if args.no_write:
        return
    if args.check and not args.lowo:
        temperature = float(json.loads(WEIGHTS.read_text(encoding="utf-8"))["temperature"])
    model, w, b, _ = fit_all(writers, list(writers), config)
    quality = fit_quality(model, writers)
    text = (
        json.dumps(
            {
                "description": "Softmax weights of the technique classifier, fitted by bench/train.py.",
                "features": list(config.features),
                "labels": list(LABELS),
                "l2": {"ngram": config.l2_ngram, "stack": config.l2_stack},
                "min_writers": config.min_writers,
                "writer_balance": config.balance,
                "trained_on": {name: len(rows) for name, rows in writers.items()},
                "provenance": provenance(writers),
                "temperature": round(temperature, 2),
                "bias": {label: round(float(b[i] - b.mean()), 4) for i, label in enumerate(LABELS)},
                "weights": {
                    label: {
                        name: round(float(w[j, i]), 4) for j, name in enumerate(config.features)
                    }
                    for i, label in enumerate(LABELS)
                },
                "ngram_bias": list(model.bias),
                "ngrams": {name: [model.idf[name], *row] for name, row in model.weights.items()},
                "quality": quality,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
    )
    if args.check:
        same = WEIGHTS.read_text(encoding="utf-8") == text
        print(
            f"{WEIGHTS.relative_to(ROOT)} {'is reproduced byte for byte' if same else 'DIFFERS from this fit'}"
        )
        sys.exit(0 if same else 1)
    WEIGHTS.write_text(text, encoding="utf-8")
    print(f"wrote {WEIGHTS.relative_to(ROOT)} ({len(model.weights)} n-grams)")


if __name__ == "__main__":
    main()
