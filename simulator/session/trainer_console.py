"""The trainer's console for group sessions: typed commands in a terminal beside the projector.

The projector shows only the scene; the trainer's own screen shows this
console, so nothing the trainer does appears on the wall. Commands are read
on a background thread and applied between frames. A command that needs a
decision point (reveal, vote, majority, pick) waits at the head of the queue
until the session reaches one, so a prepared script plays a whole session.

When the console's input ends (a script run out, standard input closed) and
no one can lead any more, the console says so once and the session does not
wait for it: with autoplay the held options are revealed for autoplay to
choose; without, the session ends at the next decision point or ending.
Pure core: no Panda3D.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from simulator.scenario.model import localized
from simulator.session.flow import Phase, SessionFlow
from simulator.session.line_reader import END, LineReader

__all__ = ["COMMAND_HELP", "TrainerConsole", "letter"]

COMMAND_HELP = """\
Trainer console (type a command and press Enter):
  status                 where the session is, the options and the votes
  reveal                 show the options of this decision point on the projector
  vote 3 5 1             the group's counts per option, in letter order (or: vote A=3 B=5)
  majority               apply the option most voted for (recorded as the group's choice)
  pick B                 apply option B as the trainer's choice
  back                   go back one decision to explore another branch
  jump NODE              go to any node
  intensity 1|2|3        escalate or de-escalate (the current moment plays again)
  timer off|on           switch the time limits off (or on again) for the rest of the session
  timer +10              give 10 more seconds at this decision
  note TEXT              a short note at the current moment, for the debrief
  pause / resume         freeze or continue the scene
  debrief [FILE]         write the group debrief (HTML) and show it
  wait                   (in scripts) wait for the next decision point or the ending
  end                    end the session
  help                   this list"""

log = logging.getLogger(__name__)

_NEEDS_DECISION = {"reveal", "vote", "majority", "pick"}
_NEEDS_DECISION_OR_ENDING = {"wait"}


def _needs_decision(command: str) -> bool:
    """Whether the command waits for a decision point: a vote, a pick, more time (switching
    the timers off or on does not wait)."""
    words = command.lower().split()
    if not words:
        return False
    if words[0] == "timer":
        return words[1:] not in (["off"], ["on"])
    return words[0] in _NEEDS_DECISION


def letter(index: int) -> str:
    """A, B, C ... for the 0-based option ``index``."""
    return string.ascii_uppercase[index]


class TrainerConsole:
    """Reads commands from ``source`` and reports to ``output``; ``apply(flow)`` each frame."""

    def __init__(
        self,
        source: TextIO,
        output: TextIO,
        *,
        write_debrief: Callable[[SessionFlow, Path | None], Path] | None = None,
    ) -> None:
        self.source = source
        self.output = output
        self.write_debrief = write_debrief
        self.ended = False
        self._commands = LineReader(source, name="trainer-console")
        self._waiting: str | None = None
        self._announced: tuple[str, int] | None = None
        self._closed = False

    def start(self) -> None:
        """Begin reading commands in the background."""
        self._say(COMMAND_HELP)
        self._commands.start()

    def apply(self, flow: SessionFlow) -> None:
        """Announce a new decision point, then run the next command if it can run now.

        One command a frame, so the projector shows each step (options revealed,
        then chosen) before the next one.
        """
        self._announce(flow)
        if self._waiting is None:
            line = self._commands.next_line(timeout=0)
            if line == END:
                self._carry_on_unled(flow)
                return
            if line is None:
                return
            self._waiting = line.strip()
        command = self._waiting
        word = command.split(maxsplit=1)[0].lower() if command else ""
        if _needs_decision(command) and not (flow.at_decision and not flow.finished):
            return  # waits for the next decision point
        if word in _NEEDS_DECISION_OR_ENDING and not (
            flow.at_decision or flow.phase in (Phase.ENDING, Phase.DONE)
        ):
            return
        self._waiting = None
        if command:
            self._run(flow, command)

    # -- commands --------------------------------------------------------------------------

    def _run(self, flow: SessionFlow, command: str) -> None:
        word, _, rest = command.partition(" ")
        word, rest = word.lower(), rest.strip()
        handler = getattr(self, f"_do_{word}", None)
        if handler is None:
            self._say(f"unknown command {word!r}; type help for the list")
            return
        handler(flow, rest)

    def _do_help(self, flow: SessionFlow, rest: str) -> None:
        self._say(COMMAND_HELP)

    def _do_wait(self, flow: SessionFlow, rest: str) -> None:
        self._say(f"[{flow.runner.node_id}] {flow.phase.value}")

    def _do_status(self, flow: SessionFlow, rest: str) -> None:
        runner = flow.runner
        state = "paused" if flow.paused else flow.phase.value
        self._say(f"[{runner.node_id}] {state}, intensity {runner.intensity}")
        self._list_options(flow)

    def _do_reveal(self, flow: SessionFlow, rest: str) -> None:
        self._say("options shown" if flow.reveal_choices() else "the options are already shown")

    def _do_vote(self, flow: SessionFlow, rest: str) -> None:
        offered = [choice.id for choice in flow.runner.choices]
        if not offered:
            self._say("no vote can be recorded now")
            return
        counts = _parse_votes(rest)
        if counts is None:
            self._say("usage: vote 3 5 1   or   vote A=3 B=5")
            return
        extra = [index for index in counts if index >= len(offered)]
        if extra:
            letters = ", ".join(letter(i) for i in range(len(offered)))
            self._say(
                f"this decision has {len(offered)} options ({letters}); "
                f"got a count for {letter(max(extra))}"
            )
            return
        by_id = {offered[index]: count for index, count in counts.items()}
        if flow.record_vote(by_id):
            shown = ", ".join(f"{letter(i)} {by_id.get(c, 0)}" for i, c in enumerate(offered))
            self._say(f"vote recorded: {shown}")
        else:
            self._say("no vote can be recorded now")

    def _do_majority(self, flow: SessionFlow, rest: str) -> None:
        winner = flow.majority()
        label = self._label(flow, winner) if winner else ""
        if winner is None or not flow.decide_by_majority():
            self._say("no clear majority: enter a vote, or pick an option yourself")
            return
        self._say(f"the group chose {label}")

    def _do_pick(self, flow: SessionFlow, rest: str) -> None:
        offered = [choice.id for choice in flow.runner.choices]
        index = string.ascii_uppercase.find(rest.upper()) if len(rest) == 1 else -1
        choice_id = offered[index] if 0 <= index < len(offered) else rest
        label = self._label(flow, choice_id)
        if flow.decide(choice_id):
            self._say(f"the trainer chose {label}")
        else:
            self._say(f"{rest!r} is not an option here; type status")

    def _do_back(self, flow: SessionFlow, rest: str) -> None:
        if flow.back():
            self._say(f"back at [{flow.runner.node_id}]: explore another branch")
        else:
            self._say("there is no earlier decision to go back to")

    def _do_jump(self, flow: SessionFlow, rest: str) -> None:
        if rest not in flow.scenario.nodes:
            self._say(f"no node {rest!r}")
            return
        flow.jump(rest)
        self._say(f"jumped to [{rest}]")

    def _do_intensity(self, flow: SessionFlow, rest: str) -> None:
        if rest not in ("1", "2", "3"):
            self._say("usage: intensity 1|2|3")
        elif flow.set_intensity(int(rest)):
            self._say(f"intensity {rest}: [{flow.runner.node_id}] plays again")
        else:
            self._say(f"intensity is already {rest} (or the session is over)")

    def _do_timer(self, flow: SessionFlow, rest: str) -> None:
        setting = rest.lower()
        if setting in ("off", "on"):
            if flow.set_timers(setting == "on"):
                self._say(f"timers {setting}")
            else:
                self._say(f"the timers are already {setting} (or the session is over)")
            return
        seconds = _added_seconds(setting)
        if seconds is None:
            self._say("usage: timer off | timer on | timer +10")
        elif flow.add_time(seconds):
            self._say(f"{seconds:g} seconds more: {flow.runner.time_left():.0f} s left")
        else:
            self._say("no timer runs now (no timed decision is open, or the timers are off)")

    def _do_note(self, flow: SessionFlow, rest: str) -> None:
        if flow.add_note(rest):
            self._say(f"note added at [{flow.runner.node_id}]")
        else:
            self._say("usage: note TEXT")

    def _do_pause(self, flow: SessionFlow, rest: str) -> None:
        if not flow.paused:
            flow.toggle_pause()
        self._say("paused" if flow.paused else "cannot pause now")

    def _do_resume(self, flow: SessionFlow, rest: str) -> None:
        flow.resume()
        self._say("resumed")

    def _do_debrief(self, flow: SessionFlow, rest: str) -> None:
        if self.write_debrief is None:
            self._say("no debrief in this mode")
            return
        path = self.write_debrief(flow, Path(rest) if rest else None)
        self._say(f"debrief written to {path}")

    def _do_end(self, flow: SessionFlow, rest: str) -> None:
        if flow.phase is Phase.ENDING:
            flow.close_ending()
        elif not flow.finished:
            flow.stop(by="trainer")
            flow.close_ending()
        self.ended = True
        self._say("session ended")

    def _carry_on_unled(self, flow: SessionFlow) -> None:
        """The input has ended: say so once; then, where the session waits for the trainer
        (a held decision point, the projector's ending), let autoplay on or end it."""
        if not self._closed:
            self._closed = True
            if not flow.hold_choices:
                then = "the session goes on without trainer commands"
            elif flow.autoplay is not None:
                then = "the options are revealed by themselves and autoplay chooses"
            else:
                then = "the session ends at the next decision point, as no one can lead it"
            log.warning("trainer console input closed; %s", then)
            self._say(f"trainer console: the input is closed; {then}")
        if not flow.hold_choices:
            return
        if flow.autoplay is not None:
            flow.reveal_choices()
        elif (flow.at_decision and flow.held) or flow.phase is Phase.ENDING:
            self._do_end(flow, "")

    # -- helpers ---------------------------------------------------------------------------

    def _announce(self, flow: SessionFlow) -> None:
        if not flow.at_decision:
            return
        key = (flow.runner.node_id, len(flow.log))
        if self._announced is not None and self._announced[0] == key[0]:
            return
        self._announced = key
        self._say(f"decision point [{flow.runner.node_id}]" + (" (held)" if flow.held else ""))
        self._list_options(flow)

    def _list_options(self, flow: SessionFlow) -> None:
        for index, choice in enumerate(flow.runner.choices):
            text = localized(choice.text, flow.language)
            votes = flow.votes.get(choice.id)
            mark = " (recommended)" if choice.recommended else ""
            counted = f"  [{votes} votes]" if votes is not None else ""
            self._say(f"  {letter(index)}) {text}{mark}{counted}")

    def _label(self, flow: SessionFlow, choice_id: str) -> str:
        ids = [choice.id for choice in flow.runner.choices]
        return f"{letter(ids.index(choice_id))} ({choice_id})" if choice_id in ids else choice_id

    def _say(self, text: str) -> None:
        print(text, file=self.output, flush=True)


_MAX_VOTES = 10_000
"""More people than any training room holds: a count above it is a typing slip."""


def _added_seconds(text: str) -> float | None:
    """``+10`` to 10.0: more than 0 and at most 600 seconds; None otherwise."""
    if not text.startswith("+"):
        return None
    try:
        seconds = float(text[1:])
    except ValueError:
        return None
    return seconds if 0 < seconds <= 600 else None


def _parse_votes(text: str) -> dict[int, int] | None:
    """``3 5 1`` or ``A=3 B=5`` to {option index: count}; None when malformed. The caller
    checks the indexes against the options offered."""
    parts = text.replace(",", " ").split()
    if not parts:
        return None
    counts: dict[int, int] = {}
    try:
        if all("=" in part for part in parts):
            for part in parts:
                key, value = part.split("=", 1)
                index = string.ascii_uppercase.index(key.strip().upper())
                counts[index] = int(value)
        else:
            counts = {index: int(value) for index, value in enumerate(parts)}
    except ValueError:
        return None
    if any(count < 0 or count > _MAX_VOTES for count in counts.values()):
        return None
    return counts
