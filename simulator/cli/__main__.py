"""`python -m simulator.cli`: the `dojo` command."""

from simulator.cli.main import cli

cli()
