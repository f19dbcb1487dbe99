"""The course of one session, independent of how it is shown (pure core).

``SessionFlow`` drives a Runner through what a trainee experiences: the
node's staging, its lines one by one at reading pace, the choices (with the
time limit counting from when they appear), a wait for the record to commit
each choice, pause/restart/stop at any moment, a calm cool-down, and the
ending. Terminal, monitor, projector and headset presenters implement
``Presenter``; the flow calls them and is driven by ``tick(dt)`` and the
input methods.

The flow owns the session's recording from beginning to end: ``begin()``
opens it, every event and gaze sample goes into it through the flow, and
``finish_recording()`` closes it. Presenters never write to the record.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from simulator.errors import SimulatorError
from simulator.i18n import outcome_label, ui
from simulator.scenario.expressions import Value
from simulator.scenario.loading import LoadedScenario
from simulator.scenario.model import Line, Staging, localized
from simulator.session.autoplay import Autoplay
from simulator.session.events import (
    Chooser,
    Event,
    NodeEntered,
    NoteAdded,
    Resumed,
    VoteRecorded,
)
from simulator.session.gaze import GazeSample
from simulator.session.runner import Runner

log = logging.getLogger(__name__)

__all__ = [
    "AT_ONCE",
    "FAST",
    "PAUSE_ACTIONS",
    "BeginRecording",
    "Console",
    "Pacing",
    "Phase",
    "Presenter",
    "Recording",
    "SessionFlow",
    "report_record_error",
]


class Phase(enum.Enum):
    LINES = "lines"
    CHOICES = "choices"
    SAVING = "saving"
    COOL_DOWN = "cool_down"
    ENDING = "ending"
    DONE = "done"


@dataclass(frozen=True)
class Pacing:
    """How long things take, in seconds of session time."""

    line_base: float = 1.5
    line_per_character: float = 0.06
    """Reading time: base plus this per character of the line."""
    cool_down: float = 4.0
    autoplay_delay: float = 0.3
    """How long autoplay looks at the choices before making one."""

    def line_seconds(self, text: str) -> float:
        return self.line_base + self.line_per_character * len(text)


FAST = Pacing(line_base=0.35, line_per_character=0.0, cool_down=0.8, autoplay_delay=0.3)
"""Pacing for unattended runs (autoplay in tests and screenshots)."""
AT_ONCE = Pacing(line_base=0.0, line_per_character=0.0, cool_down=0.0, autoplay_delay=0.0)
"""Pacing for a display that shows a node's lines together and waits for no one (text)."""

PAUSE_ACTIONS = ("resume", "restart_node", "stop_scenario")
"""What the pause panel offers, as i18n keys; ``SessionFlow.pause_action`` does each."""


class Ticket(Protocol):
    def done(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class Recording(Protocol):
    """What the flow needs of a recorded session (simulator.record.RecordedSession fits)."""

    def append(self, events: list[Event]) -> Ticket: ...

    def append_gaze(self, sample: GazeSample) -> None: ...

    def finish(self) -> Ticket: ...


BeginRecording = Callable[[str, int, str], "Recording | None"]
"""``begin(language, intensity, trainee)``: the recorded session to record into, or None."""


class Console(Protocol):
    """What the flow needs of a trainer console (session.trainer_console.TrainerConsole fits)."""

    def start(self) -> None: ...

    def apply(self, flow: SessionFlow) -> None: ...


def report_record_error(error: SimulatorError) -> None:
    """How a player reports a failed record write: one line on stderr; play goes on."""
    log.error("recording failed, playing on without: %s", error)
    print(f"simulator: {error}; playing on without recording", file=sys.stderr)


class Presenter(Protocol):
    """What a display offers the flow. Every call shows the complete new state."""

    def stage(self, staging: Staging, *, instant: bool) -> None:
        """Set the stage (absolute); ``instant`` places people, otherwise they walk."""

    def show_line(self, speaker: str | None, text: str, line: Line | None) -> float | None:
        """Show a subtitle (and play the line's gesture); ``speaker`` None for narration.

        Returns how many seconds the line is spoken for when it is heard (the line then
        stays at least that long), or None when it is only shown.
        """

    def clear_line(self) -> None: ...

    def show_choices(self, prompt: str, texts: list[str]) -> None: ...

    def hide_choices(self) -> None: ...

    def set_countdown(self, seconds_left: float | None, total: float | None) -> None: ...

    def show_pause(self, actions: list[str]) -> None:
        """The pause panel; ``actions`` are i18n keys (resume, restart_node, stop_scenario)."""

    def close_panel(self) -> None: ...

    def show_cool_down(self, text: str) -> None: ...

    def show_ending(
        self, outcome: str, label: str, summary: str, feedback: str, cool_down: str
    ) -> None:
        """The ending panel; ``cool_down`` is the scenario's own cool-down text ("" for none),
        shown last."""

    def show_stopped(self, text: str, cool_down: str) -> None:
        """The notice that the session was stopped, with the scenario's cool-down text."""

    def busy(self) -> bool:
        """True while something should finish before autoplay acts (people walking, a fade)."""

    def choices_ready(self, node_id: str) -> None:
        """The node is fully shown and its choices are up (screenshot time)."""

    def ending_ready(self) -> None:
        """The ending panel is up."""

    def sample_gaze(self, clock: float) -> GazeSample | None:
        """Where the trainee looks at session time ``clock``, for the record; None when it is
        not time for a sample yet or the display cannot tell (the terminal)."""


class SessionFlow:
    """One session's course; call ``tick(dt)`` every frame and the input methods on input."""

    def __init__(
        self,
        loaded: LoadedScenario,
        presenter: Presenter,
        *,
        language: str,
        intensity: int,
        seed: int | None = None,
        timers: bool = True,
        recording: Recording | None = None,
        autoplay: Autoplay | None = None,
        pacing: Pacing = Pacing(),
        hold_choices: bool = False,
        on_record_error: Callable[[SimulatorError], None] = lambda error: None,
        console: Console | None = None,
    ) -> None:
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.presenter = presenter
        self.language = language
        self.recording = recording
        """Where events and gaze samples go; None when not recorded or after a failed write."""
        self._opened = recording
        """The recording to finish, also after a failed write dropped ``recording``."""
        self.console = console
        """A trainer console whose commands each ``tick`` applies, or None."""
        self.autoplay = autoplay
        self.pacing = pacing
        self.on_record_error = on_record_error
        self.hold_choices = hold_choices
        """Group sessions: at a decision point the scene holds until ``reveal_choices()``."""
        self.held = False
        """True while a decision point waits for the trainer to reveal the options."""
        self.votes: dict[str, int] = {}
        """The last vote counts entered at the current decision point, by choice id."""
        self.log: list[Event] = []
        """Every event of this session so far, in order (also sent to the recording)."""
        self.clock = 0.0
        """Session time in seconds; stands still while paused."""
        self._paused_for = 0.0
        """Seconds ticked during the current pause, for the Resumed event."""
        self.runner = Runner(
            self.scenario,
            loaded.logic,
            intensity=intensity,
            seed=seed,
            timers=timers,
            clock=self._now,
        )
        self.phase = Phase.LINES
        self.paused = False
        self._phase_time = 0.0
        self._lines: list[Line] = []
        self._line_index = -1
        self._line_left = 0.0
        self._ticket: Ticket | None = None
        self._entry_variables: dict[str, Value] = {}
        self._ready_announced = False
        self._decisions: list[tuple[str, dict[str, Value]]] = []

    # -- starting and running ------------------------------------------------------------

    @classmethod
    def begin(
        cls,
        loaded: LoadedScenario,
        presenter: Presenter,
        *,
        language: str,
        intensity: int,
        seed: int | None = None,
        timers: bool = True,
        trainee: str = "",
        begin_recording: BeginRecording | None = None,
        start_at: tuple[str, dict[str, Value]] | None = None,
        console: Console | None = None,
        autoplay: Autoplay | None = None,
        pacing: Pacing = Pacing(),
        hold_choices: bool = False,
        on_record_error: Callable[[SimulatorError], None] = report_record_error,
    ) -> SessionFlow:
        """A session under way: its recording opened (``begin_recording``), started at the
        scenario's start or at ``start_at`` (node, variables: resuming), and the trainer
        console reading commands. What every presenter does once its start screen closes."""
        recording = begin_recording(language, intensity, trainee) if begin_recording else None
        flow = cls(
            loaded,
            presenter,
            language=language,
            intensity=intensity,
            seed=seed,
            timers=timers,
            recording=recording,
            autoplay=autoplay,
            pacing=pacing,
            hold_choices=hold_choices,
            on_record_error=on_record_error,
            console=console,
        )
        flow.start(*(start_at or (None, None)))
        if console is not None:
            console.start()
        return flow

    def start(self, node: str | None = None, variables: dict[str, Value] | None = None) -> None:
        """Begin at the start (or at ``node`` with ``variables``, to resume a session)."""
        self._record(self.runner.start(node, variables))
        self._present_node(instant=True)

    @property
    def finished(self) -> bool:
        """True once the ending (or the stop notice) has been closed."""
        return self.phase is Phase.DONE

    def finish_recording(self) -> None:
        """Close the recording (ended, stopped, or interrupted and resumable, as its events
        say) and wait for it to be written; calling it again changes nothing. A failed write
        is reported once: not again here when play already reported one (a full disk)."""
        reported = self._opened is not None and self.recording is None
        recording, self._opened, self.recording = self._opened, None, None
        if recording is None:
            return
        try:
            recording.finish().wait(5.0)
        except SimulatorError as error:
            if not reported:
                self.on_record_error(error)

    def tick(self, dt: float) -> None:
        """One frame of ``dt`` seconds: the trainer console's next command, then session time
        moves on (not while paused), then a gaze sample for the record."""
        if self.console is not None and self.phase is not Phase.DONE:
            self.console.apply(self)
        if self.paused:
            self._paused_for += dt
            return
        if self.phase is Phase.DONE:
            return
        self.clock += dt
        self._phase_time += dt
        if self.phase is Phase.LINES:
            self._line_left -= dt
            if self._line_left <= 0:
                self._next_line()
        elif self.phase is Phase.CHOICES:
            self._tick_choices()
        elif self.phase is Phase.SAVING:
            if self._ticket is None or self._ticket.done():
                self._settle(self._ticket)
                self._ticket = None
                self._present_node(instant=False)
        elif self.phase is Phase.COOL_DOWN and self._phase_time >= self.pacing.cool_down:
            self._show_ending()
        self._record_gaze()

    # -- input ---------------------------------------------------------------------------

    def pick(self, index: int, *, via: str, by: Chooser = "trainee") -> bool:
        """Choose the ``index``-th offered choice (0-based); False when none is open now."""
        choices = self.runner.choices
        if self.phase is not Phase.CHOICES or self.paused or not 0 <= index < len(choices):
            return False
        self._after_move(self.runner.choose(choices[index].id, by=by, via=via))
        return True

    def choose(self, choice_id: str, *, via: str, by: Chooser) -> bool:
        """Choose by id (a trainer steering, a group vote); False when it is not offered now."""
        ids = [choice.id for choice in self.runner.choices]
        return choice_id in ids and self.pick(ids.index(choice_id), via=via, by=by)

    # -- a trainer leading a group --------------------------------------------------------

    @property
    def at_decision(self) -> bool:
        """True at a decision point (options held or shown), not paused."""
        return self.phase is Phase.CHOICES and not self.paused

    def reveal_choices(self) -> bool:
        """Show the held options of this decision point; the time limit starts now."""
        if not (self.at_decision and self.held):
            return False
        self._reveal()
        return True

    def record_vote(self, counts: dict[str, int]) -> bool:
        """Record the group's vote counts (choice id to count) at this decision point."""
        offered = [choice.id for choice in self.runner.choices]
        if not self.at_decision or set(counts) - set(offered):
            return False
        self.votes = {choice_id: int(counts.get(choice_id, 0)) for choice_id in offered}
        vote = VoteRecorded(t=self.clock, node=self.runner.node_id, counts=dict(self.votes))
        self._record([vote])
        return True

    def majority(self) -> str | None:
        """The choice with the most votes, or None without votes or on a tie."""
        if not self.votes:
            return None
        ranked = sorted(self.votes.items(), key=lambda item: item[1], reverse=True)
        if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def decide_by_majority(self) -> bool:
        """Apply the majority's choice (recorded as the group's); False without a clear one."""
        winner = self.majority()
        if winner is None:
            return False
        if self.held:
            self._reveal()
        return self.choose(winner, via="vote", by="group")

    def decide(self, choice_id: str) -> bool:
        """Apply the trainer's choice for the group (recorded as the trainer's)."""
        if self.held and choice_id in [choice.id for choice in self.runner.choices]:
            self._reveal()
        return self.choose(choice_id, via="console", by="trainer")

    def back(self) -> bool:
        """Go back one decision to explore another branch ("what if we had ..."); False at the
        first decision. The branch left is kept in the record as explored."""
        history = self._decisions
        if history and history[-1][0] == self.runner.node_id and self.phase is Phase.CHOICES:
            history.pop()
        if not history or self.runner.stopped:
            return False
        node_id, variables = history.pop()
        self.presenter.close_panel()
        self.paused = False
        self._record(self.runner.jump(node_id, variables, by="trainer", reason="back"))
        self._present_node(instant=True)
        return True

    def add_note(self, text: str, *, by: Chooser = "trainer") -> bool:
        """Attach a short note to the current node, for the debrief."""
        text = " ".join(text.split())
        if not text or self.runner.stopped:
            return False
        self._record([NoteAdded(t=self.clock, node=self.runner.node_id, text=text, by=by)])
        return True

    def set_intensity(self, intensity: int, *, by: Chooser = "trainer") -> bool:
        """Escalate or de-escalate; the current node plays again at the new level."""
        if self.runner.finished or intensity == self.runner.intensity:
            return False
        self.presenter.close_panel()
        self.paused = False
        self._record(self.runner.set_intensity(intensity, by=by))
        self._present_node(instant=True)
        return True

    def set_timers(self, on: bool, *, by: Chooser = "trainer") -> bool:
        """Switch the timers off or on for the rest of the session; False when they already
        are, or the session is over."""
        if self.runner.finished or on == self.runner.timers:
            return False
        self._record(self.runner.set_timers(on, by=by))
        return True

    def add_time(self, seconds: float, *, by: Chooser = "trainer") -> bool:
        """Give the trainee more time at this decision; False when no timer runs now."""
        if self.phase is not Phase.CHOICES or self.held or self.runner.time_left() is None:
            return False
        self._record(self.runner.add_time(seconds, by=by))
        return True

    def skip_line(self) -> None:
        """Go on to the next line now (the trainee has read this one)."""
        if self.phase is Phase.LINES and not self.paused:
            self._line_left = 0.0

    def toggle_pause(self) -> None:
        """Pause (the world freezes, the timer stops) or resume."""
        if self.paused:
            self.resume()
        elif self.phase in (Phase.LINES, Phase.CHOICES, Phase.SAVING, Phase.COOL_DOWN):
            self._record(self.runner.pause())
            self.paused = True
            self._paused_for = 0.0
            self.presenter.show_pause(list(PAUSE_ACTIONS))

    def pause_action(self, key: str) -> Callable[[], None]:
        """What the pause panel's action ``key`` (one of PAUSE_ACTIONS) does when chosen."""
        actions: dict[str, Callable[[], None]] = {
            "resume": self.resume,
            "restart_node": self.restart_node,
            "stop_scenario": self.stop,
        }
        return actions[key]

    def resume(self) -> None:
        if self.paused:
            self.presenter.close_panel()
            self.paused = False
            self._record(self.runner.resume())

    def restart_node(self, *, by: Chooser = "trainee") -> None:
        """Play the current node again from its beginning, with the variables it began with."""
        if self.runner.stopped or self.phase is Phase.DONE:
            return
        self.presenter.close_panel()
        self.paused = False
        node_id = self.runner.node_id
        self._record(self.runner.jump(node_id, self._entry_variables, by=by, reason="restart"))
        self._present_node(instant=True)

    def jump(self, node_id: str, *, by: Chooser = "trainer") -> None:
        """Go to any node (a trainer exploring another branch); the stage is set there at once."""
        self.presenter.close_panel()
        self.paused = False
        self._record(self.runner.jump(node_id, by=by))
        self._present_node(instant=True)

    # -- an author's saved file (play --watch) --------------------------------------------

    def reload(self, loaded: LoadedScenario) -> str | None:
        """Go on with a new version of the scenario, saved while it plays: the current node
        starts again with the new text and staging, with the variables it was entered with
        that the new version still declares. Where the node is gone, the session goes on at
        the nearest node on the path back that remains (the start when none does).

        Returns the notice to show when play moved to another node, else None. Raises
        RunnerError when the new version is another scenario (its id changed); a finished
        session is left as it is.
        """
        if self.phase is Phase.DONE or self.runner.stopped:
            return None
        was_at = self.runner.node_id
        node, variables = self._node_to_reload_at(loaded)
        self.presenter.close_panel()
        self.paused = False
        self._record(self.runner.reload(loaded.scenario, loaded.logic, node, variables))
        self.loaded, self.scenario = loaded, loaded.scenario
        self._present_node(instant=True)
        if node == was_at:
            return None
        return ui("reload_node_gone", self.language, gone=was_at, node=node)

    def hold_for_fix(self) -> None:
        """The saved files do not load: hold the session as a pause does (time stands still,
        no choice can be made) until ``reload`` goes on with a valid save. Stopping still
        works; resuming goes on with the version that plays."""
        if self.paused or self.phase in (Phase.ENDING, Phase.DONE):
            return
        self._record(self.runner.pause())
        self.paused = True
        self._paused_for = 0.0

    def _node_to_reload_at(self, loaded: LoadedScenario) -> tuple[str, dict[str, Value]]:
        """The node of the new version to go on at, with the variables to go on with."""
        nodes = loaded.scenario.nodes
        if self.runner.node_id in nodes:
            return self.runner.node_id, self._entry_variables
        for event in reversed(self.log):
            if isinstance(event, NodeEntered) and event.node in nodes:
                return event.node, dict(event.variables)
        return loaded.scenario.start, {}

    def stop(self, *, by: Chooser = "trainee", reason: str = "stopped during play") -> None:
        """Stop the scenario: always possible, never counted against the trainee."""
        if self.runner.finished or self.phase is Phase.DONE:
            return
        self.presenter.close_panel()
        self.paused = False
        self._settle(self._record(self.runner.stop(by=by, reason=reason)))
        self.presenter.hide_choices()
        self.presenter.clear_line()
        self.presenter.set_countdown(None, None)
        self.presenter.show_stopped(ui("stopped", self.language), self._cool_down())
        self._set_phase(Phase.ENDING)

    def close_ending(self) -> None:
        """Close the ending (or stop notice); the session is over."""
        if self.phase is Phase.ENDING:
            self.presenter.close_panel()
            self._set_phase(Phase.DONE)

    # -- the course of a node ------------------------------------------------------------

    def _present_node(self, *, instant: bool) -> None:
        runner = self.runner
        self._entry_variables = runner.variables
        self.presenter.hide_choices()
        self.presenter.set_countdown(None, None)
        self.presenter.stage(runner.staging, instant=instant)
        self._lines = list(runner.lines)
        self._line_index = -1
        self._set_phase(Phase.LINES)
        self._next_line()

    def _next_line(self) -> None:
        self._line_index += 1
        if self._line_index >= len(self._lines):
            self.presenter.clear_line()
            if self.runner.ending is not None:
                self.presenter.show_cool_down(ui("cool_down", self.language))
                self._set_phase(Phase.COOL_DOWN)
            else:
                self._offer_choices()
            return
        line = self._lines[self._line_index]
        text = self._text(line.text)
        speaker = self.scenario.speaker_name(line.speaker, self.language) or None
        spoken = self.presenter.show_line(speaker, text, line)
        self._line_left = max(self.pacing.line_seconds(text), spoken or 0.0)

    def _offer_choices(self) -> None:
        node_id = self.runner.node_id
        if not self._decisions or self._decisions[-1][0] != node_id:
            self._decisions.append((node_id, self._entry_variables))
        self.votes = {}
        self._set_phase(Phase.CHOICES)
        self._ready_announced = False
        if self.hold_choices:
            self.held = True
            self.presenter.show_line(None, ui("decision_point", self.language), None)
        else:
            self._reveal()

    def _reveal(self) -> None:
        if self.held:
            self._ready_announced = False  # the revealed options are a new picture
        self.held = False
        self.presenter.clear_line()
        texts = [self._text(choice.text) for choice in self.runner.choices]
        self.presenter.show_choices(ui("you_choose", self.language), texts)
        self.runner.show_choices()

    def _tick_choices(self) -> None:
        runner = self.runner
        if not self._ready_announced and not self.presenter.busy():
            self._ready_announced = True
            self.presenter.choices_ready(runner.node_id)
        if self.held:
            return
        left = runner.time_left()
        self.presenter.set_countdown(left, runner.time_limit)
        if left is not None and left <= 0:
            self._after_move(runner.timeout())
            return
        autoplay = self.autoplay
        if autoplay is None or not self._ready_announced:
            return
        if self._phase_time < self.pacing.autoplay_delay:
            return
        move = autoplay.next_move(runner)
        if move is None:
            self._after_move(runner.timeout())
        else:
            self._after_move(runner.choose(move, by="autoplay", via="autoplay"))

    def _after_move(self, events: list[Event]) -> None:
        self.presenter.hide_choices()
        self.presenter.set_countdown(None, None)
        self._ticket = self._record(events)
        self._set_phase(Phase.SAVING)

    def _show_ending(self) -> None:
        ending = self.runner.ending
        assert ending is not None
        ending = ending.as_reached(self.runner.ending_notes)
        outcome = ending.outcome.value
        self.presenter.show_ending(
            outcome,
            outcome_label(outcome, self.language),
            self._text(ending.summary),
            self._text(ending.feedback),
            self._cool_down(),
        )
        self._set_phase(Phase.ENDING)
        self.presenter.ending_ready()

    # -- helpers -------------------------------------------------------------------------

    def _cool_down(self) -> str:
        return self._text(self.scenario.cool_down) if self.scenario.cool_down else ""

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        self._phase_time = 0.0

    def _now(self) -> float:
        return self.clock

    def _text(self, text: dict[str, str]) -> str:
        return localized(text, self.language)

    def _record(self, events: list[Event]) -> Ticket | None:
        # The clock stands still while paused, so the Runner would measure every pause as
        # none: the pause lasted the seconds ticked during it.
        paused_ms = round(self._paused_for * 1000)
        events = [
            dataclasses.replace(event, paused_ms=paused_ms) if isinstance(event, Resumed) else event
            for event in events
        ]
        self.log.extend(events)
        if self.recording is None or not events:
            return None
        return self.recording.append(events)

    def _record_gaze(self) -> None:
        if self.recording is None or self.paused:
            return
        sample = self.presenter.sample_gaze(self.clock)
        if sample is not None:
            self.recording.append_gaze(sample)

    def _settle(self, ticket: Ticket | None) -> None:
        """Wait for a record ticket; a failed write is reported and play goes on."""
        if ticket is None:
            return
        try:
            ticket.wait(5.0)
        except SimulatorError as error:
            self.recording = None
            self.on_record_error(error)
