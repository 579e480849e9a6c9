"""dojo lrs push and dojo lrs status: the records' xAPI statements in a learning record store."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from simulator.cli.commands.records import open_records
from simulator.i18n import Language, has, t
from simulator.options import db_option, interface_lang, shown_error
from simulator.records.export import DEFAULT_HOME_PAGE
from simulator.records.lrs import (
    LrsConfig,
    LrsError,
    config_path,
    delivery_counts,
    push,
    resolve_config,
)


def _config(
    ctx: click.Context,
    endpoint: str | None,
    username: str | None,
    password: str | None,
    home_page: str | None,
    anonymise: bool | None,
) -> LrsConfig:
    try:
        config = resolve_config(
            endpoint=endpoint,
            username=username,
            password=password,
            home_page=home_page,
            anonymise=anonymise,
        )
    except LrsError as error:
        raise shown_error(ctx, error) from None
    if config is None:
        raise click.UsageError(t("cli.lrs.no_endpoint", interface_lang(ctx), path=config_path()))
    return config


def _status(status: str, lang: Language) -> str:
    """A delivery status as the table shows it: accepted, failed or conflict in lang."""
    key = f"lrs.status.{status}"
    return t(key, lang) if has(key) else status


@click.group("lrs")
def lrs() -> None:
    """Send the records' xAPI statements to a learning record store (LRS).

    Settings come from the options, else DOJO_LRS_ENDPOINT, DOJO_LRS_USERNAME,
    DOJO_LRS_PASSWORD and DOJO_LRS_HOME_PAGE, else the [lrs] table of lrs.toml in the
    config folder. The password is never printed.
    """


@lrs.command("push")
@click.option("--endpoint", help="The LRS's xAPI address, e.g. https://lrs.example.com/xAPI/.")
@click.option("--username", help="HTTP basic user (or DOJO_LRS_USERNAME).")
@click.option(
    "--password",
    help="HTTP basic password (prefer DOJO_LRS_PASSWORD or lrs.toml: options show in ps).",
)
@click.option(
    "--home-page",
    default=None,
    help=f"The actor account's homePage and base of IRIs [default: {DEFAULT_HOME_PAGE}].",
)
@click.option(
    "--anonymise/--no-anonymise",
    default=None,
    help="Name trainees by a pseudonym instead of their stable id and name.",
)
@click.option("--trainee", help="Only this trainee's sessions.")
@db_option
@click.pass_context
def push_command(
    ctx: click.Context,
    endpoint: str | None,
    username: str | None,
    password: str | None,
    home_page: str | None,
    anonymise: bool | None,
    trainee: str | None,
    db_path: Path | None,
) -> None:
    """Send every closed session's statements the LRS has not accepted yet.

    What the LRS accepts is remembered in the records, so running this again sends only
    what is new or failed before. Statement ids follow the content: the same records with
    the same options give the same ids; other options (--home-page, --anonymise) give
    other statements with other ids. Exits with 1 if anything is left to send.
    """
    from simulator.records.report import Filters

    lang = interface_lang(ctx)
    config = _config(ctx, endpoint, username, password, home_page, anonymise)
    with open_records(ctx, db_path) as store:
        try:
            result = push(store, config, filters=Filters(trainee=trainee))
        except LrsError as error:
            raise shown_error(ctx, error) from None
    click.echo(result.summary(lang))
    if result.problem:
        click.echo(t("cli.lrs.stopped", lang, problem=result.problem.render(lang)), err=True)
    if not result.ok:
        click.echo(t("cli.lrs.sent_later", lang), err=True)
        ctx.exit(1)


@lrs.command("status")
@db_option
@click.pass_context
def status_command(ctx: click.Context, db_path: Path | None) -> None:
    """Show what each LRS has accepted, and what is waiting to be sent again."""
    lang = interface_lang(ctx)
    with open_records(ctx, db_path) as store:
        rows = delivery_counts(store)
    if not rows:
        click.echo(t("cli.lrs.nothing", lang))
        return
    table = Table(
        *(
            t(key, lang)
            for key in (
                "cli.lrs.col.endpoint",
                "cli.lrs.col.status",
                "cli.lrs.col.statements",
                "report.col.sessions",
                "cli.lrs.col.last_tried",
            )
        )
    )
    for row in rows:
        table.add_row(
            Text(row["endpoint"]),
            Text(_status(row["status"], lang)),
            Text(str(row["statements"])),
            Text(str(row["sessions"])),
            Text(row["last_tried"] or ""),
        )
    Console(soft_wrap=False).print(table)


COMMANDS: list[click.Command] = [lrs]
