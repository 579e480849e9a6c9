"""sqlite-utils' Database and Migrations, imported without the array libraries it would load."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

ARRAY_LIBRARIES = ("numpy", "pandas")
"""What sqlite-utils imports at import time when installed, only to map their value types to
column types. The records never hold such values, and importing numpy (0.1 s) or pandas
(0.3 s or more) would delay the app's first screen. A later `import numpy` elsewhere works
as usual; sqlite-utils alone goes on without their types."""


@contextmanager
def modules_hidden(names: Sequence[str]) -> Iterator[None]:
    """Make `import NAME` fail inside the block for each name not imported yet, then undo it.

    A None entry in sys.modules is the documented way to make an import raise ImportError,
    which is what sqlite-utils expects of a library that is not installed.
    """
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


with modules_hidden(ARRAY_LIBRARIES):
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations


def plain_database(conn: sqlite3.Connection | None = None) -> Database:
    """A Database over conn (a new in-memory one when None) that runs no sqlite-utils plugins.

    Plugins installed for the sqlite-utils tool would change every connection the records
    open, and finding them reads the entry points of every installed package.
    """
    if conn is None:
        return Database(memory=True, execute_plugins=False)
    return Database(conn, execute_plugins=False)


__all__ = ["Database", "Migrations", "plain_database"]
