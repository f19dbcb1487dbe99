"""Playing a scenario in the terminal: for authors, for screen-reader users, and without a GPU.

Presentation only; the Runner decides what happens. Input comes from the
keyboard (with a real countdown for timed choices where the platform allows)
or from an Autoplay.
"""

from __future__ import annotations

import select
import sys
import time
from collections.abc import Callable
from typing import TextIO

from simulator.i18n import ELEMENT_LABELS, OUTCOME_LABELS, ui
from simulator.scenario.loading import LoadedScenario
from simulator.scenario.model import localized
from simulator.session.autoplay import Autoplay
from simulator.session.events import ChoiceMade, Event
from simulator.session.runner import Runner

__all__ = ["TextSession"]

EventSink = Callable[[list[Event]], None]


class TextSession:
    """One session in the terminal; ``play()`` runs it to an ending or a stop."""

    def __init__(
        self,
        loaded: LoadedScenario,
        *,
        language: str,
        intensity: int,
        output: TextIO | None = None,
        source: TextIO | None = None,
        autoplay: Autoplay | None = None,
        on_events: EventSink | None = None,
        start_at: tuple[str, dict] | None = None,
    ) -> None:
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.language = language
        # Looked up now, not when the module was imported: whoever swaps sys.stdout (tests,
        # a GUI) after the import is heard.
        self.output = output or sys.stdout
        self.source = source or sys.stdin
        self.autoplay = autoplay
        self.on_events = on_events or (lambda events: None)
        self.runner = Runner(self.scenario, loaded.logic, intensity=intensity)
        self.history: list[ChoiceMade] = []
        self.start_at = start_at
        """(node, variables) to begin at instead of the start: resuming a session."""

    def play(self) -> Runner:
        """Show the introduction, then every node until an ending or the trainee stops."""
        self._introduction()
        self._handle(self.runner.start(*(self.start_at or (None, None))))
        while not self.runner.finished:
            self._show_node()
            self._ask()
        if self.runner.stopped:
            self._say("\n" + ui("stopped", self.language))
        else:
            self._show_ending()
        return self.runner

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

    def _speaker(self, speaker: str) -> str:
        if speaker == "narrator":
            return ui("narrator", self.language)
        return self._text(self.scenario.cast[speaker])

    def _show_node(self) -> None:
        self._say()
        for line in self.runner.lines:
            text = self._text(line.text)
            if line.speaker == "narrator":
                self._say(text)
            else:
                self._say(f'{self._speaker(line.speaker)}: "{text}"')
        self._say()
        self._say(ui("you_choose", self.language))
        for number, choice in enumerate(self.runner.choices, start=1):
            self._say(f"  {number}. {self._text(choice.text)}")
        if self.runner.node.time_limit is not None:
            seconds = round(self.runner.node.time_limit)
            self._say(ui("seconds_to_choose", self.language, seconds=seconds))

    def _show_ending(self) -> None:
        ending = self.runner.ending
        assert ending is not None
        for line in self.runner.lines:
            self._say(f"{self._speaker(line.speaker)}: {self._text(line.text)}")
        label = OUTCOME_LABELS[ending.outcome.value][self.language]
        self._say(f"\n== {ui('ending', self.language)}: {label} ==")
        self._say(self._text(ending.summary))
        self._say(f"\n{ui('feedback', self.language)}: {self._text(ending.feedback)}")
        self._say(f"\n{ui('your_choices', self.language)}:")
        for made in self.history:
            choice = next(c for c in self.scenario.nodes[made.node].choices if c.id == made.choice)
            self._say(f"- {self._text(choice.text)}")
            self._say(f"  {self._text(choice.feedback)}")
            for key, elements in (("shows", choice.tags.shows), ("misses", choice.tags.misses)):
                if elements:
                    names = ", ".join(ELEMENT_LABELS[e.value][self.language] for e in elements)
                    self._say(f"  ({ui(key, self.language)}: {names})")

    # -- input ---------------------------------------------------------------------------

    def _handle(self, events: list[Event]) -> None:
        self.history.extend(e for e in events if isinstance(e, ChoiceMade))
        self.on_events(events)

    def _ask(self) -> None:
        runner = self.runner
        if self.autoplay is not None:
            move = self.autoplay.next_move(runner)
            if move is None:
                self._say(ui("time_up", self.language))
                self._handle(runner.timeout())
            else:
                choice = next(c for c in runner.choices if c.id == move)
                self._say(f"> {self._text(choice.text)}")
                self._handle(runner.choose(move, by="autoplay", via="autoplay"))
            return
        while True:
            answer = self._read(ui("prompt", self.language), runner.time_left())
            if answer is None:
                self._say("\n" + ui("time_up", self.language))
                self._handle(runner.timeout())
                return
            answer = answer.strip().lower()
            if answer == "q":
                self._handle(runner.stop(by="trainee", reason="stopped in text mode"))
                return
            if answer == "p":
                self._pause()
                if runner.finished:
                    return
                continue
            offered = runner.choices
            if answer.isdigit() and 1 <= int(answer) <= len(offered):
                self._handle(runner.choose(offered[int(answer) - 1].id, via="keyboard"))
                return
            self._say(ui("not_a_choice", self.language))

    def _pause(self) -> None:
        self._handle(self.runner.pause())
        answer = self._read(ui("paused", self.language), None)
        if answer is not None and answer.strip().lower() == "q":
            self._handle(self.runner.stop(by="trainee", reason="stopped while paused"))
        else:
            self._handle(self.runner.resume())

    def _read(self, prompt: str, seconds: float | None) -> str | None:
        """A line of input, or None when ``seconds`` pass first; end of input stops the session."""
        self.output.write(prompt)
        self.output.flush()
        if seconds is not None and _can_wait_on(self.source):
            deadline = time.monotonic() + seconds
            ready, _, _ = select.select(
                [self.source], [], [], max(0.0, deadline - time.monotonic())
            )
            if not ready:
                return None
        line = self.source.readline()
        if line == "":
            return "q"
        return line


def _can_wait_on(stream: TextIO) -> bool:
    """Whether select() can wait on this stream (POSIX files and pipes; not Windows consoles)."""
    if sys.platform == "win32":
        return False
    try:
        stream.fileno()
    except (OSError, ValueError):
        return False
    return True
