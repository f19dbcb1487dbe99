"""Lines are spoken where audio works and silent where it does not (render tests)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

p3d = pytest.importorskip("panda3d.core")

from simulator.render.speech import Speech  # noqa: E402
from simulator.scenario.loading import load_scenario  # noqa: E402
from simulator.scenario.voice_files import speech_path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
CAR_PARK = ROOT / "scenarios" / "car_park.yaml"


class FakeSound:
    def __init__(self, length: float) -> None:
        self._length = length
        self.playing = False
        self.time = 0.0
        self.plays: list[float] = []

    def length(self) -> float:
        return self._length

    def play(self) -> None:
        self.playing = True
        self.plays.append(self.time)

    def stop(self) -> None:
        self.playing = False

    def status(self):
        return p3d.AudioSound.PLAYING if self.playing else p3d.AudioSound.READY

    def get_time(self) -> float:
        return 1.25 if self.playing else 0.0

    def set_time(self, seconds: float) -> None:
        self.time = seconds

    def set_3d_min_distance(self, metres: float) -> None:
        self.min_distance = metres

    def set_3d_attributes(self, x, y, z, vx, vy, vz) -> None:
        self.position = (x, y, z)


class FakeAudio:
    """An AudioManager that hands out sounds of a fixed length and remembers them."""

    def __init__(self, length: float = 4.0) -> None:
        self.length = length
        self.loaded: list[str] = []
        self.sounds: list[FakeSound] = []

    def is_valid(self) -> bool:
        return True

    def audio_3d_set_distance_factor(self, factor: float) -> None:
        self.distance_factor = factor

    def audio_3d_set_drop_off_factor(self, factor: float) -> None:
        self.drop_off = factor

    def audio_3d_set_listener_attributes(self, *attributes: float) -> None:
        self.listener = attributes

    def get_sound(self, filename, positional=False) -> FakeSound:
        self.loaded.append(filename.to_os_specific())
        self.sounds.append(FakeSound(self.length))
        return self.sounds[-1]


def test_the_shipped_speech_decodes_in_panda3d_and_has_plausible_lengths():
    manifest = json.loads((ASSETS / "speech" / "car_park" / "manifest.json").read_text())
    loaded = load_scenario(CAR_PARK, explore=False)
    texts = {line.id: line.text for node in loaded.scenario.nodes.values() for line in node.lines}
    for language in ("nl", "en"):
        assert set(manifest["lines"][language]) == set(texts)
        for line_id in ("arrive_ron", sorted(texts)[-1]):
            path = speech_path(ASSETS, "car_park", language, line_id)
            cursor = p3d.MovieAudio.get(p3d.Filename.from_os_specific(str(path))).open()
            assert cursor is not None, path
            assert (cursor.audio_rate(), cursor.audio_channels()) == (16000, 1)
            words = len(texts[line_id][language].split())
            # espeak-ng at 145-170 words a minute, plus pauses at punctuation.
            assert 0.2 * words < cursor.length() < 0.8 * words + 1.5, (path, cursor.length())


def _generated(assets: Path, *line_ids: str) -> None:
    """Stand-ins for files build_speech wrote (a manifest lists them) for scenario ``s``."""
    for line_id in line_ids:
        path = speech_path(assets, "s", "nl", line_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"OggS")
    lines = {"nl": {line_id: {"speaker": "a", "hash": "0"} for line_id in line_ids}}
    (assets / "speech" / "s" / "manifest.json").write_text(json.dumps({"v": 1, "lines": lines}))


def test_without_audio_or_muted_nothing_is_said(tmp_path):
    _generated(tmp_path, "hello")
    assert Speech(None, tmp_path, "s").say("hello", "nl") is None
    audio = FakeAudio()
    assert Speech(audio, tmp_path, "s", muted=True).say("hello", "nl") is None
    assert audio.loaded == []
    speech = Speech(audio, tmp_path, "s")
    assert speech.say("missing", "nl") is None, "a line without a file is only shown"
    assert speech.say("hello", "en") is None, "nor is one without this language"


def test_a_line_plays_is_paused_resumed_and_stopped_by_the_next(tmp_path):
    _generated(tmp_path, "one", "two")
    audio = FakeAudio(length=3.5)
    speech = Speech(audio, tmp_path, "s")
    assert speech.say("one", "nl") == 3.5
    first = audio.sounds[0]
    assert speech.speaking and audio.loaded[0].endswith("nl/one.ogg")
    speech.pause()
    assert not first.playing
    speech.resume()
    assert first.playing and first.plays == [0.0, 1.25], "resumes where it was paused"
    assert speech.say("two", "nl") == 3.5
    assert not first.playing and audio.sounds[1].playing
    speech.stop()
    assert not speech.speaking


def test_the_null_audio_manager_counts_as_no_audio(render_base):
    # The render tests run with audio-library-name null, as offscreen play does.
    manager = render_base.sfxManagerList[0] if render_base.sfxManagerList else None
    speech = Speech(manager, ASSETS, "car_park")
    assert not speech.available
    assert speech.say("arrive_ron", "nl") is None


def test_offscreen_windows_are_silent_and_real_ones_try_openal(monkeypatch, tmp_path):
    from simulator.render.app import WindowOptions, _audio_library

    assert _audio_library(WindowOptions(offscreen=True)) == "null"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    (tmp_path / "pulse").mkdir()
    (tmp_path / "pulse" / "native").touch()
    monkeypatch.setenv("ALSOFT_DRIVERS", "")
    os.environ.pop("ALSOFT_DRIVERS")  # monkeypatch restores the variable afterwards
    assert _audio_library(WindowOptions()) == "p3openal_audio"
    assert os.environ["ALSOFT_DRIVERS"].split(",")[0] == "pulse", "only what is in sight"


@pytest.mark.render
def test_the_player_speaks_each_line_and_keeps_it_up_until_spoken(render_base):
    from simulator.render.app import Player, Presentation
    from simulator.render.hud import StartChoices
    from simulator.session.flow import Phase

    loaded = load_scenario(CAR_PARK, explore=False)
    player = Player(render_base, loaded, Presentation(language="en", ask_at_start=False))
    try:
        assert player.speech.say("arrive_ron", "en") is None  # null audio here: silent
        audio = FakeAudio(length=9.0)
        player.speech = Speech(audio, ASSETS, "car_park")
        player._begin(StartChoices("en", 2, "ABCD-DEF7"))
        flow = player.flow
        first = flow.runner.lines[0]
        assert audio.loaded[-1].endswith(f"en/{first.id}.ogg")
        elapsed = 0.0
        while len(audio.sounds) == 1:
            player._frame(0.5)
            elapsed += 0.5
        assert elapsed >= 9.0, "the next line came before the audio ended"
        assert not audio.sounds[0].playing, "the next line stops the one before"
        flow.toggle_pause()
        assert not audio.sounds[1].playing
        flow.toggle_pause()
        assert audio.sounds[1].playing
        while flow.phase is Phase.LINES:
            flow.skip_line()
            player._frame(0.1)
        assert not any(sound.playing for sound in audio.sounds), "choices: silence"
    finally:
        player.close()


@pytest.mark.render
def test_play_offers_mute():
    import argparse

    from simulator.commands import play

    parser = argparse.ArgumentParser()
    play.add_arguments(parser)
    assert parser.parse_args(["--mute"]).mute is True
    assert parser.parse_args([]).mute is False
