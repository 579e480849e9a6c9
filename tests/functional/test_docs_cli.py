"""dojo docs prints the guides the templates and the help name, from any install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

from simulator.cli import cli
from simulator.cli.commands.docs import GUIDES

ROOT = Path(__file__).resolve().parents[2]


def test_docs_lists_every_guide() -> None:
    result = CliRunner().invoke(cli, ["docs"])
    assert result.exit_code == 0
    assert result.output.split() == list(GUIDES)


def test_docs_prints_the_scenario_format_guide() -> None:
    result = CliRunner().invoke(cli, ["docs", "scenario-format"])
    assert result.exit_code == 0
    assert result.output == (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")


def test_docs_refuses_an_unknown_guide() -> None:
    result = CliRunner().invoke(cli, ["docs", "nonsense"])
    assert result.exit_code == 2
    assert "scenario-format" in result.output


def test_every_guide_is_in_the_wheel(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("objection_dojo-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for guide in GUIDES:
        assert f"simulator/docs/{guide}.md" in names


def test_every_command_module_is_reachable_from_dojo() -> None:
    """A command added to a module's COMMANDS but not to COMMAND_MODULES would be unreachable."""
    import importlib
    import pkgutil

    import simulator.cli.commands
    from simulator.cli.main import COMMAND_MODULES

    declared = {
        command.name: info.name
        for info in pkgutil.iter_modules(simulator.cli.commands.__path__)
        for command in getattr(
            importlib.import_module(f"simulator.cli.commands.{info.name}"), "COMMANDS", ()
        )
    }
    assert declared == COMMAND_MODULES


def test_version_does_not_import_the_scorer() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from simulator.cli import cli; "
        "r = CliRunner().invoke(cli, ['--version']); "
        "assert r.exit_code == 0 and r.output.startswith('dojo, version'), r.output; "
        "assert 'scoring' not in sys.modules and 'textual' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
