"""Spoken lines: pre-rendered audio played through Panda3D's audio, or silence (render).

``tools/build_speech.py`` renders every line of a scenario offline to
``assets/speech/<scenario>/<language>/<line id>.ogg``. ``Speech`` plays the file of
a line when there is one and the window's audio manager works; with no sound
device (Panda3D then falls back to its null manager), no file, or ``muted``,
``say`` returns None and nothing is heard. Nothing here raises for missing audio.
"""

from __future__ import annotations

import logging
from pathlib import Path

import panda3d.core as p3d

__all__ = ["SPEECH_SUFFIX", "Speech", "speech_path"]

log = logging.getLogger(__name__)

SPEECH_SUFFIX = ".ogg"


def speech_path(assets: Path, scenario_id: str, language: str, line_id: str) -> Path:
    """Where the audio of one line in one language lives."""
    return Path(assets) / "speech" / scenario_id / language / f"{line_id}{SPEECH_SUFFIX}"


class Speech:
    """Speaks one line at a time for one scenario through ``manager`` (an AudioManager or None)."""

    def __init__(
        self,
        manager: p3d.AudioManager | None,
        assets: Path,
        scenario_id: str,
        *,
        muted: bool = False,
    ) -> None:
        self.manager = manager if manager is not None and manager.is_valid() else None
        """None when there is no working audio: every ``say`` is silent."""
        if self.manager is None and not muted:
            log.warning("no working audio: the lines are shown as subtitles only")
        self.assets = Path(assets)
        self.scenario_id = scenario_id
        self.muted = muted
        self._sound: p3d.AudioSound | None = None
        self._paused_at: float | None = None

    @property
    def available(self) -> bool:
        """True when lines can be heard (a working audio manager and not muted)."""
        return self.manager is not None and not self.muted

    def say(self, line_id: str, language: str) -> float | None:
        """Stop any line being spoken and speak this one; its length in seconds, or None."""
        self.stop()
        if not self.available:
            return None
        path = speech_path(self.assets, self.scenario_id, language, line_id)
        if not path.is_file():
            log.debug("no recording of line %s: %s", line_id, path)
            return None
        assert self.manager is not None
        sound = self.manager.get_sound(p3d.Filename.from_os_specific(str(path)), False)
        length = sound.length()
        if length <= 0:  # a null sound: the manager could not decode or play it
            return None
        sound.play()
        self._sound = sound
        return float(length)

    @property
    def speaking(self) -> bool:
        return self._sound is not None and self._sound.status() == p3d.AudioSound.PLAYING

    def pause(self) -> None:
        """Hold the line where it is (the session is paused)."""
        if self._sound is not None and self._paused_at is None:
            self._paused_at = self._sound.get_time()
            self._sound.stop()

    def resume(self) -> None:
        """Go on from where ``pause`` held the line."""
        if self._sound is not None and self._paused_at is not None:
            self._sound.set_time(self._paused_at)
            self._sound.play()
        self._paused_at = None

    def stop(self) -> None:
        """Stop speaking (the line was skipped or cleared)."""
        if self._sound is not None:
            self._sound.stop()
        self._sound = None
        self._paused_at = None
