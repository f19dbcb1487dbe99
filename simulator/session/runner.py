"""The pure scenario engine: a step API over a scenario's nodes (pure core; no I/O, no Panda3D).

``start()``, ``choose()``, ``timeout()``, ``pause()``, ``resume()``, ``jump()``
and ``stop()`` each return the list of events that happened; the current node,
its visible lines and the choices offered now can be read at any time. The
clock is injected, so tests and replays are deterministic.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from simulator.errors import SimulatorError
from simulator.scenario.expressions import Value
from simulator.scenario.logic import INTENSITY, INTENSITY_LEVELS, Logic
from simulator.scenario.model import Choice, Ending, EndingNote, Line, Node, Scenario, Staging
from simulator.scenario.resolution import (
    BranchPointLoop,
    arrival,
    choice_target,
    ending_notes,
    notes_at,
    shown_order,
    staging_in_play,
)
from simulator.session.events import (
    ChoiceMade,
    ChoicesOffered,
    Chooser,
    EndingReached,
    Event,
    IntensityChanged,
    Jumped,
    LineShown,
    NodeEntered,
    Paused,
    Resumed,
    Started,
    Stopped,
    TimedOut,
    TimerChanged,
)

__all__ = ["Runner", "RunnerError"]


class RunnerError(SimulatorError):
    """A step that is not possible now: an unknown or unoffered choice, or a finished session."""


class Runner:
    """Plays one session of a scenario at an intensity level.

    With a ``seed`` the choices of each node are shown in an order shuffled for that seed
    (the same at every visit and in every replay with it; nodes with ``order: fixed`` keep
    the order written); without one they are shown as written. With ``timers`` off no choice
    is timed.
    """

    def __init__(
        self,
        scenario: Scenario,
        logic: Logic,
        *,
        intensity: int = 2,
        seed: int | None = None,
        timers: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if intensity not in INTENSITY_LEVELS:
            raise RunnerError(f"intensity {intensity} is not one of {INTENSITY_LEVELS}")
        self.scenario = scenario
        self.logic = logic
        self.intensity = intensity
        self.seed = seed
        self.timers = timers
        """Whether choices are timed now (the trainer may switch this during the session)."""
        self._added_time = 0.0
        self._clock = clock
        self._node_id: str | None = None
        self._variables: dict[str, Value] = {}
        self._offered_at = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._stopped = False

    # -- reading the current state -------------------------------------------------------

    @property
    def node_id(self) -> str:
        """Id of the current node; the session must have been started."""
        if self._node_id is None:
            raise RunnerError("the session has not started")
        return self._node_id

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def variables(self) -> dict[str, Value]:
        """A copy of every variable, ``intensity`` included."""
        return dict(self._variables)

    @property
    def lines(self) -> tuple[Line, ...]:
        """The current node's lines whose conditions hold."""
        node_id = self.node_id
        return tuple(
            line for line in self.node.lines if self.logic.shows(node_id, line.id, self._variables)
        )

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The choices offered now, in the order shown (none once the session has ended or
        stopped)."""
        if self.finished:
            return ()
        node_id = self.node_id
        return tuple(
            choice
            for choice in shown_order(self.scenario, node_id, self.seed)
            if self.logic.offers(node_id, choice.id, self._variables)
        )

    @property
    def ending(self) -> Ending | None:
        return self.node.ending if self._node_id is not None else None

    @property
    def ending_notes(self) -> tuple[EndingNote, ...]:
        """The current ending's notes that apply on this path (none before an ending)."""
        if self.ending is None:
            return ()
        node_id = self.node_id
        return notes_at(
            self.scenario,
            node_id,
            ending_notes(self.scenario, self.logic, node_id, self._variables),
        )

    @property
    def staging(self) -> Staging:
        """The current node's stage: only the actors and props whose conditions hold."""
        return staging_in_play(self.scenario, self.logic, self.node_id, self._variables)

    @property
    def finished(self) -> bool:
        """True once an ending is reached or the session was stopped."""
        return self._stopped or self.ending is not None

    @property
    def stopped(self) -> bool:
        return self._stopped

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def time_limit(self) -> float | None:
        """Seconds the trainee has at the current node (at this intensity, with any time the
        trainer added), or None when it is untimed, the timers are off or the session ended."""
        limit = self.node.time_limit_at(self.intensity)
        if limit is None or not self.timers or self.finished:
            return None
        return limit + self._added_time

    def time_left(self) -> float | None:
        """Seconds left for a timed choice (frozen while paused), or None when untimed."""
        limit = self.time_limit
        if limit is None:
            return None
        return max(0.0, limit - self._elapsed_since_offer())

    # -- steps ---------------------------------------------------------------------------

    def start(
        self, node: str | None = None, variables: Mapping[str, Value] | None = None
    ) -> list[Event]:
        """Begin at the scenario's start, or at ``node`` with ``variables`` (jump, resume)."""
        node_id = node or self.scenario.start
        self._require_node(node_id)
        self._variables = self._checked_variables(variables)
        self._stopped = False
        now = self._clock()
        started = Started(
            t=now,
            scenario=self.scenario.id,
            intensity=self.intensity,
            node=node_id,
            variables=dict(self._variables),
            seed=self.seed,
            timers=self.timers,
        )
        return [started, *self._enter(node_id, now)]

    def choose(
        self, choice_id: str, *, by: Chooser = "trainee", via: str = "keyboard"
    ) -> list[Event]:
        """Make an offered choice; returns the choice and everything the next node brings."""
        self._require_running()
        node_id = self.node_id
        choice = next((c for c in self.choices if c.id == choice_id), None)
        if choice is None:
            offered = ", ".join(c.id for c in self.choices)
            raise RunnerError(
                f"choice {choice_id!r} is not offered at {node_id!r}; offered: {offered}"
            )
        now = self._clock()
        position = self.choices.index(choice) + 1
        self._variables = self.logic.apply(node_id, choice.id, self._variables)
        target = choice_target(self.scenario, self.logic, node_id, choice.id, self._variables)
        made = ChoiceMade(
            t=now,
            node=node_id,
            choice=choice.id,
            target=target,
            by=by,
            via=via,
            reaction_ms=round(self._elapsed_since_offer(now) * 1000),
            position=position,
        )
        return [made, *self._enter(target, now)]

    def timeout(self) -> list[Event]:
        """Apply the node's timeout choice because its time limit ran out."""
        self._require_running()
        choice_id = self.node.timeout_choice
        if choice_id is None or self.time_limit is None:
            raise RunnerError(f"no timer runs at node {self.node_id!r}")
        timed_out = TimedOut(t=self._clock(), node=self.node_id, choice=choice_id)
        return [timed_out, *self.choose(choice_id, by="timeout", via="timer")]

    def show_choices(self) -> None:
        """The choices became visible just now (after the lines were shown).

        Reaction time and the time limit count from here, so a trainee is not
        timed while still reading or listening. Modes that show everything at
        once need not call it.
        """
        if not self.finished:
            self._restart_timer()

    def _restart_timer(self) -> None:
        self._offered_at = self._clock()
        self._paused_total = 0.0
        if self._paused_at is not None:
            self._paused_at = self._offered_at

    def set_timers(self, on: bool, *, by: Chooser = "trainer") -> list[Event]:
        """Switch the timers off (no choice is timed from now on) or on again; the current
        node's timer starts afresh when they come back on."""
        if self._stopped:
            raise RunnerError("the session was stopped")
        if on == self.timers:
            return []
        self.timers = on
        if on:
            self._restart_timer()
        return [TimerChanged(t=self._clock(), node=self.node_id, timers=on, by=by)]

    def add_time(self, seconds: float, *, by: Chooser = "trainer") -> list[Event]:
        """Give the trainee ``seconds`` more at the current node (its timer must be running)."""
        if self.time_limit is None:
            raise RunnerError(f"no timer runs at node {self.node_id!r}")
        if not 0 < seconds <= 600:
            raise RunnerError(f"{seconds:g} seconds; expected more than 0 and at most 600")
        self._added_time += seconds
        return [
            TimerChanged(t=self._clock(), node=self.node_id, timers=True, added_s=seconds, by=by)
        ]

    def pause(self) -> list[Event]:
        """Freeze the session (the timer stops); pausing twice changes nothing."""
        if self.paused or self.finished:
            return []
        self._paused_at = self._clock()
        return [Paused(t=self._paused_at, node=self.node_id)]

    def resume(self) -> list[Event]:
        """Continue after a pause; the paused time does not count as reaction time."""
        if self._paused_at is None:
            return []
        now = self._clock()
        paused = now - self._paused_at
        self._paused_total += paused
        self._paused_at = None
        return [Resumed(t=now, node=self.node_id, paused_ms=round(paused * 1000))]

    def jump(
        self,
        node: str,
        variables: Mapping[str, Value] | None = None,
        *,
        by: Chooser = "trainer",
        reason: str = "jump",
    ) -> list[Event]:
        """Move to ``node`` directly: a trainer steering (``jump``), going ``back`` one
        decision to explore another branch, or a ``restart`` of the node."""
        self._require_node(node)
        if self._stopped:
            raise RunnerError("the session was stopped")
        events = self.resume()
        if variables is not None:
            self._variables = self._checked_variables({**self._variables, **variables})
        now = self._clock()
        events.append(Jumped(t=now, node=self.node_id, target=node, by=by, reason=reason))
        return [*events, *self._enter(node, now)]

    def reload(
        self, scenario: Scenario, logic: Logic, node: str, variables: Mapping[str, Value]
    ) -> list[Event]:
        """Go on with a new version of the same scenario (its file was saved while playing):
        at ``node`` of the new version, with those of ``variables`` that it still declares
        with the same type (the others start at their initial values). Recorded as a jump
        for the reason ``reload``."""
        if scenario.id != self.scenario.id:
            raise RunnerError(
                f"the scenario's id changed from {self.scenario.id!r} to {scenario.id!r}; "
                "a session goes on only with the scenario it began"
            )
        if self._stopped:
            raise RunnerError("the session was stopped")
        if node not in scenario.nodes:
            raise RunnerError(f"no node {node!r} in scenario {scenario.id!r}")
        events = self.resume()
        kept = {
            name: value
            for name, value in variables.items()
            if name in logic.types and logic.types[name] == self.logic.types.get(name)
        }
        self.scenario, self.logic = scenario, logic
        self._variables = self._checked_variables(kept)
        now = self._clock()
        previous = self._node_id or node
        events.append(Jumped(t=now, node=previous, target=node, by="author", reason="reload"))
        return [*events, *self._enter(node, now)]

    def set_intensity(self, intensity: int, *, by: Chooser = "trainer") -> list[Event]:
        """Escalate or de-escalate: the current node starts again at the new level."""
        if intensity not in INTENSITY_LEVELS:
            raise RunnerError(f"intensity {intensity} is not one of {INTENSITY_LEVELS}")
        if self._stopped:
            raise RunnerError("the session was stopped")
        events = self.resume()
        self.intensity = intensity
        self._variables[INTENSITY] = intensity
        now = self._clock()
        events.append(IntensityChanged(t=now, node=self.node_id, intensity=intensity, by=by))
        return [*events, *self._enter(self.node_id, now)]

    def stop(self, *, by: Chooser = "trainee", reason: str = "") -> list[Event]:
        """End the session now; always possible, never counted against the trainee."""
        if self._node_id is None or self.finished:
            return []
        events = self.resume()
        self._stopped = True
        return [*events, Stopped(t=self._clock(), node=self.node_id, by=by, reason=reason)]

    # -- internals -----------------------------------------------------------------------

    def _enter(self, node_id: str, now: float) -> list[Event]:
        """Enter ``node_id``, passing through branch points to the node where play settles."""
        try:
            entered = arrival(self.scenario, self.logic, node_id, self._variables)
        except BranchPointLoop as loop:
            raise RunnerError(f"branch points lead round in a loop: {loop}") from None
        events: list[Event] = [
            NodeEntered(t=now, node=passed, variables=dict(self._variables)) for passed in entered
        ]
        node_id = entered[-1]
        self._node_id = node_id
        self._offered_at = now
        self._paused_total = 0.0
        self._added_time = 0.0
        events.extend(
            LineShown(t=now, node=node_id, line=line.id, speaker=line.speaker)
            for line in self.lines
        )
        node = self.node
        if node.ending is not None:
            events.append(
                EndingReached(
                    t=now,
                    node=node_id,
                    ending=node.ending.id,
                    outcome=node.ending.outcome,
                    notes=ending_notes(self.scenario, self.logic, node_id, self._variables),
                )
            )
        else:
            offered = tuple(choice.id for choice in self.choices)
            events.append(
                ChoicesOffered(t=now, node=node_id, choices=offered, time_limit=self.time_limit)
            )
        return events

    def _elapsed_since_offer(self, now: float | None = None) -> float:
        now = self._clock() if now is None else now
        paused = self._paused_total
        if self._paused_at is not None:
            paused += now - self._paused_at
        return max(0.0, now - self._offered_at - paused)

    def _require_node(self, node_id: str) -> None:
        if node_id not in self.scenario.nodes:
            raise RunnerError(f"no node {node_id!r} in scenario {self.scenario.id!r}")

    def _require_running(self) -> None:
        if self.finished:
            raise RunnerError("the session has finished")
        if self.paused:
            raise RunnerError("the session is paused; resume it first")

    def _checked_variables(self, overrides: Mapping[str, Value] | None) -> dict[str, Value]:
        variables = self.logic.variables_for(self.intensity)
        for name, value in (overrides or {}).items():
            if name == INTENSITY:
                continue
            if name not in self.logic.types:
                raise RunnerError(f"no variable {name!r} in scenario {self.scenario.id!r}")
            variables[name] = value
        return variables
