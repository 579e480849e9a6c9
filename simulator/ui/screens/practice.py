"""The practice screen: the conversation, the customer's gauges, the reply box and feedback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from scoring.models import COMPLAINT_STEPS, STEP_NAMES
from simulator.errors import ClaimLostError, SimulatorError, StoreError
from simulator.i18n import t
from simulator.limits import MAX_REPLY_CHARS
from simulator.session.engine import HINT_COST
from simulator.session.recording import RecordedSession
from simulator.session.turns import TurnResult
from simulator.ui.screens.answers import ModelAnswersModal
from simulator.ui.screens.base import DojoScreen
from simulator.ui.screens.confirm import ConfirmModal
from simulator.ui.screens.error import ErrorModal
from simulator.ui.widgets.countdown import Countdown
from simulator.ui.widgets.feedback import FeedbackPanel
from simulator.ui.widgets.meter import Meter
from simulator.ui.widgets.reply_box import ReplyBox
from simulator.ui.widgets.transcript import Transcript, customer_speech, note_line, reply_speech

SUMMARY_DELAY = 0.8
"""Seconds the summary button stays unpressable after the last reply."""


class PracticeScreen(DojoScreen):
    """One session: the customer speaks, the trainee replies, each reply is scored at once."""

    summary_delay: float = SUMMARY_DELAY
    """Seconds the summary button stays unpressable after the session ends."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "hint", "key.hint"),
        Binding("f3", "answers", "key.answers"),
        Binding("escape", "stop", "key.stop"),
    ]

    @dataclass
    class SessionEnded(Message):
        """The conversation reached an ending, or the trainee stopped it."""

        session: RecordedSession

    @dataclass
    class SummaryRequested(Message):
        """The trainee asked for the summary of the session, which is over."""

        session: RecordedSession

    def __init__(self, recorded: RecordedSession) -> None:
        super().__init__()
        self.recorded = recorded
        self.session = recorded.session
        """The session being played (the engine's state; recorded records it)."""
        self.draft = ""
        self.hint_text: str | None = None
        self.asked_at = time.monotonic()
        """When the current customer line was shown, for the response time."""

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.session
        scenario = session.scenario
        lang = self.lang
        persona = scenario.persona
        yield Static(
            Content.assemble(
                (scenario.title, "bold $text-primary"),
                "  ",
                (f"{persona.name} · {persona.role}", "$text-muted"),
            ),
            id="practice-header",
        )
        with Horizontal(id="practice-main"):
            with Transcript(id="transcript"):
                yield from self._history()
            with Vertical(id="sidebar"):
                yield Meter(
                    t("practice.mood", lang), session.mood, low=0, high=100, id="mood-meter"
                )
                yield Meter(
                    t("practice.satisfaction", lang),
                    session.satisfaction,
                    low=1,
                    high=5,
                    decimals=1,
                    id="satisfaction-meter",
                )
                if session.timed:
                    yield Countdown(
                        session.time_limit,
                        lambda s: t("practice.timer", self.lang, seconds=s),
                        lambda s: t("practice.timer.over", self.lang, seconds=s),
                        id="countdown",
                    )
                if scenario.kind == "complaint":
                    yield Static(self._steps(), id="steps")
                yield Static(self._turn_info(), id="turn-info")
        yield Static(
            self._hint_content(), id="hint-line", classes="" if self.hint_text else "-hidden"
        )
        if session.ended:
            yield Button(t("practice.to_summary", lang), id="summary-button", variant="primary")
        else:
            yield ReplyBox(lang, placeholder=t("practice.placeholder", lang), id="reply")
        yield Footer()

    def _history(self) -> Iterator[Widget]:
        """The transcript's widgets for everything said so far (also after a resume)."""
        session = self.session
        turns = session.turns
        yield customer_speech(session.scenario.persona.name, session.opening().text)
        for number, turn in enumerate(turns):
            following: str | None
            if number + 1 < len(turns):
                following = turns[number + 1].customer
            else:
                following = session.current.text if session.current is not None else None
            yield from self._turn_widgets(turn, following)
        if session.ended:
            yield note_line(self._ending_text(), warning=not session.finished)

    def _turn_widgets(self, turn: TurnResult, following: str | None) -> Iterator[Widget]:
        """A reply, its feedback, and the customer's answer: the reaction and, in the same
        speech, the next line to reply to (following), if the conversation goes on."""
        lang = self.lang
        yield reply_speech(t("practice.you", lang), turn)
        yield FeedbackPanel(turn, lang)
        if turn.timed_out:
            yield note_line(t("practice.impatient", lang), warning=True)
        if following and turn.reaction.endswith(following):
            following = None  # the reaction already raised the next objection (leads_in)
        yield customer_speech(self.session.scenario.persona.name, turn.reaction, following or "")
        if turn.revealed:
            yield note_line(t("practice.revealed", lang, reason=turn.revealed))

    def _ending_text(self) -> str:
        session = self.session
        if session.outcome:
            return t(
                "practice.ended", self.lang, outcome=t(f"outcome.{session.outcome}", self.lang)
            )
        return t("end.unfinished", self.lang)

    def _steps(self) -> Content:
        lang = self.lang
        scenario = self.session.scenario
        expected = scenario.steps or COMPLAINT_STEPS
        parts: list[Content | str | tuple[str, str]] = [(t("practice.steps", lang), "bold")]
        for step in expected:
            done = step in self.session.steps_covered
            parts += [
                "\n",
                ("✓ " if done else "○ ", "$text-success" if done else "$text-muted"),
                (STEP_NAMES[step][lang], "" if done else "$text-muted"),
            ]
        return Content.assemble(*parts)

    def _turn_info(self) -> Content:
        session = self.session
        return Content(
            t(
                "practice.turn",
                self.lang,
                n=len(session.turns) + (0 if session.ended else 1),
                score=session.total_score(),
            )
        )

    def _hint_content(self) -> Content:
        if not self.hint_text:
            return Content("")
        return Content.assemble(
            (t("practice.hint", self.lang, cost=HINT_COST) + ": ", "bold $text-warning"),
            self.hint_text,
        )

    def fill(self) -> None:
        """Put back the reply being typed, focus the reply box and show the latest line."""
        if self.session.ended:
            self.query_one("#summary-button", Button).focus()
        else:
            reply = self.query_one("#reply", ReplyBox)
            reply.text = self.draft
            reply.focus()
        transcript = self.query_one(Transcript)
        transcript.call_after_refresh(transcript.scroll_end, animate=False)

    def keep(self) -> None:
        """Keep the reply being typed across a relabel."""
        if not self.session.ended:
            self.draft = self.query_one("#reply", ReplyBox).text

    # -- playing -----------------------------------------------------------

    @on(ReplyBox.Sent, "#reply")
    def send_reply(self, event: ReplyBox.Sent) -> None:
        """Score the reply, show the feedback and the customer's reaction."""
        session = self.session
        if session.ended:
            return
        if not event.text.strip():
            self.app.bell()
            return
        if len(event.text) > MAX_REPLY_CHARS:
            # Scoring a pasted document would hold the app up; the reply stays to be cut.
            self.query_one("#reply", ReplyBox).text = event.text
            self.notify(
                t(
                    "practice.too_long.body",
                    self.lang,
                    length=f"{len(event.text):,}",
                    limit=f"{MAX_REPLY_CHARS:,}",
                ),
                title=t("practice.too_long.title", self.lang),
                severity="error",
            )
            return
        if session.timed:
            seconds = self.query_one("#countdown", Countdown).elapsed()
        else:
            seconds = round(time.monotonic() - self.asked_at, 3)
        try:
            turn = self.recorded.submit(event.text, seconds)
        except ClaimLostError:
            self.dojo.claim_lost(self.recorded)
            return
        except StoreError as error:
            # The turn was not applied: the reply stays in the box, to be sent again.
            self.dojo.push_screen(
                ErrorModal(
                    t("store.write_failed.title", self.lang),
                    t("store.turn_failed.body", self.lang, message=error.message_in(self.lang)),
                    self.lang,
                )
            )
            self.query_one("#reply", ReplyBox).text = event.text
            return
        except (SimulatorError, NotImplementedError) as error:
            if isinstance(error, SimulatorError):
                title, message = error.title_in(self.lang), error.message_in(self.lang)
            else:
                title, message = t("error.title.simulator", self.lang), str(error)
            self.dojo.push_screen(ErrorModal(title, message, self.lang))
            self.query_one("#reply", ReplyBox).text = event.text
            return
        self._show_turn(turn)

    def _show_turn(self, turn: TurnResult) -> None:
        session = self.session
        transcript = self.query_one(Transcript)
        following = session.current.text if session.current is not None else None
        transcript.append(self._turn_widgets(turn, following))
        self.hint_text = None
        hint_line = self.query_one("#hint-line", Static)
        hint_line.update("")
        hint_line.add_class("-hidden")
        self.query_one("#mood-meter", Meter).value = session.mood
        self.query_one("#satisfaction-meter", Meter).value = session.satisfaction
        if session.scenario.kind == "complaint":
            self.query_one("#steps", Static).update(self._steps())
        self.query_one("#turn-info", Static).update(self._turn_info())
        if session.ended:
            transcript.append([note_line(self._ending_text())])
            self.post_message(self.SessionEnded(self.recorded))
            reply = self.query_one("#reply", ReplyBox)
            button = Button(
                t("practice.to_summary", self.lang),
                id="summary-button",
                variant="primary",
            )
            # Briefly unpressable, so the Enter that sent the last reply, pressed twice,
            # does not skip the customer's last words.
            button.disabled = True
            self.mount(button, before=reply)
            reply.remove()
            self.set_timer(self.summary_delay, self._arm_summary)
        else:
            self.asked_at = time.monotonic()
            if session.timed:
                self.query_one("#countdown", Countdown).restart()

    def _arm_summary(self) -> None:
        button = self.query_one("#summary-button", Button)
        button.disabled = False
        button.focus()

    @on(Button.Pressed, "#summary-button")
    def show_summary(self) -> None:
        """Go on to the session summary."""
        self.post_message(self.SummaryRequested(self.recorded))

    def action_hint(self) -> None:
        """Show the current step's hint; the next reply loses HINT_COST points."""
        if self.session.ended:
            return
        hint = self.session.hint() or t("practice.hint.none", self.lang)
        self.hint_text = hint
        line = self.query_one("#hint-line", Static)
        line.update(self._hint_content())
        line.remove_class("-hidden")

    def action_answers(self) -> None:
        """Show the model answers for the step just answered."""
        turns = self.session.turns
        if not turns:
            self.notify(t("practice.no_answers", self.lang))
            return
        last = turns[-1]
        node = self.session.scenario.nodes[last.node]
        self.dojo.push_screen(ModelAnswersModal(node, last.customer, self.lang))

    def action_stop(self) -> None:
        """Stop the session (after confirming) and go to the summary."""
        if self.session.ended:
            self.show_summary()
            return
        lang = self.lang
        self.dojo.push_screen(
            ConfirmModal(
                t("practice.stop.title", lang),
                t("practice.stop.body", lang),
                t("practice.stop.yes", lang),
                t("practice.stop.no", lang),
                lang,
            ),
            callback=self._stop_confirmed,
        )

    def _stop_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.session.stop()
            self.post_message(self.SessionEnded(self.recorded))
            self.post_message(self.SummaryRequested(self.recorded))
