"""The practice app in the browser: textual-serve, one app process per visitor, nothing from outside."""

from __future__ import annotations

import shlex
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from simulator.i18n import LANGUAGES, Language, t

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "connect-src 'self' ws: wss:",
        "img-src 'self' data:",
        "font-src 'self'",
        # The page's own small scripts and styles are inline.
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "frame-ancestors 'none'",
    )
)
"""The browser may load the page's parts from this server alone."""


def visitor_command(
    *,
    db_path: Path,
    scenario_dirs: tuple[str, ...],
    lang: Language | None,
    python: str | None = None,
) -> str:
    """The shell command that runs one visitor's app: `dojo visit` with the server's options."""
    args = [python or sys.executable, "-m", "simulator.cli", "--db", str(db_path)]
    for folder in scenario_dirs:
        args += ["--scenarios", folder]
    if lang:
        args += ["--lang", lang]
    args.append("visit")
    return shlex.join(args)


class DojoServer(Server):
    """textual-serve with its page served from this package, so no request leaves the host."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str | None = None,
        lang: Language = "en",
    ) -> None:
        package = Path(str(resources.files("textual_serve")))
        super().__init__(
            command,
            host=host,
            port=port,
            title="Objection Dojo",
            public_url=public_url,
            statics_path=package / "static",
            templates_path=Path(str(resources.files("simulator.ui"))) / "web",
        )
        self.lang = lang if lang in LANGUAGES else "en"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(_security_headers)
        return app

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page's context: textual-serve's, with the page's words in the server's language."""
        context: dict[str, Any] = await Server.handle_index.__wrapped__(self, request)  # type: ignore[attr-defined]
        ended, restart = t("serve.ended", self.lang), t("serve.restart", self.lang)
        return {**context, "lang": self.lang, "ended": ended, "restart": restart}

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(t("serve.listening", self.lang, url=self.public_url))


@web.middleware
async def _security_headers(request: web.Request, handler: Any) -> web.StreamResponse:
    response: web.StreamResponse = await handler(request)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


__all__ = ["CONTENT_SECURITY_POLICY", "DojoServer", "visitor_command"]
