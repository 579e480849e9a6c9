"""Detects which complaint-handling steps a reply covers, from bilingual cues and sentence structure."""

from __future__ import annotations

import re

from scoring.models import COMPLAINT_STEPS, ComplaintStep, Language
from scoring.text import detect_language, normalise, sentences

STEP_CUES: dict[ComplaintStep, re.Pattern[str]] = {
    "listen_soothe": re.compile(
        r"(理解|明白|体会|换(成|作)是?我|换谁|谁都会|(先)?别(着急|急|生气|上火|恼)|消(消)?气|息怒|您别急|先(坐|喝)|辛苦(您)?了|让您(久等|受委屈|担心|失望|着急|生气|受累)|您的(心情|感受)|能感受到|确实(让|令)人|难怪您|(生气|着急|不高兴)(是)?(应该|正常|难免)|"
        r"\bi (completely |totally |fully )?(understand|hear you|can see|get (that|why|it)|know how|appreciate)|that must (be|have been)|i'?d (feel|be) the same|"
        r"frustrat|annoy|upsetting|your feelings|thanks for (telling|letting|bearing|your patience)|i'?m listening|i can (only )?imagine|no wonder you|you have every right|you'?re right to be|i'?d be (angry|upset|furious|mad) too)"
    ),
    "apologise": re.compile(
        r"(抱歉|对不起|不好意思|致歉|道歉|失误|是我们的(错|问题)|\bsorry\b|apologi[sz]e|apologies|our (mistake|fault)|on us\b)"
    ),
    "clarify": re.compile(
        r"(请问|能(不能)?(说说|告诉|讲讲)|方便(说|告诉|提供|拍)|订单号|是哪|哪(一|个|天|位|次)|什么时候|几点|有没有|是不是|是.{1,16}还是|"
        r"could you (tell|give|send)|can you (tell|give|send)|which |when did|what time|order number|reference|did (it|you|the)|is it |was it )"
    ),
    "propose": re.compile(
        r"((给|为|帮)您(退|换|补|送|安排|免|修|处理|办|重新|申请|减|赔|拖|清|调|升级|延|解决|检查|检测)|我们(会|来|马上|现在|可以|这就)|我(来|会|马上|现在|这就)|安排|马上|立刻|退(给|回|款|您)|换(一|新|给|成)|补(发|偿|给)|上门|免费|免单|重新(发|做|安装|修)|"
        r"\bwe'?ll\b|\bi'?ll\b|\b(we|i) can\b(?!\s+(only\s+)?(imagine|see|understand|hear|tell|appreciate|relate))|\blet me\b|\bwe will\b|\bi will\b|\brefund|\breplace|\bsend (you|someone|an?|our)\b|\barrange|\bbook (a|you|an)\b|\bfix\b|\bwaive|\bon the house\b)"
    ),
    "follow_up": re.compile(
        r"(回访|跟进|再(联系|给您打|跟您确认|打电话)|(给|向)您(回电|反馈|回复|确认)|(明天|今天|下午|晚上|稍后|之后|处理完|修好后|到时)[^.!?]{0,12}(告诉|通知|联系|回复|打电话|确认|回访)|随时(联系|找我)|直线电话|"
        r"follow(ing)? up|get back to you|call you (back|tomorrow|later|when|once)|check in|let you know|keep you (posted|updated)|update you|ring you|my direct (line|number)|touch base|i'?ll (call|email|text|ring|message) you)"
    ),
}
"""Cues for each complaint step, applied to normalised text."""


def detect_steps(reply: str, lang: Language | None = None) -> frozenset[ComplaintStep]:
    """Return the complaint steps (listen_soothe, apologise, clarify, propose, follow_up) a reply covers."""
    text = normalise(reply).text
    if not text.strip():
        return frozenset()
    language = lang or detect_language(text)
    found = {step for step, pattern in STEP_CUES.items() if pattern.search(text)}
    # A genuine question about the case is clarifying even without a stock phrase.
    for start, end in sentences(text):
        sentence = text[start:end].strip()
        is_question = sentence.endswith("?") or (
            language == "zh" and re.search(r"(吗|呢)[.~]?$", sentence)
        )
        if (
            is_question
            and len(sentence) > 4
            and not re.search(
                r"(您看|你看|好吗|可以吗|对吧|how does that sound|shall we|would you like)",
                sentence,
            )
        ):
            found.add("clarify")
            break
    return frozenset(step for step in COMPLAINT_STEPS if step in found)
