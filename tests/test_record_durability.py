"""A process killed at any moment (SIGKILL) loses no acknowledged choice; its record stays sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from record_helpers import write_loop_scenario
from scenario_helpers import with_python_path

from simulator.record.store import Record, record_file

PLAYER = """\
import random
import sys
from pathlib import Path

from record_helpers import load_loop_scenario

from simulator.session.gaze import GazeSample
from simulator.record.store import Record
from simulator.session.runner import Runner

data, content, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
loaded = load_loop_scenario(content)
with Record.open(data) as record:
    while True:
        session = record.begin(
            trainee="KXSS-222K", scenario=loaded, mode="text", language="nl", intensity=2
        )
        runner = Runner(loaded.scenario, loaded.logic)
        assert session.append(runner.start()).wait(10)
        acknowledged = 0
        while not runner.finished:
            for _ in range(rng.randrange(4)):
                session.append_gaze(
                    GazeSample(t=0.0, heading=rng.uniform(-90, 90), pitch=0.0, looking_at="man_a")
                )
            offered = [choice.id for choice in runner.choices]
            pick = "again" if "again" in offered and rng.random() < 0.9 else rng.choice(offered)
            assert session.append(runner.choose(pick)).wait(10)
            acknowledged += 1
            print(f"ack {session.id} {acknowledged}", flush=True)
        assert session.finish().wait(10)
        print(f"finished {session.id}", flush=True)
"""

ROUNDS = 5
FIRST_ACK_TIMEOUT_S = 60.0


def kill_while_playing(
    player: Path, data: Path, content: Path, seed: int, delay: float
) -> list[str]:
    """Run the player, SIGKILL it ``delay`` seconds after its first acknowledged choice;
    every line it printed before dying."""
    process = subprocess.Popen(
        [sys.executable, str(player), str(data), str(content), str(seed)],
        stdout=subprocess.PIPE,
        text=True,
        env=with_python_path(Path(__file__).parent),
    )
    assert process.stdout is not None
    lines: list[str] = []
    first_ack = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.strip())
            first_ack.set()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        assert first_ack.wait(FIRST_ACK_TIMEOUT_S), "the player never acknowledged a choice"
        time.sleep(delay)
        assert process.poll() is None, f"the player exited early with {process.returncode}"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join()
    return lines


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_killed_player_loses_no_acknowledged_choice(tmp_path: Path) -> None:
    content, data = tmp_path / "content", tmp_path / "data"
    write_loop_scenario(content)
    player = tmp_path / "player.py"
    player.write_text(PLAYER, encoding="utf-8")
    rng = random.Random(20261130)
    acknowledged: dict[int, int] = {}
    finished: set[int] = set()

    for round_ in range(ROUNDS):
        lines = kill_while_playing(player, data, content, seed=round_, delay=rng.uniform(0, 0.4))
        for line in lines:
            word, session, *count = line.split()
            if word == "ack":
                acknowledged[int(session)] = int(count[0])
            elif word == "finished":
                finished.add(int(session))

        with sqlite3.connect(record_file(data)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
        with Record.open(data) as record:
            for session_id, count in acknowledged.items():
                info = record.session(session_id)
                assert info.choices >= count, f"session {session_id} lost acknowledged choices"
            for info in record.sessions():
                events = record.events(info.id)
                assert [event.seq for event in events] == list(range(len(events)))
                reached_an_end = bool(events) and events[-1].kind == "ending_reached"
                assert info.status == ("ended" if reached_an_end else "interrupted")
                assert info.id not in finished or info.status == "ended"
                if info.status == "interrupted" and events:
                    assert record.resume_point(info.id).node in ("talk", "after")

    assert len(acknowledged) >= ROUNDS
    assert sum(acknowledged.values()) > ROUNDS
