"""The `dojo` command line: the app by default, and commands for trainers, HR and tools."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from simulator.options import GlobalOptions, db_option, scenarios_option

if TYPE_CHECKING:
    from simulator.i18n import Language

COMMAND_MODULES: dict[str, str] = {
    "validate": "scenarios",
    "scenarios": "scenarios",
    "new": "scenarios",
    "classify": "classify",
    "score": "classify",
    "practice": "practice",
    "report": "records",
    "note": "records",
    "export": "records",
    "hr": "records",
    "trainee": "records",
    "docs": "docs",
    "lrs": "lrs",
    "serve": "serve",
    "visit": "serve",
    "backup": "backup",
}
"""Each subcommand's module in simulator.cli.commands, imported only when the command runs."""


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that command is used.

    `dojo --version` and the app's start do not pay for the scorer, the loader and the
    records code that other commands need.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"simulator.cli.commands.{module_name}")
        commands: list[click.Command] = module.COMMANDS
        return next(command for command in commands if command.name == cmd_name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="objection-dojo", prog_name="dojo")
@scenarios_option
@db_option
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the interface (default: from the locale). Scenarios keep their own language.",
)
@click.pass_context
def cli(
    ctx: click.Context,
    scenario_dirs: tuple[str, ...],
    db_path: Path | None,
    lang: Language | None,
) -> None:
    """Objection Dojo: practise handling customer objections and complaints.

    Run with no command to open the practice app.
    """
    ctx.obj = GlobalOptions(scenario_dirs=scenario_dirs, db_path=db_path, lang=lang)
    if ctx.invoked_subcommand is None:
        from simulator.cli.commands.app import run_app

        run_app(ctx)
