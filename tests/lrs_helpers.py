"""Ralph (ralph-malph from PyPI) in its own virtual environment: xAPI statement validation
against its pydantic models, and its LRS server on loopback, for the xAPI and LRS tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LRS_VENV = Path(os.environ.get("SIMULATOR_TEST_LRS_VENV", ROOT / ".venv-lrs"))
USER, PASSWORD = "station-7", "correct horse battery staple"

_VALIDATE = """
import json, sys
from ralph.models.xapi.base.statements import BaseXapiStatement
errors = []
for index, statement in enumerate(json.load(sys.stdin)):
    try:
        BaseXapiStatement.model_validate(statement)
    except Exception as error:
        errors.append(f"{index}: {error}")
print(json.dumps(errors))
"""

# Ralph 5.1.0's file-system LRS backend writes with operation type CREATE, which refuses
# to touch an existing file: only the first POST to a fresh server is stored, every later
# one fails with 500. The server below is Ralph's own API app (ralph.api:app) with that
# backend set to APPEND, run by uvicorn in one process (runserver adds a reloader whose
# module reload would undo the setting).
_SERVER = """
import sys, uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def lrs_python() -> Path:
    """The Python of the Ralph environment, set up on first use; skips the test without it."""
    python = LRS_VENV / "bin" / "python"
    if not (LRS_VENV / "bin" / "ralph").exists():
        try:
            subprocess.run(
                ["sh", str(ROOT / "tools" / "ensure_lrs_venv.sh"), sys.executable, str(LRS_VENV)],
                check=True,
                capture_output=True,
                timeout=600,
            )
        except (subprocess.SubprocessError, OSError) as error:
            pytest.skip(f"Ralph (ralph-malph) could not be installed in {LRS_VENV}: {error}")
    return python


def ralph_errors(statements: list[dict[str, Any]]) -> list[str]:
    """What Ralph's xAPI models say is wrong with each statement (empty: all valid)."""
    result = subprocess.run(
        [str(lrs_python()), "-c", _VALIDATE],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RalphServer:
    """A Ralph LRS on loopback with a file-system store; can be stopped and started again on
    the same port and store (an LRS going down and coming back)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.endpoint = f"{self.url}/xAPI/"
        """Ralph's xAPI endpoint, as an LRS's documentation gives it (statements below it)."""
        self._process: subprocess.Popen[bytes] | None = None
        (folder / "store").mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "store"),
        }
        subprocess.run(
            [str(lrs_python().parent / "ralph"), "auth", "-u", USER, "-p", PASSWORD]
            + ["-s", "all", "-M", "mailto:lrs-admin@example.org", "-w"],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> RalphServer:
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 (the child owns it)
        self._process = subprocess.Popen(
            [str(lrs_python()), "-c", _SERVER, str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"Ralph exited: {(self.folder / 'server.log').read_text()}")
            try:
                urllib.request.urlopen(f"{self.url}/__heartbeat__", timeout=1).close()
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Ralph did not answer within 60 s")

    def stop(self) -> None:
        if self._process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGTERM)
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(10)
        self._process = None

    def statements(self) -> list[dict[str, Any]]:
        """Every statement stored, straight from the store file (no API in between)."""
        store = self.folder / "store" / "fs_lrs.jsonl"
        if not store.exists():
            return []
        return [json.loads(line) for line in store.read_text("utf-8").splitlines() if line]
