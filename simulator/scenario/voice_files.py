"""Where each spoken line's audio lives, and which files are an actor's recordings (pure core).

``tools/build_speech.py`` speaks every line into
``assets/speech/<scenario>/<language>/<line id>.ogg`` and lists each file in the folder's
``manifest.json`` with the digest of the bytes it wrote. A voice actor's recording dropped
in as ``<line id>.wav``, or as an ``.ogg`` over the generated one (its digest then differs),
replaces the synthetic voice; the generator leaves recordings alone. ``voice_file_findings``
warns about the lines a language's voice-over still lacks and about files no line owns.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from simulator.scenario.diagnostics import ORPHANED_VOICE_FILE, RECORDING_MISSING, Finding
from simulator.scenario.model import Scenario

__all__ = [
    "AUDIO_SUFFIXES",
    "MANIFEST_NAME",
    "SPEECH_SUFFIX",
    "LineAudio",
    "VOICE_FILE_RULES",
    "SpeechFiles",
    "file_digest",
    "read_manifest",
    "speech_path",
    "voice_file_findings",
]

SPEECH_SUFFIX = ".ogg"
"""The generator's files."""
AUDIO_SUFFIXES = (".wav", ".ogg")
"""A line's audio, in the order a recording is looked for."""
MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
VOICE_FILE_RULES = (RECORDING_MISSING, ORPHANED_VOICE_FILE)
"""The rules ``voice_file_findings`` reports."""


def speech_path(assets: Path, scenario_id: str, language: str, line_id: str) -> Path:
    """Where the generated audio of one line in one language lives."""
    return Path(assets) / "speech" / scenario_id / language / f"{line_id}{SPEECH_SUFFIX}"


def file_digest(path: Path) -> str:
    """The digest of a file's bytes that the manifest keeps for each generated file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def read_manifest(path: Path) -> dict:
    """A speech manifest; {} when it is missing, unreadable or of another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("v") == MANIFEST_VERSION else {}


@dataclass(frozen=True)
class LineAudio:
    """The file one line is played from, and whether a person recorded it."""

    path: Path
    recorded: bool


class SpeechFiles:
    """The audio files of one scenario's lines, as found in ``assets/speech/<scenario>/``."""

    def __init__(self, assets: Path, scenario_id: str) -> None:
        self.folder = Path(assets) / "speech" / scenario_id
        self.manifest = read_manifest(self.folder / MANIFEST_NAME)

    def audio(self, language: str, line_id: str) -> LineAudio | None:
        """The file to play for a line: a recording when there is one, else the generated
        file; None when there is neither."""
        for suffix in AUDIO_SUFFIXES:
            path = self.folder / language / f"{line_id}{suffix}"
            if path.is_file():
                return LineAudio(path, self._recorded(language, path))
        return None

    def files(self, language: str) -> Iterator[LineAudio]:
        """Every audio file of ``language``, recorded or generated, in name order."""
        folder = self.folder / language
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            if path.suffix in AUDIO_SUFFIXES and path.is_file():
                yield LineAudio(path, self._recorded(language, path))

    def languages(self) -> list[str]:
        """The languages that have a folder of audio."""
        if not self.folder.is_dir():
            return []
        return sorted(path.name for path in self.folder.iterdir() if path.is_dir())

    def _recorded(self, language: str, path: Path) -> bool:
        if path.suffix != SPEECH_SUFFIX:
            return True
        entry = self.manifest.get("lines", {}).get(language, {}).get(path.stem)
        if entry is None or entry.get("recorded"):
            return True  # not the generator's: someone put it there
        digest = entry.get("digest")
        return digest is not None and digest != file_digest(path)


def voice_file_findings(scenario: Scenario, assets: Path) -> Iterator[Finding]:
    """Warnings about a scenario's voice files: in a language with at least one recording,
    each line without one (the voice-over is unfinished); in every language, each audio file
    whose name is no line of the scenario (a line renamed or removed)."""
    files = SpeechFiles(assets, scenario.id)
    lines = {
        line.id: (node_id, index)
        for node_id, node in scenario.nodes.items()
        for index, line in enumerate(node.lines)
    }
    for language in files.languages():
        found = list(files.files(language))
        recorded = {audio.path.stem for audio in found if audio.recorded}
        folder = f"assets/speech/{scenario.id}/{language}/"
        for audio in found:
            if audio.path.stem not in lines:
                yield (
                    ORPHANED_VOICE_FILE,
                    ("id",),
                    f"{folder}{audio.path.name} belongs to no line of the scenario",
                    "a file named after a line id, or none (rename or remove it)",
                )
        if not recorded & set(lines):
            continue
        done = len(recorded & set(lines))
        for line_id, (node_id, index) in lines.items():
            if line_id not in recorded:
                yield (
                    RECORDING_MISSING,
                    ("nodes", node_id, "lines", index, "id"),
                    f"line '{line_id}' has no recording in {language} ({done} of {len(lines)} "
                    "lines are recorded)",
                    f"{folder}{line_id}.wav or .ogg",
                )
