"""The text catalog: every key the code looks up is there in both languages, and every key in it is used."""

from __future__ import annotations

import ast
import json
import logging
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.i18n import (
    LANGUAGES,
    STRICT_ENV,
    STRINGS,
    Joined,
    Language,
    Message,
    from_data,
    load_strings,
    plural_form,
    t,
    to_data,
)

SOURCE = Path(__file__).parents[2] / "simulator"
"""The package whose string constants are scanned for catalog keys."""

KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*(?:\.[a-z0-9_]+|\.)")
"""A dotted catalog key, or a prefix ending in a dot that code completes (f"outcome.{outcome}")."""

NAMESPACES = {key.split(".")[0] for key in STRINGS}
"""The first parts of the catalog's keys: a constant starting otherwise is no key."""

FILE_NAME = re.compile(r"\.(?:py|tcss|toml|md|json|jsonl|yaml|yml|html|csv|db|sqlite|svg|txt)$")


def _constants(tree: ast.AST) -> Iterator[str]:
    """Every string constant in a module, f-string parts included."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def _key_constants() -> set[str]:
    """The constants in simulator/ that look like catalog keys or key prefixes."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for value in _constants(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                KEY.fullmatch(value)
                and value.split(".")[0] in NAMESPACES
                and not FILE_NAME.search(value)
            ):
                found.add(value)
    return found


USED = _key_constants()
PREFIXES = {value if value.endswith(".") else value + "." for value in USED if value not in STRINGS}
"""Families of keys the code completes at run time: "outcome." and "home.col" (f"{prefix}.{key}")."""


def _fields(text: str | dict[str, str]) -> set[str]:
    forms = [text] if isinstance(text, str) else list(text.values())
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def test_every_key_the_code_names_is_in_the_catalog() -> None:
    missing = sorted(
        value
        for value in USED
        if value not in STRINGS
        and not any(
            key.startswith(value if value.endswith(".") else value + ".") for key in STRINGS
        )
    )
    assert missing == []


def test_every_key_in_the_catalog_is_used() -> None:
    unused = sorted(
        key
        for key in STRINGS
        if key not in USED and not any(key.startswith(prefix) for prefix in PREFIXES)
    )
    assert unused == []


# A language may leave out a value the other one names, where its sentence does without it.
FIELDS_LEFT_OUT = {
    "eval.open.bad_end": {"ending"},  # 客户带着未解决的问题离开
    "eval.root.settled": {"outcome"},  # 异议已经消除
}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_fill_in_the_same_values(key: str) -> None:
    zh, en = (_fields(STRINGS[key][lang]) for lang in LANGUAGES)
    assert zh ^ en <= FIELDS_LEFT_OUT.get(key, set())


def test_an_unknown_key_raises_under_test() -> None:
    with pytest.raises(KeyError, match=re.escape("no.such.key")):
        t("no.such.key", "en")


def test_an_unknown_key_shows_the_key_and_is_logged_outside_strict_mode(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv(STRICT_ENV)
    with caplog.at_level(logging.ERROR, logger="simulator.i18n"):
        assert t("no.such.key", "zh") == "no.such.key"
    assert "no.such.key" in caplog.text


@pytest.mark.parametrize(
    ("count", "lang", "text"),
    [
        (1, "en", "1 reply after the time limit"),  # one
        (2, "en", "2 replies after the time limit"),  # other
        (0, "en", "0 replies after the time limit"),  # zero is 'other' in English
        (1, "zh", "1 次超时作答"),  # Chinese has one form
    ],
)
def test_plural_forms_follow_the_count(count: int, lang: str, text: str) -> None:
    assert t("eval.efficiency.late", lang, count=count) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_whole_numbers_take_the_plural_form_babel_gives(lang: Language) -> None:
    from babel.core import Locale

    rule = Locale.parse(lang).plural_form
    assert [plural_form(lang, n) for n in range(-3, 1200)] == [rule(n) for n in range(-3, 1200)]
    assert plural_form(lang, 1.5) == rule(1.5)


def test_a_message_renders_its_nested_values_in_the_same_language() -> None:
    why = Message("eval.fail.ended", {"ending": Message("eval.ending.lost")})
    assert (why.render("en"), why.render("zh")) == ("ended lost", "以“客户流失”结束")


def test_a_joined_list_is_separated_and_rendered_in_the_same_language() -> None:
    steps = Joined(("ask", Message("eval.ending.lost")), Message("loader.list_sep"))
    assert (steps.render("en"), steps.render("zh")) == ("ask, lost", "ask、客户流失")


def test_a_message_is_the_same_after_a_round_trip_through_json_data() -> None:
    hint = Message("error.scenario.did_you_mean", {"match": "closing"})
    why = Message("loader.node.unknown", {"field": "next", "value": "x", "hint": hint})
    listed = Message("loader.reaction.neither", {"outcomes": Joined(("won", "lost"), ", ")})
    for message in (why, listed):
        back = from_data(json.loads(json.dumps(to_data(message))))
        assert back == message and back.render("zh") == message.render("zh")


def test_a_brace_written_twice_in_a_text_with_values_is_shown_once() -> None:
    text = t("loader.yaml.flow_not_closed", "zh", example="{say: x}")
    assert "映射 { … } 没有正确结束" in text and text.endswith("例如 {say: x}")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[a]\nzh = "x"\n', "[a] has no en text"),  # one language missing
        ('[a]\nzh = "x"\nen = { one = "y" }\n', "needs an `other` form"),  # plural without other
    ],
)
def test_a_catalog_with_a_gap_does_not_load(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        load_strings(text)


def test_a_table_named_after_a_language_is_a_key_of_its_own() -> None:
    strings = load_strings('[lang.zh]\nzh = "中文"\nen = "Chinese"\n')
    assert strings == {"lang.zh": {"zh": "中文", "en": "Chinese"}}
