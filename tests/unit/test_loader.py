"""Tests for the scenario loader: safe parsing, every problem at once, graph checks, the library."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario.loader import (
    MAX_BYTES,
    Problem,
    check_file,
    did_you_mean,
    load_library,
    load_scenario,
    parse_scenario_text,
)

DATA = Path(__file__).parent.parent / "data"
GOOD = DATA / "good"
BAD = DATA / "bad"
BASE = BAD / "dangling_next.yaml"


def base_text() -> str:
    """A valid scenario text: the dangling-next file with its one mistake put right."""
    text = BASE.read_text(encoding="utf-8").replace("next: clossing", "next: closing")
    return text.replace("id: bad-dangling-next", "id: base")


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line holding fragment."""
    for number, row in enumerate(text.splitlines(), start=1):
        if fragment in row:
            return number
    raise AssertionError(f"{fragment!r} not in text")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def test_base_text_is_valid() -> None:
    scenario, problems = parse_scenario_text(base_text())
    assert scenario is not None, problems
    assert problems == []


@pytest.mark.parametrize("name", ["printer-price-en.yaml", "insurance-zh.yaml"])
def test_good_files_load_clean(name: str) -> None:
    scenario, problems = check_file(GOOD / name)
    assert problems == []
    assert scenario is not None
    assert scenario.path == str(GOOD / name)
    assert scenario.content_hash == hashlib.sha256((GOOD / name).read_bytes()).hexdigest()


def test_good_english_scenario_becomes_dataclasses() -> None:
    scenario = load_scenario(GOOD / "printer-price-en.yaml")
    opening = scenario.nodes["opening"]
    assert scenario.start == "opening"
    assert opening.customer == (
        "Your printer costs twice as much as the one down the road.",
        "That price is far too high for a printer.",
    )
    assert opening.recommend == ("compensate", "ask")
    assert opening.discourage[0].technique == "rebuttal"
    assert opening.reactions["rebuttal"].end == "lost"
    assert opening.reactions["compensate"].next == "running_cost"
    assert opening.reaction_for("ignore").say == ("Hm. I'm still not convinced.",)
    assert opening.model_answers["ask"] == (
        "What matters most to you in a printer, the price today or the cost per page?",
    )
    assert opening.where is not None
    assert (opening.where.line, opening.where.column) == (21, 3)
    assert scenario.examples[1].node == "opening"
    assert scenario.examples[1].min_score == 40
    assert scenario.examples[0].where is not None
    assert scenario.examples[0].where.line == 52
    assert scenario.persona.name == "Ms Grant"


def test_unquoted_boolean_nature_is_read_as_the_word() -> None:
    # The Chinese fixture writes `nature: false` without quotes, as trainers will.
    scenario = load_scenario(GOOD / "insurance-zh.yaml")
    assert scenario.nodes["opening"].nature == "false"
    assert scenario.nodes["opening"].hidden_reason == "其实是担心保险公司理赔难。"
    assert scenario.tags == ("保险",)


# name, expected 1-based line, a fragment of the message
BAD_FILES = [
    ("tab_indentation.yaml", 35, "tab character"),  # tab before `customer:`
    ("misaligned.yaml", 11, "indented 2 spaces and the line above 3"),  # persona's `role:`
    (
        "overindented.yaml",
        11,
        "probably indented wrongly: it is indented 4 spaces, and the key 'name' above it 2",
    ),  # persona's `role:`
    ("unclosed_quote.yaml", 4, 'the quote " opened here is never closed'),  # title
    ("unknown_key.yaml", 4, "unknown key 'tittle' — did you mean 'title'?"),
    ("misspelt_technique.yaml", 21, "got 'compensat' — did you mean 'compensate'?"),
    ("missing_required.yaml", 35, "missing required key 'cause' in nodes.closing"),
    ("wrong_type.yaml", 8, "expected a whole number, got 'easy'"),
    ("dangling_next.yaml", 29, "next 'clossing' is not a node — did you mean 'closing'?"),
    ("unreachable_node.yaml", 34, "node 'closing' cannot be reached from start 'opening'"),
    ("alias_bomb.yaml", 4, "aliases (*name) are not allowed"),
    ("duplicate_key.yaml", 25, "duplicate key 'hint' (first given on line 24)"),
    ("empty.yaml", 1, "the file is empty"),
    ("not_utf8.yaml", 4, "the file is not UTF-8"),
    ("no_way_to_end.yaml", 17, "the dialogue can never end once it reaches node 'opening'"),
]


@pytest.mark.parametrize(("name", "line", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_gives_the_right_message_at_the_right_line(
    name: str, line: int, message: str
) -> None:
    scenario, problems = check_file(BAD / name)
    assert scenario is None
    matching = [p for p in errors(problems) if message in p.message]
    assert matching, [str(p) for p in problems]
    assert matching[0].line == line
    assert matching[0].path == str(BAD / name)


def test_every_bad_file_in_the_folder_is_covered() -> None:
    assert {p.name for p in BAD.glob("*.yaml")} == {name for name, _, _ in BAD_FILES}


def test_not_utf8_names_the_column_of_the_bad_byte() -> None:
    _, [problem] = check_file(BAD / "not_utf8.yaml")
    # GBK's first byte of 太 happens to start a UTF-8 pair, so the first unreadable byte is
    # the one after it, in column 9.
    assert (problem.line, problem.column) == (4, 9)
    assert "save it as UTF-8" in problem.message


def test_five_megabyte_file_gives_one_problem(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * (5 * 1024 * 1024 // 10))
    scenario, problems = check_file(big)
    assert scenario is None
    assert len(problems) == 1
    assert problems[0].message.startswith("the file is 5.0 MiB; a scenario may be at most 256 KiB")
    assert big.stat().st_size > MAX_BYTES


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = (
        base_text()
        .replace("kind: objection", "kind: complain")
        .replace("recommend: [compensate]", "recommend: [tachi]")
        .replace("next: closing", "next: closng", 1)
        .replace("mood: 50", "mood: 150")
    )
    _, problems = parse_scenario_text(text, "x.yaml")
    found = {(p.line, p.key) for p in errors(problems)}
    assert (line_of(text, "kind: complain"), "kind") in found
    assert (line_of(text, "recommend: [tachi]"), "nodes.opening.recommend[0]") in found
    assert (line_of(text, "next: closng"), "nodes.opening.reactions.compensate.next") in found
    assert (line_of(text, "mood: 150"), "persona.mood") in found
    kind = next(p for p in problems if p.key == "kind")
    assert kind.message == (
        "expected one of objection, complaint, got 'complain' — did you mean 'complaint'?"
    )
    assert str(kind) == (
        f"x.yaml:{kind.line}:7: expected one of objection, complaint, got 'complain' — "
        "did you mean 'complaint'? [kind]"
    )


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        # A technique id misspelt as a reaction key
        (
            "      compensate:\n        say: That",
            "      compensat:\n        say: That",
            "nodes.opening.reactions.compensat",
            "did you mean 'compensate'?",
        ),
        # A technique's display name instead of its id
        (
            "recommend: [compensate]",
            "recommend: [Tai-chi]",
            "nodes.opening.recommend[0]",
            "did you mean 'taichi'?",
        ),
        # A misspelt cause
        ("cause: budget_short", "cause: budget_shrot", "nodes.opening.cause", "'budget_short'"),
        # A misspelt outcome
        ("end: won", "end: wn", "nodes.closing.reactions.default.end", "did you mean 'won'?"),
        # A start that is not a node
        ("start: opening", "start: openin", "start", "did you mean 'opening'?"),
        # A recommended technique without a model answer
        (
            "recommend: [compensate]",
            "recommend: [compensate, taichi]",
            "nodes.opening.recommend[1]",
            "'taichi' is recommended but has no model answer",
        ),
        # A false objection without its real reason
        (
            '    cause: budget_short\n    nature: "true"\n    recommend: [compensate]',
            '    cause: budget_short\n    nature: "false"\n    recommend: [compensate]',
            "nodes.opening.nature",
            "needs 'hidden_reason'",
        ),
        # A reaction with both next and end
        (
            "        mood: 10\n        next: closing",
            "        mood: 10\n        next: closing\n        end: won",
            "nodes.opening.reactions.compensate",
            "not both",
        ),
        # A reaction with neither next nor end
        (
            "        mood: 10\n        next: closing",
            "        mood: 10",
            "nodes.opening.reactions.compensate",
            "needs 'next'",
        ),
        # A node without the default reaction
        (
            "      default:\n        say: I'm not sure.\n        mood: -5\n        next: closing\n",
            "",
            "nodes.opening.reactions",
            "missing required key 'default'",
        ),
        # An example answering a node that does not exist
        (
            "    technique: compensate\n",
            "    technique: compensate\n    node: closin\n",
            "examples[0].node",
            "did you mean 'closing'?",
        ),
        # An example with an unknown technique
        (
            "    technique: compensate\n",
            "    technique: compensation\n",
            "examples[0].technique",
            "did you mean 'compensate'?",
        ),
        # Weights that do not add up to 1
        (
            "start: opening",
            "satisfaction_weights: {efficiency: 0.5, result: 0.6}\nstart: opening",
            "satisfaction_weights",
            "the weights add up to 1.1, expected 1",
        ),
        # A scenario id with capitals
        ("id: base", "id: Base_1", "id", "only lowercase letters, digits and hyphens"),
        # A number where text was meant
        ("title: Too expensive", "title: 2024", "title", "put it in quotes if you meant text"),
        # A YAML tag that would build a Python object
        (
            "title: Too expensive",
            "title: !!python/name:os.system ''",
            "title",
            "cannot read this value",
        ),
    ],
)
def test_semantic_problem_is_reported_at_its_key(
    old: str, new: str, key: str, message: str
) -> None:
    text = base_text()
    assert old in text
    scenario, problems = parse_scenario_text(text.replace(old, new, 1))
    assert scenario is None
    assert any(p.key == key and message in p.message for p in errors(problems)), [
        str(p) for p in problems
    ]


def test_comma_in_a_flow_mapping_gets_a_quoting_hint() -> None:
    text = base_text().replace(
        "      default:\n        say: I'm not sure.\n        mood: -5\n        next: closing",
        "      default: {say: Well, maybe, mood: -5, next: closing}",
    )
    _, problems = parse_scenario_text(text)
    [problem] = errors(problems)
    assert problem.key == "nodes.opening.reactions.default.maybe"
    assert "put a text that holds a comma in quotes" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "message"),
    [
        # a key indented under a key with a value: indent it like that key
        ("    cause: budget_short\n    nature: \"true\"", "    cause: budget_short\n      nature: \"true\"", "nature:", 7,
         "indented 6 spaces, and the key 'cause' above it 4, so YAML reads it as more of the value of 'cause'"),
        # a list item's key: the key after the dash is the one to line up with
        ("    technique: compensate", "      technique: compensate", "technique: compensate", 7, "indent it 4 spaces (column 5), like 'reply'"),
        # a value run on over a line of its own, then a key indented under it
        ("        mood: 10\n", "          and more\n          mood: 10\n", "          mood: 10", 11, "the key 'say' above it 8"),
        # a colon inside a value, with the keys lined up: only the quoting advice
        ("        mood: 10\n", "        mood: Note: 10\n", "Note:", 19, 'put the value in quotes, e.g. say: "Note: …"'),
        # the first key of a block under a key without a value is not indented wrongly
        ("      default:\n        say: I'm not sure.", "      default:\n        say: Note: I'm not sure.", "Note:", 18, "put the value in quotes"),
    ],
)  # fmt: skip
def test_a_colon_after_a_wrongly_indented_key_says_where_the_key_belongs(
    old: str, new: str, line: str, column: int, message: str
) -> None:
    text = base_text()
    assert old in text
    text = text.replace(old, new, 1)
    _, [problem] = parse_scenario_text(text)
    assert (problem.line, problem.column) == (line_of(text, line), column)
    assert message in problem.message
    assert ("indented wrongly" in problem.message) == ("Note:" not in new)


def test_complaint_without_steps_is_a_warning_only() -> None:
    text = base_text().replace("kind: objection", "kind: complaint")
    scenario, problems = parse_scenario_text(text)
    assert scenario is not None
    [warning] = problems
    assert warning.severity == "warning"
    assert warning.key == "kind"
    assert str(warning).startswith(f"<string>:{line_of(text, 'kind:')}:7: warning: ")


def test_multiple_documents_are_refused() -> None:
    _, [problem] = parse_scenario_text(base_text() + "---\nid: second\n")
    assert "one scenario only" in problem.message


def test_top_level_list_is_refused() -> None:
    _, [problem] = parse_scenario_text("- id: a\n")
    assert problem.message.startswith("a scenario is a mapping of keys")


def test_load_scenario_raises_with_every_problem() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD / "no_way_to_end.yaml")
    lines = caught.value.message.splitlines()
    assert lines[0] == f"{BAD / 'no_way_to_end.yaml'} has 2 problems:"
    assert [line.split(": ")[0] for line in lines[1:3]] == [
        f"{BAD / 'no_way_to_end.yaml'}:17:3",
        f"{BAD / 'no_way_to_end.yaml'}:34:3",
    ]


def test_an_invalid_file_is_reported_in_the_interface_language() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD / "no_way_to_end.yaml")
    zh = caught.value.message_in("zh").splitlines()
    assert zh[0] == f"{BAD / 'no_way_to_end.yaml'} 有 2 个问题:"
    assert zh[-1] == f"改好后,用 `dojo validate {BAD / 'no_way_to_end.yaml'}` 再检查一遍。"
    assert caught.value.title_in("zh") == "场景文件无效"
    assert caught.value.title_in("en") == "Scenario not valid"


def test_an_unknown_id_suggests_the_closest_in_either_language() -> None:
    library = load_library([GOOD])
    some_id = sorted(library.scenarios)[0]
    with pytest.raises(ScenarioError) as caught:
        library.get(some_id[:-1])
    assert f"did you mean '{some_id}'?" in caught.value.message_in("en")
    assert f"是不是 '{some_id}'?" in caught.value.message_in("zh")
    with pytest.raises(ScenarioError) as caught:
        library.get("zzzzzzzz")
    assert "did you mean" not in caught.value.message_in("en")
    assert caught.value.message_in("zh").startswith("没有 id 为 'zzzzzzzz' 的场景;")


def test_library_loads_good_files_beside_bad_ones(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (5 * 1024 * 1024))
    library = load_library([BAD, GOOD, tmp_path])
    assert list(library.scenarios) == ["test-insurance-zh", "test-printer-price-en"]
    assert set(library.broken_files) == {str(p) for p in BAD.glob("*.yaml")} | {str(big)}
    assert len(library.files) == len(list(BAD.glob("*.yaml"))) + 3


def test_library_reports_a_duplicate_id_in_the_later_file(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text((GOOD / "insurance-zh.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    library = load_library([GOOD, tmp_path])
    assert library.scenarios["test-insurance-zh"].path == str(GOOD / "insurance-zh.yaml")
    [problem] = library.problems
    assert (problem.path, problem.line, problem.key) == (str(copy), 2, "id")
    assert "already used by" in problem.message


def test_library_names_a_missing_folder(tmp_path: Path) -> None:
    library = load_library([tmp_path / "nowhere"])
    [problem] = library.problems
    assert problem.message == "no such file or folder; check the path"


def test_library_get_suggests_a_close_id() -> None:
    library = load_library([GOOD])
    assert library.get("test-insurance-zh").language == "zh"
    with pytest.raises(ScenarioError, match="did you mean 'test-insurance-zh'"):
        library.get("test-insurance-ch")


@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [
        ("tachi", ["taichi", "ask"], " — did you mean 'taichi'?"),  # a typo
        ("太极法", ["taichi", "ask"], " — did you mean 'taichi'?"),  # the Chinese name
        ("太极", ["taichi", "ask"], " — did you mean 'taichi'?"),  # ... without its 法
        ("询问", ["taichi", "ask"], " — did you mean 'ask'?"),
        ("Yes…if", ["yes_if", "ask"], " — did you mean 'yes_if'?"),  # the English name
        ("zzz", ["taichi", "ask"], ""),  # nothing close
        (3, ["taichi"], ""),  # not text
    ],
)
def test_did_you_mean(value: object, choices: list[str], expected: str) -> None:
    assert did_you_mean(value, choices) == expected


def mutations(text: str) -> list[str]:
    """The text with each line deleted in turn, and each value replaced by other YAML types."""
    lines = text.splitlines()
    variants: list[str] = []
    for i, row in enumerate(lines):
        variants.append("\n".join(lines[:i] + lines[i + 1 :]))
        if ":" in row and not row.lstrip().startswith("#"):
            key = row.split(":", 1)[0]
            for value in ("[]", "{}", "1", "~", "[1, 2]", "{a: 1}", "-1.5", "true", "2024-01-01"):
                variants.append("\n".join([*lines[:i], f"{key}: {value}", *lines[i + 1 :]]))
    return variants


@pytest.mark.parametrize("name", ["printer-price-en.yaml", "insurance-zh.yaml"])
def test_no_mutation_of_a_good_file_raises(name: str) -> None:
    for text in mutations((GOOD / name).read_text(encoding="utf-8")):
        scenario, problems = parse_scenario_text(text)
        # Either it still loads, or it says why not.
        assert scenario is not None or errors(problems), text


def test_the_annotated_example_in_the_docs_is_valid() -> None:
    guide = (Path(__file__).parent.parent.parent / "docs" / "scenario-format.md").read_text(
        encoding="utf-8"
    )
    section = guide.split("## A complete annotated example", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    scenario, problems = parse_scenario_text(example, "docs/scenario-format.md")
    assert problems == []
    assert scenario is not None
    assert scenario.nodes["think"].nature == "hidden"


@pytest.mark.parametrize("enabled", [True, False], ids=["collector on", "collector off"])
def test_loading_a_folder_leaves_the_cycle_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        library = load_library([GOOD], cache=False)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert library.scenarios


def test_a_file_that_fails_the_schema_lists_every_schema_problem() -> None:
    text = base_text().replace("difficulty: 1", "difficulty: 9").replace("version: 1", "version: x")
    scenario, problems = parse_scenario_text(text, "two.yaml")
    assert scenario is None
    keys = {problem.key for problem in errors(problems)}
    assert {"difficulty", "version"} <= keys
