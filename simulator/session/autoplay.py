"""Choices made automatically, so a whole session plays unattended (pure core).

Used by ``--autoplay`` in every display mode and by ``simulator test --random``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Protocol

from simulator.errors import UsageError, display_path
from simulator.session.plans import Plan, read_plan
from simulator.session.runner import Runner

__all__ = ["Autoplay", "PlanAutoplay", "RandomAutoplay", "autoplay_from"]

TIMEOUT = None
"""What ``next_move`` returns to let the time limit run out."""


class Autoplay(Protocol):
    def next_move(self, runner: Runner) -> str | None:
        """The id of the choice to make now, or None to let the node's time limit run out."""
        ...


class RandomAutoplay:
    """Uniformly random among the offered choices (and the timeout, where a node has one)."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def next_move(self, runner: Runner) -> str | None:
        moves: list[str | None] = [choice.id for choice in runner.choices]
        if runner.time_limit is not None:
            moves.append(TIMEOUT)
        return self._random.choice(moves)


class PlanAutoplay:
    """The ``choose`` and ``timeout`` steps of a plan file, in order."""

    def __init__(self, plan: Plan) -> None:
        self._moves = list(plan.moves)
        self.plan = plan

    def next_move(self, runner: Runner) -> str | None:
        if not self._moves:
            raise UsageError(f"{self.plan.path}: the plan has no more moves at {runner.node_id!r}")
        step = self._moves.pop(0)
        if step.directive != "choose":
            return TIMEOUT
        offered = sorted(choice.id for choice in runner.choices)
        if step.arguments[0] not in offered:
            raise UsageError(
                f"{display_path(self.plan.path)}:{step.line}: choice {step.arguments[0]!r} is "
                f"not offered at {runner.node_id!r}; expected one of: {', '.join(offered)}"
            )
        return step.arguments[0]


def autoplay_from(spec: str, seed: int) -> Autoplay:
    """``random`` or the path of a plan file, as given to ``--autoplay``."""
    if spec == "random":
        return RandomAutoplay(seed)
    path = Path(spec)
    if not path.is_file():
        raise UsageError(f"--autoplay {spec}: expected 'random' or a plan file")
    return PlanAutoplay(read_plan(path))
