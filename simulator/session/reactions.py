"""Chooses the customer's reaction from what the reply did, and keeps it true to what was said."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from scoring.models import Label, Language, TurnScore
from scoring.registry import FLAGS, MOVES, MoveId
from simulator.scenario.figures import figures_unsaid, numbers
from simulator.scenario.model import Node, Outcome, Quality, Reaction, Response

SPOILING_FLAGS = frozenset(kind.id for kind in FLAGS.values() if kind.spoils_handling)
"""Flags that undo a reply's handling, whatever technique or steps it carries (the registry's)."""

GOOD_SCORE = 70
"""A reply scoring this or more, with no spoiling flag, is carried out well (`quality: good`)."""

POOR_SCORE = 45
"""A reply scoring less than this, or with a spoiling flag, is carried out poorly (`quality: poor`)."""

Source = Literal["when", "technique", "default", "fallback"]


def reply_moves(score: TurnScore) -> frozenset[str]:
    """The ids of the moves the scorer found in the reply."""
    return frozenset(move.id for move in getattr(score, "moves", ()))


def quality_of(score: TurnScore) -> Quality | None:
    """`good`, `poor`, or None for a reply in between."""
    spoiled = any(flag.id in SPOILING_FLAGS for flag in score.flags)
    if spoiled or score.total < POOR_SCORE:
        return "poor"
    if score.total >= GOOD_SCORE:
        return "good"
    return None


def fold(text: str) -> str:
    """Text folded for matching: full-width to half-width, lower case."""
    return unicodedata.normalize("NFKC", text).casefold()


def mentions_any(reply: str, words: Iterable[str]) -> bool:
    """Whether the reply contains one of the words or figures (case and width ignored)."""
    folded = fold(reply)
    folded_values = numbers(reply)
    for word in words:
        if fold(word) in folded:
            return True
        values = numbers(word)
        if values and values <= folded_values:
            return True
    return False


def matches(
    response: Response, score: TurnScore, reply: str, technique: Label, said: Iterable[str] = ()
) -> bool:
    """Whether every condition of a response holds for this reply (said: the earlier replies)."""
    moves = reply_moves(score)
    if response.technique and technique not in response.technique:
        return False
    if response.moves and not set(response.moves) <= moves:
        return False
    if response.not_moves and set(response.not_moves) & moves:
        return False
    if response.mentions and not any(
        mentions_any(text, response.mentions) for text in (reply, *said)
    ):
        return False
    return not (response.quality and quality_of(score) != response.quality)


# -- lines true to the reply -------------------------------------------------

FALLBACK_LINES: dict[str, dict[Language, tuple[str, ...]]] = {
    "empty": {
        "zh": ("你倒是说句话啊？", "怎么不说话了？"),
        "en": ("Well? Are you going to say anything?", "Hello? I'm waiting."),
    },
    "gaming": {
        "zh": ("你这说的都是什么？我一句也没听明白。",),
        "en": ("Sorry, what? That doesn't make any sense.",),
    },
    "blame_customer": {
        "zh": ("你这是怪我了？", "怎么，还成我的错了？"),
        "en": ("Hang on, are you blaming me for this?", "So now it's my fault?"),
    },
    "condescend": {
        "zh": ("你这是什么态度？用不着这么跟我说话。",),
        "en": ("Excuse me? There's no need to talk down to me.",),
    },
    "contradict_flat": {
        "zh": ("你就这么直接说我错了？",),
        "en": ("Just like that, I'm wrong?",),
    },
    "ask_off_topic": {
        "zh": ("这跟我说的有什么关系？", "你问这个干什么？我说的不是这个。"),
        "en": ("Sorry, what has that got to do with what I said?", "Why are you asking me that?"),
    },
    "change_subject": {
        "zh": ("你别岔开话题。",),
        "en": ("Don't change the subject.",),
    },
    "promise_absolute": {
        "zh": ("话别说得这么满，我可不信。", "绝对？这种话谁都会说。"),
        "en": ("Nobody can promise that. I'm not buying it.", "Guaranteed? Everyone says that."),
    },
    "pressure_close": {
        "zh": ("别催我，我还没想好。",),
        "en": ("Don't rush me. I haven't decided anything.",),
    },
    "disparage_competitor": {
        "zh": ("说别人不好，可说服不了我。",),
        "en": ("Running the others down doesn't convince me.",),
    },
    "jargon": {
        "zh": ("你说的这些词我听不懂。",),
        "en": ("I've no idea what half of that means.",),
    },
    "self_praise": {
        "zh": ("自己夸自己，谁不会啊。",),
        "en": ("Well, you would say that.",),
    },
    "commit_followup": {
        "zh": ("好，那我等你消息。",),
        "en": ("All right. I'll hold you to that.",),
    },
    "propose_remedy": {
        "zh": ("嗯，这还算个办法。",),
        "en": ("All right, that's something.",),
    },
    "correct_fact": {
        "zh": ("是吗？那我回头查查。",),
        "en": ("Is that right? I'll check.",),
    },
    "cite_source": {
        "zh": ("有凭有据的话，我回头看看。",),
        "en": ("If it's written down, I'll look at it.",),
    },
    "offer_benefit": {
        "zh": ("嗯，这倒也是。",),
        "en": ("Hm. That's a fair point.",),
    },
    "concede_drawback": {
        "zh": ("你倒是实话实说。",),
        "en": ("Well, at least you're honest about it.",),
    },
    "reframe": {
        "zh": ("这么说倒也有点道理。",),
        "en": ("I suppose that's one way to look at it.",),
    },
    "apologise": {
        "zh": ("道歉我听到了。可光道歉解决不了问题。", "嗯，知道错就好。可事情还没完。"),
        "en": ("OK, I hear the apology. But sorry doesn't fix it.", "Fine, you're sorry. That's not the end of it."),
    },
    "own_fault": {
        "zh": ("你认了就好。",),
        "en": ("Well, at least you admit it.",),
    },
    "empathise": {
        "zh": ("你明白就好。",),
        "en": ("At least you understand.",),
    },
    "acknowledge": {
        "zh": ("嗯。",),
        "en": ("Mm.",),
    },
    "steer_back": {
        "zh": ("好吧。",),
        "en": ("Fine.",),
    },
}  # fmt: skip
"""Short customer lines true to what a reply did, keyed by its most telling move, in both languages.

Used when no authored reaction fits: they answer the reply without assuming its content."""

CLOSING_LINES: dict[Outcome, dict[Language, str]] = {
    "won": {"zh": "行，那就这么定了。", "en": "All right, let's go ahead."},
    "resolved": {"zh": "行，那就这样吧。", "en": "All right, let's leave it there."},
    "lost": {"zh": "我还是再看看吧。", "en": "I think I'll leave it, thanks."},
    "escalated": {"zh": "这事我还是找你们经理说吧。", "en": "I'll be taking this further."},
}
"""What the customer adds to a fallback line when the reaction ends the dialogue."""

TECHNIQUE_LINES: dict[Label, dict[Language, str]] = {
    "ignore": {"zh": "好吧。", "en": "Fine."},
    "compensate": {"zh": "嗯，这倒也是。", "en": "Hm. That's a fair point."},
    "taichi": {"zh": "这么说倒也有点道理。", "en": "I suppose that's one way to look at it."},
    "ask": {"zh": "你问这个啊……", "en": "You want to know that?"},
    "yes_if": {"zh": "嗯，你说的也有道理。", "en": "Hm. Maybe."},
    "rebuttal": {"zh": "是吗？", "en": "Is that so?"},
    "none": {"zh": "嗯……", "en": "Hm."},
}
"""A neutral response to each technique, for when every authored line would mention an unsaid figure."""

SEVERE_FAULTS: tuple[MoveId, ...] = (
    "blame_customer",
    "condescend",
    "contradict_flat",
    "promise_absolute",
)
"""Faults that colour the reaction whatever else the reply did, once the scorer flags them."""

MILD_FAULTS: tuple[MoveId, ...] = (
    "ask_off_topic",
    "change_subject",
    "pressure_close",
    "disparage_competitor",
    "jargon",
)
"""Faults that colour the reaction only when the reply offers nothing of substance besides."""

SUBSTANCE: frozenset[str] = frozenset(
    {
        "ask_reason",
        "propose_remedy",
        "commit_followup",
        "correct_fact",
        "cite_source",
        "offer_benefit",
        "concede_drawback",
        "reframe",
        "steer_back",
    }
)
"""Moves that answer the customer: a reply with one of them is not merely off the point."""

WARM_ORDER: tuple[MoveId, ...] = (
    "commit_followup",
    "propose_remedy",
    "correct_fact",
    "cite_source",
    "offer_benefit",
    "concede_drawback",
    "reframe",
    "own_fault",
    "apologise",
    "empathise",
    "acknowledge",
    "steer_back",
    "self_praise",
)
"""What a reply did well, most substantial first; picks the line when no authored reaction fits."""


def telling_move(
    score: TurnScore, reply: str, technique: Label = "none"
) -> tuple[str | None, bool]:
    """The key of the line that is true to the reply, and whether it is a fault.

    A severe fault (blame, condescension, a flat contradiction outside a rebuttal, an absolute
    promise) counts once the scorer has raised its flag; a mild one (an off-topic question, a
    change of subject, pressure, running others down, jargon) only when the reply has no move of
    substance besides.
    """
    if not reply.strip():
        return "empty", True
    flags = {flag.id for flag in score.flags}
    if "gaming" in flags or score.classification.gaming:
        return "gaming", True
    moves = reply_moves(score)
    # The flag's own move first; then a flag raised from the wording alone (the learned flag
    # model reads blame that no listed phrasing names), answered by the move that raises it.
    explained = {flag for move in moves if move in MOVES for flag in MOVES[move].raises}
    for needs_move in (True, False):
        for key in SEVERE_FAULTS:
            flag = MOVES[key].flag
            if flag is None or flag not in flags:
                continue
            unanswered = key not in moves if needs_move else flag in explained
            if unanswered:
                continue
            if key == "contradict_flat" and technique == "rebuttal":
                continue  # a rebuttal says the customer is mistaken; its own reaction answers it
            return key, True
    if not moves & SUBSTANCE:
        for key in MILD_FAULTS:
            if key in moves:
                return key, True
    for key in WARM_ORDER:
        if key in moves:
            return key, False
    return None, False


def carried_technique(node: Node, score: TurnScore, technique: Label) -> Label:
    """The technique the customer reacts to: the classified one, or the one the moves carry.

    When the node has no reaction of its own for the classified technique, a recommended
    technique whose substance the reply's moves carry (asking the reason for `ask`, offering a
    benefit for `compensate`…) is answered instead: the customer hears what was done, not a
    label. A reply classified `ask` whose only question is a check ("does that work for
    you?") asked for no reason, so the customer does not answer it as a question.
    """
    moves = reply_moves(score)
    check_only = technique == "ask" and "ask_check" in moves and "ask_reason" not in moves
    if technique in node.reactions and not check_only:
        return technique
    carried = {MOVES[m].technique for m in moves if m in MOVES}
    for label in node.recommend:
        if label in carried and label in node.reactions and label != "ask":
            return label
        if label == "ask" and "ask_reason" in moves and label in node.reactions:
            return label
    # A check question at the end ("would that help?") asks nothing: no answer to give.
    return "none" if check_only else technique


@dataclass(frozen=True)
class Chosen:
    """The reaction the customer gives to one reply, and where it came from."""

    reaction: Reaction
    """What the customer says (variants), the mood change and what follows."""
    source: Source
    """`when` (a trainer's condition), `technique`, `default`, or `fallback` (a line true to the reply)."""
    key: str | None = None
    """For a fallback: the move (or `empty`, `gaming`) the line answers."""
    technique: Label = "none"
    """The technique the customer reacted to (the classified one, or the one the moves carry)."""


def fallback_say(key: str, reaction: Reaction, lang: Language) -> tuple[str, ...]:
    """The fallback lines for a move, with a closing line when the reaction ends the dialogue."""
    lines = FALLBACK_LINES[key][lang]
    if reaction.end is None:
        return lines
    closing = CLOSING_LINES[reaction.end][lang]
    joiner = "" if lang == "zh" else " "
    return tuple(f"{line}{joiner}{closing}" for line in lines)


def choose_reaction(
    node: Node,
    score: TurnScore,
    reply: str,
    technique: Label,
    lang: Language,
    heard: Iterable[str] = (),
    raised: Callable[[str | None], Iterable[str]] = lambda _: (),
    said: Iterable[str] = (),
) -> Chosen:
    """The customer's reaction to a reply, true to what it did.

    `heard` is everything said so far, `raised(node)` the lines of a node that may follow, and
    `said` the trainee's earlier replies. In order: the node's first `when` response whose
    conditions hold; the reaction to the
    technique, unless the reply's fault (blame, an off-topic question, an exaggeration…)
    outweighs it; the `default` reaction, except that when it costs mood and the reply made a
    move, a line true to that move is said with the default's mood and ending. Unless the reply asked a question, lines
    that mention a figure nobody has said (and that the next node's line does not bring up) are
    left out: they would answer an offer that was never made.
    """
    heard = tuple(heard)
    said = tuple(said)
    for response in node.when:
        if matches(response, score, reply, technique, said):
            return _true_to_said(
                Chosen(response.as_reaction(), "when"),
                () if technique == "ask" else heard,
                (*response.mentions, *raised(response.next)),
                lang,
                technique,
            )
    reacting = carried_technique(node, score, technique)
    if reacting == "ask":
        # Answering a question, the customer brings up facts of their own.
        heard = ()
    default = node.reactions["default"]
    authored = node.reactions.get(reacting)
    key, fault = telling_move(score, reply, reacting)
    made = {move.id for move in score.moves}
    # Imported here: the scorer's module loads the classifier, which a reply has by now.
    from scoring.score import SUBSTANCE_MOVES

    # An authored reaction to a technique whose substance the reply lacks (a "rebuttal"
    # that corrects nothing) would answer something never said.
    hollow = reacting in SUBSTANCE_MOVES and not SUBSTANCE_MOVES[reacting] & made
    if key is not None and fault and (authored is None or authored.mood >= 0 or hollow):
        # The fault decides how the customer takes it: the default reaction's ending, no gain.
        reaction = Reaction(say=(), mood=min(default.mood, 0), next=default.next, end=default.end)
        return Chosen(
            Reaction(fallback_say(key, reaction, lang), reaction.mood, reaction.next, reaction.end),
            "fallback",
            key,
            reacting,
        )
    if authored is not None:
        return _true_to_said(
            Chosen(authored, "technique", None, reacting),
            heard,
            tuple(raised(authored.next)),
            lang,
            reacting,
        )
    if key is not None and default.mood < 0:
        # A default that scolds ("not a word of apology?") would be untrue to a reply that did
        # something right: keep its mood and ending, answer what the reply did.
        return Chosen(
            Reaction(fallback_say(key, default, lang), default.mood, default.next, default.end),
            "fallback",
            key,
            reacting,
        )
    return _true_to_said(
        Chosen(default, "default", None, reacting),
        heard,
        tuple(raised(default.next)),
        lang,
        reacting,
    )


def in_own_words(chosen: Chosen, score: TurnScore, reply: str, lang: Language) -> Chosen:
    """A scripted reaction to a technique the reply did not use, said as a line true to the reply.

    A complaint handled soundly without a named technique is taken as well as the node's
    recommended technique (its mood and what follows), but that technique's scripted words
    assume its content ("统一收费？" to a rebuttal that showed the price list); the customer
    answers what the reply did instead.
    """
    key, fault = telling_move(score, reply, chosen.technique)
    if key is None or fault or chosen.source != "technique":
        return chosen
    reaction = chosen.reaction
    return Chosen(
        Reaction(fallback_say(key, reaction, lang), reaction.mood, reaction.next, reaction.end),
        "fallback",
        key,
        chosen.technique,
    )


def _true_to_said(
    chosen: Chosen, heard: tuple[str, ...], allowed: Iterable[str], lang: Language, technique: Label
) -> Chosen:
    """The chosen reaction without the variants that mention a figure nobody has said."""
    if not heard:
        return chosen
    allowed = tuple(allowed)
    reaction = chosen.reaction
    fitting = tuple(line for line in reaction.say if not figures_unsaid(line, heard, allowed))
    if fitting == reaction.say:
        return chosen
    if fitting:
        return Chosen(
            Reaction(fitting, reaction.mood, reaction.next, reaction.end),
            chosen.source,
            chosen.key,
            chosen.technique,
        )
    line = TECHNIQUE_LINES[technique][lang]
    if reaction.end is not None:
        line += ("" if lang == "zh" else " ") + CLOSING_LINES[reaction.end][lang]
    return Chosen(
        Reaction((line,), reaction.mood, reaction.next, reaction.end),
        "fallback",
        technique,
        chosen.technique,
    )


__all__ = [
    "CLOSING_LINES",
    "FALLBACK_LINES",
    "Chosen",
    "carried_technique",
    "choose_reaction",
    "in_own_words",
    "matches",
    "mentions_any",
    "quality_of",
    "reply_moves",
    "telling_move",
]
