"""Tests for the LRS settings and push logic, with a scripted LRS (the real one is in e2e)."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from simulator.records.lrs import (
    LrsConfig,
    LrsError,
    Response,
    push,
    resolve_config,
    strip_credentials,
)
from simulator.records.store import Store

f = SimpleNamespace(**runpy.run_path(str(Path(__file__).parent / "test_store.py")))

ENDPOINT = "https://lrs.example.com/xAPI"


@pytest.mark.parametrize(
    ("options", "environ", "file_text", "expected"),
    [
        ({"endpoint": ENDPOINT}, {}, "", (ENDPOINT, None, None)),  # option only
        ({}, {"DOJO_LRS_ENDPOINT": ENDPOINT, "DOJO_LRS_USERNAME": "u", "DOJO_LRS_PASSWORD": "p"}, "", (ENDPOINT, "u", "p")),  # environment
        ({}, {}, f'[lrs]\nendpoint = "{ENDPOINT}/"\nusername = "f"\npassword = "fp"\n', (ENDPOINT, "f", "fp")),  # config file
        ({"username": "o"}, {"DOJO_LRS_USERNAME": "e"}, f'[lrs]\nendpoint = "{ENDPOINT}"\nusername = "f"\n', (ENDPOINT, "o", None)),  # option beats environment beats file
        ({"endpoint": "https://u%40x:p%3Aw@lrs.example.com:8443/xAPI/"}, {}, "", ("https://lrs.example.com:8443/xAPI", "u@x", "p:w")),  # credentials in the address
    ],
)  # fmt: skip
def test_settings_come_from_options_then_environment_then_file(
    tmp_path: Path,
    options: dict[str, str],
    environ: dict[str, str],
    file_text: str,
    expected: tuple[str, str | None, str | None],
) -> None:
    path = tmp_path / "lrs.toml"
    path.write_text(file_text, encoding="utf-8")
    config = resolve_config(**options, environ=environ, path=path)  # type: ignore[arg-type]
    assert config is not None
    assert (config.endpoint, config.username, config.password) == expected


def test_no_endpoint_anywhere_means_no_lrs(tmp_path: Path) -> None:
    assert resolve_config(environ={}, path=tmp_path / "none.toml") is None


def test_an_unknown_setting_in_the_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "lrs.toml"
    path.write_text('[lrs]\nendpoint = "https://x.test"\npasword = "typo"\n', encoding="utf-8")
    with pytest.raises(LrsError, match="unknown LRS setting pasword"):
        resolve_config(environ={}, path=path)


def test_a_bad_endpoint_is_refused_without_showing_its_password(tmp_path: Path) -> None:
    with pytest.raises(LrsError) as caught:
        resolve_config(endpoint="ftp://me:hunter2@x.test/", environ={}, path=tmp_path / "n")
    assert "hunter2" not in caught.value.message and "ftp://x.test/" in caught.value.message


def test_the_password_is_not_in_the_settings_repr() -> None:
    assert "hunter2" not in repr(LrsConfig(ENDPOINT, "me", "hunter2"))
    assert strip_credentials("https://me:hunter2@x.test/a@b") == "https://x.test/a@b"


def test_statements_url_is_added_once() -> None:
    assert LrsConfig(ENDPOINT).statements_url == f"{ENDPOINT}/statements"
    assert LrsConfig(f"{ENDPOINT}/statements").statements_url == f"{ENDPOINT}/statements"


class ScriptedLrs:
    """Answers each batch from a rule, and keeps what it was sent."""

    def __init__(self, refuse: set[str] | None = None, status: int | None = 200) -> None:
        self.refuse = refuse or set()
        self.status = status
        self.batches: list[list[str]] = []

    def __call__(self, config: LrsConfig, statements: list[dict[str, Any]]) -> Response:
        ids = [s["id"] for s in statements]
        self.batches.append(ids)
        if self.refuse & set(ids):
            return Response(409, '{"detail": "Differing statements already exist"}')
        return Response(self.status, "[]")


def test_a_conflicting_statement_does_not_hold_back_the_rest() -> None:
    store = Store.memory()
    f.play(store, "s1", totals=(70, 80))
    config = LrsConfig(ENDPOINT)
    first = ScriptedLrs()
    probe = push(store, config, post=first)
    ids = first.batches[0]
    store.db.conn.execute("DELETE FROM lrs_deliveries")
    lrs = ScriptedLrs(refuse={ids[1]})
    result = push(store, config, post=lrs)
    assert probe.accepted == len(ids)
    assert (result.accepted, result.conflicts, result.ok) == (len(ids) - 1, 1, False)
    assert lrs.batches[0] == ids and lrs.batches[1:] == [[i] for i in ids]
    [conflict] = store.query(
        "SELECT statement_id, error FROM lrs_deliveries WHERE status = 'conflict'"
    )
    assert conflict["statement_id"] == ids[1] and "HTTP 409: Differing" in conflict["error"]


def test_refused_credentials_stop_the_push_with_a_clear_error() -> None:
    store = Store.memory()
    f.play(store, "s1")
    with pytest.raises(LrsError, match=r"refused the credentials \(HTTP 401"):
        push(store, LrsConfig(ENDPOINT, "me", "pw"), post=ScriptedLrs(status=401))


def test_an_unreachable_lrs_leaves_the_later_batches_for_the_next_push() -> None:
    store = Store.memory()
    for n in range(3):
        f.play(store, f"s{n}")
    down = ScriptedLrs(status=None)
    result = push(store, LrsConfig(ENDPOINT), post=down, batch_size=2)
    assert (
        len(down.batches) == 1 and result.failed == 2 and result.not_sent == result.statements - 2
    )
    up = ScriptedLrs()
    again = push(store, LrsConfig(ENDPOINT), post=up, batch_size=2)
    assert again.ok and again.accepted == result.statements


def test_the_summary_and_the_reason_to_stop_are_in_the_language_asked() -> None:
    store = Store.memory()
    f.play(store, "s1", totals=(70,))
    result = push(store, LrsConfig(ENDPOINT), post=ScriptedLrs(status=None))
    assert result.summary() == (
        f"{ENDPOINT}: 3 statements of 1 closed session; 0 accepted now, 0 accepted before, 3 failed"
    )
    assert result.summary("zh") == (
        f"{ENDPOINT}:1 次已结束的练习共 3 条 xAPI 语句;本次接收 0 条,此前已接收 0 条,3 条发送失败"
    )
    assert result.problem is not None
    assert result.problem.render("en") == f"the LRS at {ENDPOINT} did not take the statements ([])"
    assert result.problem.render("zh") == f"{ENDPOINT} 的学习记录库没有接收这些语句([])"


def test_a_settings_error_has_its_title_and_message_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(LrsError) as caught:
        resolve_config(endpoint="ftp://x.test/", environ={}, path=tmp_path / "n")
    error = caught.value
    assert (error.title_in("en"), error.title_in("zh")) == ("Bad endpoint", "LRS 地址有误")
    assert error.message_in("zh").startswith("LRS 地址 'ftp://x.test/' 不是 http(s) 地址")
