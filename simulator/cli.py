"""The `dojo` command line: the app by default, and commands for trainers, HR and tools."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import click

from simulator.commands import backup, classify, lrs, practice, records, scenarios, serve
from simulator.options import GlobalOptions, db_option, scenarios_option


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("objection-dojo"), "--version", prog_name="dojo")
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
    ctx: click.Context, scenario_dirs: tuple[str, ...], db_path: Path | None, lang: str | None
) -> None:
    """Objection Dojo: practise handling customer objections and complaints.

    Run with no command to open the practice app.
    """
    ctx.obj = GlobalOptions(scenario_dirs=scenario_dirs, db_path=db_path, lang=lang)
    if ctx.invoked_subcommand is None:
        from simulator.commands.app import run_app

        run_app(ctx)


for module in (scenarios, classify, practice, records, lrs, serve, backup):
    for command in module.COMMANDS:
        cli.add_command(command)


if __name__ == "__main__":
    cli()
