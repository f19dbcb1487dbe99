"""Spoken lines: each speaker's voice, idempotent rendering, and shipped speech kept up to date."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
sys.path.insert(0, str(ROOT / "tools"))

import build_speech  # noqa: E402
import numpy as np  # noqa: E402
import speech_channels  # noqa: E402

from simulator.scenario.loading import load_scenario  # noqa: E402
from simulator.scenario.voice_files import speech_path  # noqa: E402

needs_espeak = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("oggenc")),
    reason="needs espeak-ng and oggenc (apt-get install espeak-ng vorbis-tools)",
)


def test_men_speak_lower_than_women_and_every_speaker_has_a_voice_of_their_own():
    loaded = load_scenario(ROOT / "scenarios" / "car_park.yaml", explore=False)
    voices = build_speech.voices_for(loaded)
    assert set(voices) == {"narrator", *loaded.scenario.cast, *loaded.scenario.voices}
    on_stage = {speaker: voice for speaker, voice in voices.items() if voice.channel is None}
    assert len(set(on_stage.values())) == len(on_stage), "two speakers share a voice"
    bodies = {actor: loaded.scene.actors[actor].body for actor in loaded.scenario.cast}
    men = [voices[a].pitch for a, body in bodies.items() if body == "man"]
    women = [voices[a].pitch for a, body in bodies.items() if body == "woman"]
    assert men and women
    assert max(men) < voices["narrator"].pitch < min(women)


RATE = 16_000


def _share_of_energy(samples: np.ndarray, low: float, high: float) -> float:
    """The part of the signal's energy between ``low`` and ``high`` Hz."""
    power = np.abs(np.fft.rfft(samples)) ** 2
    frequencies = np.fft.rfftfreq(len(samples), 1.0 / RATE)
    return float(power[(frequencies >= low) & (frequencies < high)].sum() / power.sum())


@pytest.mark.parametrize(
    ("channel", "kept", "lost", "most_lost"),
    [
        ("phone", (300, 3400), [(0, 200), (4500, 8000)], 0.02),
        ("door", (60, 700), [(1400, 8000)], 0.02),
        ("radio", (500, 2800), [(0, 300)], 0.02),
    ],
)
def test_each_channel_keeps_its_band_and_takes_the_rest_away(channel, kept, lost, most_lost):
    noise = 0.3 * np.random.default_rng(1).standard_normal(2 * RATE)
    heard = speech_channels.treat(noise, RATE, channel)
    assert len(heard) == len(noise) and np.max(np.abs(heard)) <= 0.9 + 1e-9
    assert _share_of_energy(heard, *kept) > 0.7
    for band in lost:
        assert _share_of_energy(heard, *band) < most_lost, (channel, band)
    again = speech_channels.treat(noise, RATE, channel)
    assert np.array_equal(heard, again), "a line renders to the same samples every time"


def test_an_unknown_channel_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown channel 'tv'; expected one of phone"):
        speech_channels.treat(np.zeros(100), RATE, "tv")


VOICES = """\
voices:
  caller: {name: {nl: Beller, en: Caller}, channel: phone, of: man_a}
  stranger: {name: {nl: Stem achter de deur, en: Voice behind the door}, channel: door}
"""


def _with_voices(project: Path) -> Path:
    """The project's valid scenario with two voices not on stage, each speaking a line."""
    scenario = project / "scenarios" / "valid.yaml"
    text = scenario.read_text().replace("variables:", VOICES + "variables:", 1)
    text = text.replace(
        "      - {id: hello, speaker: man_a,",
        "      - {id: ring, speaker: caller, text: {nl: Hallo?, en: Hello?}}\n"
        "      - {id: knock, speaker: stranger, text: {nl: Doe open., en: Open up.}}\n"
        "      - {id: hello, speaker: man_a,",
        1,
    )
    scenario.write_text(text)
    return scenario


def test_a_voice_not_on_stage_speaks_as_its_actor_or_with_a_voice_of_its_own(project: Path):
    loaded = load_scenario(_with_voices(project), explore=False)
    voices = build_speech.voices_for(loaded)
    assert voices["caller"].channel == "phone" and voices["stranger"].channel == "door"
    assert (voices["caller"].variant, voices["caller"].pitch) == (
        voices["man_a"].variant,
        voices["man_a"].pitch,
    )
    own = [voices[speaker] for speaker in ("narrator", "man_a")]
    assert all(voices["stranger"].variant != voice.variant for voice in own)


@needs_espeak
def test_a_phone_line_is_heard_in_the_telephone_band(project: Path, tmp_path: Path):
    import subprocess
    import wave

    scenario = _with_voices(project)
    build_speech.build(scenario, project / "assets", log=lambda _: None)

    def decoded(line_id: str) -> np.ndarray:
        ogg = speech_path(project / "assets", "valid", "en", line_id)
        wav = tmp_path / f"{line_id}.wav"
        subprocess.run(["oggdec", "-Q", "-o", str(wav), str(ogg)], check=True)
        with wave.open(str(wav), "rb") as source:
            frames = source.readframes(source.getnframes())
        return np.frombuffer(frames, dtype="<i2").astype(np.float64)

    on_stage, on_phone = decoded("hello"), decoded("ring")
    assert _share_of_energy(on_stage, 0, 250) > 5 * _share_of_energy(on_phone, 0, 250)
    assert _share_of_energy(on_phone, 300, 3400) > 0.9


def test_the_shipped_speech_matches_the_current_text_of_every_line():
    for scenario in sorted((ROOT / "scenarios").glob("*.yaml")):
        loaded = load_scenario(scenario, explore=False)
        manifest_path = ROOT / "assets" / "speech" / loaded.scenario.id / "manifest.json"
        assert manifest_path.is_file(), f"run python tools/build_speech.py for {scenario.name}"
        manifest = json.loads(manifest_path.read_text())
        voices = build_speech.voices_for(loaded)
        stale = []
        for line_id, (speaker, texts) in build_speech.lines_of(loaded).items():
            for language, text in texts.items():
                entry = manifest["lines"].get(language, {}).get(line_id, {})
                digest = build_speech.line_hash(text, voices[speaker], language)
                path = speech_path(ROOT / "assets", loaded.scenario.id, language, line_id)
                if entry.get("hash") != digest or not path.is_file():
                    stale.append(f"{language}/{line_id}")
        assert not stale, f"speech out of date (run python tools/build_speech.py): {stale}"


def test_the_speech_files_are_listed_in_the_attribution():
    attribution = (ROOT / "assets" / "ATTRIBUTION.md").read_text()
    for folder in sorted((ROOT / "assets" / "speech").glob("*/*/")):
        pattern = f"`speech/{folder.parent.name}/{folder.name}/*.ogg`"
        assert pattern in attribution
        for file in folder.glob("*.ogg"):
            assert f"`{file.stem}`" in attribution, file


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("scenes", "scenarios"):
        (tmp_path / folder).mkdir()
    shutil.copy(FIXTURES / "scenes" / "lot.yaml", tmp_path / "scenes")
    shutil.copytree(FIXTURES / "assets", tmp_path / "assets")
    shutil.copy(FIXTURES / "scenarios" / "valid.yaml", tmp_path / "scenarios")
    return tmp_path


@needs_espeak
def test_only_lines_whose_text_changed_are_rendered_again(project: Path):
    scenario = project / "scenarios" / "valid.yaml"
    assets = project / "assets"
    logged: list[str] = []
    manifest = build_speech.build(scenario, assets, log=logged.append)
    files = sorted((assets / "speech" / "valid").glob("*/*.ogg"))
    assert [f.relative_to(assets).as_posix() for f in files] == [
        "speech/valid/en/hello.ogg",
        "speech/valid/en/threat.ogg",
        "speech/valid/nl/hello.ogg",
        "speech/valid/nl/threat.ogg",
    ]
    assert all(f.read_bytes()[:4] == b"OggS" and f.stat().st_size > 1000 for f in files)
    assert manifest["lines"]["nl"]["hello"]["speaker"] == "man_a"
    assert "4 rendered, 0 unchanged" in logged[-1]

    build_speech.build(scenario, assets, log=logged.append)
    assert "0 rendered, 4 unchanged, 0 removed" in logged[-1]

    text = scenario.read_text().replace("en: Good evening.", "en: Good evening to you.")
    text = text.replace(
        "      - {id: threat, speaker: man_a, when: intensity >= 3, "
        "text: {nl: Mooi huis., en: Nice house.}}\n",
        "",
    )
    scenario.write_text(text)
    build_speech.build(scenario, assets, log=logged.append)
    assert "1 rendered, 1 unchanged, 2 removed" in logged[-1]
    assert not (assets / "speech" / "valid" / "en" / "threat.ogg").exists()

    attribution = assets / "ATTRIBUTION.md"
    attribution.write_text("# Asset attribution\n")
    manifest = json.loads((assets / "speech" / "valid" / "manifest.json").read_text())
    build_speech.update_attribution(attribution, [manifest])
    build_speech.update_attribution(attribution, [manifest])  # replaces, never repeats
    written = attribution.read_text()
    assert written.count(build_speech.ATTRIBUTION_START) == 1
    assert "`speech/valid/nl/*.ogg`: 1 lines: `hello`" in written


def test_a_spoken_line_stays_at_least_as_long_as_its_audio(valid_scenario_path: Path):
    from flow_fakes import FakePresenter

    from simulator.session.flow import Pacing, Phase, SessionFlow

    class Speaking(FakePresenter):
        def show_line(self, speaker, text, line):
            super().show_line(speaker, text, line)
            return 7.5 if line is not None and line.id == "hello" else None

    loaded = load_scenario(valid_scenario_path)
    screen = Speaking()
    flow = SessionFlow(loaded, screen, language="en", intensity=3, pacing=Pacing())
    flow.start()
    reading = Pacing().line_seconds("Good evening.")
    assert reading < 7.0
    elapsed = 0.0
    while len([c for c in screen.calls if c[0] == "line"]) == 1:
        flow.tick(0.1)
        elapsed += 0.1
    assert elapsed == pytest.approx(7.5, abs=0.11), "the next line came before the audio ended"
    while flow.phase is Phase.LINES:
        flow.tick(0.1)
        elapsed += 0.1
    # The unspoken line keeps its reading time.
    assert elapsed - 7.5 == pytest.approx(Pacing().line_seconds("Nice house."), abs=0.21)
