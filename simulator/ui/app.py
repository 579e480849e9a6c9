"""The trainee's Textual app, and make_app, the one factory the CLI and the tests use."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

import scoring
from scoring.models import Language, TurnScore, TurnSpec
from simulator.errors import ClaimLostError, SessionClaimedError, SimulatorError, StoreError
from simulator.i18n import t
from simulator.scenario.loader import Library, load_library
from simulator.scenario.model import Scenario
from simulator.session.engine import utc_now
from simulator.session.recording import (
    CLAIM_HEARTBEAT_SECONDS,
    CLAIM_STALE_SECONDS,
    Ending,
    RecordedSession,
    abandon,
    new_claim_token,
)
from simulator.settings import (
    THEMES,
    Settings,
    clean_trainee,
    default_settings_path,
    load_settings,
    resolve_ui_lang,
    save_settings,
)
from simulator.ui.bindings import localize_bindings
from simulator.ui.screens.confirm import ConfirmModal
from simulator.ui.screens.end import EndScreen
from simulator.ui.screens.error import ErrorModal
from simulator.ui.screens.help import HelpScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import PracticeScreen
from simulator.ui.screens.resume import ResumeChoice, ResumeModal
from simulator.ui.screens.trainee import SignIn, TraineeModal

if TYPE_CHECKING:
    from simulator.records.lrs import LrsConfig
    from simulator.records.store import Store
    from simulator.ui.screens.progress import ProgressScreen

Scorer = Callable[[str, TurnSpec], TurnScore]
"""What scores a reply against the current node: scoring.score_turn, or a fixed one in tests."""

LONG_NOTICE_SECONDS = 12
"""How long an error notification stays up: long enough to read a file name and a fix."""


class DojoApp(App[None]):
    """Home, practice, end and help screens over one scenario library and one records store."""

    CSS_PATH = "app.tcss"
    TITLE = "Objection Dojo"
    # Every key here and on the screens also works in a browser (dojo serve) and with a
    # Chinese input method on: no Ctrl+T/N/W (the browser keeps them), no Ctrl+R, Ctrl+P or
    # F5 (reload, print), and no single letters (an input method takes them as text).
    COMMAND_PALETTE_BINDING = "ctrl+k"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "key.quit", priority=True),
        Binding("f1", "help", "key.help"),
        Binding("ctrl+k", "command_palette", "key.palette", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        library: Library,
        store: Store | None,
        store_problem: StoreError | None,
        db_path: Path | None,
        ui_lang: Language,
        settings: Settings,
        settings_path: Path | None,
        settings_problem: str | None = None,
        initial: str = "home",
        seed: int | None = None,
        clock: Callable[[], datetime] = utc_now,
        scorer: Scorer | None = None,
        served: bool = False,
        lrs: LrsConfig | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.store = store
        self.store_problem = store_problem
        self.db_path = db_path
        self.ui_lang = ui_lang
        self.settings = settings
        self.settings_path = settings_path
        self.settings_problem = settings_problem
        self.initial = initial
        self.seed = seed
        self.clock = clock
        self.scorer = scorer
        """What scores each reply; None for scoring.score_turn, warmed up after the first screen."""
        self.served = served
        """Whether this app is one visitor's, behind `dojo serve`: it signs the visitor in,
        remembers nothing in a settings file, and shows no one else's records."""
        self.lrs = lrs
        """Where each closed session's statements are forwarded, if anywhere."""
        self.timed = False
        self._rng = random.Random()
        self.claim_token = new_claim_token()
        """This app's token on the sessions it plays: one window plays a session at a time."""
        self.claimed: RecordedSession | None = None
        """The session whose claim this app holds and keeps alive with a heartbeat."""
        self._told_lost: set[str] = set()

    # -- state -------------------------------------------------------------

    @property
    def trainee(self) -> str | None:
        """Who is practising, as remembered in the settings."""
        return self.settings.trainee

    @property
    def recording(self) -> bool:
        """Whether sessions are being recorded at all."""
        return self.store is not None

    def _save(self, settings: Settings) -> None:
        self.settings = settings
        if self.settings_path is None:
            return
        problem = save_settings(settings, self.settings_path)
        if problem:
            self.notify(problem, title=t("settings.error.title", self.ui_lang), severity="warning")

    # -- start-up ----------------------------------------------------------

    def on_mount(self) -> None:
        if self.store is not None:
            self.set_interval(CLAIM_HEARTBEAT_SECONDS, self.beat_claim)
        self.theme = self.settings.theme
        localize_bindings(self, self.ui_lang)
        self.title = t("app.title", self.ui_lang)
        self.push_screen(HomeScreen())
        self._report_start_problems()
        if self.initial == "hr":
            # HR reviews records; asking who practises or offering to resume is for trainees.
            self.action_hr_view()
            return
        if self.trainee is None:
            self.push_screen(
                TraineeModal(self.ui_lang, can_cancel=False, ask_team=self.served),
                callback=self._first_trainee,
            )
        else:
            self.offer_resume()
        if self.scorer is None:
            self.call_after_refresh(self._warm_up_scorer)

    def _warm_up_scorer(self) -> None:
        """Load the classifier in a thread once the first screen is up, before the first reply."""
        self.run_worker(scoring.warm_up, thread=True, group="scorer", exit_on_error=False)

    def _report_start_problems(self) -> None:
        lang = self.ui_lang
        if self.settings_problem:
            self.notify(
                self.settings_problem, title=t("settings.error.title", lang), severity="warning"
            )
        if self.store_problem is not None:
            self.notify(
                t("store.error.body", lang, message=self.store_problem.message_in(lang)),
                title=t("store.error.title", lang),
                severity="error",
                timeout=LONG_NOTICE_SECONDS,
            )
        broken = self.library.broken_files
        if broken:
            self.notify(
                t(
                    "scenarios.broken.body",
                    lang,
                    count=len(broken),
                    names=", ".join(Path(p).name for p in broken),
                ),
                title=t("scenarios.broken.title", lang),
                severity="error",
                timeout=LONG_NOTICE_SECONDS,
            )

    def _first_trainee(self, signed_in: SignIn | None) -> None:
        if signed_in:
            self.set_trainee(*signed_in)
            self.offer_resume()

    def set_trainee(self, name: str, team: str | None = None) -> None:
        """Make name the trainee (in team, if given), remember it, and refresh the home screen.

        A name already in the records is shown as it was first recorded, so "lin wei"
        signing in sees the sessions of "Lin Wei".
        """
        if self.store is not None:
            try:
                if team:
                    self.store.set_team(name, team)
                known = self.store.trainee(name)
            except StoreError as error:
                self._store_failed(error)
            else:
                name = known["name"] if known else name
        if self.served:
            self.notify(t("trainee.signed_in", self.ui_lang, name=name))
        self._save(self.settings.with_changes(trainee=name))
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_trainee()

    def offer_resume(self) -> None:
        """Offer the trainee's open sessions started with these settings, to resume or abandon.

        A session started elsewhere, or under another trainee's name, is never offered.
        """
        if self.store is None or self.trainee is None:
            return
        try:
            sessions = self._own_open_sessions()
        except StoreError as error:
            self._store_failed(error)
            return
        if sessions:
            self.push_screen(ResumeModal(sessions, self.ui_lang), callback=self._resume_chosen)

    def on_unmount(self) -> None:
        # A window closed mid-session leaves it open, and at once resumable elsewhere.
        self._release_claim()

    def _resume_chosen(self, choice: ResumeChoice | None) -> None:
        if choice is None or self.store is None:
            return
        action, session_id = choice
        rows = [r for r in self._own_open_sessions() if r["id"] == session_id]
        if not rows:
            return
        row = rows[0]
        if action == "abandon":
            self._abandon(row)
        else:
            self.resume_session(row)

    def _own_open_sessions(self) -> list[dict[str, Any]]:
        """The trainee's open sessions that were started with these settings."""
        assert self.store is not None
        if self.served:
            # A visitor has no settings of their own: signing in under the name is what
            # makes the name's sessions theirs, as it makes the records theirs.
            return self._mark_elsewhere(self.store.open_sessions(self.trainee))
        own = set(self.settings.open_sessions)
        rows = self._mark_elsewhere(
            [r for r in self.store.open_sessions(self.trainee) if r["id"] in own]
        )
        if self.trainee is not None:
            # Forget sessions that ended elsewhere (or were abandoned) since.
            still_open = {r["id"] for r in self.store.open_sessions()}
            if own - still_open:
                self._save(
                    self.settings.with_changes(
                        open_sessions=tuple(
                            s for s in self.settings.open_sessions if s in still_open
                        )
                    )
                )
        return rows

    def _mark_elsewhere(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Mark each open session that another window is playing now (`elsewhere`)."""
        from simulator.records.store import parse_utc

        now = self.clock()
        for row in rows:
            beat = row.get("claim_heartbeat_at")
            row["elsewhere"] = (
                beat is not None
                and row.get("claim_token") != self.claim_token
                and (now - parse_utc(beat)).total_seconds() < CLAIM_STALE_SECONDS
            )
        return rows

    def _remember_open(self, session_id: str, is_open: bool) -> None:
        """Note that a session started with these settings is open, or has ended."""
        kept = tuple(s for s in self.settings.open_sessions if s != session_id)
        self._save(
            self.settings.with_changes(open_sessions=(*kept, session_id) if is_open else kept)
        )

    def _abandon(self, row: dict[str, Any], take_over: bool = False) -> bool:
        """Abandon an open session unless another window plays it; whether it was abandoned."""
        assert self.store is not None
        try:
            abandon(self.store, row["id"], self.claim_token, take_over=take_over, clock=self.clock)
        except SessionClaimedError as error:
            self._claimed_elsewhere(error, partial(self._abandon, row, True))
            return False
        except StoreError as error:
            self._store_failed(error)
            return False
        self._remember_open(row["id"], False)
        self.notify(t("resume.abandoned", self.ui_lang, title=row["scenario_title"]))
        self._refresh_home()
        return True

    def _claimed_elsewhere(self, error: SessionClaimedError, take_over: Callable[[], Any]) -> None:
        """Say that another window plays the session; offer to take it over once it is silent."""
        lang = self.ui_lang
        if not error.stale:
            self.push_screen(ErrorModal(error.title_in(lang), error.message_in(lang), lang))
            return
        self.push_screen(
            ConfirmModal(
                error.title_in(lang),
                error.message_in(lang),
                t("resume.take_over", lang),
                t("resume.keep_there", lang),
                lang,
            ),
            callback=lambda confirmed: take_over() if confirmed else None,
        )

    def resume_session(self, row: dict[str, Any], take_over: bool = False) -> None:
        """Claim an open session, rebuild it from its recorded replies and carry on playing it.

        A session another window plays is not resumed: the trainee is told, and may take
        it over (after confirming) once that window has been silent long enough.
        """
        assert self.store is not None and self.trainee is not None
        lang = self.ui_lang
        scenario = self.library.scenarios.get(row["scenario_id"])
        if scenario is None:
            if not self._abandon(row, take_over):
                return
            self.push_screen(
                ErrorModal(
                    t("resume.failed.title", lang),
                    t("resume.missing", lang, scenario=row["scenario_id"]),
                    lang,
                )
            )
            return
        try:
            recorded = RecordedSession.resume(
                scenario,
                self.trainee,
                session_id=row["id"],
                seed=row["seed"],
                timed=bool(row["timed"]),
                store=self.store,
                scorer=self.scorer,
                clock=self.clock,
                claim=self.claim_token,
                take_over=take_over,
            )
        except SessionClaimedError as error:
            self._claimed_elsewhere(error, partial(self.resume_session, row, True))
            return
        except StoreError as error:
            self._store_failed(error)
            return
        except SimulatorError as error:
            self._abandon(row)
            self.push_screen(
                ErrorModal(t("resume.failed.title", lang), error.message_in(lang), lang)
            )
            return
        self._show_session(recorded)

    # -- sessions ----------------------------------------------------------

    def new_seed(self) -> int:
        """The seed for a new session: the fixed one if given, else a random one."""
        return self.seed if self.seed is not None else self._rng.randrange(1_000_000)

    def start_session(self, scenario: Scenario, *, timed: bool | None = None) -> RecordedSession:
        """Start a session on scenario, record its start, and show the practice screen.

        When the start cannot be recorded the trainee is told, and plays unrecorded.
        """
        begin = partial(
            RecordedSession.start,
            scenario,
            self.trainee or "trainee",
            self.new_seed(),
            mode="app",
            scorer=self.scorer,
            timed=self.timed if timed is None else timed,
            clock=self.clock,
            claim=self.claim_token,
        )
        try:
            recorded = begin(store=self.store)
        except StoreError as error:
            self._store_failed(error)
            recorded = begin(store=None)
        if recorded.recording:
            self._remember_open(recorded.id, True)
        self._show_session(recorded)
        return recorded

    def _show_session(self, recorded: RecordedSession) -> None:
        if recorded.recording:
            if self.claimed is not None and self.claimed.id != recorded.id:
                self._release_claim()
            self.claimed = recorded
        if isinstance(self.screen, PracticeScreen | EndScreen):
            self.switch_screen(PracticeScreen(recorded))
        else:
            self.push_screen(PracticeScreen(recorded))

    def close_session(self, recorded: RecordedSession) -> Ending:
        """Stop the session if needed, evaluate it and record its end, once; then forward it.

        An end that cannot be recorded is reported, and the session stays open (and
        remembered) so that it can be resumed and ended again.
        """
        already_recorded = recorded.ending is not None and recorded.ending.problem is None
        ending = recorded.finish()
        if already_recorded:
            return ending
        if isinstance(ending.problem, ClaimLostError):
            self.claim_lost(recorded)
        elif ending.problem is not None:
            self._store_failed(ending.problem)
        elif ending.recorded:
            if self.claimed is recorded:
                self.claimed = None  # closing the session released its claim
            self._remember_open(recorded.id, False)
            self.forward_to_lrs()
        return ending

    def end_session(self, recorded: RecordedSession) -> Ending:
        """Close the session (see close_session) and show the end screen.

        A session another window took over has no end here: the trainee is told, and
        goes home.
        """
        ending = self.close_session(recorded)
        if recorded.lost is None:
            self.switch_screen(EndScreen(recorded, ending))
        return ending

    # -- claims: one window plays a session at a time -----------------------

    def beat_claim(self) -> None:
        """Show, through the claim, that this window still plays its session."""
        recorded = self.claimed
        if recorded is None:
            return
        try:
            recorded.heartbeat()
        except ClaimLostError:
            self.claim_lost(recorded)
        except StoreError:
            # A busy moment: the next heartbeat tries again, well before the claim is stale.
            pass

    def claim_lost(self, recorded: RecordedSession) -> None:
        """Tell the trainee, once, that another window took the session over; then go home.

        Nothing more is recorded for the session here; what was recorded stays.
        """
        if self.claimed is recorded:
            self.claimed = None
        if recorded.lost is None or recorded.id in self._told_lost:
            return
        self._told_lost.add(recorded.id)
        lang = self.ui_lang
        self.push_screen(
            ErrorModal(recorded.lost.title_in(lang), recorded.lost.message_in(lang), lang),
            callback=lambda _: self.go_home(),
        )

    def _release_claim(self) -> None:
        """Give up the claim on the session this app holds, leaving it open to resume."""
        recorded, self.claimed = self.claimed, None
        if recorded is None:
            return
        try:
            recorded.release()
        except StoreError:
            pass  # unreleased, the claim goes stale and can be taken over

    # -- what the screens ask for ------------------------------------------

    @on(HomeScreen.SessionRequested)
    def start_requested_session(self, message: HomeScreen.SessionRequested) -> None:
        """Start the scenario the trainee picked on the home screen."""
        self.start_session(self.library.scenarios[message.scenario_id], timed=message.timed)

    # The progress screen is imported only when it is shown, so this handler is found by
    # its name rather than bound with @on.
    def on_progress_screen_drill_requested(self, message: ProgressScreen.DrillRequested) -> None:
        """Start the drill the progress screen suggested."""
        scenario = self.library.scenarios.get(message.scenario_id)
        if scenario is not None:
            self.start_session(scenario)

    @on(PracticeScreen.SessionEnded)
    def record_session_end(self, message: PracticeScreen.SessionEnded) -> None:
        """Record the end of a session the moment its conversation ends or it is stopped."""
        self.close_session(message.session)

    @on(PracticeScreen.SummaryRequested)
    def show_summary(self, message: PracticeScreen.SummaryRequested) -> None:
        """Show the end screen of a session that is over."""
        self.end_session(message.session)

    @on(EndScreen.SelfAssessed)
    def record_self_assessment(self, message: EndScreen.SelfAssessed) -> None:
        """Record the trainee's own rating of a session, and show whether it was recorded."""
        end_screen = message.end_screen
        try:
            recorded = end_screen.recorded.self_assess(message.rating)
        except StoreError as error:
            self._store_failed(error)
            recorded = False
        end_screen.show_rating(recorded)

    @on(EndScreen.ReplayRequested)
    def replay_session(self, message: EndScreen.ReplayRequested) -> None:
        """Play the scenario just played again."""
        self.start_session(self.library.scenarios[message.scenario_id], timed=message.timed)

    @on(EndScreen.NextRequested)
    def play_next_scenario(self, message: EndScreen.NextRequested) -> None:
        """Play the scenario listed after the one just played (or that one, if it is alone)."""
        following = self.scenario_after(message.scenario_id)
        self.start_session(
            following or self.library.scenarios[message.scenario_id], timed=message.timed
        )

    def forward_to_lrs(self) -> None:
        """Send the trainee's closed sessions to the LRS, if one is configured, in the background.

        The records are written first; sending never holds the trainee up, and whatever the
        LRS does not accept now is sent by the next forward or `dojo lrs push`.
        """
        if self.lrs is None or self.db_path is None or self.trainee is None:
            return
        self.run_worker(
            partial(
                forward_sessions,
                self.db_path,
                self.lrs,
                self.trainee,
                self.ui_lang,
                self._forward_failed,
            ),
            thread=True,
            group="lrs",
            exit_on_error=False,
        )

    def _forward_failed(self, message: str) -> None:
        self.call_from_thread(
            self.notify,
            t("lrs.forward_failed", self.ui_lang, message=message),
            severity="warning",
            timeout=LONG_NOTICE_SECONDS,
        )

    def _store_failed(self, error: StoreError) -> None:
        self.notify(
            t("store.write_failed.body", self.ui_lang, message=error.message_in(self.ui_lang)),
            title=t("store.write_failed.title", self.ui_lang),
            severity="error",
            timeout=LONG_NOTICE_SECONDS,
        )

    def go_home(self) -> None:
        """Return to the home screen, refreshed with the latest scores."""
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self._refresh_home()

    def _refresh_home(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_records()

    def scenario_after(self, scenario_id: str) -> Scenario | None:
        """The scenario listed after scenario_id on the home screen (wrapping), if any other."""
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                return screen.scenario_after(scenario_id)
        return None

    # -- actions -----------------------------------------------------------

    def action_help(self) -> None:
        """Show the six techniques."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.ui_lang))

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme, and remember it."""
        theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self.theme = theme
        self._save(self.settings.with_changes(theme=theme))

    async def action_switch_language(self) -> None:
        """Switch the interface between Chinese and English, and remember it."""
        self.ui_lang = "en" if self.ui_lang == "zh" else "zh"
        self._save(self.settings.with_changes(ui_lang=self.ui_lang))
        localize_bindings(self, self.ui_lang)
        self.title = t("app.title", self.ui_lang)
        for screen in list(self.screen_stack):
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()
        self.notify(t("lang.changed", self.ui_lang))

    def action_change_trainee(self) -> None:
        """Ask who is practising."""
        self.push_screen(
            TraineeModal(
                self.ui_lang,
                self.trainee,
                can_cancel=self.trainee is not None,
                ask_team=self.served,
            ),
            callback=self._trainee_changed,
        )

    def _trainee_changed(self, signed_in: SignIn | None) -> None:
        if signed_in and (signed_in[0] != self.trainee or signed_in[1]):
            # Open sessions are offered when the app starts, to whoever started them;
            # typing a name on the way is no proof of being that trainee.
            self.set_trainee(*signed_in)

    def action_new_session(self) -> None:
        """Go to the scenario list to start a new session."""
        if isinstance(self.screen, PracticeScreen):
            self.screen.action_stop()
            return
        self.go_home()

    @property
    def hr_mode(self) -> bool:
        """Whether the app was started as `dojo hr`: only then may everyone's records be shown."""
        return self.initial == "hr"

    def action_progress(self) -> None:
        """Show the signed-in trainee's progress; ask who is practising first if nobody is."""
        if self.hr_mode:
            # HR reviews everyone's records in the HR view; this screen is a trainee's own.
            return
        if not self.trainee:
            self.push_screen(
                TraineeModal(self.ui_lang, can_cancel=True), callback=self._trainee_for_progress
            )
            return
        # The progress screen pulls in the reports, which a session never needs.
        from simulator.ui.screens.progress import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen())

    def _trainee_for_progress(self, signed_in: SignIn | None) -> None:
        if signed_in:
            self.set_trainee(*signed_in)
            self.action_progress()

    def action_hr_view(self) -> None:
        """Show the HR view of everyone's records, when started as `dojo hr`."""
        if not self.hr_mode:
            return
        try:
            # The HR screen pulls in the reports, which a trainee's session never needs.
            from simulator.ui.screens.hr import HRScreen
        except ImportError as error:
            self.notify(
                t("hr.unavailable", self.ui_lang, message=str(error)),
                title=t("cmd.hr", self.ui_lang),
                severity="error",
            )
            return
        self.push_screen(
            HRScreen(self.store if self.store is not None else self.db_path, self.ui_lang)
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        lang = self.ui_lang
        yield SystemCommand(
            t("cmd.new_session", lang), t("cmd.new_session.help", lang), self.action_new_session
        )
        yield SystemCommand(t("cmd.help", lang), t("cmd.help.help", lang), self.action_help)
        yield SystemCommand(
            t("cmd.theme", lang), t("cmd.theme.help", lang), self.action_toggle_theme
        )
        yield SystemCommand(
            t("cmd.lang", lang), t("cmd.lang.help", lang), self.action_switch_language
        )
        yield SystemCommand(
            t("cmd.trainee", lang), t("cmd.trainee.help", lang), self.action_change_trainee
        )
        if not self.hr_mode:
            yield SystemCommand(
                t("cmd.progress", lang), t("cmd.progress.help", lang), self.action_progress
            )
        if self.hr_mode:
            # A trainee's app never shows other trainees' sessions.
            yield SystemCommand(t("cmd.hr", lang), t("cmd.hr.help", lang), self.action_hr_view)
        yield SystemCommand(t("key.quit", lang), t("key.quit", lang), self.action_quit)


def forward_sessions(
    db_path: Path, lrs: LrsConfig, trainee: str, lang: Language, failed: Callable[[str], None]
) -> None:
    """Push one trainee's closed sessions to the LRS over a connection of this thread's own."""
    from simulator.records.lrs import LrsError, push
    from simulator.records.report import Filters
    from simulator.records.store import Store

    try:
        with Store.open(db_path, create=False) as store:
            result = push(store, lrs, filters=Filters(trainee=trainee))
    except (LrsError, StoreError) as error:
        failed(error.message_in(lang))
        return
    if not result.ok:
        failed(result.problem.render(lang) if result.problem else result.summary(lang))


def open_store(db_path: Path | None) -> tuple[Store | None, StoreError | None]:
    """The records store at db_path, or None and the reason it could not be opened."""
    if db_path is None:
        return None, None
    from simulator.records.store import Store

    try:
        return Store.open(db_path), None
    except StoreError as error:
        return None, error


def make_app(
    *,
    scenario_dirs: list[Path],
    db_path: Path | None,
    ui_lang: str | None = None,
    trainee: str | None = None,
    initial: str = "home",
    store: Store | None = None,
    seed: int | None = None,
    settings_path: Path | None = None,
    clock: Callable[[], datetime] | None = None,
    scorer: Scorer | None = None,
    served: bool = False,
    lrs: LrsConfig | None = None,
) -> DojoApp:
    """Build the app: load the scenarios, open the store, read the settings, pick the language.

    Args:
        scenario_dirs: Folders (or files) to load scenarios from.
        db_path: The records database; ignored when store is given; None records nothing.
        ui_lang: zh or en; None uses the one chosen in the app, else the locale.
        trainee: Who is practising; None uses the remembered one, or asks.
        initial: "home", or "hr" to open the HR view over the home screen.
        store: An open store to use instead of opening db_path (tests use Store.memory()).
        seed: A fixed seed for every session; None picks one per session.
        settings_path: The settings file; None for settings.json in the user config folder.
        clock: What "now" is for sessions; tests fix it so the screens do not change.
        scorer: What scores each reply; None for scoring.score_turn. Tests fix it so the
            screens do not change when the scorer is retuned.
        served: One visitor's app behind `dojo serve`: no settings file is read or written
            (they would be every visitor's), and the visitor always signs in.
        lrs: Where to forward each closed session's xAPI statements; None sends nothing.
    """
    path: Path | None = None
    settings, settings_problem = Settings(), None
    if not served:
        path = settings_path or default_settings_path()
        settings, settings_problem = load_settings(path)
        if trainee and clean_trainee(trainee):
            settings = settings.with_changes(trainee=clean_trainee(trainee))
    store_problem: StoreError | None = None
    if store is None:
        store, store_problem = open_store(db_path)
    return DojoApp(
        library=load_library(scenario_dirs),
        store=store,
        store_problem=store_problem,
        db_path=db_path,
        ui_lang=resolve_ui_lang(ui_lang, settings),
        settings=settings,
        settings_path=path,
        settings_problem=settings_problem,
        initial=initial,
        seed=seed,
        clock=clock or utc_now,
        scorer=scorer,
        served=served,
        lrs=lrs,
    )


__all__ = ["DojoApp", "make_app", "open_store"]
