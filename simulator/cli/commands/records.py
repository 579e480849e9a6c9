"""dojo report, dojo export, dojo hr and dojo trainee: HR's view of the records."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import IO, Any, get_args

import click
import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

from scoring.models import TECHNIQUE_NAMES
from simulator.errors import StoreError
from simulator.i18n import Language, t
from simulator.options import (
    db_option,
    global_options,
    interface_lang,
    resolve_db,
    resolve_scenario_dirs,
    shown_error,
)
from simulator.records import report as reports
from simulator.records.export import (
    DEFAULT_HOME_PAGE,
    csv_writer,
    write_csv,
    write_jsonl,
    write_xapi,
)
from simulator.records.report import SECTIONS, WINDOW_WEEKS, Filters, Period
from simulator.records.store import Store
from simulator.session.evaluation import factor_name, level_name
from simulator.session.principles import principle_name, principle_of
from simulator.settings import default_author
from simulator.untrusted import json_line, spreadsheet_cell, visible

PIPED_WIDTH = 1000
"""The widest a report table may be when it goes to a file or a pipe rather than a terminal."""

DATASETTE_DATABASE = "sessions"
"""The database name the shipped metadata describes (the default file is sessions.db)."""


def filter_options(f: Any) -> Any:
    """Add the --from, --to, --trainee, --team and --scenario filters to a command."""
    day = click.DateTime(formats=["%Y-%m-%d"])
    for option in reversed(
        (
            click.option("--from", "date_from", type=day, help="First day (UTC), YYYY-MM-DD."),
            click.option(
                "--to", "date_to", type=day, help="Last day (UTC), YYYY-MM-DD, inclusive."
            ),
            click.option("--trainee", help="Only this trainee."),
            click.option(
                "--team", help="Only trainees of this team (see `dojo trainee set-team`)."
            ),
            click.option("--scenario", "scenario_id", help="Only this scenario id."),
        )
    ):
        f = option(f)
    return f


def make_filters(
    date_from: datetime | None,
    date_to: datetime | None,
    trainee: str | None,
    team: str | None,
    scenario_id: str | None,
    lang: Language = "en",
) -> Filters:
    """The Filters of the command line's values; a range that ends before it starts is an error."""
    first: date | None = date_from.date() if date_from else None
    last: date | None = date_to.date() if date_to else None
    if first and last and last < first:
        raise click.BadParameter(
            t("cli.filter.to_before_from", lang, last=last, first=first), param_hint="--to"
        )
    return Filters(first, last, trainee, team, scenario_id)


def write_failed(output: str, error: OSError, option: str, lang: Language) -> click.ClickException:
    """The error of an output file that could not be written, naming the option to change it."""
    return click.ClickException(
        t("cli.write_failed", lang, output=output, reason=error.strerror, option=option)
    )


def say(ctx: click.Context, key: str, *, err: bool = False, **values: Any) -> None:
    """Print the catalog line of key in the command line's language, controls written out.

    The values are names and notes as people typed them, so the line goes through visible().
    """
    click.echo(visible(t(key, interface_lang(ctx), **values)), err=err)


@contextmanager
def open_records(ctx: click.Context, db_path: Path | None, create: bool = False) -> Iterator[Store]:
    """The records store for a command, with store errors shown as one clear line."""
    path = resolve_db(ctx, db_path)
    try:
        store = Store.open(path, create=create)
    except StoreError as error:
        raise shown_error(ctx, error) from None
    try:
        yield store
    except StoreError as error:
        raise shown_error(ctx, error) from None
    finally:
        store.close()


@contextmanager
def output_stream(output: str) -> Iterator[IO[str]]:
    """A UTF-8 text stream for the file named, or for standard output when it is `-`."""
    if output == "-":
        # Records hold Chinese text, so stdout is written as UTF-8 whatever the locale says.
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            yield sys.stdout
            return
        stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()
        return
    # Written to a private file beside the target and renamed at the end, so a failed
    # export never leaves a partial file, and the records are never world-readable.
    target = Path(output)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with open(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- dojo report --------------------------------------------------------------


def _cell(value: Any) -> Text:
    """A table cell as Text, so names and titles are shown as typed, never as markup."""
    if value is None:
        return Text("–", style="dim")
    if isinstance(value, float):
        return Text(f"{value:.1f}")
    if isinstance(value, int):
        return Text(str(value))
    # Names, teams and titles are typed by trainees and trainers: control characters are
    # shown, never sent to HR's terminal.
    return Text(visible(value, newlines=False), justify="left")


def _rate(value: float | None) -> Text:
    return Text("–", style="dim") if value is None else Text(f"{value:.0%}")


Cell = Callable[[dict[str, Any], Language], Any]
"""A table cell from a report row, in a language."""


def _named(names: dict[str, dict[str, str]], key: str) -> Cell:
    """A cell showing a label's name in the language, then its id."""
    return lambda row, lang: f"{names.get(row[key], {}).get(lang, row[key])} ({row[key]})"


def _field(key: str) -> Cell:
    return lambda row, _lang: row[key]


def _percent(key: str) -> Cell:
    return lambda row, _lang: _rate(row[key])


def _technique(key: str) -> Cell:
    """A cell naming a technique in the language, or a dash when there is none."""
    return lambda row, lang: None if row[key] is None else _named(TECHNIQUE_NAMES, key)(row, lang)  # type: ignore[arg-type]


def _team(row: dict[str, Any], lang: Language) -> Any:
    return row["team"] if row["team"] is not None else t("report.no_team", lang)


def _window(average: str, count: str) -> Cell:
    return lambda row, _lang: "–" if row[average] is None else f"{row[average]:.1f} ({row[count]})"


TABLES: dict[str, tuple[str, tuple[tuple[str, Cell], ...]]] = {
    "teams": (
        "report.section.teams",
        (
            ("report.col.team", _team),
            ("report.col.trainees", _field("trainees")),
            ("report.col.finished", _field("finished")),
            ("report.col.unfinished", _field("unfinished")),
            ("report.col.average", _field("average_score")),
            ("report.col.pass_rate", _percent("pass_rate")),
            ("report.col.most_misused", _technique("most_misused")),
            ("report.col.weakest", _technique("weakest")),
        ),
    ),
    "team_techniques": (
        "report.section.team_techniques",
        (
            ("report.col.team", _team),
            ("report.col.technique", _named(TECHNIQUE_NAMES, "technique")),  # type: ignore[arg-type]
            ("report.col.uses", _field("uses")),
            ("report.col.avg_turn", _field("average_score")),
            ("report.col.match_rate", _percent("matched_rate")),
            ("report.col.misused", _field("misused")),
        ),
    ),
    "progress": (
        "report.section.progress",
        (
            ("report.col.trainee", _field("trainee")),
            ("report.col.team", _field("team")),
            ("report.col.first_weeks", _window("first_average", "first_sessions")),
            (
                "report.col.latest_weeks",
                _window("latest_average", "latest_sessions"),
            ),
            (
                "report.col.change",
                lambda r, _: "–" if r["change"] is None else f"{r['change']:+.1f}",
            ),
            ("report.col.trend", lambda r, lang: t(f"report.trend.{r['trend']}", lang)),
        ),
    ),
    "calibration": (
        "report.section.calibration",
        (
            ("report.col.trainee", _field("trainee")),
            ("report.col.team", _field("team")),
            ("report.col.rated", _field("rated_sessions")),
            ("report.col.self", lambda r, _: Text(f"{r['self_assessment']:.2f}")),
            (
                "report.col.evaluated",
                lambda r, _: Text(f"{r['evaluation_index']:.2f}"),
            ),
            ("report.col.gap", lambda r, _: Text(f"{r['gap']:+.2f}")),
            (
                "report.col.calibration",
                lambda r, lang: t(f"report.calibration.{r['calibration']}", lang),
            ),
        ),
    ),
    "flags": (
        "report.section.flags",
        (
            ("report.col.flag", lambda r, lang: principle_name(r["flag"], lang)),
            ("report.col.principle", lambda r, _: principle_of(r["flag"])),
            ("report.col.turns", _field("turns")),
            ("report.col.share", lambda r, _: Text(f"{r['share_of_turns']:.1%}")),
            ("report.col.sessions", _field("sessions")),
            ("report.col.trainees", _field("trainees")),
            ("report.col.team_most", _field("team_most_often")),
        ),
    ),
    "notes": (
        "report.section.notes",
        (
            ("report.col.when", lambda r, _: r["created_at"][:16].replace("T", " ")),
            ("report.col.trainee", _field("trainee")),
            ("report.col.session", lambda r, _: r["session_id"][:8]),
            ("report.col.author", _field("author")),
            ("report.col.note", _field("text")),
        ),
    ),
    "trainees": (
        "report.section.trainees",
        (
            ("report.col.trainee", _field("trainee")),
            ("report.col.team", _field("team")),
            ("report.col.finished", _field("finished")),
            ("report.col.unfinished", _field("unfinished")),
            ("report.col.average", _field("average_score")),
            ("report.col.pass_rate", _percent("pass_rate")),
            ("report.col.last_active", lambda r, _: (r["last_active"] or "")[:10]),
        ),
    ),
    "techniques": (
        "report.section.techniques",
        (
            ("report.col.technique", _named(TECHNIQUE_NAMES, "technique")),  # type: ignore[arg-type]
            ("report.col.uses", _field("uses")),
            ("report.col.share", _percent("share")),
            ("report.col.avg_turn", _field("average_score")),
            ("report.col.matched", _field("matched_recommended")),
            ("report.col.match_rate", _percent("matched_rate")),
        ),
    ),
    "scenarios": (
        "report.section.scenarios",
        (
            ("report.col.scenario", _field("scenario_id")),
            ("report.col.title", _field("title")),
            ("report.col.sessions", _field("sessions")),
            ("report.col.average", _field("average_score")),
            ("report.col.pass_rate", _percent("pass_rate")),
            ("report.col.avg_turns", _field("average_turns")),
            ("report.col.good_endings", _field("good_endings")),
        ),
    ),
    "trend": (
        "report.section.trend",
        (
            ("report.col.period", _field("period")),
            ("report.col.sessions", _field("sessions")),
            ("report.col.average", _field("average_score")),
            ("report.col.pass_rate", _percent("pass_rate")),
        ),
    ),
    "satisfaction": (
        "report.section.satisfaction",
        (
            (
                "report.col.level",
                lambda r, lang: f"{level_name(r['level'], lang)} ({r['level']})",
            ),
            ("report.col.sessions", _field("sessions")),
            ("report.col.share", _percent("share")),
            (
                "report.col.avg_css",
                lambda r, _: None if r["average_css"] is None else Text(f"{r['average_css']:.2f}"),
            ),
        ),
    ),
}
"""Each report section's table: the catalog keys of its title and column headers, and its cells."""


def _table(section: str, data: dict[str, Any], lang: Language) -> Table:
    """One section's rows as a table; every cell is Text, never markup."""
    title, columns = TABLES[section]
    period = data["trend_period"]
    period = t(f"report.period.{period}", lang) if period in get_args(Period) else period
    table = Table(title=t(title, lang, period=period), title_justify="left", expand=False)
    for index, (header, _cell_of) in enumerate(columns):
        # Names, ids and titles fold onto the next line rather than being cut short.
        table.add_column(
            t(header, lang, weeks=WINDOW_WEEKS),
            justify="left" if index == 0 else "right",
            overflow="fold",
        )
    for row in data[section]:
        if section == "team_techniques" and not row["uses"]:
            continue  # the JSON, CSV and HTML list them; a terminal table has no room
        cells = [cell_of(row, lang) for _header, cell_of in columns]
        table.add_row(*[cell if isinstance(cell, Text) else _cell(cell) for cell in cells])
    return table


def render_tables(data: dict[str, Any], sections: tuple[str, ...], lang: Language) -> list[Any]:
    """The report as rich renderables: a summary line, then one table per section."""
    average = data["average_score"]
    # The pass rate is appended as coloured text, so the sentence leaves its field empty.
    summary = Text(
        t(
            "report.summary",
            lang,
            sessions=data["sessions"],
            finished=data["finished"],
            unfinished=data["unfinished"],
            trainees=data["trainee_count"],
            average="–" if average is None else average,
            pass_rate="",
        )
    )
    summary.append_text(_rate(data["pass_rate"]))
    if data["abandoned_excluded"] or data["open_excluded"]:
        summary.append(
            t(
                "report.summary.excluded",
                lang,
                abandoned=data["abandoned_excluded"],
                open=data["open_excluded"],
            ),
            style="dim",
        )
    shown: list[Any] = [summary]
    shown.extend(_table(section, data, lang) for section in SECTIONS if section in sections)
    averages = data["evaluation"]
    if "satisfaction" in sections and averages["evaluated"]:
        grades = " · ".join(
            f"{factor_name(k, lang)} {v:.1f}" for k, v in averages["grades"].items()
        )
        line = Text(
            t(
                "report.evaluated",
                lang,
                n=averages["evaluated"],
                grades=grades,
                index=averages["index"],
                css=averages["css"],
            )
        )
        if averages["self_assessed"]:
            line.append(
                t(
                    "report.self_assessed",
                    lang,
                    rating=averages["self_assessment"],
                    n=averages["self_assessed"],
                )
            )
        shown.append(line)
    return shown


def write_section_csv(rows: list[dict[str, Any]], out: IO[str]) -> None:
    """One report section as CSV with a header row; nested values as JSON."""
    if not rows:
        return
    writer = csv_writer(out, rows[0])
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: spreadsheet_cell(
                    json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                )
                for k, v in row.items()
            }
        )


@click.command("report")
@db_option
@filter_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json", "html"]),
    default="table",
    show_default=True,
    help="html: one self-contained page to e-mail or print (give a file with -o).",
)
@click.option(
    "--section",
    type=click.Choice(SECTIONS),
    default=None,
    help="Only this table (for csv, which holds one table: trainees unless given).",
)
@click.option(
    "--per",
    "period",
    type=click.Choice(["week", "day"]),
    default="week",
    show_default=True,
    help="The trend's period: ISO week or day (UTC).",
)
@click.option(
    "--include-unfinished",
    is_flag=True,
    help="Average over unfinished sessions too (by default only finished ones are averaged).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    default="-",
    help="Write to this file instead of standard output.",
)
@click.pass_context
def report(
    ctx: click.Context,
    db_path: Path | None,
    date_from: datetime | None,
    date_to: datetime | None,
    trainee: str | None,
    team: str | None,
    scenario_id: str | None,
    output_format: str,
    section: str | None,
    period: str,
    include_unfinished: bool,
    output: str,
) -> None:
    """Summarise the records: per team, trainee, technique and scenario, over time, and more.

    Finished and unfinished sessions are counted apart; averages, pass rates, technique
    mixes, flags and satisfaction are over finished sessions unless --include-unfinished.
    Abandoned sessions (left open by a crash and not resumed) and sessions still in
    progress are shown as counts and left out of every figure. The average score is the
    mean of the sessions' total scores; a technique's average is the mean score of the
    turns that used it.
    """
    lang = interface_lang(ctx)
    filters = replace(
        make_filters(date_from, date_to, trainee, team, scenario_id, lang),
        include_unfinished=include_unfinished,
    )
    with open_records(ctx, db_path) as store:
        data = reports.full_report(store, filters, period)  # type: ignore[arg-type]
    try:
        with output_stream(output) as out:
            if output_format == "json":
                if section:
                    data = {
                        key: value
                        for key, value in data.items()
                        if key not in SECTIONS or key == section
                    }
                out.write(json_line(data, indent=2) + "\n")
            elif output_format == "csv":
                write_section_csv(data[section or "trainees"], out)
            elif output_format == "html":
                from simulator.records.report_html import render_html

                out.write(render_html(data, lang))
            else:
                file = out if output != "-" else sys.stdout
                # A file or a pipe gets each table at its own width, so no header is
                # broken inside a word at 80 columns ("Finishe / d").
                width = None if file.isatty() else PIPED_WIDTH
                console = Console(soft_wrap=False, file=file, width=width)
                sections = (section,) if section else SECTIONS
                for renderable in render_tables(data, sections, lang):
                    console.print(renderable)
    except OSError as error:
        raise write_failed(output, error, "-o", lang) from None
    if output != "-":
        shown_format = t(f"cli.report.format.{output_format}", lang)
        click.echo(t("cli.report.wrote", lang, format=shown_format, output=output), err=True)


# -- dojo note ----------------------------------------------------------------


@click.command("note")
@click.argument("session")
@click.argument("text", required=False)
@db_option
@click.option(
    "--author",
    default=None,
    help="Who writes the note (default: $DOJO_AUTHOR, else your login name).",
)
@click.pass_context
def note(
    ctx: click.Context, session: str, text: str | None, db_path: Path | None, author: str | None
) -> None:
    """Add TEXT as a note on the closed session SESSION (its id or first characters).

    Without TEXT, list the session's notes. Notes are kept in their own table and never
    change the session; they appear in the exports, `dojo report` and the HR screen.
    """
    with open_records(ctx, db_path) as store:
        session_id = store.resolve_session(session)
        if text is None:
            for row in store.notes(session_id):
                when = row["created_at"][:16].replace("T", " ")
                click.echo(visible(f"{when}  {row['author']}: {row['text']}"))
            return
        added = store.add_note(session_id, text, author or default_author())
    say(ctx, "cli.note.added", err=True, session=session_id, author=added["author"])


# -- dojo export --------------------------------------------------------------


@click.command("export")
@db_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "jsonl", "xapi"]),
    required=True,
    help="csv: a row per turn; jsonl: a session per line; xapi: a JSON array of xAPI 1.0.3 statements.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    default="-",
    help="Write to this file instead of standard output.",
)
@filter_options
@click.option(
    "--home-page",
    default=DEFAULT_HOME_PAGE,
    show_default=True,
    help="xapi: the actor account's homePage and the base of activity ids.",
)
@click.option(
    "--anonymise",
    is_flag=True,
    help="xapi: name trainees by a stable pseudonym instead of their name.",
)
@click.pass_context
def export(
    ctx: click.Context,
    db_path: Path | None,
    output_format: str,
    output: str,
    date_from: datetime | None,
    date_to: datetime | None,
    trainee: str | None,
    team: str | None,
    scenario_id: str | None,
    home_page: str,
    anonymise: bool,
) -> None:
    """Export the closed sessions (finished, unfinished, abandoned) with every scored turn.

    In xapi, a finished session gives `completed` and `passed` or `failed` against its pass
    mark; an unfinished or abandoned one gives `attempted`; each turn gives `answered`.
    Statement ids are derived from each statement's content: exporting again gives the
    same ids, and other options (--home-page, --anonymise) give other ids.
    """
    lang = interface_lang(ctx)
    filters = make_filters(date_from, date_to, trainee, team, scenario_id, lang)
    if not home_page.startswith(("http://", "https://")):
        raise click.BadParameter(
            t("error.home_page", lang, page=repr(home_page)), param_hint="--home-page"
        )
    with open_records(ctx, db_path) as store:
        records = reports.iter_session_records(store, filters)
        try:
            with closing(records), output_stream(output) as out:
                if output_format == "csv":
                    count = write_csv(records, out)
                    noun = "count.row"
                elif output_format == "jsonl":
                    count = write_jsonl(records, out)
                    noun = "count.session"
                else:
                    count = write_xapi(records, out, home_page, anonymise)
                    noun = "count.statement"
        except BrokenPipeError:
            # The reader (e.g. `head`) stopped reading: not an error worth a message.
            sys.stdout = open(os.devnull, "w")
            ctx.exit(0)
        except OSError as error:
            raise write_failed(output, error, "--output", lang) from None
    if output != "-":
        items = t(noun, lang, count=count)
        click.echo(t("cli.export.wrote", lang, items=items, output=output), err=True)


# -- dojo hr ------------------------------------------------------------------


@click.group("hr", invoke_without_command=True)
@db_option
@click.pass_context
def hr(ctx: click.Context, db_path: Path | None) -> None:
    """Open the HR review screen: charts, trainees and each session's transcript."""
    if ctx.invoked_subcommand is not None:
        return
    from simulator.ui.app import make_app

    path = resolve_db(ctx, db_path)
    try:
        Store.open(path, create=False).close()
    except StoreError as error:
        raise shown_error(ctx, error) from None
    make_app(
        scenario_dirs=resolve_scenario_dirs(ctx),
        db_path=path,
        ui_lang=global_options(ctx).lang,
        initial="hr",
    ).run()


def metadata_template() -> dict[str, Any]:
    """The shipped Datasette metadata: titles and a description of every table and column."""
    text = (
        resources.files("simulator.records")
        .joinpath("datasette", "metadata.yaml")
        .read_text("utf-8")
    )
    metadata: dict[str, Any] = yaml.safe_load(text)
    return metadata


def datasette_metadata(db_path: Path) -> dict[str, Any]:
    """The metadata keyed by the database's Datasette name (its file name without suffix)."""
    metadata = metadata_template()
    databases = metadata.get("databases", {})
    described = databases.pop(DATASETTE_DATABASE, {})
    databases[db_path.stem] = described
    metadata["databases"] = databases
    return metadata


def datasette_installed() -> bool:
    """Whether the optional Datasette package can be imported."""
    return importlib.util.find_spec("datasette") is not None


@hr.command("serve")
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the records name trainees, so keep it local unless needed.",
)
@click.pass_context
def serve(ctx: click.Context, db_path: Path | None, port: int, host: str) -> None:
    """Browse the records in Datasette, read-only, with every table and column described.

    Datasette runs in this process, with arbitrary SQL off; Ctrl+C, SIGTERM and SIGHUP
    stop it and free the port. The records name trainees and hold what they said: keep
    the default 127.0.0.1 unless every computer that can reach --host may read them.
    """
    lang = interface_lang(ctx)
    if not datasette_installed():
        raise click.ClickException(t("cli.hr.datasette_missing", lang))
    from simulator.records import datasette_server

    path = resolve_db(ctx, db_path or (ctx.parent.params.get("db_path") if ctx.parent else None))
    try:
        # Opening checks the file and brings its schema up to date before it is served.
        Store.open(path, create=False).close()
    except StoreError as error:
        raise shown_error(ctx, error) from None
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(t("cli.hr.serving", lang, path=path, host=shown_host, port=port), err=True)
    if not datasette_server.is_loopback(host):
        click.echo(t("cli.hr.exposed", lang, host=host, port=port), err=True)
    code = datasette_server.serve(path, datasette_metadata(path), host, port)
    if code:
        raise click.ClickException(t("cli.hr.cannot_listen", lang, host=host, port=port))


# -- dojo trainee -------------------------------------------------------------


@click.group("trainee")
def trainee() -> None:
    """Manage trainees in the records: teams, names, and one identity per person.

    Names match as typed ("Lin Wei", "lin wei" and "Lin  Wei" are one trainee); each
    trainee has a stable id that exports and the xAPI actor use, whatever the name becomes.
    """


@trainee.command("set-team")
@click.argument("name")
@click.argument("team", required=False)
@db_option
@click.pass_context
def set_team(ctx: click.Context, name: str, team: str | None, db_path: Path | None) -> None:
    """Put trainee NAME in TEAM; without TEAM, take them out of any team."""
    with open_records(ctx, db_path, create=True) as store:
        store.set_team(name, team)
    if team:
        say(ctx, "cli.trainee.team", name=name, team=team)
    else:
        say(ctx, "cli.trainee.no_team", name=name)


@trainee.command("list")
@db_option
@click.pass_context
def list_trainees(ctx: click.Context, db_path: Path | None) -> None:
    """List the trainees in the records with their team."""
    with open_records(ctx, db_path) as store:
        rows = store.query(
            "SELECT t.name, t.uid, t.team, count(s.id) AS sessions FROM trainees t "
            "LEFT JOIN sessions s ON s.trainee_id = t.id GROUP BY t.id ORDER BY t.name"
        )
    lang = interface_lang(ctx)
    table = Table(
        *(
            t(key, lang)
            for key in (
                "report.col.trainee",
                "cli.trainee.col.id",
                "report.col.team",
                "report.col.sessions",
            )
        )
    )
    for row in rows:
        table.add_row(
            _cell(row["name"]), _cell(row["uid"]), _cell(row["team"]), _cell(row["sessions"])
        )
    Console(soft_wrap=False).print(table)


@trainee.command("rename")
@click.argument("name")
@click.argument("new_name")
@db_option
@click.pass_context
def rename_trainee(ctx: click.Context, name: str, new_name: str, db_path: Path | None) -> None:
    """Show trainee NAME as NEW_NAME from now on; their id and sessions stay theirs."""
    with open_records(ctx, db_path) as store:
        renamed = store.rename_trainee(name, new_name)
    say(ctx, "cli.trainee.renamed", name=name, new_name=renamed["name"], id=renamed["trainee_id"])


@trainee.command("merge")
@click.argument("source")
@click.argument("target")
@db_option
@click.pass_context
def merge_trainees(ctx: click.Context, source: str, target: str, db_path: Path | None) -> None:
    """Make SOURCE and TARGET one trainee: SOURCE's sessions become TARGET's.

    TARGET keeps its name, stable id and team. Exports and LRS pushes afterwards show the
    moved sessions under TARGET.
    """
    with open_records(ctx, db_path) as store:
        merged = store.merge_trainees(source, target)
    moved = merged["sessions_moved"]
    say(
        ctx,
        "cli.trainee.merged",
        source=source,
        name=merged["name"],
        id=merged["trainee_id"],
        count=moved,
    )


COMMANDS: list[click.Command] = [report, note, export, hr, trainee]
