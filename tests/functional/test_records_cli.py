"""Tests for dojo report, export, hr, hr serve and trainee through the command line."""

from __future__ import annotations

import csv
import io
import json
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner, Result

import scoring
from simulator.cli import cli
from simulator.cli.commands import records
from simulator.records.store import Store

TESTS = Path(__file__).parent.parent
ENGINE_DATA = TESTS / "data" / "engine"


f = SimpleNamespace(**runpy.run_path(str(TESTS / "unit" / "test_store.py")))


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No database or scenarios from the environment."""
    monkeypatch.setenv("DOJO_DB", str(tmp_path / "from-env.db"))
    monkeypatch.delenv("DOJO_SCENARIOS", raising=False)
    monkeypatch.setenv("DOJO_TRAINEE", "ana")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    with Store.open(path) as store:
        f.play(store, "a1", trainee="ana", totals=(70, 90))
        f.play(
            store,
            "a2",
            trainee="ana",
            totals=(40,),
            techniques=("rebuttal",),
            started_at=f.START + timedelta(days=7),
            level="disappointed",
        )
        f.play(
            store,
            "b1",
            trainee="[red]ben[/red]",
            totals=(60, 80),
            techniques=("ask", "yes_if"),
            scenario=f.make_scenario("other-en"),
            started_at=f.START + timedelta(days=8),
        )
        f.play(store, "c1", trainee="cai", finished=None)
        store.set_team("ana", "north")
    return path


def dojo(*args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def report_json(db: Path, *args: str) -> dict[str, Any]:
    result = dojo("report", "--db", str(db), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


class TestReport:
    def test_json_contract(self, db: Path) -> None:
        data = report_json(db)
        assert data["sessions"] == 3 and data["open_excluded"] == 1
        trainees = {row["trainee"]: row for row in data["trainees"]}
        assert trainees["ana"]["sessions"] == 2 and trainees["ana"]["average_score"] == 60.0
        techniques = {row["technique"]: row for row in data["techniques"]}
        assert techniques["compensate"]["uses"] == 2
        assert techniques["compensate"]["matched_recommended"] == 2
        for key in ("scenarios", "trend", "satisfaction"):
            assert isinstance(data[key], list)

    @pytest.mark.parametrize(
        ("args", "sessions"),
        [
            ((), 3),  # no filter
            (("--trainee", "ana"), 2),  # trainee
            (("--team", "north"), 2),  # team
            (("--scenario", "other-en"), 1),  # scenario
            (("--from", "2026-05-08"), 2),  # from a day
            (("--to", "2026-05-08"), 2),  # to a day, inclusive
            (("--from", "2026-05-09", "--to", "2026-05-09", "--team", "north"), 0),  # combined
        ],
    )
    def test_filters(self, db: Path, args: tuple[str, ...], sessions: int) -> None:
        assert report_json(db, *args)["sessions"] == sessions

    def test_a_range_that_ends_before_it_starts_is_refused(self, db: Path) -> None:
        result = dojo("report", "--db", str(db), "--from", "2026-05-09", "--to", "2026-05-01")
        assert result.exit_code == 2
        assert "--to 2026-05-01 is before --from 2026-05-09" in result.output

    def test_a_malformed_day_is_refused(self, db: Path) -> None:
        result = dojo("report", "--db", str(db), "--from", "May 1st")
        assert result.exit_code == 2 and "'May 1st' does not match the format" in result.output

    def test_piped_tables_keep_each_header_word_whole(
        self, db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("COLUMNS", "80")
        result = dojo("report", "--db", str(db), "--section", "teams")
        assert result.exit_code == 0
        header = next(line for line in result.stdout.splitlines() if line.startswith("┃"))
        cells = [cell.strip() for cell in header.strip("┃").split("┃")]
        assert cells[:4] == ["Team", "Trainees", "Finished", "Unfinished"]

    def test_csv_sections_parse(self, db: Path) -> None:
        result = dojo("report", "--db", str(db), "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert {row["trainee"] for row in rows} == {"ana", "[red]ben[/red]"}
        result = dojo("report", "--db", str(db), "--format", "csv", "--section", "techniques")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [row["technique"] for row in rows][:2] == ["ignore", "compensate"]
        assert rows[1]["uses"] == "2" and rows[0]["average_score"] == ""

    def test_table_shows_names_as_typed(self, db: Path) -> None:
        result = dojo("report", "--db", str(db))
        assert result.exit_code == 0
        assert "[red]ben[/red]" in result.output
        assert "Sessions: 3 (3 finished, 0 unfinished) · trainees: 2 ·" in result.output
        assert "not counted: 0 abandoned, 1 in progress" in result.output
        # At 80 columns, names, ids and headers fold onto more lines; nothing is cut short.
        assert "…" not in result.output.replace("Yes…if", "")
        for title in ("Trainees", "Techniques", "Scenarios", "Trend per week", "Satisfaction"):
            assert title in result.output

    def test_chinese_table(self, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("COLUMNS", "160")
        result = dojo("--lang", "zh", "report", "--db", str(db), "--section", "techniques")
        assert "补偿法 (compensate)" in result.output

    def test_a_missing_database_is_an_error_and_is_not_created(self, tmp_path: Path) -> None:
        path = tmp_path / "none.db"
        result = dojo("report", "--db", str(path))
        assert result.exit_code == 1
        assert result.output.startswith("Error: No records: there is no records database at")
        assert not path.exists()

    def test_dojo_db_environment_variable_is_used(
        self, db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("DOJO_DB", str(db))
        result = dojo("report", "--format", "json")
        assert json.loads(result.stdout)["sessions"] == 3


class TestExport:
    def test_xapi_to_stdout_is_a_json_array(self, db: Path) -> None:
        result = dojo("export", "--db", str(db), "--format", "xapi")
        assert result.exit_code == 0
        data = json.loads(result.stdout)
        verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in data]
        assert verbs.count("answered") == 5 and verbs.count("completed") == 3
        assert {s["actor"]["account"]["homePage"] for s in data} == {
            "https://objection-dojo.invalid"
        }

    def test_export_to_a_file_says_how_many(self, db: Path, tmp_path: Path) -> None:
        out = tmp_path / "out.jsonl"
        result = dojo("export", "--db", str(db), "--format", "jsonl", "--output", str(out))
        assert result.exit_code == 0
        assert f"Wrote 3 sessions to {out}" in result.output
        assert len(out.read_text(encoding="utf-8").splitlines()) == 3

    def test_csv_export_with_filters(self, db: Path) -> None:
        result = dojo("export", "--db", str(db), "--format", "csv", "--trainee", "ana")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["session_id"], r["turn"]) for r in rows] == [
            ("a1", "1"),
            ("a1", "2"),
            ("a2", "1"),
        ]

    def test_home_page_must_be_http(self, db: Path) -> None:
        result = dojo("export", "--db", str(db), "--format", "xapi", "--home-page", "dojo")
        assert result.exit_code == 2
        assert "'dojo' is not an http(s) address" in result.output

    def test_format_is_required(self, db: Path) -> None:
        result = dojo("export", "--db", str(db))
        assert result.exit_code == 2 and "Missing option '--format'" in result.output


class TestHr:
    def test_hr_opens_the_app_on_the_hr_screen(
        self, db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import simulator.ui.app

        made: list[dict[str, Any]] = []

        class Ran:
            def run(self) -> None:
                made[-1]["ran"] = True

        def make_app(**kwargs: Any) -> Ran:
            made.append(kwargs)
            return Ran()

        monkeypatch.setattr(simulator.ui.app, "make_app", make_app)
        result = dojo("--lang", "zh", "hr", "--db", str(db))
        assert result.exit_code == 0, result.output
        [kwargs] = made
        assert kwargs["initial"] == "hr" and kwargs["db_path"] == db
        assert kwargs["ui_lang"] == "zh" and kwargs["ran"] is True

    def test_hr_on_a_missing_database_says_so(self, tmp_path: Path) -> None:
        result = dojo("hr", "--db", str(tmp_path / "none.db"))
        assert result.exit_code == 1 and "no records database" in result.output

    def test_serve_without_datasette_says_how_to_install_it(
        self, db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(records, "datasette_installed", lambda: False)
        result = dojo("hr", "serve", "--db", str(db))
        assert result.exit_code == 1
        assert result.output == (
            "Error: Datasette is not installed. Install the HR extra: "
            "pip install 'objection-dojo[hr]'\n"
        )

    def test_serve_runs_datasette_read_only_with_the_metadata(
        self, db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from simulator.records import datasette_server

        calls: list[tuple[Path, dict[str, Any], str, int]] = []
        monkeypatch.setattr(datasette_server, "serve", lambda *args: calls.append(args) or 0)
        result = dojo("hr", "serve", "--db", str(db), "--port", "8123")
        assert result.exit_code == 0, result.output
        [(path, metadata, host, port)] = calls
        assert (path, host, port) == (db, "127.0.0.1", 8123)
        assert set(metadata["databases"]) == {"records"}  # keyed by the served file's name
        served = datasette_server.make_datasette(db, metadata)
        assert served.setting("default_allow_sql") is False
        [database] = [d for d in served.databases.values() if d.name == "records"]
        assert database.is_mutable and not database.is_memory  # read-only, not immutable


def test_metadata_describes_every_table_and_column_of_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    with Store.open(path) as store:
        schema = {
            table: set(store.db.table(table).columns_dict) for table in store.db.table_names()
        }
    described = records.datasette_metadata(path)["databases"]["sessions"]["tables"]
    assert set(described) == set(schema)
    for table, columns in schema.items():
        assert described[table]["description"].strip(), table
        documented = described[table]["columns"]
        assert set(documented) == columns, table
        for column, text in documented.items():
            assert isinstance(text, str) and len(text) > 5, f"{table}.{column}"


class TestTrainee:
    def test_set_team_then_list(self, tmp_path: Path) -> None:
        path = tmp_path / "teams.db"
        result = dojo("trainee", "set-team", "dana", "east", "--db", str(path))
        assert result.exit_code == 0 and result.output == "dana: team east\n"
        result = dojo("trainee", "set-team", "dana", "--db", str(path))
        assert result.output == "dana: no team\n"
        result = dojo("trainee", "list", "--db", str(path))
        assert "dana" in result.output

    def test_rename_then_merge_shows_in_report_and_export_under_one_id(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "people.db"
        with Store.open(path) as store:
            f.play(store, "s1", trainee="Lin W.")
            f.play(store, "s2", trainee="lin wei ")
            uid = store.trainee("lin wei")["trainee_id"]  # type: ignore[index]
        result = dojo("trainee", "rename", "LIN WEI", "Lin Wei", "--db", str(path))
        assert result.exit_code == 0 and result.output == f"LIN WEI is now Lin Wei ({uid})\n"
        result = dojo("trainee", "merge", "lin w.", "Lin Wei", "--db", str(path))
        assert result.exit_code == 0
        assert result.output == f"merged lin w. into Lin Wei ({uid}): 1 session moved\n"
        report = json.loads(dojo("report", "--db", str(path), "--format", "json").output)
        assert [(r["trainee"], r["trainee_id"], r["sessions"]) for r in report["trainees"]] == [
            ("Lin Wei", uid, 2)
        ]
        rows = list(
            csv.DictReader(io.StringIO(dojo("export", "--db", str(path), "--format", "csv").output))
        )
        assert {(r["trainee"], r["trainee_id"]) for r in rows} == {("Lin Wei", uid)}

    def test_rename_to_a_taken_name_fails_and_says_to_merge(self, tmp_path: Path) -> None:
        path = tmp_path / "people.db"
        with Store.open(path) as store:
            f.play(store, "s1", trainee="ana")
            f.play(store, "s2", trainee="ben")
        result = dojo("trainee", "rename", "ana", "BEN", "--db", str(path))
        assert result.exit_code == 1
        assert result.output == (
            "Error: Name taken: cannot rename 'ana': 'ben' is another trainee; to make them "
            "one, run `dojo trainee merge 'ana' 'ben'`\n"
        )


REFUSALS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "rename to a taken name": (
        ("trainee", "rename", "ana", "BEN"),
        {
            "en": "Error: Name taken: cannot rename 'ana': 'ben' is another trainee; to make "
            "them one, run `dojo trainee merge 'ana' 'ben'`\n",
            "zh": "Error: 名字已被占用: 无法给 'ana' 改名:'ben' 是另一位练习者;要把两人合为一人,"
            "请运行 `dojo trainee merge 'ana' 'ben'`\n",
        },
    ),
    "merge a trainee into itself": (
        ("trainee", "merge", "ana", "ANA"),
        {
            "en": "Error: Same trainee: cannot merge 'ana' into 'ANA': both names are the same "
            "trainee\n",
            "zh": "Error: 同一位练习者: 无法把 'ana' 合并到 'ANA':这两个名字是同一位练习者\n",
        },
    ),
    "merge an unknown trainee": (
        ("trainee", "merge", "zed", "ana"),
        {
            "en": "Error: Unknown trainee: cannot merge 'zed' into 'ana': there is no trainee "
            "'zed' in {db}; `dojo trainee list` shows who there is\n",
            "zh": "Error: 没有这位练习者: 无法把 'zed' 合并到 'ana':{db} 中没有练习者 'zed';"
            "`dojo trainee list` 会列出所有练习者\n",
        },
    ),
    "a note on an open session": (
        ("note", "o1", "Good work"),
        {
            "en": "Error: Session open: cannot add a note to session o1: it is still open; "
            "notes go on closed sessions, so wait until it is finished, stopped or abandoned\n",
            "zh": "Error: 会话仍在进行: 无法给会话 o1 添加备注:它还在进行中;备注只能加在已结束的"
            "会话上,请等它完成、停止或被放弃\n",
        },
    ),
    "a note on an unknown session": (
        ("note", "zz", "Good work"),
        {
            "en": "Error: Unknown session: no session id starts with 'zz' in {db}; copy the id "
            "from `dojo export` or the HR screen\n",
            "zh": "Error: 没有这个会话: {db} 中没有以 'zz' 开头的会话编号;请从 `dojo export` 或 "
            "HR 界面复制编号\n",
        },
    ),
}
"""Records commands that are refused: their arguments and what they say in each language."""


class TestErrorsInTheInterfaceLanguage:
    """A refused records command says why in the language of --lang (English without)."""

    @pytest.fixture
    def people(self, tmp_path: Path) -> Path:
        path = tmp_path / "people.db"
        with Store.open(path) as store:
            f.play(store, "s1", trainee="ana")
            f.play(store, "s2", trainee="ben")
            f.play(store, "o1", trainee="ana", finished=None)
        return path

    @pytest.mark.parametrize("lang", [None, "en", "zh"])
    @pytest.mark.parametrize("case", list(REFUSALS))
    def test_a_refusal(self, people: Path, case: str, lang: str | None) -> None:
        args, said = REFUSALS[case]
        chosen = ["--lang", lang] if lang else []
        result = dojo(*chosen, *args, "--db", str(people))
        assert result.exit_code == 1
        assert result.output == said[lang or "en"].format(db=people)

    @pytest.mark.parametrize(
        ("lang", "said"),
        [
            (
                "en",
                "Error: No records: there is no records database at {db}; play a session "
                "first, or give the right file with --db PATH (or $DOJO_DB)\n",
            ),
            (
                "zh",
                "Error: 没有练习记录: {db} 处没有练习记录数据库;请先练习一次,或用 --db PATH"
                "(或 $DOJO_DB)指定正确的文件\n",
            ),
        ],
    )
    def test_a_missing_records_file(self, tmp_path: Path, lang: str, said: str) -> None:
        missing = tmp_path / "none.db"
        result = dojo("--lang", lang, "trainee", "rename", "ana", "Ana", "--db", str(missing))
        assert result.exit_code == 1
        assert result.output == said.format(db=missing)


@pytest.mark.usefixtures("fake_scoring")
def test_headless_practice_records_what_report_and_export_show(tmp_path: Path) -> None:
    path = tmp_path / "played.db"
    replies = tmp_path / "replies.txt"
    replies.write_text(
        "compensate: four phones\nask: what to think over?\ncompensate: a sheet\n",
        encoding="utf-8",
    )
    result = dojo(
        "practice", "engine-objection-en", "--replies", str(replies), "--db", str(path),
        "--scenarios", str(ENGINE_DATA), "--seed", "5",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Recorded to {path}" in result.output
    with Store.open(path) as store:
        [session] = store.recent_sessions("ana")
        assert session["mode"] == "headless" and session["status"] == "finished"
        assert session["outcome"] == "won" and session["turn_count"] == 3
        row = store.session(session["id"])
        assert row is not None
        assert row["scorer_version"] == scoring.SCORER_VERSION
        assert row["evaluation_rule_version"]
    data = report_json(path)
    assert data["sessions"] == 1 and data["trainees"][0]["trainee"] == "ana"
    assert {r["technique"]: r["uses"] for r in data["techniques"]}["compensate"] == 2
    statements = json.loads(dojo("export", "--db", str(path), "--format", "xapi").stdout)
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in statements][:2] == ["completed", "passed"]
