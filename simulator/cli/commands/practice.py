"""dojo practice: play a scenario headless, one reply per line, for trainers, CI and tools."""

from __future__ import annotations

import getpass
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

import scoring
from scoring import TECHNIQUE_NAMES, Language
from simulator.errors import SimulatorError, StoreError
from simulator.i18n import t
from simulator.limits import MAX_REPLY_CHARS, reply_too_long
from simulator.options import (
    db_option,
    interface_lang,
    resolve_db,
    resolve_scenario_dirs,
    scenarios_option,
    shown_error,
)
from simulator.scenario.loader import load_library
from simulator.scenario.model import SATISFACTION_FACTORS, Scenario
from simulator.session.engine import Session, turn_notes
from simulator.session.evaluation import (
    evaluation_to_dict,
    factor_name,
    level_name,
    reason,
    scale_label,
)
from simulator.session.recording import Ending, RecordedSession
from simulator.session.turns import CustomerLine, TurnResult
from simulator.settings import clean_trainee
from simulator.untrusted import json_line, scrub, surrogate_at, visible

if TYPE_CHECKING:
    from simulator.records.store import Store

WORDS: dict[str, str] = {
    "practice": "headless.practice",
    "seed": "headless.seed",
    "trainee": "headless.trainee",
    "you": "practice.you",
    "confidence": "transcript.confidence",
    "score": "transcript.score",
    "hint": "transcript.hint",
    "late": "transcript.late",
    "revealed": "headless.revealed",
    "outcome": "report.col.outcome",
    "total": "headless.total",
    "passed": "verdict.passed",
    "failed": "verdict.failed",
    "not_finished": "end.not_graded",
    "pass_mark": "headless.pass_mark",
    "evaluation": "eval.title",
    "index": "transcript.index",
    "perceived": "headless.perceived",
    "expected": "transcript.expected",
    "level": "transcript.level",
    "unfinished": "headless.unfinished",
    "quit": "headless.quit",
    "unused": "headless.unused",
    "turn_limit": "headless.turn_limit",
    "recorded": "headless.recorded",
    "notes": "end.notes",
    "turn": "headless.turn",
    "model": "headless.model",
}
"""The catalog key of each of the transcript's labels, shown in the scenario's language."""


def default_trainee() -> str:
    """The OS user name, or `trainee` when it cannot be found."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "trainee"


def split_replies(text: str) -> list[str]:
    """The replies in a text, one per line: lines end at \\n or \\r\\n only.

    Unicode line separators, vertical tabs and form feeds stay inside a reply (unlike
    str.splitlines), so a reply pasted from a document is still one reply.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def read_reply_file(path: str, lang: Language = "en") -> list[str]:
    """The replies in a UTF-8 file, one per line; a blank line is an empty reply."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise click.ClickException(
            t("cli.practice.cannot_read", lang, path=path, reason=error.strerror)
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise click.ClickException(t("cli.practice.not_utf8", lang, path=path, line=line)) from None
    replies = split_replies(text)
    for number, reply in enumerate(replies, start=1):
        too_long = reply_too_long(reply)
        if too_long:
            raise click.ClickException(visible(f"{path}:{number}: {too_long}", newlines=False))
    return replies


MAX_REPLY_LINE_BYTES = 4 * MAX_REPLY_CHARS + 2
"""The most bytes read for one streamed reply: MAX_REPLY_CHARS characters of UTF-8 and CRLF."""


def stdin_replies(stream: IO[bytes] | IO[str]) -> Iterator[tuple[str, float]]:
    """Replies from a stream as each line arrives, with the seconds spent waiting for it.

    Bytes are read as UTF-8 whatever the locale, as reply files are. A line longer than
    any reply may be is cut short and the rest dropped; the cut reply is over the cap, so
    it is refused.
    """
    while True:
        asked_at = time.monotonic()
        raw = stream.readline(MAX_REPLY_LINE_BYTES)
        if not raw:
            return
        if isinstance(raw, bytes):
            rest = raw
            while len(rest) == MAX_REPLY_LINE_BYTES and not rest.endswith(b"\n"):
                rest = stream.readline(MAX_REPLY_LINE_BYTES)  # type: ignore[assignment]
            line = raw.decode("utf-8", "replace")
        else:
            line = scrub(raw)
        yield line.removeprefix("\ufeff").rstrip("\r\n"), round(time.monotonic() - asked_at, 3)


def trainee_name(given: str | None, lang: Language = "en") -> str:
    """Who is practising: the name given (cleaned as the app cleans it), else the user name.

    A name that is not UTF-8 text (bytes the shell could not decode) is refused.
    """
    if given is None:
        return clean_trainee(default_trainee()) or "trainee"
    if surrogate_at(given) is not None:
        raise click.BadParameter(t("cli.practice.name_not_utf8", lang), param_hint="--trainee")
    name = clean_trainee(given)
    if not name:
        raise click.BadParameter(t("cli.practice.no_name", lang), param_hint="--trainee")
    return name


def turn_to_dict(turn: TurnResult) -> dict[str, Any]:
    """One turn as the plain data of `dojo practice --json`."""
    classification = turn.score.classification
    return {
        "node": turn.node,
        "customer": turn.customer,
        "reply": turn.reply,
        "technique": classification.technique,
        "confidence": round(classification.confidence, 4),
        "score": turn.score.total,
        "points": turn.points,
        "recommended": list(turn.recommended),
        "matched_recommended": turn.matched_recommended,
        "flags": [flag.id for flag in turn.score.flags],
        "steps": sorted(turn.score.steps),
        "tip": turn.score.tip,
        "hint_used": turn.hint_used,
        "response_seconds": turn.response_seconds,
        "timed_out": turn.timed_out,
        "reaction": turn.reaction,
        "revealed": turn.revealed,
        "mood_after": turn.mood_after,
        "satisfaction_after": turn.satisfaction_after,
        "outcome": turn.outcome,
    }


def session_to_dict(session: Session, ending: Ending, db: Path | None) -> dict[str, Any]:
    """The whole session as the one JSON object `dojo practice --json` prints."""
    verdict = ending.verdict
    return {
        "scenario": session.scenario.id,
        "scenario_version": session.scenario.version,
        "trainee": session.trainee,
        "seed": session.seed,
        "timed": session.timed,
        "outcome": session.outcome,
        "finished": session.finished,
        "end_reason": session.end_reason,
        "turns": [turn_to_dict(turn) for turn in session.turns],
        "evaluation": evaluation_to_dict(ending.evaluation),
        "total_score": verdict.total,
        "passed": bool(verdict.passed),
        "not_passed_because": verdict.reason,
        "notes": [asdict(note) for note in turn_notes(session.scenario, session.turns)],
        "hints_used": session.hints_used,
        "session_id": session.id,
        "scorer_version": scoring.SCORER_VERSION,
        "db": str(db) if db else None,
    }


class Transcript:
    """Writes the readable transcript, labelled in the scenario's language."""

    def __init__(self, scenario: Scenario, out: IO[str] | None) -> None:
        self.scenario = scenario
        self.lang: Language = scenario.language
        self.words = {name: t(key, self.lang) for name, key in WORDS.items()}
        self.out = out

    def say(self, text: str = "") -> None:
        """Write one line and flush, so a tool reading the other end sees it at once."""
        if self.out is not None:
            # Replies, names and scenario lines are shown as typed, control characters
            # written out, so none of them can drive the reader's terminal.
            self.out.write(visible(text) + "\n")
            self.out.flush()

    def note(self, text: str) -> None:
        """A remark from dojo itself, on standard error so the transcript stays as it was."""
        click.echo(visible(text), err=True)

    def header(self, session: Session) -> None:
        w = self.words
        self.say(
            f"{w['practice']}: {self.scenario.title} ({self.scenario.id}) · "
            f"{w['seed']} {session.seed} · {w['trainee']} {session.trainee}"
        )
        if self.scenario.summary:
            self.say(self.scenario.summary)
        self.say()

    def customer(self, text: str) -> None:
        self.say(f"{self.scenario.persona.name}: {text}")

    def line(self, line: CustomerLine | None, after: TurnResult | None = None) -> None:
        # A reaction that already raised the next objection is not said twice (engine.leads_in).
        if line is not None and not (after is not None and after.reaction.endswith(line.text)):
            self.customer(line.text)

    def turn(self, turn: TurnResult) -> None:
        w = self.words
        classification = turn.score.classification
        name = TECHNIQUE_NAMES[classification.technique][self.lang]
        parts = [
            f"{name} ({classification.technique})",
            f"{w['confidence']} {classification.confidence:.2f}",
            f"{w['score']} {turn.score.total}",
        ]
        if turn.hint_used:
            parts.append(f"{w['hint']} −{turn.hint_cost}")
        if turn.timed_out:
            parts.append(w["late"])
        self.say(f"{w['you']}: {turn.reply}")
        self.say(f"  [{' · '.join(parts)}]")
        if turn.revealed:
            self.say(f"  ({w['revealed']}: {turn.revealed})")
        self.customer(turn.reaction)

    def summary(self, session: Session, ending: Ending) -> None:
        w = self.words
        lang = self.lang
        evaluation, verdict = ending.evaluation, ending.verdict
        self.say()
        if session.finished:
            outcome = t(f"outcome.{session.outcome or 'lost'}", lang)
            if session.end_reason == "turn_limit":
                self.say(w["turn_limit"])
            shown = outcome if outcome == session.outcome else f"{outcome} ({session.outcome})"
            self.say(f"{w['outcome']}: {shown}")
        total = verdict.total
        if verdict.passed is None:
            self.say(f"{w['total']}: {total} ({w['not_finished']})")
        else:
            why = verdict.reason
            said = w["passed"] if why is None else f"{w['failed']}: {why[lang]}"
            # A total below the pass mark is already named, with the mark, in the reason.
            mark = f"; {w['pass_mark']} {verdict.pass_mark}" if total >= verdict.pass_mark else ""
            self.say(f"{w['total']}: {total} ({said}{mark})")
        notes = turn_notes(self.scenario, session.turns)
        if notes:
            self.say()
            self.say(f"{w['notes']}:")
            for note in notes:
                self.say(f"  {w['turn']} {note.index + 1} ({note.points}): {note.tip}")
                if note.model_answer and note.model_technique:
                    name = TECHNIQUE_NAMES[note.model_technique][lang]
                    self.say(f"    {w['model']} ({name}): {note.model_answer}")
        self.say()
        self.say(f"{w['evaluation']}:")
        for factor in SATISFACTION_FACTORS:
            grade = evaluation.grades[factor]
            self.say(
                f"  {factor_name(factor, lang)}: {grade}/5 {scale_label(grade, lang)}"
                f" — {reason(evaluation, factor, lang)}"
            )
        self.say(f"  {w['index']}: {evaluation.index:.2f}/5")
        self.say(
            f"  {w['perceived']}: {evaluation.perceived:.2f} ({w['expected']} {evaluation.expected})"
            f" · CSS {evaluation.css:.2f} · {evaluation.gap:+.2f}"
            f" · {w['level']}: {level_name(evaluation.level, lang)}"
        )


def _open_store(db: Path) -> Store:
    from simulator.records.store import Store

    return Store.open(db)


def _play(
    recorded: RecordedSession,
    replies: Iterator[tuple[str, float | None]],
    transcript: Transcript,
    count_unused: bool,
) -> tuple[int, bool]:
    """Feed replies until the session ends or they run out; (replies left unused, quit).

    The next reply is read only while the session goes on, so a live stream is never
    waited on after the end.
    """
    session = recorded.session
    transcript.line(session.current)
    quit_early = False
    try:
        while not session.ended:
            try:
                reply, seconds = next(replies)
            except StopIteration:
                break
            too_long = reply_too_long(reply)
            if too_long:
                # A live stream can send the reply again; the session waits for it.
                transcript.note(f"{too_long}; not sent")
                continue
            turn = recorded.submit(reply, seconds)
            transcript.turn(turn)
            transcript.line(session.current, after=turn)
    except KeyboardInterrupt:
        quit_early = True
    if not session.ended:
        session.stop()
    unused = sum(1 for _ in replies) if count_unused and not quit_early else 0
    return unused, quit_early


@click.command("practice")
@click.argument("scenario_id")
@click.option(
    "--replies",
    "replies_path",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="A UTF-8 file with one reply per line, or - to answer from standard input as you go.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Fixes the variant choices.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object instead of the transcript."
)
@click.option(
    "--trainee",
    envvar="DOJO_TRAINEE",
    default=None,
    help="Who is practising (default: $DOJO_TRAINEE, else your user name).",
)
@click.option(
    "--timed",
    is_flag=True,
    help="Timed mode: a reply slower than the scenario's limit makes the customer impatient.",
)
@click.option("--no-record", is_flag=True, help="Do not record the session in the database.")
@db_option
@scenarios_option
@click.pass_context
def practice(
    ctx: click.Context,
    scenario_id: str,
    replies_path: str,
    seed: int,
    as_json: bool,
    trainee: str | None,
    timed: bool,
    no_record: bool,
    db_path: Path | None,
    scenario_dirs: tuple[str, ...],
) -> None:
    """Play scenario SCENARIO_ID without the app, one reply per line of --replies.

    Prints the transcript with each reply's technique and score, then the evaluation.
    With --replies -, each customer line is printed before the next reply is read, and
    response times are measured (so --timed applies). Replies that run out before the
    end stop the session unfinished; that is not an error.
    """
    library = load_library(resolve_scenario_dirs(ctx, scenario_dirs))
    try:
        scenario = library.get(scenario_id)
    except SimulatorError as error:
        lang = interface_lang(ctx)
        broken = library.broken_files
        note = t("error.scenario.broken_files", lang, count=len(broken)) if broken else ""
        raise click.ClickException(error.message_in(lang) + note) from None

    name = trainee_name(trainee, interface_lang(ctx))
    streaming = replies_path == "-"
    replies: Iterator[tuple[str, float | None]]
    if streaming:
        replies = stdin_replies(getattr(sys.stdin, "buffer", sys.stdin))
    else:
        replies = ((line, None) for line in read_reply_file(replies_path, interface_lang(ctx)))

    # In --json mode stdout holds only the JSON object; the live lines go to stderr.
    live_out: IO[str] | None
    if as_json:
        live_out = sys.stderr if streaming else None
    else:
        live_out = sys.stdout
    transcript = Transcript(scenario, live_out)

    db = None if no_record else resolve_db(ctx, db_path)
    store: Store | None = None
    try:
        if db is not None:
            store = _open_store(db)
        recorded = RecordedSession.start(
            scenario,
            name,
            seed,
            store=store,
            mode="headless",
            scorer=scoring.score_turn,
            timed=timed,
        )
        session = recorded.session
        transcript.header(session)
        try:
            unused, quit_early = _play(recorded, replies, transcript, count_unused=not streaming)
        except NotImplementedError:
            _finish(recorded)
            raise click.ClickException(t("cli.practice.no_scorer", interface_lang(ctx))) from None
        ending = _finish(recorded)
    except StoreError as error:
        raise shown_error(ctx, error) from None
    finally:
        if store is not None:
            store.close()

    notes = transcript if not as_json else Transcript(scenario, sys.stderr)
    if not session.finished:
        notes.say(transcript.words["quit" if quit_early else "unfinished"])
    if unused:
        notes.say(transcript.words["unused"].format(n=unused))
    if as_json:
        click.echo(json_line(session_to_dict(session, ending, db), indent=2))
    else:
        transcript.summary(session, ending)
        if db is not None:
            transcript.say(transcript.words["recorded"].format(db=db))
    if quit_early:
        ctx.exit(130)


def _finish(recorded: RecordedSession) -> Ending:
    """Finish the session and record its end; an end that cannot be recorded fails the command."""
    ending = recorded.finish()
    if ending.problem is not None:
        raise ending.problem
    return ending


COMMANDS: list[click.Command] = [practice]
