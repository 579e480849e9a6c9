"""dojo serve: the practice app in the browser for a team on one server; dojo visit runs one visitor's app."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from simulator.errors import StoreError
from simulator.i18n import t
from simulator.options import (
    db_option,
    global_options,
    interface_lang,
    resolve_db,
    resolve_scenario_dirs,
    shown_error,
)


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Keep 127.0.0.1 behind a reverse proxy (see docs/deployment.md).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--public-url",
    default=None,
    help="The address trainees' browsers use, e.g. https://dojo.example.com behind a proxy.",
)
@db_option
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, public_url: str | None, db_path: Path | None
) -> None:
    """Serve the practice app to browsers: each visitor signs in and practises on their own.

    Every browser tab runs its own app; visitors share only the records database. A tab
    closed during a session leaves it open, and the same trainee can resume it after
    signing in again. No page part is fetched from another host.
    """
    if importlib.util.find_spec("textual_serve") is None:
        raise click.ClickException(t("cli.serve.missing", interface_lang(ctx)))
    from simulator.records.store import Store
    from simulator.ui.serve import DojoServer, visitor_command

    path = resolve_db(ctx, db_path)
    try:
        # Opening checks the file, refuses a network file system, and migrates it once,
        # before any visitor's app opens it.
        Store.open(path).close()
    except StoreError as error:
        raise shown_error(ctx, error) from None
    options = global_options(ctx)
    command = visitor_command(
        db_path=path.resolve(),
        scenario_dirs=tuple(str(p.resolve()) for p in map(Path, options.scenario_dirs)),
        lang=options.lang,
    )
    server = DojoServer(
        command, host=host, port=port, public_url=public_url, lang=interface_lang(ctx)
    )
    server.serve()


@click.command("visit", hidden=True)
@click.pass_context
def visit(ctx: click.Context) -> None:
    """Run one visitor's app for `dojo serve`: sign-in first, no settings file, no HR view."""
    from simulator.records.lrs import LrsError, resolve_config
    from simulator.ui.app import make_app

    options = global_options(ctx)
    try:
        lrs = resolve_config()
    except LrsError:
        # A visitor cannot fix the server's LRS settings; `dojo lrs push` reports them.
        lrs = None
    make_app(
        scenario_dirs=resolve_scenario_dirs(ctx),
        db_path=resolve_db(ctx, None),
        ui_lang=options.lang,
        served=True,
        lrs=lrs,
    ).run()


COMMANDS: list[click.Command] = [serve, visit]
