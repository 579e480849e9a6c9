"""Checked scenario files kept by content hash, so a folder is parsed once across runs."""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from simulator.scenario.loader.schema_errors import scenario_schema
from simulator.untrusted import json_line

CACHE_ENV = "DOJO_SCENARIO_CACHE"
"""A folder for the scenario cache, or `off`; unset, the user cache folder is used."""


@cache
def fingerprint() -> str:
    """What the checks depend on: the loader's code, the data model, the schema and the limits."""
    digest = hashlib.sha256()
    here = Path(__file__).parent.parent
    for path in (
        *sorted(Path(__file__).parent.glob("*.py")),
        here / "model.py",
        here / "schema.py",
        here / "figures.py",
        here.parent / "limits.py",
        here.parent / "untrusted.py",
    ):
        digest.update(path.read_bytes())
    digest.update(json.dumps(scenario_schema(), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:16]


class ScenarioCache:
    """Checked scenario files, by content hash, as JSON files in a folder of their own.

    An entry holds a file's problems and, for a valid file, its checked data, so a shared
    folder of thousands of scenarios is parsed and checked once, not by every command.
    Entries live under a fingerprint of the checking code, so an upgrade never reads old
    ones. JSON, not pickle: an entry is data, never code.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder / fingerprint()

    @classmethod
    def default(cls) -> ScenarioCache | None:
        """The cache in $DOJO_SCENARIO_CACHE or the user cache folder; None when turned off."""
        setting = os.environ.get(CACHE_ENV, "")
        if setting.lower() == "off":
            return None
        if setting:
            return cls(Path(setting))
        from simulator import paths

        try:
            return cls(paths.cache_dir() / "scenarios")
        except OSError:
            return None

    def get(self, digest: str) -> dict[str, Any] | None:
        """The entry of a file's content, or None when there is none (or it cannot be read)."""
        try:
            entry = json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) else None

    def put(self, digest: str, entry: dict[str, Any]) -> None:
        """Store an entry; a cache that cannot be written is simply not used."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary = self.folder / f".{digest}.{os.getpid()}.tmp"
            temporary.write_text(json_line(entry), encoding="utf-8")
            os.replace(temporary, self.folder / f"{digest}.json")
        except (OSError, ValueError):
            return
