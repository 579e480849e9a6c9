"""dojo docs: the guides that ship with Objection Dojo, readable from any install."""

from __future__ import annotations

import click

from simulator.paths import docs_dir

GUIDES = ("scenario-format", "scoring", "evaluation", "records", "deployment")
"""The guides in docs/, by file name without `.md`."""


def guide_text(name: str) -> str:
    """The Markdown text of one shipped guide."""
    return (docs_dir() / f"{name}.md").read_text(encoding="utf-8")


@click.command("docs")
@click.argument("name", type=click.Choice(GUIDES), required=False)
def docs(name: str | None) -> None:
    """Print a guide (scenario-format, scoring, evaluation, records, deployment), or list them."""
    if name is None:
        for guide in GUIDES:
            click.echo(guide)
        return
    click.echo(guide_text(name), nl=False)


COMMANDS: list[click.Command] = [docs]
