"""What `import scoring`, the app's module and the records store load, and what they leave for later."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import hookimpl
from sqlite_utils.plugins import pm

from simulator.records.store import Store

CLASSIFIER_MODULES = ("scoring.classify", "scoring.score", "scoring.moves", "scoring.features")
"""The scorer's modules that compile its patterns and hash its data when imported."""


def run_python(code: str, *, path: Path | None = None) -> None:
    """Run code in a fresh interpreter (optionally with path first on sys.path); fail if it fails."""
    prefix = f"import sys; sys.path.insert(0, {str(path)!r}); " if path else ""
    subprocess.run([sys.executable, "-c", prefix + code], check=True)


@pytest.mark.parametrize(
    "module",
    [
        "scoring",  # The models, registries and policy, without the classifier
        "simulator.ui.app",  # Everything the app's first screen needs
    ],
)
def test_importing_leaves_the_classifier_unloaded(module: str) -> None:
    run_python(
        f"import sys, {module}; "
        f"loaded = [m for m in {CLASSIFIER_MODULES!r} if m in sys.modules]; "
        "assert not loaded, loaded"
    )


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("classify", "scoring.classify"),
        ("SCORER_VERSION", "scoring.classify"),
        ("score_turn", "scoring.score"),
        ("detect_steps", "scoring.steps"),
    ],
)
def test_a_classifier_name_is_loaded_from_its_module_on_first_use(name: str, module: str) -> None:
    run_python(
        f"import sys, scoring; value = scoring.{name}; "
        f"assert value is getattr(sys.modules[{module!r}], {name!r}), value"
    )


def test_classify_stays_the_function_when_its_module_is_imported_first() -> None:
    # Scoring a reply imports scoring.classify by way of scoring.score.
    run_python(
        "import scoring, scoring.score; from scoring import classify; "
        "assert callable(classify) and classify.__module__ == 'scoring.classify', classify; "
        "assert scoring.classify is classify"
    )


def test_a_name_scoring_does_not_have_is_an_attribute_error() -> None:
    import scoring

    with pytest.raises(AttributeError, match="no_such_name"):
        _ = scoring.no_such_name


def test_the_records_store_does_not_import_numpy_or_pandas(tmp_path: Path) -> None:
    # Stand-ins that would be found first on sys.path, as installed libraries are.
    (tmp_path / "numpy.py").write_text("FAKE = True\n")
    (tmp_path / "pandas.py").write_text("FAKE = True\n")
    run_python(
        "import simulator.records.store; "
        "assert 'numpy' not in sys.modules and 'pandas' not in sys.modules; "
        "import numpy, pandas; assert numpy.FAKE and pandas.FAKE",
        path=tmp_path,
    )


class RegistersAFunction:
    """A sqlite-utils plugin that adds a SQL function to every connection it is given."""

    @staticmethod
    @hookimpl
    def prepare_connection(conn: object) -> None:
        conn.create_function("from_a_plugin", 0, lambda: 1)  # type: ignore[attr-defined]


def test_the_records_store_runs_no_sqlite_utils_plugins() -> None:
    plugin = RegistersAFunction()
    pm.register(plugin)
    try:
        with Store.memory() as store:
            functions = {
                row[0] for row in store.db.conn.execute("SELECT name FROM pragma_function_list")
            }
    finally:
        pm.unregister(plugin)
    assert "from_a_plugin" not in functions
