"""Where the simulator keeps its user data (the session record), by platform (pure core).

The order is: an explicit folder (the ``--data DIR`` option), then the
``SIMULATOR_DATA`` environment variable, then the platform's user data folder:
``%APPDATA%\\simulator`` on Windows, ``$XDG_DATA_HOME/simulator`` (default
``~/.local/share/simulator``) elsewhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["DATA_ENV", "data_dir"]

DATA_ENV = "SIMULATOR_DATA"
"""Environment variable naming the data folder when ``--data`` is not given."""


def data_dir(override: str | Path | None = None) -> Path:
    """The folder for the simulator's user data; it is not created here."""
    if override:
        return Path(override).expanduser()
    from_environment = os.environ.get(DATA_ENV)
    if from_environment:
        return Path(from_environment).expanduser()
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        base = Path(appdata) if appdata else Path.home() / "AppData" / "Roaming"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        # XDG says a relative path in XDG_DATA_HOME is invalid and must be ignored.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "simulator"
