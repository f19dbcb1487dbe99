"""Voices come from the speaker, fall off with distance, turn with the head; --mute is silent
(render tests; the levels are measured from real OpenAL writing what it plays to a file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

p3d = pytest.importorskip("panda3d.core")

from simulator.render.speech import Speech  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CAPTURE = Path(__file__).with_name("openal_capture.py")
RATE = 16_000


@pytest.fixture(scope="module")
def tone_assets(tmp_path_factory) -> Path:
    """A project's assets with one generated line ``tone`` of scenario ``s``: a second of
    a 440 Hz tone."""
    assets = tmp_path_factory.mktemp("assets")
    folder = assets / "speech" / "s" / "nl"
    folder.mkdir(parents=True)
    tone = 0.3 * np.sin(2 * np.pi * 440 * np.arange(RATE) / RATE)
    with wave.open(str(folder / "tone.ogg.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.round(tone * 32767).astype("<i2").tobytes())
    (folder / "tone.ogg.wav").rename(folder / "tone.wav")
    return assets


def _levels(assets: Path, tmp_path: Path, where: str, heading: float = 0.0, *flags) -> list[float]:
    """Left and right RMS of what OpenAL played for the line from ``where`` (x,y,z or ear)."""
    capture = tmp_path / f"capture-{where}-{heading}.wav"
    config = tmp_path / "alsoft.conf"
    config.write_text(
        "[general]\ndrivers = wave\nchannels = stereo\nsample-type = int16\nhrtf = false\n"
        f"[wave]\nfile = {capture}\n"
    )
    environment = dict(os.environ, ALSOFT_CONF=str(config), ALSOFT_LOGLEVEL="0")
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), environment.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, str(CAPTURE), str(assets), str(capture), where, str(heading), *flags],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.render
def test_a_voice_falls_off_with_distance_and_comes_from_its_side(tone_assets, tmp_path):
    near = _levels(tone_assets, tmp_path, "0,1,1.6")
    far = _levels(tone_assets, tmp_path, "0,4,1.6")
    right = _levels(tone_assets, tmp_path, "1,0,1.6")
    assert sum(near) > 0.01, "the line was heard"
    # Inverse distance beyond one metre: four times as far is a quarter of the level.
    assert sum(far) / sum(near) == pytest.approx(0.25, rel=0.2)
    assert right[1] > 10 * right[0], "a voice to the right is heard in the right ear"
    turned = _levels(tone_assets, tmp_path, "1,0,1.6", 180.0)
    assert turned[0] > 10 * turned[1], "the listener follows the head: turned, it is on the left"


@pytest.mark.render
def test_mute_plays_nothing(tone_assets, tmp_path):
    assert max(_levels(tone_assets, tmp_path, "ear", 0.0, "--mute")) < 1e-4
    assert max(_levels(tone_assets, tmp_path, "ear")) > 0.01


@pytest.mark.render
def test_a_line_comes_from_the_mouth_of_its_speaker(render_base):
    from test_speech import FakeAudio

    from simulator.render.app import Player, Presentation
    from simulator.render.hud import StartChoices
    from simulator.scenario.loading import load_scenario

    loaded = load_scenario(ROOT / "scenarios" / "car_park.yaml", explore=False)
    player = Player(render_base, loaded, Presentation(language="en", ask_at_start=False))
    try:
        audio = FakeAudio(length=2.0)
        player.speech = Speech(
            audio, ROOT / "assets", "car_park", root=player.world, listener=render_base.camera
        )
        player._begin(StartChoices("en", 2, "ABCD-DEF7"))
        speakers = {
            line.id: line.speaker for node in loaded.scenario.nodes.values() for line in node.lines
        }
        spoken = []
        for _ in range(40):
            heard = len(audio.sounds)
            player.flow.skip_line()
            player._frame(0.1)
            if len(audio.sounds) == heard:
                continue
            speaker = speakers[Path(audio.loaded[-1]).stem]
            if speaker not in player.stage_view.people:
                continue
            spoken.append(speaker)
            mouth = player.stage_view.people[speaker].mouth.get_pos(player.world)
            assert player.speech.source_position() == mouth
            assert audio.sounds[-1].position == pytest.approx(tuple(mouth), abs=1e-4)
            head = player.stage_view.head_of(speaker)
            assert (mouth - head).length() < 0.2, "the voice comes from the head"
            assert mouth.z < head.z, "below the eyes"
        assert spoken, "an actor spoke"
        camera = render_base.camera.get_pos(player.world)
        assert audio.listener[:3] == pytest.approx(tuple(camera), abs=1e-4)
    finally:
        player.close()
