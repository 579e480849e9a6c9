"""Every problem the scenario loader reports is said in Chinese and English, at the same place."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema.exceptions import ValidationError

from simulator.errors import ScenarioError
from simulator.i18n import STRINGS, Joined, Message
from simulator.limits import MAX_PROBLEMS_PER_FILE
from simulator.scenario.loader import (
    MAX_KEYS,
    MAX_NODES,
    Problem,
    files,
    load_library,
    load_scenario,
    parse_scenario_text,
)
from simulator.scenario.loader.schema_errors import _explain, _type_words
from simulator.scenario.loader.yaml_errors import yaml_problem

BAD = Path(__file__).parent.parent / "data" / "bad"
BASE = BAD / "dangling_next.yaml"

CJK = re.compile(r"[\u4e00-\u9fff]")


def base_text() -> str:
    """A valid scenario: the dangling-next file with its one mistake put right."""
    return BASE.read_text(encoding="utf-8").replace("next: clossing", "next: closing")


def edited(*changes: tuple[str, str]) -> str:
    """The base text with each (old, new) replaced once."""
    text = base_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def parsed(text: str, **options: Any) -> list[Problem]:
    return parse_scenario_text(text, "s.yaml", **options)[1]


def node(i: int, target: str) -> str:
    return (
        f"  n{i}:\n    customer: x\n    cause: excuse\n    nature: 'true'\n    recommend: [ask]\n"
        f"    model_answers: {{ask: y}}\n    reactions:\n      ask: {{say: z, next: {target}}}\n"
    )


def many_nodes(count: int) -> str:
    head = base_text().split("nodes:\n")[0].replace("start: opening", "start: n0")
    return head + "nodes:\n" + "".join(node(i, "n0") for i in range(count))


def explained(validator: str, instance: object, schema: dict[str, Any]) -> list[Problem]:
    """The problems of one schema error jsonschema could give, put into a file at 1:1."""
    error = ValidationError("is not allowed", validator=validator, instance=instance, schema=schema)
    return [Problem.of("s.yaml", 1, 1, "", message) for _, message, _ in _explain(error)]


def files_with(tmp_path: Path, *texts: str) -> list[Path]:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"s{i}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def library_problems(paths: list[Path]) -> list[Problem]:
    return load_library(paths, cache=False).problems


def before(anchor: str, block: str) -> str:
    """The base text with block put in before the first anchor."""
    return edited((anchor, block + anchor))


def repeated_keys(count: int) -> str:
    return base_text() + "".join(f"tittle{i}: x\n" for i in range(count))


COMPLAINT = edited(("kind: objection", "kind: complaint"))
HIDDEN = edited(('nature: "true"\n    recommend: [ask]', "nature: hidden\n    recommend: [ask]"))

TEXTS: dict[str, str] = {
    # YAML that cannot be read
    "control-char": edited(("Too expensive", "Too \x07 expensive")),
    "tab": edited(("  name: Sam", "\tname: Sam")),
    "quote-in-brackets": base_text() + 'tags: [a, "b]\n',
    "bracket-not-closed": "id: broken\ntitle: [unclosed\n",
    "alias": edited(("title: Too expensive", "title: &t x\nsummary: *t")),
    "two-documents": base_text() + "---\nid: second\n",
    "colon-in-value": edited(("Too expensive", "Note: expensive")),
    "run-on": edited(("  role: shopper", "    role: shopper")),
    "misaligned": edited(("  role: shopper", " role: shopper")),
    "missing-colon": "id: x\n? a\nb\n: c\n",
    "other-yaml": edited(("Too expensive", "@expensive")),
    "unclosed-quote": edited(("Too expensive", '"Too expensive')),
    # the schema
    "bad-key": edited(("      default:", "      yes_ix:")),
    "bad-node-id": edited(("  closing:", "  clos ing!:")),
    "unknown-key": edited(("  name: Sam", "  nam: Sam\n  zzz: 1")),
    "flow-comma": edited(("  role: shopper", "  role: {a: Sam, Li}")),
    "missing-key": edited(("    cause: budget_short\n", "")),
    "missing-top-key": edited(("title: Too expensive\n", "")),
    "not-one-of": edited(("language: en", "language: fr")),
    "not-ids": before("    reactions:\n", "    when:\n      - technique: {a: 1}\n        say: x\n"),
    "wrong-types": edited(
        ("title: Too expensive", "title: [a]"),
        ("industry: retail", "industry: yes"),
        ("difficulty: 1", "difficulty: " + "x" * 50),
        ("  name: Sam", "  name:"),
        ("  mood: 50", "  mood: 5.5"),
        ("recommend: [compensate]", "recommend: {a: 1}"),
        ("customer: It costs too much.", "customer: 12"),
        ("persona:\n", "satisfaction_weights: {result: x}\npersona:\n"),
    ),
    "not-a-mapping-value": edited(("persona:\n  name: Sam", "persona: Sam\nsummary:\n  name: Sam")),
    "out-of-range": edited(("difficulty: 1", "difficulty: 12")),
    "scenario-id": edited(("id: bad-dangling-next", "id: Bad_Id")),
    "empty": edited(("title: Too expensive", 'title: ""')),
    "repeated": edited(("recommend: [ask]", "recommend: [ask, ask]")),
    "not-a-mapping": "- id: a\n",
    "empty-file": "# nothing yet\n",
    # values YAML reads but a scenario cannot hold
    "too-deep": edited(("difficulty: 1", "difficulty: 1\ntags: " + "[" * 30 + "]" * 30)),
    "too-many-nodes": many_nodes(MAX_NODES + 1),
    "too-many-keys": repeated_keys(MAX_KEYS + 1),
    "key-not-a-word": base_text() + "[a, b]: c\n",
    "duplicate-key": edited(("  role: shopper", "  role: a\n  role: b")),
    "unreadable": edited(("version: 1", "version: !custom 1")),
    "tags-and-dates": edited(
        ("version: 1", "version: !!int abc"),
        ("difficulty: 1", "difficulty: !!int"),
        ("  mood: 50", "  mood: 2026-13-45"),
        ("        mood: 10", "        mood: " + "9" * 5000),
    ),
    "unshowable": edited(
        ("title: Too expensive", 'title: "Too \\e expensive"\nsummary: "\\u202e"')
    ),
    "too-many-problems": repeated_keys(MAX_PROBLEMS_PER_FILE + 5),
    # the dialogue and its cross references
    "next-and-end": edited(("        next: closing", "        next: closing\n        end: won")),
    "neither-next-nor-end": edited(("        end: won", "        mood: 1")),
    "next-not-a-node": edited(("        next: closing", "        next: zzz")),
    "next-misspelt": BASE.read_text(encoding="utf-8"),
    "unreachable": edited(
        ("        next: closing", "        end: won"), ("        next: closing", "        end: won")
    ),
    "no-end": edited(("        end: won", "        next: opening")),
    "complaint-without-steps": COMPLAINT,
    "hidden-without-reason": HIDDEN,
    "recommended-without-answer": edited(
        ("recommend: [compensate]", "recommend: [compensate, taichi]")
    ),
    "recommended-and-discouraged": before(
        "    model_answers:\n      ask",
        "    discourage:\n      - technique: ask\n        reason: no\n",
    ),
    "when-without-condition": before(
        "    reactions:\n      default:\n        say: Fine",
        "    when:\n      - say: x\n        end: won\n",
    ),
    "unsaid-figure": edited(("say: That does sound better.", "say: Is it 85 then?")),
    "weights": before("persona:\n", "satisfaction_weights: {mood: 0.5}\n"),
}
"""A scenario text for each problem the loader can find in a text."""


def grew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    [path] = files_with(tmp_path, base_text())
    monkeypatch.setattr(Path, "read_bytes", lambda self: b"#" * (files.MAX_BYTES + 1))
    return library_problems([path])


def unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    [path] = files_with(tmp_path, base_text())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    return library_problems([path])


OTHERS: dict[str, Callable[[Path, pytest.MonkeyPatch], list[Problem]]] = {
    # errors no file of today's schema or PyYAML gives, which the loader still words
    "not-yaml": lambda _, __: [yaml_problem("s.yaml", "x", yaml.YAMLError("boom"))],
    "no-keys": lambda _, __: explained("additionalProperties", {"a": 1}, {}),
    "below-minimum": lambda _, __: explained("minimum", 0, {"minimum": 1}),
    "above-maximum": lambda _, __: explained("maximum", 9, {"maximum": 5}),
    "other-schema": lambda _, __: explained("maxLength", "xx", {"maxLength": 1}),
    "type-words": lambda _, __: [
        Problem.of("s.yaml", 1, 1, "", _type_words(["integer", "boolean", "null"]))
    ],
    "too-slow": lambda _, __: parsed(base_text(), seconds=0),
    # files
    "not-utf8": lambda _, __: library_problems([BAD / "not_utf8.yaml"]),
    "missing-file": lambda tmp, _: library_problems([tmp / "nowhere.yaml"]),
    "too-large": lambda tmp, _: library_problems(files_with(tmp, "#" * (files.MAX_BYTES + 1))),
    "grew": grew,
    "unreadable-file": unreadable_file,
    "duplicate-id": lambda tmp, _: library_problems(files_with(tmp, base_text(), base_text())),
}
"""The problems of a file, and those of errors made up for the loader to word."""

CASES = sorted([*TEXTS, *OTHERS])


def problems_of(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    if case in TEXTS:
        return parsed(TEXTS[case])
    return OTHERS[case](tmp_path, monkeypatch)


def keys_in(value: object) -> Iterator[str]:
    """The catalog keys of a message and of every message inside it."""
    if isinstance(value, Message):
        yield value.key
        for inner in value.values.values():
            yield from keys_in(inner)
    elif isinstance(value, Joined):
        yield from keys_in(value.separator)
        for item in value.items:
            yield from keys_in(item)


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is checked again, not taken from this run's earlier checks."""
    monkeypatch.setattr(files, "_checked", {})


def checked(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Check that a case's problems are said in both languages; return the keys they use."""
    problems = problems_of(case, tmp_path, monkeypatch)
    assert problems, case
    used: set[str] = set()
    for problem in problems:
        assert problem.text is not None, problem
        en, zh = problem.render("en"), problem.render("zh")
        assert en == str(problem) and problem.message_in("en") == problem.message
        place = f"{problem.path}:{problem.line}:{problem.column}: "
        assert en.startswith(place) and zh.startswith(place)
        assert zh.endswith(f" [{problem.key}]") == bool(problem.key)
        assert CJK.search(problem.message_in("zh")), zh
        used.update(keys_in(problem.text))
        if problem.severity == "warning":
            used.add("loader.warning")
    return used


@pytest.mark.parametrize("case", CASES)
def test_each_problem_is_said_in_both_languages_at_the_same_place(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked(case, tmp_path, monkeypatch)


def test_every_loader_text_in_the_catalog_is_said_by_some_problem(tmp_path: Path) -> None:
    reached: set[str] = set()
    for number, case in enumerate(CASES):
        folder = tmp_path / str(number)
        folder.mkdir()
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(files, "_checked", {})
            reached |= checked(case, folder, monkeypatch)
    loader_keys = {key for key in STRINGS if key.startswith(("loader.", "char."))}
    assert loader_keys - reached == set()
    assert "error.scenario.did_you_mean" in reached


def test_a_file_that_is_not_valid_lists_its_problems_in_the_language_it_is_shown_in() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD / "no_way_to_end.yaml")
    path = BAD / "no_way_to_end.yaml"
    zh = caught.value.message_in("zh").splitlines()
    assert zh[1] == (
        f"{path}:17:3: 对话一旦到达节点 'opening' 就再也无法结束:从这里出发,没有哪一串反应能走到 "
        "'end'(won、lost、resolved、escalated);请加上一个结局 [nodes.opening]"
    )
    assert caught.value.message.splitlines()[1] == (
        f"{path}:17:3: the dialogue can never end once it reaches node 'opening': no chain of "
        "reactions from here leads to an 'end' (won, lost, resolved, escalated); add one "
        "[nodes.opening]"
    )


def test_a_warning_is_marked_as_one_in_either_language() -> None:
    [warning] = parsed(COMPLAINT)
    assert warning.render("en").startswith("s.yaml:7:7: warning: a complaint scenario")
    assert warning.render("zh").startswith("s.yaml:7:7: 警告:投诉场景通常会列出")
