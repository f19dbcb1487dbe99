"""How fast the record commits an event, and how long a group debrief of 30 sessions takes.

Run with ``python benchmarks/bench_debrief.py``. The record part plays the car
park with random choices through a Runner and times each ``append(...).wait()``
(one Runner step, committed with fsync in WAL mode, as play does before showing
the next node), with and without statements queued for an LRS. The debrief part
reads 30 recorded sessions back and builds the group page (and one session's
page). Timings on shared machines are noisy: compare within one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from simulator.interop.xapi import XapiForwarding, XapiSettings
from simulator.record.store import Record
from simulator.record.trace import trace_from_record
from simulator.report.debrief import group_debrief_html, session_debrief_html
from simulator.scenario.loading import load_scenario
from simulator.session.runner import Runner

ROOT = Path(__file__).resolve().parent.parent
TRAINEES = ["K7QM-24X3", "AB2C-CD35", "EF4G-GH59", "JK6M-M77Z", "NP8Q-QR9T", "ST2V-V33D"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def play_sessions(
    record: Record, loaded, count: int, seed: int, forward: XapiForwarding | None
) -> list[float]:  # type: ignore[no-untyped-def]
    """Play ``count`` random sessions; the seconds each step's commit took, one per step."""
    chance = random.Random(seed)
    latencies: list[float] = []
    for number in range(count):
        runner = Runner(loaded.scenario, loaded.logic, intensity=chance.choice((1, 2, 3)))
        session = record.begin(
            trainee=TRAINEES[number % len(TRAINEES)],
            scenario=loaded,
            mode="text",
            language="nl",
            intensity=runner.intensity,
            forward=forward,
        )
        steps = [runner.start()]
        while not runner.finished:
            steps.append(runner.choose(chance.choice(runner.choices).id))
        for events in steps:
            began = time.perf_counter()
            session.append(events).wait(30)
            latencies.append(time.perf_counter() - began)
        session.finish().wait(30)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5, help="group debrief builds to time")
    arguments = parser.parse_args()
    loaded = load_scenario(ROOT / "scenarios" / "car_park.yaml", explore=False)
    with tempfile.TemporaryDirectory() as folder:
        with Record.open(Path(folder) / "plain") as record:
            plain = play_sessions(record, loaded, arguments.sessions, 1, None)
        forward = XapiForwarding("http://lrs.invalid/xAPI/statements", XapiSettings())
        with Record.open(Path(folder) / "lrs") as record:
            queued = play_sessions(record, loaded, arguments.sessions, 1, forward)
        print(f"record commit per Runner step ({len(plain)} commits, fsync, WAL):")
        for label, values in (("record only", plain), ("with LRS outbox", queued)):
            ms = [v * 1000 for v in values]
            print(
                f"  {label:16} p50 {statistics.median(ms):6.2f} ms   "
                f"p99 {percentile(ms, 0.99):6.2f} ms   max {max(ms):6.2f} ms"
            )

        with Record.open(Path(folder) / "plain") as record:
            timings = []
            for _ in range(arguments.repeat):
                began = time.perf_counter()
                sessions = record.sessions(scenario="car_park")
                traces = [trace_from_record(s, record.events(s.id)) for s in sessions]
                page = group_debrief_html(traces, {"car_park": loaded.scenario}, language="nl")
                timings.append(time.perf_counter() - began)
            began = time.perf_counter()
            single = session_debrief_html(traces[0], loaded.scenario)
            one = time.perf_counter() - began
        print(
            f"group debrief of {len(traces)} sessions (read + build): "
            f"median {statistics.median(timings) * 1000:.0f} ms, "
            f"best {min(timings) * 1000:.0f} ms ({len(page) // 1024} KiB)"
        )
        print(f"one session's debrief page: {one * 1000:.0f} ms ({len(single) // 1024} KiB)")


if __name__ == "__main__":
    main()
