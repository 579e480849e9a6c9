"""Tests for move detection: what a reply does, with spans, negation, quotation, 您/你 and colloquial forms."""

from __future__ import annotations

import pytest

from scoring import FLAGS, MOVES, STEPS, Context, TurnSpec, classify, score_turn
from scoring.moves import moves_of, read
from scoring.text import detect_language, normalise


def _moves(reply: str, objection: str, kind: str = "objection") -> set[str]:
    norm = normalise(reply)
    reading = read(norm, detect_language(norm.text), objection, kind)  # type: ignore[arg-type]
    return {move.id for move in moves_of(reading)}


@pytest.mark.parametrize(
    ("reply", "objection", "present", "absent"),
    [
        (
            "What's your favourite colour?",
            "Your quote is 30% higher.",
            {"ask_off_topic"},
            {"ask_reason"},
        ),  # A question about nothing related
        (
            "真的很抱歉，花盆我照原价赔您，明天就给您送过去，您看行吗？",
            "你们工人把我阳台的花盆打碎了",
            {"apologise", "propose_remedy", "ask_check"},
            {"ask_reason"},
        ),  # A closing check is not a probe
        (
            "说明书上写得清清楚楚，您自己没看清楚怪谁呢",
            "这个功能根本用不了",
            {"blame_customer"},
            {"ask_reason"},
        ),  # 您 blame, rhetorical question
        ("那是你姐自己没看清条款", "我姐说你们骗人", {"blame_customer"}, set()),  # 你 blame
        (
            "花盆本来就不该放阳台边上，不能全怪我们吧",
            "你们工人把花盆打碎了",
            {"blame_customer"},
            {"own_fault"},
        ),  # Blame without the word
        (
            "As I mentioned before, it's all explained in the FAQ.",
            "How do I reset the router?",
            {"blame_customer"},
            set(),
        ),  # Polite blame
        (
            "Wrong. That's a myth and you've fallen for it.",
            "Electric cars catch fire all the time.",
            {"contradict_flat"},
            set(),
        ),  # Flat contradiction
        (
            "不是你的错，是我们系统的问题，我马上给你退款。",
            "为什么扣了我两次钱",
            {"own_fault", "propose_remedy"},
            {"blame_customer", "contradict_flat"},
        ),  # Negated blame is ownership
        (
            "I can't promise it'll never break down, but the warranty covers five years.",
            "Will it break?",
            {"offer_benefit"},
            {"promise_absolute"},
        ),  # An honest negation
        (
            "降噪效果不是绝对的，地铁里能降低大部分噪音。",
            "降噪真的有用吗",
            set(),
            {"promise_absolute"},
        ),  # 不是绝对的
        (
            "看不懂很正常，这个条款确实写得绕，我给您逐条讲一下。",
            "这合同我看不懂",
            {"empathise"},
            {"condescend", "blame_customer"},
        ),  # Empathy that looks risky
        ("能说说您主要担心啥吗？", "我再考虑考虑", {"ask_reason"}, set()),  # 啥
        ("您这么说就不对了", "你们就是骗钱", {"contradict_flat"}, set()),  # 不对 as a word
        ("我先看一下您的订单", "快递三天没到", set(), {"steer_back"}),  # Handling, not steering
        (
            "Sign today or lose the discount.",
            "I need to think about it.",
            {"pressure_close"},
            set(),
        ),  # Pressure
        (
            "Their stuff is cheap junk that falls apart.",
            "The other shop is cheaper.",
            {"disparage_competitor"},
            set(),
        ),  # Runs down a competitor
        (
            "对不起，我明天下午三点前给您回电话。",
            "你们一直没人理我",
            {"apologise", "commit_followup"},
            set(),
        ),  # Follow-up with a when
        (
            '您说"太贵了"，我理解，那您是跟哪款比的呢？',
            "太贵了",
            {"ask_reason"},
            {"contradict_flat"},
        ),  # Quoting the customer
        (
            "考虑一下是应该的，好几万的事呢。",
            "我再考虑考虑吧。",
            {"acknowledge"},
            {"ask_reason", "ask_check"},
        ),  # 呢 for emphasis asks nothing
        ("价格方面呢？", "我再考虑考虑吧。", {"ask_reason"}, set()),  # a short 呢 question does
        (
            "您关心甲醛太应该了。如果我把检测报告给您，编号您自己上网查，是不是就清楚了？",
            "你们的板子甲醛超标。",
            {"acknowledge", "ask_check"},
            {"ask_reason"},
        ),  # if-I-do-X question: a proposal with a check, not a probe
        (
            "If I show you the plan we'd make for him, you could judge for yourself, couldn't you?",
            "These centres just drill kids for tests.",
            set(),
            {"ask_reason"},
        ),
        (
            "Why is that, if you don't mind me asking, is it the support or whether we'll be around?",
            "I don't trust small companies.",
            {"ask_reason"},
            {"ask_check"},
        ),  # a courtesy "if" after a why keeps the probe
        (
            "跟家里商量是对的。如果您爱人方便，周末我上门讲清楚，您看行吗？",
            "我回去跟我老公商量一下吧。",
            {"acknowledge", "ask_check"},
            {"ask_off_topic"},
        ),  # 周末 inside an offer is not small talk
        (
            "今天签和过两天签价格都一样，您不用着急。",
            "我再考虑考虑吧。",
            set(),
            {"pressure_close"},
        ),  # takes the push away
        (
            "碰到这种事谁都会不舒服。不过要是投保前我们把情况写清楚，您是不是会放心点？",
            "我姐买了保险一分钱没赔。",
            {"empathise"},
            {"blame_customer"},
        ),  # 放心 is not 放 (where it was put)
        (
            "The first plate was our failure, I admit it. To make up for it, dessert is on us.",
            "This has walnuts on it.",
            {"own_fault", "offer_benefit"},
            set(),
        ),
        (
            "Kids do need to practise though, he doesn't really hate it, they all say that.",
            "My kid already hates homework.",
            {"contradict_flat"},
            set(),
        ),  # telling a parent what their child really feels
    ],
)
def test_moves_are_read_from_what_the_reply_does(
    reply: str, objection: str, present: set[str], absent: set[str]
) -> None:
    found = _moves(reply, objection)
    assert present <= found, found
    assert not absent & found, found


def test_move_spans_point_into_the_original_reply() -> None:
    reply = "對不起，是我們的失誤。明天上午給您換新的，換好後再給您打電話確認。"
    result = classify(reply, Context(objection="你們送錯貨了"))
    assert {"apologise", "own_fault", "propose_remedy", "commit_followup"} <= {
        move.id for move in result.moves
    }
    for move in result.moves:
        assert 0 <= move.start < move.end <= len(reply)
        assert reply[move.start : move.end] == move.text
    followup = next(move for move in result.moves if move.id == "commit_followup")
    assert followup.detail


def test_registry_kinds_have_their_attributes() -> None:
    assert set(MOVES) >= {
        "acknowledge",
        "ask_reason",
        "ask_check",
        "blame_customer",
        "change_subject",
    }
    assert {
        "arguing",
        "face_threat",
        "exaggeration",
        "dismissive",
        "jargon",
        "empty_apology",
        "off_topic",
        "pressure",
        "disparaging",
        "gaming",
    } == set(FLAGS)
    assert MOVES["blame_customer"].flag == "arguing" and MOVES["blame_customer"].effect == "cold"
    assert MOVES["empathise"].effect == "warm" and MOVES["empathise"].step == "listen_soothe"
    assert FLAGS["arguing"].serious and not FLAGS["jargon"].serious
    assert STEPS["propose"].carries_forward and not STEPS["apologise"].carries_forward
    for kind in FLAGS.values():
        assert kind.message("zh") and kind.message("en") and kind.tip("zh") and kind.tip("en")
    for move in MOVES.values():
        assert move.name("zh") and move.name("en")


PRICE = TurnSpec("Your quote is 30% higher than the other supplier's.", ("ask", "compensate"))


@pytest.mark.parametrize(
    "reply",
    [
        "What's your favourite colour?",  # A question about nothing
        "Precisely because I understand how you feel, but if we look at it, what makes you think that? Actually you're wrong, although it costs more it lasts longer. Haha anyway.",  # Cue stuffing
    ],
)
def test_substance_free_replies_score_low(reply: str) -> None:
    score = score_turn(reply, PRICE)
    assert score.total < 50
    assert score.classification.technique == "none" or score.flags


def test_a_plain_good_reply_beats_a_formula() -> None:
    plain = score_turn(
        "Fair, we're dearer on paper. Ours includes on-site support and next-day parts, which their quote charges extra for. Which of those would you actually use?",
        PRICE,
    )
    formula = score_turn(
        "I understand how you feel. Many customers felt the same, and what they found is that it is worth it. May I ask why you feel that way?",
        PRICE,
    )
    assert plain.total > formula.total


def test_a_closing_check_does_not_make_an_apology_ask() -> None:
    score = score_turn(
        "真的很抱歉，花盆我照原价赔您，明天就给您送过去，您看行吗？",
        TurnSpec("你们工人把我阳台的花盆打碎了", ("compensate",), kind="complaint"),
    )
    assert score.classification.technique != "ask"
    assert not {flag.id for flag in score.flags} & {"off_topic", "empty_apology"}


@pytest.mark.parametrize(
    ("reply", "objection", "flag"),
    [
        ("说明书上写得清清楚楚，您自己没看清楚怪谁呢", "这个功能根本用不了", "arguing"),  # 您-blame
        (
            "花盆本来就不该放阳台边上，不能全怪我们吧",
            "你们工人把花盆打碎了",
            "arguing",
        ),  # No keyword
        (
            "As I mentioned before, it's all explained in the FAQ.",
            "How do I reset it?",
            "arguing",
        ),  # Polite
        ("您是不是把日子记错了？系统里约的是周三。", "你们说好今天来装的", "arguing"),  # 记错
        (
            "I think you got the date wrong; the booking says Tuesday.",
            "Nobody turned up today.",
            "arguing",
        ),  # Polite, no blame word
        (
            "Wrong. That's a myth and you've fallen for it.",
            "EVs catch fire all the time.",
            "face_threat",
        ),  # Harsh
    ],
)
def test_blame_without_keywords_is_flagged(reply: str, objection: str, flag: str) -> None:
    assert flag in {item.id for item in score_turn(reply, TurnSpec(objection)).flags}


@pytest.mark.parametrize(
    ("reply", "objection"),
    [
        ("不是你的错，是我们系统的问题，我马上给你退款。", "为什么扣了我两次钱"),  # Owning it
        (
            "I can't promise it'll never break down, but the warranty covers five years.",
            "Will it break?",
        ),  # Honest
        (
            "降噪效果不是绝对的，地铁里能降低大部分噪音，您可以先试戴十分钟。",
            "降噪真的有用吗",
        ),  # Honest
        ("看不懂很正常，这个条款确实写得绕，我给您逐条讲一下。", "这合同我看不懂"),  # Empathy
        ("您有这个顾虑很正常，换我也会多问几句。这款的质保是三年，发票上写着。", "质量靠谱吗"),
        (
            "Not at all, it's real oak. Take a look at the underside and you'll see the grain.",
            "Is this table just veneer?",
        ),  # A denial backed by a look at the thing itself
        (
            "Send me the order number and I'll check the photo; if it's wrong, we'll redeliver.",
            "You never delivered my parcel.",
        ),  # "if it's wrong" supposes
        (
            "If it never needs a repair, you've paid $90 for peace of mind; plenty of people are fine with that.",
            "Is the extended warranty worth it?",
        ),  # A conditional never
        ("哪个老人家都不喜欢排队，我帮您约九点半，到了直接进。", "看个病要排这么久？"),  # Feeling
        ("他改不了设置，密码在您手机上。", "孩子会不会自己把限制关了？"),  # A safeguard
        (
            "Our failover RTO is 4 minutes and the RPO is under 60 seconds, per the DR test report.",
            "What's your RPO and RTO on failover?",
        ),  # An expert's terms to an expert
        (
            "That's rough, I'm sorry. I'll reprint the cards tonight and courier them first thing.",
            "The business cards came out blurry.",
        ),  # An apology with a remedy
    ],
)
def test_honest_negations_are_not_flagged(reply: str, objection: str) -> None:
    assert score_turn(reply, TurnSpec(objection)).flags == ()


@pytest.mark.parametrize(
    ("reply", "objection", "technique"),
    [
        (
            "换了我也会很生气。如果投保之前，我把哪些情况赔、哪些不赔一条条写清楚给您，您就不会再遇到这种事了。",
            "我姐买了保险，住院报销的时候一分钱没赔。",
            "yes_if",
        ),  # empathy opening the reply, then another view under an "if"
    ],
)
def test_yes_if_needs_an_if_that_opens_another_view(
    reply: str, objection: str, technique: str
) -> None:
    assert classify(reply, Context(objection=objection)).technique == technique


def test_an_if_inside_an_offer_is_not_yes_if() -> None:
    reply = "He's right to be careful. What we offer is a production guarantee in writing, and we pay you if it falls short."
    found = classify(reply, Context(objection="He thinks solar is basically a scam."))
    assert found.technique != "yes_if"
    assert not any(e.technique == "yes_if" and "if it" in e.text for e in found.evidence)


def test_a_brush_off_about_what_they_all_say_is_dismissive() -> None:
    turn = score_turn(
        "Kids do need to practise though, he doesn't really hate it, they all say that.",
        TurnSpec(objection="My kid already hates homework."),
    )
    assert {"arguing", "dismissive"} <= {flag.id for flag in turn.flags}


@pytest.mark.parametrize(
    ("reply", "objection", "present", "absent"),
    [
        (
            "I can't cut the licence 30%, but I can include the data migration, normally 6,000 "
            "dollars, and lock the price for three years.",
            "Your licence is 30% too expensive, cut it.",
            {"concede_drawback", "offer_benefit"},
            {"contradict_flat", "correct_fact"},
        ),
        (
            "We can't match that price, but we include installation and two years of servicing, "
            "worth about 900.",
            "The other shop is 900 cheaper.",
            {"concede_drawback", "offer_benefit"},
            {"contradict_flat", "correct_fact"},
        ),
        (
            "价格确实降不了，不过我们可以免费送您安装，再加两年保修，价值九百块。",
            "别家便宜九百块。",
            {"concede_drawback", "offer_benefit"},
            {"contradict_flat"},
        ),
        # A refusal with nothing offered in its place concedes nothing.
        (
            "I can't cut the licence 30%.",
            "Your licence is 30% too expensive.",
            set(),
            {"concede_drawback"},
        ),
    ],
)
def test_a_refusal_offset_by_an_offer_concedes_the_drawback(
    reply: str, objection: str, present: set[str], absent: set[str]
) -> None:
    found = _moves(reply, objection)
    assert present <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("reply", "objection"),
    [
        (
            "I can't cut the licence 30%, but I can include the data migration, normally 6,000 "
            "dollars, and lock the price for three years.",
            "Your licence is 30% too expensive, cut it.",
        ),
        (
            "We can't match that price, but we include installation and two years of servicing, "
            "worth about 900.",
            "The other shop is 900 cheaper.",
        ),
        (
            "价格确实降不了，不过我们可以免费送您安装，再加两年保修，价值九百块。",
            "别家便宜九百块。",
        ),
    ],
)
def test_a_refusal_followed_by_a_concrete_offset_is_compensate(reply: str, objection: str) -> None:
    assert classify(reply, Context(objection=objection)).technique == "compensate"


@pytest.mark.parametrize(
    "reply",
    [
        "You can export all your data in CSV whenever you like.",
        "I'll send you the PDF and an SMS with the GPS link.",
        "Plug it into any USB port or a USB-C one; it works over Wi-Fi or WI-FI too.",
        "Your VIP card and your ID work at any ATM.",
        "We send the invoice as a PDF or an XLS file, or by email as a JPG.",
        "下载我们的APP，用身份证ID登录就行，支持USB导出CSV。",
    ],
)
def test_everyday_acronyms_are_not_jargon(reply: str) -> None:
    assert "jargon" not in _moves(reply, "Is it hard to get started?")
    assert score_turn(reply, TurnSpec("Is it hard to get started?")).flags == ()


@pytest.mark.parametrize(
    ("reply", "objection"),
    [
        ("Your KPI dashboard shows CTR, CPC and ROAS at a glance.", "我就想知道广告有没有用。"),
        ("Our SLA covers it: the RPO is 15 minutes and the API retries.", "Will I lose my photos?"),
    ],
)
def test_specialist_acronyms_to_an_ordinary_customer_are_jargon(reply: str, objection: str) -> None:
    assert "jargon" in _moves(reply, objection)
    assert any(flag.id == "jargon" for flag in score_turn(reply, TurnSpec(objection)).flags)


def test_an_acronym_heavy_expert_answer_to_an_expert_is_not_gaming() -> None:
    reply = "Our failover RTO is 4 minutes and the RPO is under 60 seconds, per the DR test report; the SLA credits 10% if we miss it."
    score = score_turn(
        reply, TurnSpec("What's your RPO and RTO on failover, and what does the SLA say?")
    )
    assert not score.classification.gaming
    assert not {flag.id for flag in score.flags} & {"gaming", "jargon"}
