"""Turns a normalised reply into the feature values the classifier weighs, with the spans behind them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from scoring import cues
from scoring.measures import Measure, measures, other_figure
from scoring.models import LABELS, Exemplar, Label, Language, Move
from scoring.moves import CLAUSE_CONDITION, ne_asks
from scoring.registry import MOVES
from scoring.text import (
    POLITE_IF,
    Normalised,
    detect_language,
    han_bigrams,
    normalise,
    sentences,
    topic_units,
)

STRUCTURE_FEATURES: tuple[str, ...] = (
    "ack_then_if",
    "ack_then_but",
    "concede_then_benefit",
    "negation_opening",
    "question_share",
    "first_is_question",
    "tag_question",
    "echo",
    "echo_opening",
    "low_overlap",
    "negates_claim",
    "apology",
    "apology_only",
    "proposal",
    "short",
    "length",
    "has_number",
    "cue_spread",
    "agree_then_benefit",
    "corrects_fact",
    "objection_as_reason",
    "contradicts_number",
    "flips_claim",
)
"""Sentence-structure features, in the order the weights file uses."""

MOVE_FEATURES: tuple[str, ...] = tuple(f"move:{move_id}" for move_id in MOVES)
"""One feature per move the reply makes (1 when it makes it)."""

FEATURES: tuple[str, ...] = (
    *(f"cue:{label}" for label in LABELS),
    *STRUCTURE_FEATURES,
    *MOVE_FEATURES,
    *(f"knn:{label}" for label in LABELS),
    *(f"ngram:{label}" for label in LABELS),
)
"""Every feature, in the order the weights file uses; `ngram:*` are filled in by the classifier."""

CUE_CAP = 2.5
"""The most one label's cues can add up to, so piling on phrases stops paying."""

NEGATION = re.compile(
    r"(不是|没有|不存在|并不|并没|不会|没|n't\b|\bnot\b|\bno\b|\bnever\b|\bnothing\b)"
)
CLAUSE = re.compile(r"[^,.!?;:\n]+")
NUMBER = re.compile(
    r"\d|[一二三四五六七八九十百千万两半]+(年|个|天|块|元|次|倍|成|小时|分钟|公里|月|周|折|%)"
)
POLITE_NEGATIVE = re.compile(
    r"(没事|没关系|没问题|不客气|不好意思|不用谢|不收(费|钱|定金)|不用(交|付)(定金|押金|钱)|不(着)?急|"
    r"\bno (worries|problem|rush|hurry|pressure|obligation|deposit|fee|charge|catch|risk|commitment)\b|\bnot at all\b)"
)
"""Courtesies, and costs taken away, that carry a negation word but deny nothing."""
REFUSAL = re.compile(
    r"\b(i|we)\s+(really\s+|honestly\s+|just\s+|simply\s+)?(can'?t|cannot|can not|"
    r"won'?t\s+be\s+able\s+to|(am|are|'m|'re)\s+(not\s+able|unable)\s+to)\b"
)
"""The seller saying what it cannot do ("I can't cut the price", "we can't match that"): a
refusal of the customer's request, not a denial of what the customer said."""
SELF_CRITICAL = re.compile(
    r"(不(应该|该|够好|够专业|像话|合理)|"
    r"\b(is|was|that'?s|it'?s)? ?(not|n't) (good enough|acceptable|ok(ay)?|fair( to you)?|what (you|we) (expect|promise)\w*)|"
    r"\bshould(n'?t| not) have\b|\bno excuse\b|\bnot how (we|it) should\b)"
)
"""Negations that side with the customer against the company ("that's not good enough"):
self-criticism, not a denial of what the customer said."""


@dataclass(frozen=True)
class Hit:
    """One matched span in the normalised text, with the label it speaks for."""

    start: int
    """Start offset in the normalised text."""
    end: int
    """End offset in the normalised text."""
    label: Label
    """The label it speaks for."""
    signal: str
    """The evidence name, e.g. `cue:precisely-because-en`."""
    strength: float
    """The feature value it contributed."""
    feature: str
    """The feature it fed."""


@dataclass(frozen=True)
class PoolItem:
    """An exemplar prepared for fast comparison."""

    key: str
    """Its comparison string (character bigrams for Chinese, words for English)."""
    label: Label
    """Its label."""
    language: Language
    """Its language."""
    source: str
    """Where it came from."""
    text: str
    """Its original text."""
    normalised: str
    """Its normalised text, for lining up evidence with the reply."""


@dataclass
class Extracted:
    """Feature values of one reply and the hits that produced them."""

    values: dict[str, float] = field(default_factory=dict)
    """Feature name to value."""
    hits: list[Hit] = field(default_factory=list)
    """Spans behind the features."""
    labels_cued: frozenset[Label] = frozenset()
    """Technique labels whose cues matched strongly (for stuffing detection)."""
    neighbours: dict[Label, tuple[float, PoolItem | None]] = field(default_factory=dict)
    """The closest exemplar per label and its similarity."""


def comparison_key(text: str, language: Language) -> str:
    """Build the string used for exemplar similarity: Chinese bigrams or English words."""
    if language == "zh":
        grams = sorted(han_bigrams(text))
        latin = re.findall(r"[a-z]+", text)
        return " ".join([*grams, *latin])
    return " ".join(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text))


def prepare_pool(exemplars: Iterable[Exemplar]) -> list[PoolItem]:
    """Normalise exemplars once so each reply only pays for the comparison."""
    items: list[PoolItem] = []
    for exemplar in exemplars:
        norm = normalise(exemplar.text).text
        language = detect_language(norm)
        items.append(
            PoolItem(
                comparison_key(norm, language),
                exemplar.technique,
                language,
                exemplar.source,
                exemplar.text,
                norm,
            )
        )
    return items


def neighbours(
    key: str, language: Language, pools: Sequence[Sequence[PoolItem]], exclude: str | None = None
) -> dict[Label, tuple[float, PoolItem | None]]:
    """Return, per label, the mean of the two best similarities (0-1) and the best exemplar."""
    best: dict[Label, list[tuple[float, PoolItem]]] = {label: [] for label in LABELS}
    if key:
        for pool in pools:
            candidates = [
                item for item in pool if item.language == language and item.text != exclude
            ]
            if not candidates:
                continue
            for _choice, score, index in process.extract(
                key, [item.key for item in candidates], scorer=fuzz.token_set_ratio, limit=None
            ):
                item = candidates[index]
                best[item.label].append((score / 100.0, item))
    result: dict[Label, tuple[float, PoolItem | None]] = {}
    for label, scored in best.items():
        scored.sort(key=lambda pair: -pair[0])
        top = scored[:2]
        mean = sum(score for score, _ in top) / len(top) if top else 0.0
        result[label] = (mean, top[0][1] if top else None)
    return result


@cache
def _objection_text(objection: str) -> str:
    return normalise(objection).text


@cache
def _objection_measures(objection: str) -> frozenset[Measure]:
    return frozenset(measures(_objection_text(objection)))


@cache
def _objection_units(objection: str) -> frozenset[str]:
    return frozenset(topic_units(_objection_text(objection)))


def _benefit_follows(after: str) -> bool:
    """Whether a benefit comes after the turn (or, with no turn word, later in the reply)."""
    contrast = cues.CONTRAST.search(after)
    benefit_zone = after[contrast.end() :] if contrast else after[len(after) // 3 :]
    return cues.BENEFIT.search(benefit_zone) is not None


def _objection_shapes(
    text: str, objection: str, units: frozenset[str], values: dict[str, float], out: Extracted
) -> None:
    """Features that compare the reply with the objection: its point made the reason, or its figure corrected."""
    clauses = list(CLAUSE.finditer(text))
    for index, clause in enumerate(clauses):
        piece = clause.group()
        if not topic_units(piece) & units:
            continue
        # The objection's own point, in a clause (or the one after) that gives it as the reason.
        following = clauses[index + 1].group() if index + 1 < len(clauses) else ""
        causal = cues.CAUSAL.search(piece) or cues.CAUSAL.search(following)
        if causal and not values["objection_as_reason"]:
            values["objection_as_reason"] = 1.0
            out.hits.append(
                Hit(
                    clause.start(),
                    clause.end(),
                    "taichi",
                    "structure:objection-as-reason",
                    1.0,
                    "objection_as_reason",
                )
            )
    said = _objection_text(objection)
    first = text[: (sentences(text) or [(0, len(text))])[0][1]]
    claimed_negative = NEGATION.search(said) is not None
    denied = (
        NEGATION.search(REFUSAL.sub("", SELF_CRITICAL.sub("", POLITE_NEGATIVE.sub("", first))))
        is not None
    )
    short = len(re.findall(r"[a-z]+|[\u4e00-\u9fff]{2}", first)) <= 5
    # The opening sentence says the opposite of the customer's claim: the shape of a direct correction.
    if (
        claimed_negative
        and not denied
        and cues.AFFIRMATION.search(first.strip())
        and (short or topic_units(first) & units)
    ) or (not claimed_negative and denied and (short or topic_units(first) & units)):
        values["flips_claim"] = 1.0
        out.hits.append(
            Hit(
                0,
                len(first.rstrip()),
                "rebuttal",
                "structure:says-the-opposite",
                1.0,
                "flips_claim",
            )
        )
    stated = _objection_measures(objection)
    if stated:
        for clause in clauses:
            piece = clause.group()
            if other_figure(piece, stated) and topic_units(piece) & units:
                values["contradicts_number"] = 1.0
                out.hits.append(
                    Hit(
                        clause.start(),
                        clause.end(),
                        "rebuttal",
                        "structure:another-figure",
                        1.0,
                        "contradicts_number",
                    )
                )
                break


def extract(
    norm: Normalised,
    language: Language,
    objection: str | None,
    pools: Sequence[Sequence[PoolItem]],
    exclude: str | None = None,
    moves: Sequence[Move] = (),
) -> Extracted:
    """Compute every feature of a reply; `moves` are the moves read from it."""
    text = norm.text
    out = Extracted()
    values = {name: 0.0 for name in FEATURES}
    for move in moves:
        values[f"move:{move.id}"] = 1.0

    cue_sums: dict[Label, float] = dict.fromkeys(LABELS, 0.0)
    strong: set[Label] = set()
    for cue in cues.CUES:
        for match in cue.pattern.finditer(text):
            if match.end() <= match.start():
                continue
            cue_sums[cue.label] += cue.strength
            out.hits.append(
                Hit(
                    match.start(),
                    match.end(),
                    cue.label,
                    f"cue:{cue.name}",
                    cue.strength,
                    f"cue:{cue.label}",
                )
            )
            if cue.strength >= 0.9 and cue.label != "none":
                strong.add(cue.label)
            # One family counts once per reply; repeating a phrase adds nothing.
            break
    for label, total in cue_sums.items():
        values[f"cue:{label}"] = min(total, CUE_CAP)
    out.labels_cued = frozenset(strong)
    values["cue_spread"] = float(max(0, len(strong) - 1))

    spans = sentences(text) or [(0, len(text))]
    first_start, first_end = spans[0]
    first = text[first_start:first_end]
    # The opening clause is the first comma-separated piece: where an acknowledgement sits.
    pause = re.search(r"[,.!?;:-]", first)
    opening_end = first_start + (pause.start() if pause else len(first))
    rest = text[opening_end:]

    opens_agreeing = cues.ACKNOWLEDGE.search(text[first_start:].lstrip()) is not None
    # An acknowledgement or empathy later in the first sentence ("换了我也会很生气", "I agree")
    # counts too, before a conditional that opens another view, not a courtesy ("if you like").
    acknowledged = opens_agreeing or any(
        move.id in ("acknowledge", "empathise") and move.start < first_end for move in moves
    )
    if acknowledged and (
        cues.CONDITION.search(rest)
        if opens_agreeing
        else CLAUSE_CONDITION.search(POLITE_IF.sub("", rest))
    ):
        values["ack_then_if"] = 1.0
        out.hits.append(
            Hit(first_start, opening_end, "yes_if", "structure:agree-then-if", 1.0, "ack_then_if")
        )
    if acknowledged and cues.CONTRAST.search(rest):
        values["ack_then_but"] = 1.0
    concession = cues.CONCESSION.search(text)
    # "It does" answering "it doesn't" contradicts the customer; it concedes nothing.
    if concession and objection and concession.group() in ("it is", "it does"):
        if NEGATION.search(_objection_text(objection)):
            concession = None
    if concession:
        if _benefit_follows(text[concession.end() :]):
            values["concede_then_benefit"] = 1.0
            out.hits.append(
                Hit(
                    concession.start(),
                    concession.end(),
                    "compensate",
                    "structure:concede-then-benefit",
                    1.0,
                    "concede_then_benefit",
                )
            )
    agreement = cues.AGREEMENT.search(text)
    if (
        agreement
        and not values["concede_then_benefit"]
        and _benefit_follows(text[agreement.end() :])
    ):
        values["agree_then_benefit"] = 1.0
    correction = cues.CORRECTION.search(text)
    if correction:
        values["corrects_fact"] = 1.0
        out.hits.append(
            Hit(
                correction.start(),
                correction.end(),
                "rebuttal",
                "structure:corrects-a-fact",
                1.0,
                "corrects_fact",
            )
        )
    negation = cues.NEGATION_OPENING.search(text.lstrip())
    if negation:
        offset = len(text) - len(text.lstrip())
        values["negation_opening"] = 1.0
        out.hits.append(
            Hit(
                offset + negation.start(),
                offset + negation.end(),
                "rebuttal",
                "structure:denies-the-claim",
                1.0,
                "negation_opening",
            )
        )

    questions = [
        (s, e)
        for s, e in spans
        if text[s:e].rstrip().endswith("?")
        or re.search(r"(吗|么)\s*[.~]?\s*$", text[s:e])
        or ne_asks(text[s:e].rstrip(" .~\n"))
    ]
    values["question_share"] = len(questions) / len(spans)
    values["first_is_question"] = 1.0 if questions and questions[0] == spans[0] else 0.0
    for start, end in questions[:3]:
        out.hits.append(
            Hit(start, end, "ask", "structure:question", 1.0 / len(spans), "question_share")
        )
    if questions and all(cues.TAG_QUESTION.search(text[s:e].strip()) for s, e in questions):
        values["tag_question"] = 1.0

    if objection:
        units = _objection_units(objection)
        if units:
            reply_units = topic_units(text)
            opening_units = topic_units(text[: max(opening_end, first_end)])
            values["echo"] = len(units & reply_units) / len(units)
            values["echo_opening"] = len(units & opening_units) / len(units)
            values["low_overlap"] = 1.0 if values["echo"] < 0.1 else 0.0
            _objection_shapes(text, objection, units, values, out)
            # A clause that negates something the customer said: the shape of a correction.
            for clause in CLAUSE.finditer(text):
                piece = clause.group()
                if NEGATION.search(REFUSAL.sub("", piece)) and topic_units(piece) & units:
                    values["negates_claim"] = 1.0
                    out.hits.append(
                        Hit(
                            clause.start(),
                            clause.end(),
                            "rebuttal",
                            "structure:negates-the-claim",
                            1.0,
                            "negates_claim",
                        )
                    )
                    break

    apology = cues.APOLOGY.search(text)
    if apology:
        values["apology"] = 1.0
        remainder = cues.APOLOGY.sub("", text)
        substance = len(re.findall(r"[\u4e00-\u9fff]", remainder)) / 1.6 + len(
            re.findall(r"[a-z]+", remainder)
        )
        if substance < 8:
            values["apology_only"] = 1.0
            out.hits.append(
                Hit(
                    apology.start(),
                    apology.end(),
                    "none",
                    "structure:apology-alone",
                    1.0,
                    "apology_only",
                )
            )
    if cues.PROPOSAL.search(text):
        values["proposal"] = 1.0

    size = len(re.findall(r"[\u4e00-\u9fff]", text)) / 1.6 + len(re.findall(r"[a-z0-9]+", text))
    # A token reply is short and says nothing in particular; a short reply with a clear cue is a technique.
    values["short"] = 1.0 if size < 6 and not strong else 0.0
    values["length"] = min(math.log1p(size) / math.log(60), 1.5)
    values["has_number"] = 1.0 if NUMBER.search(text) else 0.0

    out.neighbours = neighbours(comparison_key(text, language), language, pools, exclude)
    for label, (similarity, _item) in out.neighbours.items():
        values[f"knn:{label}"] = similarity
    out.values = values
    return out
