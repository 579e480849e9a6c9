"""The `dojo` command line."""

from __future__ import annotations

from simulator.cli.main import cli

__all__ = ["cli"]
