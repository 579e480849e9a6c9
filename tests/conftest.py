"""Shared fixtures: the stand-in scorers, a fresh store, and a private home for every test."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

import scoring
from simulator.records.store import Store

# Checked scenarios are cached in a folder of this run's own, never in the user's cache;
# commands run as subprocesses inherit it.
os.environ["DOJO_SCENARIO_CACHE"] = tempfile.mkdtemp(prefix="dojo-test-scenario-cache-")
# A string missing from the catalog fails the test that shows it, here and in subprocesses.
os.environ["DOJO_STRICT_STRINGS"] = "1"

DATA = Path(__file__).parent / "data"
"""The test data folder: scenarios, stand-in scorers, labelled replies."""

USER_ENV = ("DOJO_DB", "DOJO_SCENARIOS", "DOJO_TRAINEE")
"""The environment variables that point dojo at a user's own records, scenarios or name."""


@cache
def load_data_module(relative: str) -> ModuleType:
    """A Python file under tests/data, imported once: tests/ is not a package."""
    path = DATA / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def data_module() -> Callable[[str], ModuleType]:
    """Imports a Python file under tests/data by its path there, e.g. "store/live_migrations.py"."""
    return load_data_module


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh HOME with its own data, config, state and cache folders, for every test.

    Nothing a test runs (in-process or in a subprocess, which inherits the environment) reads
    or writes the developer's own records, remembered trainee, settings or caches.
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    for name in USER_ENV:
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def fake_scorer() -> ModuleType:
    """tests/data/engine/fake_scorer.py: scores a reply by the `LABEL s=NN +step !flag:` prefix."""
    return load_data_module("engine/fake_scorer.py")


@pytest.fixture(scope="session")
def fixed_scorer() -> ModuleType:
    """tests/data/app/fixed_scorer.py: every reply compensate (73), for stable snapshots."""
    return load_data_module("app/fixed_scorer.py")


@pytest.fixture
def fake_scoring(monkeypatch: pytest.MonkeyPatch, fake_scorer: ModuleType) -> ModuleType:
    """scoring.score_turn replaced by the fake scorer for one test (the CLI scores through it)."""
    monkeypatch.setattr(scoring, "score_turn", fake_scorer.fake_score)
    return fake_scorer


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh, migrated in-memory records store."""
    with Store.memory() as fresh:
        yield fresh
