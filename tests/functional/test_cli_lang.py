"""`dojo --lang zh` speaks Chinese in the command line's own lines, and English stays as it was."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from simulator.cli import cli
from simulator.records.store import Store

TESTS = Path(__file__).parent.parent
GOOD = TESTS / "data" / "good"
BAD = TESTS / "data" / "bad"

f = SimpleNamespace(**runpy.run_path(str(TESTS / "unit" / "test_store.py")))


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No records, scenarios or LRS settings from the environment."""
    monkeypatch.setenv("DOJO_DB", str(tmp_path / "from-env.db"))
    for name in ("DOJO_SCENARIOS", "DOJO_LRS_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


def dojo(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Two sessions of one person typed two ways, and one session of another trainee."""
    path = tmp_path / "records.db"
    with Store.open(path) as store:
        f.play(store, "s1", trainee="Lin W.")
        f.play(store, "s2", trainee="lin wei ", totals=(80,))
    return path


def test_backup(db: Path, tmp_path: Path) -> None:
    zh = dojo("--lang", "zh", "backup", str(tmp_path / "zh.db"), "--db", str(db))
    en = dojo("backup", str(tmp_path / "en.db"), "--db", str(db))
    assert zh.output == f"已备份 2 次练习(3 轮)到 {tmp_path / 'zh.db'}\n"
    assert en.output == f"Backed up 2 sessions (3 turns) to {tmp_path / 'en.db'}\n"


def test_backup_of_one_session_counts_it_in_the_singular(tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    with Store.open(db) as store:
        f.play(store, "s1", totals=(70,))
    result = dojo("backup", str(tmp_path / "copy.db"), "--db", str(db))
    assert result.output == f"Backed up 1 session (1 turn) to {tmp_path / 'copy.db'}\n"


def test_trainee_rename_merge_and_team(db: Path) -> None:
    with Store.open(db) as store:
        uid = store.trainee("lin wei")["trainee_id"]  # type: ignore[index]
    renamed = dojo("--lang", "zh", "trainee", "rename", "LIN WEI", "Lin Wei", "--db", str(db))
    assert renamed.output == f"LIN WEI 已改名为 Lin Wei({uid})\n"
    merged = dojo("--lang", "zh", "trainee", "merge", "lin w.", "Lin Wei", "--db", str(db))
    assert merged.output == f"已将 lin w. 并入 Lin Wei({uid}),转入 1 次练习\n"
    team = dojo("--lang", "zh", "trainee", "set-team", "Lin Wei", "east", "--db", str(db))
    assert team.output == "Lin Wei:团队 east\n"
    no_team = dojo("--lang", "zh", "trainee", "set-team", "Lin Wei", "--db", str(db))
    assert no_team.output == "Lin Wei:未分团队\n"
    listed = dojo("--lang", "zh", "trainee", "list", "--db", str(db))
    assert listed.output.splitlines()[1].split("┃")[1:5] == [
        " 学员    ",
        " 编号           ",
        " 团队 ",
        " 练习次数 ",
    ]


def test_a_merge_of_two_sessions_says_sessions(tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    with Store.open(db) as store:
        f.play(store, "s1", trainee="ana")
        f.play(store, "s2", trainee="ana b")
        f.play(store, "s3", trainee="ana b")
        uid = store.trainee("ana")["trainee_id"]  # type: ignore[index]
    result = dojo("trainee", "merge", "ana b", "ana", "--db", str(db))
    assert result.output == f"merged ana b into ana ({uid}): 2 sessions moved\n"


def test_a_name_as_typed_is_shown_with_its_controls_written_out(db: Path) -> None:
    result = dojo("--lang", "zh", "trainee", "rename", "lin wei\x1b", "Lin Wei", "--db", str(db))
    assert result.output.startswith("lin wei\\x1b 已改名为 Lin Wei(")


def test_report_and_export_to_a_file(db: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = dojo("--lang", "zh", "report", "--db", str(db), "--format", "html", "-o", str(report))
    assert result.stderr == f"已将报告(HTML)写入 {report}\n"
    table = dojo("--lang", "zh", "report", "--db", str(db), "-o", str(tmp_path / "r.txt"))
    assert table.stderr == f"已将报告(表格)写入 {tmp_path / 'r.txt'}\n"
    english = dojo("report", "--db", str(db), "--format", "html", "-o", str(report))
    assert english.stderr == f"Wrote the html report to {report}\n"
    for output_format, zh, en in (
        ("jsonl", "2 次练习", "2 sessions"),
        ("csv", "3 行", "3 rows"),
        ("xapi", "7 条 xAPI 语句", "7 statements"),
    ):
        out = tmp_path / f"out.{output_format}"
        args = ("export", "--db", str(db), "--format", output_format, "-o", str(out))
        assert dojo("--lang", "zh", *args).stderr == f"已将 {zh}写入 {out}\n"
        assert dojo(*args).stderr == f"Wrote {en} to {out}\n"


def test_a_file_that_cannot_be_written_is_named_with_the_option_to_change(
    db: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "r.txt"
    report = dojo("--lang", "zh", "report", "--db", str(db), "-o", str(missing))
    assert report.exit_code == 1
    assert report.stderr == (
        f"Error: 无法写入 {missing}:No such file or directory;请检查路径,或用 -o 另选一个文件\n"
    )
    export = dojo("export", "--db", str(db), "--format", "csv", "-o", str(missing))
    assert export.stderr == (
        f"Error: cannot write {missing}: No such file or directory; check the path or choose "
        "another with --output\n"
    )


def test_new_and_validate(tmp_path: Path) -> None:
    target = tmp_path / "my-shop.yaml"
    wrote = dojo("--lang", "zh", "new", str(target))
    assert (
        wrote.output == f"已写入 {target}(id:my-shop);请编辑它,然后运行 `dojo validate {target}`\n"
    )
    again = dojo("--lang", "zh", "new", str(target))
    assert again.stderr == f"Error: {target} 已经存在;请换一个文件名,或先删除它\n"
    clean = dojo("--lang", "zh", "validate", str(target))
    assert clean.output == "已检查 1 个文件中的 1 个场景:全部通过\n"
    broken = dojo("--lang", "zh", "validate", str(target), str(BAD / "dangling_next.yaml"))
    assert broken.exit_code == 1
    assert broken.output.splitlines()[-1] == "2 个文件中有 1 个出错,共 1 个错误"


@pytest.mark.parametrize(
    ("name", "zh"),
    [
        (
            "dangling_next.yaml",
            "29:15: next 'clossing' 不是已有的节点 —— 是不是 'closing'? "
            "[nodes.opening.reactions.compensate.next]",
        ),
        (
            "tab_indentation.yaml",
            "35:1: 缩进用了制表符(Tab);YAML 只能用空格缩进,请把制表符换成空格",
        ),
        ("wrong_type.yaml", "8:13: 应为整数,实际为:'easy' [difficulty]"),
        ("missing_required.yaml", "35:5: nodes.closing 中缺少必填的键 'cause' [nodes.closing]"),
        (
            "not_utf8.yaml",
            "4:9: 文件不是 UTF-8 编码(字节 0xB9 无法读取);请在编辑器里把它另存为 UTF-8",
        ),
    ],
)
def test_validate_says_a_files_problem_in_chinese_at_the_same_place(name: str, zh: str) -> None:
    path = BAD / name
    chinese, english = dojo("--lang", "zh", "validate", str(path)), dojo("validate", str(path))
    assert chinese.exit_code == english.exit_code == 1
    [zh_line, zh_summary] = chinese.output.splitlines()
    [en_line, _] = english.output.splitlines()
    assert zh_line == f"{path}:{zh}"
    place = zh_line.split(": ")[0]  # FILE:LINE:COL
    assert en_line.startswith(f"{place}: ") and place.count(":") == 2
    assert zh_summary == "1 个文件中有 1 个出错,共 1 个错误"


def test_validate_json_keeps_the_english_message_beside_the_chinese() -> None:
    path = str(BAD / "unknown_key.yaml")
    [chinese] = json.loads(dojo("--lang", "zh", "validate", "--json", path).stdout)["problems"]
    [english] = json.loads(dojo("validate", "--json", path).stdout)["problems"]
    assert chinese == {**english, "message_zh": "未知的键 'tittle' —— 是不是 'title'?"}
    assert english["message"] == "unknown key 'tittle' — did you mean 'title'?"


def test_validate_marks_a_warning_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "complaint.yaml"
    text = (BAD / "dangling_next.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("clossing", "closing").replace("objection", "complaint"), "utf-8")
    result = dojo("--lang", "zh", "validate", str(path))
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith(
        f"{path}:7:7: 警告:投诉场景通常会列出期望的处理步骤 'steps'(listen_soothe、apologise、"
    )


def test_new_takes_the_customers_language_from_its_own_option(tmp_path: Path) -> None:
    target = tmp_path / "shop.yaml"
    result = dojo("--lang", "zh", "new", str(target), "--lang", "en")
    assert result.output.startswith("已写入 ")
    assert "\nlanguage: en " in target.read_text(encoding="utf-8")


def test_scenarios_list_counts_in_chinese() -> None:
    result = dojo("--lang", "zh", "scenarios", "list", "--scenarios", str(GOOD))
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "语言", "类型", "难度", "节点", "行业", "标题"]
    assert lines[-1].endswith(" 个场景")
    broken = dojo("--lang", "zh", "scenarios", "list", "--json", "--scenarios", str(BAD))
    path = BAD / "dangling_next.yaml"
    assert f"{path}:未加载(1 个错误);运行 `dojo validate {path}` 查看详情" in broken.stderr


def test_score_names_a_missing_node_in_chinese() -> None:
    result = dojo(
        "--lang", "zh", "score", "hi", "--scenario", "test-printer-price-en",
        "--node", "nowhere", "--scenarios", str(GOOD),
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: 场景“test-printer-price-en”中没有节点“nowhere”;它的节点有:"
    )


def test_lrs_status(db: Path) -> None:
    assert dojo("--lang", "zh", "lrs", "status", "--db", str(db)).output == (
        "还没有向任何学习记录库(LRS)发送过记录;请运行 `dojo lrs push --endpoint URL`。\n"
    )
    assert dojo("lrs", "status", "--db", str(db)).output == (
        "Nothing has been sent to an LRS yet; run `dojo lrs push --endpoint URL`.\n"
    )
    with Store.open(db) as store:
        store.record_deliveries("https://lrs.test/xAPI", [("s1", "x1")], "accepted", None)
        store.record_deliveries("https://lrs.test/xAPI", [("s2", "x2")], "conflict", "HTTP 409")
    table = dojo("--lang", "zh", "lrs", "status", "--db", str(db)).output
    assert ["地址", "状态", "语句数", "练习次数", "最近一次发送"] == [
        cell.strip() for cell in table.splitlines()[1].split("┃")[1:6]
    ]
    assert "已接收" in table and "冲突" in table and "accepted" not in table


def test_lrs_settings_errors_are_in_chinese(db: Path) -> None:
    bad = dojo("--lang", "zh", "lrs", "push", "--db", str(db), "--endpoint", "ftp://u:pw@x.test/")
    assert bad.exit_code == 1
    assert bad.stderr == (
        "Error: LRS 地址有误: LRS 地址 'ftp://x.test/' 不是 http(s) 地址;请给出类似 "
        "https://lrs.example.com/xAPI/ 的地址\n"
    )
    none = dojo("--lang", "zh", "lrs", "push", "--db", str(db))
    assert none.exit_code == 2 and "Error: 没有 LRS 地址:请给出 --endpoint URL" in none.stderr


def test_practice_names_a_replies_file_it_cannot_read_in_chinese(tmp_path: Path) -> None:
    missing = tmp_path / "replies.txt"
    result = dojo(
        "--lang", "zh", "practice", "test-printer-price-en", "--replies", str(missing),
        "--no-record", "--scenarios", str(GOOD),
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: 无法读取回答文件 {missing}:No such file or directory;请检查路径\n"
    )
