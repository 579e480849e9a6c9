"""Classifies a reply by objection-handling technique, with calibrated confidence and evidence."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from scoring.features import FEATURES, Extracted, PoolItem, extract, prepare_pool
from scoring.models import (
    LABELS,
    Classification,
    Context,
    Evidence,
    Exemplar,
    Label,
    Language,
    Move,
)
from scoring.moves import NUMBER, moves_of, read
from scoring.ngrams import Gram, NgramModel, grams, logits, values
from scoring.ngrams import probabilities as ngram_probabilities
from scoring.policy import POLICY
from scoring.segment import widen_to_words
from scoring.text import HAN, STOPWORDS_EN, Normalised, detect_language, gibberish_share, normalise

RULES_VERSION = "4.4"
"""Bump by hand when the cue patterns or feature code change what replies get."""


def _data_bytes(name: str) -> bytes:
    return resources.files("scoring.data").joinpath(name).read_bytes()


DATA_FILES = ("weights.json", "flag_weights.json", "bank.jsonl", "coaching.toml", "words_zh.txt")
"""The shipped data files whose content SCORER_VERSION tracks."""


def data_fingerprint() -> str:
    """A short hash of the data results depend on: weights, flag weights, exemplar bank, coaching text, word list."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(_data_bytes(name))
    return digest.hexdigest()[:10]


SCORER_VERSION = f"{RULES_VERSION}+{data_fingerprint()}"
"""Changes whenever results could change: the rules version plus a hash of the shipped data."""

MARKUP = re.compile(r"\[/[^\]]{0,40}\]|\[@click|</?[a-z]+[^<>]{0,60}>|\x1b\[|\{\{|\$\{")
"""Console or HTML markup, template holes and terminal escapes: never part of what a salesperson says."""

GAMING_DAMPING = POLICY.gaming_damping
"""How much of a technique's probability survives once a reply looks like gaming."""

SUBSTANCE: dict[Label, frozenset[str]] = {
    "ask": frozenset({"ask_reason"}),
}
"""The move without which a technique is only its wording: a question about nothing is no Ask."""


def substance_damped(
    probabilities: dict[Label, float], moves: Sequence[Move]
) -> dict[Label, float]:
    """Damp the labels whose carrying move the reply does not make; what they lose goes to `none`."""
    made = {move.id for move in moves}
    damped = {
        label: p
        * (POLICY.substance_damping if label in SUBSTANCE and not SUBSTANCE[label] & made else 1.0)
        for label, p in probabilities.items()
    }
    damped["none"] += 1.0 - sum(damped.values())
    return damped


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
    quality_bias: float = 60.0
    """Intercept of the quality model (writers' 0-100 expert scores)."""
    quality_weights: dict[str, float] = field(default_factory=dict)
    """Per-n-gram weights of the quality model, over the n-gram model's TF-IDF values."""


def denial_is_rebuttal(
    probabilities: dict[Label, float], moves: Sequence[Move]
) -> dict[Label, float]:
    """A flat denial of what the customer said is a direct rebuttal, however badly done (DOMAIN §1, A)."""
    made = {move.id for move in moves}
    if "contradict_flat" not in made or max(probabilities, key=probabilities.__getitem__) != "none":
        return probabilities
    moved = dict(probabilities)
    moved["rebuttal"] += moved["none"] * 0.8
    moved["none"] *= 0.2
    return moved


class WeightsMismatch(RuntimeError):
    """The shipped weights file was fitted for other labels or features than this code computes."""


def check_weights(data: dict[str, object]) -> None:
    """Refuse a weights file whose labels or features differ from the code's."""
    if data.get("labels") != list(LABELS):
        raise WeightsMismatch(
            f"scoring/data/weights.json was fitted for labels {data.get('labels')}, but the scorer "
            f"has {list(LABELS)}; refit it with `python bench/train.py`"
        )
    if data.get("features") != list(FEATURES):
        ours, theirs = set(FEATURES), set(data.get("features") or [])  # type: ignore[call-overload]
        raise WeightsMismatch(
            "scoring/data/weights.json was fitted for other features than the scorer computes "
            f"(missing: {sorted(ours - theirs)[:5]}, unknown: {sorted(theirs - ours)[:5]}); "
            "refit it with `python bench/train.py`"
        )


@cache
def model() -> Model:
    """Load the shipped weights once."""
    data = json.loads(_data_bytes("weights.json"))
    check_weights(data)
    bias = {label: float(data["bias"].get(label, 0.0)) for label in LABELS}
    weights = {
        label: {name: float(data["weights"].get(label, {}).get(name, 0.0)) for name in FEATURES}
        for label in LABELS
    }
    rows = data.get("ngrams", {})
    ngrams = NgramModel(
        tuple(data.get("ngram_bias", [0.0] * len(LABELS))),
        {name: tuple(row[1:]) for name, row in rows.items()},
        {name: float(row[0]) for name, row in rows.items()},
    )
    quality = data.get("quality") or {}
    return Model(
        bias,
        weights,
        float(data.get("temperature", 1.0)),
        ngrams,
        float(quality.get("bias", 60.0)),
        {name: float(w) for name, w in (quality.get("weights") or {}).items()},
    )


def predicted_quality(norm: Normalised) -> float:
    """What the writers' expert quality scores (0-100) predict for a reply, from its n-grams."""
    weights = model()
    found = values(weights.ngrams, grams(norm.text))
    raw = weights.quality_bias + sum(
        weights.quality_weights.get(name, 0.0) * value for name, value in found.items()
    )
    return max(0.0, min(100.0, raw))


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


STOCK_PHRASES = re.compile(
    r"(我(非常|很|完全)?理解您的(感受|心情)|很多(客户|人)(一开始|刚开始)?也(这么|这样)(觉得|想|认为)|后来(他们)?发现|正因为|恰恰(是|因为)|就是因为|"
    r"(您|你)说得(对|有道理)|不过如果|但是如果|换个角度(想|看)?|请问您为什么|您为什么(会)?(这么|这样)?觉得|如果您考虑一下|"
    r"\bi (totally |completely |really )?understand how you feel\b|\b(many|a lot of|lots of) (of my |of our )?(customers|clients|people) (have )?felt the same\b|"
    r"\bwhat they found\b|\bprecisely because\b|\bthat'?s exactly why\b|\bhowever,? if\b|\bbut if you think about it\b|\bmay i ask why\b|"
    r"\bwhy (do|would) you feel that way\b|\bi hear you\b|\bif you think about it\b|\byou'?re (absolutely )?right,? but\b)"
)
"""Stock phrases of the textbook techniques: a reply made of them and nothing else is a formula."""


def gaming_reasons(
    norm: Normalised,
    features: Extracted,
    objection: str | None,
    ngram: dict[Label, float],
    moves: Sequence[Move] = (),
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
    # Real replies can mix three techniques; a reply that is mostly cue phrases cannot. A reply
    # with a figure, a checkable source or a concrete step has substance, however many cues fire.
    specific = NUMBER.search(text) is not None or any(
        move.id in ("cite_source", "propose_remedy", "commit_followup") for move in moves
    )
    if (
        (len(cued) >= 5 and (not specific or density >= 0.5))
        or (len(cued) >= 4 and spread >= 2 and not specific)
        or (len(strong) >= 3 and (len(strong) >= 4 or density >= 0.3) and not specific)
    ):
        reasons.append("stuffing")
    stock = {match.group() for match in STOCK_PHRASES.finditer(text)}
    if len(stock) >= 3 and not specific and "stuffing" not in reasons:
        reasons.append("formula")
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
    moves = moves_of(read(norm, language, context.objection, context.kind))
    features = extract(norm, language, context.objection, pools, exclude, moves)
    weights = model()
    found = grams(norm.text)
    ngram = dict(zip(LABELS, ngram_probabilities(logits(weights.ngrams, found)), strict=True))
    for label, share in ngram.items():
        features.values[f"ngram:{label}"] = share
    scores = label_scores(features.values, weights)
    probabilities = softmax({label: s / weights.temperature for label, s in scores.items()})
    probabilities = substance_damped(probabilities, moves)
    probabilities = denial_is_rebuttal(probabilities, moves)
    gaming = gaming_reasons(norm, features, context.objection, ngram, moves)
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
        moves=moves,
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


LATIN = re.compile(r"[^\W\d_\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[0-9'’]")
"""A character that belongs to an alphabetic word (digits and apostrophes included, Hanzi not)."""

MAX_EVIDENCE = 3
"""The most spans shown: more than three stops being read."""

MIN_HAN_SPAN = 2
"""A lone Chinese character says nothing to a trainee; n-gram spans must cover at least a word."""


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span of `text` so it neither starts nor ends inside an alphabetic word."""
    while (
        start > 0
        and start < len(text)
        and LATIN.match(text[start - 1])
        and LATIN.match(text[start])
    ):
        start -= 1
    while end < len(text) and end > 0 and LATIN.match(text[end]) and LATIN.match(text[end - 1]):
        end += 1
    return start, end


@dataclass
class _Span:
    """Evidence being assembled: one stretch of the original reply and the signals behind it."""

    start: int
    """Start offset in the reply as given."""
    end: int
    """End offset (exclusive) in the reply as given."""
    label: Label
    """The label the span speaks for."""
    weight: float
    """What the span's signals added to the label's score, together."""
    signals: list[str]
    """The cues, structures, n-grams and exemplars behind it, strongest first."""


def _signal_order(signal: str) -> int:
    # Cues and structures name the reason best; the exemplar goes last so the span stays highlighted.
    for rank, prefix in enumerate(("cue:", "structure:", "ngram:", "exemplar:")):
        if signal.startswith(prefix):
            return rank
    return len(signal)


def merge_spans(candidates: Sequence[_Span], limit: int = MAX_EVIDENCE) -> list[_Span]:
    """Merge overlapping spans of one label, drop weaker spans that overlap another label's, keep the strongest."""
    kept: list[_Span] = []
    for candidate in sorted(candidates, key=lambda span: (-span.weight, span.start)):
        span = _Span(
            candidate.start,
            candidate.end,
            candidate.label,
            candidate.weight,
            list(candidate.signals),
        )
        clash = False
        absorbed: list[_Span] = []
        while True:
            overlapping = [k for k in kept if span.start < k.end and k.start < span.end]
            if not overlapping:
                break
            if any(k.label != span.label for k in overlapping):
                # The stronger span of another label wins; what this one absorbed stands as it was.
                clash = True
                kept.extend(absorbed)
                break
            absorbed.extend(overlapping)
            # Kept spans are at least as strong as this one, so their signals are named first.
            signals: list[str] = []
            for other in sorted(overlapping, key=lambda k: -k.weight):
                kept.remove(other)
                span.start, span.end = min(span.start, other.start), max(span.end, other.end)
                span.weight += other.weight
                signals.extend(s for s in other.signals if s not in signals)
            span.signals = signals + [s for s in span.signals if s not in signals]
        if not clash:
            kept.append(span)
    kept.sort(key=lambda span: (-span.weight, span.start))
    return kept[:limit]


def _readable(norm: Normalised, start: int, end: int) -> tuple[int, int]:
    """A normalised span mapped onto the original reply, widened to whole words and trimmed."""
    a, b = _trimmed(norm, start, end)
    if a >= b:
        return a, b
    a, b = whole_words(norm.original, a, b)
    return _trimmed_original(norm.original, a, b)


def _trimmed_original(original: str, start: int, end: int) -> tuple[int, int]:
    # Edge punctuation is noise in a quoted span, but a closing question mark shows it asks.
    while start < end and not original[start].isalnum():
        start += 1
    while end > start and not original[end - 1].isalnum() and original[end - 1] not in "?？":
        end -= 1
    return start, end


def ngram_spans(
    norm: Normalised,
    found: Sequence[Gram],
    weights: Model,
    label: Label,
    limit: int = 6,
    share: float = 1.0,
) -> list[_Span]:
    """The n-grams that pushed hardest toward a label, as readable spans of the original reply.

    The n-gram model adds trust × its probability `share` of the label to the label's score;
    that amount is shared among the n-grams in proportion to their pushes.
    """
    index = LABELS.index(label)
    # The stacker turns the n-gram model's vote into score through its weight on `ngram:<label>`.
    trust = weights.weights[label].get(f"ngram:{label}", 0.0)
    if trust <= 0:
        return []
    tfidf = values(weights.ngrams, found)
    by_name = {gram.name: gram for gram in found}
    pushes = []
    for name, value in tfidf.items():
        row = weights.ngrams.weights.get(name)
        if row is not None and row[index] > 0:
            pushes.append((row[index] * value, by_name[name]))
    total = sum(push for push, _ in pushes)
    if total <= 0:
        return []
    pushes = [(trust * share * push / total, gram) for push, gram in pushes]
    pushes.sort(key=lambda pair: (-pair[0], pair[1].start))
    spans: list[_Span] = []
    for push, gram in pushes[:limit]:
        a, b = _readable(norm, gram.start, gram.end)
        if a >= b:
            continue
        spans.append(_Span(a, b, label, push, []))
    # Touching pieces of one phrase read as one span.
    spans.sort(key=lambda span: span.start)
    joined: list[_Span] = []
    for span in spans:
        if joined and span.start <= joined[-1].end:
            last = joined[-1]
            last.end = max(last.end, span.end)
            last.weight += span.weight
        else:
            joined.append(span)
    out = []
    for span in joined:
        span.start, span.end = _whole_han_words(norm.original, span.start, span.end)
        text = norm.original[span.start : span.end]
        if not meaningful(text):
            continue
        span.signals.append("ngram:" + " ".join(text.split()).lower())
        out.append(span)
    return out


FUNCTION_HAN = frozenset(
    "的了是您你我他她它这那吗呢吧啊呀嘛么和与及也都就还又在有个们着过把被让给对"
)
"""Chinese function characters: a span made only of them says nothing to a trainee."""


def meaningful(text: str) -> bool:
    """Whether a span is worth showing: a content word, not a lone function word like 'and' or 您这."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    if words:
        return any(word not in STOPWORDS_EN for word in words)
    han = HAN.findall(text)
    return len(han) >= MIN_HAN_SPAN and any(char not in FUNCTION_HAN for char in han)


def _whole_han_words(original: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span of the original reply so it does not cut a Chinese word."""
    if start >= end or not HAN.search(original[start:end]):
        return start, end
    return widen_to_words(original, start, end)


def _exemplar_span(norm: Normalised, label: Label, item: PoolItem, weight: float) -> _Span | None:
    """The longest stretch the reply shares with its closest exemplar, or None when nothing sizeable is shared."""
    match = SequenceMatcher(None, norm.text, item.normalised, autojunk=False).find_longest_match()
    if match.size == 0:
        return None
    start, end = match.a, match.a + match.size
    while start < end and norm.text[start] in CLAUSE_BREAKS:
        start += 1
    while end > start and norm.text[end - 1] in CLAUSE_BREAKS:
        end -= 1
    if start >= end:
        return None
    if HAN.match(norm.text[start]) or HAN.match(norm.text[end - 1]):
        # Chinese has no spaces to stop at: widen to the clause when it is not much longer.
        clause = _clause_around(norm.text, start, end)
        if clause[1] - clause[0] <= 2 * match.size + 4:
            start, end = clause
    a, b = _readable(norm, start, end)
    shared = norm.original[a:b]
    words = len(re.findall(r"[^\W\d_]+", shared)) if LATIN.search(shared) else 0
    han = len(HAN.findall(shared))
    if a >= b or (words < 2 and han < 3):
        return None
    return _Span(a, b, label, weight, [f"exemplar:{item.source}:{item.text[:40]}"])


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The comma- or sentence-delimited clause of normalised text holding [start, end)."""
    while start > 0 and text[start - 1] not in CLAUSE_BREAKS:
        start -= 1
    while end < len(text) and text[end] not in CLAUSE_BREAKS:
        end += 1
    return start, end


CLAUSE_BREAKS = frozenset(",.!?;:\n")


def _joined_ngrams(signals: Sequence[str]) -> list[str]:
    """Several n-gram signals of one span, said once: `ngram:what, does`."""
    phrases = [signal.removeprefix("ngram:") for signal in signals if signal.startswith("ngram:")]
    others = [signal for signal in signals if not signal.startswith("ngram:")]
    return [*others, "ngram:" + ", ".join(phrases)] if phrases else others


def _evidence(
    norm: Normalised,
    features: Extracted,
    weights: Model,
    shown: tuple[Label, Label],
    grams_found: Sequence[Gram],
) -> tuple[Evidence, ...]:
    candidates: list[_Span] = []
    for hit in features.hits:
        if hit.label not in shown:
            continue
        contribution = weights.weights[hit.label].get(hit.feature, 0.0) * hit.strength
        if contribution <= 0:
            continue
        start, end = _readable(norm, hit.start, hit.end)
        if start < end:
            candidates.append(_Span(start, end, hit.label, contribution, [hit.signal]))
    winner = shown[0]
    if winner != "none":
        candidates.extend(
            ngram_spans(
                norm,
                grams_found,
                weights,
                winner,
                share=features.values.get(f"ngram:{winner}", 1.0),
            )
        )
    similarity, item = features.neighbours.get(winner, (0.0, None))
    contribution = weights.weights[winner].get(f"knn:{winner}", 0.0) * similarity
    # A weak neighbour explains nothing; show one only when it is genuinely close.
    if item is not None and similarity >= 0.45 and contribution > 0:
        span = _exemplar_span(norm, winner, item, contribution)
        if span is not None:
            candidates.append(span)
    out = []
    for span in merge_spans(candidates):
        signal = " + ".join(sorted(_joined_ngrams(span.signals), key=_signal_order))
        out.append(
            Evidence(
                span.start,
                span.end,
                norm.original[span.start : span.end],
                span.label,
                signal,
                round(span.weight, 3),
            )
        )
    return tuple(out)
