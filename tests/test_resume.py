"""An interrupted session continues where it stopped: `simulator play --resume SESSION`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cli_helpers import simulator

from simulator.record.store import Record

ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).parent / "fixtures" / "rules" / "scenarios" / "valid.yaml"


def interrupted_session(data: Path) -> None:
    """Play one choice in the terminal, then the process is killed (a crash, a power cut)."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulator",
            "play",
            str(VALID),
            "--text",
            "--lang",
            "en",
            "--intensity",
            "3",
            "--trainee",
            "RESS-222T",
            "--data",
            str(data),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdin is not None
    process.stdin.write("2\n")  # freeze: pressure + 1, on to 'pressed'
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with Record.open(data) as record:
            if [e.kind for e in record.events(1)].count("choice_made") == 1:
                break
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_an_interrupted_session_resumes_at_its_node_with_its_variables(tmp_path: Path) -> None:
    data = tmp_path / "data"
    interrupted_session(data)
    with Record.open(data) as record:
        assert record.session(1).status == "interrupted"

    result = simulator(
        "play", str(VALID), "--text", "--resume", "1", "--data", str(data), stdin="1\n1\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Resuming session 1 for trainee RESS-222T." in result.stderr
    # 'pressed' offers negotiate only because pressure was carried over from before the crash.
    assert "  2. Discuss the file." in result.stdout
    assert "== Ending: Safe and reported ==" in result.stdout
    with Record.open(data) as record:
        info = record.session(1)
        kinds = [event.kind for event in record.events(1)]
    assert (info.status, info.ending, info.intensity) == ("ended", "reported", 3)
    assert kinds.count("choice_made") == 3


def test_only_an_interrupted_session_can_be_resumed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert (
        simulator("play", str(VALID), "--text", "--data", str(data), stdin="1\n1\n").returncode == 0
    )
    result = simulator("play", "--text", "--resume", "1", "--data", str(data))
    assert result.returncode == 2
    assert "session 1 is ended; only an interrupted session can be resumed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
