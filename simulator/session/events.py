"""What happens during a session, as frozen event records returned by the Runner (pure core).

Every event carries ``t``, seconds on the injected clock. Records, debriefs,
xAPI statements and the presenters are all built from these events alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from simulator.scenario.expressions import Value

__all__ = [
    "Chooser",
    "ChoiceMade",
    "ChoicesOffered",
    "EndingReached",
    "Event",
    "IntensityChanged",
    "Jumped",
    "LineShown",
    "NodeEntered",
    "NoteAdded",
    "Paused",
    "Resumed",
    "Started",
    "Stopped",
    "TimedOut",
    "TimerChanged",
    "VoteRecorded",
    "event_to_dict",
]

Chooser = Literal["trainee", "trainer", "group", "timeout", "autoplay", "author"]
"""Who made a move: the trainee, a trainer steering, a group vote, the timer, a test, or the
author (a scenario file saved during a watched session: a reload)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of every event: ``t`` is the clock reading in seconds when it happened."""

    t: float

    @property
    def kind(self) -> str:
        """Stable snake_case name of the event type, used in records and exports."""
        return _KINDS[type(self)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Started(Event):
    scenario: str
    intensity: int
    node: str
    variables: dict[str, Value] = field(default_factory=dict)
    seed: int | None = None
    """The seed of the order the choices are shown in; None: the order written."""
    timers: bool = True
    """False when the session plays without time limits (``--no-timers``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeEntered(Event):
    node: str
    variables: dict[str, Value] = field(default_factory=dict)
    """All variables on entering the node, so a session can resume from here."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LineShown(Event):
    node: str
    line: str
    speaker: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoicesOffered(Event):
    node: str
    choices: tuple[str, ...]
    time_limit: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceMade(Event):
    node: str
    choice: str
    target: str
    by: Chooser
    via: str
    """The input used: keyboard, mouse, controller, gaze, vote, timer, text, autoplay..."""
    reaction_ms: int
    """Milliseconds from the choices being offered to this choice, paused time excluded."""
    position: int = 0
    """Where the choice stood among those shown, counting from 1 (0 in older records)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TimedOut(Event):
    node: str
    choice: str
    """The node's timeout choice, which is applied next."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerChanged(Event):
    """The trainer switched the timers off or on, or gave more time at the current node."""

    node: str
    timers: bool
    """Whether choices are timed from now on."""
    added_s: float = 0.0
    """Seconds added to the current node's time limit."""
    by: Chooser = "trainer"


@dataclass(frozen=True, slots=True, kw_only=True)
class Paused(Event):
    node: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Resumed(Event):
    node: str
    paused_ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Jumped(Event):
    node: str
    target: str
    by: Chooser
    reason: str = "jump"
    """jump (to any node), back (one decision, to explore another branch) or restart."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteRecorded(Event):
    """A group's show of hands at a decision point: how many chose each offered choice."""

    node: str
    counts: dict[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteAdded(Event):
    """A trainer's short note at the current node, for the debrief."""

    node: str
    text: str
    by: Chooser = "trainer"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntensityChanged(Event):
    """The trainer escalated or de-escalated; the current node plays again at the new level."""

    node: str
    intensity: int
    by: Chooser = "trainer"


@dataclass(frozen=True, slots=True, kw_only=True)
class Stopped(Event):
    node: str
    by: Chooser
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EndingReached(Event):
    node: str
    ending: str
    outcome: str
    notes: tuple[int, ...] = ()
    """Indices of the ending's notes that applied on arrival (they depend on the path)."""


_KINDS: dict[type[Event], str] = {
    Started: "started",
    NodeEntered: "node_entered",
    LineShown: "line_shown",
    ChoicesOffered: "choices_offered",
    ChoiceMade: "choice_made",
    TimedOut: "timed_out",
    TimerChanged: "timer_changed",
    Paused: "paused",
    Resumed: "resumed",
    Jumped: "jumped",
    VoteRecorded: "vote_recorded",
    NoteAdded: "note_added",
    IntensityChanged: "intensity_changed",
    Stopped: "stopped",
    EndingReached: "ending_reached",
}
EVENT_TYPES: dict[str, type[Event]] = {kind: cls for cls, kind in _KINDS.items()}
"""Event classes by their ``kind`` name, for readers of persisted events."""


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-ready dict of the event with its ``kind``."""
    data = asdict(event)
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = list(value)
    return {"kind": event.kind, **data}
