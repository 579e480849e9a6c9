"""Prints the scorer's accuracy beside a TF-IDF character n-gram + logistic regression baseline.

Figures: preference-pair accuracy (overall, per language, per axis), flag recall per flag and
language with the clean-reply false-flag rate, technique macro-F1 per language split by
textbook true/false, on every held-out file (tests/data/labelled/heldout*.jsonl, picked up by
name), and leave-one-writer-out over the training writers.

The baseline needs scikit-learn (`pip install -e ".[train]"`); without it only the scorer's
figures are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import FLAGS as FLAG_KINDS  # noqa: E402
from scoring import LABELS, SCORER_VERSION, Context, TurnSpec, classify, score_turn  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "labelled"
BANK = ROOT / "scoring" / "data" / "bank.jsonl"
FLAG_IDS = tuple(flag for flag in FLAG_KINDS if flag != "gaming")
"""The principle flags labelled data uses (gaming is a verdict of its own)."""
Row = dict[str, Any]


def load(path: Path) -> list[Row]:
    """Read a JSON Lines file."""
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def writer_of(path: Path) -> str:
    """The writer a file belongs to: its name without `train_`/`heldout_` and `_replies`/`_pairs`."""
    name = path.stem
    for prefix in ("train_", "heldout_"):
        name = name.removeprefix(prefix)
    for suffix in ("_replies", "_pairs"):
        name = name.removesuffix(suffix)
    return name or "heldout"


@dataclass
class Sets:
    """Labelled replies and pairs, split into training writers and held-out files."""

    train_replies: dict[str, list[Row]] = field(default_factory=dict)
    train_pairs: dict[str, list[Row]] = field(default_factory=dict)
    heldout_replies: dict[str, list[Row]] = field(default_factory=dict)
    heldout_pairs: dict[str, list[Row]] = field(default_factory=dict)


def load_sets() -> Sets:
    """Every labelled file: `heldout*` files are held out, the rest (and the bank) train."""
    sets = Sets()
    for path in sorted(LABELLED.glob("*.jsonl")):
        if path.name == "adversarial.jsonl":
            continue
        heldout = path.name.startswith("heldout")
        rows = load(path)
        name = ("heldout:" if heldout else "") + writer_of(path)
        replies = [row for row in rows if "reply" in row and "label" in row]
        pairs = [row for row in rows if "better" in row and "worse" in row]
        if replies:
            target = sets.heldout_replies if heldout else sets.train_replies
            target.setdefault(name, []).extend(replies)
        if pairs:
            target = sets.heldout_pairs if heldout else sets.train_pairs
            target.setdefault(name, []).extend(pairs)
    sets.train_replies["bank"] = load(BANK)
    return sets


# --- what is measured -----------------------------------------------------------------


@dataclass
class Judge:
    """One system under test: how it labels, flags and scores a reply."""

    name: str
    technique: Callable[[Row], str]
    flags: Callable[[Row], set[str]]
    score: Callable[[str, Row], float]


def scorer_judge() -> Judge:
    """The shipped scorer."""
    cache: dict[tuple[str, str, str, tuple[str, ...]], Any] = {}

    def scored(reply: str, row: Row) -> Any:
        key = (
            reply,
            row.get("objection") or "",
            row.get("kind") or "objection",
            tuple(row.get("recommended") or ()),
        )
        if key not in cache:
            spec = TurnSpec(
                objection=key[1],
                recommended=key[3],  # type: ignore[arg-type]
                kind=key[2],  # type: ignore[arg-type]
                lang=row.get("lang"),
            )
            cache[key] = score_turn(reply, spec)
        return cache[key]

    return Judge(
        "scorer",
        lambda row: (
            classify(
                row["reply"],
                Context(objection=row.get("objection"), kind=row.get("kind") or "objection"),
            ).technique
        ),
        lambda row: {flag.id for flag in scored(row["reply"], row).flags},
        lambda reply, row: float(scored(reply, row).total),
    )


def baseline_judge(replies: Sequence[Row]) -> Judge | None:
    """TF-IDF character 1-4-grams + logistic regression, fitted on the given replies.

    Technique: one multinomial model. Flags: one binary model per flag. Pair score: a ridge
    regression of the writers' quality on the same features.
    """
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression, Ridge
    except ImportError:
        return None
    texts = [row["reply"] for row in replies]
    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True
    )
    x = vectoriser.fit_transform(texts)
    technique = LogisticRegression(C=10.0, max_iter=2000).fit(x, [row["label"] for row in replies])
    annotated = [i for i, row in enumerate(replies) if "flags" in row]
    flag_models: dict[str, Any] = {}
    for flag in FLAG_IDS:
        y = [flag in replies[i]["flags"] for i in annotated]
        if sum(y) >= 2:
            flag_models[flag] = LogisticRegression(
                C=10.0, max_iter=2000, class_weight="balanced"
            ).fit(x[annotated], y)
    rated = [i for i, row in enumerate(replies) if "quality" in row]
    quality = (
        Ridge(alpha=1.0).fit(x[rated], [replies[i]["quality"] for i in rated]) if rated else None
    )

    def flags(row: Row) -> set[str]:
        v = vectoriser.transform([row["reply"]])
        return {flag for flag, model in flag_models.items() if model.predict(v)[0]}

    def score(reply: str, row: Row) -> float:
        if quality is None:
            return 0.0
        return float(quality.predict(vectoriser.transform([reply]))[0])

    return Judge(
        "baseline",
        lambda row: str(technique.predict(vectoriser.transform([row["reply"]]))[0]),
        flags,
        score,
    )


def macro_f1(gold: Sequence[str], guess: Sequence[str]) -> float:
    """Macro-averaged F1 over the labels present in gold."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, guess, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, guess, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, guess, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


Figures = dict[str, tuple[float, int]]
"""Figure name to (value, how many items it was measured on)."""


def pair_figures(judge: Judge, pairs: Sequence[Row]) -> Figures:
    """Share of pairs where the better reply scores strictly higher: overall, per language and axis."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for pair in pairs:
        won = judge.score(pair["better"], pair) > judge.score(pair["worse"], pair)
        for key in ("pairs", f"pairs {pair.get('lang')}", f"pairs axis {pair.get('axis')}"):
            groups[key].append(won)
    return {key: (sum(v) / len(v), len(v)) for key, v in sorted(groups.items())}


def flag_figures(judge: Judge, replies: Sequence[Row]) -> Figures:
    """Recall per flag and language on violations; share of clean replies given any flag."""
    annotated = [row for row in replies if "flags" in row]
    if not annotated:
        return {}
    hits: dict[str, list[bool]] = defaultdict(list)
    predicted_count: dict[str, int] = defaultdict(int)
    correct_count: dict[str, int] = defaultdict(int)
    clean: list[bool] = []
    for row in annotated:
        found = judge.flags(row) & set(FLAG_IDS) | (judge.flags(row) - set(FLAG_IDS))
        gold = set(row["flags"])
        for flag in gold:
            hit = flag in found
            hits[f"recall {flag}"].append(hit)
            hits[f"recall {flag} {row['lang']}"].append(hit)
            hits["recall all"].append(hit)
            hits[f"recall all {row['lang']}"].append(hit)
        for flag in found:
            predicted_count[flag] += 1
            correct_count[flag] += flag in gold
        if not gold:
            clean.append(bool(found))
    figures = {key: (sum(v) / len(v), len(v)) for key, v in sorted(hits.items())}
    if clean:
        figures["clean replies with any flag"] = (sum(clean) / len(clean), len(clean))
    total_predicted = sum(predicted_count.values())
    if total_predicted:
        figures["flag precision (all)"] = (
            sum(correct_count.values()) / total_predicted,
            total_predicted,
        )
    return figures


def technique_figures(judge: Judge, replies: Sequence[Row]) -> Figures:
    """Technique macro-F1 per language, split by textbook true/false when the rows say."""
    guesses = [judge.technique(row) for row in replies]
    figures: Figures = {}
    for lang in ("zh", "en"):
        for textbook in (None, True, False):
            idx = [
                i
                for i, row in enumerate(replies)
                if row.get("lang") == lang
                and (textbook is None or ("textbook" in row and bool(row["textbook"]) is textbook))
            ]
            if not idx:
                continue
            name = f"technique {lang}" + (
                "" if textbook is None else f" textbook={str(textbook).lower()}"
            )
            figures[name] = (
                macro_f1([replies[i]["label"] for i in idx], [guesses[i] for i in idx]),
                len(idx),
            )
    return figures


def all_figures(judge: Judge, replies: Sequence[Row], pairs: Sequence[Row]) -> Figures:
    """Every figure for one judge on one set."""
    return {
        **pair_figures(judge, pairs),
        **flag_figures(judge, replies),
        **technique_figures(judge, replies),
    }


def print_side_by_side(title: str, ours: Figures, theirs: Figures | None) -> None:
    """Print the scorer's figures beside the baseline's."""
    print(f"\n{title}")
    print(f"  {'figure':<44} {'scorer':>7} {'baseline':>9} {'n':>5}")
    lower_is_better = {"clean replies with any flag"}
    for key in ours:
        value, n = ours[key]
        other = f"{theirs[key][0]:>9.3f}" if theirs and key in theirs else f"{'-':>9}"
        mark = ""
        if theirs and key in theirs:
            better = value < theirs[key][0] if key in lower_is_better else value > theirs[key][0]
            mark = "  +" if better else ("  =" if value == theirs[key][0] else "  -")
        print(f"  {key:<44} {value:>7.3f} {other} {n:>5}{mark}")


def flatten(groups: dict[str, list[Row]], names: Sequence[str] | None = None) -> list[Row]:
    """The rows of some (or all) groups, in order."""
    return [row for name, rows in groups.items() if names is None or name in names for row in rows]


def leave_one_writer_out(sets: Sets, baseline: bool) -> None:
    """Baseline fitted on all other writers vs the shipped scorer, per training writer with moves/flags.

    The shipped scorer was fitted on every training writer, so its figures here are optimistic;
    `python bench/train.py --lowo` refits its learned part per fold for technique.
    """
    annotated = [
        name for name, rows in sets.train_replies.items() if any("flags" in r for r in rows)
    ]
    ours_all: dict[str, list[tuple[float, int]]] = defaultdict(list)
    theirs_all: dict[str, list[tuple[float, int]]] = defaultdict(list)
    scorer = scorer_judge()
    for held in annotated:
        rest = [name for name in sets.train_replies if name != held]
        replies = sets.train_replies[held]
        pairs = sets.train_pairs.get(held, [])
        ours = all_figures(scorer, replies, pairs)
        theirs = None
        if baseline:
            judge = baseline_judge(flatten(sets.train_replies, rest))
            theirs = all_figures(judge, replies, pairs) if judge else None
        for key, value in ours.items():
            ours_all[key].append(value)
        for key, value in (theirs or {}).items():
            theirs_all[key].append(value)

    def mean(groups: dict[str, list[tuple[float, int]]]) -> Figures:
        out: Figures = {}
        for key, values in groups.items():
            n = sum(count for _, count in values)
            out[key] = (sum(v * c for v, c in values) / n if n else 0.0, n)
        return out

    print_side_by_side(
        f"leave-one-writer-out over {', '.join(annotated)} (pooled; baseline refitted without the writer, "
        "scorer as shipped)",
        mean(ours_all),
        mean(theirs_all) if baseline else None,
    )


def adversarial() -> None:
    """Report how many adversarial replies get `none` or low confidence, and a low score."""
    path = LABELLED / "adversarial.jsonl"
    if not path.exists():
        return
    rows = load(path)
    passed = low = 0
    for row in rows:
        result = classify(row["reply"], Context(objection=row.get("objection")))
        passed += result.technique == "none" or result.confidence < 0.5
        low += score_turn(row["reply"], TurnSpec(objection=row.get("objection") or "")).total < 40
    print(
        f"\nadversarial ({len(rows)} replies): none or confidence < 0.5 {passed / len(rows):.3f}, "
        f"total < 40 {low / len(rows):.3f}"
    )


def main() -> None:
    """Print every figure on held-out files, then leave-one-writer-out."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    parser.add_argument("--no-lowo", action="store_true", help="skip leave-one-writer-out")
    parser.add_argument(
        "--writer",
        action="append",
        help="only these training writers, scorer only (for development)",
    )
    args = parser.parse_args()
    sets = load_sets()
    print(f"scorer {SCORER_VERSION}; labels {', '.join(LABELS)}")
    print(
        "training writers: "
        + ", ".join(f"{name} ({len(rows)})" for name, rows in sets.train_replies.items())
    )
    if args.writer:
        for name in args.writer:
            print_side_by_side(
                f"training writer {name} (scorer only)",
                all_figures(
                    scorer_judge(), sets.train_replies.get(name, []), sets.train_pairs.get(name, [])
                ),
                None,
            )
        return
    baseline = None if args.no_baseline else baseline_judge(flatten(sets.train_replies))
    if not args.no_baseline and baseline is None:
        print("baseline: scikit-learn not installed (pip install -e '.[train]'); scorer only")
    held_names = sorted(set(sets.heldout_replies) | set(sets.heldout_pairs))
    if not held_names:
        print("\nheld-out: no tests/data/labelled/heldout*.jsonl files")
    scorer = scorer_judge()
    for name in held_names:
        replies = sets.heldout_replies.get(name, [])
        pairs = sets.heldout_pairs.get(name, [])
        print_side_by_side(
            f"{name} ({len(replies)} replies, {len(pairs)} pairs)",
            all_figures(scorer, replies, pairs),
            all_figures(baseline, replies, pairs) if baseline else None,
        )
    if len(held_names) > 1:
        replies = flatten(sets.heldout_replies)
        pairs = flatten(sets.heldout_pairs)
        print_side_by_side(
            f"all held-out files together ({len(replies)} replies, {len(pairs)} pairs)",
            all_figures(scorer, replies, pairs),
            all_figures(baseline, replies, pairs) if baseline else None,
        )
    adversarial()
    if not args.no_lowo:
        leave_one_writer_out(sets, baseline is not None)


if __name__ == "__main__":
    main()
