"""Tests for the loader on hostile and broken files: a FILE:LINE:COL problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.limits import MAX_PROBLEMS_PER_FILE
from simulator.scenario.loader import MAX_KEYS, MAX_NODES, check_file, parse_scenario_text

BASE = Path(__file__).parent.parent / "data" / "bad" / "dangling_next.yaml"


def base_text() -> str:
    """A valid scenario: the dangling-next file with its one mistake put right."""
    return BASE.read_text(encoding="utf-8").replace("next: clossing", "next: closing")


def problems_of(text: str) -> list[str]:
    scenario, problems = parse_scenario_text(text, "s.yaml")
    assert scenario is None
    return [str(problem) for problem in problems]


def test_the_base_text_is_valid() -> None:
    scenario, problems = parse_scenario_text(base_text(), "s.yaml")
    assert scenario is not None and not problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  closing:\n    customer: Can I pay in instalments?",
            "  half: saved\n  closing:\n    customer: Can I pay in instalments?",
            "s.yaml:34:9: expected a mapping of keys, got 'saved' [nodes.half]",
        ),  # a half-saved node that a reaction points at (next: half below)
        (
            "version: 1",
            "version: !!int abc",
            "s.yaml:3:10: 'abc' cannot be read as !!int (invalid literal for int() with base 10: "
            "'abc'); remove the !!int tag or write a value of that kind [version]",
        ),  # an explicit tag that does not fit
        (
            "version: 1",
            "version: !!int",
            "s.yaml:3:10: the !!int tag has no value after it; write the value or remove the tag "
            "[version]",
        ),  # a tag with nothing after it
        (
            "version: 1",
            "version: 2026-13-45",
            "s.yaml:3:10: '2026-13-45' looks like a date but is not a real one (month must be in "
            "1..12); put it in quotes if you meant text [version]",
        ),  # a date that does not exist
        (
            "version: 1",
            "version: " + "9" * 5000,
            "s.yaml:3:10: this number has 5,000 digits, more than can be read; write a real "
            "number [version]",
        ),  # a 5,000-digit integer
        (
            "title: Too expensive",
            'title: "Too \\ud800 expensive"',
            "s.yaml:4:8: the text holds U+D800, which cannot be shown to a trainee; remove it "
            "(it comes from an escape such as \\e, \\x1b or \\u202e in quotes) [title]",
        ),  # a lone surrogate
        (
            "title: Too expensive",
            'title: "Too \\e]0;pwned\\a expensive"',
            "s.yaml:4:8: the text holds U+001B (control character), which cannot be shown to a "
            "trainee; remove it (it comes from an escape such as \\e, \\x1b or \\u202e in quotes) "
            "[title]",
        ),  # an escape sequence that would set the terminal's title
        (
            "title: Too expensive",
            'title: "\\u202eesnepxe ooT"',
            "s.yaml:4:8: the text holds U+202E (RIGHT-TO-LEFT OVERRIDE), which cannot be shown to "
            "a trainee; remove it (it comes from an escape such as \\e, \\x1b or \\u202e in "
            "quotes) [title]",
        ),  # a bidirectional override
    ],
    ids=[
        "node-body-not-a-mapping",
        "int-tag-on-text",
        "int-tag-with-no-value",
        "invalid-date",
        "5000-digit-integer",
        "lone-surrogate",
        "escape-sequence",
        "bidi-override",
    ],
)
def test_a_broken_value_is_one_clear_problem(old: str, new: str, expected: str) -> None:
    text = base_text().replace(old, new, 1)
    if "half: saved" in new:
        text = text.replace("next: closing", "next: half", 1)
    found = problems_of(text)
    assert found[0] == expected, found
    assert len(found) == 1, found


def test_deep_nesting_is_a_problem_not_a_recursion_error() -> None:
    text = base_text().replace("difficulty: 1", "difficulty: 1\ntags: " + "[" * 600 + "]" * 600)
    found = problems_of(text)
    assert any("nested more than 20 levels deep" in line for line in found), found


def test_deep_nesting_through_the_strict_loader_is_a_problem_too() -> None:
    # An anchor sends the file through the pure-Python loader, which recurses per level.
    text = base_text().replace(
        "difficulty: 1", "difficulty: &d 1\ntags: " + "[" * 3000 + "]" * 3000
    )
    assert problems_of(text) == [
        "s.yaml:1:1: the lists and mappings are nested more than 20 levels deep; a scenario "
        "needs far fewer — check the brackets and indentation"
    ]


def test_thousands_of_nodes_are_refused_at_once() -> None:
    node = (
        "  n{i}:\n    customer: x\n    cause: excuse\n    nature: 'true'\n    recommend: [ask]\n"
        "    model_answers: {{ask: y}}\n    reactions:\n      ask: {{say: z, next: n0}}\n"
    )
    head = base_text().split("nodes:\n")[0].replace("start: opening", "start: n0")
    text = head + "nodes:\n" + "".join(node.format(i=i) for i in range(MAX_NODES + 1))
    found = problems_of(text)
    assert found == [
        f"s.yaml:17:3: the scenario has {MAX_NODES + 1} nodes; a scenario may have at most "
        f"{MAX_NODES} — split it into several scenarios [nodes]"
    ]


def test_many_nodes_each_missing_default_get_one_problem_each() -> None:
    # Each node's problem was checked against every other's: quadratic, 198 s for 7,700.
    node = (
        "  n{i}:\n    customer: x\n    cause: excuse\n    nature: 'true'\n    recommend: [ask]\n"
        "    model_answers: {{ask: y}}\n    reactions:\n      ask: {{say: z, next: n{j}}}\n"
    )
    head = base_text().split("nodes:\n")[0].replace("start: opening", "start: n0")
    text = head + "nodes:\n" + "".join(node.format(i=i, j=(i + 1) % 150) for i in range(150))
    found = problems_of(text)
    assert len(found) == 150
    assert found[0] == (
        "s.yaml:24:7: missing required key 'default' in nodes.n0.reactions [nodes.n0.reactions]"
    )
    assert found[-1].startswith("s.yaml:1216:7: missing required key 'default' in nodes.n149")


def test_a_mapping_with_too_many_keys_is_one_problem() -> None:
    text = base_text() + "".join(f"tittle{i}: x\n" for i in range(MAX_KEYS + 1))
    assert problems_of(text) == [
        f"s.yaml:2:1: this mapping has {MAX_KEYS + 12:,} keys; no part of a scenario has more "
        f"than {MAX_KEYS} — check the indentation, or split the file"
    ]


def test_problems_stop_being_listed_after_the_cap() -> None:
    text = base_text() + "".join(f"tittle{i}: x\n" for i in range(MAX_PROBLEMS_PER_FILE + 50))
    found = problems_of(text)
    assert len(found) == MAX_PROBLEMS_PER_FILE + 1
    assert found[-1].endswith(
        f"more problems are not listed after the first {MAX_PROBLEMS_PER_FILE}; fix these, "
        "then check the file again"
    )


def test_a_file_that_takes_too_long_to_check_is_one_problem_at_1_1() -> None:
    scenario, problems = parse_scenario_text(base_text(), "s.yaml", seconds=0)
    assert scenario is None
    assert [str(p) for p in problems] == [
        "s.yaml:1:1: checking this file took more than 0 s, so it was stopped; a scenario "
        "takes a few milliseconds — split it into smaller scenarios or remove repeated parts"
    ]


def test_check_file_reports_undecodable_bytes_at_their_place(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(base_text().replace("Too expensive", "Too \xff expensive").encode("latin-1"))
    scenario, problems = check_file(path)
    assert scenario is None
    assert str(problems[0]).startswith(f"{path}:4:12: the file is not UTF-8")
