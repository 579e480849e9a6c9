"""What the records store's refusals say, in each interface language."""

from __future__ import annotations

import runpy
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from simulator.errors import StoreError
from simulator.i18n import LANGUAGES, Language
from simulator.records.store import Store

f = SimpleNamespace(**runpy.run_path(str(Path(__file__).with_name("test_store.py"))))

Operation = Callable[[Store], Any]


@pytest.fixture
def records() -> Iterator[Store]:
    """An in-memory store with a finished, an open and a stopped session."""
    with Store.memory() as store:
        f.play(store, "done-1", trainee="ana")
        f.play(store, "open-1", trainee="ben", finished=None)
        f.play(store, "stopped-1", trainee="ana", finished=False)
        yield store


def twice(first: Operation, second: Operation) -> Operation:
    """Do first, then second, on the same store."""
    return lambda store: (first(store), second(store))


CASES: dict[str, tuple[Operation, dict[str, tuple[str, str]]]] = {
    "rename to an empty name": (
        lambda s: s.rename_trainee("ana", "  "),
        {
            "en": ("No name", "cannot rename 'ana': the new name is empty"),
            "zh": ("没有名字", "无法给 'ana' 改名:新名字是空的"),
        },
    ),
    "rename an unknown trainee": (
        lambda s: s.rename_trainee("zed", "Zed"),
        {
            "en": (
                "Unknown trainee",
                "cannot rename 'zed': there is no trainee 'zed' in the in-memory database; "
                "`dojo trainee list` shows who there is",
            ),
            "zh": (
                "没有这位练习者",
                "无法给 'zed' 改名:内存数据库 中没有练习者 'zed';`dojo trainee list` 会列出所有练习者",
            ),
        },
    ),
    "rename to another trainee's name": (
        lambda s: s.rename_trainee("ana", "BEN"),
        {
            "en": (
                "Name taken",
                "cannot rename 'ana': 'ben' is another trainee; to make them one, run "
                "`dojo trainee merge 'ana' 'ben'`",
            ),
            "zh": (
                "名字已被占用",
                "无法给 'ana' 改名:'ben' 是另一位练习者;要把两人合为一人,请运行 "
                "`dojo trainee merge 'ana' 'ben'`",
            ),
        },
    ),
    "merge a trainee into itself": (
        lambda s: s.merge_trainees("ana", "ANA"),
        {
            "en": (
                "Same trainee",
                "cannot merge 'ana' into 'ANA': both names are the same trainee",
            ),
            "zh": ("同一位练习者", "无法把 'ana' 合并到 'ANA':这两个名字是同一位练习者"),
        },
    ),
    "merge an unknown trainee": (
        lambda s: s.merge_trainees("zed", "ana"),
        {
            "en": (
                "Unknown trainee",
                "cannot merge 'zed' into 'ana': there is no trainee 'zed' in the in-memory "
                "database; `dojo trainee list` shows who there is",
            ),
            "zh": (
                "没有这位练习者",
                "无法把 'zed' 合并到 'ana':内存数据库 中没有练习者 'zed';"
                "`dojo trainee list` 会列出所有练习者",
            ),
        },
    ),
    "a trainee without a name": (
        lambda s: s.set_team("   ", "north"),
        {
            "en": ("No name", "a trainee needs a name; type at least one letter"),
            "zh": ("没有名字", "练习者需要一个名字;请至少输入一个字"),
        },
    ),
    "a reply that is not text": (
        lambda s: s.record_turn(f.make_turn("open-1", 3, reply="hi \udcff")),
        {
            "en": (
                "Not text",
                "cannot write to the in-memory database: a name or reply holds '\\udcff', "
                "which is not text; type it again",
            ),
            "zh": (
                "不是文本",
                "无法写入 内存数据库:名字或回复中含有 '\\udcff',它不是文本;请重新输入",
            ),
        },
    ),
    "start a session twice": (
        lambda s: f.play(s, "done-1"),
        {
            "en": (
                "Session exists",
                "session done-1 is already recorded in the in-memory database; start a new "
                "session (each gets its own id)",
            ),
            "zh": (
                "会话已存在",
                "会话 done-1 已经记录在 内存数据库 中;请开始一个新会话(每个会话都有自己的编号)",
            ),
        },
    ),
    "a turn of a session never started": (
        lambda s: s.record_turn(f.make_turn("nope", 0)),
        {
            "en": (
                "Unknown session",
                "cannot record turn 1 of session nope: session nope was never started in the "
                "in-memory database; call start_session first",
            ),
            "zh": (
                "没有这个会话",
                "无法记录会话 nope 的第 1 轮:会话 nope 从未在 内存数据库 中开始;请先调用 start_session",
            ),
        },
    ),
    "a turn of a finished session": (
        lambda s: s.record_turn(f.make_turn("done-1", 5)),
        {
            "en": (
                "Session closed",
                "cannot record turn 6 of session done-1: session done-1 is finished and records "
                "are never changed afterwards; start a new session",
            ),
            "zh": (
                "会话已结束",
                "无法记录会话 done-1 的第 6 轮:会话 done-1 已完成,之后记录不会再改动;请开始一个新会话",
            ),
        },
    ),
    "a turn recorded twice": (
        lambda s: s.record_turn(f.make_turn("open-1", 0)),
        {
            "en": (
                "Turn exists",
                "cannot record turn 1 of session open-1: a turn with that number is already "
                "recorded; turns are recorded once, in order",
            ),
            "zh": (
                "这一轮已记录",
                "无法记录会话 open-1 的第 1 轮:这一轮已经记录过;每一轮按顺序只记录一次",
            ),
        },
    ),
    "a turn with an unknown technique": (
        lambda s: s.record_turn(f.make_turn("open-1", 3, technique="haggle")),
        {
            "en": (
                "Unknown technique",
                "cannot record turn 4 of session open-1: 'haggle' is not one of the labels "
                "ignore, compensate, taichi, ask, yes_if, rebuttal, none; the scorer and this "
                "version of dojo do not match",
            ),
            "zh": (
                "未知的技巧",
                "无法记录会话 open-1 的第 4 轮:'haggle' 不是 ignore, compensate, taichi, ask, "
                "yes_if, rebuttal, none 中的一种;评分器与这个版本的道场不匹配",
            ),
        },
    ),
    "finish an abandoned session": (
        twice(
            lambda s: s.mark_abandoned("open-1"),
            lambda s: s.finish_session(
                "open-1", outcome=None, ended_at=f.START, finished=False, evaluation=None
            ),
        ),
        {
            "en": (
                "Session closed",
                "cannot finish session open-1: session open-1 is abandoned and records are "
                "never changed afterwards; start a new session",
            ),
            "zh": (
                "会话已结束",
                "无法结束会话 open-1:会话 open-1 已放弃,之后记录不会再改动;请开始一个新会话",
            ),
        },
    ),
    "abandon a stopped session": (
        lambda s: s.mark_abandoned("stopped-1"),
        {
            "en": (
                "Session closed",
                "cannot mark session stopped-1 abandoned: session stopped-1 is unfinished and "
                "records are never changed afterwards; start a new session",
            ),
            "zh": (
                "会话已结束",
                "无法把会话 stopped-1 标记为放弃:会话 stopped-1 未完成,之后记录不会再改动;"
                "请开始一个新会话",
            ),
        },
    ),
    "a rating out of range": (
        lambda s: s.record_self_assessment("done-1", 6),
        {
            "en": ("Bad rating", "a self-assessment is 1 to 5, not 6"),
            "zh": ("自评分数无效", "自评分数是 1 到 5,不是 6"),
        },
    ),
    "a rating before the evaluation": (
        lambda s: s.record_self_assessment("open-1", 3),
        {
            "en": (
                "No evaluation",
                "cannot record the self-assessment of session open-1: it has no evaluation "
                "yet; finish the session first",
            ),
            "zh": ("还没有评估", "无法记录会话 open-1 的自评:它还没有评估;请先结束会话"),
        },
    ),
    "a second, different rating": (
        twice(
            lambda s: s.record_self_assessment("done-1", 4),
            lambda s: s.record_self_assessment("done-1", 2),
        ),
        {
            "en": (
                "Already rated",
                "cannot record the self-assessment of session done-1: the trainee already "
                "rated it 4, and records are never changed",
            ),
            "zh": (
                "已经自评过",
                "无法记录会话 done-1 的自评:练习者已经给它打了 4 分,记录不会再改动",
            ),
        },
    ),
    "an empty note": (
        lambda s: s.add_note("done-1", "  ", "hr"),
        {
            "en": (
                "Empty note",
                "cannot add a note to session done-1: the note is empty; write what to say",
            ),
            "zh": ("备注是空的", "无法给会话 done-1 添加备注:备注是空的;请写下要说的话"),
        },
    ),
    "a note too long": (
        lambda s: s.add_note("done-1", "x" * 5000, "hr"),
        {
            "en": (
                "Note too long",
                "cannot add a note to session done-1: the note has 5000 characters, more than "
                "4000; shorten it or split it into several notes",
            ),
            "zh": (
                "备注太长",
                "无法给会话 done-1 添加备注:备注有 5000 个字符,超过了 4000 个;请缩短,或分成几条备注",
            ),
        },
    ),
    "a note without an author": (
        lambda s: s.add_note("done-1", "Good", " "),
        {
            "en": ("No author", "cannot add a note to session done-1: give the author's name"),
            "zh": ("没有作者", "无法给会话 done-1 添加备注:请给出作者的名字"),
        },
    ),
    "a note on an unknown session": (
        lambda s: s.add_note("nope", "Good", "hr"),
        {
            "en": (
                "Unknown session",
                "cannot add a note to session nope: there is no such session in the in-memory "
                "database; copy its id from `dojo export` or the HR screen",
            ),
            "zh": (
                "没有这个会话",
                "无法给会话 nope 添加备注:内存数据库 中没有这个会话;请从 `dojo export` 或 HR "
                "界面复制它的编号",
            ),
        },
    ),
    "a note on an open session": (
        lambda s: s.add_note("open-1", "Good", "hr"),
        {
            "en": (
                "Session open",
                "cannot add a note to session open-1: it is still open; notes go on closed "
                "sessions, so wait until it is finished, stopped or abandoned",
            ),
            "zh": (
                "会话仍在进行",
                "无法给会话 open-1 添加备注:它还在进行中;备注只能加在已结束的会话上,"
                "请等它完成、停止或被放弃",
            ),
        },
    ),
    "no session id": (
        lambda s: s.resolve_session(" "),
        {
            "en": ("No session", "give a session id (or its first characters)"),
            "zh": ("没有会话编号", "请给出会话编号(或它的前几个字符)"),
        },
    ),
    "a session id that matches none": (
        lambda s: s.resolve_session("zz"),
        {
            "en": (
                "Unknown session",
                "no session id starts with 'zz' in the in-memory database; copy the id from "
                "`dojo export` or the HR screen",
            ),
            "zh": (
                "没有这个会话",
                "内存数据库 中没有以 'zz' 开头的会话编号;请从 `dojo export` 或 HR 界面复制编号",
            ),
        },
    ),
    "a session id that matches several": (
        twice(lambda s: f.play(s, "done-2"), lambda s: s.resolve_session("done")),
        {
            "en": (
                "Ambiguous session",
                "2 sessions start with 'done' (done-1, done-2); give more of the id",
            ),
            "zh": ("会话编号不唯一", "有 2 个会话以 'done' 开头(done-1, done-2);请多给出几个字符"),
        },
    ),
}
"""Each refusal: what triggers it, and its (title, message) in each language."""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", list(CASES))
def test_a_refusal_is_said_in_the_interface_language(
    records: Store, case: str, lang: Language
) -> None:
    operation, expected = CASES[case]
    with pytest.raises(StoreError) as caught:
        operation(records)
    assert (caught.value.title_in(lang), caught.value.message_in(lang)) == expected[lang]


@pytest.mark.parametrize(
    ("lang", "exists", "no_folder"),
    [
        (
            "en",
            (
                "Backup exists",
                "{target} already exists; give a new file name (backups never overwrite)",
            ),
            ("No such folder", "the folder {folder} does not exist; create it or choose another"),
        ),
        (
            "zh",
            ("备份已存在", "{target} 已经存在;请换一个新的文件名(备份从不覆盖已有文件)"),
            ("文件夹不存在", "文件夹 {folder} 不存在;请先创建它,或换一个文件夹"),
        ),
    ],
)
def test_a_backup_refusal_is_said_in_the_interface_language(
    records: Store,
    tmp_path: Path,
    lang: Language,
    exists: tuple[str, str],
    no_folder: tuple[str, str],
) -> None:
    taken = tmp_path / "taken.db"
    taken.write_text("keep me", encoding="utf-8")
    missing = tmp_path / "no" / "copy.db"
    for target, (title, message) in ((taken, exists), (missing, no_folder)):
        with pytest.raises(StoreError) as caught:
            records.backup(target)
        said = (caught.value.title_in(lang), caught.value.message_in(lang))
        assert said == (title, message.format(target=target, folder=target.parent))
