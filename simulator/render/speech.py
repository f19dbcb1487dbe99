"""Spoken lines, heard from where the speaker is, through Panda3D's audio (render).

``tools/build_speech.py`` renders every line of a scenario offline to
``assets/speech/<scenario>/<language>/<line id>.ogg``; a voice actor's recording dropped in
beside it (``simulator.scenario.voice_files``) replaces it and is played at one loudness
(``loudness.normalised``). ``Speech.say`` plays a line from a ``source`` node (a speaker's
mouth, the phone on the desk) as positional sound: ``update`` moves it with the source and
the listener with the trainee's head each frame, so a voice falls off with distance
(inverse distance beyond one metre) and turns with the head. Without a source the line is
heard at the ear (the narrator, the trainee's own phone). With no sound device (Panda3D then
falls back to its null manager), no file, or ``muted``, ``say`` returns None and nothing is
heard. Nothing here raises for missing audio.
"""

from __future__ import annotations

import logging
from pathlib import Path

import panda3d.core as p3d

from simulator.render import loudness
from simulator.scenario.voice_files import SpeechFiles

__all__ = ["REFERENCE_DISTANCE", "Speech"]

log = logging.getLogger(__name__)

REFERENCE_DISTANCE = 1.0
"""Metres within which a voice is heard at full level; it halves with each doubling beyond."""


class Speech:
    """Speaks one line at a time for one scenario through ``manager`` (an AudioManager or None).

    ``root`` is the space positions are taken in (the world) and ``listener`` the node that
    hears (the camera, or the headset's head); both may be None for voices at the ear only.
    """

    def __init__(
        self,
        manager: p3d.AudioManager | None,
        assets: Path,
        scenario_id: str,
        *,
        muted: bool = False,
        root: p3d.NodePath | None = None,
        listener: p3d.NodePath | None = None,
    ) -> None:
        self.manager = manager if manager is not None and manager.is_valid() else None
        """None when there is no working audio: every ``say`` is silent."""
        if self.manager is None and not muted:
            log.warning("no working audio: the lines are shown as subtitles only")
        if self.manager is not None:
            self.manager.audio_3d_set_distance_factor(1.0)  # scene units are metres
            self.manager.audio_3d_set_drop_off_factor(1.0)
        self.files = SpeechFiles(assets, scenario_id)
        self.muted = muted
        self.root = root
        self.listener = listener
        self._sound: p3d.AudioSound | None = None
        self._source: p3d.NodePath | None = None
        self._copy: p3d.Filename | None = None
        self._paused_at: float | None = None

    @property
    def available(self) -> bool:
        """True when lines can be heard (a working audio manager and not muted)."""
        return self.manager is not None and not self.muted

    def say(self, line_id: str, language: str, source: p3d.NodePath | None = None) -> float | None:
        """Stop any line being spoken and speak this one from ``source`` (None: at the ear);
        its length in seconds, or None when nothing is heard."""
        self.stop()
        if not self.available:
            return None
        audio = self.files.audio(language, line_id)
        if audio is None:
            log.debug("no audio of line %s in %s", line_id, language)
            return None
        assert self.manager is not None
        positional = source is not None and self.root is not None
        if audio.recorded:
            try:
                name, _ = loudness.normalised(audio.path)
            except ValueError as error:
                log.warning("recording of line %s not played: %s", line_id, error)
                return None
            self._copy = name
        else:
            name = p3d.Filename.from_os_specific(str(audio.path))
        sound = self.manager.get_sound(name, positional)
        length = sound.length()
        if length <= 0:  # a null sound: the manager could not decode or play it
            self.stop()
            return None
        if positional:
            sound.set_3d_min_distance(REFERENCE_DISTANCE)
        self._sound, self._source = sound, source if positional else None
        self.update()
        sound.play()
        return float(length)

    def update(self) -> None:
        """Put the listener at the head and the line at its source; call once a frame."""
        if self.manager is None or self.root is None:
            return
        if self.listener is not None:
            pos = self.listener.get_pos(self.root)
            quat = self.listener.get_quat(self.root)
            forward, up = quat.get_forward(), quat.get_up()
            self.manager.audio_3d_set_listener_attributes(
                pos.x, pos.y, pos.z, 0, 0, 0, forward.x, forward.y, forward.z, up.x, up.y, up.z
            )
        if self._sound is not None and self._source is not None and not self._source.is_empty():
            here = self._source.get_pos(self.root)
            self._sound.set_3d_attributes(here.x, here.y, here.z, 0, 0, 0)

    def source_position(self) -> p3d.LPoint3f | None:
        """Where the line being spoken comes from (``root``'s space); None at the ear."""
        if self._source is None or self.root is None or self._source.is_empty():
            return None
        return self._source.get_pos(self.root)

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
        if self._copy is not None and self.manager is not None:
            self.manager.uncache_sound(self._copy)
            loudness.forget(self._copy)
        self._sound = self._source = self._copy = None
        self._paused_at = None
