"""Scores one reply from what it does: technique fit, execution and relevance, with flags and a tip."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from scoring.classify import classify, predicted_quality
from scoring.features import comparison_key
from scoring.flag_model import learned_flags
from scoring.measures import measures
from scoring.models import (
    STEP_NAMES,
    TECHNIQUE_NAMES,
    Classification,
    ComplaintStep,
    Context,
    Flag,
    Label,
    Language,
    Move,
    TurnScore,
    TurnSpec,
)
from scoring.moves import (
    ACRONYM,
    JARGON_TERMS,
    NUMBER,
    SMALL_TALK,
    WHEN,
    Reading,
    dismissive_spans,
    everyday_acronym,
    honest_limit,
    read,
)
from scoring.policy import POLICY
from scoring.registry import ADVICE, FLAGS, MOVES, STEPS, AdviceKind, FlagId, text
from scoring.segment import widen_to_words
from scoring.steps import detect_steps
from scoring.text import Normalised, normalise, topic_units

FIT_MAX, EXECUTION_MAX, RELEVANCE_MAX = POLICY.fit_max, POLICY.execution_max, POLICY.relevance_max

SUBSTANCE_MOVES: dict[Label, frozenset[str]] = {
    "ignore": frozenset({"steer_back"}),
    "compensate": frozenset({"offer_benefit", "propose_remedy"}),
    "taichi": frozenset({"reframe"}),
    "ask": frozenset({"ask_reason"}),
    "yes_if": frozenset({"acknowledge", "empathise", "concede_drawback"}),
    "rebuttal": frozenset({"correct_fact", "cite_source"}),
}
"""The moves that carry each technique: without one, the technique is only its wording."""

ACTION_MOVES = frozenset(
    {"propose_remedy", "commit_followup", "offer_benefit", "ask_reason", "correct_fact", "reframe"}
)
"""Moves that do something about the customer's point: what an apology must be followed by."""

ENGAGING_MOVES = ACTION_MOVES | {
    "own_fault",
    "concede_drawback",
    "cite_source",
    "steer_back",
    "empathise",
}
"""Moves that deal with what was raised, for relevance."""

OFF_TOPIC_MOVES = frozenset({"ask_off_topic", "change_subject"})
"""Moves that leave what the customer raised."""


def score_turn(reply: str, turn: TurnSpec, *, learned: bool = True) -> TurnScore:
    """Score a reply 0-100 with its breakdown, flags and one coaching tip.

    `learned=False` leaves out the learned flag model (bench/train_flags.py compares the two).
    """
    too_long = len(reply) > POLICY.max_reply_chars
    if too_long:
        reply = reply[: POLICY.max_reply_chars]
    classification = classify(
        reply,
        Context(objection=turn.objection, exemplars=tuple(turn.model_answers), kind=turn.kind),
    )
    language = classification.language
    norm = normalise(reply)
    reading = read(norm, language, turn.objection, turn.kind)
    moves = classification.moves
    made = {move.id for move in moves}
    steps = detect_steps(reply, language) | {
        step
        for move in moves
        if (step := MOVES[move.id].step) is not None  # type: ignore[index]
    }
    relevance = _relevance(norm, reading, classification, made, turn)
    flags = _flags(reading, classification, moves, made, relevance, turn, learned)
    if too_long:
        flags.append(Flag("gaming", text("gaming", "too_long", language), 0, (0, len(reply))))
    answered = _answers_the_kind(reading.objection, norm.text)
    fit = _technique_fit(classification, steps, turn, made, answered, flags)
    execution = _execution(reading, moves, made, flags, classification)
    if classification.gaming:
        fit = 0
        execution = min(execution, POLICY.gaming_execution_cap)
        relevance = min(relevance, POLICY.gaming_relevance_cap)
    tip = _tip(classification, flags, made, moves, steps, turn, relevance, reading, reply)
    return TurnScore(
        total=fit + execution + relevance,
        technique_fit=fit,
        execution=execution,
        relevance=relevance,
        classification=classification,
        flags=tuple(flags),
        tip=tip,
        steps=frozenset(step for step in STEPS if step in steps),
        moves=moves,
    )


def _technique_base(label: Label, turn: TurnSpec) -> int:
    if label == "none":
        return 0
    if label in turn.recommended:
        return max(
            POLICY.fit_floor_recommended,
            POLICY.fit_max - POLICY.fit_step * turn.recommended.index(label),
        )
    if any(item.technique == label for item in turn.discouraged):
        return POLICY.fit_discouraged
    return POLICY.fit_unspecified if not turn.recommended else POLICY.fit_other


HANDLING_MOVES = frozenset(
    {
        "concede_drawback",
        "offer_benefit",
        "correct_fact",
        "cite_source",
        "ask_reason",
        "propose_remedy",
        "commit_followup",
        "own_fault",
    }
)
"""Moves that do something with the customer's point, whatever technique they add up to."""

VIOLATIONS = frozenset(
    {"arguing", "face_threat", "exaggeration", "pressure", "dismissive", "disparaging"}
)
"""Flags that break a principle: a technique carried out that way is not the technique done well."""


def _technique_fit(
    classification: Classification,
    steps: frozenset[ComplaintStep],
    turn: TurnSpec,
    made: set[str],
    answered: bool | None,
    flags: Sequence[Flag],
) -> int:
    base: float = _technique_base(classification.technique, turn)
    if classification.technique == "none":
        if answered:
            # "一个半钟头左右" to "要装多久": answering what was asked is the right move.
            base = max(base, POLICY.fit_direct_answer)
        else:
            substance = min(
                POLICY.fit_substance_cap, POLICY.fit_substance_move * len(made & HANDLING_MOVES)
            )
            if turn.kind == "complaint":
                # Complaint handling can be sound without a named technique if it follows the
                # steps, or does something with the complaint (owns it, fixes it, makes it good).
                steps_fit = POLICY.fit_complaint_step * len(steps - {"apologise"})
                base = min(POLICY.fit_complaint_cap, max(steps_fit, substance))
            else:
                base = max(base, substance)
    if any(flag.id in VIOLATIONS for flag in flags):
        base *= POLICY.fit_violation_share
    floor = POLICY.fit_confidence_floor
    share = floor + (1 - floor) * min(1.0, classification.confidence / POLICY.fit_confidence_full)
    return round(base * share)


def _concrete(text: str) -> bool:
    """Whether a stretch of text gives a figure, an amount or an example."""
    return (
        NUMBER.search(text) is not None
        or bool(measures(text))
        or re.search(r"(比如|例如|for example|for instance|e\.g\.)", text) is not None
    )


def _execution(
    reading: Reading,
    moves: Sequence[Move],
    made: set[str],
    flags: Sequence[Flag],
    classification: Classification,
) -> int:
    """Execution from the moves: credit what an expert credits, take off each violation."""
    credit = sum(max(0, MOVES[move_id].credit) for move_id in made if move_id in MOVES)
    text_ = reading.text
    # A specific figure or fact in a clause about the customer's point.
    if any(
        _concrete(text_[s:e]) and (reading.on_topic(s, e) or not reading.units)
        for s, e in reading.clauses
    ):
        credit += POLICY.credit_figure
    if any(move.id == "commit_followup" and move.detail for move in moves):
        credit += POLICY.credit_when
    if "correct_fact" in made and not made & {"contradict_flat", "condescend"}:
        credit += POLICY.credit_face_saving
    credit = min(credit, POLICY.credit_cap)
    faults = sum(
        -MOVES[m].credit
        for m in made
        if m in MOVES and MOVES[m].credit < 0 and MOVES[m].flag is None
    )
    we = len(re.findall(r"(我们|我司|本公司|\bwe\b|\bour\b|\bus\b)", text_))
    you = len(re.findall(r"(您|你|\byou\b|\byour\b|\bu\b|\bur\b)", text_))
    if we >= 3 and we > 2 * you:
        faults += POLICY.self_centred_penalty
    if _formula_only(reading, made, classification):
        faults += POLICY.formula_penalty
    penalty = sum(flag.penalty for flag in flags)
    craft = (predicted_quality(reading.norm) - POLICY.craft_centre) / POLICY.craft_step
    craft = max(-POLICY.craft_cap, min(POLICY.craft_cap, round(craft)))
    value = POLICY.execution_base + credit - faults - penalty + craft
    return max(0, min(POLICY.execution_max, value))


def _formula_only(reading: Reading, made: set[str], classification: Classification) -> bool:
    """Whether the reply is stock technique phrasing with nothing concrete behind it."""
    if _concrete(reading.text):
        return False
    substantive = made & (ACTION_MOVES | {"cite_source", "own_fault"})
    if reading.units and any(reading.on_topic(s, e) for s, e in reading.clauses):
        return False
    return not substantive and classification.technique != "none"


ANSWER_KINDS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(
            r"(多久|多长时间|几天|要多少天|什么时候|啥时候|哪天|几点|how long|when\b|how soon|what time|how many (days|weeks|hours))"
        ),
        re.compile(
            r"(\d|[一二两三四五六七八九十半几]+)\s*(个)?半?(分钟|小时|钟头|个钟|天|周|星期|个月|月|年|工作日|点|days?|weeks?|hours?|minutes?|months?|years?|business days?)"
            r"|今天|明天|后天|下周|马上|立刻|当天|\btoday\b|\btomorrow\b|\bnext week\b|\bby (monday|tuesday|wednesday|thursday|friday|the end)\b|\bright away\b|\bsame day\b|\bovernight\b"
        ),
    ),
    (
        re.compile(
            r"(多少钱|价格|价钱|贵|便宜|费用|收费|预算|报价|how much|price|cost|expensive|pricey|cheap|budget|afford|quote|fee|charge)"
        ),
        re.compile(
            r"([$£€¥]\s*\d|\d+\s*(元|块|万|%|percent|dollars?|pounds?|euros?|bucks|quid|k\b)|价|钱|费|省|划算|值|便宜|贵|折|优惠|预算|免费"
            r"|\b(price|cost|costs|pay|paid|cheaper|save|saving|worth|value|budget|free|discount|fee|per (month|year|day)|afford)\b)"
        ),
    ),
)
"""What a customer's question asks for, and what an answer to it gives: a duration to "how long", a price to "how much"."""


def _answers_the_kind(objection: str, text_: str) -> bool | None:
    """Whether the reply gives the kind of answer the customer asked for; None when no kind is asked."""
    asked = [answer for question, answer in ANSWER_KINDS if question.search(objection)]
    if not asked:
        return None
    return any(answer.search(text_) for answer in asked)


def _relevance(
    norm: Normalised,
    reading: Reading,
    classification: Classification,
    made: set[str],
    turn: TurnSpec,
) -> int:
    """Does the reply speak to what the customer raised: its point, the kind of answer asked, the handling."""
    if "empty" in classification.gaming or not norm.text.strip():
        return 0
    text_ = norm.text
    size = len(re.findall(r"[\u4e00-\u9fff]", text_)) / 1.6 + len(re.findall(r"[a-z0-9]+", text_))
    points = (
        POLICY.relevance_length
        if 8 <= size <= 160
        else POLICY.relevance_length_short
        if size >= 4
        else 0
    )
    engaged = made & ENGAGING_MOVES
    if engaged:
        points += POLICY.relevance_engaged if len(engaged) >= 2 else POLICY.relevance_engaged - 3
    units = reading.units
    overlap = len(units & topic_units(text_)) / len(units) if units else 0.0
    kind = _answers_the_kind(reading.objection, text_)
    topic = min(1.0, overlap * 2.5)
    if kind is True:
        topic = 1.0
        if not engaged:
            # "£9 drop-in, or £60 for eight" answers "how much" with nothing else to do.
            engaged = {"answer"}
            points += POLICY.relevance_engaged - 3
    elif kind is False:
        topic = min(topic, 0.4)
    if turn.kind == "complaint" and made & {
        "apologise",
        "own_fault",
        "propose_remedy",
        "ask_reason",
    }:
        topic = max(topic, 0.8)
    points += round(POLICY.relevance_topic * topic)
    answers = [answer for answer in turn.model_answers if answer.text.strip()]
    if answers:
        language = classification.language
        key = comparison_key(text_, language)
        similarity = (
            max(
                fuzz.token_set_ratio(key, comparison_key(normalise(a.text).text, language))
                for a in answers
            )
            / 100
        )
        points += round(POLICY.relevance_answers * min(1.0, similarity * 1.4))
    else:
        points += round(POLICY.relevance_answers * min(1.0, 0.4 + topic * 0.6)) if engaged else 0
    if classification.technique == "ignore" and "ignore" in turn.recommended:
        # Steering away from an aside is the point of the technique, not a lapse in relevance.
        points = max(points, POLICY.relevance_ignore_floor)
    elif made & OFF_TOPIC_MOVES and not engaged - {"steer_back"}:
        points = min(points, POLICY.relevance_off_topic_cap)
    return max(0, min(POLICY.relevance_max, points))


def _flag(flag_id: FlagId, language: Language, span: tuple[int, int] | None) -> Flag:
    kind = FLAGS[flag_id]
    return Flag(flag_id, kind.message(language), kind.penalty, span)


def _flags(
    reading: Reading,
    classification: Classification,
    moves: Sequence[Move],
    made: set[str],
    relevance: int,
    turn: TurnSpec,
    learned: bool = True,
) -> list[Flag]:
    """The principle violations of a reply, each once, from its moves and phrasing."""
    language = classification.language
    found: dict[str, Flag] = {}
    if classification.gaming:
        message = " ".join(text("gaming", reason, language) for reason in classification.gaming)
        found["gaming"] = Flag("gaming", message, FLAGS["gaming"].penalty)

    for move in moves:
        for flag_id in MOVES[move.id].raises:  # type: ignore[index]
            if flag_id in found:
                continue
            small_talk = move.id == "ask_off_topic" and SMALL_TALK.search(normalise(move.text).text)
            if (
                flag_id == "off_topic"
                and not small_talk
                and (classification.technique == "ignore" or made & (ACTION_MOVES - {"ask_reason"}))
            ):
                continue  # a question aside in an otherwise on-point reply
            found[flag_id] = _flag(flag_id, language, move.span)
    jargon = [move for move in moves if move.id == "jargon"]
    if jargon and "jargon" not in found:
        terms = _jargon_count(reading)
        # A customer who talks in acronyms ("your RPO is 24 hours") reads an expert's answer.
        expert = _jargon_count(read(normalise(turn.objection or ""), language, None, reading.kind))
        if (terms >= 4 if expert else terms >= 2) or (terms == 1 and len(reading.text) < 40):
            found["jargon"] = _flag("jargon", language, jargon[0].span)
    for start, end in dismissive_spans(reading)[:1]:
        if "dismissive" not in found:
            found["dismissive"] = _flag("dismissive", language, reading.norm.span(start, end))
    apology = next((move for move in moves if move.id == "apologise"), None)
    if (
        apology is not None
        and not (classification.technique == "ignore" and reading.kind == "objection")
        and not _acts_after_apology(reading, moves, apology)
        and "dismissive" not in found
    ):
        found["empty_apology"] = _flag("empty_apology", language, apology.span)
    handled = made & {
        "apologise",
        "own_fault",
        "propose_remedy",
        "ask_reason",
        "commit_followup",
        "empathise",
        "acknowledge",
        "correct_fact",
        "cite_source",
        "concede_drawback",
    } or _compensates(reading, moves)
    if reading.kind == "complaint" and not handled and not classification.gaming:
        # A complaint laughed off, steered past or answered with a sales formula is not handled.
        steered = next((m for m in moves if m.id in {"steer_back", "change_subject"}), None)
        laughed = LAUGH.match(reading.text)
        if steered is not None or laughed:
            span = steered.span if steered is not None else reading.norm.span(*laughed.span())  # type: ignore[union-attr]
            found.setdefault("dismissive", _flag("dismissive", language, span))
            if steered is not None:
                found.setdefault("off_topic", _flag("off_topic", language, steered.span))
        reframe = next((m for m in moves if m.id == "reframe"), None)
        if (
            reframe is not None
            and not made & (ENGAGING_MOVES - {"reframe"})
            and not reading.on_topic(*reading.sentence_of(_normalised_at(reading, reframe.start)))
        ):
            found.setdefault("off_topic", _flag("off_topic", language, reframe.span))
    if (
        "off_topic" not in found
        and not classification.gaming
        and reading.units
        and classification.technique != "ignore"
        and not made & ENGAGING_MOVES
        and apology is None
        and made & {"self_praise", "pressure_close"}
        and ("self_praise" in made or not any(reading.on_topic(s, e) for s, e in reading.clauses))
        and _answers_the_kind(reading.objection, reading.text) is not True
    ):
        # Talk about something else (often the company itself) and nothing of what was raised.
        found["off_topic"] = _flag("off_topic", language, None)
    if learned and not classification.gaming:
        soothing = [
            (move.start, move.end)
            for move in moves
            if MOVES[move.id].soothes  # type: ignore[index]
        ]
        letting_pass = "ignore" in turn.recommended
        for flag_id, (_, (start, end)) in learned_flags(reading.text, reading.clauses).items():
            if flag_id == "dismissive" and classification.technique == "ignore" and letting_pass:
                continue  # the scenario has this line let pass: passing it over is the technique
            a, b = reading.norm.span(start, end)
            if flag_id == "exaggeration" and honest_limit(reading.text[start:end]):
                continue  # "I can't promise it'll never break" is the opposite of a boast
            # A clause that soothes or owns the fault ("看不懂很正常") is read by its move.
            if FLAGS[flag_id].cleared_by_soothing and any(a < e and s < b for s, e in soothing):
                continue
            found.setdefault(flag_id, _flag(flag_id, language, (a, b)))
    order = list(FLAGS)
    return sorted(found.values(), key=lambda flag: order.index(flag.id))  # type: ignore[arg-type]


LAUGH = re.compile(r"^\W*(ha(ha)+|hah|lol|lmao|哈哈+|呵呵|嘿嘿)\b")
"""A reply that opens by laughing."""

COMPENSATION = re.compile(
    r"(免费|赠送|送(您|你)|赔|退|补偿|折|优惠|代金券|减免|免单|积分|升级"
    r"|\b(free|refund\w*|credit\w*|discount\w*|waive\w*|on the house|complimentary|voucher|compensat\w*|upgrade\w*|no charge|off)\b)"
)
"""What makes a benefit compensation for a complaint rather than a sales point."""


def _compensates(reading: Reading, moves: Sequence[Move]) -> bool:
    """Whether a benefit the reply offers makes up for something (a refund, a credit, free)."""
    for move in moves:
        if move.id == "offer_benefit":
            start = _normalised_at(reading, move.start)
            if COMPENSATION.search(reading.text, max(0, start - 8), start + 24):
                return True
    return False


def _acts_after_apology(reading: Reading, moves: Sequence[Move], apology: Move) -> bool:
    """Whether an apology is followed by something done about the customer's point."""
    for move in moves:
        if move.id not in ACTION_MOVES:
            continue
        if move.id == "offer_benefit" and reading.kind == "complaint":
            # Selling the product's merits is not making up for the complaint.
            if not _compensates(reading, [move]):
                continue
        return True
    # "the kettle is going out today and lands tomorrow": a when after the apology is a step.
    return WHEN.search(reading.text, _normalised_at(reading, apology.end)) is not None


def _normalised_at(reading: Reading, offset: int) -> int:
    """The normalised offset of a position in the reply as given."""
    return next(
        (i for i, source in enumerate(reading.norm.origin) if source >= offset), len(reading.text)
    )


def _jargon_count(reading: Reading) -> int:
    """How many unexplained technical terms a reply uses."""
    terms = {
        m.group()
        for m in JARGON_TERMS.finditer(reading.text)
        if m.group() not in reading.objection and not everyday_acronym(m.group())
    }
    acronyms = {
        m.group()
        for m in ACRONYM.finditer(reading.norm.original)
        if not everyday_acronym(m.group().rstrip("s"))
        and m.group().rstrip("s").lower() not in reading.objection
    }
    return len(terms | {a.lower() for a in acronyms})


def _tip(
    classification: Classification,
    flags: Sequence[Flag],
    made: set[str],
    moves: Sequence[Move],
    steps: set[ComplaintStep] | frozenset[ComplaintStep],
    turn: TurnSpec,
    relevance: int,
    reading: Reading,
    reply: str = "",
) -> str:
    """One coaching tip that follows from what the reply did and did not do."""
    language = classification.language
    if flags:
        worst = max(flags, key=lambda flag: flag.penalty)
        return FLAGS[worst.id].tip(language, _quoted(reply, worst.span))  # type: ignore[index]
    technique = classification.technique
    best = turn.recommended[0] if turn.recommended else None
    if turn.kind == "complaint":
        done = set(steps) | set(turn.steps_done)
        for step in sorted(STEPS.values(), key=lambda kind: kind.order):
            if step.coached and step.id not in done:
                return step.tip(language)
        if any(move.id == "commit_followup" and not move.detail for move in moves):
            return text("polish", "when", language)
    if best is not None and technique not in turn.recommended:
        name = TECHNIQUE_NAMES[best][language]
        discouraged = next((d for d in turn.discouraged if d.technique == technique), None)
        prefix = f"{discouraged.reason} " if discouraged else ""
        lead = text("polish", "try_technique", language).format(name=name)
        return prefix + lead + text("how_to", best, language)
    if technique == "none":
        return text("how_to", "none", language) + " " + text("how_to", "ask", language)
    if technique in SUBSTANCE_MOVES and not SUBSTANCE_MOVES[technique] & made:
        return text("missing", technique, language)
    if relevance < 12:
        return text("polish", "tie_back", language)
    name = TECHNIQUE_NAMES[technique][language]
    taken: list[str] = []
    for advice in ADVICE.get(technique, ()):
        already = _advice_taken(advice, reading, moves)
        if already is None:
            return text("polish", advice.id, language).format(name=name)
        taken.extend(item for item in already if item not in taken)
    return _praise(name, taken, language)


def _advice_taken(advice: AdviceKind, reading: Reading, moves: Sequence[Move]) -> list[str] | None:
    """What in the reply already does what the advice asks (move ids, or "concrete"), or None
    when the advice still applies."""
    if advice.concrete:
        return ["concrete"] if _concrete(reading.text) else None
    found = [
        move.id
        for move in moves
        if move.id in advice.taken_by
        and (not advice.on_point or not reading.units or _move_on_point(reading, move))
    ]
    return list(dict.fromkeys(found)) or None


def _move_on_point(reading: Reading, move: Move) -> bool:
    """Whether the sentence holding a move speaks to the customer's point: by their own words,
    or by the kind of answer they asked for (a price to "too expensive")."""
    start, end = reading.sentence_of(_normalised_at(reading, move.start))
    return reading.on_topic(start, end) or bool(
        _answers_the_kind(reading.objection, reading.text[start:end])
    )


def _praise(name: str, taken: Sequence[str], language: Language) -> str:
    """A short praise naming what the reply did, for a reply that already took every next step."""
    parts = [
        text("polish", "praise_concrete", language)
        if item == "concrete"
        else MOVES[item].name(language)  # type: ignore[index]
        for item in taken
    ]
    if language == "en":
        parts = [part[0].lower() + part[1:] for part in parts]
        did = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    else:
        did = "、".join(parts)
    return text("polish", "praise", language).format(name=name, did=did)


QUOTE_EDGES = " \t\n,.;:!?…—-，。；：！？、“”‘’\"'()（）"
"""Spaces and punctuation left off the ends of a quoted span."""

CLAUSE_BREAK = re.compile(r"[，。；！？;!?\n…—]|[,.:](?=\s|$)")
"""Where a clause of the reply ends: the unit a tip quotes."""


def _quoted(reply: str, span: tuple[int, int] | None) -> str | None:
    """The reply's own words a flag points at, whole, short enough to quote in a tip, or None.

    The clause around the span ("是您自己没" → "是您自己没规划好"), or when that is too long the
    span widened to whole words."""
    if span is None or span == (0, len(reply)):
        return None
    start, end = span
    before = [m.end() for m in CLAUSE_BREAK.finditer(reply, 0, start)]
    after = CLAUSE_BREAK.search(reply, max(start, end - 1))
    limit = POLICY.tip_quote_max_chars
    for a, b in (
        (before[-1] if before else 0, after.start() if after else len(reply)),
        (start, end),
    ):
        a, b = widen_to_words(reply, a, b)
        words = reply[a:b].strip(QUOTE_EDGES)
        if 0 < len(words) <= limit:
            return words
    return None


def step_names(steps: frozenset[ComplaintStep], language: Language) -> list[str]:
    """Display names of the steps a reply covered, in their usual order."""
    return [STEP_NAMES[step][language] for step in STEP_NAMES if step in steps]
