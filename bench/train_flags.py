"""Fits the learned principle-flag model and reports it beside the rules and a plain baseline.

The model: the n-gram names `scoring.ngrams.grams` finds in each normalised reply (the
analyser the scorer uses), vectorised with TfidfVectorizer(sublinear_tf=True, min_df=2) into
a vocabulary of its own, and one class-balanced logistic regression per principle flag
(every flag of the registry marked `learned`). The vocabulary with its idf, the weights and
the threshold go to scoring/data/flag_weights.json, from which scoring/flag_model.py computes
the same TF-IDF values in plain Python. The scorer raises a flag when its rule fires or the
model's probability reaches the threshold (and no warm clause, honest limit or gaming verdict
says otherwise).

Printed side by side, leave-one-writer-out over the training writers (each writer scored by
a model refitted without them) and then on the held-out writers (scored by the model fitted
on every training writer): the rules alone, rules and model as the scorer applies them, and
a baseline of TF-IDF character 1-4-grams with one logistic regression per flag fitted on the
same replies. Recall, precision and the share of clean replies flagged, overall, per
language and per flag. Settings are chosen on leave-one-writer-out (`--no-heldout`); the
held-out writers are only ever measured.

Training data: every tests/data/labelled/*.jsonl with flag annotations except `heldout*`
files and adversarial.jsonl. Needs numpy and scikit-learn (`pip install -e ".[train]"`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scoring.flag_model  # noqa: E402
from bench.train import _version, sha256  # noqa: E402
from scoring import TurnSpec, score_turn  # noqa: E402
from scoring.flag_model import LEARNED_FLAGS, FlagModel, from_data  # noqa: E402
from scoring.ngrams import analyse, grams, tfidf  # noqa: E402
from scoring.text import normalise  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "labelled"
OUT = ROOT / "scoring" / "data" / "flag_weights.json"
CODE_FILES = (
    "bench/train_flags.py",
    "scoring/flag_model.py",
    "scoring/ngrams.py",
    "scoring/segment.py",
    "scoring/text.py",
    "scoring/data/words_zh.txt",
)
"""The code the fitted flag weights depend on."""
THRESHOLDS = (0.5, 0.6, 0.7)
"""Thresholds the overall leave-one-writer-out figures are also shown at."""
Row = dict[str, Any]


@dataclass(frozen=True)
class Settings:
    """What the fit is given: regularisation, vocabulary cut-off and the shipped threshold."""

    c: float = 3.0
    min_df: int = 2
    threshold: float = 0.6


def writer_files(heldout: bool) -> dict[str, Path]:
    """Files with flag-annotated replies, by writer: the training ones or the held-out ones."""
    out: dict[str, Path] = {}
    for path in sorted(LABELLED.glob("*.jsonl")):
        if path.name == "adversarial.jsonl" or path.name.startswith("heldout") != heldout:
            continue
        name = path.stem.removeprefix("heldout_").removeprefix("train_").removesuffix("_replies")
        if any("flags" in row for row in load(path)):
            out[name] = path
    return out


def load(path: Path) -> list[Row]:
    """The replies of a JSON Lines file that carry flag annotations."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if "reply" in row and "flags" in row]


def document(row: Row) -> list[str]:
    """A reply's n-gram names as the scorer finds them, repeated as often as they occur."""
    return analyse(normalise(row["reply"]).text)


def identity(doc: list[str]) -> list[str]:
    """The analyser TfidfVectorizer is given: the n-gram names are computed beforehand."""
    return doc


def fit(
    docs: Sequence[list[str]], rows: Sequence[Row], settings: Settings, samples: int = 0
) -> dict[str, Any]:
    """One balanced logistic regression per learned flag over the replies' own TF-IDF vocabulary.

    Returns the model as the weights file holds it (idf and weights rounded), so that what is
    measured is what ships; with `samples`, that many replies spread over the rows with the
    probabilities scikit-learn gives them (`check`: the scorer's unit tests compare its own)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer=identity, sublinear_tf=True, min_df=settings.min_df)
    x = vectoriser.fit_transform(docs)
    names = vectoriser.get_feature_names_out()
    idf = np.round(vectoriser.idf_, 6)
    columns = [idf]
    bias = []
    picked = list(range(0, len(rows), max(1, len(rows) // samples)))[:samples] if samples else []
    check = np.zeros((len(picked), len(LEARNED_FLAGS)))
    for k, flag in enumerate(LEARNED_FLAGS):
        y = np.array([flag in row["flags"] for row in rows])
        if y.sum() == 0:
            columns.append(np.zeros(len(names)))
            bias.append(-20.0)
            continue
        lr = LogisticRegression(C=settings.c, max_iter=5000, class_weight="balanced")
        lr.fit(x, y)
        columns.append(np.round(lr.coef_[0], 4))
        bias.append(round(float(lr.intercept_[0]), 4))
        if picked:
            check[:, k] = lr.predict_proba(x[picked])[:, 1]
    table = np.column_stack(columns)
    out: dict[str, Any] = {
        "flags": list(LEARNED_FLAGS),
        "threshold": settings.threshold,
        "c": settings.c,
        "min_df": settings.min_df,
        "bias": bias,
    }
    if picked:
        out["check"] = [
            {"reply": rows[i]["reply"], "probabilities": [round(float(p), 4) for p in check[j]]}
            for j, i in enumerate(picked)
        ]
    out["ngrams"] = {
        str(name): [float(idf[i]), *(_number(w) for w in table[i, 1:])]
        for i, name in enumerate(names)
    }
    return out


def _number(value: float) -> float | int:
    """A rounded weight as JSON writes it shortest (0 rather than 0.0, -0.0 as 0)."""
    return 0 if value == 0 else float(value)


# --- what is measured ---------------------------------------------------------------------


@contextmanager
def installed(model: FlagModel | None) -> Iterator[None]:
    """Score with this flag model in place of the shipped one."""
    shipped = scoring.flag_model.flag_model
    scoring.flag_model.flag_model = lambda: model  # type: ignore[assignment]
    try:
        yield
    finally:
        scoring.flag_model.flag_model = shipped


def scorer_flags(row: Row, learned: bool = True) -> set[str]:
    """The principle flags the scorer gives a reply (gaming is a verdict of its own)."""
    spec = TurnSpec(row["objection"], kind=row.get("kind") or "objection", lang=row.get("lang"))
    return {flag.id for flag in score_turn(row["reply"], spec, learned=learned).flags} & set(
        LEARNED_FLAGS
    )


def model_probabilities(model: FlagModel, row: Row) -> dict[str, float]:
    """The model's probability of each flag for a reply, before any rule or suppression."""
    return dict(model.probabilities(tfidf(model.idf, grams(normalise(row["reply"]).text))))


def baseline(rows: Sequence[Row]) -> Callable[[Sequence[Row]], list[set[str]]]:
    """TF-IDF character 1-4-grams (within words) and one balanced logistic regression per flag."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True
    )
    x = vectoriser.fit_transform([row["reply"] for row in rows])
    models = {}
    for flag in LEARNED_FLAGS:
        y = [flag in row["flags"] for row in rows]
        if sum(y) >= 2:
            models[flag] = LogisticRegression(C=10.0, max_iter=4000, class_weight="balanced")
            models[flag].fit(x, y)

    def predict(replies: Sequence[Row]) -> list[set[str]]:
        v = vectoriser.transform([row["reply"] for row in replies])
        found: list[set[str]] = [set() for _ in replies]
        for flag, model in models.items():
            for i in np.nonzero(model.predict(v))[0]:
                found[i].add(flag)
        return found

    return predict


Found = list[set[str]]


def tally(rows: Sequence[Row], found: Found) -> dict[str, list[int]]:
    """Per figure row (all, all zh, a flag, a flag en…): violations, hits, raised, right, clean, clean flagged."""
    out: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for row, got in zip(rows, found, strict=True):
        gold = set(row["flags"])
        for key in ("all", f"all {row['lang']}"):
            counts = out[key]
            counts[0] += len(gold)
            counts[1] += len(gold & got)
            counts[2] += len(got)
            counts[3] += len(gold & got)
            counts[4] += not gold
            counts[5] += not gold and bool(got)
        for flag in LEARNED_FLAGS:
            for key in (flag, f"{flag} {row['lang']}"):
                counts = out[key]
                counts[0] += flag in gold
                counts[1] += flag in gold and flag in got
                counts[2] += flag in got
                counts[3] += flag in gold and flag in got
                counts[4] += not gold
                counts[5] += not gold and flag in got
    return out


def cell(counts: Sequence[int]) -> str:
    """Recall, precision and clean-flagged share of one figure row."""
    total, hits, raised, right, clean, flagged = counts

    def share(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "    -"

    return f"{share(hits, total)} {share(right, raised)} {share(flagged, clean)}"


def print_table(title: str, systems: dict[str, dict[str, list[int]]]) -> None:
    """The systems' figures side by side, one row per figure."""
    print(f"\n{title}")
    print("  recall (violations with their flag), precision (raised flags that are right),")
    print("  clean (clean replies given any flag, or this flag)")
    head = "".join(f" | {name:^19}" for name in systems)
    print(f"  {'':<20} {'n':>4}{head}")
    print(f"  {'':<20} {'':>4}" + " | recall  prec clean" * len(systems))
    first = next(iter(systems.values()))
    keys = ["all", "all zh", "all en"] + [
        key for flag in LEARNED_FLAGS for key in (flag, f"{flag} zh", f"{flag} en")
    ]
    for key in keys:
        if key not in first:
            continue
        n = first[key][0]
        print(f"  {key:<20} {n:>4}" + "".join(f" | {cell(s[key])}" for s in systems.values()))


# --- main ---------------------------------------------------------------------------------


def leave_one_writer_out(
    groups: dict[str, list[Row]],
    docs: dict[str, list[list[str]]],
    rules: dict[str, Found],
    settings: Settings,
) -> None:
    """Each training writer scored by a model fitted on the others, beside rules and baseline."""
    thresholds = sorted({*THRESHOLDS, settings.threshold})
    learned: dict[float, dict[str, Found]] = {t: {} for t in thresholds}
    union: dict[float, dict[str, Found]] = {t: {} for t in thresholds}
    base: dict[str, Found] = {}
    for held, rows in groups.items():
        train = [row for name, other in groups.items() if name != held for row in other]
        train_docs = [doc for name, other in docs.items() if name != held for doc in other]
        model = from_data(fit(train_docs, train, settings))
        probabilities = [model_probabilities(model, row) for row in rows]
        for t in thresholds:
            with installed(replace(model, threshold=t)):
                learned[t][held] = [scorer_flags(row) for row in rows]
            union[t][held] = [
                found | {flag for flag, p in chances.items() if p >= t}
                for found, chances in zip(rules[held], probabilities, strict=True)
            ]
        base[held] = baseline(train)(rows)
        a, b = (
            tally(rows, rules[held])["all"],
            tally(rows, learned[settings.threshold][held])["all"],
        )
        print(f"  without {held:>4}: rules {cell(a)} | rules + model {cell(b)}", flush=True)
    every = [row for rows in groups.values() for row in rows]

    def pooled(found: dict[str, Found]) -> Found:
        return [got for name in groups for got in found[name]]

    print_table(
        f"leave-one-writer-out over {len(groups)} training writers ({len(every)} replies), "
        f"model at {settings.threshold}",
        {
            "rules": tally(every, pooled(rules)),
            "rules + model": tally(every, pooled(learned[settings.threshold])),
            "baseline": tally(every, pooled(base)),
        },
    )
    print(
        "\n  all replies by threshold: recall precision clean, rules + model as the scorer "
        "applies them | plain union (no suppression)"
    )
    for t in thresholds:
        scored, plain = tally(every, pooled(learned[t])), tally(every, pooled(union[t]))
        print(f"    {t:.2f}: {cell(scored['all'])} | {cell(plain['all'])}")


def held_out(groups: dict[str, list[Row]], model: FlagModel) -> None:
    """The held-out writers, measured once with the model fitted on every training writer."""
    rows = [row for path in writer_files(heldout=True).values() for row in load(path)]
    train = [row for other in groups.values() for row in other]
    rules = [scorer_flags(row, learned=False) for row in rows]
    systems = {"rules": tally(rows, rules)}
    for t in sorted({0.5, model.threshold}):
        with installed(replace(model, threshold=t)):
            systems[f"rules + model {t}"] = tally(rows, [scorer_flags(row) for row in rows])
    probabilities = [model_probabilities(model, row) for row in rows]
    systems["baseline"] = tally(rows, baseline(train)(rows))
    names = ", ".join(writer_files(heldout=True))
    print_table(f"held-out writers {names} ({len(rows)} replies), model fitted on all", systems)
    print(
        "\n  plain union of rules and model (no suppression), all replies: recall precision clean"
    )
    for t in sorted({0.5, model.threshold}):
        plain = [
            found | {flag for flag, p in chances.items() if p >= t}
            for found, chances in zip(rules, probabilities, strict=True)
        ]
        print(f"    {t:.2f}: {cell(tally(rows, plain)['all'])}")


def _git(*args: str) -> str:
    """What a git command prints in the repository, stripped."""
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def provenance(files: Sequence[Path]) -> dict[str, object]:
    """The last commit that changed an input, the inputs' hashes and the library versions.

    The commit is the last one that changed any input (not HEAD), so refitting at a later
    commit that leaves the inputs alone gives the same bytes."""
    inputs = [*CODE_FILES, *(str(path.relative_to(ROOT)) for path in files)]
    try:
        commit = _git("log", "-1", "--format=%H", "--", *inputs)
        dirty = _git("status", "--porcelain", "--", *inputs)
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = "unknown", ""
    return {
        "commit": commit + ("+uncommitted" if dirty else ""),
        "data": {path.name: sha256(path) for path in files},
        "code": {name: sha256(ROOT / name) for name in CODE_FILES},
        "libraries": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scikit-learn": _version("scikit-learn"),
            "rjieba": _version("rjieba"),
            "opencc": _version("opencc"),
        },
    }


def main() -> None:
    """Leave-one-writer-out, then fit on every training writer, write the file, measure held-out."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    defaults = Settings()
    parser.add_argument("--c", type=float, default=defaults.c, help="inverse regularisation")
    parser.add_argument("--min-df", type=int, default=defaults.min_df)
    parser.add_argument("--threshold", type=float, default=defaults.threshold)
    parser.add_argument("--no-lowo", action="store_true", help="skip leave-one-writer-out")
    parser.add_argument("--no-heldout", action="store_true", help="skip the held-out writers")
    parser.add_argument("--no-write", action="store_true", help="leave the weights file alone")
    parser.add_argument(
        "--check",
        action="store_true",
        help="fit and say whether the result equals the shipped weights byte for byte",
    )
    args = parser.parse_args()
    settings = Settings(args.c, args.min_df, args.threshold)
    files = writer_files(heldout=False)
    groups = {name: load(path) for name, path in files.items()}
    docs = {name: [document(row) for row in rows] for name, rows in groups.items()}
    print("writers: " + ", ".join(f"{name} ({len(rows)})" for name, rows in groups.items()))
    print(f"settings: C {settings.c}, min_df {settings.min_df}, threshold {settings.threshold}")
    if not args.no_lowo:
        rules = {
            name: [scorer_flags(row, learned=False) for row in rows]
            for name, rows in groups.items()
        }
        leave_one_writer_out(groups, docs, rules, settings)
    if args.no_write and args.no_heldout and not args.check:
        return
    every = [row for rows in groups.values() for row in rows]
    fitted = fit([doc for rows in docs.values() for doc in rows], every, settings, samples=8)
    ngrams = fitted.pop("ngrams")
    payload = {
        "description": (
            "Per-flag logistic regressions over the replies' own TF-IDF n-gram vocabulary "
            "(ngrams: name to [idf, weight per flag]), fitted by bench/train_flags.py."
        ),
        **fitted,
        "trained_on": {name: len(rows) for name, rows in groups.items()},
        "provenance": provenance(list(files.values())),
        "ngrams": ngrams,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.relative_to(ROOT)} {'is reproduced byte for byte' if same else 'DIFFERS'}")
        sys.exit(0 if same else 1)
    if not args.no_write:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)} ({len(ngrams)} n-grams)")
    if not args.no_heldout:
        held_out(groups, from_data(payload))


if __name__ == "__main__":
    main()
