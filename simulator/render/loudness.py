"""Recorded lines brought to one loudness before they are played (render).

A voice actor's recordings come at whatever level the microphone gave them.
``normalised`` decodes a file with Panda3D (WAV or Ogg Vorbis), mixes it to mono, measures
its integrated loudness as EBU R128 defines it (ITU-R BS.1770, with pyloudnorm) and scales
it to ``TARGET_LUFS``, with the peaks held under full scale. The result is written as a WAV
file into a RAM disk of Panda3D's virtual file system, never onto the disk.
"""

from __future__ import annotations

import io
import itertools
import wave
from pathlib import Path

import numpy as np
import panda3d.core as p3d
import pyloudnorm

__all__ = ["TARGET_LUFS", "decode", "forget", "loudness", "normalised"]

TARGET_LUFS = -20.0
"""The integrated loudness every line is played at (the synthetic voice is generated near it)."""
_PEAK = 0.98
_RAM = "/simulator-speech"
_counter = itertools.count()


def decode(path: Path) -> tuple[np.ndarray, int]:
    """The samples of an audio file as mono floats in -1..1, and the sample rate."""
    cursor = p3d.MovieAudio.get(p3d.Filename.from_os_specific(str(path))).open()
    if cursor is None:
        raise ValueError(f"{path} is not audio Panda3D can decode")
    rate, channels = cursor.audio_rate(), cursor.audio_channels()
    block = p3d.Datagram()
    cursor.read_samples(int(cursor.length() * rate) + rate, block)
    samples = np.frombuffer(bytes(block.get_message()), dtype="<i2").astype(np.float64)
    return samples.reshape(-1, channels).mean(axis=1) / 32768.0, rate


def loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (EBU R128); -inf for silence or a clip under 0.4 s."""
    if len(samples) < int(0.4 * rate):
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def normalised(path: Path) -> tuple[p3d.Filename, float]:
    """A copy of ``path`` at ``TARGET_LUFS``, in memory: its name for the audio manager and
    its length in seconds. Silence is left as it is."""
    samples, rate = decode(path)
    measured = loudness(samples, rate)
    if np.isfinite(measured):
        samples = samples * 10.0 ** ((TARGET_LUFS - measured) / 20.0)
        peak = float(np.max(np.abs(samples)))
        if peak > _PEAK:  # a soft limit on the few peaks the gain pushed over full scale
            samples = _PEAK * np.tanh(samples / _PEAK)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.round(np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    vfs = p3d.VirtualFileSystem.get_global_ptr()
    if not vfs.is_directory(_RAM):
        vfs.mount(p3d.VirtualFileMountRamdisk(), _RAM, 0)
    name = f"{_RAM}/{next(_counter)}-{path.stem}.wav"
    vfs.write_file(name, buffer.getvalue(), False)
    return p3d.Filename(name), len(samples) / rate


def forget(name: p3d.Filename) -> None:
    """Free the memory of a copy ``normalised`` made."""
    p3d.VirtualFileSystem.get_global_ptr().delete_file(name)
