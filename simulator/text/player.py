"""Playing a scenario in the terminal: for authors, for screen-reader users, and without a GPU.

``TextSession`` is the terminal's presenter of a ``SessionFlow``, like the
monitor and headset players: the flow decides what happens, records it, and
applies pause, stop and the time limit; this module prints each node (its
lines together, then the numbered choices) and feeds the keyboard back.
Input comes from the keyboard (with a real countdown for timed choices, on
every platform: session.line_reader) or from an Autoplay, which the flow plays.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from simulator.i18n import element_label, ui
from simulator.scenario.expressions import Value
from simulator.scenario.loading import LoadedScenario
from simulator.scenario.model import Choice, Line, Staging, localized
from simulator.session.autoplay import Autoplay
from simulator.session.events import ChoiceMade, Event, TimedOut
from simulator.session.flow import AT_ONCE, BeginRecording, Phase, SessionFlow
from simulator.session.gaze import GazeSample
from simulator.session.line_reader import END, LineReader
from simulator.session.runner import RunnerError
from simulator.session.watch import Reload, Reloaded, ReloadFailed, ScenarioWatch, save_report

__all__ = ["TextSession"]

_IN_TIME = 0.001
"""Seconds kept off the clock when an answer came in time but was read a moment later."""
_WATCH_POLL = 0.1
"""Seconds between looks at a watched scenario's saves while waiting for input."""


class TextSession:
    """One session in the terminal; ``play()`` runs it to an ending or a stop."""

    def __init__(
        self,
        loaded: LoadedScenario,
        *,
        language: str,
        intensity: int,
        seed: int | None = None,
        timers: bool = True,
        trainee: str = "",
        output: TextIO | None = None,
        source: TextIO | None = None,
        autoplay: Autoplay | None = None,
        begin_recording: BeginRecording | None = None,
        start_at: tuple[str, dict[str, Value]] | None = None,
        watch: ScenarioWatch | None = None,
    ) -> None:
        self.loaded = loaded
        self.watch = watch
        """The scenario's files watched for saves (``play --watch``), or None."""
        self.scenario = loaded.scenario
        self.language = language
        self.intensity = intensity
        self.seed = seed
        self.timers = timers
        self.trainee = trainee
        # Looked up now, not when the module was imported: whoever swaps sys.stdout (tests,
        # a GUI) after the import is heard.
        self.output = output or sys.stdout
        self.source = source or sys.stdin
        self._input = LineReader(self.source, name="text-input")
        self.autoplay = autoplay
        self.begin_recording = begin_recording
        self.start_at = start_at
        """(node, variables) to begin at instead of the start: resuming a session."""
        self.flow: SessionFlow | None = None
        self._lines: list[tuple[str | None, str]] = []
        self._choices_ready = False
        self._countdown_told = False
        self._seen = 0
        self._last = 0.0

    def play(self) -> SessionFlow:
        """Show the introduction, then every node until an ending or the trainee stops.

        The recording is finished before it returns, however the session ends.
        """
        self._introduction()
        self._last = time.monotonic()
        flow = self.flow = SessionFlow.begin(
            self.loaded,
            self,
            language=self.language,
            intensity=self.intensity,
            seed=self.seed,
            timers=self.timers,
            trainee=self.trainee,
            begin_recording=self.begin_recording,
            start_at=self.start_at,
            autoplay=self.autoplay,
            pacing=AT_ONCE,
        )
        try:
            while not flow.finished:
                if flow.phase is Phase.ENDING:
                    flow.close_ending()
                elif flow.phase is Phase.CHOICES and self._choices_ready and self.autoplay is None:
                    self._ask(flow)
                else:
                    if flow.phase is Phase.SAVING:
                        time.sleep(0.001)  # the record is committing the choice
                    flow.tick(self._elapsed())
                    self._tell_automatic_moves(flow)
        finally:
            flow.finish_recording()
        return flow

    # -- the presenter the flow drives ---------------------------------------------------

    def stage(self, staging: Staging, *, instant: bool) -> None:
        self._lines = []

    def show_line(self, speaker: str | None, text: str, line: Line | None) -> None:
        # A node's lines are printed together: before its choices, or as the ending's.
        self._lines.append((speaker, text))

    def clear_line(self) -> None:
        pass

    def show_choices(self, prompt: str, texts: list[str]) -> None:
        self._say()
        for speaker, text in self._take_lines():
            self._say(text if speaker is None else f'{speaker}: "{text}"')
        self._say()
        self._say(prompt)
        for number, text in enumerate(texts, start=1):
            self._say(f"  {number}. {text}")
        self._countdown_told = False

    def hide_choices(self) -> None:
        self._choices_ready = False

    def set_countdown(self, seconds_left: float | None, total: float | None) -> None:
        if total is not None and not self._countdown_told:
            self._countdown_told = True
            self._say(ui("seconds_to_choose", self.language, seconds=round(total)))

    def show_pause(self, actions: list[str]) -> None:
        pass  # the pause prompt is read where the trainee typed p

    def close_panel(self) -> None:
        pass

    def show_cool_down(self, text: str) -> None:
        for speaker, line in self._take_lines():
            self._say(f"{speaker or ui('narrator', self.language)}: {line}")

    def show_ending(
        self, outcome: str, label: str, summary: str, feedback: str, cool_down: str
    ) -> None:
        language = self.language
        self._say(f"\n== {ui('ending', language)}: {label} ==")
        self._say(summary)
        self._say(f"\n{ui('feedback', language)}: {feedback}")
        self._say(f"\n{ui('your_choices', language)}:")
        assert self.flow is not None
        for made in self.flow.log:
            if not isinstance(made, ChoiceMade):
                continue
            choice = self._choice(made)
            self._say(f"- {self._text(choice.text)}")
            self._say(f"  {self._text(choice.feedback)}")
            for key, elements in (("shows", choice.tags.shows), ("misses", choice.tags.misses)):
                if elements:
                    names = ", ".join(element_label(e.value, language) for e in elements)
                    self._say(f"  ({ui(key, language)}: {names})")

        self._show_cool_down_text(cool_down)

    def show_stopped(self, text: str, cool_down: str) -> None:
        self._say("\n" + text)
        self._show_cool_down_text(cool_down)

    def _show_cool_down_text(self, cool_down: str) -> None:
        if cool_down:
            self._say(f"\n{ui('after_the_scenario', self.language)}\n{cool_down}")

    def busy(self) -> bool:
        return False

    def choices_ready(self, node_id: str) -> None:
        self._choices_ready = True

    def ending_ready(self) -> None:
        pass

    def sample_gaze(self, clock: float) -> GazeSample | None:
        return None  # a terminal cannot tell where the trainee looks

    # -- output --------------------------------------------------------------------------

    def _say(self, text: str = "") -> None:
        print(text, file=self.output, flush=True)

    def _text(self, text: dict[str, str]) -> str:
        return localized(text, self.language)

    def _introduction(self) -> None:
        scenario, language = self.scenario, self.language
        self._say(f"== {self._text(scenario.title)} ==")
        self._say(self._text(scenario.description))
        self._say(f"{ui('content_warning', language)}: {self._text(scenario.content_warning)}")
        self._say(f"{ui('audience', language)}: {self._text(scenario.audience)}")
        self._say()

    def _choice(self, made: ChoiceMade) -> Choice:
        return next(c for c in self.scenario.nodes[made.node].choices if c.id == made.choice)

    def _take_lines(self) -> list[tuple[str | None, str]]:
        lines, self._lines = self._lines, []
        return lines

    def _tell_automatic_moves(self, flow: SessionFlow) -> None:
        """Say what autoplay chose, or that the time ran out, since the last look."""
        new: list[Event] = flow.log[self._seen :]
        self._seen = len(flow.log)
        for event in new:
            if isinstance(event, TimedOut):
                self._say(ui("time_up", self.language))
            elif isinstance(event, ChoiceMade) and event.by == "autoplay":
                self._say(f"> {self._text(self._choice(event).text)}")

    # -- input ---------------------------------------------------------------------------

    def _ask(self, flow: SessionFlow) -> None:
        """Read one answer at the choices and hand it to the flow."""
        left = flow.runner.time_left()
        answer = self._read(ui("prompt", self.language), left)
        if isinstance(answer, (Reloaded, ReloadFailed)):
            flow.tick(self._elapsed())
            self._take_save(flow, answer)
            return
        elapsed = self._elapsed()
        if answer is None:
            self._say("\n" + ui("time_up", self.language))
            flow.tick(max(elapsed, left or 0.0))  # the flow applies the timeout choice
            self._seen = len(flow.log)
            return
        # An answer typed in time counts, even where it is read a moment after the limit.
        flow.tick(elapsed if left is None else min(elapsed, max(0.0, left - _IN_TIME)))
        answer = answer.strip().lower()
        if answer == "q":
            flow.stop(reason="stopped in text mode")
        elif answer == "p":
            self._pause(flow)
        elif not (answer.isdigit() and flow.pick(int(answer) - 1, via="keyboard")):
            self._say(ui("not_a_choice", self.language))
        self._seen = len(flow.log)

    def _pause(self, flow: SessionFlow) -> None:
        flow.toggle_pause()
        answer = self._read(ui("paused", self.language), None)
        flow.tick(self._elapsed())  # counted as the pause's length, not as session time
        if isinstance(answer, (Reloaded, ReloadFailed)):
            self._take_save(flow, answer)
        elif answer is not None and answer.strip().lower() == "q":
            flow.stop(reason="stopped while paused")
        else:
            flow.resume()

    def _elapsed(self) -> float:
        """Real seconds since the last call: the flow's time passes as the trainee's does."""
        now = time.monotonic()
        elapsed, self._last = now - self._last, now
        return elapsed

    def _read(self, prompt: str, seconds: float | None) -> str | Reload | None:
        """A line of input, or None when ``seconds`` pass first; end of input stops the session.
        A watched scenario's save that comes first is returned instead."""
        self.output.write(prompt)
        self.output.flush()
        if self.watch is None:
            line = self._input.next_line(seconds)
            return "q" if line == END else line
        deadline = None if seconds is None else time.monotonic() + seconds
        while True:
            left = _WATCH_POLL if deadline is None else deadline - time.monotonic()
            line = self._input.next_line(max(0.0, min(_WATCH_POLL, left)))
            if line is not None:
                return "q" if line == END else line
            save = self.watch.poll()
            if save is not None:
                self._say()
                return save
            if deadline is not None and time.monotonic() >= deadline:
                return None

    # -- an author's saves (play --watch) --------------------------------------------------

    def _take_save(self, flow: SessionFlow, save: Reload) -> None:
        """Go on with a saved version, or print its problems and wait for the next save
        (q stops the session meanwhile)."""
        while True:
            title, problems = save_report(save, self.loaded.path, self.language)
            if isinstance(save, Reloaded):
                try:
                    notice = flow.reload(save.loaded)
                except RunnerError as error:
                    save = ReloadFailed(error)
                    title, problems = save_report(save, self.loaded.path, self.language)
                else:
                    self.loaded, self.scenario = save.loaded, save.loaded.scenario
                    self._say(f"== {title} ==")
                    if notice:
                        self._say(notice)
                    return
            self._say(f"== {title} ==")
            for problem in problems:
                self._say(problem)
            flow.hold_for_fix()
            answer = self._read(ui("reload_wait", self.language), None)
            flow.tick(self._elapsed())  # counted as the hold's length, not as session time
            if isinstance(answer, (Reloaded, ReloadFailed)):
                save = answer
                continue
            if answer is not None and answer.strip().lower() == "q":
                flow.stop(reason="stopped while the scenario had problems")
            else:
                flow.resume()
            return
