"""Sending xAPI statements to a learning record store, remembering what it accepted."""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator import paths
from simulator.errors import SimulatorError
from simulator.i18n import Language, Message, t
from simulator.records.export import DEFAULT_HOME_PAGE, xapi_statements
from simulator.records.report import Filters, iter_session_records
from simulator.records.store import Store

CONFIG_FILE = "lrs.toml"
"""The LRS settings file's name inside the config folder."""

XAPI_VERSION = "1.0.3"
"""The xAPI version the statements are written to."""

BATCH_SIZE = 100
"""Statements sent in one request."""

TIMEOUT_SECONDS = 10.0
"""How long one request may take before the LRS counts as unreachable."""

ENVIRONMENT: dict[str, str] = {
    "endpoint": "DOJO_LRS_ENDPOINT",
    "username": "DOJO_LRS_USERNAME",
    "password": "DOJO_LRS_PASSWORD",
    "home_page": "DOJO_LRS_HOME_PAGE",
}
"""The environment variables of each setting."""


class LrsError(SimulatorError):
    """The LRS settings are wrong, or the LRS refused the credentials."""

    title_key = "error.title.lrs"


@dataclass(frozen=True)
class LrsConfig:
    """Where statements go and how they are written; the password is never shown."""

    endpoint: str
    """The LRS's xAPI address without credentials, e.g. https://lrs.example.com/xAPI."""
    username: str | None = None
    """The HTTP basic user, if the LRS asks for one."""
    password: str | None = field(default=None, repr=False)
    """The HTTP basic password."""
    home_page: str = DEFAULT_HOME_PAGE
    """The actor account's homePage and base of every IRI (part of every statement id)."""
    anonymise: bool = False
    """Whether actors carry a pseudonym instead of the stable id and name."""
    timeout: float = TIMEOUT_SECONDS
    """Seconds one request may take."""

    @property
    def statements_url(self) -> str:
        """The statements resource of the endpoint."""
        base = self.endpoint.rstrip("/")
        return base if base.endswith("/statements") else base + "/statements"


def config_path() -> Path:
    """lrs.toml in the per-user config folder."""
    return paths.config_dir() / CONFIG_FILE


def read_config_file(path: Path) -> dict[str, Any]:
    """The [lrs] table of a settings file, or {} when there is none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise LrsError.from_catalog("error.lrs.cannot_read", path=path, reason=error) from None
    except tomllib.TOMLDecodeError as error:
        raise LrsError.from_catalog("error.lrs.not_toml", path=path, reason=error) from None
    table = data.get("lrs", {})
    if not isinstance(table, dict):
        raise LrsError.from_catalog("error.lrs.not_table", path=path)
    known = {*ENVIRONMENT, "anonymise"}
    unknown = set(table) - known
    if unknown:
        raise LrsError.from_catalog(
            "error.lrs.unknown_setting",
            path=path,
            unknown=", ".join(sorted(unknown)),
            known=", ".join(sorted(known)),
        )
    return table


def split_credentials(endpoint: str) -> tuple[str, str | None, str | None]:
    """The endpoint without user:password@, and the user and password it carried."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LrsError.from_catalog(
            "error.lrs.bad_endpoint",
            title_key="error.title.bad_endpoint",
            endpoint=repr(strip_credentials(endpoint)),
        )
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    bare = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    user = urllib.parse.unquote(parts.username) if parts.username else None
    password = urllib.parse.unquote(parts.password) if parts.password else None
    return bare.rstrip("/"), user, password


def strip_credentials(endpoint: str) -> str:
    """The endpoint as it may be shown: anything before @ in its address is left out."""
    scheme, sep, rest = endpoint.partition("://")
    if not sep:
        return endpoint
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host.rpartition('@')[2]}{slash}{path}"


def resolve_config(
    *,
    endpoint: str | None = None,
    username: str | None = None,
    password: str | None = None,
    home_page: str | None = None,
    anonymise: bool | None = None,
    environ: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> LrsConfig | None:
    """The LRS settings from the options, else the environment, else lrs.toml; None if none.

    Credentials may also be given in the endpoint (https://user:password@host/xAPI/).
    """
    env = os.environ if environ is None else environ
    given = {
        "endpoint": endpoint,
        "username": username,
        "password": password,
        "home_page": home_page,
    }
    from_env = {key: env.get(name) or None for key, name in ENVIRONMENT.items()}
    from_file = read_config_file(path or config_path())
    values: dict[str, Any] = {}
    for key in ENVIRONMENT:
        values[key] = given[key] or from_env[key] or from_file.get(key)
    if not values["endpoint"]:
        return None
    for key in ENVIRONMENT:
        if values[key] is not None and not isinstance(values[key], str):
            raise LrsError.from_catalog("error.lrs.not_text", setting=key)
    bare, url_user, url_password = split_credentials(values["endpoint"])
    page = values["home_page"] or DEFAULT_HOME_PAGE
    if not page.startswith(("http://", "https://")):
        raise LrsError.from_catalog(
            "error.home_page", title_key="error.title.bad_home_page", page=repr(page)
        )
    file_anonymise = from_file.get("anonymise", False)
    if not isinstance(file_anonymise, bool):
        raise LrsError.from_catalog("error.lrs.anonymise")
    return LrsConfig(
        endpoint=bare,
        username=values["username"] or url_user,
        password=values["password"] or url_password,
        home_page=page,
        anonymise=file_anonymise if anonymise is None else anonymise,
    )


# -- sending ------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """What the LRS answered to one request: an HTTP status and its body, or no answer."""

    status: int | None
    """The HTTP status; None when the LRS could not be reached."""
    body: str
    """The response body, or why the LRS could not be reached."""


Poster = Callable[[LrsConfig, list[dict[str, Any]]], Response]
"""Sends one batch of statements and returns the LRS's answer."""


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def post_statements(config: LrsConfig, statements: list[dict[str, Any]]) -> Response:
    """POST a batch of statements as xAPI asks: JSON, the version header, HTTP basic auth."""
    body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Experience-API-Version": XAPI_VERSION,
    }
    if config.username is not None:
        token = f"{config.username}:{config.password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
    request = urllib.request.Request(
        config.statements_url, data=body, headers=headers, method="POST"
    )
    # A proxy set for the outside world must not see traffic to an LRS on this host.
    handlers = [urllib.request.ProxyHandler({})] if _is_loopback(config.endpoint) else []
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=config.timeout) as response:
            return Response(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Response(None, str(reason))


@dataclass
class PushResult:
    """What one push did."""

    endpoint: str
    """Where the statements went (no credentials)."""
    sessions: int = 0
    """Closed sessions looked at."""
    statements: int = 0
    """Their statements."""
    already: int = 0
    """Statements the LRS had accepted before, not sent again."""
    accepted: int = 0
    """Statements the LRS accepted now."""
    failed: int = 0
    """Statements sent without success; the next push sends them again."""
    conflicts: int = 0
    """Statements the LRS refused because it holds other content under the same id."""
    not_sent: int = 0
    """Statements left for later because the LRS stopped answering."""
    problem: Message | None = None
    """Why the push stopped early, if it did, to be shown in the interface's language."""

    @property
    def ok(self) -> bool:
        """Whether every statement is now in the LRS."""
        return not (self.failed or self.conflicts or self.not_sent or self.problem)

    def summary(self, lang: Language = "en") -> str:
        """One line in lang saying what happened."""
        text = t(
            "lrs.summary",
            lang,
            endpoint=self.endpoint,
            statements=t("count.statement", lang, count=self.statements),
            sessions=t("count.closed_session", lang, count=self.sessions),
            accepted=self.accepted,
            already=self.already,
        )
        for key, count in (
            ("lrs.summary.failed", self.failed),
            ("lrs.summary.conflicts", self.conflicts),
            ("lrs.summary.not_sent", self.not_sent),
        ):
            if count:
                text += t(key, lang, count=count)
        return text


def _detail(response: Response) -> str:
    """The LRS's reason in a line, from a JSON {"detail": ...} body or the text itself."""
    text = response.body.strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("detail"), str):
        text = data["detail"]
    text = " ".join(text.split())[:300]
    return f"HTTP {response.status}: {text}" if response.status else text


def _record(
    store: Store,
    endpoint: str,
    batch: Iterable[tuple[str, dict[str, Any]]],
    status: str,
    error: str | None,
) -> None:
    """Remember how each statement of a batch fared at the endpoint."""
    store.record_deliveries(
        endpoint, [(session_id, statement["id"]) for session_id, statement in batch], status, error
    )


def pending_statements(
    store: Store, config: LrsConfig, filters: Filters | None = None
) -> tuple[int, int, list[tuple[str, dict[str, Any]]]]:
    """Closed sessions, their statement count, and the statements the LRS has not accepted."""
    accepted = {
        row["statement_id"]
        for row in store.query(
            "SELECT statement_id FROM lrs_deliveries WHERE endpoint = ? AND status = 'accepted'",
            [config.endpoint],
        )
    }
    sessions = 0
    total = 0
    pending: list[tuple[str, dict[str, Any]]] = []
    # Statements are gathered first: the read transaction ends before anything is sent.
    for record in iter_session_records(store, filters or Filters()):
        sessions += 1
        for statement in xapi_statements([record], config.home_page, config.anonymise):
            total += 1
            if statement["id"] not in accepted:
                pending.append((record["session"]["id"], statement))
    return sessions, total, pending


def push(
    store: Store,
    config: LrsConfig,
    *,
    filters: Filters | None = None,
    batch_size: int = BATCH_SIZE,
    post: Poster = post_statements,
) -> PushResult:
    """Send every closed session's statements the LRS has not accepted yet, and remember.

    Safe to run again and again: accepted statements are not sent twice, and an LRS that
    already holds a statement (same id, same content) counts it as accepted. A batch the
    LRS refuses with 400 or 409 is sent again one statement at a time, so one bad
    statement does not hold back the rest. Raises LrsError when the LRS refuses the
    credentials.
    """
    sessions, total, pending = pending_statements(store, config, filters)
    result = PushResult(config.endpoint, sessions=sessions, statements=total)
    result.already = total - len(pending)
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        outcome = _send(store, config, batch, post, result)
        if outcome is not None:
            result.problem = outcome
            result.not_sent = len(pending) - start - len(batch)
            break
    return result


def _send(
    store: Store,
    config: LrsConfig,
    batch: list[tuple[str, dict[str, Any]]],
    post: Poster,
    result: PushResult,
) -> Message | None:
    """Send one batch; the reason to stop pushing, if the LRS is down."""
    response = post(config, [statement for _, statement in batch])
    if response.status in (200, 204):
        _record(store, config.endpoint, batch, "accepted", None)
        result.accepted += len(batch)
        return None
    if response.status in (401, 403):
        _record(store, config.endpoint, batch, "failed", _detail(response))
        result.failed += len(batch)
        raise LrsError.from_catalog(
            "error.lrs.refused",
            title_key="error.title.lrs_refused",
            endpoint=config.endpoint,
            detail=_detail(response),
            path=config_path(),
        )
    if response.status in (400, 409) and len(batch) > 1:
        for item in batch:
            stop = _send(store, config, [item], post, result)
            if stop is not None:
                return stop
        return None
    if response.status == 409:
        _record(store, config.endpoint, batch, "conflict", _detail(response))
        result.conflicts += len(batch)
        return None
    _record(store, config.endpoint, batch, "failed", _detail(response))
    result.failed += len(batch)
    if response.status is None or response.status >= 500:
        return Message(
            "lrs.did_not_take", {"endpoint": config.endpoint, "detail": _detail(response)}
        )
    return None


def delivery_counts(store: Store, endpoint: str | None = None) -> list[dict[str, Any]]:
    """Per endpoint and status, how many statements and sessions, and the last attempt."""
    sql = """SELECT endpoint, status, count(*) AS statements,
        count(DISTINCT session_id) AS sessions, max(last_tried) AS last_tried
        FROM lrs_deliveries"""
    params: list[Any] = []
    if endpoint is not None:
        sql += " WHERE endpoint = ?"
        params.append(endpoint)
    return store.query(sql + " GROUP BY endpoint, status ORDER BY endpoint, status", params)


__all__ = [
    "LrsConfig",
    "LrsError",
    "PushResult",
    "Response",
    "config_path",
    "delivery_counts",
    "pending_statements",
    "post_statements",
    "push",
    "resolve_config",
    "strip_credentials",
]
