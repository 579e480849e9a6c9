"""Tests for dojo validate, dojo scenarios list and dojo new, through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result

import scoring
from scoring import Classification, TurnScore, TurnSpec
from simulator.cli import cli
from simulator.paths import bundled_scenarios_dir
from simulator.scenario.loader import check_file

DATA = Path(__file__).parent.parent / "data"
GOOD = DATA / "good"
BAD = DATA / "bad"
EN = GOOD / "printer-price-en.yaml"
ZH = GOOD / "insurance-zh.yaml"


@pytest.fixture(autouse=True)
def no_user_scenarios(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own DOJO_SCENARIOS out of the tests."""
    monkeypatch.delenv("DOJO_SCENARIOS", raising=False)


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


class TestValidate:
    def test_clean_files_exit_zero_with_a_summary(self) -> None:
        result = run("validate", str(EN), str(ZH))
        assert result.exit_code == 0
        assert result.stdout == "checked 2 scenarios in 2 files: all clean\n"

    def test_a_folder_is_checked_file_by_file(self) -> None:
        result = run("validate", str(GOOD))
        assert result.exit_code == 0
        assert result.stdout == "checked 2 scenarios in 2 files: all clean\n"

    @pytest.mark.parametrize(
        ("name", "line"),
        [
            ("tab_indentation.yaml", "35:1: a tab character is used for indentation; YAML indents with spaces only — replace the tab with spaces"),
            ("unclosed_quote.yaml", '4:8: the quote " opened here is never closed; add the closing "'),
            ("unknown_key.yaml", "4:1: unknown key 'tittle' — did you mean 'title'? [tittle]"),
            ("misspelt_technique.yaml", "21:17: expected one of ignore, compensate, taichi, ask, yes_if, rebuttal, none, got 'compensat' — did you mean 'compensate'? [nodes.opening.recommend[0]]"),
            ("missing_required.yaml", "35:5: missing required key 'cause' in nodes.closing [nodes.closing]"),
            ("wrong_type.yaml", "8:13: expected a whole number, got 'easy' [difficulty]"),
            ("dangling_next.yaml", "29:15: next 'clossing' is not a node — did you mean 'closing'? [nodes.opening.reactions.compensate.next]"),
            ("unreachable_node.yaml", "34:3: node 'closing' cannot be reached from start 'opening': no reaction has next: closing — link it or delete it [nodes.closing]"),
            ("alias_bomb.yaml", "4:8: aliases (*name) are not allowed in scenarios; write the text out in full instead of referring to an &anchor"),
            ("duplicate_key.yaml", "25:5: duplicate key 'hint' (first given on line 24); YAML keeps only one of them — remove or rename the other [nodes.opening.hint]"),
            ("empty.yaml", "1:1: the file is empty; a scenario needs at least id, title, language, industry, kind, difficulty, version, persona, start and nodes — `dojo new FILE` writes a template"),
            ("not_utf8.yaml", "4:9: the file is not UTF-8 (byte 0xB9 cannot be read); save it as UTF-8 in your editor"),
        ],
    )  # fmt: skip
    def test_bad_file_exits_one_with_its_error_line(self, name: str, line: str) -> None:
        result = run("validate", str(BAD / name))
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == f"{BAD / name}:{line}"

    def test_five_megabyte_file_is_refused_quickly(self, tmp_path: Path) -> None:
        big = tmp_path / "big.yaml"
        big.write_bytes(b"title: x\n" * (5 * 1024 * 1024 // 9 + 1))
        result = run("validate", str(big))
        assert result.exit_code == 1
        assert result.stdout == (
            f"{big}:1:1: the file is 5.0 MiB; a scenario may be at most 256 KiB — "
            "split it into several scenarios\n1 error in 1 of 1 file\n"
        )

    def test_bad_files_do_not_stop_the_good_ones(self) -> None:
        result = run("validate", str(BAD), str(GOOD))
        assert result.exit_code == 1
        lines = result.stdout.splitlines()
        bad_files = sorted(BAD.glob("*.yaml"))
        assert all(line.startswith(str(BAD)) for line in lines[:-1])
        assert {line.split(":")[0] for line in lines[:-1]} == {str(p) for p in bad_files}
        total = len(bad_files) + 2
        assert lines[-1] == f"{len(lines) - 1} errors in {len(bad_files)} of {total} files"

    def test_every_problem_line_starts_with_file_line_column(self) -> None:
        result = run("validate", str(BAD))
        for line in result.stdout.splitlines()[:-1]:
            path, row, column, rest = line.split(":", 3)
            assert Path(path).parent == BAD
            assert int(row) >= 1 and int(column) >= 1
            assert rest.startswith(" ")

    def test_json_lists_every_problem(self) -> None:
        result = run("validate", "--json", str(BAD / "dangling_next.yaml"), str(EN))
        assert result.exit_code == 1
        payload = json.loads(result.stdout)
        assert payload["ok"] is False
        assert (payload["files"], payload["scenarios"], payload["errors"]) == (2, 1, 1)
        assert payload["problems"] == [
            {
                "path": str(BAD / "dangling_next.yaml"),
                "line": 29,
                "column": 15,
                "key": "nodes.opening.reactions.compensate.next",
                "message": "next 'clossing' is not a node — did you mean 'closing'?",
                "severity": "error",
            }
        ]

    def test_json_for_clean_files(self) -> None:
        payload = json.loads(run("validate", "--json", str(GOOD)).stdout)
        assert payload["ok"] is True
        assert payload["problems"] == []
        assert payload["summary"] == "checked 2 scenarios in 2 files: all clean"

    def test_a_missing_path_is_an_error(self, tmp_path: Path) -> None:
        result = run("validate", str(tmp_path / "nope.yaml"))
        assert result.exit_code == 1
        assert result.stdout == (
            f"{tmp_path / 'nope.yaml'}:1:1: no such file or folder; check the path\n"
            "1 error in 1 of 1 file\n"
        )

    def test_an_empty_folder_is_an_error(self, tmp_path: Path) -> None:
        result = run("validate", str(tmp_path))
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: no scenario files (*.yaml, *.yml) found in {tmp_path}; "
            "give a file or a folder of them\n"
        )

    def test_without_paths_checks_the_user_folders_too(self, tmp_path: Path) -> None:
        broken = tmp_path / "broken.yaml"
        broken.write_text("id: x\n", encoding="utf-8")
        result = run("validate", "--scenarios", str(tmp_path))
        assert result.exit_code == 1
        assert f"{broken}:1:1: missing required key 'title' at the top of the file" in result.stdout

    def test_bundled_library_is_clean(self) -> None:
        result = run("validate", str(bundled_scenarios_dir()))
        assert result.exit_code == 0, result.output
        assert result.stdout.endswith(": all clean\n")


def fake_score(
    technique_for: dict[str, str], total: int, calls: list[tuple[str, TurnSpec]]
) -> Callable[[str, TurnSpec], TurnScore]:
    """A stand-in for scoring.score_turn that labels replies by a table."""

    def score_turn(reply: str, turn: TurnSpec) -> TurnScore:
        calls.append((reply, turn))
        label = technique_for.get(reply, "none")
        classification = Classification(
            technique=label,  # type: ignore[arg-type]
            confidence=0.61,
            runner_up="none",
            runner_up_confidence=0.2,
            evidence=(),
            language="en",
        )
        return TurnScore(
            total=total,
            technique_fit=0,
            execution=0,
            relevance=0,
            classification=classification,
        )

    return score_turn


class TestValidateExamples:
    EXAMPLE_1 = "Yes, it costs more, and it lasts three times as long."
    EXAMPLE_2 = "What do you print most?"
    ANSWERS: ClassVar[dict[str, str]] = {
        "Yes, it costs more to buy, and its cartridges print three times as many pages, so it "
        "is cheaper by the end of the year.": "compensate",
        "What matters most to you in a printer, the price today or the cost per page?": "ask",
        "That figure is measured by an independent lab; here is the report.": "rebuttal",
        "You're right to check, and if you look at this lab report you'll see the figures.": (
            "yes_if"
        ),
    }

    def test_passing_examples_are_clean(self, monkeypatch: pytest.MonkeyPatch) -> None:
        calls: list[tuple[str, TurnSpec]] = []
        table = {self.EXAMPLE_1: "compensate", self.EXAMPLE_2: "ask", **self.ANSWERS}
        monkeypatch.setattr(scoring, "score_turn", fake_score(table, 70, calls))
        result = run("validate", "--test", str(EN))
        assert result.exit_code == 0
        assert result.stdout == (
            "checked 1 scenario in 1 file and ran 2 examples, 4 of 4 model answers read as "
            "their technique, 2 of 2 playthroughs ended well: all clean\n"
        )
        reply, spec = calls[0]
        assert reply == self.EXAMPLE_1
        assert spec.objection == "Your printer costs twice as much as the one down the road."
        assert spec.recommended == ("compensate", "ask")
        assert [d.technique for d in spec.discouraged] == ["rebuttal"]
        assert {(e.technique, e.source) for e in spec.model_answers} == {
            ("compensate", "test-printer-price-en"),
            ("ask", "test-printer-price-en"),
        }
        assert (spec.kind, spec.lang) == ("objection", "en")

    def test_the_summary_is_in_the_command_lines_language(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        table = {self.EXAMPLE_1: "compensate", self.EXAMPLE_2: "ask", **self.ANSWERS}
        monkeypatch.setattr(scoring, "score_turn", fake_score(table, 70, []))
        result = run("--lang", "zh", "validate", "--test", str(EN))
        assert result.exit_code == 0
        assert result.stdout == (
            "已检查 1 个文件中的 1 个场景,运行了 2 个示例,4 条范例回答中有 4 条被识别为所属的"
            "技巧,2 次演练中有 2 次结局良好:全部通过\n"
        )

    def test_failing_examples_are_reported_at_the_example(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        table = {self.EXAMPLE_1: "taichi", self.EXAMPLE_2: "ask", **self.ANSWERS}
        monkeypatch.setattr(scoring, "score_turn", fake_score(table, 30, []))
        result = run("validate", "--test", str(EN))
        assert result.exit_code == 1
        assert result.stdout == (
            f"{EN}:52:5: example 1: expected compensate, got taichi (confidence 0.61) [examples[0]]\n"
            f"{EN}:54:5: example 2: scored 30, expected at least 40 [examples[1]]\n"
            "2 errors in 1 of 1 file and ran 2 examples, 4 of 4 model answers read as their "
            "technique, 2 of 2 playthroughs ended well\n"
        )

    def test_failing_self_tests_are_reported_in_the_command_lines_language(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answers = dict(self.ANSWERS)
        answers[next(iter(answers))] = "rebuttal"
        table = {self.EXAMPLE_1: "taichi", self.EXAMPLE_2: "ask", **answers}
        monkeypatch.setattr(scoring, "score_turn", fake_score(table, 30, []))
        lines = run("--lang", "zh", "validate", "--test", str(EN)).stdout.splitlines()
        assert lines[:2] == [
            f"{EN}:32:19: 范例回答 'Yes, it costs more to buy, and its cartridges p…' 被识别为 "
            "rebuttal(置信度 0.61),而不是 compensate;请改写它,让它做到这种技巧的回复该做的事 "
            "[nodes.opening.model_answers.compensate]",
            f"{EN}:32:19: 从开场起一直按 compensate 的范例回答走下去,对话以 lost 结束"
            "(opening compensate→rebuttal);就是这条回答让对话走偏了 "
            "[nodes.opening.model_answers.compensate]",
        ]
        assert lines[2:4] == [
            f"{EN}:52:5: 示例 1:应为 compensate,评分器识别为 taichi(置信度 0.61) [examples[0]]",
            f"{EN}:54:5: 示例 2:得分 30,应不低于 40 [examples[1]]",
        ]

    def test_misread_model_answers_and_bad_playthroughs_are_reported_at_the_answer(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answers = dict(self.ANSWERS)
        first = next(iter(answers))
        answers[first] = "rebuttal"  # the compensate answer is misread; its customer walks away
        table = {self.EXAMPLE_1: "compensate", self.EXAMPLE_2: "ask", **answers}
        monkeypatch.setattr(scoring, "score_turn", fake_score(table, 70, []))
        result = run("validate", "--test", str(EN))
        assert result.exit_code == 1
        lines = result.stdout.splitlines()
        assert lines[0].startswith(f"{EN}:32:19: model answer 'Yes, it costs more to buy")
        assert "reads as rebuttal (confidence 0.61), not compensate" in lines[0]
        assert lines[0].endswith("[nodes.opening.model_answers.compensate]")
        assert lines[1].startswith(
            f"{EN}:32:19: following the compensate model answers from the opening ends lost "
            "(opening compensate→rebuttal)"
        )
        assert lines[-1] == (
            "2 errors in 1 of 1 file and ran 2 examples, 3 of 4 model answers read as their "
            "technique, 1 of 2 playthroughs ended well"
        )

    def test_missing_scorer_is_a_clear_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def not_yet(reply: str, turn: TurnSpec) -> TurnScore:
            raise NotImplementedError

        monkeypatch.setattr(scoring, "score_turn", not_yet)
        result = run("validate", "--test", str(EN))
        assert result.exit_code == 1
        assert "cannot run the examples" in result.stderr


class TestScenariosList:
    def test_json_has_the_contract_fields(self) -> None:
        result = run("scenarios", "list", "--json", "--scenarios", str(GOOD))
        assert result.exit_code == 0
        rows = {row["id"]: row for row in json.loads(result.stdout)}
        row = rows["test-printer-price-en"]
        assert {
            k: row[k] for k in ("title", "language", "kind", "difficulty", "nodes", "path")
        } == {
            "title": "The office printer is too expensive",
            "language": "en",
            "kind": "objection",
            "difficulty": 2,
            "nodes": 2,
            "path": str(EN),
        }
        assert row["industry"] == "office equipment"
        assert row["tags"] == ["price", "b2b"]
        assert rows["test-insurance-zh"]["title"] == "收入少,没有钱买保险"

    def test_table_lists_ids_and_titles(self) -> None:
        result = run("scenarios", "list", "--scenarios", str(GOOD))
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0].split() == ["id", "lang", "kind", "level", "nodes", "industry", "title"]
        assert any(
            line.startswith("test-insurance-zh") and "收入少,没有钱买保险" in line for line in lines
        )
        assert lines[-1].endswith("scenarios")

    def test_broken_files_are_named_on_stderr(self) -> None:
        result = run("scenarios", "list", "--json", "--scenarios", str(BAD))
        assert result.exit_code == 0
        named = {line.split(": not loaded")[0] for line in result.stderr.splitlines()}
        assert {str(p) for p in BAD.glob("*.yaml")} <= named

    def test_markup_in_a_title_is_shown_as_text(self, tmp_path: Path) -> None:
        text = EN.read_text(encoding="utf-8").replace(
            "title: The office printer is too expensive", 'title: "[bold]Loud[/bold] printer"'
        )
        (tmp_path / "loud.yaml").write_text(text, encoding="utf-8")
        result = run("scenarios", "list", "--scenarios", str(tmp_path))
        assert "[bold]Loud[/bold] printer" in result.stdout


class TestNew:
    @pytest.mark.parametrize("lang", ["en", "zh"])
    @pytest.mark.parametrize("kind", ["objection", "complaint"])
    def test_template_validates_clean(self, tmp_path: Path, lang: str, kind: str) -> None:
        target = tmp_path / "My Shop.yaml"
        result = run("new", str(target), "--lang", lang, "--kind", kind)
        assert result.exit_code == 0
        assert result.stdout == (
            f"wrote {target} (id: my-shop); edit it, then run `dojo validate {target}`\n"
        )
        scenario, problems = check_file(target)
        assert problems == []
        assert scenario is not None
        assert (scenario.id, scenario.language, scenario.kind) == ("my-shop", lang, kind)
        assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
        assert run("validate", str(target)).exit_code == 0

    def test_refuses_to_overwrite(self, tmp_path: Path) -> None:
        target = tmp_path / "mine.yaml"
        target.write_text("keep me", encoding="utf-8")
        result = run("new", str(target))
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {target} already exists; choose another file name or delete it first\n"
        )
        assert target.read_text(encoding="utf-8") == "keep me"

    def test_refuses_a_name_the_loader_would_skip(self, tmp_path: Path) -> None:
        result = run("new", str(tmp_path / "mine.txt"))
        assert result.exit_code == 1
        assert "does not end in .yaml" in result.stderr
