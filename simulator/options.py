"""Options shared by several dojo commands, and how their values are resolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from simulator import paths

if TYPE_CHECKING:
    from simulator.errors import SimulatorError
    from simulator.i18n import Language

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class GlobalOptions:
    """Values given to the `dojo` group itself, before the subcommand."""

    scenario_dirs: tuple[str, ...] = ()
    db_path: Path | None = None
    lang: Language | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def db_option(f: F) -> F:
    """Add --db PATH (also $DOJO_DB) to a command that reads or writes records."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="DOJO_DB",
        default=None,
        help="Records database (default: sessions.db in the user data folder; env DOJO_DB).",
    )(f)


def scenarios_option(f: F) -> F:
    """Add --scenarios DIR (repeatable) to a command that loads scenarios."""
    return click.option(
        "--scenarios",
        "scenario_dirs",
        multiple=True,
        type=click.Path(file_okay=False, exists=True),
        help="Another folder of scenarios (repeatable; also $DOJO_SCENARIOS, a path list).",
    )(f)


def global_options(ctx: click.Context) -> GlobalOptions:
    """The options given to the group, or defaults when a command runs on its own."""
    root = ctx.find_root()
    if isinstance(root.obj, GlobalOptions):
        return root.obj
    return GlobalOptions()


def interface_lang(ctx: click.Context) -> Language:
    """The language the command line speaks: the group's --lang, else English."""
    return global_options(ctx).lang or "en"


def shown_error(ctx: click.Context, error: SimulatorError) -> click.ClickException:
    """An error as the one line a command ends with, in the command line's language."""
    lang = interface_lang(ctx)
    return click.ClickException(f"{error.title_in(lang)}: {error.message_in(lang)}")


def resolve_db(ctx: click.Context, db_path: Path | None) -> Path:
    """The database a command should use: its own --db, the group's --db, $DOJO_DB, the default."""
    return db_path or global_options(ctx).db_path or paths.default_db_path()


def resolve_scenario_dirs(ctx: click.Context, scenario_dirs: tuple[str, ...] = ()) -> list[Path]:
    """Every scenario folder for a command: bundled, the group's and its own --scenarios, $DOJO_SCENARIOS."""
    return paths.scenario_dirs((*global_options(ctx).scenario_dirs, *scenario_dirs))
