"""Tests for the technique classifier: source examples, normalisation, offsets, gaming, determinism."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest

from scoring import LABELS, SCORER_VERSION, Context, Exemplar, classify
from scoring.classify import RULES_VERSION
from scoring.text import detect_language, normalise


@pytest.mark.parametrize(
    ("reply", "objection", "expected"),
    [
        (
            "就是收入少,才更需要购买保险,以获得保障。",
            "收入少,没有钱买保险。",
            "taichi",
        ),  # Source: insurance
        (
            "就是身材不好,才需稍加设计,以修饰掉不完美的地方。",
            "我这种身材,穿什么都不好看。",
            "taichi",
        ),  # Source: clothing
        (
            "我们这套读本就是为激发小朋友的学习兴趣而特别编写的。",
            "我的小孩连学校的课本都没兴趣,怎么可能会看课外读本?",
            "taichi",
        ),  # Source: books
        (
            "平心而论,在一般的状况下,您说的都非常正确,如果状况变成这样,您看我们是不是应该…",
            None,
            "yes_if",
        ),  # Source: B, first
        (
            "您有这样的想法,一点也没错,当我第一次听到时,我的想法和您完全一样,可是如果我们做进一步的了解后…",
            None,
            "yes_if",
        ),  # Source: B, second
        ("您根本没了解我的意见,因为状况是这样的…", None, "rebuttal"),  # Source: A, first
        ("您的想法不正确,因为…", None, "rebuttal"),  # Source: A, second
    ],
)
def test_source_examples_classify_as_the_source_says(
    reply: str, objection: str | None, expected: str
) -> None:
    assert classify(reply, Context(objection=objection)).technique == expected


@pytest.mark.parametrize(
    ("reply", "objection", "expected"),
    [
        (
            "That's exactly why this plan suits you: the less you earn, the more a hospital bill would hurt.",
            "I don't earn enough for insurance.",
            "taichi",
        ),  # Boomerang in English
        (
            "What makes you say that - is it the monthly cost, or something about the cover?",
            "I don't need insurance.",
            "ask",
        ),  # Probing question
        (
            "You're right that it costs more up front. If you spread it over ten years, though, would that change things?",
            "It's too expensive.",
            "yes_if",
        ),  # Agree, then if
        (
            "Although it's pricier, it lasts three times as long, so per year it's the cheaper one.",
            "It's too expensive.",
            "compensate",
        ),  # Concede, then benefit
        (
            "That's not right - the warranty is five years, not one. It's in clause 4 of the contract.",
            "The warranty is only a year.",
            "rebuttal",
        ),  # Correct the fact
        (
            "Ha, guilty as charged! Anyway, let me show you the boot space.",
            "You car salesmen are all the same.",
            "ignore",
        ),  # Joke, then back
        (
            "Okay, thanks for your feedback, have a nice day.",
            "It's too expensive.",
            "none",
        ),  # Stock courtesy
        (
            "虽然价格高一点，但是能用十年，算下来每年更省。",
            "太贵了",
            "compensate",
        ),  # 虽然…但是…更省
        ("能说说您主要担心的是哪一方面吗？是价格还是售后？", "我再考虑考虑", "ask"),  # 询问
        ("哈哈，您真会开玩笑。来，咱们先看看这款的内饰。", "你们卖车的都一个样", "ignore"),  # 忽视
        ("好的，祝您生活愉快。", "太贵了", "none"),  # 客套
    ],
)
def test_common_phrasings_classify_right(reply: str, objection: str, expected: str) -> None:
    assert classify(reply, Context(objection=objection)).technique == expected


@pytest.mark.parametrize(
    ("simplified", "variant"),
    [
        (
            "就是收入少，才更需要购买保险，以获得保障。",
            "就是收入少，才更需要購買保險，以獲得保障。",
        ),  # Traditional characters
        (
            "您说得对，不过如果按十年算，其实很划算。",
            "您說得對，不過如果按十年算，其實很劃算。",
        ),  # Traditional yes_if
        ("为什么您觉得不需要呢？", "为什么您觉得不需要呢?"),  # Full-width vs ASCII question mark
        (
            "虽然贵了2000元，但是能用10年。",
            "虽然贵了２０００元，但是能用１０年。",
        ),  # Full-width digits
    ],
)
def test_traditional_and_full_width_input_classify_like_simplified(
    simplified: str, variant: str
) -> None:
    a, b = classify(simplified), classify(variant)
    assert a.technique == b.technique
    assert a.confidence == pytest.approx(b.confidence, abs=0.02)


@pytest.mark.parametrize(
    "reply",
    [
        "  Ｐｒｅｃｉｓｅｌｙ because you're young, it's cheap.",  # Full-width Latin before the cue
        "正因為您年輕，保費才最便宜。",  # Traditional Chinese
        "嗯……說實話，您說得對，不過如果按十年算呢？",  # Ellipsis and Traditional
        "①先说一句：That's exactly why it suits you.",  # NFKC expands the circled digit
    ],
)
def test_evidence_offsets_point_into_the_original_reply(reply: str) -> None:
    result = classify(reply)
    assert result.evidence
    for item in result.evidence:
        assert 0 <= item.start < item.end <= len(reply)
        assert reply[item.start : item.end] == item.text


@pytest.mark.parametrize(
    ("reply", "objection"),
    [
        (
            "Precisely because you're right, although what makes you think that's not true? Haha anyway, if so.",
            "It's too expensive.",
        ),  # Stuffed with five techniques' cues
        (
            "正因为您说得对，虽然但是，为什么呢？您说错了，哈哈，咱们先看看，如果的话。",
            "太贵了",
        ),  # 堆砌多种技巧关键词
        ("asdkj qwpoe zmxnc lkjasd poiuy", "It's too expensive."),  # Keyboard mash
        ("鬰鬱龘靐齉麤灪爩", "太贵了"),  # Rare-character gibberish
        ("It's too expensive.", "It's too expensive."),  # Copy of the objection
        ("太贵了吧", "太贵了"),  # Near copy of the objection
        ("", "太贵了"),  # Empty
        ("   \n ", "It's too expensive."),  # Whitespace only
    ],
)
def test_gaming_gets_none_or_low_confidence(reply: str, objection: str) -> None:
    result = classify(reply, Context(objection=objection))
    assert result.technique == "none" or result.confidence < 0.5
    assert result.gaming


def test_probabilities_cover_every_label_and_sum_to_one() -> None:
    result = classify("Why do you feel that way?", Context(objection="I don't trust banks."))
    assert set(result.probabilities) == set(LABELS)
    assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert result.confidence == max(result.probabilities.values())
    assert result.runner_up != result.technique


def test_classification_is_deterministic() -> None:
    reply = "您说得对，单看价格确实不便宜。如果按用十年来算，其实一天不到一块钱。"
    assert classify(reply, Context(objection="太贵了")) == classify(
        reply, Context(objection="太贵了")
    )


def test_context_exemplars_pull_toward_their_label() -> None:
    reply = "Think of the monthly plan as the safety net your family never has to notice."
    exemplar = Exemplar(
        "Think of the monthly plan as the safety net your family never has to notice.",
        "taichi",
        "scenario",
    )
    with_context = classify(reply, Context(exemplars=(exemplar,)))
    without = classify(reply)
    assert with_context.probabilities["taichi"] > without.probabilities["taichi"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("您说得对", "zh"),  # Chinese
        ("You're right", "en"),  # English
        ("这个trial可以先试七天", "zh"),  # Chinese with an English word
        (
            "Ha, me too, 选择困难症 as my mum says, let's pick the fabric",
            "en",
        ),  # English with a Chinese phrase
    ],
)
def test_language_detection_handles_mixed_text(text: str, expected: str) -> None:
    assert detect_language(normalise(text).text) == expected


def test_mixed_language_reply_is_classified() -> None:
    result = classify(
        "正因为您预算有限，this model 才最适合您，三年后还能卖六成价。",
        Context(objection="我预算有限"),
    )
    assert result.language == "zh"
    assert result.technique == "taichi"


def test_scorer_version_tracks_the_shipped_data() -> None:
    digest = hashlib.sha256()
    for name in (
        "weights.json",
        "flag_weights.json",
        "bank.jsonl",
        "coaching.toml",
        "words_zh.txt",
    ):
        digest.update(resources.files("scoring.data").joinpath(name).read_bytes())
    assert SCORER_VERSION == f"{RULES_VERSION}+{digest.hexdigest()[:10]}"


def test_weights_file_names_every_feature_and_label() -> None:
    from scoring.features import FEATURES

    data = json.loads(
        resources.files("scoring.data").joinpath("weights.json").read_text(encoding="utf-8")
    )
    assert data["features"] == list(FEATURES)
    assert set(data["weights"]) == set(LABELS)
