"""Serves the records read-only in Datasette, in this process, and always stops cleanly."""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
"""Addresses only this computer can reach."""

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Ctrl+C, a service manager's stop, and the terminal closing: each stops the server."""


class Stopped(Exception):
    """The server was asked to stop by a signal."""


def is_loopback(host: str) -> bool:
    """Whether host is reachable only from this computer."""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


BAD_REQUEST_MESSAGES = ("Cannot sort table by", "Cannot use _sort and _sort_desc")
"""The starts of Datasette's own errors that it reports as 500 though the address was wrong."""


def bad_request(request: Any, exception: Exception) -> Any:
    """A 400 response when the request's parameters caused the error, else None.

    Datasette's handle_exception hook: only errors a wrong address causes are answered
    400; anything else keeps Datasette's own 500 page.
    """
    from datasette.utils.asgi import Response
    from datasette.views.base import DatasetteError

    if isinstance(exception, DatasetteError):
        if exception.status != 500 or not str(exception.message).startswith(BAD_REQUEST_MESSAGES):
            return None
        message = str(exception.message)
    elif isinstance(exception, ValueError | KeyError | TypeError | IndexError) and (
        request is not None and request.args
    ):
        # Datasette reads _timelimit, _through and others without checking them.
        message = f"a parameter of this address could not be read ({exception})"
    else:
        return None
    body = {"ok": False, "status": 400, "title": "Bad request", "error": message}
    if request is not None and request.path.endswith(".json"):
        return Response.json(body, status=400)
    return Response.text(
        f"400 Bad request: {message}. Check the parameters after ? in the address.\n",
        status=400,
    )


BAD_REQUESTS_PLUGIN = "objection-dojo-bad-requests"


def register_plugin() -> None:
    """Register bad_request as a Datasette plugin, once."""
    from datasette import hookimpl
    from datasette.plugins import pm

    if pm.get_plugin(BAD_REQUESTS_PLUGIN) is None:
        plugin = types.ModuleType(BAD_REQUESTS_PLUGIN, "Answers a bad address with 400, not 500.")

        @hookimpl  # type: ignore[untyped-decorator,unused-ignore]
        def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
            return bad_request(request, exception)

        plugin.handle_exception = handle_exception  # type: ignore[attr-defined]
        pm.register(plugin, name=BAD_REQUESTS_PLUGIN)


def make_datasette(db_path: Path, metadata: dict[str, Any]) -> Any:
    """A Datasette over the records alone: read-only, no arbitrary SQL, with metadata."""
    from datasette.app import Datasette

    register_plugin()
    # A normal file is opened with ?mode=ro, so HR can browse while dojo writes;
    # immutable would skip locking and could read a half-written page.
    return Datasette(
        [str(db_path.resolve())],
        metadata=json.loads(json.dumps(metadata)),
        settings={"default_allow_sql": False},
    )


def _without_current_folder() -> None:
    """Take the current folder off the import path before Datasette and its plugins load.

    `python -m` and `python -c` put it first, so a datasette.py (or a plugin's name) in the
    folder HR starts from would be imported and run.
    """
    here = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.abspath(p) != here]


@contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into Stopped while the block runs, then restore them.

    uvicorn handles SIGINT and SIGTERM itself during serving, then sends them again to the
    handlers found before it: these, so the stop unwinds through every `finally`.
    """

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(db_path: Path, metadata: dict[str, Any], host: str, port: int) -> int:
    """Serve the records until stopped; 0 when stopped by a signal, 1 when it could not start."""
    _without_current_folder()
    import asyncio

    import uvicorn

    datasette = make_datasette(db_path, metadata)
    # Datasette's startup hooks (plugins' own set-up) run before serving, as `datasette serve`.
    asyncio.run(datasette.invoke_startup())
    config = uvicorn.Config(
        datasette.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1
    )
    server = uvicorn.Server(config)
    with stopping_on_signals():
        if hasattr(signal, "SIGHUP"):
            # uvicorn stops gracefully on SIGINT and SIGTERM; a closed terminal does the same.
            signal.signal(signal.SIGHUP, server.handle_exit)
        try:
            server.run()
        except Stopped:
            return 0
        except SystemExit as exit:
            # uvicorn exits 1 when it cannot listen, e.g. the port is in use.
            return int(exit.code or 0)
    return 0 if server.started else 1


__all__ = [
    "Stopped",
    "bad_request",
    "is_loopback",
    "make_datasette",
    "register_plugin",
    "serve",
    "stopping_on_signals",
]
