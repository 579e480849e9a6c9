"""Opens the practice app with the options given to the dojo group."""

from __future__ import annotations

import os

import click

from simulator.options import global_options, resolve_db, resolve_scenario_dirs

COMMANDS: list[click.Command] = []
"""The app is the group's default, not a subcommand."""


def run_app(ctx: click.Context) -> None:
    """Build the app from the group's options with make_app and run it until the trainee quits."""
    from simulator.ui.app import make_app

    options = global_options(ctx)
    app = make_app(
        scenario_dirs=resolve_scenario_dirs(ctx),
        db_path=resolve_db(ctx, None),
        ui_lang=options.lang,
        trainee=os.environ.get("DOJO_TRAINEE") or None,
    )
    app.run()
