"""The trainee's remembered app settings: who is practising, the theme and the UI language."""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator import paths
from simulator.identity import MAX_NAME_LENGTH, display_name

if TYPE_CHECKING:
    from scoring.models import Language

SETTINGS_FILE = "settings.json"
"""The settings file's name inside the config folder."""

THEMES: tuple[str, ...] = ("textual-dark", "textual-light")
"""The two themes the app offers: dark and light."""

UI_LANGUAGES: tuple[Language, ...] = ("zh", "en")
"""The languages the interface is written in."""

MAX_TRAINEE_LENGTH = MAX_NAME_LENGTH
"""The longest trainee name kept; HR reports show it in a narrow column."""


@dataclass(frozen=True)
class Settings:
    """What the app remembers between runs."""

    trainee: str | None = None
    """Who is practising; None until asked on the first run."""
    theme: str = "textual-dark"
    """One of THEMES."""
    ui_lang: Language | None = None
    """The interface language the trainee chose in the app; None follows --lang or the locale."""
    open_sessions: tuple[str, ...] = ()
    """Sessions started with these settings and not ended: the only ones offered to resume,
    so typing another trainee's name never hands over that trainee's session."""

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


def default_settings_path() -> Path:
    """settings.json in the per-user config folder."""
    return paths.config_dir() / SETTINGS_FILE


def clean_trainee(name: str) -> str:
    """A trainee name as it is stored: NFKC, trimmed, inner spaces collapsed, cut to length."""
    return display_name(name)


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """The settings in path and a problem message, or defaults when the file is missing or bad.

    A damaged file is never fatal: the app starts with defaults and says what was wrong.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), None
    except OSError as error:
        return Settings(), f"cannot read {path}: {error.strerror}; using the default settings"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        return Settings(), (
            f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}); "
            "using the default settings, which will be saved over it"
        )
    if not isinstance(data, dict):
        return Settings(), f"{path}: expected a JSON object; using the default settings"
    trainee = data.get("trainee")
    theme = data.get("theme")
    ui_lang = data.get("ui_lang")
    open_sessions = data.get("open_sessions")
    settings = Settings(
        trainee=clean_trainee(trainee) or None if isinstance(trainee, str) else None,
        theme=theme if theme in THEMES else Settings.theme,
        ui_lang=ui_lang if ui_lang in UI_LANGUAGES else None,
        open_sessions=tuple(s for s in open_sessions if isinstance(s, str))
        if isinstance(open_sessions, list)
        else (),
    )
    return settings, None


def save_settings(settings: Settings, path: Path) -> str | None:
    """Write the settings to path atomically; a problem message if it could not be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(
            json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        # Replacing in one step means a crash never leaves a half-written settings file.
        os.replace(temporary, path)
    except OSError as error:
        return f"cannot save the settings to {path}: {error.strerror}; they last for this run only"
    return None


def locale_language(environ: dict[str, str] | os._Environ[str] | None = None) -> Language:
    """zh when the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese, else en."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def resolve_ui_lang(
    given: str | None, settings: Settings, environ: dict[str, str] | None = None
) -> Language:
    """The interface language: --lang, else the one chosen in the app, else the locale."""
    if given in UI_LANGUAGES:
        return given
    if settings.ui_lang in UI_LANGUAGES:
        return settings.ui_lang
    return locale_language(environ)


def default_author() -> str:
    """Who is writing notes on sessions: $DOJO_AUTHOR, else the login name, else HR."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = ""
    return os.environ.get("DOJO_AUTHOR") or login or "HR"


__all__ = [
    "THEMES",
    "UI_LANGUAGES",
    "Settings",
    "clean_trainee",
    "default_author",
    "default_settings_path",
    "load_settings",
    "locale_language",
    "resolve_ui_lang",
    "save_settings",
]
