"""Scripted head and controllers for Monado's remote driver (test support, no pyopenxr).

monado-service started with ``P_OVERRIDE_ACTIVE_CONFIG=remote`` listens on TCP
4242 for ``struct r_remote_data`` packets (376 bytes, header ``mndrmt3\\0``):
the head's two views and pose, then each controller's pose, values and
buttons. Poses are in the runtime's tracking origin, OpenXR axes (Y up, -Z
forward), quaternions (x, y, z, w). ``RemoteInput`` keeps sending the latest
state from a thread, 120 times a second, until closed.
"""

from __future__ import annotations

import math
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

HEADER = struct.unpack("<Q", b"mndrmt3\0")[0]
FOV = (-0.8, 0.8, 0.8, -0.8)
"""Each eye's field of view (left, right, up, down) in radians, as the remote HMD reports."""
_TRIGGER_CLICK = 8
_B_CLICK = 6


def look_quaternion(direction: tuple[float, float, float]) -> tuple[float, float, float, float]:
    """The (x, y, z, w) orientation whose -Z points along ``direction`` (no roll)."""
    x, y, z = direction
    length = math.sqrt(x * x + y * y + z * z)
    x, y, z = x / length, y / length, z / length
    yaw = math.atan2(-x, -z)
    pitch = math.asin(max(-1.0, min(1.0, y)))
    return yaw_pitch_quaternion(math.degrees(yaw), math.degrees(pitch))


def yaw_pitch_quaternion(yaw: float, pitch: float) -> tuple[float, float, float, float]:
    """Turned ``yaw`` degrees left (about +Y), then ``pitch`` degrees up (about +X)."""
    cy, sy = math.cos(math.radians(yaw) / 2), math.sin(math.radians(yaw) / 2)
    cp, sp = math.cos(math.radians(pitch) / 2), math.sin(math.radians(pitch) / 2)
    # q_yaw * q_pitch with q_yaw = (0, sy, 0, cy) and q_pitch = (sp, 0, 0, cp)
    return (cy * sp, sy * cp, -sy * sp, cy * cp)


@dataclass
class Controller:
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)
    orientation: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)
    trigger: bool = False
    menu: bool = False
    active: bool = True


@dataclass
class State:
    head_position: tuple[float, float, float] = (0.0, 1.6, 0.0)
    head_orientation: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)
    left: Controller = field(default_factory=lambda: Controller((-0.25, 1.2, -0.35)))
    right: Controller = field(default_factory=lambda: Controller((0.25, 1.2, -0.35)))


def _pose(position, orientation) -> list[float]:
    return [*orientation, *position]


def _controller(c: Controller) -> bytes:
    floats = _pose(c.position, c.orientation) + [0.0] * 11
    floats += [1.0 if c.trigger else 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    bools = [False] * 16
    bools[0], bools[1] = True, c.active
    bools[_B_CLICK] = c.menu
    bools[_TRIGGER_CLICK] = bools[_TRIGGER_CLICK + 1] = c.trigger
    return struct.pack("<26f16?", *floats, *bools)


def packet(state: State) -> bytes:
    view = struct.pack("<4f7fI", *FOV, *_pose((0, 0, 0), (0, 0, 0, 1)), 0)
    head = (
        view
        + view
        + struct.pack("<7f?3x", *_pose(state.head_position, state.head_orientation), False)
    )
    return struct.pack("<Q", HEADER) + head + _controller(state.left) + _controller(state.right)


class RemoteInput:
    """A connection to the remote driver that keeps sending ``state`` until ``close()``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 4242) -> None:
        self.state = State()
        deadline = time.monotonic() + 10
        while True:
            try:
                self._socket = socket.create_connection((host, port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self._socket.recv(4096)  # the hub greets with its reset and latest packets
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._feed, daemon=True)
        self._thread.start()

    def update(self, **changes) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(self.state, name, value)

    def _feed(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                data = packet(self.state)
            try:
                self._socket.sendall(data)
            except OSError:
                return
            time.sleep(1 / 120)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1.0)
        self._socket.close()


assert len(packet(State())) == 8 + 128 + 240
