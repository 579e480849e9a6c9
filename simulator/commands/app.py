"""Opens the practice app (being built)."""

from __future__ import annotations

import click


def run_app(ctx: click.Context) -> None:
    """Run the Textual app with the group's options."""
    click.echo(ctx.get_help())
