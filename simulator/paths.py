"""Where the simulator keeps its data and finds its scenarios."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "objection-dojo"


PRIVATE_MODE = 0o700
"""dojo's own folders: only their owner may list or open what is in them."""


def private_dir(path: Path) -> Path:
    """A folder of dojo's own, created on first use so that only its owner can enter it."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_MODE)
        # mkdir's mode is masked by the umask; the folder is private whatever the umask.
        os.chmod(path, PRIVATE_MODE)
    return path


def data_dir() -> Path:
    """The per-user data folder (records database), created owner-only on first use."""
    return private_dir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def config_dir() -> Path:
    """The per-user config folder (remembered trainee, UI settings), created owner-only."""
    return private_dir(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def cache_dir() -> Path:
    """The per-user cache folder (checked scenarios), created owner-only on first use."""
    return private_dir(Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)))


def default_db_path() -> Path:
    """The records database: $DOJO_DB if set, else sessions.db in the data folder."""
    env = os.environ.get("DOJO_DB")
    return Path(env) if env else data_dir() / "sessions.db"


def bundled_scenarios_dir() -> Path:
    """The folder of scenarios shipped with the package."""
    return Path(str(resources.files("scenarios")))


def docs_dir() -> Path:
    """The guides: inside the package when installed, the checkout's docs/ when editable."""
    shipped = Path(str(resources.files("simulator"))) / "docs"
    return shipped if shipped.is_dir() else Path(__file__).resolve().parent.parent / "docs"


def user_scenario_dirs(extra: tuple[str, ...] | list[str] = ()) -> list[Path]:
    """Folders given with --scenarios, then those in $DOJO_SCENARIOS (an os.pathsep list)."""
    dirs = [Path(p) for p in extra]
    env = os.environ.get("DOJO_SCENARIOS", "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return dirs


def scenario_dirs(extra: tuple[str, ...] | list[str] = ()) -> list[Path]:
    """Every folder scenarios are loaded from: the bundled library first, then the user's."""
    return [bundled_scenarios_dir(), *user_scenario_dirs(extra)]
