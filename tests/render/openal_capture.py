"""Plays one line through real OpenAL into a WAV file and prints each channel's level (helper).

Run as a script by the render tests, in a process of its own: OpenAL Soft's ``wave`` backend
(configured by ``ALSOFT_CONF``) writes what a sound card would play. Arguments: the
capture file, the line's source position x y z (or ``ear``), the listener's heading in
degrees, and ``--mute``. Prints the RMS of the left and right channel while the line plays.
"""

from __future__ import annotations

import json
import struct
import sys
import time
from pathlib import Path

import numpy as np
import panda3d.core as p3d

from simulator.render.app import Presentation, speech_for


class _Base:
    """What ``speech_for`` needs of a ShowBase: its sound effects managers."""

    def __init__(self) -> None:
        self.sfxManagerList = [p3d.AudioManager.create_AudioManager()]


def _levels(capture: Path) -> list[float]:
    data = capture.read_bytes()
    pos, channels, bits = 12, 2, 16
    while pos < len(data):
        kind, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        body = data[pos + 8 : pos + 8 + size]
        if kind == b"fmt ":
            channels, bits = struct.unpack("<H", body[2:4])[0], struct.unpack("<H", body[14:16])[0]
        elif kind == b"data":
            width = bits // 8
            samples = np.frombuffer(body[: len(body) // width * width], dtype=f"<i{width}")
            frames = samples.reshape(-1, channels).astype(np.float64) / 2 ** (bits - 1)
            return [float(np.sqrt(np.mean(frames[:, c] ** 2))) for c in range(channels)]
        pos += 8 + size + (size & 1)
    raise SystemExit(f"no audio data in {capture}")


def main(argv: list[str]) -> None:
    assets, capture, where, heading = Path(argv[0]), Path(argv[1]), argv[2], float(argv[3])
    p3d.load_prc_file_data("capture", "audio-library-name p3openal_audio")
    base = _Base()
    world = p3d.NodePath("world")
    listener = world.attach_new_node("head")
    listener.set_pos(0, 0, 1.6)
    listener.set_h(heading)
    source = None
    if where != "ear":
        source = world.attach_new_node("mouth")
        source.set_pos(*(float(value) for value in where.split(",")))
    presentation = Presentation(mute="--mute" in argv)
    speech = speech_for(base, assets, "s", presentation, world, listener)  # type: ignore[arg-type]
    length = speech.say("tone", "nl", source) or 1.0
    end = time.monotonic() + length + 0.2
    while time.monotonic() < end:
        speech.update()
        base.sfxManagerList[0].update()
        time.sleep(0.01)
    base.sfxManagerList[0].shutdown()
    print(json.dumps(_levels(capture)))


if __name__ == "__main__":
    main(sys.argv[1:])
