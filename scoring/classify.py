"""Classifies a reply by objection-handling technique, with calibrated confidence and evidence."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from scoring.features import FEATURES, Extracted, PoolItem, extract, prepare_pool
from scoring.models import LABELS, Classification, Context, Evidence, Exemplar, Label, Language
from scoring.ngrams import Gram, NgramModel, grams, logits, scale
from scoring.ngrams import probabilities as ngram_probabilities
from scoring.text import Normalised, detect_language, gibberish_share, normalise

RULES_VERSION = "2.0"
"""Bump by hand when the cue patterns or feature code change what replies get."""


def _data_bytes(name: str) -> bytes:
    return resources.files("scoring.data").joinpath(name).read_bytes()


def data_fingerprint() -> str:
    """A short hash of the weights file and the exemplar bank, the data results depend on."""
    digest = hashlib.sha256()
    for name in ("weights.json", "bank.jsonl"):
        digest.update(_data_bytes(name))
    return digest.hexdigest()[:10]


SCORER_VERSION = f"{RULES_VERSION}+{data_fingerprint()}"
"""Changes whenever results could change: the rules version plus a hash of the shipped data."""

MARKUP = re.compile(r"\[/[^\]]{0,40}\]|\[@click|</?[a-z]+[^<>]{0,60}>|\x1b\[|\{\{|\$\{")
"""Console or HTML markup, template holes and terminal escapes: never part of what a salesperson says."""

GAMING_DAMPING = 0.2
"""How much of a technique's probability survives once a reply looks like gaming."""


@dataclass(frozen=True)
class Model:
    """The linear (softmax) model read from weights.json."""

    bias: dict[Label, float]
    """Per-label intercept."""
    weights: dict[Label, dict[str, float]]
    """Per-label feature weights."""
    temperature: float
    """Divides the scores before the softmax, fitted so confidence matches accuracy out of sample."""
    ngrams: NgramModel
    """The n-gram model whose probabilities feed the `ngram:*` features."""


@cache
def model() -> Model:
    """Load the shipped weights once."""
    data = json.loads(_data_bytes("weights.json"))
    bias = {label: float(data["bias"].get(label, 0.0)) for label in LABELS}
    weights = {
        label: {name: float(data["weights"].get(label, {}).get(name, 0.0)) for name in FEATURES}
        for label in LABELS
    }
    ngrams = NgramModel(
        tuple(data.get("ngram_bias", [0.0] * len(LABELS))),
        {name: tuple(row) for name, row in data.get("ngrams", {}).items()},
    )
    return Model(bias, weights, float(data.get("temperature", 1.0)), ngrams)


@cache
def bank() -> tuple[Exemplar, ...]:
    """The bundled exemplar bank."""
    rows = _data_bytes("bank.jsonl").decode("utf-8").splitlines()
    return tuple(
        Exemplar(text=row["reply"], technique=row["label"], source="bank")
        for row in map(json.loads, rows)
        if row.get("reply")
    )


@cache
def bank_pool() -> tuple[PoolItem, ...]:
    """The bank, prepared for similarity search."""
    return tuple(prepare_pool(bank()))


@cache
def _context_pool(exemplars: tuple[Exemplar, ...]) -> tuple[PoolItem, ...]:
    return tuple(prepare_pool(exemplars))


def softmax(scores: dict[Label, float]) -> dict[Label, float]:
    """Turn label scores into probabilities."""
    top = max(scores.values())
    exps = {label: math.exp(score - top) for label, score in scores.items()}
    total = sum(exps.values())
    return {label: value / total for label, value in exps.items()}


def label_scores(values: dict[str, float], weights: Model) -> dict[Label, float]:
    """The linear score of each label."""
    return {
        label: weights.bias[label]
        + sum(weights.weights[label][name] * value for name, value in values.items() if value)
        for label in LABELS
    }


def gaming_reasons(
    norm: Normalised, features: Extracted, objection: str | None, ngram: dict[Label, float]
) -> tuple[str, ...]:
    """Say why a reply looks like an attempt to game the scorer, if it does."""
    text = norm.text
    if not re.search(r"[\w\u4e00-\u9fff]", text):
        return ("empty",)
    reasons: list[str] = []
    share = gibberish_share(text)
    if share is not None and share > 0.5:
        reasons.append("gibberish")
    if objection:
        said = normalise(objection).text
        if said.strip() and fuzz.ratio(said, text) >= 80:
            reasons.append("echo")
    if MARKUP.search(norm.original):
        reasons.append("markup")
    units = re.findall(r"[a-z]+|[\u4e00-\u9fff]", text)
    # Real replies reuse few of their words; a phrase said over and over reuses nearly all.
    if len(units) >= 8 and len(set(units)) / len(units) < 0.35:
        reasons.append("repetition")
    strong = features.labels_cued
    cued = {hit.label for hit in features.hits if hit.signal.startswith("cue:")} - {"none"}
    # N-gram evidence spread over several techniques at once: what stuffing looks like to the n-gram model.
    spread = sum(1 for label, share in ngram.items() if label != "none" and share >= 0.15)
    covered: set[int] = set()
    for hit in features.hits:
        if hit.signal.startswith("cue:"):
            covered.update(range(hit.start, hit.end))
    density = len(covered) / max(1, len(text.replace(" ", "")))
    # Real replies can mix three techniques; a reply that is mostly cue phrases cannot.
    if (
        len(cued) >= 5
        or (len(cued) >= 4 and spread >= 2)
        or (len(strong) >= 3 and (len(strong) >= 4 or density >= 0.3))
    ):
        reasons.append("stuffing")
    return tuple(reasons)


def classify(reply: str, context: Context | None = None) -> Classification:
    """Say which technique a reply uses, how sure that is, and which spans decided it."""
    context = context or Context()
    pools: list[Sequence[PoolItem]] = [bank_pool()]
    if context.exemplars:
        pools.append(_context_pool(tuple(context.exemplars)))
    return classify_with(reply, context, pools)


def classify_with(
    reply: str, context: Context, pools: Sequence[Sequence[PoolItem]], exclude: str | None = None
) -> Classification:
    """Classify against explicit exemplar pools (the benchmarks use this to hold exemplars out)."""
    norm = normalise(reply)
    language: Language = context.lang or detect_language(norm.text)
    features = extract(norm, language, context.objection, pools, exclude)
    weights = model()
    found = grams(norm.text)
    ngram = dict(zip(LABELS, ngram_probabilities(logits(weights.ngrams, found)), strict=True))
    for label, share in ngram.items():
        features.values[f"ngram:{label}"] = share
    scores = label_scores(features.values, weights)
    probabilities = softmax({label: s / weights.temperature for label, s in scores.items()})
    gaming = gaming_reasons(norm, features, context.objection, ngram)
    if gaming:
        probabilities = {
            label: (p if label == "none" else p * GAMING_DAMPING)
            for label, p in probabilities.items()
        }
        probabilities["none"] += 1.0 - sum(probabilities.values())
    ranked = sorted(LABELS, key=lambda label: -probabilities[label])
    winner, second = ranked[0], ranked[1]
    return Classification(
        technique=winner,
        confidence=round(probabilities[winner], 4),
        runner_up=second,
        runner_up_confidence=round(probabilities[second], 4),
        evidence=_evidence(norm, features, weights, (winner, second), found),
        language=language,
        probabilities={label: round(probabilities[label], 4) for label in LABELS},
        gaming=gaming,
    )


def _trimmed(norm: Normalised, start: int, end: int) -> tuple[int, int]:
    """Map a normalised span onto the original reply without surrounding whitespace."""
    start, end = norm.span(start, end)
    original = norm.original
    while start < end and original[start].isspace():
        start += 1
    while end > start and original[end - 1].isspace():
        end -= 1
    return start, end


def ngram_evidence(
    norm: Normalised, found: list[Gram], weights: Model, label: Label, limit: int = 3
) -> list[Evidence]:
    """The n-grams that pushed hardest toward a label, merged where they overlap."""
    index = LABELS.index(label)
    # The stacker turns the n-gram model's vote into score through its weight on `ngram:<label>`.
    trust = weights.weights[label].get(f"ngram:{label}", 0.0)
    value = scale(len(found))
    pushes = []
    for gram in found:
        row = weights.ngrams.weights.get(gram.name)
        if row is not None and row[index] > 0:
            pushes.append((row[index] * value, gram))
    pushes.sort(key=lambda pair: (-pair[0], pair[1].start))
    spans: list[list[float]] = []
    names: list[list[str]] = []
    for push, gram in pushes[:limit]:
        for span, parts in zip(spans, names, strict=True):
            if gram.start < span[1] and span[0] < gram.end:
                span[0], span[1] = min(span[0], gram.start), max(span[1], gram.end)
                span[2] += push
                parts.append(gram.name)
                break
        else:
            spans.append([gram.start, gram.end, push])
            names.append([gram.name])
    out = []
    for (start, end, push), parts in zip(spans, names, strict=True):
        a, b = _trimmed(norm, int(start), int(end))
        if a < b and push * trust > 0:
            signal = "ngram:" + "+".join(part.split(":", 1)[1] for part in parts)
            out.append(Evidence(a, b, norm.original[a:b], label, signal, round(push * trust, 3)))
    return out


def _evidence(
    norm: Normalised,
    features: Extracted,
    weights: Model,
    shown: tuple[Label, Label],
    grams_found: list[Gram],
) -> tuple[Evidence, ...]:
    found: list[Evidence] = []
    seen: set[tuple[int, int, Label]] = set()
    for hit in features.hits:
        contribution = weights.weights[hit.label].get(hit.feature, 0.0) * hit.strength
        if contribution <= 0:
            continue
        start, end = _trimmed(norm, hit.start, hit.end)
        original = norm.original
        if start >= end or (start, end, hit.label) in seen:
            continue
        seen.add((start, end, hit.label))
        found.append(
            Evidence(start, end, original[start:end], hit.label, hit.signal, round(contribution, 3))
        )
    if shown[0] != "none":
        found.extend(ngram_evidence(norm, grams_found, weights, shown[0]))
    for label in shown[:1]:
        similarity, item = features.neighbours.get(label, (0.0, None))
        contribution = weights.weights[label].get(f"knn:{label}", 0.0) * similarity
        # A weak neighbour explains nothing; show one only when it is genuinely close.
        if item is not None and similarity >= 0.45 and contribution > 0 and norm.original.strip():
            found.append(
                Evidence(
                    0,
                    len(norm.original),
                    norm.original,
                    label,
                    f"exemplar:{item.source}:{item.text[:40]}",
                    round(contribution, 3),
                )
            )
    found.sort(key=lambda evidence: -evidence.weight)
    return tuple(found[:10])
