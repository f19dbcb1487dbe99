"""The hostile corpus (tests/hostile/corpus.py) is refused case by case: one clear message,
no traceback, no hang, the broken file named with its line, and nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hostile.corpus import Case, cases

from simulator.cli import EXIT_BUG

TIME_LIMIT_S = 10.0
"""A case that takes longer counts as a hang (the issue's limit)."""
WORKER = Path(__file__).parent / "hostile" / "worker.py"

pytestmark = pytest.mark.slow


class Worker:
    """One ``hostile/worker.py`` process; replaced after a case it had to be killed for."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)},
        )
        self.replies: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.replies.put(line)

    def run(self, request: dict) -> dict | None:
        """The case's reply, or None when it ran past the time limit (the worker is killed)."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        try:
            return json.loads(self.replies.get(timeout=TIME_LIMIT_S))
        except queue.Empty:
            self.process.kill()
            self.process.wait()
            return None

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) and a hash of its content."""
    return {
        str(path.relative_to(folder)): (
            f"link to {os.readlink(path)}"
            if path.is_symlink()
            else hashlib.sha256(path.read_bytes()).hexdigest()
        )
        for path in sorted(folder.rglob("*"))
        if path.is_symlink() or path.is_file()
    }


def _faults(case: Case, reply: dict | None, before: dict, after: dict) -> list[str]:
    if reply is None:
        return [f"still running after {TIME_LIMIT_S:.0f} s"]
    output = reply["stdout"] + reply["stderr"]
    faults = []
    if reply["code"] == "traceback" or "Traceback (most recent call last)" in output:
        faults.append("traceback: " + reply["stderr"].strip().splitlines()[-1][:200])
    elif reply["code"] == EXIT_BUG:
        faults.append("unexpected error (a bug): " + reply["stderr"].strip()[:200])
    elif reply["code"] not in (1, 2):
        faults.append(f"accepted (exit code {reply['code']})")
    if case.names_file is not None:
        name = re.escape(Path(case.names_file).name)
        pattern = rf"{name}:\d+" if case.with_line else name
        if not re.search(pattern, reply["stderr"]):
            faults.append(f"the message does not name {case.names_file}: {reply['stderr'][:200]!r}")
    elif not reply["stderr"].strip():
        faults.append("refused without a message")
    changed = {path for path in before.keys() & after.keys() if before[path] != after[path]} | (
        before.keys() - after.keys()
    )
    if changed:
        faults.append(f"changed or deleted {sorted(changed)}")
    return faults


def test_every_hostile_input_is_refused_clearly_and_changes_nothing(tmp_path: Path) -> None:
    corpus = list(cases())
    assert len(corpus) >= 200
    assert {case.kind for case in corpus} >= {
        "yaml",
        "encoding",
        "value",
        "expression",
        "scene",
        "model",
        "plan",
        "lrs",
        "argument",
        "record",
    }
    worker = Worker()
    failures = []
    try:
        for index, case in enumerate(corpus):
            folder = tmp_path / f"{index:03d}-{case.name}"
            case.build(folder)
            before = _fingerprint(folder)
            environment = {
                "SIMULATOR_DATA": str(folder / "data"),
                "SIMULATOR_LRS_CONFIG": str(folder / "data" / "lrs.toml"),
                "HOME": str(folder),
            }
            reply = worker.run({"cwd": str(folder), "env": environment, "argv": case.argv})
            if reply is None:
                worker = Worker()
            after = _fingerprint(folder)
            failures += [f"{case.name}: {fault}" for fault in _faults(case, reply, before, after)]
    finally:
        worker.close()
    assert failures == [], f"{len(failures)} of {len(corpus)} cases:\n" + "\n".join(failures)
