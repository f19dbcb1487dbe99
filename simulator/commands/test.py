"""Play-test scenarios: explore every reachable state, then random play-throughs.

Reports node and choice coverage, endings reached per intensity, the longest
path, any run that gets stuck, and the teaching checks' warnings (what the
scenario teaches less well than it could). Exit code 1 when something is
unreachable or stuck (warnings alone do not fail); the same seed always gives
the same result.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from simulator.commands._records import whole_number_between
from simulator.scenario.content import scenario_files
from simulator.scenario.exploration import Exploration, explore
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.scenario.teaching import teaching_problems
from simulator.session.autoplay import RandomAutoplay
from simulator.session.runner import Runner

HELP = "explore every path of scenarios and report coverage, endings and stuck runs"

MAX_STEPS = 500
"""A random play-through longer than this is reported as not ending."""
MAX_RANDOM_RUNS = 100_000
"""More random runs than this add nothing that exploration has not already proved."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    parser.add_argument(
        "--random",
        type=whole_number_between(0, MAX_RANDOM_RUNS),
        default=100,
        metavar="N",
        help=f"random runs (100; at most {MAX_RANDOM_RUNS:,})",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the random runs")


@dataclass
class RandomRuns:
    """Outcome of seeded random play-throughs."""

    endings: dict[str, int] = field(default_factory=dict)
    stuck: list[str] = field(default_factory=list)


def random_runs(loaded: LoadedScenario, count: int, seed: int) -> RandomRuns:
    """Play ``count`` random sessions, intensity chosen per run, all from one seed."""
    result = RandomRuns()
    for index in range(count):
        autoplay = RandomAutoplay(seed * 1_000_003 + index)
        intensity = 1 + index % 3
        runner = Runner(loaded.scenario, loaded.logic, intensity=intensity, clock=lambda: 0.0)
        runner.start()
        steps = 0
        while not runner.finished and steps < MAX_STEPS:
            if not runner.choices:
                result.stuck.append(f"run {index + 1}: no choice offered at {runner.node_id!r}")
                break
            move = autoplay.next_move(runner)
            if move is None:
                runner.timeout()
            else:
                runner.choose(move, by="autoplay", via="random")
            steps += 1
        if runner.ending is not None:
            result.endings[runner.ending.id] = result.endings.get(runner.ending.id, 0) + 1
        elif not runner.finished and steps >= MAX_STEPS:
            result.stuck.append(f"run {index + 1}: no ending after {MAX_STEPS} choices")
    return result


def report(path: Path, loaded: LoadedScenario, found: Exploration, runs: RandomRuns) -> list[str]:
    """Print the report for one scenario; return its failures."""
    scenario = loaded.scenario
    choices = [(node_id, c.id) for node_id, node in scenario.nodes.items() for c in node.choices]
    endings = [node.ending.id for node in scenario.nodes.values() if node.ending is not None]
    offered = sum(1 for key in choices if key in found.offered_choices)
    failures: list[str] = []
    print(f"{path}: {scenario.id} version {scenario.version}")
    print(f"  states explored: {found.states} (intensity {', '.join(map(str, found.intensities))})")
    print(f"  nodes covered:   {len(found.visited_nodes)}/{len(scenario.nodes)}")
    print(f"  choices covered: {offered}/{len(choices)}")
    print(f"  endings reached: {len(found.endings)}/{len(endings)}")
    for ending_id in endings:
        levels = sorted(found.endings.get(ending_id, ()))
        at = f"intensity {', '.join(map(str, levels))}" if levels else "NEVER"
        print(f"    {ending_id:<28} {at}")
    if found.longest_path:
        steps = " > ".join(found.longest_path)
        print(f"  longest path:    {len(found.longest_path)} choices: {steps}")
    print(f"  random runs:     {sum(runs.endings.values())} ended, {len(runs.stuck)} stuck")
    failures += [reached.describe() for reached in found.at_limit]
    if found.growth is not None:
        failures.append(found.growth.describe())
    failures += [
        f"node {n!r} never reached" for n in scenario.nodes if n not in found.visited_nodes
    ]
    failures += [
        f"choice {c!r} at {n!r} never offered"
        for n, c in choices
        if (n, c) not in found.offered_choices
    ]
    failures += [f"ending {e!r} never reached" for e in endings if e not in found.endings]
    failures += [f"stuck at {s.node!r} with {s.variables}" for s in found.stuck]
    failures += runs.stuck
    for failure in failures:
        print(f"  PROBLEM: {failure}")
    warnings = teaching_problems(loaded, found) if found.complete else []
    for warning in warnings:
        print(f"  {warning}")
    if failures:
        print(f"  {len(failures)} problem(s)")
    else:
        print(f"  OK, with {len(warnings)} teaching warning(s)" if warnings else "  OK")
    return failures


def run(arguments: argparse.Namespace) -> int:
    failed = 0
    for path in scenario_files(arguments.paths):
        loaded = load_scenario(path, explore=False)
        found = explore(loaded.scenario, loaded.logic)
        runs = random_runs(loaded, arguments.random, arguments.seed)
        failed += bool(report(path, loaded, found, runs))
    return 1 if failed else 0
