"""Reads scenario files and folders into a library; a bad file never stops the others."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.errors import ScenarioError
from simulator.i18n import Joined, Message, from_data, to_data
from simulator.scenario.loader.build import build_scenario
from simulator.scenario.loader.cache import ScenarioCache
from simulator.scenario.loader.parse import check_text
from simulator.scenario.loader.problems import Problem, closest
from simulator.scenario.loader.tree import Tree
from simulator.scenario.model import Scenario

MAX_BYTES = 256 * 1024
"""The largest scenario file read; a real scenario is a few kilobytes (the largest bundled
one 16 KiB). Reading YAML cannot be interrupted, so this also bounds that part of the time
a file takes to check."""

SCENARIO_SUFFIXES = (".yaml", ".yml")


@dataclass
class Library:
    """Every scenario loaded from a set of folders, and the problems found on the way."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    """Scenarios by id, in load order (bundled first)."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem in every file, errors and warnings."""
    files: list[str] = field(default_factory=list)
    """Every scenario file read, in order."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that stopped a file from loading."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def broken_files(self) -> list[str]:
        """Files with at least one error, in load order."""
        return list(dict.fromkeys(p.path for p in self.errors))

    def get(self, scenario_id: str) -> Scenario:
        """The scenario with this id, or a ScenarioError that suggests close ids."""
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            match = closest(scenario_id, self.scenarios)
            raise ScenarioError.from_catalog(
                "error.scenario.unknown",
                title_key="error.title.unknown_scenario",
                scenario=scenario_id,
                hint=Message("error.scenario.did_you_mean", {"match": match}) if match else "",
            ) from None


def _check_file(
    path: Path, cache: ScenarioCache | None = None
) -> tuple[Scenario | None, list[Problem], tuple[int, int]]:
    """Read and check a file; also return where its id is, for duplicate-id reports.

    A file whose content was checked before, in this run or (with a cache) an earlier
    one, is not parsed again.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            large = Message(
                "loader.file.too_large", {"size": _size(size), "limit": _size(MAX_BYTES)}
            )
            return None, [Problem.of(name, 1, 1, "", large)], (1, 1)
        raw = path.read_bytes()
    except OSError as error:
        unread = Message("loader.file.unreadable", {"reason": error.strerror or str(error)})
        return None, [Problem.of(name, 1, 1, "", unread)], (1, 1)
    if len(raw) > MAX_BYTES:
        # The file grew between stat and read.
        grew = Message("loader.file.grew", {"limit": _size(MAX_BYTES)})
        return None, [Problem.of(name, 1, 1, "", grew)], (1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        not_utf8 = Message("loader.file.not_utf8", {"byte": raw[error.start]})
        return None, [Problem.of(name, line, column, "", not_utf8)], (1, 1)
    digest = hashlib.sha256(raw).hexdigest()
    known = _checked.get(digest) or (cache.get(digest) if cache is not None else None)
    if known is not None:
        found = _from_entry(known, name, digest)
        if found is not None:
            _checked[digest] = known
            return found
    keep: dict[str, Any] = {}
    scenario, problems, id_mark = check_text(text, name, digest, keep=keep)
    if not keep.get("slow"):
        entry = {
            "problems": [_problem_entry(p) for p in problems],
            "id_mark": list(id_mark),
            "data": keep.get("data"),
            "marks": keep.get("marks", []),
            "value_marks": keep.get("value_marks", []),
        }
        _checked[digest] = entry
        if cache is not None:
            cache.put(digest, entry)
    return scenario, problems, id_mark


def _problem_entry(problem: Problem) -> dict[str, Any]:
    """A problem as cache data, without its path (the same content may be in several files)."""
    entry = {k: v for k, v in problem.to_dict().items() if k != "path"}
    entry["text"] = to_data(problem.text)
    return entry


_checked: dict[str, dict[str, Any]] = {}
"""Files checked in this run, by content hash: a folder is parsed once however often it is
loaded."""


def _from_entry(
    entry: dict[str, Any], path: str, digest: str
) -> tuple[Scenario | None, list[Problem], tuple[int, int]] | None:
    """The result of checking a file, rebuilt from a cache entry; None if the entry is unusable."""
    try:
        problems = [
            Problem(path=path, **{**problem, "text": from_data(problem["text"])})
            for problem in entry["problems"]
        ]
        line, column = entry["id_mark"]
        if entry["data"] is None:
            return None, problems, (int(line), int(column))
        tree = Tree(path)
        for key, (mark_line, mark_column) in entry["marks"]:
            tree.key_marks[tuple(key)] = (int(mark_line), int(mark_column))
        for key, (mark_line, mark_column) in entry["value_marks"]:
            tree.value_marks[tuple(key)] = (int(mark_line), int(mark_column))
        return build_scenario(tree, entry["data"], digest), problems, (int(line), int(column))
    except (KeyError, TypeError, ValueError, AttributeError):
        # An entry from another version, or edited by hand: check the file again.
        return None


def _size(count: int) -> str:
    """A file size in words: `256 KiB`, `5.0 MiB`."""
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count / 1024 / 1024:.1f} MiB"


def check_file(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """Read and check one scenario file; never raises for bad content."""
    scenario, problems, _ = _check_file(path)
    return scenario, problems


def load_scenario(path: Path) -> Scenario:
    """Load one scenario file, or raise ScenarioError listing every problem in it."""
    scenario, problems = check_file(path)
    if scenario is None:
        found = tuple(p for p in problems if p.severity == "error")
        raise ScenarioError.from_catalog(
            "error.scenario.invalid",
            title_key="error.title.invalid_scenario",
            path=str(path),
            count=len(found),
            listing=Joined(found, "\n"),
        )
    return scenario


def scenario_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The scenario files in files and folders given (folders non-recursive, sorted by name)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.iterdir() if p.suffix in SCENARIO_SUFFIXES and p.is_file()
            )
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem.of(str(path), 1, 1, "", Message("loader.file.missing")))
    return list(dict.fromkeys(files)), problems


def load_library(dirs: Sequence[Path], *, cache: ScenarioCache | bool | None = True) -> Library:
    """Load every scenario in the folders (or files) given; a bad file never stops the others.

    With cache=True the user's scenario cache (ScenarioCache.default) is used; pass a
    ScenarioCache, or False for none.
    """
    store = ScenarioCache.default() if cache is True else (cache or None)
    library = Library()
    files, library.problems = scenario_files(dirs)
    with _collection_paused():
        _add_files(library, files, store)
    return library


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a folder loads.

    Loading builds many objects that all stay alive and form no cycles, so each collection
    would walk the growing library for nothing; pausing it makes a large folder load about
    a quarter faster.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _add_files(library: Library, files: list[Path], store: ScenarioCache | None) -> None:
    """Check each file and add its scenario and problems to the library."""
    first_seen: dict[str, str] = {}
    for path in files:
        library.files.append(str(path))
        scenario, problems, (line, column) = _check_file(path, store)
        library.problems += problems
        if scenario is None:
            continue
        if scenario.id in library.scenarios:
            used = Message(
                "loader.file.duplicate_id", {"id": scenario.id, "other": first_seen[scenario.id]}
            )
            library.problems.append(Problem.of(str(path), line, column, "id", used))
            continue
        first_seen[scenario.id] = str(path)
        library.scenarios[scenario.id] = scenario
