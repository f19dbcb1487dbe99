"""Transcript play-throughs: ``.plan`` files replayed against the engine (pure core).

A plan is one directive per line (``#`` starts a comment)::

    scenario scenarios/car_park.yaml   # relative to the project root
    intensity 2
    seed 7                             # the session's seed: the order choices are shown in
    node arrival                       # the current node is this one
    line arrival_greeting              # this line was shown at the current node
    noline threat_house                # this line was not shown at the current node
    offer greet walk_on                # exactly these choices are shown, in this order
    choose greet
    timeout                            # the time limit runs out
    end reported_safely                # the session ended with this ending

Without ``seed`` the choices are shown in the order written. Plans double as
autoplay scripts: ``simulator play --autoplay FILE`` makes the plan's ``choose``
and ``timeout`` steps, at the plan's intensity and with its seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator.errors import Problem, ScenarioError, UsageError
from simulator.scenario.logic import Logic
from simulator.scenario.model import Scenario
from simulator.session.events import Event, LineShown
from simulator.session.runner import Runner, RunnerError

__all__ = ["Plan", "PlanStep", "read_plan", "replay", "runner_for"]

_DIRECTIVES = {
    "scenario": 1,
    "intensity": 1,
    "seed": 1,
    "node": 1,
    "line": 1,
    "noline": 1,
    "offer": None,
    "choose": 1,
    "timeout": 0,
    "end": 1,
}


@dataclass(frozen=True)
class PlanStep:
    """One directive with its arguments and the line it was written on."""

    directive: str
    arguments: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Plan:
    path: Path
    scenario: str | None
    intensity: int
    steps: tuple[PlanStep, ...]
    seed: int | None = None
    """The session's seed (the order choices are shown in); None: the order written."""

    @property
    def moves(self) -> tuple[PlanStep, ...]:
        """The steps that advance the session (choose and timeout)."""
        return tuple(step for step in self.steps if step.directive in ("choose", "timeout"))


MAX_PLAN_BYTES = 1_000_000
"""A plan is a few hundred short lines; anything this large is not one."""
MAX_LINE_LENGTH = 1_000


def _plan_lines(path: Path, problems: list[Problem]) -> list[tuple[int, str]]:
    """The numbered text lines of a plan file; a line that is not text (bad UTF-8, a NUL
    byte) or too long becomes a problem instead. UsageError for an unreadable file."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PLAN_BYTES + 1)
    except OSError as error:
        raise UsageError(f"cannot read the plan {path}: {error.strerror or error}") from None
    if len(data) > MAX_PLAN_BYTES:
        raise UsageError(f"{path}: larger than {MAX_PLAN_BYTES:,} bytes; expected a plan file")
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError as error:
            problems.append(
                Problem(path, number, error.start + 1, (), "not UTF-8 text", "a plan directive")
            )
            continue
        if "\0" in line:
            problems.append(
                Problem(path, number, line.index("\0") + 1, (), "a NUL byte", "a plan directive")
            )
        elif len(line) > MAX_LINE_LENGTH:
            problems.append(
                Problem(
                    path,
                    number,
                    MAX_LINE_LENGTH + 1,
                    (),
                    f"a line of {len(line):,} characters",
                    f"a directive of at most {MAX_LINE_LENGTH} characters",
                )
            )
        else:
            lines.append((number, line))
    return lines


def read_plan(path: Path) -> Plan:
    """Parse a plan file; raise ScenarioError naming every malformed line."""
    problems: list[Problem] = []
    steps: list[PlanStep] = []
    scenario: str | None = None
    intensity = 2
    seed: int | None = None
    for number, raw in _plan_lines(Path(path), problems):
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        directive, arguments = words[0], tuple(words[1:])
        if directive not in _DIRECTIVES:
            problems.append(
                Problem(
                    Path(path),
                    number,
                    1,
                    (),
                    f"unknown directive {directive!r}",
                    f"one of: {', '.join(_DIRECTIVES)}",
                )
            )
            continue
        count = _DIRECTIVES[directive]
        if count is not None and len(arguments) != count:
            problems.append(
                Problem(
                    Path(path),
                    number,
                    1,
                    (),
                    f"{directive!r} takes {count} argument(s), got {len(arguments)}",
                    f"{directive} " + " ".join(["VALUE"] * count),
                )
            )
            continue
        if directive == "scenario":
            scenario = arguments[0]
        elif directive == "intensity":
            if arguments[0] not in ("1", "2", "3"):
                problems.append(
                    Problem(Path(path), number, 11, (), f"intensity {arguments[0]!r}", "1, 2 or 3")
                )
                continue
            intensity = int(arguments[0])
        elif directive == "seed":
            if not (arguments[0].isascii() and arguments[0].isdigit() and len(arguments[0]) < 19):
                problems.append(
                    Problem(Path(path), number, 6, (), f"seed {arguments[0]!r}", "a whole number")
                )
                continue
            seed = int(arguments[0])
        else:
            steps.append(PlanStep(directive, arguments, number))
    if problems:
        raise ScenarioError(problems)
    return Plan(Path(path), scenario, intensity, tuple(steps), seed)


def runner_for(
    plan: Plan, scenario: Scenario, logic: Logic, *, clock: Callable[[], float] = lambda: 0.0
) -> Runner:
    """A fresh runner that plays as the plan states: at its intensity, with its seed."""
    return Runner(scenario, logic, intensity=plan.intensity, seed=plan.seed, clock=clock)


def replay(plan: Plan, runner: Runner) -> list[str]:
    """Play ``plan`` on a fresh ``runner``; return one message per mismatch (empty when it holds).

    Replay stops at the first move that cannot be made.
    """
    mismatches: list[str] = []
    shown: list[Event] = list(runner.start())
    for step in plan.steps:
        where = f"{plan.path}:{step.line}"
        if step.directive == "node":
            if runner.node_id != step.arguments[0]:
                mismatches.append(
                    f"{where}: at node {runner.node_id!r}, plan expects {step.arguments[0]!r}"
                )
        elif step.directive in ("line", "noline"):
            lines = [e.line for e in shown if isinstance(e, LineShown)]
            if step.directive == "line" and step.arguments[0] not in lines:
                mismatches.append(f"{where}: line {step.arguments[0]!r} not shown; shown: {lines}")
            if step.directive == "noline" and step.arguments[0] in lines:
                mismatches.append(f"{where}: line {step.arguments[0]!r} shown, plan expects not")
        elif step.directive == "offer":
            offered = tuple(choice.id for choice in runner.choices)
            if offered != step.arguments:
                mismatches.append(
                    f"{where}: offered {list(offered)}, plan expects {list(step.arguments)}"
                )
        elif step.directive == "end":
            ending = runner.ending.id if runner.ending else None
            if ending != step.arguments[0]:
                mismatches.append(
                    f"{where}: ended with {ending!r}, plan expects {step.arguments[0]!r}"
                )
        else:
            try:
                if step.directive == "choose":
                    shown = runner.choose(step.arguments[0], by="autoplay", via="plan")
                else:
                    shown = runner.timeout()
            except RunnerError as error:
                mismatches.append(f"{where}: {error}")
                break
    return mismatches
