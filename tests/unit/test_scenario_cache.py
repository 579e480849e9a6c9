"""The scenario cache: a folder is parsed once per run, and once across runs while unchanged."""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

import pytest

from simulator.paths import bundled_scenarios_dir
from simulator.scenario.loader import ScenarioCache, files, load_library

BASE = bundled_scenarios_dir() / "b2b-price-en.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    shared.mkdir()
    text = BASE.read_text(encoding="utf-8")
    for number in range(5):
        copy = re.sub(r"(?m)^id: .*$", f"id: shared-{number}", text)
        (shared / f"s{number}.yaml").write_text(copy, encoding="utf-8")
    (shared / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    return shared


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the loader actually parses, and a fresh run (nothing checked yet)."""
    seen: list[str] = []
    real = files.check_text

    def counting(text: str, path: str, *args: object, **kwargs: object) -> object:
        seen.append(Path(path).name)
        return real(text, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "check_text", counting)
    monkeypatch.setattr(files, "_checked", {})
    return seen


def test_a_folder_is_parsed_once_per_run(folder: Path, parses: list[str]) -> None:
    first = load_library([folder], cache=False)
    second = load_library([folder], cache=False)
    assert sorted(parses) == sorted(p.name for p in folder.iterdir())
    assert first.scenarios == second.scenarios and first.problems == second.problems


def test_the_next_run_reads_the_cache_instead_of_parsing(
    folder: Path, tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typo = BASE.read_text(encoding="utf-8").replace("\nnodes:", "\nnodez:", 1)
    (folder / "typo.yaml").write_text(typo, encoding="utf-8")
    cache = ScenarioCache(tmp_path / "cache")
    first = load_library([folder], cache=cache)
    monkeypatch.setattr(files, "_checked", {})  # a new run
    parses.clear()
    second = load_library([folder], cache=cache)
    assert parses == []
    assert second.scenarios == first.scenarios
    assert second.problems == first.problems
    # A problem read back is said in either language, as it was when the file was checked.
    assert [p.render("zh") for p in second.problems] == [p.render("zh") for p in first.problems]
    assert any("未知的键 'nodez' —— 是不是 'nodes'?" in p.render("zh") for p in second.problems)
    assert second.scenarios["shared-3"].nodes == first.scenarios["shared-3"].nodes


def test_a_changed_file_is_checked_again(
    folder: Path, tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ScenarioCache(tmp_path / "cache")
    load_library([folder], cache=cache)
    changed = folder / "s2.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("version: ", "version: 9"))
    monkeypatch.setattr(files, "_checked", {})
    parses.clear()
    load_library([folder], cache=cache)
    assert parses == ["s2.yaml"]


def test_the_same_content_elsewhere_keeps_its_own_path(folder: Path, tmp_path: Path) -> None:
    cache = ScenarioCache(tmp_path / "cache")
    load_library([folder], cache=cache)
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    library = load_library([other], cache=cache)
    assert library.scenarios["shared-1"].path == str(other / "s1.yaml")
    assert {p.path for p in library.problems} == {str(other / "broken.yaml")}


def test_a_damaged_or_edited_entry_is_ignored(
    folder: Path, tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ScenarioCache(tmp_path / "cache")
    first = load_library([folder], cache=cache)
    entries = sorted(cache.folder.glob("*.json"))
    assert len(entries) == 6
    entries[0].write_text("{not json", encoding="utf-8")
    entry = json.loads(entries[1].read_text(encoding="utf-8"))
    entry["data"] = {"id": "no-fields"} if entry["data"] else entry["data"]
    entry["problems"] = [{"unknown": 1}] if not entry["data"] else entry["problems"]
    entries[1].write_text(json.dumps(entry), encoding="utf-8")
    monkeypatch.setattr(files, "_checked", {})
    parses.clear()
    second = load_library([folder], cache=cache)
    assert len(parses) == 2
    assert second.scenarios == first.scenarios and second.problems == first.problems


def test_the_cache_is_private_and_can_be_turned_off(
    folder: Path, tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOJO_SCENARIO_CACHE", str(tmp_path / "mine"))
    load_library([folder])
    [fingerprint] = (tmp_path / "mine").iterdir()
    assert stat.S_IMODE(fingerprint.stat().st_mode) == 0o700
    monkeypatch.setenv("DOJO_SCENARIO_CACHE", "off")
    assert ScenarioCache.default() is None
