"""How long a scenario takes to play, estimated from random play-throughs (pure core).

A trainer planning a session needs minutes, not states. Each run is played by
``RandomAutoplay`` at every intensity in turn; its time is the reading time of every line
shown (``Pacing``) plus a fixed time to read the options and decide at each decision. The
estimate is the range most runs fall in: the 10th to the 90th percentile.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.loading import LoadedScenario
from simulator.scenario.logic import INTENSITY_LEVELS
from simulator.scenario.model import Scenario, localized
from simulator.session.autoplay import RandomAutoplay
from simulator.session.events import Event, LineShown
from simulator.session.flow import Pacing
from simulator.session.runner import Runner

__all__ = ["DECISION_SECONDS", "READING", "Duration", "estimate_duration"]

DECISION_SECONDS = 20.0
"""Reading the options and choosing, at one decision (a trainee alone; a group takes longer)."""
_MAX_STEPS = 200
READING = Pacing()
"""A trainee reading every line at the pace the monitor shows it."""


@dataclass(frozen=True)
class Duration:
    """The usual length of one play-through, in minutes."""

    shortest: float
    """The 10th percentile of the runs."""
    longest: float
    """The 90th percentile of the runs."""
    decisions: tuple[int, int]
    """The fewest and most decisions a run met."""


def estimate_duration(
    loaded: LoadedScenario, language: str, *, runs: int = 300, pacing: Pacing = READING
) -> Duration:
    """The duration of ``runs`` seeded random play-throughs in ``language``; the same every time."""
    scenario = loaded.scenario
    minutes, decisions = [], []
    for index in range(runs):
        runner = Runner(
            scenario,
            loaded.logic,
            intensity=INTENSITY_LEVELS[index % len(INTENSITY_LEVELS)],
            clock=lambda: 0.0,
            seed=index,
        )
        autoplay = RandomAutoplay(index)
        seconds, made = _reading(scenario, runner.start(), language, pacing), 0
        while not runner.finished and made < _MAX_STEPS:
            move = autoplay.next_move(runner)
            events = runner.timeout() if move is None else runner.choose(move, by="autoplay")
            seconds += DECISION_SECONDS + _reading(scenario, events, language, pacing)
            made += 1
        minutes.append(seconds / 60)
        decisions.append(made)
    minutes.sort()
    return Duration(
        shortest=minutes[len(minutes) // 10],
        longest=minutes[(len(minutes) * 9) // 10],
        decisions=(min(decisions), max(decisions)),
    )


def _reading(scenario: Scenario, events: list[Event], language: str, pacing: Pacing) -> float:
    """Seconds to read the lines among ``events``."""
    total = 0.0
    for event in events:
        if isinstance(event, LineShown):
            node = scenario.nodes[event.node]
            line = next(line for line in node.lines if line.id == event.line)
            total += pacing.line_seconds(localized(line.text, language))
    return total
