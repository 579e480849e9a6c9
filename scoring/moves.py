"""Reads what a reply does: the moves it makes (multi-label), each with the span that shows it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from scoring.measures import measures, other_figure
from scoring.models import Kind, Language, Move
from scoring.registry import MOVES, MoveId
from scoring.segment import boundaries
from scoring.text import POLITE_IF, Normalised, normalise, sentences, topic_units


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written one group of alternatives a line, `|`-separated with spaces.

    Line breaks, indentation and the spaces around a top-level ` | ` are layout; every other
    space is a literal space.
    """
    lines = []
    for line in pattern.strip().splitlines():
        line = line.strip()
        if line.startswith("| "):
            line = "|" + line[2:]
        lines.append(line)
    return re.compile("".join(lines).replace(" | ", "|"))


YOU = r"(?:您|你|妳)"
"""The customer in Chinese, polite or familiar."""

NEGATOR_ZH = _rx(
    r"""(不是|并非|并不|并没有?|没有|不会|不能|没法|无法|不敢|不可能|不算|谈不上|别|未必|不一定|不)
        (全|都|完全|太|算|说|敢说|敢|能|会|是)?(保证|承诺|打包票|说)?$"""
)
"""A Chinese negation right before a phrase ("不是绝对", "不敢保证永远")."""

NEGATOR_EN = _rx(
    r"""\b(not|n't|never|no|cannot|can't|won't|wouldn't|don't|didn't|isn't|wasn't|aren't|nobody|hardly)\b"""
)
"""An English negation word."""

HONEST_LIMIT_ZH = re.compile(r"(不敢|不能|没法|无法|不会)(跟您|给您|向您)?(说|保证|承诺|打包票)")
"""A reply that says what it cannot promise ("我不敢跟您打包票")."""


def honest_limit(text: str) -> bool:
    """Whether a stretch of reply says what it will not promise (and so promises nothing)."""
    return bool(SELF_NEGATION_EN.search(text) or HONEST_LIMIT_ZH.search(text))


SELF_NEGATION_EN = _rx(
    r"\b(i|we)\s+(can'?t|cannot|won'?t|wouldn'?t|don'?t|never)\s+(promise|guarantee|say|claim|pretend)"
)


@dataclass(frozen=True)
class Reading:
    """A reply prepared for move detection: normalised, with quotes masked and its clauses found."""

    norm: Normalised
    """The normalised reply."""
    masked: str
    """The normalised text with quoted words blanked, so quoting the customer is not saying it."""
    language: Language
    """The reply's language."""
    objection: str
    """The customer's line, normalised ('' if unknown)."""
    units: frozenset[str]
    """Topic units of the customer's line."""
    kind: Kind
    """Objection or complaint."""
    clauses: tuple[tuple[int, int], ...]
    """(start, end) of each clause of the normalised text."""
    sentences: tuple[tuple[int, int], ...]
    """(start, end) of each sentence of the normalised text."""

    @property
    def text(self) -> str:
        """The normalised text."""
        return self.norm.text

    def clause_of(self, at: int) -> tuple[int, int]:
        """The clause holding offset `at`."""
        for start, end in self.clauses:
            if start <= at < end:
                return start, end
        return at, at

    def sentence_of(self, at: int) -> tuple[int, int]:
        """The sentence holding offset `at`."""
        for start, end in self.sentences:
            if start <= at < end:
                return start, end
        return 0, len(self.text)

    def negated(self, start: int) -> bool:
        """Whether a phrase starting at `start` is negated within its clause."""
        clause_start, _ = self.clause_of(start)
        before = self.text[clause_start:start]
        if self.language == "zh" or re.search(r"[\u4e00-\u9fff]", before[-3:] or " "):
            return NEGATOR_ZH.search(before[-6:]) is not None
        words = before.split()[-5:]
        return any(NEGATOR_EN.search(word) for word in words)

    def on_topic(self, start: int, end: int) -> bool:
        """Whether a stretch of the reply shares a topic unit with the customer's line."""
        return bool(self.units and topic_units(self.text[start:end]) & self.units)


CLAUSE = re.compile(r"[^,.!?;:\n]+")
QUOTED = re.compile(r"\"[^\"\n]{1,80}\"")


def read(reply: str | Normalised, language: Language, objection: str | None, kind: Kind) -> Reading:
    """Prepare a reply for move detection."""
    norm = reply if isinstance(reply, Normalised) else normalise(reply)
    text = norm.text
    masked = QUOTED.sub(lambda m: '"' + " " * (len(m.group()) - 2) + '"', text)
    said = _objection_text(objection or "")
    return Reading(
        norm,
        masked,
        language,
        said,
        _objection_units(said),
        kind,
        tuple((m.start(), m.end()) for m in CLAUSE.finditer(text)),
        tuple(sentences(text)) or ((0, len(text)),),
    )


@cache
def _objection_text(objection: str) -> str:
    return normalise(objection).text


@cache
def _objection_units(said: str) -> frozenset[str]:
    return frozenset(topic_units(said))


Found = tuple[int, int, str | None]
"""A move found at [start, end) of the normalised text, with its detail."""

Detector = Callable[[Reading], Iterator[Found]]
DETECTORS: dict[MoveId, Detector] = {}
"""One detector per move id, registered with @detector."""


def detector(move_id: MoveId) -> Callable[[Detector], Detector]:
    """Register a function as the detector of one move."""

    def register(function: Detector) -> Detector:
        DETECTORS[move_id] = function
        return function

    return register


def _matches(
    reading: Reading,
    pattern: re.Pattern[str],
    *,
    masked: bool = False,
    negatable: bool = True,
    words: bool = False,
) -> Iterator[Found]:
    """Matches of a pattern, skipping negated ones (and quoted ones when `masked`).

    `words` requires a Chinese match to start and end on word boundaries, so 对了 inside
    不对了 does not count.
    """
    text = reading.masked if masked else reading.text
    cuts = boundaries(reading.text) if words else None
    for match in pattern.finditer(text):
        start, end = match.start(), match.end()
        if end <= start:
            continue
        if cuts is not None and (start not in cuts or end not in cuts):
            continue
        if negatable and reading.negated(start):
            continue
        yield start, end, None


def _first(found: Iterator[Found]) -> Iterator[Found]:
    for item in found:
        yield item
        return


# --- patterns -------------------------------------------------------------------------

ACKNOWLEDGE = _rx(
    rf"""
    ^\W*(是的|是啊|是呀|是|对|对的|没错|确实|的确|嗯+|当然|可不是|可不|理解|明白|懂)(?=[,.!~ ]|$)
    | {YOU}(说|讲)?(得|的)(对|没错|有道理|在理)| 有道理 | 平心而论 | 说得也是 | 这(个)?(顾虑|担心|想法|疑问|问题)(很|非常|特别)?(正常|合理|实在|好)
    | {YOU}(的)?(顾虑|担心|想法)(我)?(完全|很|非常)?(理解|明白|能理解)
    | (是|也是|很|太|都是)(对|应该|应当|合理)(的|了) | (关心|在意|谨慎|小心|商量|问清楚|比较)[^,.!?]{0, 6}(是|很|太)(对|应该|必要)(的|了)?
    | 您?这(么|样)(想|考虑)(很|也|挺)?(正常|合理|对)
    | \b(yes|yeah|yep|yup|true|fair|agreed|absolutely|totally|sure|of course|right)\b(?=[,.! ]|$)
    | \byou'?re (right|not wrong|absolutely right|quite right)\b | \byou have a point\b | \bfair (point|enough|question)\b
    | \b(good|great|valid|reasonable|fair) (point|question|catch)\b | \bi (hear|get|see) (you|that|where|why|what you)\b
    | \bi (completely |totally |fully )?(understand|agree)\b | \bmakes (total |complete )?sense\b
    | \bthat'?s (true|fair|a fair|a real|a reasonable|understandable|a good|a common|a valid)\b
    | (很多|不少|好多|许多)(人|客户|朋友)(一开始)?(都|也)?(这么|这样)?(以为|认为|觉得|想|听说|担心)
    | \b(a lot of|lots of|many|plenty of) (people|customers|folks) (think|thought|believe|assume|have heard|hear|heard|worry)\b
    | \bi can see why\b | \bi appreciate (that|your|you)\b | ^\W*(it|they|that) (does|do|is|are|can|will)\b(?=[,.!]) | (这点|这一点)?我(也|完全|非常)?(同意|认同)
    """
)

EMPATHISE = _rx(
    rf"""
    换(了)?(成|作|做)?(是)?我(?!们) | 换谁(都|也) | (碰到|遇到|摊上)(这种|这样的?|这)(事|情况)[^,.!?]{{0,3}}谁(都|也) | 谁(遇到|碰到|摊上)(这|都) | (先)?别(着急|急|生气|上火|恼|担心)
    | 消(消)?气 | 息怒 | 辛苦(您|你)?了 | 让{YOU}(久等|受委屈|担心|失望|着急|生气|受累|费心|操心|跑了?一趟|白跑|为难|不方便)
    | {YOU}的(心情|感受|着急|不满) | 能(感受|体会)到 | (确实|真的|太)(让|令)人(生气|着急|头疼|闹心|烦|窝火|失望)
    | 难怪{YOU} | (着急|生气|不高兴|担心|犹豫|纠结|不放心|看不懂|搞不清|有顾虑)(也)?(是)?(很)?(正常|难免|应该的)
    | (完全|非常|很)?理解{YOU} | 我(能|很|完全)?理解 | 体谅 | 糟心 | 闹心
    | \bi (can |completely |totally |fully )?(imagine|understand how|know how|get how)\b | \bthat must (be|have been|feel)\b
    | \bi'?d (feel|be) (the same|angry|upset|annoyed|frustrated|furious|mad) | \bfrustrat\w* | \bannoy\w* | \bupsetting\b
    | \bno wonder\b | \bi don'?t blame you\b | \byou have every right\b | \byou'?re right to be\b | \bsounds (stressful|awful|rough|horrible|like a nightmare|frustrating)\b
    | \bthat'?s (awful|terrible|not ok|not okay|really annoying|so frustrating|a pain|rough)\b | \bi'?m sorry (to hear|you('ve| have) had)\b
    | \bhow (stressful|annoying|frustrating)\b | \bthanks for (your patience|bearing with|telling|letting)\b | \bcompletely understandable\b
    """
)

APOLOGISE = _rx(
    r"""抱歉 | 对不起 | 致歉 | 道歉 | 赔(个)?不是 | 不好意思(?![,.!~ ]*(打扰|问一下|问下|请问))
    | \bsorry\b | \bapologi[sz]e\w* | \bapologies\b | \bmy bad\b | \bour bad\b"""
)

OWN_FAULT = _rx(
    r"""
    是我们(这边|那边|系统|工作|自己|公司|店里|师傅|快递|仓库)?(的)?(错|问题|失误|疏忽|责任|不对|不是|过失)
    | (这|这事|这个|这次)(是|确实是|完全是|都是|怪)我们 | 怪我们 | 责任在我们 | 我们(的)?(失误|疏忽|过错)
    | 我们(这边|工作)?(没有?|没能)(做好|做到|及时|提前|说清楚|讲清楚|讲明白|通知|告知|核实|检查|跟进|写清楚|标清楚|安排好)
    | 我们(搞错|弄错|漏|发错|写错|算错|记错|拖|耽误)了? | 我(的)?(错|失误|疏忽) | 是我(没|的)
    | 我们(应该|本该|本应)(提前|早点|及时|主动|说清|讲清|告诉|通知)
    | \b(our|my) (mistake|fault|error|failure|bad|oversight|mess-?up|screw-?up)\b | \b(that'?s|this is|it'?s|that one'?s) (all )?on (us|me)\b
    | \bwe (messed|screwed|dropped|got it wrong|got that wrong|should have|should've|failed|let you down|made a mistake|missed)\b
    | \bi (should have|should've|messed up|made a mistake|dropped the ball)\b | \bwe'?re (responsible|at fault|to blame)\b
    | \b(entirely|completely|totally) our (fault|mistake)\b | \bour (end|side) (messed|dropped|got)\b | \bthat'?s not (good enough|acceptable|ok|okay)\b
    | \bwe didn'?t (explain|tell|make it clear|flag|mention|check|follow)\b | \bwe (overcharged|double-charged|sent the wrong|lost)\b
    """
)

CONCEDE = _rx(
    rf"""
    虽然 | 虽说 | 尽管 | 固然 | 不瞒{YOU} | 我(也)?承认 | 这点(我)?承认 | (是|确实是)(个)?(短板|缺点|不足|弱项|劣势)
    | ([\u4e00-\u9fff]{{1,2}})(是|倒是)\1了?(点|一点|一些|些) | (是|确实|的确)(有点|有些|比较|稍微|略)?(贵|慢|高|小|少|重|麻烦|复杂|不便宜|吵|远|旧|大|难)
    | (价格|价钱|费用|保费|月供|首付)(确实|是|的确)(不低|偏高|高|贵) | (确实|的确)不(算|太)?(少|便宜|低|小) | 不是最便宜 | 不算便宜 | 确实没有
    | \balthough\b | \beven though\b | \bgranted\b | \badmittedly\b | \bwhile it'?s true\b | \bi'?ll (admit|give you that|be honest)\b
    | \bi won'?t (pretend|deny|lie)\b | \b(i|we) (can'?t|cannot) (promise|guarantee)\b | \b(it|that) can happen\b | (不敢|不能)(跟{YOU}|给{YOU}|向{YOU})?(打包票|保证|承诺)
    | \b(it|that|this|the \w+) (is|does|'s) (a bit |a little |quite |definitely |somewhat )?(more|pricier|dearer|slower|heavier|bigger|smaller|louder|costlier|expensive|not cheap)\b
    | \b(it|that|this one) does (cost|take|weigh|run)\b | \b(not|isn'?t) the cheapest\b | \bit'?s not cheap\b | \byou'?re right (that|it|about the)\b
    | \b(true|fair|yes|yeah),? (it|that|the \w+) (is|does|costs|'s|takes)\b | \bno (doubt|denying)\b | \b(a|the) (real|genuine|fair) (downside|drawback|gap|trade-?off)\b
    """
)

REFUSAL = _rx(
    r"""
    \b(i|we)\s+(really\s+|honestly\s+|just\s+|simply\s+)?(can'?t|cannot|can not|won'?t\s+be\s+able\s+to|(am|are|'m|'re)\s+(not\s+able|unable)\s+to)\s+(?!promise|guarantee|say|claim|pretend)[a-z]+
    | (降|减|便宜|打折|让|少|优惠|退)不了 | (不能|没法|无法|做不到)(再)?(降|减|便宜|打折|让|少|优惠)
    """
)
"""The seller saying what it cannot do for the customer ("I can't cut the licence 30%",
价格降不了): a refusal of the request, not a denial of what the customer said."""

CONTRAST = _rx(
    r"""
    \b(but|however|though|instead|what (i|we) can)\b | 不过 | 但是 | 可是 | 但 | 只是 | 倒是
    """
)
"""A turn to what comes instead."""

BENEFIT = _rx(
    r"""
    省(下|了|钱|电|油|心|事|掉)? | 更(耐用|划算|安全|方便|便宜|省|长|久|稳|快|好用|舒服|安心|放心)
    | 免费 | 赠送 | 送(您|你|一|个|两)? | 延保 | 保修 | 质保 | 包邮 | 包换 | 包退 | 多(用|送|给|保|赔)
    | 能用\S{1,4}年 | 用(上)?\S{1,3}年 | 算下来 | 折下来 | 摊下来 | 平均(每|一)(天|月|年) | 划算 | 值(得|回)
    | 补偿 | 退(还|您|你|回|款|差价) | 优惠 | 折扣 | 打\S折 | 减免 | 免(单|费|掉) | 积分 | 代金券 | 赔(您|你|偿)
    | 保障 | 报销 | 覆盖 | 赔付 | 回本 | 升值 | 收益 | 返现 | 抵扣 | 上门
    | \bsave[sd]?\b | \bsaving\w* | \blasts?\b | \blast (longer|twice)\b | \bfree\b | \bwarrant\w* | \bextra\b | \bincluded\b | \bincludes?\b
    | \bcheaper\b | \bworth\b | \bpays? for itself\b | \bper (day|month|year|week)\b | \bcover(s|ed)?\b | \brefund\w* | \bcredit\b
    | \bdiscount\w* | \bwaive[sd]?\b | \bupgrade[sd]?\b | \bon the house\b | \bno charge\b | \bcomplimentary\b | \bbonus\b
    | \b\d+ (nights?|days?|weeks?) to (try|test|return)\b | \b(free |home )?trial\b | \btry it (at home|for)\b | 试(用|睡|穿|戴)\S{0,2}(天|周|个月) | 无理由退
    | \b(a|the|our|production|written|money-back|price|output) guarantee\b | \b(we|we'?ll|we will) pay you (back|for|the)\b
    | \bto make up for (it|that|this)\b | \bmake (it|that) up to you\b | \b(we|we'?ll|i'?ll) pay (you )?the difference\b
    | \bhalf the\b | \btwice as\b | \bthree times\b | \bdouble\b | \bbetter\b | \bless (per|than)\b | \bcomes out ahead\b | \bkeeps? (its|their) value\b
    """
)

REFRAME = _rx(
    r"""
    (正|恰恰|恰好|就|正好)是?因为 | (就是|正是|恰恰是|正因|恰恰因)[^,.!?;:\n]{1,14},?(才|所以|反而)
    | [^,.!?;:\n]{0,12}(才|反而)(更|最)(需要|应该|该|要|适合|值得|划算|合适)
    | 越是?[^,.!?;:\n]{1,10}越(要|该|需要|应该|得|适合|划算) | (这|这个|这一点)(恰恰|恰好|正好|正)(说明|证明|是)
    | (正|恰恰|恰好|刚好|正好)(是|说明|在于)[^,.!?;:\n]{0,14}(原因|理由|机会|意义|好处|时候|时机)
    | (就是|正是|专门|特意|特别)(为|给|针对)[^,.!?;:\n]{1,16}(设计|准备|开发|编写|打造|推出|定制)的?
    | 反而是(好事|优势|优点|理由|机会) | 所以(才|更)(要|应该|需要|该) | 最好的时机 | 这(也|就|正|恰恰)?是[^,.!?;:\n]{0,10}的?(原因|理由)
    | \b(precisely|exactly|just|all the more|only) because\b | \bthat'?s (exactly |precisely |actually |just )?(why|the reason|the point|what .{1,30} (is|are) for)\b
    | \b(all the more|even more) reason\b | \bthe (very|whole) (reason|point)\b | \bthe more .{1,25} the more\b
    | \b(made|built|designed|written|created|exists?) (exactly |precisely |specifically )?for (people|someone|families|beginners|exactly|situations|cases) like\b
    | \bwhich is (exactly )?why\b | \bthat'?s when .{1,30} (matters|counts|helps)\b | \bworks in your favou?r\b | \bis actually (a|the) (good thing|reason|advantage|strength)\b
    | \bthat'?s (actually )?(a good reason|the best reason|an advantage|a plus)\b | \bis (exactly )?what .{1,30} (is |are )?(built|made|designed|meant) for\b
    """
)

CORRECT = _rx(
    r"""
    其实(不|并|没|是|它|我们|这) | 并不是 | 并没有 | 并非 | 不是这样 | 不是那样 | 那是以前 | 以前是这样 | 那是老 | 老黄历 | 早就(改|不|没|换|取消|升级)
    | 现在(已经|早就) | 已经(改|换|取消|升级|调整|恢复|修好|到账|发出|退) | 事实上 | 实际上 | 恰恰相反 | 误会 | 误传 | 谣言 | 不实 | 澄清 | 纠正
    | 没有这回事 | 不是事实 | 情况(并)?不是 | 其实是 | 准确(地)?说 | 说法(不太|不)?(准确|对)
    | (^|[.!?;] )actually\b | \bactually[,.!] | ,\ actually\b | \bin fact\b | \bthe fact is\b | \bthe truth is\b | \bin reality\b | \bnot the case\b
    | \bnot (quite |entirely |really )?(true|right|accurate|correct)\b | \bisn'?t (quite |entirely |really )?(true|right|accurate|so)\b | \bthat'?s a myth\b | \bmisconception\b
    | \bmisunderstanding\b | \b(was|used to be) (true|the case|right)\b | \bno longer\b | \bnot any ?more\b | \bout of date\b | \boutdated\b | \bold (information|news|story)\b
    | \bthat changed\b | \bchanged (in|last|that)\b | \bto be clear\b | \bto clarify\b | \blet me clarify\b | \bon the contrary\b | \bquite the opposite\b | \bmix-?up\b
    | \bit'?s (actually )?(only|just) \d | \b(it|that|this|he|she|they|we) (wasn'?t|isn'?t|weren'?t|aren'?t|didn'?t|hasn'?t|haven'?t)\b[^.!?]{0,40}(—|–|-|;|,)\s*(it|that|this|he|she|they|we) (was|is|were|are|did|has|have)\b | 不是[^,.!?]{1,10},\s*(而)?是 | \bthe (real|actual) (figure|number|price|rate|cost)\b
    """
)

SOURCE = _rx(
    r"""
    (合同|条款|协议|保单|说明书|手册)(的)?第?[\d一二三四五六七八九十]+(条|款|页|项|章) | 第[\d一二三四五六七八九十]+(条|款|页)
    | 官网 | 公示 | 公告 | 检测报告 | 质检报告 | 报告 | 证书 | 发票 | 记录(显示|上) | 数据(显示|表明) | 可以查 | 能查到 | 查得到 | 可以核实 | 白纸黑字
    | 监管 | 银保监 | 国家标准 | 国标 | 认证 | 第三方 | 物流(信息|记录) | 系统(记录|显示) | 截图 | 单号 | 对账单 | 账单(上|里)
    | \b(clause|section|page|article|paragraph) \d | \bcontract\b | \bpublished\b | \breport\b | \bcertificat\w* | \brecords? (show|say)\b
    | \bon (our|the) website\b | \byou can (check|verify|look)\b | \blook it up\b | \breceipt\b | \binvoice\b | \bstatement\b | \bin writing\b
    | \bindependent\w* | \bregulator\w* | \btest(ed)? by\b | \bsurvey\b | \bstudy\b | \bdata (shows?|says|from)\b | \btracking\b | \bterms (and conditions )?(say|state)\b
    """
)

REMEDY = _rx(
    rf"""
    我(们)?(就|今天就|这就|马上|现在|来|会|先|可以|立刻|今天)(帮|给|替|为){YOU}
    | (给|为|帮|替){YOU}(退|换|补|送|安排|免|修|处理|办|重新|申请|减|赔|加急|优先|登记|查|核实|联系|调|升级|延|解决|检查|检测|寄|发|改|约|开通|弄|设置)
    | 我们(会|来|马上|现在|这就|立刻|今天|明天|可以)(给|为|帮|派|安排|处理|退|换|补|修|上门|寄|发|联系|核实) | 我(来|会|马上|现在|这就|立刻|帮|给)(帮|给|为|安排|处理|查|退|换|补|联系|核实|申请|跟)
    | 安排(师傅|人|技术|专人|上门|换|退) | 马上(安排|处理|给|帮|退|换|补|派) | 立刻(安排|处理|给|帮) | 退(给|回)(您|你) | 全额退
    | 换(一|个|台|件|新)(?!角度|思路|说法|方式|想法|个角度|位思考) | 补(发|寄|偿|给) | 上门(维修|取件|检测|安装|处理) | 免费(维修|更换|换|修|上门|重做|重新) | 重新(发|做|安装|修|寄|安排)
    | \b(we'?ll|i'?ll|we will|i will|let me|i can|we can|i'?m going to|we'?re going to|gonna) (send|refund|replace|fix|arrange|book|sort|get|have|waive|credit|reship|repair|swap|organi[sz]e|escalate|chase|call|put|look into|check|change|cover|pay|upgrade|give|make|take|set|move|cancel|reverse|process|email)\b
    | \b(refund|replacement|credit|courier|technician|engineer|driver) (is|has been|will be|goes) \w+ | \bi'?ve (already )?(booked|arranged|sent|refunded|credited|raised|escalated|logged)\b
    | \bon (its|their) way\b | \bfree of charge\b | \blet'?s (get )?(that|this|it) sorted\b
    | (师傅|工程师|技术员|维修员|同事)(今天|明天|后天|马上|下午|上午|晚上)[^,.!?]{0, 8}(过去|上门|过来|来) | (都)?算我们的 | 费用我们(来)?(出|承担) | \blet'?s sort (that|this|it|you) out\b
    | \b(i|we)'?ve (put|issued|processed|started|applied|added|switched|set up|cancell?ed|reversed|waived|removed)\b
    | \b(i|we)'?ll (also )?(stretch|rerun|redo|reprint|switch|turn|show|walk|talk|ring|reset|update|add|remove|swap|clean|rebook|reissue|resend|re-?deliver|collect|pick up|bring|drop)\b
    | 我(现在|马上|这就|立刻|今天|就)+(办|处理|查|安排|改|登记|联系|核实|申请|退|换|补|跟进|去) | 我把{YOU}的 | 帮{YOU}(把|改|查|办|看|问|联系|弄|搞|开|设置|处理|申请)\n    | 我(给|帮|替|为){YOU}(拿|倒|换|找|加|送|调|开|叫|约|查|办|弄|处理|安排)
    | \bwe'?re (taking|knocking|refunding|waiving|removing|sending|replacing|fixing|covering|crediting)\b | \bi'?ve (spoken|talked) to\b
    | \b(is|are|'s|'re|will be) (going out|being sent|on (its|the) way|shipping|dispatched|being (replaced|refunded|fixed|credited|reshipped))\b | \bno need to (send|return|bring) (it|them) back\b
    """
)

WHEN = _rx(
    r"""
    今天|今晚|明天|后天|下午|上午|中午|晚上|稍后|\d+\s*(点|小时|分钟|天|个工作日|日)(内|之内|前|以内)?|[一两二三四五六七八九十半]+(个)?(小时|天|个工作日)(内|之内|以内)?|周[一二三四五六日]|星期[一二三四五六日天]|本周|这周|月底|处理完|修好后|到了之后
    | \btoday\b|\btonight\b|\btomorrow\b|\bthis (afternoon|evening|morning|week)\b|\bby (\d|noon|friday|monday|tuesday|wednesday|thursday|saturday|sunday|end of|the end|tonight|tomorrow|close)\w*|\bwithin \w+ (hours?|days?|minutes?|business days?|working days?)\b|\bin (an|one|two|\d+) (hours?|days?|minutes?)\b|\b\d{1,2}(:\d\d)? ?(am|pm)\b|\bon (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\bnext week\b|\bonce (it'?s|it is|they|the|we)\b
    """
)

FOLLOWUP = _rx(
    rf"""
    回访 | 跟进 | (再|亲自|主动)(联系|给{YOU}打|跟{YOU}确认|打电话|回复|通知) | (给|向){YOU}(回电|反馈|回复|确认|打(个)?电话|发(个)?(短信|消息|微信))
    | (通知|告诉|联系|回复|答复){YOU} | 随时(联系|找)我 | 直线电话 | 我的(电话|手机|微信) | 盯着 | 跟踪
    | \bfollow(ing)?[- ]up\b | \bget back to you\b | \bcall you (back|tomorrow|later|when|once|by|this|before|first)\b | \bcheck in\b | \blet you know\b
    | \bkeep you (posted|updated|in the loop)\b | \bupdate you\b | \bring you\b | \bmy direct (line|number)\b | \btouch base\b | \b(i|we)'?ll (call|email|text|ring|message|phone) you\b
    | \bhear (back )?from (me|us)\b | \bconfirm (with you|by)\b | \bpersonally (check|make sure|track|see to)\b
    """
)

STEER = _rx(
    r"""
    (咱们|我们|那我们|那咱们|咱)(先|接着|还是|继续|再|来|就)(看|说|聊|试|填|把|做|挑|坐|回到|谈|算|过)
    | 说回 | 言归正传 | 回到(正题|刚才|您刚才|你刚才|我们刚才) | 话说回来 | 玩笑归玩笑 | 说正事 | 那咱们 | 先不(说|聊)这个
    | 来,(我|您|咱|先) | 您先(看看|试试|坐|感受)
    | \banyway\w*\b | \banyhow\b | \bmoving on\b | \bback to\b | \bnow,? (about|the|let'?s|shall|for)\b | \bso,? (the|about|shall|let'?s|for|did|do|want|were)\b
    | \blet'?s (get|go|look|start|pull|book|check|try|see|have|take|focus)\b | \blet'?s sort\b(?! (that|this|it|you|the|your) (out|now)) | \bshall we\b | \bcome (and|see|sit|try)\b | \bhave a (look|seat|sit)\b
    | \bjokes? aside\b | \bin any case\b | \bbe that as it may\b | \bspeaking of\b
    """
)

BLAME = _rx(
    rf"""
    {YOU}(自己)?(当时|之前|也|那边)?(没有?|不|没能)(看清|看清楚|仔细|注意|按|听|认真|看|仔细看|弄清|搞清|问清|读|保管好|说清)
    | {YOU}自己(的)?(问题|原因|责任|弄|搞|操作|不小心|没|选的|要的|同意|签的)
    | (?<![难奇])(怪|赖)(谁|{YOU}) | {YOU}(仔细|认真)(看|读|查|找)(一下|一眼|下)?(就)?(能|会|可以)? | {YOU}的(问题|错|责任|原因) | 谁让{YOU} | 早(就)?(跟{YOU})?(说|讲|告诉)(过|了) | 我(都|早|已经)(说|讲|告诉)(过|了)
    | (写|说|讲|标)(得)?(清清楚楚|很清楚|明明白白|很明白|清楚楚) | (本来|本身)就不(该|应该|能) | 不能全怪我们 | 不能(都|全)算我们
    | (操作|使用|保管|安装)不当 | 人为(损坏|原因|造成) | {YOU}(也)?(得|要|应该)(自己)?(负责|承担)
    | {YOU}(姐|哥|家人|孩子|先生|太太|老公|老婆|妈|爸)?(自己)?没(看清|仔细|注意)
    | \byou (should|shouldn'?t|should not|could) have\b(?! (received|got|gotten|been|heard|had|seen a|a )) | \byour (fault|mistake|problem|responsibility|own fault)\b | \byou (didn'?t|did not|never) (read|follow|check|tell|mention|ask|register)\b
    | \bas i (said|mentioned|explained|told you|already)\b | \blike i (said|told you|mentioned)\b | \bit'?s (all )?(in|on) the (faq|manual|website|terms|contract|small print|fine print)\b
    | \byou (probably|must have|might have|likely|obviously|clearly) (clicked|pressed|entered|typed|forgot|missed|did|used|put|dropped|broke|deleted|changed|left|set|chose|booked|ordered|misread)\b | \bif you had (read|checked|listened|followed|looked|bothered|paid|told|asked)\b | \buser error\b | \byou must have\b | \byou were (supposed|meant|told)\b | \bclearly (states|says|stated)\b | \bwe did (tell|warn|say)\b
    | \bthat'?s on you\b | \b(it'?s|that'?s) (all |really )?(down to|on) you\b | \bnot (really )?(our|my) (fault|problem)\b | \bwhich you (agreed|signed|accepted|chose)\b | \byou (agreed|signed|accepted) (to )?(it|that|this|the terms)\b
    | \bto be fair,? you\b | \bif you'?d (read|checked|followed|listened)\b | \bread the (manual|instructions|terms)\b
    | 听我说 | {YOU}听我 | {YOU}怎么(连|还|就|老) | 跟{YOU}说了(多少遍|好几遍) | 我说(了)?多少遍 | \blisten to me\b | \bhow many times (do|did|have|must|should|will) (i|we)\b | \bif you (had )?(just )?listened\b
    | {YOU}(下单|购买|签字|签约|办卡|买|预订|订)的?(前|时候)?(就)?(应该|要|得)(先)?(看|问|确认|了解) | {YOU}(下次|以后)[^,.!?]{{0,10}}(看清|注意|仔细|记得|对着) | {YOU}(第一次|当时|之前|上次)(没|没有)(交|填|带|看|说|按|注意)
    | (跟|给|向){YOU}(交代|说|讲|提醒|强调)过 | 是{YOU}自己(的)?(问题|原因|责任|弄|搞|操作|没|不小心|掉) | {YOU}自己的(头发|东西|原因|车|问题) | (不能|可不能)(记|算|怪)(在)?[^,.!?]{{0,4}}(头上|我们) | {YOU}(是不是|有没有)[^,.!?]{{0,8}}(放(?!心|松)|摔|碰|弄|塞|泡|晒|买的便宜|用的便宜|自己)
    | 这怎么能怪 | 应该先看清楚 | 没配好 | (东西)?塞(得)?太满
    | \byou (can'?t|couldn'?t) have (filled|read|done|followed|entered|set|checked)\b | \bif you (put|left|used|dropped|set|turned|leave)\b[^.!?]{{0,30}}\b(can'?t|won'?t|doesn'?t|will|would)\b | \bthat'?s what you (signed|agreed|asked|ordered|chose|approved)( off)?( on| to| for)?\b
    | \byou'?d have (got|gotten|seen|known|been|found)\b | \bmaybe (your|you)\b[^.!?]{{0,25}}\b(just|wasn'?t|weren'?t|didn'?t|should|need|use)\b | \bmost (users|people|customers|clients) know\b | \b(someone|somebody) (in|at|from) your (office|team|end|house|side)\b
    | \byour (team|staff|people|kids|son|daughter|husband|wife) (just )?(wasn'?t|weren'?t|didn'?t|must|probably)\b | \b(maybe|try|just) [a-z ]{{1,20}} next time\b | \bnot our (issue|problem|responsibility)\b | \bwe'?re not responsible\b
    | {YOU}(下次|以后)[^,.!?]{{0,8}}(就行|就好|就可以) | {YOU}(没|没有)[^,.!?]{{0,6}}才(会)? | {YOU}(这话|这么说)(就|可)?不对 | {YOU}这一看就是 | 没怎么[^,.!?]{{0,4}}过吧 | {YOU}不知道吗 | 才怪
    | {YOU}(自己)?看看[^,.!?]{{0,10}}就(明白|知道|清楚) | (再)?问问(家里人|家人|门卫|邻居) | {YOU}是不是(加|用了别|放(?!心|松)|摔|碰|弄|按|点|忘|没)
    | \bif you'?d (rung|called|phoned|asked|checked|looked|read|told)\b | \bbe(ing)? (a bit |a little )?more careful\b | \byou may wish to consider\b | \bhave you (actually|even) (looked|checked|read|tried)\b | \bworth checking before you\b
    | \b(check|read) the \w+ next time\b | \byou (just )?didn'?t (look|hear|check|read|notice|see)\b | \bmaybe you (just )?(didn'?t|missed|forgot)\b | \byou have to make it clear\b | \b(can'?t|won'?t) \w+ if you'?re not\b | \bwasn'?t heard\b
    | {YOU}(当时|之前|当初)?(要是|如果|若是)[^,.!?]{{0,16}},\s*(我们)?(也|就)?(能|会|可以|就)(早|不|及时) | \bif you('d| had) [^.!?]{{0,40}}\bwe('d| could| would)( have)?\b
    | 上次也是{YOU} | {YOU}确定[^?？]{{0,14}}(对|没错|正确|没问题)的?吗 | (麻烦|请){YOU}(按|仔细|规范|认真)(一下)? | 不规范 | (别的|其他|大部分|大多数|其他的|很多)(客户|人|用户)都(能|用得|没问题|好好|会|看得懂|看懂)
    | 当初是{YOU}自己 | 别说我没提醒 | 是(贵司|{YOU}那边|{YOU}家|{YOU}们那边|{YOU}们公司)的?[^,.!?]{{0,10}}(问题|原因|太老|太旧) | 被[^,.!?]{{0,10}}洗脑 | 早就[^,.!?]{{0,12}}写(过|了|着)
    | (其实|明明|早就?)(都)?(写|说|标|注明)(了|着|过|明) | {YOU}签字的时候 | 应该看过 | 不可能跟{YOU}说 | {YOU}(当初|自己)(选|挑|同意|签)的 | 是{YOU}(自己|当初)?(选|挑|同意|签)的
    | \bare you sure you('re| are| typed| entered| did| have)\b | \bdid you (actually|even|really) (read|check|try|follow|look)\b | \bif you (actually|even|really) (bothered|read|checked|looked|tried)\b
    | \bmake sure (all )?(the )?steps (were|are) followed\b | \b(set up|installed|used|plugged in|configured) (incorrectly|wrong|improperly|badly)\b | \beveryone else (finds|manages|seems|has no|is fine)\b
    | \b(other|most) (customers|people|users) (don'?t have|manage|find it|have no)\b | \bi doubt (that'?s|that is|it|very much)\b | \b(does|did) (mention|say|state) (that )?(customers|you) should\b
    | \b(the )?(website|confirmation|email|terms|page|manual|guide|booking) (does|did) (say|state|mention|show)\b | \bclearly (shows|states|says|stated|showed)\b | \bplease (review|read|check|refer to) the (setup guide|manual|instructions|faq|terms|guide)\b
    | \byou chose\b | \bdon'?t say i didn'?t (warn|tell)\b | \byour (firewall|router|device|network|wifi|phone|browser|end)\b[^.!?]{{0,20}}\b(problem|issue|fault|blame)\b | \bit'?s (almost certainly |probably )?your (ancient|old|own|network|router|firewall)\b
    | \byou asked for (it|that|the|this)\b[^.!?]{{0,20}}\bremember\b | \bas i told you\b | \bnothing to do with us\b | \bthat'?s not on us\b
    | 又不是只有{YOU} | 很多(客户|人)都是这样 | (可能|估计){YOU}(平时|自己|那边) | {YOU}(可以)?(先)?看看[^,.!?]{{0,12}}是不是 | 如果(业主|客户|大家|你们|您们)(们)?都(能)?(按时|及时|配合|注意)
    | \braising your voice\b | \bwon'?t make [^.!?]{{0,30}} (any )?(faster|quicker|better)\b | \busually happens? when (the|you|it|people|customers)\b | \bwhich our [^.!?]{{0,20}} would have (mentioned|told|explained)\b
    | \bif more (residents|customers|people|guests) (paid|followed|read)\b | 跟({YOU}|个人)[^,.!?]{{0,6}}(习惯|使用|操作|保养)[^,.!?]{{0,4}}(有关|有关系) | {YOU}是不是(经常|总是|老是)?没 | {YOU}(是不是|可能|应该|大概|肯定)?(把[^,.!?]{{0,6}})?(记|看|搞|弄|听|输|填|按|点|理解)错(了)? | \byou (must have |might have |probably )?(misread|misheard|mixed up|got the (time|date|day) wrong)\b | {YOU}(也|都)签(了|过)字 | 本来就(得|要|该|应该)(自己)? | \b(a quick|a simple|a) \w+ (beforehand |first )?would have (caught|shown|avoided|prevented|told)\b | \byou can'?t say\b | \bwe (sent|gave) you (\w+ )?(several|multiple|two|three|four|five|\d+) (letters|emails|texts|reminders|notices|warnings)\b | \byou'?re not the only one\b | \bmost people don'?t even notice\b | \bjust so you know\b[^.!?]{{0,40}}\b(should|usually|need to|have to)\b
    """
)

CONTRADICT = _rx(
    rf"""
    {YOU}(这个|就|完全|根本|肯定)?(说|理解|算|记|听|搞|看|弄|想)?(错了|得不对|的不对|不对) | {YOU}这(么|样)(说|讲|想)(就|可就|也)?(不对|错) | (?:^|[.!?]\s*)不对[,.!] | ^\W*不是(的)?[,.!]
    | 难不成 | 没有的事 | 胡说 | 瞎说 | 乱说 | 根本不是 | 根本没有 | 怎么可能 | 不可能的事 | 哪有这(回|种)事 | 纯属 | 谣言而已 | 您想多了 | 你想多了
    | (?:^|[.!?]\s*)wrong\b[.!] | \b(that'?s|this is|it'?s) (simply |just |totally |completely )?(wrong|false|nonsense|rubbish|ridiculous|a myth|untrue|not true|bs)\b
    | \byou'?re (wrong|mistaken|confused)\b | ^\W*no[,.!] | ^\W*nope\b | \bthat'?s not how (it|this) works\b | \byou'?ve (fallen for|been misled|got it wrong)\b | \bno,? it (isn'?t|doesn'?t|won'?t)\b
    | {YOU}(这个|的)?(想法|看法|说法|理解|意见)(是)?(错的|不对|错了|不正确|有误|不准确) | \bcompletely false\b | \b(that'?s|this is) (completely |totally |utterly )?(false|untrue|a lie)\b
    | \b(he|she|they|it) (doesn'?t|don'?t|isn'?t|aren'?t) really (hate|mind|need|want|care|struggle|think|feel)\b | (他|她|孩子)(其实)?(并)?不是真(的)?(讨厌|不想|不喜欢|不会)
    """
)

CONDESCEND = _rx(
    rf"""
    这是常识 | 常识(问题|而已) | 连这(都|也)不(懂|知道|会) | 谁都知道 | 大家都知道 | 这么简单 | {YOU}(懂|知道)不(懂|知道) | 很简单的(道理|事) | 难道{YOU}不(知道|懂|明白)
    | 外行 | {YOU}不懂 | 小学生都 | 一看就(懂|知道|明白) | 跟{YOU}说了也不懂 | 说了{YOU}也不 | 我再说(一|最后一)遍 | 听(懂|明白)了吗 | 明白了吗\? | 懂了吗
    | 呵呵 | 您可真(会|行|能) | 你可真(会|行|能) | 真(是)?(服|佩服)了 | 想(得)?(太)?美 | 不会吧,{YOU}
    | \bobviously\b | \bclearly,? you\b | \bas (anyone|everyone) knows\b | \bit'?s (just )?common sense\b | \beveryone knows\b | \byou should know\b | \bsurely you (know|understand|realise|realize)\b
    | \blet me explain (it )?(slowly|again|simply)\b | \bnot rocket science\b | \beven a child\b | \bi'?ll say it again\b | \bdo you (even )?understand\b | \bit'?s (really )?(very )?simple,? really\b
    | \bsweetie\b | \bhoney\b | \bdarling\b | \bgood luck with that\b | \boh (great|wonderful|brilliant),\b | \bwow,? (ok|okay)\b | \bi know it'?s confusing for (some|most) people\b | \bfor (someone|people) like you\b
    | \b(basic|simple) (stuff|maths|math|economics)\b | \bwith (all )?due respect\b | \bnewsflash\b | \bbless you\b
    | 太外行 | {YOU}懂什么 | \byou (don'?t|do not) (understand|get it|know what)\b | \bnonsense\b | \bsilly\b | \bnaive\b | \bclueless\b
    | (大部分|大多数|一般)(客户|人)都(能|会)(看懂|明白|搞定|用|懂) | 要是实在不会 | 这都不知道 | 这(也|都)不懂 | 一般人都不(太)?懂 | 像我们专业的 | 常识误区 | 都被骗了 | 您也敢 | 你也敢 | 老破
    | ^\W*seriously\? | \bi'?m surprised (people|you|anyone) still\b | \bif you (actually |really )?understood\b | \bit'?s basic (physics|maths|math|economics|science)\b | \b(that'?s|it'?s) (pretty|very|fairly) obvious\b
    | \bstuck in the past\b | \binto this century\b | \bthat'?s your call\b | \bfor people who can'?t\b | \beven you\b | \bi'?ll (explain|say) it (slowly|again)\b | \bwhatever you say\b
    | (肯定|一定)是(看了|听了|被)
    | {YOU}(可能)?不(太)?了解 | 不讲道理 | (骗|坑){YOU}不成 | 上点心
    | \byou'?ve clearly (not|never)\b | \banyone who knows\b | \bbasic stuff\b | \bany \w+ would tell you\b | \bmagic (it )?up\b | \b(doesn'?t|don'?t) lie\b | \buser error\b | \bthere'?s always \w+,? ha\b
    | \beven (my|a|your) (nan|gran|grandma|grandmother|granny|kid|child|five-year-old|toddler)\b
    | 这都什么年代了 | {YOU}这(想法|说法|观点)(可)?(太|真) | 没算明白 | \bkeep it simple for you\b | \bthere for a reason\b | \bi'?d have thought\b | \bsure,? and (we|i) could\b | \bare you sure you were\b
    | 乱写的 | (稍微|多)关注一下[^,.!?]{{0,10}}就(会)?知道 | 早就过时了 | (小孩子|小孩|孩子|小朋友)都会(弄|用|玩) | 跟不上(社会|时代) | \bin your day\b | {YOU}根本(就)?(没|不)(打算|想)(买|要|办|签) | \bhas no idea what (they'?re|he'?s|she'?s) talking about\b | \bis common sense\b | 是常识
    """
)

ABSOLUTE = _rx(
    r"""
    绝对 | 百分之百(保证|没问题|安全|满意|放心|有效|能|会) | 保证(永远|不会|没问题|一定|好|能|满意|有效|赚) | 永远(不会|不|都) | 肯定(没问题|不会|能|有效|赚|涨) | 一定(能|会|没问题|有效|赚)
    | 包(您|你)?(满意|好|赚|治好|没问题|过) | 零风险 | 没有(任何)?风险 | 稳赚 | 保本保息 | 从来(不|没)(会|有)?(坏|出|过)? | 永不 | 终身(不|免)
    | (全|整个)(网|国|世界|行业|市场|城)最 | 天下第一 | 最(好|强|便宜|专业|安全)的(产品|品牌|公司|牌子|店|服务|质量) | (我们|我家|咱家|这(款|个|家|台|套))[^,.!?]{0,4}(是)?最(好|强|便宜|专业|安全)的
    | \bnever (break|fail|go wrong|lets you down|let you down|breaks|fails|goes wrong|have (a|any) problem)\w*\b | \bguarantee[sd]? (it|you|that|to|results|returns|satisfaction|you'?ll)\b | ,\s*guaranteed\b | \b100 ?% guaranteed\b | \bguaranteed[.!] | \balways works\b | \bzero risk\b
    | \bno risk\b | \brisk-?free\b | \b100 ?(%|percent) (safe|sure|certain|satisfied|effective|secure)\b | \bbest in the (world|market|industry|business|country|city|town)\b | \bperfect\b | \bforever\b | \bwill (definitely|certainly) (fix|work|solve)\b
    | \bcan'?t go wrong\b | \bnothing (can|will) go wrong\b | \bevery single (time|customer)\b | \bnumber one\b | \b#1\b
    | 怎么(用|摔|洗|折腾)都(摔|用|洗)?不(坏|会) | 保(您|你)用 | 不可能(亏|坏|出问题) | 从来没(人|有人)?(过敏|投诉|出问题|坏过|亏过) | 从来没有?(亏|坏|出)过
    | \bcan'?t lose( money)?\b | \balways goes up\b | \bbeats? the (stock )?market\b | \bnever slows? down\b | \bbest on the planet\b | \bwill outlast\b | \bnobody (has )?ever (complained|had)\b
    | 一点(都|也)不(掉|差|贵|坏|少|慢) | (肯定|一定|绝对)(没了|没有了|卖完|抢光) | 全[\u4e00-\u9fff]{1,3}(最|第一) | 绝不 | 百分之百 | 好多人(买了)?(都)?后悔
    | \bliterally (impossible|never|always|everyone|nobody|perfect)\w*\b | \b100 ?% (\w+able|un\w+)\b | \bworks perfectly\b | \b(basically|practically|virtually) never\b | \bevery(one| \w+) (in|across) [\w ]{1,20} uses? (it|this|them)\b
    | \bnobody (actually|ever|really) (sticks|stays|complains|leaves|hits)\b | ,? ever[.!] | \bevery single one\b | \bfor life\b | \bthe worst [\w ]{0,20}in the (country|world|city|business|market|industry)\b | \boutlast (you|your|us|everything)\b
    | 家常便饭 | 就算运气好 | \bfor sure\b | \bticking time bombs?\b | \bevery single\b | 保证[^,.!?]{0,4}(回本|赚|涨)
    | 全(市|城|省|国)(最|第一) | \bthe best \w+ (on|in) the (market|planet|world|country|city|town|business)\b | \babsolutely (everything|anything|nothing|all|no one)\b | \bfull stop\b | \byou'?ll never (have to|need to|pay|worry|regret)\b | \bfor the rest of your life\b | \bprices? (will )?(explode|skyrocket|soar)\w*\b | \bnever (refund|pay|answer|fix|honou?r|respond)\w*\b | 哪(家|个)[^,.!?]{0,8}都不 | \bend up paying (double|twice|triple)\b | (肯定|一定|早就?)(涨|跌)(回去|上去|疯) | \b(the )?best [a-z]+ in (the )?(city|town|country|world|area)\b | \bevery single (morning|day)\b | \bperiod\.\s*$
    | 保证(您|你|自己)[^,.!?]{0,6}(认不出|瘦|好|满意|变) | \S{1,3}年都不(会)?坏 | 不会(有)?错的 | \b(completely|totally|absolutely) (effortless|painless|hassle-free|risk-free|foolproof)\b | \bin half overnight\b | \bnot an issue at all\b | \bnever an issue\b
    """
)

JARGON_TERMS = _rx(
    r"""
    赋能 | 闭环 | 抓手 | 颗粒度 | 底层逻辑 | 中台 | 打通 | 沉淀 | 方法论 | 链路 | 拓扑 | 对齐 | 精算 | 核保 | 摊销 | 杠杆 | 对冲 | 费率 | 现金价值 | 免赔额 | 等待期
    | 不可抗辩 | 犹豫期 | 年化 | 复利 | 净值 | 久期 | 回撤 | 夏普 | 协议栈 | 固件 | 带宽 | 吞吐 | 时延 | 冗余 | 迭代 | 架构 | 算法 | 变频 | 能效比 | 压缩机 | 分辨率 | 帧率
    | \b(roi|kpi|api|apis|sla|slas|saas|tco|ebitda|capex|opex|b2b|oem|sku|skus|crm|erp|etl|sdk|mrr|arr|cagr|apr|ltv|cac|nps|csat|ux|ui|qos|ssd|nvme|dpi|vpn|latency|throughput|bandwidth|firmware|middleware|kernel|codec|backend|frontend|stack|architecture|protocol|synerg\w*|leverag\w*|paradigm|scalab\w*|amorti[sz]\w*|depreciation|actuarial|underwriting|deliverables?|escrow|subrogation|deductibles?|premiums?|indemnit\w*|annuit\w*|amortization|compliance|provisioning|uptime|sharding|containeri[sz]\w*|microservices?|kubernetes|devops|ci/cd|ebitda|yield|basis points?|bps|liquidity|vesting|accrual\w*|coinsurance|copay\w*|exclusions?|riders?|underwritten)\b
    | 柱镜 | 轴位 | 渐进片 | 像散 | 散瞳 | 电子式计量 | 准确度等级 | 载波 | 抄表 | 双模 | 识别率
    | \b(pseudoephedrine|sympathomimetic|contraindicated|ace inhibitor|camber|fare capping|interchange window|hplc)\b
    | 扭矩 | 毫秒级 | 不可抗力 | 二硫键 | \b(lidar|slam)\b | 多片离合器 | 空鼓 | 验收规范 | 字段级 | 租户 | 增量备份 | 导出审计
    | \b(inverter|evaporators?|sump|non-return valve|ntc|fare basis|booking class|reissue|add-collect|rbac|tenant|e-awd|haldex|torque|periodi[sz]ed|hypertrophy|rpe|progressive overload|tax wrappers?|megger|multi-airflow|shorted to ground)\b
    | 综合评分模型 | 硬查询 | 阈值 | 杜比视界 | 刷新率 | 持续奖金 | 退保费用递减 | 结算利率 | 现金价值 | 万能账户 | 保底利率 | 口径 | 维度
    | \b(prepayment penalty|amorti[sz]es|origination|net-funded|simple-interest basis|look-back|pre-existing condition exclusion|subrogat\w*|accrued|escrow|hdr10\+?|refresh rate)\b
    """
)

EXPLAINED = _rx(
    r"""^\s*(\(|（|,?\s*(也就是|就是说|意思是|简单说|通俗(地)?说|说白了|i\.e\.|which means|meaning|that is|that'?s|basically|in plain (english|terms)|or in other words|so,? in other words|-))"""
)

COMPETITOR = _rx(
    r"""
    (他们|那家|别家|别的(店|家|公司|品牌)|竞争对手|隔壁|同行|其他(公司|品牌|家|店)|对面|网上那些|小厂|杂牌)(的)?[^,.!?;:\n]{0,10}(很差|不行|垃圾|骗|坑|烂|偷工减料|不靠谱|差劲|水货|翻新|山寨|假货|黑心|忽悠|跑路|倒闭|质量差|不正规)
    | (杂牌|山寨|小作坊)(货|的)? | 便宜没好货
    | \b(their|they|those guys|the other (guys|company|shop|brand)|competitors?|cheap(er)? (brands?|ones|shops))\b[^.!?;]{0,30}\b(junk|rubbish|crap|terrible|awful|cowboys|scam\w*|rip you off|cut corners|garbage|useless|dodgy|shoddy|knock-?offs?|fall apart|lie|lying|trash|go bust|won'?t last|shady)\b
    | \b(cheap|knock-?off|dodgy) (junk|rubbish|copies|imports)\b
    | (网上|那些|那家|隔壁|小银行|别家|其他家|对面|他们家)[^,.!?;]{0,16}(假货|骗人|骗子|坑人|质量差|风控出了|吃老本|走了一半|都不行|不敢存|靠不住) | 别家(真)?没我们好 | 吃老本 | 别家都不如
    | \b(online (sites|shops|stores)|those sites|other providers|the others|the other guy'?s?|their stuff|their product)\b[^.!?]{0,30}\b(scams?|fake|worse|junk|can'?t touch us|dying|garbage|rubbish)\b
    | (那家|那个牌子|别家|大厂|那些|他们|他家|竞品)[^.!?;]{0,16}(毛病(一堆|多)|又旧又脏|没证|白看|白去|老(丢|坏|出问题)|不把(您|你)当回事|也敢用|找不到人|坑人|靠不住|不行|拖半年|跑路)
    | \b(their|they|those|that lot|that dealership|the budget \w+|\w+ stuff)\b[^.!?;]{0,30}\b(a joke|fluff|disposable|cowboys?|falls? apart|known for it|nobody stays|back in for repair|rubbish|useless|terrible|awful|the worst)\b
    | 不像(那些|别家|他们|其他) | \btheirs is\b[^.!?]{0,20}\b(disaster|joke|rubbish|worse|terrible|awful|useless)\b | \bthey'?re a (nightmare|joke|disaster|shambles)\b | (那个|隔壁|旁边)[^,.!?]{0,8}(又黑又窄|又脏又乱|天天有人|经常出事)
    | \bunlike the \w+ at\b | \b(marketplace|ebay|gumtree|craigslist|second-?hand)\b[^.!?]{0,30}\b(falling apart|bedbugs|junk|fakes?|rubbish)\b | \b(they|those guys) (always|just) (do that|lowball|inflate|overvalue)\b
    | \b(they'?re|it'?s) (dying|about to be killed off|going under)\b | \bcan'?t touch us\b | \bare all worse\b | \btotal scams?\b
    """
)

SELF_PRAISE = _rx(
    r"""
    我们(是|可是|公司是|家是)?(行业|业内|全国|本地)?(最|第一|领先|龙头|顶尖|一流|知名|老牌|大品牌|最专业|最好|最大)
    | 我们(公司|品牌|店)(很|非常|特别)?(大|有名|厉害|专业|靠谱|有实力|实力雄厚) | (我|我们)(做了|干了|有)\S{1,4}年(经验|了) | 我(是|可是)(金牌|资深|最好|王牌) | 行业标杆 | 口碑(最|第一)
    | \bwe'?re (the )?(best|leading|number one|#1|market leader|top|biggest|most trusted|award-winning|industry leader)\b | \baward-?winning\b | \bindustry[- ]leading\b | \bmarket leader\b
    | \bour (company|brand|team) is (the )?(best|great|amazing|top|leading)\b | \bi'?ve been doing this for \d+ years\b | \bi'?m (the best|top seller|a top|an expert)\b | \bworld-?class\b | \bwe'?re (a|the) (big|huge|well-known|reputable)\b
    | \btrust me\b | \bwe know what we'?re doing\b | \bbest-?sell(er|ing)\b | \bwon (a|an|the|several|multiple) [^.!?]{0,20}awards?\b | \bwe'?ve sold (hundreds|thousands)\b | \b(named|rated|voted) (a |the )?(leader|best|top|number one)\b | \b(over |more than )?[\d,]+ happy customers\b\n    | 卖得最好 | 销量(第一|最好|冠军) | 明星都在用 | 成立\S{1,4}年 | 服务过\S{1,8}客户 | (拿|获)(过|得)\S{0,8}奖
    """
)

PRESSURE = _rx(
    r"""
    今天(不|就|必须|马上)(签|定|买|下单|付|交|办)(的话|了)? | 今天(之内|必须|最后) | 最后(一|几|两)(天|台|个|名额|套|次机会) | 错过(了)?(就|这)?(没|再|不) | (马上|明天|下周|月底)(就)?涨价
    | 只剩(下)?\S{0,3}(台|个|套|名额|间|件) | 限时 | 机不可失 | 现在不(买|定|签|下单) | 赶紧(下单|定|签|买|交) | 抓紧(时间)?(下单|定|签|买) | 名额(有限|不多) | 过了这(个)?村 | 先(交|付)(定金|订金)(锁|把)
    | 今天(能|可以)?(定|签|下单)(吗|不|下来)? | 别(犹豫|想)了 | 还(犹豫|考虑)(什么|啥) | 再不(买|定|签)
    | (?<![-\w])sign (today|now|right now|tonight)\b | \btoday only\b | \boffer ends\b | \blast (one|chance|few|unit|day)\b | \bwon'?t last\b | \bbefore it'?s gone\b | \bact (now|fast)\b
    | \block (it|this|the price) in (today|now)\b | \bprices? (go|goes|are going) up\b | \blimited[- ]time\b | \byou'?d be (crazy|mad|silly) not to\b | \bdon'?t miss (out|this)\b
    | \bonly \w+ left\b | \bhurry\b | \bright now or\b | \bor (you'?ll )?lose (it|the)\b | \bdecide (now|today)\b | \bcan we (sign|close|do it|get this done) (today|now)\b
    | (?<![-\w])just sign\b | \bwhat'?s (it|stopping you)\b | \bno(thing)? (reason|excuse) not to\b | \bready to sign\b | \bshall (i|we) (put you down|sign you up|book it in)\b
    | (只到|截止到?)(今天|今晚|明天|本周|这周|月底) | 过了(就|这)?(恢复|没|涨) | 今天就(升级|签|定|买|下单|办) | (本月|这个月|今天)(签|买|定|下单)(还|就)?送 | (以后|到时候|过几天)(就)?(想\S{0,2})?(都)?没(有)?(这个价|了) | 不然(以后)?[^,.!?]{0,6}(没有了|没了|来不及) | 现在不(升级|买|定|签|下单|办|拍)
    | (几|五|十)分钟(后|之后)[^,.!?]{0,4}没了
    | \b(only )?(guaranteed|valid|available|good|on) (till|until|through) \w+ | \bget it done (now|today)\b | \bgone by (the weekend|tomorrow|friday|monday|tonight)\b | \bhang about\b | \bcan only hold (it|that|this|the)\b | \bafter today,? (it'?s|the price|this|that|you)\b | \bbefore i leave\b | \bon special this (month|week)\b
    | 总不(想|能|会)[^?]{0,20}吧 | (明天|下周|过了今天|月底)(就)?恢复原价 | 现在就(定|签|买|下单|办)(下来)? | \bkicking yourself\b
    | 再不买(就)?(真)?来不及 | 来不及了 | (您|你)今天(就)?签(吧|了吧) | 先把(单子|合同|字)签了 | 会后悔 | 就剩最后 | 今天不签就没 | 过了今天
    | \bwalk out\b[^.!?]{0,30}\b(gone|lose|miss)\b | \byou'?ll regret\b | \bregret it\b | \bdeal'?s gone\b | \bget it signed\b | \blet'?s just (get it signed|sign)\b | \bbuy (it )?now\b | \b(grab|lock) (it|this) (in )?(now|today)\b
    | \bdon'?t want to be the one who\b | \b(price|rate|offer|deal) expires\b | \bexpires (at|today|tonight|this)\b | \bbefore it'?s too late\b | (?<![-\w])sign (it )?(now|today)\b | \b(promo|offer|sale|deal|discount|price|rate) (ends|expires|is gone|goes up|won'?t be here)\b | \bgone tomorrow\b | \bonly (a )?(couple|few|handful)( of)? \w+ left\b | \bslots? left\b | \bends (at|tonight|today) ?(midnight)?\b
    """
)

DISMISS = _rx(
    rf"""
    没什么大不了 | 不是什么大(事|问题) | 小事(一桩|而已|情)? | 别(激动|大惊小怪|计较|较真) | 冷静(一下|点) | 淡定 | 至于(吗|嘛) | 不就是 | 这(很|也)?正常(的事|现象)? (?!的) | 正常现象 | 都(是)?这样(的)? | 大家都这样
    | 爱买不买 | 随便{YOU} | 随你 | 没办法 | 我也没办法 | 规定就是规定 | 这是(公司)?规定 | (您|你)自己看着办 | 就这样吧 | 改不了 | 不归我(管)? | 不关我(的)?事 | 信不信由{YOU} | 那也没办法 | 有啥办法 | 能咋办
    | \bcalm down\b | \bnot (a|that) big (of a )?deal\b | \brelax\b | \bit'?s (just|only) (a|an) (little|small|minor|bit|few|couple|scratch|dent|delay|day|minute|glitch)\b | (?:^|[.!?]\s*)whatever[.!,] | \bi doubt (that|it|very much)\b | \beveryone else\b | (别的|其他|大部分|大多数)(客户|人|用户)都[^,.!?]{{0,6}}(好好的|没问题|没事|挺好) | \bthat'?s (just )?how it is\b | \bnothing (i|we) can do\b
    | \bpolicy is policy\b | \bdeal with it\b | \btake it or leave it\b | (?:^|[.!?]\s*)(well,? |hey,? |eh,? )?it happens\b | \byou'?re overreacting\b | \bnot my (problem|job|department)\b | \bup to you\b | \bthat'?s (the|our) policy\b
    | \bif you don'?t like it\b | \bit is what it is\b | \bchill\b | \bno need to (get upset|panic|shout)\b | \bthese things happen\b | \bhappens all the time\b | \bminor (issue|thing)\b
    | 不用管它 | (先)?别操心 | 不是啥大事 | 啥大事 | 哪有不(卡|坏|出问题|出错)的 | 后面的事都好说 | 用(一)?段时间就知道了 | 不是故意的 | (可能|估计)(比较|太)?忙 | 没那么严重 | 想开点
    | \bdon'?t worry about (it|that|stuff|things)\b | \bpeople say all kinds\b | \bbasically never happens\b | \bon the bright side\b | \byou'?ll get used to it\b | \bit'?s nothing\b | \bhe'?s like that with everyone\b | \bdon'?t take it personally\b
    | \bthat'?s just (the way|how) (it|things) (is|are)\b | \bjust (ignore|restart) it\b | \bno biggie\b
    | (也|又)不是只有{YOU} | 又没人(逼|强迫|拦着) | 可以不买 | 有时候就是(会)?这样 | 至于(这么|那么)(生气|激动|着急)?(吗|嘛)? | 都有个过程 | 等(一)?会(儿)?就好 | 没得谈 | (又|也)不是(我们|我)一家 | (别|不要)(太)?较真 | 急也没用 | 再等等吧 | 不是我们能(控制|决定|管)的
    | 这有啥 | 不就(出来|行|好|可以)了(嘛)? | (很|挺|非常)常见的(事|情况) | 冷静(一点|点) | 大家都一样
    | \beverywhere'?s like (this|that)\b | \b(that )?happens sometimes\b | \bit'?ll sort itself out\b | \bjust how it works\b | \bsomeone will get to you\b | \bcomes with the territory\b | \bit'?ll settle\b | \bpart and parcel\b | \bwe can'?t really\b
    | \b\w+ happen with any\b | \bmight as well\b | \bmistakes happen\b | \bthat'?s life\b | \bwelcome to \w+\b
    | (很|挺)正常(的)?(?=[,.!]|$) | 谁也(预料|想|料)不到 | 谁也(控制|管|说)不了 | 多多理解 | 不承担[^,.!?]{{0,4}}责任 | 那就是(送到|到了|签收) | 没什么好担心
    | \bas you can see\b | \bwe do (them|it|everyone) in order\b | \b(totally|completely|perfectly) normal\b | \bnothing to worry about\b | \bright as rain\b | \bnot (really )?something we (control|can control|can do)\b | \bconspiracy theor\w*\b | \bonly so much\b | (?:^|[.!?]\s*)\w+s happen\b
    | 又不是只有{YOU} | 多接触接触就 | (狗狗|小孩|孩子)都(挺|很)?可爱 | 没什么好(担心|生气)的 | \bmost people don'?t even notice\b | \bdogs will be dogs\b | \b(kids|people) (usually )?get used to\b | \bplease calm down\b | \bstaying calm\b
    | (请您|请)(再)?耐心等(待|候)(一下)? | 敬请谅解 | 感谢您的理解与支持 | \bplease allow (additional|extra|more) time\b | \b(times|dates) are (only )?(estimates|approximate)\b | \b(part of )?our standard (process|procedure|practice)\b | \beveryone says that\b | 大家都这么说
    | \b(they|kids|parents|people|everyone|customers) all say that\b | \bthat'?s what they all say\b | (孩子|小孩|大家|家长|客户|人人)(都|全)(这么|这样)说
    """
)

SUBJECT_CHANGE = _rx(
    r"""
    顺便(说|问|提|介绍)(一下)? | 对了, | 另外(我们)?(还有|最近|现在) | 我们(最近|现在)(有|在做)(个|一个)?(新|活动|促销) | 新(品|款)(上市|到了) | 还有(个|一个)?(活动|新品)
    | \bby the way\b | \bon another note\b | \bspeaking of which\b | \bwhile i have you\b | \bhave you (seen|heard about|tried) our (new|latest)\b | \bwe also have (a|an) (new|great|special)\b
    | \bdid you (see|watch|catch) (the|that)\b | \bunrelated,? but\b
    """
)

# Questions.
QUESTION_END = re.compile(r"(\?|(吗|呢|么|嘛|没有|不)\s*[.~]?\s*$)")
CHECK = _rx(
    rf"""
    ({YOU}(看|觉得)(呢|怎么样|如何|行不行|可以吗|好吗|这样行吗|行吗|合适吗|成吗|ok吗)? | (这样|那)?(行吗|好吗|可以吗|行不行|好不好|可不可以|怎么样|如何|成吗|中不中|ok吗|没问题吧|满意吗|合适吗|同意吗)
       | (您|你)?(方便|同意|接受)(吗|不) | 对吧 | 是吧 | 好不)\s*\?*\s*$
    | ^\W*(how does that sound|does that (work|help|sound (ok|okay|good|fair|alright|right))|would that (work|help|be ok|be okay|suit)|is that (ok|okay|alright|fair|all right)|sound (good|ok|okay|fair)|ok|okay|alright|fair enough|deal|shall we|would you like (that|me to)|can i go ahead|want me to (go ahead|do that|book|set)|good|does that make sense|make sense|is that better|happy with that|works for you|is that something you'?d|would you be happy|any questions|anything else)\b.{{0,40}}\?\s*$
    """
)
LEADING = _rx(
    rf"""
    难道 | 怪谁 | 谁让 | 是不是(特别|很|超|非常)(好|有|漂亮|划算|值|棒|适合) | 这都不知道 | 凭什么 | 有什么(好|可)(说|担心|怕)的 | 不是(都|早)(说|告诉) | 能怪(谁|我们) | 还想(怎么|咋)样
    | \bwouldn'?t (now|it|that|this) be (better|smarter|wiser)\b | \bwhat did you expect\b | \bwhy didn'?t you\b | \bwhose fault\b | \bwho else\b
    | (不|没)(想|希望|愿意|在乎|关心)[^?]{{0,20}}(吗|么)\s*\?*$ | {YOU}(肯定|一定|总)(也)?(想|希望|不想|不愿意|不会)[^?]{{0,20}}(吧|吗)
    | 谁不(想|希望|愿意) | 哪个(人|父母|家长)不 | 不是吗\s*\?*$ | 对不对\s*\?*$ | 总不能[^?]{{0,20}}(吧|吗) | 不会(连|还)[^?]{{0,20}}(吧|吗)
    | \b(don'?t|wouldn'?t|won'?t|doesn'?t|can'?t|aren'?t|isn'?t|shouldn'?t) (you|it|they|we|that)\s*\?\s*$ | \bsurely you\b | \byou do want\b | \bwho (doesn'?t|wouldn'?t) want\b
    | \bwouldn'?t you (agree|say|want|rather|like)\b | \bdon'?t you (think|want|agree|care)\b | \bdo you really want\b | \bcan you (really )?afford (not|to lose)\b | \bwhat kind of (parent|person|mother|father)\b
    | \bisn'?t (it|that|your \w+) worth\b | \bwhy (wouldn'?t|would) you (not|risk|want to lose)\b | \bare you (really )?(willing|prepared) to (risk|let|lose)\b | \byou want \w+ (safe|protected),? (right|don'?t you)\b
    | \b(wouldn'?t|would|won'?t|will) you\?\s*$
    | \b(want|need|should|would|deserve|worth|safe|better|smart|afford)\b[^?]{{0,40}},\s*right\?\s*$
    """
)
PROBE = _rx(
    r"""
    为什么 | 为啥 | 咋(回事|了|会|说|想) | 怎么(会|了|回事|说|想|看) | 什么(原因|问题|情况|地方|方面|时候|让|使) | 哪(个|些|里|方面|一块|一点|一方面|部分|款|家|天|次|种|位|年|儿) | 具体 | 主要 | 担心 | 顾虑 | 在意 | 考虑 | 原因
    | 多少 | 多久 | 多大 | 多长 | 几(个|次|点|号|天|位|年|岁|口|人|台|件|月) | 是不是 | 有没有 | 能不能 | 会不会 | 还是 | 平时 | 一般 | 现在(用|在|是) | 之前 | 目前 | 预算 | 需求 | 打算 | 想要 | 比较 | 对比 | 家里 | 孩子 | 订单 | 什么时候 | 哪天 | 型号
    | \bwhy\b | \bwhat (makes|made|part|worries|concerns|would|matters|are you|is it|did|do you|was|kind|sort|type|exactly|specifically|happened|else|about|if)\b | \bwhich\b | \bhow (much|many|long|often|old|big|do you|did|are you|is|was|come|soon)\b | \bwhen\b | \bwhere\b | \bwho\b
    | \bdo you (use|need|have|know|mean|currently|usually|mostly|plan|want|prefer|mind)\b | \bare you (using|comparing|looking|worried|concerned|planning|thinking)\b | \bhave you (had|tried|been|got|seen|compared|used)\b | \bis it (the|more|mainly|mostly|that)\b | \bwas it\b | \bor\b
    | \bcould you (tell|say|walk|share|send|give)\b | \bcan you (tell|say|walk|share|send|give)\b | \bmay i ask\b | \bcan i ask\b | \btell me (more|about|what)\b | \bhelp me understand\b
    | \bbudget\b | \bcompar\w* | \bcurrently\b | \busually\b | \bconcern\w* | \bworr\w* | \breason\b | \bmain\b | \bbiggest\b | \border (number|no)\b | \breference\b
    """
)
SMALL_TALK = _rx(
    r"""
    (喜欢|最爱)(什么|哪种)?(颜色|运动|电影|明星|歌|动物|季节|食物|菜) | 天气 | 周末(去|干|有) | 吃(饭|了)(了)?吗 | 星座 | 属什么 | 老家(是)?哪 | 看(球|比赛|电视剧)了吗 | 放假 | 旅游(去)?过
    | 哪儿买的 | (外套|衣服|包包?|鞋|发型)[^,.!?]{0,4}(挺|真|很)?(好看|漂亮) | 去哪(儿)?玩 | 周末 | 暑假 | 寒假 | 假期 | 出去玩 | 中考 | 高考 | 茶餐厅 | 好吃的 | 住(在)?这附近 | 哪里人
    | \bgoing anywhere nice\b | \bthis summer\b | \b(summer|holiday) plans\b | \bthe game last night\b | \bcatch the (game|match)\b | \bbeen anywhere nice\b | \bwhere do you live\b | \bnice weather\b
    | 电视剧 | 综艺 | 球队 | 兴趣爱好 | 气色(真|很|挺)?好 | \b(off|going|been) anywhere nice\b | 爱好是 | \bfavou?rite\b | \b(football|soccer|cricket|basketball|baseball|tv shows?|netflix|hobby|hobbies)\b | \bweather\b | \bweekend (plans)?\b | \bholiday\b | \bvacation\b | \bdid you (see|watch|catch) the (game|match|news|show)\b
    | \bhow('?s| is| was) your (day|weekend|morning)\b | \bstar sign\b | \bdo you like (football|cats|dogs|music|movies|coffee)\b | \bwhere are you from\b | \bany (pets|kids' names)\b
    """
)
OFFER = _rx(
    r"""
    要不要 | 想不想(试|看) | 我(带|帮|幫|给|給)(您|你)[^?？]{0,14}\?$ | 先[^?？]{0,10}(试|試|看)[^?？]{0,6}\?$ | (试试|試試|看看|对比下|比比|摸摸|坐坐)(吧)?\?$ | 我(帮|给)(您|你)[^?？]{0,10}(吧|好吗|行吗) | (您|你)(要|想)(试|看)(试|看|一下) | 给(您|你)(拿|包|开|约)
    | \bwhich (would|do) you prefer\b | \b(want (me )?to|shall i|shall we|would you like|do you want (me )?to|need me to|can i (show|get|book|send|grab|put|bring)|should i (go ahead|book|send|put)|fancy|how about (i|we))\b
    | \bwant to (see|try|feel|have a look|give it a go)\b
    """
)
"""A question that offers something rather than asking about the customer."""

PIVOT = _rx(
    r"""
    考虑得怎么样 | 考虑的怎么样 | 要不要(看看|了解)(一下)?我们(的)?(新|最近|其他|别的) | 顺便(看看|了解) | 有没有兴趣(看看|了解) | 续费的事 | 办(张|个)(卡|会员)
    | 新用户 | 注册送 | \bdid you know\b | \bare you on our\b | 金卡会员 | 办卡 | 积分翻倍 | 打个?五星 | 好评 | 满意度调查 | 新出的 | 新款 | 现在买还送
    | \bhave you (thought about|considered) upgrading\b | \bthe new model'?s (just )?(come in|arrived)\b | \bhave you seen the new\b | \bpresale\b | \brooftop bar\b | \bhappy hour\b | \bwhile i'?ve got you\b | \bcan i tell you about\b
    | \b(can|could|may) i (also )?interest you in\b | \bhave you (seen|heard about|considered|tried) our (new|latest|other)\b | \bwhile you'?re here\b
    | \bwould you (also )?like to (hear|see|try) (about )?our (new|latest|other)\b | \bhave you thought (any more )?about (the|our) (upgrade|renewal|bundle)\b
    """
)
"""A pivot to selling something else: in answer to what the customer raised, a change of subject."""

BARE_CHECK_ZH = re.compile(r"^\W*(好吗|行吗|可以吗|对吧|是吧|怎么样|如何)\s*\?*$")


INTERROGATIVE = _rx(
    r"""
    什么 | 为什么 | 为啥 | 怎么 | 咋 | 哪 | 是不是 | 有没有 | 能不能 | 会不会 | 要不要 | 还是 | 多少 | 多久 | 几(个|次|点|号|天|位|年|岁|口|台|件|月)
    | ^\W*(what|why|which|how|when|where|who|whose|is|are|am|do|does|did|have|has|had|could|can|would|will|should|shall|may|was|were)\b
    | \b(curious|wondering|wonder) (what|why|how|whether|if|which|when)\b
    """
)
"""Words that make a sentence a question even when it has no question mark."""


def _questions(reading: Reading) -> Iterator[tuple[int, int]]:
    """Sentences of the reply that are questions, trimmed of leading space.

    A sentence is a question when it ends with a question mark or particle, or when it is
    built as one (什么原因没去成呢 时间不合适还是…; "just curious what's behind that")."""
    text = reading.text
    spans: list[tuple[int, int]] = []
    for start, end in reading.sentences:
        # Chinese written with spaces for commas: a particle before a space ends a question.
        cut = start
        for particle in re.finditer(r"(吗|呢)\s+", text[start:end]):
            spans.append((cut, start + particle.end()))
            cut = start + particle.end()
        spans.append((cut, end))
    for start, end in spans:
        piece = text[start:end]
        stripped = piece.rstrip(" .~\n")
        if not stripped.strip():
            continue
        asked = stripped.endswith("?") or (
            reading.language == "zh" and (re.search(r"(吗|么)$", stripped) or ne_asks(stripped))
        )
        if (
            not asked
            and not re.search(r"[.!。！]\s*$", piece)
            and INTERROGATIVE.search(stripped.strip())
        ):
            # Built as a question and left unpunctuated, as chat often is; not a plain statement of not knowing.
            asked = not re.search(r"(不知道|不清楚|不确定|don'?t know|not sure|no idea)", stripped)
        if asked:
            lead = len(piece) - len(piece.lstrip())
            yield start + lead, start + len(stripped)


def ne_asks(sentence: str) -> bool:
    """Whether a sentence ending in 呢 asks something: 您呢 / 价格方面呢 / 什么时候方便呢 do,
    好几万的事呢 (emphasis) does not."""
    if not sentence.endswith("呢"):
        return False
    last = re.split(r"[,;:]", sentence[:-1])[-1].strip()
    return len(re.findall(r"[\u4e00-\u9fff]", last)) <= 4 or bool(INTERROGATIVE.search(last))


QuestionKind = str

TRAINEE_ACTS = re.compile(r"我|咱|\b(i|we|i'?ll|we'?ll|i'?d|we'?d|let me|let us)\b")
"""The trainee as the one acting: in an if-clause question, a proposal rather than a probe."""
CLAUSE_CONDITION = re.compile(
    r"(?:^|[,.;:!?]\s*)\W*(?:那么|那|不过|但是|可是|但|(?:so|then|but|and),?\s)?\s*"
    r"(?P<word>如果|要是|假如|假设|若是|倘若|\bwhat if\b|\bif\b|\bsuppose\b|\bimagine\b)"
)
"""A conditional that opens a clause ("…, but if you…", "不过要是…"), not one inside an offer
("we pay you if it falls short"): the "if" of yes…if."""
WH_PROBE = re.compile(
    r"什么|啥|哪|为什么|为啥|多少|多久|\b(what|which|why|how (much|many|long)|when|where|who)\b"
)


PURPOSE = _rx(
    r"""
    \s*(that'?ll|that will|it'?ll|this will|that) (tell|show|help) (me|us)\b | \s*(so|then) (i|we) (can|know|'?ll know)\b | \s*(i'?m|i am) asking (because|so)\b
    | \s*(这样|那)?我(就|才)?(好|能|可以|知道|清楚)(帮|给|判断|推荐|安排|知道) | \s*我问(这个)?是(因为|想) | \s*(这样|那样)(好|才能|就能)
    """
)
"""What a reply says right after a question to tie it to the customer's point."""


def question_kind(reading: Reading, start: int, end: int, previous: str | None) -> QuestionKind:
    """Classify one question: ask_reason, ask_check, ask_leading or ask_off_topic.

    `previous` is the kind of the question before it in the same reply, if any: a question
    that follows a probe without a probe word of its own ("…? Like redness?") carries it on.
    """
    text = reading.text
    # Only the question's last clause is asked; what comes before it is often an offer.
    clause_start = max((s for s, _ in reading.clauses if start <= s < end), default=start)
    question = text[start:end]
    tail = text[clause_start:end].strip()
    if LEADING.search(question):
        return "ask_leading"
    condition = next(
        (
            start + m.end()
            for m in CLAUSE_CONDITION.finditer(question)
            if start + m.end() < clause_start and not POLITE_IF.match(question, m.start("word"))
        ),
        None,
    )
    if (
        condition is not None
        and TRAINEE_ACTS.search(text[condition:end])
        and not WH_PROBE.search(tail)
        and not WH_PROBE.search(text[start:condition])
    ):
        # "如果我把报告给您，是不是就清楚了？", "If I show you the plan, would that help?":
        # a proposal with a check on it, the "如果" of yes…if, not a question about the reason.
        return "ask_check"
    if (
        CHECK.search(tail)
        and TRAINEE_ACTS.search(text[start:clause_start])
        and not WH_PROBE.search(tail)
    ):
        # "…周末我上门讲清楚，您看行吗？": the offer before the check is not small talk.
        return "ask_check"
    if (
        (SMALL_TALK.search(question) or PIVOT.search(question))
        and not reading.on_topic(start, end)
        and previous != "ask_reason"  # "多久来一次？是周末大采购，还是…？" narrows the probe
        and not PURPOSE.match(text, end)  # "…on holiday? That'll tell me whether…"
    ):
        return "ask_off_topic"
    if CHECK.search(tail) or CHECK.search(question.strip()):
        # "Is it the price or the cover?" is a probe even though it ends like a check.
        if not re.search(r"还是|\bor\b|为什么|为啥|\bwhy\b|哪|\bwhich\b", tail):
            return "ask_check"
    if OFFER.search(question) and not PROBE.search(tail):
        # An offer put as a question ("要不要试试?", "want to see it?") checks rather than probes.
        return "ask_check"
    return "ask_reason"


@detector("acknowledge")
def _acknowledge(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, ACKNOWLEDGE, words=True))


@detector("empathise")
def _empathise(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, EMPATHISE))


@detector("apologise")
def _apologise(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, APOLOGISE))


@detector("own_fault")
def _own_fault(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, OWN_FAULT, masked=True))


@detector("concede_drawback")
def _concede(reading: Reading) -> Iterator[Found]:
    for start, end, _ in _matches(reading, CONCEDE):
        # "It does" answering "it doesn't" contradicts the customer; it concedes nothing.
        phrase = reading.text[start:end]
        if phrase.startswith(("it does", "it is")) and re.search(
            r"n'?t|\bnot\b|不|没", reading.objection
        ):
            continue
        yield start, end, None
        return
    # "I can't cut the licence 30%, but I can include the migration": the refusal, offset by
    # what comes after the "but", concedes the drawback.
    for match in REFUSAL.finditer(reading.text):
        _, sentence_end = reading.sentence_of(match.start())
        after = reading.text[match.end() : sentence_end]
        turn = CONTRAST.search(after)
        if (turn and BENEFIT.search(after, turn.end())) or (turn and OFFER_AFTER.search(after)):
            yield match.start(), match.end(), None
            return


OFFER_AFTER = _rx(
    r"""
    \b(i|we)\s+(can|could|will|'ll|do|would)\b | \b(we|i)\s+(include|add|throw|give|offer|cover)\b
    | (我们|我)(可以|能|会|给|送|帮|包)
    """
)
"""What the seller will do instead, after a refusal."""


NUMBER = re.compile(
    r"(\d+(?:[.,]\d+)*\s*(%|元|块|年|个月|月|天|周|小时|分钟|次|倍|折|万|千|百|km|公里|kg|\$|percent|years?|months?|weeks?|days?|hours?|minutes?|times|x)?"
    r"|百分之[零一二两三四五六七八九十百千]+|[$£€¥]\s*\d+|[一二两三四五六七八九十百千万半]+(个)?(年|个月|月|天|周|小时|分钟|次|倍|成|折|块|元|万|点|份|瓶|号)|[一二两三四五六七八九]百[一二两三四五六七八九十]?"
    r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|hundred|half|double|twice)\b\s*\w*)"
)


def _detail_near(reading: Reading, start: int, end: int) -> str | None:
    """A figure in the clause around a span, if there is one: what a benefit or remedy amounts to."""
    clause_start, clause_end = reading.clause_of(start)
    sentence_start, sentence_end = reading.sentence_of(start)
    for lo, hi in ((clause_start, clause_end), (sentence_start, sentence_end)):
        match = NUMBER.search(reading.text, lo, hi)
        if match:
            return match.group().strip()
    return None


@detector("offer_benefit")
def _benefit(reading: Reading) -> Iterator[Found]:
    for start, end, _ in _matches(reading, BENEFIT):
        yield start, end, _detail_near(reading, start, end)
        return


@detector("reframe")
def _reframe(reading: Reading) -> Iterator[Found]:
    for found in _matches(reading, REFRAME, negatable=False):
        yield found
        return
    # The customer's own point given back as the reason: "young? then cover is cheapest now".
    causal = re.compile(
        r"(所以|才|反而|正好|恰好|更(需要|应该|要|适合|值得)|\bthat'?s why\b|\bso (you|it|that'?s)\b|\bwhich (is|means)\b|\bexactly\b|\bprecisely\b|\bmore reason\b|\bmatters (more|most)\b)"
    )
    for index, (start, end) in enumerate(reading.clauses):
        if not reading.on_topic(start, end):
            continue
        following = reading.clauses[index + 1] if index + 1 < len(reading.clauses) else (end, end)
        for lo, hi in ((start, end), following):
            match = causal.search(reading.text, lo, hi)
            if (
                match
                and reading.text[match.start() : match.end()]
                and not QUESTION_END.search(reading.text[lo:hi])
            ):
                yield start, end, None
                return


@detector("correct_fact")
def _correct(reading: Reading) -> Iterator[Found]:
    for found in _matches(reading, CORRECT, negatable=False):
        yield found
        return
    stated = _objection_measures(reading.objection)
    if stated:
        for start, end in reading.clauses:
            if other_figure(reading.text[start:end], stated) and reading.on_topic(start, end):
                yield start, end, None
                return


@cache
def _objection_measures(said: str) -> frozenset[tuple[float, str]]:
    return frozenset(measures(said))


@detector("cite_source")
def _source(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, SOURCE, negatable=False))


@detector("propose_remedy")
def _remedy(reading: Reading) -> Iterator[Found]:
    for start, end, _ in _matches(reading, REMEDY):
        clause = reading.text[start : reading.clause_of(start)[1]]
        if re.search(r"pass (it|that) on|反馈给|记录下来|check with my manager|请示", clause):
            continue
        yield start, end, _detail_near(reading, start, end)
        return


@detector("commit_followup")
def _followup(reading: Reading) -> Iterator[Found]:
    for start, end, _ in _matches(reading, FOLLOWUP):
        sentence_start, sentence_end = reading.sentence_of(start)
        when = WHEN.search(reading.text, sentence_start, sentence_end)
        yield start, end, when.group().strip() if when else None
        return


@detector("steer_back")
def _steer(reading: Reading) -> Iterator[Found]:
    for start, end, _ in _matches(reading, STEER, words=True):
        # "我先看一下您的订单" is handling the case, not steering away from an aside.
        if re.search(
            r"(订单|记录|系统|单号|查)", reading.text[start : reading.clause_of(start)[1]]
        ):
            continue
        yield start, end, None
        return


@detector("blame_customer")
def _blame(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, BLAME, masked=True))


@detector("contradict_flat")
def _contradict(reading: Reading) -> Iterator[Found]:
    for start, end, _ in _matches(reading, CONTRADICT, masked=True, negatable=False):
        clause_start, _ = reading.clause_of(start)
        before = reading.text[clause_start:start]
        # "不是您的错" and "not your fault" side with the customer; they contradict nothing.
        after = reading.text[end : end + 8]
        if re.search(r"^(的)?(您|你)?(的)?(错|问题|责任)|^\s*(your|you)", after):
            continue
        if re.search(r"(不是|并非|\bnot\b|n't)(我)?\s*$", before):
            continue
        if CONDITIONAL.search(before):
            continue  # "if it's wrong, we'll sort it" supposes; it contradicts nothing
        if MILD_DENIAL.match(reading.text[start:end]) and _evidenced(reading):
            # "不是的，这一百二是昨晚的送餐，单子在这儿" corrects with the evidence in hand.
            continue
        yield start, end, None
        return


MILD_DENIAL = re.compile(r"^\W*(不是(的)?|没有|no|nope)\W*$")
"""A plain "no" at the head of a reply: a flat contradiction only when nothing backs it."""


CONDITIONAL = re.compile(r"\b(if|whether|unless|in case)\b|如果|要是|假如|万一|若是")
"""A clause that supposes rather than asserts."""

EVIDENCE_AT_HAND = _rx(
    r"""
    单子|小票|明细|凭证|您(可以)?(看|瞧)(一下|一眼|看)|(就)?在这(儿|里)|给您看
    | \b(have|take) a (look|peek)\b | \byou can see\b | \bsee for yourself\b | \blook (underneath|closely|inside|at the)\b | \bshow you\b
    """
)
"""Evidence offered there and then: a receipt in hand, a look at the thing itself."""


def _evidenced(reading: Reading) -> bool:
    """Whether the reply backs what it says with a figure or a checkable source."""
    return (
        NUMBER.search(reading.text) is not None
        or EVIDENCE_AT_HAND.search(reading.text) is not None
        or any(_matches(reading, SOURCE, negatable=False))
    )


@detector("condescend")
def _condescend(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, CONDESCEND, masked=True))


@detector("promise_absolute")
def _absolute(reading: Reading) -> Iterator[Found]:
    for start, end, _ in _matches(reading, ABSOLUTE, masked=True):
        sentence_start, _ = reading.sentence_of(start)
        if SELF_NEGATION_EN.search(reading.text, sentence_start, start + 1):
            continue
        if HONEST_LIMIT_ZH.search(reading.text[sentence_start:start]):
            continue
        phrase, before = (
            reading.text[start:end],
            reading.text[max(sentence_start, start - 12) : start],
        )
        if CONDITIONAL.search(before):
            continue  # "if it never breaks, you've paid for peace of mind" supposes
        if phrase == "for sure" and re.search(r"(that'?s|that is|one thing'?s)\s*$", before):
            continue  # "we're not short of rain, that's for sure!" agrees; it promises nothing
        if phrase.startswith("哪") and re.match(FEELING, reading.text[end : end + 4]):
            continue  # "哪个家长都不乐意" speaks for the customer's feeling
        yield start, end, None
        return


FEELING = r"(乐意|高兴|愿意|喜欢|舒服|满意|放心|好受|想|开心|痛快)"


@detector("jargon")
def _jargon(reading: Reading) -> Iterator[Found]:
    original = reading.norm.original
    for match in JARGON_TERMS.finditer(reading.text):
        start, end = match.start(), match.end()
        if everyday_acronym(match.group()):
            continue
        if EXPLAINED.match(reading.text[end : end + 24]):
            continue
        # A term the customer used first is their own word.
        if match.group().strip() in reading.objection:
            continue
        yield start, end, None
        return
    # An unexplained acronym in capitals that is not an everyday one.
    for match in ACRONYM.finditer(original):
        word = match.group().rstrip("s")
        if everyday_acronym(word):
            continue
        a, b = _normalised_span(reading.norm, match.start(), match.end())
        if a >= b or EXPLAINED.match(reading.text[b : b + 24]) or word.lower() in reading.objection:
            continue
        yield a, b, None
        return


ACRONYM = re.compile(
    r"(?<![A-Za-z0-9])[A-Z][A-Z0-9+]{1,5}(?:-[A-Z0-9]{1,4})?s?(?![A-Za-z0-9+])(?! ?\d[A-Z]{2}\b)"  # not SW4 7AJ
)
"""A capitalised acronym, in English or inside Chinese text (DTI超标)."""

EVERYDAY_ACRONYMS = frozenset(
    " ".join(
        (
            # Files a customer saves, opens and sends.
            "PDF CSV XLS XLSX DOC DOCX TXT JPG JPEG PNG GIF HEIC MP3 MP4 MOV ZIP",
            # Devices, connections and payments on a phone or in a shop.
            "TV PC USB SMS MMS GPS WIFI WI-FI WLAN SIM PIN QR NFC ATM APP IOS LED LCD OLED DVD CD",
            "HD UHD 4K HDMI SSD 5G 4G 3G LTE 3C 3D UV AC ID VIP POS",
            # Everyday words of life and work.
            "OK FAQ DIY CEO IT HR VAT ASAP FYI BTW LOL OMG TBH IMO IDK PS AM PM ETA RSVP SOS",
            "AI NHS GP ER ICU MRI DM SUV BMW MOT AAA BBQ XL XS UK US USA EU NO",
            # Units and currencies written on a price tag or a label.
            "KM KG CM MM ML KWH MPH USD RMB GBP EUR HKD",
        )
    ).split()
)
"""Acronyms an ordinary customer knows, by kind: not jargon. What a specialist uses (KPI, SLA,
RPO, API, CRM, ROI…) is not here, and is jargon unless the customer used it first."""


def everyday_acronym(word: str) -> bool:
    """Whether an acronym as written (PDF, Wi-Fi, WI-FI) is one a customer knows, or a variant of
    one (USB-C)."""
    word = word.upper()
    return any(
        form in EVERYDAY_ACRONYMS for form in (word, word.replace("-", ""), word.split("-")[0])
    )


def _normalised_span(norm: Normalised, start: int, end: int) -> tuple[int, int]:
    """The normalised span covering an original span."""
    indices = [i for i, source in enumerate(norm.origin) if start <= source < end]
    return (indices[0], indices[-1] + 1) if indices else (0, 0)


@detector("disparage_competitor")
def _competitor(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, COMPETITOR, masked=True))


@detector("self_praise")
def _self_praise(reading: Reading) -> Iterator[Found]:
    yield from _first(_matches(reading, SELF_PRAISE, masked=True))


@detector("pressure_close")
def _pressure(reading: Reading) -> Iterator[Found]:
    # "if you don't lock it in now" is still a push: the negation is part of the threat,
    # unless it takes the push back ("no need to decide now").
    for start, end, _ in _matches(reading, PRESSURE, masked=True, negatable=False):
        if re.search(
            r"(no need to|don'?t have to|no rush|no pressure|不用|不必|不急|不着急)\W*$",
            reading.text[max(0, start - 16) : start],
        ):
            continue
        if re.search(
            r"(都|也)?一样|不用(着)?急|不着急|不急|\bno (rush|pressure|hurry)\b|\bsame price\b",
            reading.text[start : reading.sentence_of(start)[1]],
        ):
            continue  # "今天签和过两天签价格都一样，您不用着急" takes the push away
        yield start, end, None
        return


@detector("change_subject")
def _change_subject(reading: Reading) -> Iterator[Found]:
    for start, end, _ in _matches(reading, PIVOT, negatable=False):
        if _follows_own_probe(reading, start):
            continue  # "要是样式的问题，库房里还有新款": answering the question it asked
        yield start, end, None
        return
    for start, _end, _ in _matches(reading, SUBJECT_CHANGE, negatable=False):
        sentence = reading.sentence_of(start)
        if not reading.on_topic(*sentence):
            yield start, sentence[1], None
            return


def _follows_own_probe(reading: Reading, start: int) -> bool:
    """Whether the sentence at `start` picks up a topic of a question the reply asked before it."""
    sentence = reading.sentence_of(start)
    said = topic_units(reading.text[sentence[0] : sentence[1]])
    for q_start, q_end in _questions(reading):
        if q_end > sentence[0]:
            break
        if said & topic_units(reading.text[q_start:q_end]):
            return True
    return False


DISMISSIVE_MOVE = "dismiss"
"""Not a labelled move: the dismissive flag is read straight from its phrasing."""


def dismissive_spans(reading: Reading) -> list[tuple[int, int]]:
    """Where the reply brushes the customer's concern aside."""
    out = []
    for start, end, _ in _matches(reading, DISMISS, masked=True):
        before = reading.text[max(0, start - 6) : start]
        # "看不懂很正常" sides with the customer: it is empathy, not a brush-off.
        if re.search(
            r"(看不懂|不明白|搞不清|担心|着急|生气|顾虑|犹豫|不放心|纠结)(也)?(是)?$", before
        ):
            continue
        phrase = reading.text[start:end]
        clause_start, _ = reading.clause_of(start)
        clause = reading.text[clause_start:start]
        if "正常" in phrase and re.search(FEELS, clause):
            continue  # "您会怀疑很正常", "看着头疼很正常": the customer's feeling, not the fault
        if phrase == "改不了" and re.search(r"(他|她|孩子|别人|谁)(都|也)?$", clause):
            continue  # "他改不了": a safeguard the customer gets, not a refusal
        if phrase.startswith("welcome to") and re.search(
            r"(you'?re|you are|you'?d be)\s*$", clause
        ):
            continue  # "you're welcome to ring the merchant and check": an invitation
        out.append((start, end))
    return out


FEELS = (
    r"(怀疑|疑问|疑虑|担心|顾虑|有意见|不舒服|不放心|谨慎|生气|着急|犹豫|这么想|觉得|头疼|困惑|不满)"
    r"|(看着|听着|用着)[^,.!?]{0,3}(头疼|头大|累|烦|费劲|懵)"
)
"""A feeling of the customer's, which "很正常" can side with."""


def detect(reading: Reading) -> list[tuple[MoveId, int, int, str | None]]:
    """Every move of a reply, in normalised offsets, in reply order."""
    found: list[tuple[MoveId, int, int, str | None]] = []
    for move_id, function in DETECTORS.items():
        for start, end, detail in function(reading):
            found.append((move_id, start, end, detail))
    previous: str | None = None
    for start, end in _questions(reading):
        kind = question_kind(reading, start, end, previous)
        previous = kind
        if kind == "ask_check":
            # The check is the closing clause, not the offer before it.
            start = max((s for s, _ in reading.clauses if start <= s < end), default=start)
            start += len(reading.text[start:end]) - len(reading.text[start:end].lstrip())
        found.append((kind, start, end, None))  # type: ignore[arg-type]
    found.sort(key=lambda item: (item[1], list(MOVES).index(item[0])))
    return found


def moves_of(reading: Reading) -> tuple[Move, ...]:
    """The reply's moves as values, with spans in the reply as given."""
    norm = reading.norm
    out: list[Move] = []
    seen: set[tuple[str, int]] = set()
    for move_id, start, end, detail in detect(reading):
        a, b = _readable(norm, start, end)
        if a >= b or (move_id, a) in seen:
            continue
        seen.add((move_id, a))
        out.append(Move(move_id, a, b, norm.original[a:b], detail))
    return tuple(out)


def _readable(norm: Normalised, start: int, end: int) -> tuple[int, int]:
    """A normalised span mapped onto the original reply, trimmed of space and edge punctuation."""
    a, b = norm.span(start, end)
    original = norm.original
    while a < b and not (original[a].isalnum() or original[a] in "#$£€¥"):
        a += 1
    while b > a and not original[b - 1].isalnum() and original[b - 1] not in "?？%":
        b -= 1
    return a, b
