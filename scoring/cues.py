"""Bilingual cue patterns: paraphrase families that speak for a technique, and structural markers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.models import Label


@dataclass(frozen=True)
class Cue:
    """A family of phrasings that speaks for one label."""

    label: Label
    """The label the phrasing speaks for."""
    name: str
    """A short id, shown as the evidence signal `cue:<name>`."""
    strength: float
    """How typical the phrasing is of the label, 0-1.5; the model learns how far to trust it."""
    pattern: re.Pattern[str]
    """The pattern, applied to normalised text (Simplified, lowercase, ASCII punctuation)."""


def _cue(label: Label, name: str, strength: float, pattern: str) -> Cue:
    return Cue(label, name, strength, re.compile(pattern))


# A clause boundary in normalised text: sentence punctuation or a comma.
_CLAUSE = r"[^,.!?;:\n]"

CUES: tuple[Cue, ...] = (
    # --- taichi: the objection itself becomes the reason ---
    _cue("taichi", "precisely-because-zh", 1.3, r"(正|恰恰|恰好|就|正好)是?因为"),
    _cue(
        "taichi",
        "just-because-then-zh",
        1.3,
        r"(就是|正是|恰恰是|正因|就因|恰恰因)" + _CLAUSE + r"{1,14},?(才|所以|反而)",
    ),
    _cue(
        "taichi",
        "all-the-more-zh",
        0.9,
        _CLAUSE + r"{0,12}(才|反而)(更|最|是|要|需|需要|该|应该|适合|值得)",
    ),
    _cue(
        "taichi",
        "the-more-the-more-zh",
        0.9,
        r"越是?" + _CLAUSE + r"{1,10}越(要|该|需要|应该|得|适合)",
    ),
    _cue(
        "taichi",
        "that-is-the-reason-zh",
        1.0,
        r"(正|恰恰|恰好|刚好|正好|本来就?)(是|说明|在于)"
        + _CLAUSE
        + r"{0,14}(原因|理由|机会|意义|卖点|地方|好处|时候|窗口|目的)",
    ),
    _cue(
        "taichi",
        "reason-is-zh",
        0.9,
        r"(才是|就是|正是)" + _CLAUSE + r"{0,6}(理由|原因|意义|卖点|机会)",
    ),
    _cue(
        "taichi",
        "made-for-this-zh",
        0.8,
        r"(就是|正是|专门|本来就是|特别)(为|给|冲着|针对)"
        + _CLAUSE
        + r"{1,16}(设计|准备|开发|编写|做|出|开|打造)的?",
    ),
    _cue(
        "taichi",
        "for-you-exactly-zh",
        0.7,
        r"(这款|这个|它|这套|这门课|这条)?(才)?(最|正)(适合|合适)(您|你)",
    ),
    _cue("taichi", "exactly-so-that-zh", 0.8, r"(恰恰|正是|就是|其实就是|反而)(为了|在|帮|让)"),
    _cue(
        "taichi",
        "this-is-why-zh",
        0.8,
        r"这(也|就|正|恰恰)?是" + _CLAUSE + r"{0,14}的?(原因|理由|道理)",
    ),
    _cue(
        "taichi",
        "right-time-zh",
        0.7,
        r"(的时候|时候)(最|才最|正)(适合|该|好)|正是.{0,6}(时候|时机|窗口)|最好的时机",
    ),
    _cue("taichi", "is-protecting-zh", 0.6, r"(就是|其实是|正是|恰恰)在(保护|帮|为)"),
    _cue("taichi", "more-need-zh", 0.5, r"(更|最)(需要|应该|该|要)"),
    _cue(
        "taichi",
        "precisely-because-en",
        1.3,
        r"\b(precisely|exactly|just|all the more|only) because\b",
    ),
    _cue(
        "taichi",
        "thats-why-en",
        1.0,
        r"\b(that'?s|that is|which is|this is|that'?s actually|which is kind of|that'?s exactly|that'?s precisely) (exactly |precisely |just |actually |kind of |really )?(why|the reason|the point|when|where|what .{1,30} (is |are )?for)\b",
    ),
    _cue(
        "taichi",
        "is-the-reason-en",
        1.0,
        r"\b(is|are|'s|'re) (exactly |precisely |actually |really )?(the (whole |very |real |best )?(point|reason|opportunity|argument|time|moment|case for)|the best (argument|reason|time)|why (this|it|we|you|that))\b",
    ),
    _cue(
        "taichi",
        "made-for-you-en",
        0.8,
        r"\b(made|built|designed|developed|written|set up|created|exists?|is) (exactly |precisely |specifically |just )?for (you|people|homes|exactly|shops|kids|families|someone|that|those|readers|beginners)\b",
    ),
    _cue(
        "taichi",
        "the-very-reason-en",
        0.9,
        r"\b(the very reason|the whole point|even more reason|all the more reason|more than anyone|the more .{1,25} the more)\b",
    ),
    _cue(
        "taichi",
        "what-it-is-for-en",
        0.8,
        r"\b(is|are) (exactly )?what .{1,30} (is |are |was |were )?(built|made|designed|there|meant) for\b",
    ),
    _cue(
        "taichi",
        "is-what-en",
        0.7,
        r"\b(is|are) (what|exactly what) (protects|makes|stops|keeps|saves|gives|lets|helps)\b",
    ),
    _cue(
        "taichi",
        "then-this-one-en",
        0.6,
        r"^(then|so) (this|that|she|he|you)('ll| will| is| are|'s)? ?(one|love|the one|made|perfect)",
    ),
    # --- yes_if: agree or acknowledge, then another view, softly ---
    _cue(
        "yes_if",
        "felt-felt-found-zh",
        1.3,
        r"(我|很多|不少|好多|大部分|大多数|许多)"
        + _CLAUSE
        + r"{0,10}(也|一开始|当初|以前|刚开始|第一次|起初)"
        + _CLAUSE
        + r"{0,10}(这么想|这样想|这么认为|这么说|这么觉得|有.{0,4}(感觉|疑虑|顾虑|想法|经历)|一样)",
    ),
    _cue(
        "yes_if",
        "later-found-zh",
        0.8,
        r"(后来|用了.{0,6}(之)?后|了解.{0,6}(之)?后).{0,8}(发现|才知道|才觉得|觉得)",
    ),
    _cue(
        "yes_if",
        "you-are-right-zh",
        0.9,
        r"(您|你)(说|讲)?(得|的)?(对|没错|有道理|很对|在理|一点没错|一点也没错)|平心而论|有道理",
    ),
    _cue(
        "yes_if",
        "your-feeling-is-normal-zh",
        0.9,
        r"(有|会有)?(这种|这样|这个)(想法|顾虑|担心|感受|感觉|疑虑|担忧|思路)"
        + _CLAUSE
        + r"{0,8}(正常|理解|没错|很合理|可以理解|很多人|是真实的)|(能|可以|完全)?理解(您|你)的?(心情|感受|顾虑|担心|想法)?",
    ),
    _cue(
        "yes_if",
        "if-then-soft-zh",
        0.7,
        r"(如果|要是|假如|假设|若是|倘若|换个角度)"
        + _CLAUSE
        + r"{2,40}(您看|是不是|您觉得|你觉得|可能|或许|说不定|会不会|也许|会发现|就会)",
    ),
    _cue("yes_if", "if-zh", 0.5, r"(如果|要是|假如|假设|若是|倘若|换个角度|不妨)"),
    _cue(
        "yes_if",
        "generally-true-zh",
        0.8,
        r"(一般来说|一般情况下|通常|以前确实|过去确实|很多人都这么|大多数人)",
    ),
    _cue(
        "yes_if",
        "felt-the-same-en",
        1.3,
        r"\b((felt|thought|said|feel|think) (exactly )?(the same|that way|like that)|i (used to )?(think|thought|felt) so too|(what|and) (they|i|most( of them)?|people|she|he) (tend to )?(found|find|discovered|realised|realized)|(they|she|he|i) found (that|it|the|out))\b",
    ),
    _cue(
        "yes_if",
        "you-are-right-en",
        0.9,
        r"\b(you'?re (right|not wrong|absolutely right|quite right)|you have a point|fair (point|enough|question)|that'?s (fair|true|a fair (point|worry|concern)|a sensible|a real concern|a common|a reasonable|understandable)|good (point|catch|question|thinking)|i (hear|get|understand|see) (you|that|why|where)|i can see why|i (completely |totally )?(understand|agree)|totally get|makes sense|your feelings are valid)\b",
    ),
    _cue(
        "yes_if",
        "what-if-en",
        0.7,
        r"\b(what if|(?:(?<=^)|(?<=[,.;:!?—(-] )|(?<=[,.;:!?—(-])|(?<=\bbut )|(?<=\band )|(?<=\bso )|(?<=\bthen )|(?<=\bnow )|(?<=\bwell )|(?<=\bthough ))if (we|you|it|the|that'?s|most|one|i)|suppose|imagine|once you|once we|looked at another way|seen (like|that way)|would you be open)\b",
    ),
    _cue(
        "yes_if",
        "generally-true-en",
        0.8,
        r"\b(in most cases|usually that'?s true|most people (do|don'?t|think|feel)|in general|generally speaking|plenty of (my|our) (clients|customers))\b",
    ),
    # --- compensate: the drawback is real, and a bigger benefit offsets it ---
    _cue(
        "compensate",
        "although-but-zh",
        1.3,
        r"(虽然|虽说|尽管|固然)" + _CLAUSE + r"{0,20}[,.]?" + r".{0,16}(但|可|不过|然而)",
    ),
    _cue("compensate", "although-zh", 0.8, r"(虽然|虽说|尽管|固然)"),
    _cue("compensate", "x-is-x-zh", 0.8, r"([\u4e00-\u9fff]{1,2})(是|倒是)\1了?(点|一点|一些|些)?"),
    _cue(
        "compensate",
        "admit-drawback-zh",
        1.0,
        r"(我(们)?(自己)?也?承认|不瞒您|这个没法免|是(个)?(短板|缺点|不足)|这是事实|是真实存在的|确实是我们的问题|是我们的(问题|错|失误))",
    ),
    _cue(
        "compensate",
        "benefit-zh",
        0.6,
        r"(好处是|优点是|优势(在|是)|换来的是|省下|能省|省了|多送|另外送|还送|送您|赠送|免费|免单|包邮|延长|延保|划算|算下来|折下来|性价比|省钱|省心|更耐用|保修|退您|补偿|顶.{1,3}用)",
    ),
    _cue(
        "compensate",
        "on-the-house-zh",
        0.8,
        r"(给您|为您)?(全部?)?(免|退|送|赠|补|减)(单|费|了|您|一|半|掉)",
    ),
    _cue(
        "compensate",
        "although-en",
        1.3,
        r"\b(although|even though|granted|admittedly|while it'?s true)\b",
    ),
    _cue(
        "compensate",
        "admit-drawback-en",
        1.0,
        r"\b(i'?ll admit|i won'?t (pretend|dress|deny)|i should be upfront|(a|that'?s a) (real|genuine) (gap|drawback|downside)|i'?ll give you that|is on us|our (system'?s )?mistake|we didn'?t fix it|our checks missed|isn'?t acceptable|no doubt|it is,|it does|fair\b.{0,10}(the upside|though))",
    ),
    _cue(
        "compensate",
        "benefit-en",
        0.6,
        r"\b(the upside|on the plus side|in exchange|in return|what you get|which means|instead,|saves?|lasts?|last (longer|a decade)|free|on the house|refund(ed)?|waived?|extra year|extended|warranty|guarantee(d)?|cheaper|half the|double|twice|more than pays|pays for|comes out ahead|worth it|you save)\b",
    ),
    # --- ask: a question that probes the reason ---
    _cue(
        "ask",
        "may-i-ask-zh",
        1.2,
        r"(能|可以|方便|想|冒昧)(问|问问|问一下|说说|讲讲|跟我说说|告诉我|了解一下)|请问|我想(了解|知道)|具体(是|说)",
    ),
    _cue(
        "ask",
        "why-zh",
        1.0,
        r"(为什么|为啥|怎么会|是什么原因|哪(个|些|里|方面|一块|一点|一|款|位|次|种|个环节))",
    ),
    _cue(
        "ask", "this-or-that-zh", 1.0, r"是" + _CLAUSE + r"{1,16}[,]?还是" + r"[^.!]{1,24}[?吗呢]"
    ),
    _cue("ask", "question-particle-zh", 0.6, r"(吗|呢|么|没有)\s*\?"),
    _cue(
        "ask",
        "what-how-zh",
        0.6,
        r"(什么|多少|多久|几(个|次|点|号|天|位|年)|有没有|是不是|能不能|会不会)"
        + _CLAUSE
        + r"{0,16}\?",
    ),
    _cue(
        "ask",
        "may-i-ask-en",
        1.2,
        r"\b(can i ask|may i ask|if you don'?t mind me asking|could you tell me|can you tell me|tell me (more|what|about)|what makes you|what would make|help me understand|i'?d (like|love) to (know|understand)|do you know which|do you mind if i ask)\b",
    ),
    _cue("ask", "why-en", 1.0, r"(^|[.?!] ?)(why|what|which|how|when|where|who)\b[^.?!]{0,80}\?"),
    _cue(
        "ask",
        "yes-no-question-en",
        0.7,
        r"(^|[.?!,] ?)(is it|was it|are you|did you|do you|does it|did it|have you|has it|were you|would you|is there|are there|could you)\b[^.?!]{0,80}\?",
    ),
    _cue("ask", "this-or-that-en", 0.9, r"\bor\b[^.?!]{1,40}\?"),
    # --- rebuttal: the customer's fact is wrong, and here is the right one ---
    _cue(
        "rebuttal",
        "you-are-wrong-zh",
        1.5,
        r"(您|你)(这个|就|可能|应该|是不是)?(说|理解|算|记|听|搞|看|弄)?(错|得不对|的不对|不对)|说法(不对|不准确|是错误的|是错的|没有根据|有误)|(消息|信息|传言|新闻)是(假|错|不实)的?|这是误会|这个是误解|是个误解|不是这样的?|没有这回事|没有根据|不是事实|(想法|看法|观点|理解|意见|说法)(是)?(不正确|不对|有误|错了|是错的)|(您|你)根本(就)?(没|不)(有)?(了解|明白|懂|知道|清楚|搞清)",
    ),
    _cue(
        "rebuttal",
        "the-fact-is-zh",
        0.7,
        r"(因为|其实)(状况|情况|事实|实际上?|真实情况)(是|上)|事实上|实际上",
    ),
    _cue(
        "rebuttal", "not-x-but-y-zh", 1.0, r"(不是|并不是|并非)" + _CLAUSE + r"{1,16}[,]?(而?是|是)"
    ),
    _cue(
        "rebuttal",
        "flat-denial-zh",
        1.0,
        r"^(不是|没有|不对|不会|不存在|并没有|没加|没有的?事|不用|我们不|我们没有|已经)",
    ),
    _cue(
        "rebuttal",
        "does-not-exist-zh",
        0.9,
        r"(不存在|根本没有|从来没有|并没有|一个.{0,4}都没有|完全免费|不会作废|不含|都是正规)",
    ),
    _cue(
        "rebuttal",
        "already-done-zh",
        0.7,
        r"^(已经|早就|昨天|上周|今天上午)?[^,.]{0,6}已经"
        + _CLAUSE
        + r"{0,10}(了|过)|不是(线路|质量|产品|我们)?的?问题|不是没",
    ),
    _cue(
        "rebuttal",
        "proof-zh",
        0.5,
        r"(数据|报告|证书|证明|记录|单据|清单|合同|条款|官网|可以查|能查|查到|监控|检测|公示|序列号|编码|铭牌|发票|凭证)",
    ),
    _cue(
        "rebuttal",
        "you-are-wrong-en",
        1.5,
        r"\b(not (really |quite |entirely |exactly )?true|(that'?s|this is|that is|it'?s|it is) (simply |really |just |actually |totally |entirely )?(not (really |quite |entirely |exactly )?(true|right|correct|accurate|the case|how)|incorrect|wrong|false)|you'?re (wrong|mistaken)|incorrect|isn'?t (really |quite |entirely )?(the case|true|accurate)|a misconception|a misunderstanding|no truth|(rumou?r|story|claim) (is|was) (false|about)|not how (this|it) works|there'?s no truth)\b",
    ),
    _cue(
        "rebuttal",
        "flat-denial-en",
        1.0,
        r"^(no(?! (pressure|rush|hurry|problem|worries|obligation))|nope|not (this|so|at all)|it (isn'?t|wasn'?t|doesn'?t|didn'?t)|that (isn'?t|wasn'?t|doesn'?t)|we (didn'?t|don'?t|haven'?t|do not|did not)|they'?re not|it'?s not|there (are|is) no)\b",
    ),
    _cue(
        "rebuttal",
        "actually-fact-en",
        0.7,
        r"((^|[.!?;] )actually\b|\bin fact\b|\bthe fact is\b|\bthe truth is\b|\byou (clearly )?(don'?t|didn'?t) understand|\byou haven'?t understood\b)",
    ),
    _cue(
        "rebuttal",
        "x-not-y-en",
        0.7,
        r"(,|-|;) ?not (the |a |an |today|yesterday|\w+ed\b)|\brather than what\b",
    ),
    _cue(
        "rebuttal",
        "proof-en",
        0.5,
        r"\b(records? show|here'?s the|report|certificate|log|receipt|published|serial|tracking|clause|contract|the label|on the label|independent|regulator|registered|on record|in writing)\b",
    ),
    # --- ignore: light agreement or humour, then back to the subject ---
    _cue("ignore", "laugh-zh", 1.0, r"(哈哈|嘿嘿|嘻嘻|呵呵|hh|嗐|哈[,.!~ ]|[😄😂🤣😅😆😁])"),
    _cue(
        "ignore",
        "light-agree-zh",
        0.7,
        r"^(是啊|是呀|可不是|可不|谁说不是|对对|那肯定|嗯嗯|理解理解|正常正常|辛苦了?|也是|确实|没事没事|那是)",
    ),
    _cue(
        "ignore",
        "steer-back-zh",
        0.9,
        r"(咱们|我们|那我们|那咱们|来,|来!|先)(先|接着|还是|继续|再)?(看|说|聊|试|填|把|做|来|挑|坐)|说回|言归正传|回到正题|刚才说到|重点是|才是重点|说正事",
    ),
    _cue("ignore", "laugh-en", 1.0, r"(\bha(ha)*\b|\bheh\b|\blol\b|\blmao\b|[😄😂🤣😅😆😁])"),
    _cue(
        "ignore",
        "light-agree-en",
        0.7,
        r"^(tell me about it|don'?t (we|i) (all|know)|right\?|it really is|guilty|fair enough|those were the days|flattery|only the nice|ha|true|very|grim|browse away|different times|long day|good for)",
    ),
    _cue(
        "ignore",
        "steer-back-en",
        0.9,
        r"\b(anyway|anyhow|moving on|back to|right,|now,|so,|ok,|okay,|let'?s (get|go|look|start|just|pull|book)|shall we|come (and|see|sit)|hop in|have a (look|seat)|grab a (seat|tea|coffee)|the key bit|the bit (people|that))\b",
    ),
    # --- broader paraphrase families, common in sales-training phrasing ---
    _cue(
        "taichi",
        "that-shows-zh",
        0.9,
        r"(这|这个|这一点)(恰恰|恰好|正好|正)(说明|证明|是)|反而是(好事|优势|优点|理由)|所以(才|更)(要|应该|需要|该)|正是(我们|它|这款)的(优势|长处|特点)",
    ),
    _cue(
        "taichi",
        "turns-into-reason-en",
        0.9,
        r"\b(that'?s (actually )?(the beauty of it|a (good|great) reason|the best reason|an advantage|a plus)|works in your favou?r|is actually (a|the) (good thing|reason|advantage|strength)|all the more reason|that'?s precisely what|which is exactly what|so (you need|that'?s why you need) it (even )?more|turns? (that|it) into)\b",
    ),
    _cue(
        "yes_if",
        "appreciate-view-zh",
        0.9,
        r"(您的?(心情|顾虑|担心|想法)(我)?(很|完全|非常)?(理解|正常|合理)|(您|你)(说|讲)的有(一定)?道理|确实有这种情况|(很多|不少)(客户|人|朋友)(一开始|刚开始|起初)?也(是)?(这么|这样)(想|认为|觉得)|我以前也(这么|这样)(想|认为|觉得)|换个角度(想|看)|不妨(这样|换个)|这点您说得)",
    ),
    _cue(
        "yes_if",
        "appreciate-view-en",
        0.9,
        r"\b(i see your point|i (can )?appreciate (that|your|why)|i understand where you'?re coming from|(that'?s|you make|you'?ve got) a (valid|good|fair) point|you have a point|many (of our )?(customers|clients|people) (felt|feel|thought|think) the same|i know what you mean|i hear what you'?re saying|that'?s (completely |totally )?understandable|i'?d probably think the same)\b",
    ),
    _cue(
        "compensate",
        "trade-off-zh",
        0.9,
        r"(一分钱一分货|物有所值|物超所值|弥补|抵消|换来的|多出来的(钱|部分)|相比之下|但(好处|优点|优势)是|但胜在|胜在|贵在|贵有贵的道理|虽.{1,10}却)",
    ),
    _cue(
        "compensate",
        "trade-off-en",
        0.9,
        r"\b(the trade-?off|makes? up for|more than makes up|in return (you get|for)|offsets?|the flip side|what you (lose|give up) in|you (get|gain) (more|a lot more|far more)|you get what you pay for|pays? (for )?itself|worth every|while it'?s true|it'?s true that)\b",
    ),
    _cue(
        "ask",
        "clarify-meaning-zh",
        1.0,
        r"(您|你)(指的是|说的.{0,8}是指|的意思是)|具体(是|指)(什么|哪)|(为什么|怎么)会(这么|这样)(觉得|想|认为)|(您|你)(主要)?(担心|顾虑|在意|关心)的是(什么|哪)|是什么(让|使)(您|你)|主要是哪(方面|一点|些)",
    ),
    _cue(
        "ask",
        "clarify-meaning-en",
        1.0,
        r"\b(what do you mean by|could you say more|can you say more|what'?s behind|what specifically|which part|is that the only|what would need to (change|happen)|out of curiosity|what are you (comparing|worried|concerned)|what'?s (your|the) (main|biggest) (concern|worry)|what (makes|made) you (feel|think|say))\b",
    ),
    _cue(
        "rebuttal",
        "set-straight-zh",
        1.0,
        r"(这是误传|(不|并)不是事实|不可能|怎么可能|哪有这(回|种)事|没这回事|恰恰相反|并非如此|不是(您|你)说的那样|(您|你)(可能|是不是)?(有|存在)?误会(了)?|情况(并)?不是这样|我(得|要|需要)纠正|需要澄清|跟您澄清|我可以(向您)?保证.{0,6}(不是|没有|不会))",
    ),
    _cue(
        "rebuttal",
        "set-straight-en",
        1.0,
        r"\b(i'?m afraid (that'?s|that is|it'?s|it isn'?t|that isn'?t) (not|wrong|incorrect|a myth|the case)|that'?s a (myth|common misconception)|not quite( right)?|let me correct|to set the record straight|contrary to|that'?s (out of date|outdated)|that used to be the case|in reality|that isn'?t so|no,? it (isn'?t|doesn'?t|won'?t)|that'?s not (quite )?right)\b",
    ),
    _cue(
        "ignore",
        "back-to-business-zh",
        0.9,
        r"(那是那是|您真(幽默|会开玩笑|会说笑|逗)|说得也是|话说回来|对了,|咱们还是|顺便(说|看)|这个先不(说|聊)|先不(说|聊)这个|玩笑归玩笑)",
    ),
    _cue(
        "ignore",
        "back-to-business-en",
        0.9,
        r"\b(can'?t argue with that|i hear that a lot|good one|speaking of which|now,? about|in any case|at any rate|by the way|joking aside|all jokes aside|be that as it may|let me show you|let'?s take a look|fair enough!)",
    ),
    _cue(
        "none",
        "bare-acknowledge-zh",
        0.8,
        r"^(好的?|收到|知道了|嗯|哦|行|ok)[,.!~ ]*(好的?|收到|知道了|嗯|哦|行)?[,.!~ ]*$|我(反馈|问问|请示)(一下)?(领导|经理|上级)?|深感(抱歉|歉意)",
    ),
    _cue(
        "none",
        "bare-acknowledge-en",
        0.8,
        r"^(ok|okay|noted|i see|right|sure|mm|hmm|fine)[,.! ]*(ok|okay|noted|thanks|thank you)?[,.! ]*$|\b(i'?ll pass (that|it) on|check with my manager|we'?ll look into it|sorry for the inconvenience|it is what it is|i can'?t help (with )?that|not my department|please hold)\b",
    ),
    # --- none: no technique (courtesy, apology alone, refusal, off-topic) ---
    _cue(
        "none",
        "stock-courtesy-zh",
        1.0,
        r"(感谢(您的)?(反馈|关注|支持|意见|宝贵)|祝您|欢迎(光临|下次)|慢走|请(您)?耐心等待|谢谢(您的)?(配合|理解)|我们会(认真|继续|一如既往|努力)|记录下来|反馈给(相关)?部门|请(您)?留意|我们一直|以客户为中心|请问还有什么)",
    ),
    _cue(
        "none",
        "refuse-deflect-zh",
        1.0,
        r"(没办法|改不了|不能(打折|少|便宜)|这是规定|公司定的|(我|也)?不(太)?清楚|不知道|我是新来的|找售后|打\d{3,}|随便(您|你)|信不信由|那好吧|好吧|下次(有机会|再)|不归我|我是销售)",
    ),
    _cue(
        "none",
        "stock-courtesy-en",
        1.0,
        r"\b(thank(s| you) for (your|the) (feedback|interest|understanding|patience)|have a (nice|great|good|lovely) day|apologi[sz]e for any inconvenience|pass (it|that) on to|relevant department|please be patient|we are committed|we always put|leading provider|look out for further|thanks for popping in|is there anything else i can help)\b",
    ),
    _cue(
        "none",
        "refuse-deflect-en",
        1.0,
        r"\b(nothing i can do|i don'?t set|that'?s the (price|policy)|up to you|i wouldn'?t know|i'?m not (really )?sure|i only started|try (calling|another)|no worries|enjoy it|maybe next time|just let me know|here'?s my card|sorry to bother|you'?ll need (after-sales|to call)|i'?m in sales|we don'?t do discounts)\b",
    ),
)
"""Every cue family; a reply's cue score for a label is the sum of the strengths that match."""


def _marker(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


ACKNOWLEDGE = _marker(
    r"^(是的|是啊|是|对|对的|没错|确实|的确|嗯|当然|理解|明白|我明白|我理解|我相信|您说|您讲|你说|平心而论|一般来说|一般情况下|很多人|有这样|有这种|您有这|这个(想法|顾虑|担心)|以前确实|您的感受|您(这么|这样)(想|说)|"
    r"yes|yeah|yep|true|fair|right|sure|of course|absolutely|totally|agreed|i agree|you'?re right|you'?re not wrong|that'?s (true|fair|a|right|certainly|understandable)|i (hear|understand|get|see|know|can see)|good (point|catch|thinking)|usually|in most cases|most people|lots of|plenty|honestly|online prices|it is|it'?s)"
)
"""An opening that agrees with or acknowledges the customer."""

CONTRAST = _marker(
    r"(不过|但是|但|可是|可|只是|然而|换个角度|后来|\bbut\b|\bthough\b|\bhowever\b|\bthen again\b|\byet\b|\bstill\b)"
)
"""A turn to another view."""

CONDITION = _marker(
    r"(如果|要是|假如|假设|若是|倘若|不妨|万一|\bif\b|\bwhat if\b|\bonce\b|\bsuppose\b|\bimagine\b)"
)
"""A conditional that opens another view."""

CONCESSION = _marker(
    r"(虽然|虽说|尽管|固然|是有点|是贵|承认|不瞒|是事实|([\u4e00-\u9fff]{1,2})是\2|"
    r"\balthough\b|\beven though\b|\bgranted\b|\badmittedly\b|\bit is\b|\bit does\b|\bno doubt\b|\bi'?ll admit\b|\bwhile it'?s true\b)"
)
"""An admission that the drawback is real."""

AGREEMENT = _marker(
    r"(确实|的确|没错|是的|对的|"
    r"\bthat'?s true\b|\bfair\b|\byes\b|\btrue\b|\byou'?re right\b)"
)
"""A word of agreement: it concedes a drawback before compensation, or a view before yes-if."""

CORRECTION = _marker(
    r"(其实不|其实并|并不是|并没有|并非|不是这样|不是那样|那是以前|以前是这样|以前确实|那是老|老黄历|早就(改|不|没|换|取消|升级)|现在(已经|早就)|已经(改|换|取消|升级|调整|恢复|修好|到账|发出|退)|事实上|实际上|恰恰相反|搞错|误会|误传|谣言|不实|澄清|纠正|"
    r"(^|[.!?;] )actually\b|\bactually[,.!]|, actually\b|\bin fact\b|\bthe fact is\b|\bthe truth is\b|\bin reality\b|\bnot the case\b|\bnot true\b|\bisn'?t true\b|\bthat'?s a myth\b|\bmisconception\b|\bmisunderstanding\b|"
    r"\b(was|used to be) (true|the case|right)\b|\bno longer\b|\bnot any ?more\b|\bhasn'?t been\b|\bout of date\b|\boutdated\b|\bold (information|news|story)\b|\bthat changed\b|\bchanged (in|last|that)\b|"
    r"\bto be clear\b|\bto clarify\b|\bjust to clarify\b|\blet me clarify\b|\bthe other way round\b|\bquite the opposite\b|\bon the contrary\b|\bactually the opposite\b)"
)
"""A correction of a fact: what the customer believes is not (or no longer) so."""

CAUSAL = _marker(
    r"(因为|所以|才|正是|恰恰|反而|正好|就是为|越.{1,8}越|"
    r"\bbecause\b|\bsince\b|\bwhy\b|\bthe reason\b|\bthe point\b|\bthat'?s (exactly )?(what|where|when)\b|\bexactly\b|\bprecisely\b|\ball the more\b|\bso\b|\bwhich (is|means)\b)"
)
"""A causal link: in a clause about the objection itself, the shape of turning it into the reason."""

AFFIRMATION = _marker(
    r"^(是的?|有的?|有啊|会的?|能的?|可以的?|当然(有|能|可以|会)|"
    r"(yes|yep|yeah|oh|actually|it|they|we|you|this|that|he|she|there)?,? ?(it|they|we|you|this one|this|that|he|she|there)? ?(does|do|did|is|are|was|were|has|have|can|will)\b(?! not\b))"
)
"""An opening that asserts what the customer denied: "It does." / "有的"."""

BENEFIT = _marker(
    r"(更|省|多|送|免费|免|包|延长|保修|质保|划算|值|耐用|退|补偿|好处|优点|优势|"
    r"\bmore\b|\bsave|\blast|\bfree\b|\bextra\b|\bwarrant|\bguarant|\bcheaper\b|\bhalf\b|\bdouble\b|\btwice\b|\bbetter\b|\bupside\b|\bplus\b|\brefund|\bwaive)"
)
"""A benefit that can offset a drawback."""

NEGATION_OPENING = _marker(
    r"^(不是|没有|不对|不会|不存在|并没有|其实不|您说错|您错|你错|这个说法|这是误会|"
    r"no\b(?! (pressure|rush|hurry|problem|worries|obligation))|nope\b|not\b|that'?s not|that'?s wrong|that'?s incorrect|you'?re wrong|you'?re mistaken|incorrect|actually|it isn'?t|it wasn'?t|it doesn'?t|we didn'?t|we don'?t|there'?s no|there are no)"
)
"""An opening that denies the customer's claim."""

APOLOGY = _marker(r"(抱歉|对不起|不好意思|致歉|道歉|sorry|apologi[sz]e|apologies|my bad)")
"""An apology."""

TAG_QUESTION = _marker(
    r"((您|你)(看|觉得)(呢|怎么样|如何|是不是|行不行|可以吗|好吗)?|是不是.{0,10}|对吧|好吗|可以吗|行吗|怎么样|ok吗|"
    r"how does that sound|does that (change|help|work|sound)|would that|wouldn'?t it|isn'?t it|right|worth (a look|thinking about|a try)|shall we check|would you give us|would you be open.{0,30}|you know)\s*\?\s*$"
)
"""A closing tag question that seeks agreement rather than information."""

PROPOSAL = _marker(
    r"(给您|帮您|为您|我们(会|来|马上|现在|可以)|我(来|会|马上|现在)|安排|马上|立刻|退(给|回|款)|换(一|新|给)|补(发|偿)|上门|"
    r"\bwe'?ll\b|\bi'?ll\b|\bwe can\b|\blet me\b|\bi can\b|\bwe will\b|\bi will\b|\brefund|\breplace|\bsend (you|someone|an?)\b|\barrange|\bbook\b)"
)
"""An offer to act."""
