"""dojo validate, dojo scenarios list and dojo new: the trainer's commands for scenario files."""

from __future__ import annotations

import re
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import scoring
from scoring import Discouraged, Exemplar, Language, TurnSpec
from simulator.i18n import Message, t
from simulator.options import interface_lang, resolve_scenario_dirs, scenarios_option
from simulator.paths import bundled_scenarios_dir
from simulator.scenario.loader import Library, Problem, load_library, parse_scenario_text
from simulator.scenario.model import Example, Scenario
from simulator.scenario.schema import SCHEMA_FILE
from simulator.untrusted import json_line, visible

if TYPE_CHECKING:
    from simulator.session.selftest import Finding, Tally


def turn_spec(scenario: Scenario, node_id: str) -> TurnSpec:
    """What the scorer needs to know about one node of a scenario."""
    node = scenario.nodes[node_id]
    return TurnSpec(
        objection=node.customer[0],
        recommended=node.recommend,
        discouraged=tuple(Discouraged(d.technique, d.reason) for d in node.discourage),
        model_answers=tuple(
            Exemplar(text, technique, source=scenario.id)
            for technique, texts in node.model_answers.items()
            for text in texts
        ),
        kind=scenario.kind,
        lang=scenario.language,
    )


def _example_problem(
    scenario: Scenario, number: int, example: Example, problem: Message
) -> Problem:
    where = example.where
    return Problem.of(
        where.path if where else scenario.path,
        where.line if where else 1,
        where.column if where else 1,
        f"examples[{number - 1}]",
        Message("cli.validate.example", {"number": number, "problem": problem}),
    )


def example_problems(scenario: Scenario) -> list[Problem]:
    """Run a scenario's examples through the scorer; one problem per example that fails.

    Raises NotImplementedError when the scorer is not available.
    """
    problems: list[Problem] = []
    for number, example in enumerate(scenario.examples, start=1):
        node_id = example.node or scenario.start
        try:
            score = scoring.score_turn(example.reply, turn_spec(scenario, node_id))
        except NotImplementedError:
            raise
        except Exception as error:  # a scorer bug on one reply must not hide the other results
            failed = Message(
                "cli.validate.scorer_failed", {"error": f"{type(error).__name__}: {error}"}
            )
            problems.append(_example_problem(scenario, number, example, failed))
            continue
        got = score.classification
        if got.technique != example.technique:
            misread = {"expected": example.technique, "got": got.technique}
            said = Message("cli.validate.misread", {**misread, "confidence": got.confidence})
            problems.append(_example_problem(scenario, number, example, said))
        if example.min_score is not None and score.total < example.min_score:
            low = {"total": score.total, "least": example.min_score}
            problems.append(
                _example_problem(scenario, number, example, Message("cli.validate.low_score", low))
            )
    return problems


def finding_problem(scenario: Scenario, finding: Finding) -> Problem:
    """A self-test finding as a problem at the model answer it is about."""
    where = finding.where
    return Problem.of(
        where.path if where else scenario.path,
        where.line if where else 1,
        where.column if where else 1,
        finding.key,
        finding.text,
    )


def _summary(
    library: Library, examples_run: int | None, tally: Tally | None = None, lang: Language = "en"
) -> str:
    """The last line of `dojo validate`."""
    files = t("count.file", lang, count=len({*library.files, *(p.path for p in library.problems)}))
    errors = library.errors
    warnings = [p for p in library.problems if p.severity == "warning"]
    ran = ""
    if examples_run is not None:
        examples = t("count.example", lang, count=examples_run)
        ran = t("cli.validate.ran", lang, examples=examples)
    if tally is not None:
        ran += t(
            "cli.validate.tally",
            lang,
            agreeing=tally.answers_agreeing,
            answers=t("count.model_answer", lang, count=tally.answers),
            ending_well=tally.playthroughs_ending_well,
            playthroughs=t("count.playthrough", lang, count=tally.playthroughs),
        )
    if errors:
        text = t(
            "cli.validate.errors",
            lang,
            errors=t("count.error", lang, count=len(errors)),
            broken=len({p.path for p in errors}),
            files=files,
            ran=ran,
        )
    else:
        scenarios = t("count.scenario", lang, count=len(library.scenarios))
        text = t("cli.validate.clean", lang, scenarios=scenarios, files=files, ran=ran)
    if warnings:
        count = t("count.warning", lang, count=len(warnings))
        text += t("cli.validate.warnings", lang, warnings=count)
    return text


def _problem_data(problem: Problem, lang: Language) -> dict[str, Any]:
    """A problem as --json data: `message` is English; `message_zh` is added under --lang zh."""
    data = problem.to_dict()
    if lang != "en":
        data[f"message_{lang}"] = problem.message_in(lang)
    return data


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--test",
    "run_examples",
    is_flag=True,
    help="Also run each scenario's examples through the scorer.",
)
@scenarios_option
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[Path, ...],
    as_json: bool,
    run_examples: bool,
    scenario_dirs: tuple[str, ...],
) -> None:
    """Check scenario files or folders (default: the bundled and your own scenarios).

    Prints each problem as FILE:LINE:COL: message, and exits 1 if there is any error.
    """
    lang = interface_lang(ctx)
    targets = list(paths) if paths else resolve_scenario_dirs(ctx, scenario_dirs)
    library = load_library(targets)
    if not library.files and not library.problems:
        where = ", ".join(str(target) for target in targets)
        raise click.ClickException(t("cli.validate.no_files", lang, where=where))
    examples_run: int | None = None
    tally: Tally | None = None
    if run_examples:
        # Only --test plays the scenarios, so checking files does not load the session code.
        from simulator.session.selftest import Tally, self_test

        examples_run = 0
        tally = Tally()
        for scenario in library.scenarios.values():
            try:
                library.problems += example_problems(scenario)
                findings, counts = self_test(scenario)
            except NotImplementedError:
                raise click.ClickException(t("cli.validate.no_scorer", lang)) from None
            library.problems += [finding_problem(scenario, f) for f in findings]
            examples_run += len(scenario.examples)
            tally = Tally(
                tally.answers + counts.answers,
                tally.answers_agreeing + counts.answers_agreeing,
                tally.playthroughs + counts.playthroughs,
                tally.playthroughs_ending_well + counts.playthroughs_ending_well,
            )
        library.problems.sort(key=lambda p: (p.path, p.line, p.column))
    summary = _summary(library, examples_run, tally, lang)
    if as_json:
        payload: dict[str, Any] = {
            "ok": not library.errors,
            "files": len(library.files),
            "scenarios": len(library.scenarios),
            "errors": len(library.errors),
            "warnings": len(library.problems) - len(library.errors),
            "examples_run": examples_run,
            "model_answers": None if tally is None else tally.answers,
            "model_answers_agreeing": None if tally is None else tally.answers_agreeing,
            "playthroughs": None if tally is None else tally.playthroughs,
            "playthroughs_ending_well": None if tally is None else tally.playthroughs_ending_well,
            "problems": [_problem_data(p, lang) for p in library.problems],
            "summary": summary,
        }
        click.echo(json_line(payload, indent=2))
    else:
        for problem in library.problems:
            # A problem quotes the file's own text, which may hold escape sequences.
            click.echo(visible(problem.render(lang), newlines=False))
        click.echo(summary)
    ctx.exit(1 if library.errors else 0)


def scenario_summary(scenario: Scenario) -> dict[str, Any]:
    """One scenario as the plain data of `dojo scenarios list --json`."""
    return {
        "id": scenario.id,
        "title": scenario.title,
        "language": scenario.language,
        "kind": scenario.kind,
        "difficulty": scenario.difficulty,
        "nodes": len(scenario.nodes),
        "path": scenario.path,
        "industry": scenario.industry,
        "tags": list(scenario.tags),
        "summary": scenario.summary,
        "author": scenario.author,
        "version": scenario.version,
        "examples": len(scenario.examples),
        "content_hash": scenario.content_hash,
    }


@click.group("scenarios")
def scenarios_group() -> None:
    """List the scenarios that are loaded."""


@scenarios_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of scenarios.")
@scenarios_option
@click.pass_context
def list_scenarios(ctx: click.Context, as_json: bool, scenario_dirs: tuple[str, ...]) -> None:
    """List every scenario loaded from the bundled and your own folders."""
    lang = interface_lang(ctx)
    library = load_library(resolve_scenario_dirs(ctx, scenario_dirs))
    for path in library.broken_files:
        errors = t("count.error", lang, count=sum(1 for p in library.errors if p.path == path))
        shown = t("cli.scenarios.not_loaded", lang, path=path, errors=errors)
        click.echo(visible(shown, newlines=False), err=True)
    rows = [scenario_summary(s) for s in library.scenarios.values()]
    if as_json:
        click.echo(json_line(rows, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("id", "lang", "kind", "level", "nodes", "industry", "title"):
        table.add_column(t(f"cli.scenarios.col.{name}", lang), no_wrap=name != "title")
    for row in rows:
        table.add_row(
            *(
                Text(visible(row[key], newlines=False))
                for key in ("id", "language", "kind", "difficulty", "nodes", "industry", "title")
            )
        )
    stdout = sys.stdout
    # Piped output keeps one scenario per line rather than wrapping at 80 columns.
    width = None if stdout.isatty() else 1000
    console = Console(file=stdout, width=width, highlight=False)
    console.print(table)
    console.print(Text(t("count.scenario", lang, count=len(rows))))


TEMPLATES = ("objection", "complaint")


def template_text(kind: str, lang: Language) -> str:
    """The text of a `dojo new` template, before its id is filled in."""
    name = f"{kind}-{lang}.yaml"
    return (
        resources.files("simulator.scenario")
        .joinpath("templates", name)
        .read_text(encoding="utf-8")
    )


def scenario_id_for(path: Path) -> str:
    """A scenario id made from a file name, e.g. `My Shop.yaml` -> `my-shop`."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "my-scenario"


def render_template(path: Path, kind: str, lang: Language) -> str:
    """The template for a new scenario file at path, with its id and schema path filled in."""
    schema = bundled_scenarios_dir() / SCHEMA_FILE
    return (
        template_text(kind, lang)
        .replace("__ID__", scenario_id_for(path))
        .replace("__SCHEMA__", schema.as_uri() if schema.is_absolute() else str(schema))
    )


@click.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="en",
    show_default=True,
    help="The language the customer speaks.",
)
@click.option(
    "--kind",
    type=click.Choice(TEMPLATES),
    default="objection",
    show_default=True,
    help="A pre-sale objection or an after-sale complaint.",
)
@click.pass_context
def new(ctx: click.Context, path: Path, lang: Language, kind: str) -> None:
    """Write a commented scenario template to PATH, ready to fill in."""
    # --lang here is the customer's language; the group's --lang is the one dojo speaks.
    says = interface_lang(ctx)
    if path.exists():
        raise click.ClickException(t("cli.new.exists", says, path=path))
    if path.suffix not in (".yaml", ".yml"):
        raise click.ClickException(t("cli.new.not_yaml", says, path=path))
    if not path.parent.is_dir():
        raise click.ClickException(t("cli.new.no_folder", says, folder=path.parent))
    text = render_template(path, kind, lang)
    scenario, problems = parse_scenario_text(text, str(path))
    if scenario is None:
        listed = "\n".join(p.render(says) for p in problems)
        raise click.ClickException(t("cli.new.broken_template", says, problems=listed))
    try:
        # "x" refuses a file that appeared since the check above.
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise click.ClickException(t("cli.new.exists_now", says, path=path)) from None
    except OSError as error:
        reason = error.strerror or error
        raise click.ClickException(
            t("cli.new.cannot_write", says, path=path, reason=reason)
        ) from None
    click.echo(t("cli.new.wrote", says, path=path, id=scenario.id))


COMMANDS: list[click.Command] = [validate, scenarios_group, new]
