"""Tests for score_turn (breakdown, flags, tips, gaming) and detect_steps."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scoring import Discouraged, Exemplar, TurnSpec, detect_steps, score_turn

PRICE_EN = TurnSpec(
    objection="It's too expensive.",
    recommended=("compensate", "yes_if", "ask"),
    discouraged=(Discouraged("rebuttal", "Price is an opinion, not a factual error."),),
    model_answers=(
        Exemplar(
            "Yes, it costs more, but it lasts three times as long, so it's cheaper per year.",
            "compensate",
            "t",
        ),
        Exemplar("What are you comparing it with?", "ask", "t"),
    ),
    lang="en",
)
PRICE_ZH = TurnSpec(
    objection="太贵了",
    recommended=("compensate", "yes_if", "ask"),
    discouraged=(Discouraged("rebuttal", "价格是看法，不是事实错误。"),),
    model_answers=(Exemplar("是贵一些，但是能用十年，算下来每年更省。", "compensate", "t"),),
    lang="zh",
)
LATE_EN = TurnSpec(
    objection="My parcel is three days late.",
    recommended=("compensate", "ask"),
    kind="complaint",
    lang="en",
)

GOOD_EN = "It does cost a bit more, I won't pretend otherwise. It lasts three times as long as the cheap ones, so per year it's actually cheaper."
GOOD_ZH = "价格是贵一些，这个我承认。但是它能用十年，别的只能用三四年，算下来每年反而更省。"


@pytest.mark.parametrize(
    ("reply", "turn", "flag"),
    [
        (
            "You're wrong, and as I already said, it's your fault for not reading the brochure.",
            PRICE_EN,
            "arguing",
        ),  # Blames the customer
        ("我都说过了，你怎么还不明白，这是你自己的问题。", PRICE_ZH, "arguing"),  # 争辩、怪客户
        (
            "It's the best in the world and it will never break, 100% guaranteed.",
            PRICE_EN,
            "exaggeration",
        ),  # Absolute promise
        ("这款绝对是全世界最好的，保证永远不会坏。", PRICE_ZH, "exaggeration"),  # 夸大
        (
            "The ROI on our SaaS API stack drives TCO down through synergy.",
            PRICE_EN,
            "jargon",
        ),  # Jargon
        ("这个方案通过中台赋能形成闭环，底层逻辑是降本增效。", PRICE_ZH, "jargon"),  # 术语
        ("Sorry, so sorry.", LATE_EN, "empty_apology"),  # Apology with nothing after it
        ("对不起对不起，真的很抱歉。", PRICE_ZH, "empty_apology"),  # 只道歉
        ("Whatever, it's up to you.", PRICE_EN, "dismissive"),  # Brushes it off
        ("随便您，爱买不买。", PRICE_ZH, "dismissive"),  # 敷衍
        ("You're wrong about the price.", PRICE_EN, "face_threat"),  # Flatly wrong
    ],
)
def test_flags_fire_on_poor_phrasing(reply: str, turn: TurnSpec, flag: str) -> None:
    score = score_turn(reply, turn)
    flags = {item.id: item for item in score.flags}
    assert flag in flags
    assert flags[flag].message
    span = flags[flag].span
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(reply)


@pytest.mark.parametrize(
    ("reply", "turn"),
    [
        (GOOD_EN, PRICE_EN),  # A sound compensate reply in English
        (GOOD_ZH, PRICE_ZH),  # 一个好的补偿法回答
        (
            "I'm sorry it's late. I've checked: it's at the depot and will be with you tomorrow morning, and I'll refund the delivery charge and call you once it's delivered.",
            LATE_EN,
        ),  # Full complaint handling
    ],
)
def test_no_flags_on_a_good_reply(reply: str, turn: TurnSpec) -> None:
    score = score_turn(reply, turn)
    assert score.flags == ()
    assert score.total >= 60


@pytest.mark.parametrize(
    ("reply", "turn"),
    [
        (
            "Precisely because you're right, although what makes you think that's not true? Haha anyway, if so.",
            PRICE_EN,
        ),  # Cue stuffing
        (
            "正因为您说得对，虽然但是，为什么呢？您说错了，哈哈，咱们先看看，如果的话。",
            PRICE_ZH,
        ),  # 关键词堆砌
        ("asdkj qwpoe zmxnc lkjasd poiuy", PRICE_EN),  # Gibberish
        ("It's too expensive.", PRICE_EN),  # Copy of the objection
        ("太贵了", PRICE_ZH),  # 重复客户原话
        ("", PRICE_EN),  # Empty
    ],
)
def test_gaming_scores_low(reply: str, turn: TurnSpec) -> None:
    score = score_turn(reply, turn)
    assert score.total < 40
    assert any(flag.id == "gaming" for flag in score.flags)


@pytest.mark.parametrize(
    ("reply", "turn"),
    [
        (GOOD_EN, PRICE_EN),  # Good reply
        (GOOD_ZH, PRICE_ZH),  # 好回答
        (
            "You're wrong, it's the best in the world, 100% guaranteed, whatever.",
            PRICE_EN,
        ),  # Many flags at once
        ("", PRICE_ZH),  # Empty
        ("Sorry.", LATE_EN),  # Bare apology on a complaint
        ("x" * 5000, PRICE_EN),  # Very long junk
    ],
)
def test_breakdown_sums_to_total_and_stays_in_range(reply: str, turn: TurnSpec) -> None:
    score = score_turn(reply, turn)
    assert score.total == score.technique_fit + score.execution + score.relevance
    assert 0 <= score.technique_fit <= 40
    assert 0 <= score.execution <= 35
    assert 0 <= score.relevance <= 25
    assert 0 <= score.total <= 100
    assert score.tip


def test_recommended_technique_beats_discouraged_one() -> None:
    recommended = score_turn(GOOD_EN, PRICE_EN)
    discouraged = score_turn(
        "That's not true, our price is lower than the market average - check the published list.",
        PRICE_EN,
    )
    assert discouraged.classification.technique == "rebuttal"
    assert recommended.technique_fit > discouraged.technique_fit


@pytest.mark.parametrize(
    ("reply", "turn", "cjk"),
    [
        (GOOD_ZH, PRICE_ZH, True),  # Chinese reply, Chinese tip
        (GOOD_EN, PRICE_ZH, False),  # English reply to a Chinese scenario gets an English tip
        ("您錯了。", PRICE_EN, True),  # Traditional Chinese reply to an English scenario
    ],
)
def test_tip_follows_the_reply_language(reply: str, turn: TurnSpec, cjk: bool) -> None:
    tip = score_turn(reply, turn).tip
    assert any("\u4e00" <= char <= "\u9fff" for char in tip) is cjk


def test_score_is_deterministic() -> None:
    assert score_turn(GOOD_ZH, PRICE_ZH) == score_turn(GOOD_ZH, PRICE_ZH)


def test_complaint_score_fills_steps() -> None:
    score = score_turn(
        "I'm so sorry. Could you give me the order number? I'll send a replacement today and call you tomorrow.",
        LATE_EN,
    )
    assert {"apologise", "clarify", "propose", "follow_up"} <= score.steps


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("I completely understand how frustrating that is.", {"listen_soothe"}),  # Soothe
        ("Sorry about that.", {"apologise"}),  # Apology
        ("Could you tell me the order number?", {"clarify"}),  # Clarify
        ("When did it stop working?", {"clarify"}),  # Plain question
        ("We'll send a replacement today.", {"propose"}),  # Proposal
        (
            "I'll call you back tomorrow to check it arrived.",
            {"propose", "follow_up"},
        ),  # Follow-up is also an offer
        ("真的很抱歉，让您久等了。", {"apologise", "listen_soothe"}),  # 致歉与安抚
        ("请问您的订单号是多少？", {"clarify"}),  # 澄清
        ("我们马上给您补发一件新的。", {"propose"}),  # 方案
        ("处理完之后我会给您回电确认。", {"propose", "follow_up"}),  # 跟进
        (
            "對不起，我們馬上給您換新的，明天再給您打電話確認。",
            {"apologise", "propose", "follow_up"},
        ),  # Traditional Chinese
        ("您先别生气，这事换谁都会着急。", {"listen_soothe"}),  # 安抚，不用“理解”
        ("您先消消气。", {"listen_soothe"}),
        ("I can only imagine how annoying that was.", {"listen_soothe"}),  # not an offer
        ("我应该提前给您打电话的，对不起。", {"apologise"}),  # a regret, not a proposal
        ("", set()),  # Empty
    ],
)
def test_detect_steps(reply: str, expected: set[str]) -> None:
    assert detect_steps(reply) == frozenset(expected)


def test_a_complaint_tip_does_not_ask_again_for_a_step_covered_earlier() -> None:
    reply = "Sorry the parcel is three days late. We'll send a replacement parcel today."
    first = score_turn(reply, LATE_EN)
    assert first.tip.startswith("Listen and soothe")
    later = score_turn(reply, replace(LATE_EN, steps_done=frozenset({"listen_soothe"})))
    assert later.tip.startswith("Commit to follow up")


def test_the_next_step_tip_asks_for_a_figure_only_when_there_is_none() -> None:
    spec = replace(PRICE_EN, objection="It's too expensive for what it does, honestly.")
    vague = score_turn(
        "It costs more, sure, but it lasts much longer than the cheap ones, so you save in the end.",
        spec,
    )
    figured = score_turn(
        "It costs more, sure, but it lasts three times as long, so per year you save about $40.",
        spec,
    )
    assert vague.classification.technique == figured.classification.technique == "compensate"
    assert "figure" in vague.tip or "credible" in vague.tip or "own words" in vague.tip
    assert "concrete figure or example" not in figured.tip


def test_a_rebuttal_that_already_gives_a_source_is_not_told_to_give_one() -> None:
    spec = TurnSpec(
        "我听说你们公司偿付能力不行了。",
        ("rebuttal", "yes_if"),
        (),
        (),
        lang="zh",
    )
    sourced = score_turn(
        "这个是误传。我们去年的偿付能力充足率是百分之二百一十，数据在监管官网上可以查到。", spec
    )
    bare = score_turn("这个是误传。我们去年的偿付能力充足率是百分之二百一十，经营很稳。", spec)
    assert sourced.classification.technique == bare.classification.technique == "rebuttal"
    assert "依据" in sourced.tip and "台阶" in sourced.tip
    assert "台阶" not in bare.tip


def test_a_complaint_handled_in_plain_words_earns_fit_for_what_it_does() -> None:
    reply = (
        "I'm so sorry, Priya, two days is not good enough, that's on us. I'll put it on the "
        "scanner right now, and if it's the same fault there's no charge and we'll run you home."
    )
    spec = TurnSpec(
        objection="I paid you $486 on Tuesday to fix the check-engine light. It came back on.",
        recommended=("ask", "compensate", "yes_if"),
        kind="complaint",
    )
    handled = score_turn(reply, spec)
    bare = score_turn("I'm so sorry.", spec)
    assert handled.technique_fit >= 10 > bare.technique_fit


@pytest.mark.parametrize(
    ("reply", "objection", "said"),
    [
        ("行程都写在说明书上了，是您自己没规划好。", "你们的行程安排太乱了！", "您自己没规划好"),
        ("那是您自己没看清条款，跟我们没关系。", "这个费用怎么没人告诉我？", "您自己没看清条款"),
        ("花盆本来就不该放阳台边上，不能全怪我们吧。", "你们的人把花盆碰掉了！", "本来就不该放"),
        (
            "That was in the terms you signed. You should have read them.",
            "Why wasn't I told about the cancellation fee?",
            "You should have read them",
        ),
    ],
)
def test_the_blame_tip_quotes_what_the_reply_said(reply: str, objection: str, said: str) -> None:
    score = score_turn(reply, TurnSpec(objection, kind="complaint"))
    worst = max(score.flags, key=lambda flag: flag.penalty)
    assert worst.id == "arguing"
    assert worst.span is not None
    # The tip quotes the whole clause the flag points at, never a fixed example phrase.
    assert said in score.tip
    if "没看清" not in reply:
        assert "没看清" not in score.tip


def test_a_tip_without_a_short_span_to_quote_says_it_in_general_words() -> None:
    from scoring.registry import FLAGS

    assert "{span}" not in FLAGS["arguing"].tip("zh")
    assert "没看清" not in FLAGS["arguing"].tip("zh")
    assert "“太绝对”" in FLAGS["exaggeration"].tip("zh", "太绝对")


NEXT_STEP_TAKEN = [
    # (objection, technique, reply, move the next step would have asked for)
    (
        "You look too young to be handling an account this size.",
        "ignore",
        "Ha, I'll take that as a compliment. Back to your budget: I'll send the clause and a "
        "like-for-like breakdown by Friday noon, does that work?",
        "steer the talk back",
    ),
    (
        "你看着这么年轻，能做好吗？",
        "ignore",
        "哈哈，谢谢夸奖。说回您的预算，我周五中午前把报价明细发给您。",
        "把话题拉回",
    ),
    (
        "It's too expensive.",
        "compensate",
        "It does cost more, but it lasts three times as long, so per year the price works out "
        "about $40 cheaper for you.",
        "customer's own terms",
    ),
    (
        "太贵了",
        "compensate",
        "价格是贵一些，但是它能用十年，算下来每年反而更省两百块。",
        "客户自己的话",
    ),
    (
        "I'm too young to need insurance.",
        "taichi",
        "Being young is exactly why it's the right time: at 25 the premium for insurance is "
        "about half what it is at 40.",
        "concrete figure",
    ),
    (
        "我还年轻，不需要保险。",
        "taichi",
        "正因为您年轻，保险才最划算：二十五岁买，保费只有四十岁的一半。",
        "具体的数字",
    ),
    (
        "I heard your company is going bust.",
        "rebuttal",
        "I understand why you'd worry, a lot of people have heard that. In fact our solvency "
        "ratio last year was 210%, and it's published on the regulator's website.",
        "a lot of people think",
    ),
    (
        "我听说你们公司偿付能力不行了。",
        "rebuttal",
        "很多人都这么以为，其实我们去年的偿付能力充足率是百分之二百一十，数据在监管官网上可以查到。",
        "台阶",
    ),
]


@pytest.mark.parametrize(("objection", "technique", "reply", "asked"), NEXT_STEP_TAKEN)
def test_a_tip_never_asks_for_what_the_reply_already_did(
    objection: str, technique: str, reply: str, asked: str
) -> None:
    score = score_turn(reply, TurnSpec(objection, (technique,), (), ()))  # type: ignore[arg-type]
    assert score.classification.technique == technique
    assert not score.flags
    assert asked not in score.tip
    assert "Next step" not in score.tip and "下一步" not in score.tip


def test_a_tip_that_has_nothing_left_to_ask_names_what_the_reply_did() -> None:
    score = score_turn(NEXT_STEP_TAKEN[0][2], TurnSpec(NEXT_STEP_TAKEN[0][0], ("ignore",), (), ()))
    assert score.tip == "Good Ignore: it steers back."
    zh = score_turn(NEXT_STEP_TAKEN[7][2], TurnSpec(NEXT_STEP_TAKEN[7][0], ("rebuttal",), (), ()))
    assert "给出可查依据" in zh.tip and "认同" in zh.tip


def test_a_tip_moves_on_to_the_next_advice_not_yet_taken() -> None:
    spec = TurnSpec("我听说你们公司偿付能力不行了。", ("rebuttal",), (), ())
    sourced = score_turn(
        "这个是误传。我们去年的偿付能力充足率是百分之二百一十，数据在监管官网上可以查到。", spec
    )
    # The figure and the source are there: the next advice is to leave the customer face.
    assert "台阶" in sourced.tip and "具体的数字" not in sourced.tip
    vague = score_turn(
        "正因为您年轻，才更需要早点买。", TurnSpec("我还年轻，不需要保险。", ("taichi",), (), ())
    )
    assert vague.classification.technique == "taichi"
    assert "具体的数字" in vague.tip
