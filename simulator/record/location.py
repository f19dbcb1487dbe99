"""Where the simulator keeps its files on this machine: the data and log folders (record layer).

The data folder (the session record, debriefs, ``lrs.toml``) is, in order: an
explicit folder (the ``--data DIR`` option), then ``SIMULATOR_DATA``, then the
platform's user data folder as platformdirs knows it:
``$XDG_DATA_HOME/simulator`` (default ``~/.local/share/simulator``) on Linux,
``~/Library/Application Support/simulator`` on macOS and the local (not
roaming) ``%LOCALAPPDATA%\\simulator`` on Windows. On macOS and Windows a
folder that version 0.1 made (``~/.local/share/simulator``,
``%APPDATA%\\simulator``) is kept while the new one does not exist, so an
upgrade finds its record.

The log folder is ``SIMULATOR_LOG_DIR``, else the platform's user log folder
(``~/.local/state/simulator/log`` on Linux, ``~/Library/Logs/simulator`` on
macOS, ``%LOCALAPPDATA%\\simulator\\Logs`` on Windows).

Nothing is created here but by ``make_private_folder``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from simulator.settings import Settings

__all__ = ["APP_NAME", "data_dir", "log_dir", "make_private_folder"]

APP_NAME = "simulator"
"""The folder name under the platform's user folders."""


def data_dir(override: str | Path | None = None) -> Path:
    """The folder for the simulator's user data."""
    if override:
        return Path(override).expanduser()
    configured = Settings.from_environment().data
    if configured is not None:
        return configured
    folder = Path(_platform_folders().user_data_dir)
    earlier = _data_folder_of_version_0_1()
    if earlier is not None and not folder.exists() and earlier.is_dir():
        return earlier
    return folder


def log_dir() -> Path:
    """The folder for the simulator's log files."""
    configured = Settings.from_environment().logs
    return configured if configured is not None else Path(_platform_folders().user_log_dir)


def _platform_folders(*, roaming: bool = False) -> platformdirs.api.PlatformDirsABC:
    """The user's folders for the simulator on this platform (no author level on Windows)."""
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False, roaming=roaming)


def _data_folder_of_version_0_1() -> Path | None:
    """Where version 0.1 kept the data on macOS and Windows; None elsewhere (unchanged)."""
    if sys.platform == "win32":
        return Path(_platform_folders(roaming=True).user_data_dir)
    if sys.platform == "darwin":
        return Path.home() / ".local" / "share" / APP_NAME
    return None


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
