"""Where the session record lives: the data folder, by platform (pure core, record layer).

The order is: an explicit folder (the ``--data DIR`` option), then
``SIMULATOR_DATA``, then the platform's user data folder: ``%APPDATA%\\simulator``
on Windows, ``$XDG_DATA_HOME/simulator`` (default ``~/.local/share/simulator``)
elsewhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from simulator.settings import Settings

__all__ = ["data_dir", "make_private_folder"]


def data_dir(override: str | Path | None = None) -> Path:
    """The folder for the simulator's user data; it is not created here."""
    if override:
        return Path(override).expanduser()
    configured = Settings.from_environment().data
    if configured is not None:
        return configured
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        base = Path(appdata) if appdata else Path.home() / "AppData" / "Roaming"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        # XDG says a relative path in XDG_DATA_HOME is invalid and must be ignored.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "simulator"


def make_private_folder(folder: Path, *, tighten: bool) -> None:
    """Create ``folder`` and each missing folder above it readable only by the owner (0700).

    ``tighten`` also takes group and other access away from an existing
    ``folder`` (the data folder; never a folder the user chose for a report).
    Raises OSError. POSIX modes only; Windows keeps its inherited ACLs.
    """
    missing = [level for level in (folder, *folder.parents) if not level.exists()]
    for level in reversed(missing):
        level.mkdir(mode=0o700, exist_ok=True)
        if os.name != "nt":
            os.chmod(level, 0o700)  # mkdir's mode is reduced by the umask
    if tighten and os.name != "nt" and folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)
