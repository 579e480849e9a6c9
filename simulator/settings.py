"""The trainee's remembered app settings: who is practising, the theme and the UI language."""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from simulator import paths
from simulator.identity import MAX_NAME_LENGTH, display_name
from simulator.untrusted import BIDI_CONTROLS, scrub

SETTINGS_FILE = "settings.json"
"""The settings file's name inside the config folder."""

THEMES: tuple[str, ...] = ("textual-dark", "textual-light")
"""The two themes the app offers: dark and light."""

UI_LANGUAGES: tuple[str, ...] = ("zh", "en")
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
    ui_lang: str | None = None
    """The interface language the trainee chose in the app; None follows --lang or the locale."""

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


def default_settings_path() -> Path:
    """settings.json in the per-user config folder."""
    return paths.config_dir() / SETTINGS_FILE


def clean_trainee(name: str) -> str:
    """A trainee name as it is stored: NFKC, trimmed, inner spaces collapsed, cut to length.

    Control characters and bidirectional overrides are dropped, since a name is one line
    shown in HR's tables, and lone surrogates (undecodable bytes) become U+FFFD.
    """
    kept = "".join(
        c
        for c in scrub(name)
        if c.isspace() or not (unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS)
    )
    return display_name(kept)


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
    settings = Settings(
        trainee=clean_trainee(trainee) or None if isinstance(trainee, str) else None,
        theme=theme if theme in THEMES else Settings.theme,
        ui_lang=ui_lang if ui_lang in UI_LANGUAGES else None,
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


def locale_language(environ: dict[str, str] | os._Environ[str] | None = None) -> str:
    """zh when the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese, else en."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def resolve_ui_lang(
    given: str | None, settings: Settings, environ: dict[str, str] | None = None
) -> str:
    """The interface language: --lang, else the one chosen in the app, else the locale."""
    if given in UI_LANGUAGES:
        return given
    if settings.ui_lang in UI_LANGUAGES:
        return settings.ui_lang
    return locale_language(environ)


__all__ = [
    "THEMES",
    "UI_LANGUAGES",
    "Settings",
    "clean_trainee",
    "default_settings_path",
    "load_settings",
    "locale_language",
    "resolve_ui_lang",
    "save_settings",
]
