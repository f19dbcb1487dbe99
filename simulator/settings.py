"""The simulator's settings from the environment: every ``SIMULATOR_*`` variable, in one place.

Each field names its variable and says what it does; ``ENVIRONMENT`` lists them
for the README and ``--help`` texts. Read once where needed with
``Settings.from_environment()``; nothing here is read at import time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

__all__ = ["ENVIRONMENT", "Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """What the environment says; None where a variable is unset or empty."""

    data: Path | None = None
    """``SIMULATOR_DATA``: the folder of the session record (default: the user data folder)."""
    content: Path | None = None
    """``SIMULATOR_CONTENT``: the folder holding scenarios/, scenes/ and assets/."""
    logs: Path | None = None
    """``SIMULATOR_LOG_DIR``: the folder of the log files (default: the user log folder)."""
    lrs_user: str | None = None
    """``SIMULATOR_LRS_USER``: the user name for the Learning Record Store."""
    lrs_password: str | None = None
    """``SIMULATOR_LRS_PASSWORD``: the password for the Learning Record Store."""
    lrs_config: Path | None = None
    """``SIMULATOR_LRS_CONFIG``: a 0600 TOML file with the LRS credentials (default:
    ``lrs.toml`` in the data folder)."""
    xapi_home_page: str | None = None
    """``SIMULATOR_XAPI_HOMEPAGE``: the xAPI account home page the trainee codes belong to."""
    xapi_base: str | None = None
    """``SIMULATOR_XAPI_BASE``: the IRI under which the xAPI statements' scenario, node and
    extension ids, and the simulator's own activity types, are minted."""
    locale: Path | None = None
    """``SIMULATOR_LOCALE``: a folder of interface translations (``<lang>.po``), searched
    before the package's own."""
    volume: str | None = None
    """``SIMULATOR_VOLUME``: the sound level in the 3D modes, 0 to 100 per cent (default 100;
    ``play --volume`` sets it for one session)."""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings in ``environ`` (default: this process's environment)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for variable, name in ENVIRONMENT.items():
            text = environ.get(variable)
            if text:
                values[name] = Path(text).expanduser() if name in _PATHS else text
        return cls(**values)  # type: ignore[arg-type]


ENVIRONMENT: dict[str, str] = {
    "SIMULATOR_DATA": "data",
    "SIMULATOR_CONTENT": "content",
    "SIMULATOR_LOG_DIR": "logs",
    "SIMULATOR_LRS_USER": "lrs_user",
    "SIMULATOR_LRS_PASSWORD": "lrs_password",
    "SIMULATOR_LRS_CONFIG": "lrs_config",
    "SIMULATOR_XAPI_HOMEPAGE": "xapi_home_page",
    "SIMULATOR_XAPI_BASE": "xapi_base",
    "SIMULATOR_LOCALE": "locale",
    "SIMULATOR_VOLUME": "volume",
}
"""Each environment variable and the ``Settings`` field it sets."""

_PATHS = {field.name for field in fields(Settings) if "Path" in str(field.type)}
