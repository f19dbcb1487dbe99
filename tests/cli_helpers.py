"""Running the `simulator` command as a user does: a separate process, its output as text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def simulator(*arguments: str, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``python -m simulator ARGUMENTS`` in ``cwd`` with this environment, two minutes at most."""
    return subprocess.run(
        [sys.executable, "-m", "simulator", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
