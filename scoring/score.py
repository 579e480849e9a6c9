"""Scores one reply against the objection it answers: technique fit, execution, relevance, flags and a tip."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from scoring.classify import classify
from scoring.features import NUMBER, comparison_key
from scoring.models import (
    STEP_NAMES,
    TECHNIQUE_NAMES,
    Classification,
    ComplaintStep,
    Context,
    Flag,
    Label,
    Language,
    TurnScore,
    TurnSpec,
)
from scoring.steps import detect_steps
from scoring.text import Normalised, normalise, topic_units

FIT_MAX, EXECUTION_MAX, RELEVANCE_MAX = 40, 35, 25


@dataclass(frozen=True)
class Rule:
    """A phrasing problem: where to look and what to say."""

    id: str
    """The flag id."""
    penalty: int
    """Points off execution."""
    pattern: re.Pattern[str]
    """What shows it, in normalised text."""
    message: dict[Language, str]
    """What is wrong, per language."""
    tip: dict[Language, str]
    """What to do instead, per language."""


RULES: tuple[Rule, ...] = (
    Rule(
        "arguing",
        12,
        re.compile(
            r"(你(自己)?的(问题|错)|怪(您|你)|我(已经|都)?说(过)?(了|多少遍)|听我说|你听我|你怎么(连|还|就)|你懂什么|这(都|也)不(知道|懂)|不可能的?事|跟你说了|是你(自己)?(没|不)|"
            r"your (own )?fault|as i (already |just )?said|listen to me|calm down|you should have|that'?s your problem|you obviously|you clearly (don'?t|didn'?t|haven'?t)|how many times|if you had read|read the (manual|contract) properly)"
        ),
        {
            "zh": "在和客户争辩或把责任推给客户。",
            "en": "Argues with the customer or puts the blame on them.",
        },
        {
            "zh": "先认同客户的感受，再用“如果……”提出另一种看法，不要争输赢。",
            "en": "Acknowledge the customer's view first, then offer another one with 'if…'; don't try to win the argument.",
        },
    ),
    Rule(
        "face_threat",
        6,
        re.compile(
            r"((您|你)(说|理解|想)?(错了|根本)|(您|你)的(想法|看法|说法)(不正确|不对|是错的)|不懂|太外行|"
            r"you'?re (wrong|mistaken)|that'?s (wrong|nonsense|rubbish|ridiculous)|you don'?t (understand|get it|know what)|nonsense|silly|naive)"
        ),
        {
            "zh": "措辞直接否定客户，让客户下不来台。",
            "en": "The wording tells the customer flatly they are wrong, which costs them face.",
        },
        {
            "zh": "纠正事实时给客户台阶：“这个说法其实不太准确，我给您看一下数据……”",
            "en": 'Correct the fact but leave them face: "That\'s a common belief, actually the figures show…"',
        },
    ),
    Rule(
        "exaggeration",
        8,
        re.compile(
            r"(绝对|百分之百|100%|保证.{0,6}(不会|没有|永远|一定)|永远不会|永不|从来不会|全世界最|全国第一|第一名|天下第一|零风险|没有任何(问题|风险|缺点)|肯定没问题|包您|一辈子都不|完美|"
            r"\bguarantee(d)? (it|you|that|to)|never (ever )?(break|fail|go wrong|breaks|fails)|best in the world|best on the market|number one|no risk|zero risk|risk-free|absolutely no|always works|perfect|100 percent|forever|you'?ll never (have|need)|nothing can go wrong)"
        ),
        {"zh": "有夸大或绝对化的承诺。", "en": "Makes an exaggerated or absolute promise."},
        {
            "zh": "只说能证实的事实；不确定的就坦白说不知道，并承诺去查清楚再回复。",
            "en": "Say only what you can back up; if you don't know, say so and promise to find out.",
        },
    ),
    Rule(
        "dismissive",
        10,
        re.compile(
            r"(随便(您|你)|爱买不买|那是(您|你)的事|没办法|不关我|信不信由|这是规定|我也没办法|(您|你)自己看着办|就这样吧|改不了|"
            r"\bwhatever\b|up to you|nothing i can do|not my (problem|job|department)|take it or leave it|that'?s (the|our) policy|that'?s just how it is|deal with it|if you don'?t like it|i don'?t set)"
        ),
        {"zh": "语气敷衍，把客户的问题推开了。", "en": "Brushes the customer's concern aside."},
        {
            "zh": "把异议当作客户想要更多信息的信号：问一句原因，或给出一个具体的理由。",
            "en": "Treat the objection as a request for more information: ask why, or give one concrete reason.",
        },
    ),
)
"""The phrasing rules, each a principle of DOMAIN.md §3."""

JARGON = re.compile(
    r"(\b(roi|kpi|api|sla|saas|tco|ebitda|synerg\w*|leverag\w*|paradigm|scalab\w*|bandwidth|throughput|latency|architecture|protocol|middleware|amortis\w*|amortiz\w*|depreciation|actuarial|underwriting|deliverables?|stack|backend|firmware|kernel|codec|sku|oem|b2b|capex|opex)\b|"
    r"赋能|闭环|抓手|颗粒度|底层逻辑|架构|协议|算法|迭代|生态|链路|精算|核保|摊销|杠杆|对冲|费率|拓扑|中台|对齐|打通|沉淀|方法论|[a-z]{2,}\d*(?=[\u4e00-\u9fff]))"
)
"""Technical terms and acronyms a customer may not know."""

HOW_TO: dict[Label, dict[Language, str]] = {
    "ignore": {
        "zh": "笑着轻轻带过这句题外话，然后马上把话题拉回产品。",
        "en": "Agree lightly or smile at the aside, then steer straight back to the product.",
    },
    "compensate": {
        "zh": "先承认这个缺点是真的，再给出一个更大的好处来抵消它。",
        "en": "Admit the drawback is real, then offset it with a bigger benefit.",
    },
    "taichi": {
        "zh": "把客户的异议本身变成购买的理由：“正因为……，才更需要……”。",
        "en": 'Turn the objection itself into the reason to buy: "precisely because…, that\'s why…".',
    },
    "ask": {
        "zh": "用一个问题找出异议背后的真正原因，例如“您主要担心的是哪一点？”",
        "en": 'Ask a question to find the real reason behind it, e.g. "What worries you most about it?"',
    },
    "yes_if": {
        "zh": "先认同客户，再用“如果……”温和地提出另一种看法。",
        "en": 'Agree first, then offer another view softly with "if…".',
    },
    "rebuttal": {
        "zh": "客户说错了事实时，礼貌而明确地纠正，并拿出可查的依据。",
        "en": "If the customer has a fact wrong, correct it politely and plainly, with proof they can check.",
    },
    "none": {
        "zh": "选一种处理技巧来回应这个异议。",
        "en": "Pick a technique to answer the objection.",
    },
}
"""How to carry out each technique, as a coaching line."""

STEP_TIPS: dict[ComplaintStep, dict[Language, str]] = {
    "listen_soothe": {
        "zh": "先倾听并安抚：说一句体谅客户感受的话。",
        "en": "Listen and soothe first: acknowledge how the customer feels.",
    },
    "apologise": {
        "zh": "为给客户带来的不便真诚致歉。",
        "en": "Apologise sincerely for the trouble caused.",
    },
    "clarify": {
        "zh": "问清楚具体情况（时间、订单号、现象）。",
        "en": "Clarify the facts: when, which order, what exactly happened.",
    },
    "propose": {
        "zh": "提出一个具体的解决方案，并说明什么时候完成。",
        "en": "Propose a concrete fix and say when it will be done.",
    },
    "follow_up": {
        "zh": "承诺跟进：说明之后会怎样回访客户。",
        "en": "Commit to follow up: say how and when you will check back.",
    },
}
"""The coaching line for a missing complaint step."""


def score_turn(reply: str, turn: TurnSpec) -> TurnScore:
    """Score a reply 0-100 with its breakdown, flags and one coaching tip."""
    classification = classify(
        reply, Context(objection=turn.objection, exemplars=tuple(turn.model_answers))
    )
    language = classification.language
    norm = normalise(reply)
    steps = detect_steps(reply, language)
    flags = _flags(norm, classification, steps, turn)

    fit = _technique_fit(classification, steps, turn)
    execution = max(0, EXECUTION_MAX - sum(flag.penalty for flag in flags))
    relevance = _relevance(norm, classification, turn)
    if classification.gaming:
        fit, execution, relevance = 0, min(execution, 5), min(relevance, 3)
    tip = _tip(classification, flags, steps, turn, relevance, norm.text)
    return TurnScore(
        total=fit + execution + relevance,
        technique_fit=fit,
        execution=execution,
        relevance=relevance,
        classification=classification,
        flags=tuple(flags),
        tip=tip,
        steps=steps,
    )


def _technique_base(label: Label, turn: TurnSpec) -> int:
    if label == "none":
        return 0
    if label in turn.recommended:
        return max(28, FIT_MAX - 6 * turn.recommended.index(label))
    if any(item.technique == label for item in turn.discouraged):
        return 8
    return 30 if not turn.recommended else 20


def _technique_fit(
    classification: Classification, steps: frozenset[ComplaintStep], turn: TurnSpec
) -> int:
    base = _technique_base(classification.technique, turn)
    if classification.technique == "none" and turn.kind == "complaint":
        # Complaint handling can be sound without a named technique if it follows the steps.
        base = min(20, 5 * len(steps - {"apologise"}))
    # A hesitant classification earns a little less than a clear one.
    return round(base * (0.75 + 0.25 * min(1.0, classification.confidence / 0.7)))


def _relevance(norm: Normalised, classification: Classification, turn: TurnSpec) -> int:
    if "empty" in classification.gaming or not norm.text.strip():
        return 0
    units = topic_units(normalise(turn.objection).text)
    overlap = len(units & topic_units(norm.text)) / len(units) if units else 0.0
    language = classification.language
    size = len(re.findall(r"[\u4e00-\u9fff]", norm.text)) / 1.6 + len(
        re.findall(r"[a-z0-9]+", norm.text)
    )
    substance = 5 if 8 <= size <= 120 else 3 if size >= 4 else 0
    answers = [answer for answer in turn.model_answers if answer.text.strip()]
    if answers:
        key = comparison_key(norm.text, language)
        similarity = (
            max(
                fuzz.token_set_ratio(key, comparison_key(normalise(a.text).text, language))
                for a in answers
            )
            / 100
        )
        points = min(10.0, overlap * 20) + min(10.0, similarity * 14)
    else:
        points = min(20.0, overlap * 35)
    if classification.technique == "ignore" and "ignore" in turn.recommended:
        # Steering away from an aside is the point of the technique, not a lapse in relevance.
        points = max(points, 12.0)
    return min(RELEVANCE_MAX, round(points) + substance)


def _flags(
    norm: Normalised,
    classification: Classification,
    steps: frozenset[ComplaintStep],
    turn: TurnSpec,
) -> list[Flag]:
    language = classification.language
    flags: list[Flag] = []
    if classification.gaming:
        reasons = {
            "zh": {
                "empty": "回复是空的。",
                "gibberish": "回复大多不是真实的词语。",
                "echo": "回复只是重复了客户的话。",
                "stuffing": "回复堆砌了多种技巧的关键词，却没有真正回应客户。",
                "repetition": "回复只是把同一个词反复说了很多遍。",
                "markup": "回复里夹带了标记或代码，而不是对客户说的话。",
            },
            "en": {
                "empty": "The reply is empty.",
                "gibberish": "The reply is mostly not real words.",
                "echo": "The reply just repeats the customer's words.",
                "stuffing": "The reply strings together several techniques' key phrases without really answering.",
                "repetition": "The reply says the same word over and over.",
                "markup": "The reply contains markup or code rather than words to the customer.",
            },
        }[language]
        flags.append(Flag("gaming", " ".join(reasons[r] for r in classification.gaming), 30))
    for rule in RULES:
        match = rule.pattern.search(norm.text)
        if match:
            flags.append(
                Flag(
                    rule.id,
                    rule.message[language],
                    rule.penalty,
                    norm.span(match.start(), match.end()),
                )
            )
    jargon = list(JARGON.finditer(norm.text))
    if len(jargon) >= 3 or (len(jargon) >= 2 and len(norm.text) < 60):
        flags.append(
            Flag(
                "jargon",
                {
                    "zh": "专业术语太多，客户可能听不懂。",
                    "en": "Too much jargon for a customer to follow.",
                }[language],
                6,
                norm.span(jargon[0].start(), jargon[-1].end()),
            )
        )
    apology = re.search(r"(抱歉|对不起|不好意思|致歉|道歉|sorry|apologi[sz]e|apologies)", norm.text)
    if (
        apology
        and not steps & {"propose", "clarify", "follow_up"}
        and classification.technique == "none"
    ):
        flags.append(
            Flag(
                "empty_apology",
                {"zh": "只道歉，没有后续行动。", "en": "Apologises but offers nothing after it."}[
                    language
                ],
                8,
                norm.span(apology.start(), apology.end()),
            )
        )
    units = topic_units(normalise(turn.objection).text)
    if (
        units
        and not classification.gaming
        and classification.technique == "none"
        and not units & topic_units(norm.text)
        and not apology
    ):
        flags.append(
            Flag(
                "off_topic",
                {
                    "zh": "回复没有回应客户提出的问题。",
                    "en": "The reply doesn't speak to what the customer raised.",
                }[language],
                6,
            )
        )
    return flags


TIP_RULES: dict[str, dict[Language, str]] = {
    "gaming": {
        "zh": "用自己的话真正回应客户的这句话，选一种技巧，说清楚一个理由。",
        "en": "Answer what the customer actually said, in your own words: pick one technique and give one real reason.",
    },
    "empty_apology": {
        "zh": "道歉之后要接上行动：说清楚您现在会为客户做什么。",
        "en": "Follow the apology with action: say what you will do for the customer now.",
    },
    "off_topic": {
        "zh": "回到客户的原话上，先回应他提出的这一点。",
        "en": "Go back to the customer's words and answer the point they raised.",
    },
}
"""Tips for flags that have no rule of their own."""


CONCRETE_HELPS: frozenset[Label] = frozenset({"compensate", "taichi", "rebuttal", "yes_if"})
"""Techniques whose reason is more credible with a figure or an example in it."""

_EXAMPLE = re.compile(
    r"(百分之|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|half|double|twice)\b|for example|for instance|比如|例如)"
)
"""An example, or a figure in words (digits and Chinese amounts are features.NUMBER)."""


def _concrete(text: str) -> bool:
    """Whether the reply gives a figure, an amount or an example."""
    return NUMBER.search(text) is not None or _EXAMPLE.search(text) is not None


POLISH: dict[Label, dict[Language, str]] = {
    "ignore": {
        "zh": "{name}用得不错：轻轻带过，没有纠缠。下一步：带回正题时直接接上客户关心的事。",
        "en": "Good {name}: you let it pass lightly. Next step: steer back to what the customer cares about in the same breath.",
    },
    "compensate": {
        "zh": "{name}用得不错。下一步：用客户自己的话说出他得到的好处，让好处明显大于不足。",
        "en": "Good {name}. Next step: put the benefit in the customer's own terms so it clearly outweighs the drawback.",
    },
    "taichi": {
        "zh": "{name}用得不错。下一步：转得自然些，用客户的原话引出理由，不要像在说教。",
        "en": "Good {name}. Next step: make the turn feel natural by reusing the customer's own words, without lecturing.",
    },
    "ask": {
        "zh": "{name}用得不错。下一步：认真听客户的回答，找到真正的原因再针对它回应。",
        "en": "Good {name}. Next step: listen to the answer for the real reason, then answer that.",
    },
    "yes_if": {
        "zh": "{name}用得不错。下一步：“如果”要说得轻，把另一种看法当作可能，而不是纠正。",
        "en": "Good {name}. Next step: keep the 'if' soft, offering the other view as a possibility, not a correction.",
    },
    "rebuttal": {
        "zh": "{name}用得不错。下一步：语气保持友好，给客户一个可以自己核实的依据。",
        "en": "Good {name}. Next step: keep the tone friendly and give a source the customer can check.",
    },
    "none": HOW_TO["none"],
}
"""The next step once a fitting technique was used well, per technique."""

_CHECKABLE = re.compile(
    r"(官网|网站|合同|条款|公告|白纸黑字|数据|记录|报告|证书|单据|发票|收据|可以查|能查到|查得到|核实|"
    r"\b(contract|website|published|records?|report|certificate|receipt|invoice|terms|on page|check (it|this|that)|look it up|in writing)\b)"
)
"""A source the customer can check for themselves."""

REBUTTAL_WITH_SOURCE: dict[Language, str] = {
    "zh": "{name}用得不错，还给了客户能自己核实的依据。下一步：纠正前先给个台阶，比如“很多人都这么以为”。",
    "en": "Good {name}, with a source the customer can check. Next step: leave them face before the correction, e.g. 'a lot of people think that'.",
}


def _tip(
    classification: Classification,
    flags: list[Flag],
    steps: frozenset[ComplaintStep],
    turn: TurnSpec,
    relevance: int,
    text: str,
) -> str:
    language = classification.language
    if flags:
        worst = max(flags, key=lambda flag: flag.penalty)
        rule = next((r for r in RULES if r.id == worst.id), None)
        if rule is not None:
            return rule.tip[language]
        if worst.id in TIP_RULES:
            return TIP_RULES[worst.id][language]
        if worst.id == "jargon":
            return {
                "zh": "把术语换成客户听得懂的话，用一个日常的比方。",
                "en": "Swap the jargon for plain words and an everyday comparison.",
            }[language]
    technique = classification.technique
    best = turn.recommended[0] if turn.recommended else None
    if turn.kind == "complaint":
        done = steps | turn.steps_done
        for step in ("listen_soothe", "apologise", "propose", "follow_up"):
            if step not in done:
                return STEP_TIPS[step][language]
    if best is not None and technique not in turn.recommended:
        name = TECHNIQUE_NAMES[best][language]
        discouraged = next((d for d in turn.discouraged if d.technique == technique), None)
        prefix = f"{discouraged.reason} " if discouraged else ""
        lead = f"试试{name}：" if language == "zh" else f"Try {name}: "
        return prefix + lead + HOW_TO[best][language]
    if technique == "none":
        return HOW_TO["none"][language] + " " + HOW_TO["ask"][language]
    if relevance < 12:
        return {
            "zh": "把回答和客户的原话连起来：点出他说的那一点，再给一个具体的事实或数字。",
            "en": "Tie the answer to the customer's own words: name their point, then give one concrete fact or figure.",
        }[language]
    name = TECHNIQUE_NAMES[technique][language]
    if technique in CONCRETE_HELPS and not _concrete(text):
        return {
            "zh": f"{name}用得不错。下一步：加一个具体的数字或例子，让理由更可信。",
            "en": f"Good {name}. Next step: add one concrete figure or example to make the reason credible.",
        }[language]
    if technique == "rebuttal" and _CHECKABLE.search(text):
        return REBUTTAL_WITH_SOURCE[language].format(name=name)
    return POLISH[technique][language].format(name=name)


def step_names(steps: frozenset[ComplaintStep], language: Language) -> list[str]:
    """Display names of the steps a reply covered, in their usual order."""
    return [STEP_NAMES[step][language] for step in STEP_NAMES if step in steps]
