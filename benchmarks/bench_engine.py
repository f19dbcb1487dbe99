"""How long validation and exhaustive play-testing take, on the car park and on generated scenarios.

Run with ``make bench`` or ``python benchmarks/bench_engine.py``. Prints seconds
per phase and microseconds per node, so linear growth shows as a flat last
column. Timings on shared machines are noisy: compare within one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from simulator.commands.test import random_runs
from simulator.scenario.exploration import explore
from simulator.scenario.loading import load_scenario

ROOT = Path(__file__).resolve().parent.parent

SCENE = """format: 1
id: bench
title: {nl: Bank, en: Bench}
marks:
  spot: {pos: [0, 0, 0]}
  far: {pos: [5, 5, 0]}
actors:
  man: {body: man, mark: far}
"""

HEADER = """format: 1
id: generated
version: "1"
title: {nl: Gegenereerd, en: Generated}
description: {nl: Voor metingen., en: For measurements.}
scene: bench
content_warning: {nl: Geen., en: None.}
audience: {nl: Tests., en: Tests.}
learning_objectives: [{nl: Meten., en: Measure.}]
cast: {man: {nl: Man, en: Man}}
variables: {told: false, pressure: 0}
start: n0
stagings:
  base: {trainee: {mark: spot}, actors: {man: {mark: far, animation: idle}}}
nodes:
"""


def generated_scenario(nodes: int) -> str:
    """A valid scenario of ``nodes`` nodes: a braided chain of decisions ending in four endings.

    Every decision node has three choices (one conditional, one with an effect),
    so conditions, effects and state deduplication are all exercised.
    """
    decisions = nodes - 4
    parts = [HEADER]
    for index in range(decisions):
        nxt = f"n{index + 1}" if index + 1 < decisions else "end_a"
        skip = f"n{index + 2}" if index + 2 < decisions else "end_b"
        parts.append(
            f"  n{index}:\n"
            f"    staging: base\n"
            f"    lines: [{{id: l{index}, speaker: man, "
            f"text: {{nl: Zin {index}., en: Line {index}.}}}}]\n"
            f"    choices:\n"
            f"      - {{id: a{index}, text: {{nl: Ja., en: Yes.}}, goto: {nxt}, "
            f"feedback: {{nl: Goed., en: Good.}}}}\n"
            f"      - {{id: b{index}, text: {{nl: Verder., en: On.}}, goto: {skip}, "
            f"effects: {{told: not told}}, feedback: {{nl: Ok., en: Ok.}}}}\n"
            f"      - {{id: c{index}, text: {{nl: Stop., en: Stop.}}, goto: end_{'cd'[index % 2]}, "
            f"when: told or intensity == 3, feedback: {{nl: Hm., en: Hm.}}}}\n"
        )
    for name, outcome in (
        ("a", "safe_reported"),
        ("b", "safe_unreported"),
        ("c", "unsafe"),
        ("d", "drawn_in"),
    ):
        parts.append(
            f"  end_{name}:\n    staging: base\n    ending: {{id: end_{name}, outcome: {outcome}, "
            f"summary: {{nl: Einde., en: End.}}, feedback: {{nl: Klaar., en: Done.}}}}\n"
        )
    return "".join(parts)


def measure(path: Path, repeats: int) -> tuple[float, float, int, int]:
    """Best-of-``repeats`` seconds for validate and for the exhaustive test; states; nodes."""
    validate_times, test_times = [], []
    states = nodes = 0
    for _ in range(repeats):
        start = time.perf_counter()
        loaded = load_scenario(path)
        validate_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = explore(loaded.scenario, loaded.logic)
        random_runs(loaded, 100, 1)
        test_times.append(time.perf_counter() - start)
        states, nodes = found.states, len(loaded.scenario.nodes)
    return min(validate_times), min(test_times), states, nodes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1250, 2500, 5000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    car_park = ROOT / "scenarios" / "car_park.yaml"
    rows = [("car_park", *measure(car_park, arguments.repeats))] if car_park.is_file() else []
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "scenes").mkdir()
        (project / "scenarios").mkdir()
        (project / "scenes" / "bench.yaml").write_text(SCENE)
        for size in arguments.sizes:
            path = project / "scenarios" / f"generated_{size}.yaml"
            path.write_text(generated_scenario(size))
            rows.append((f"generated {size}", *measure(path, arguments.repeats)))
    print(
        f"{'scenario':<18}{'nodes':>7}{'states':>8}{'validate s':>12}{'test s':>9}"
        f"{'total s':>9}{'us/node':>9}"
    )
    per_node = []
    for name, validate, test, states, nodes in rows:
        total = validate + test
        per_node.append(total / nodes * 1e6)
        print(
            f"{name:<18}{nodes:>7}{states:>8}{validate:>12.3f}{test:>9.3f}{total:>9.3f}"
            f"{per_node[-1]:>9.1f}"
        )
    generated = per_node[len(rows) - len(arguments.sizes) :]
    if len(generated) > 1:
        spread = max(generated) / min(generated)
        print(
            f"largest/smallest time per node over generated sizes: {spread:.2f} "
            f"(1.0 = perfectly linear; median {statistics.median(generated):.1f} us/node)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
