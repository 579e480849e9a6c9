"""dojo backup: a consistent copy of the records while sessions are being written."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.commands.records import open_records
from simulator.i18n import t
from simulator.options import db_option, interface_lang


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.pass_context
def backup(ctx: click.Context, path: Path, db_path: Path | None) -> None:
    """Copy the records to PATH with SQLite's online backup, safe while trainees practise.

    The copy holds every session as it was at one moment, is checked before it is kept,
    and is one self-contained file. PATH must not exist yet.
    """
    with open_records(ctx, db_path) as store:
        copied = store.backup(path)
    lang = interface_lang(ctx)
    sessions = t("count.session", lang, count=copied["sessions"])
    turns = t("count.turn", lang, count=copied["turns"])
    click.echo(t("cli.backup.done", lang, sessions=sessions, turns=turns, path=path))


COMMANDS: list[click.Command] = [backup]
