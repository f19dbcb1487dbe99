"""Where the trainee looked: head-direction samples taken a few times per second (pure core).

The render and XR layers produce samples; the record stores them as events of
kind ``gaze`` between the Runner's events, so a debrief can tell what was in
view when a cue mattered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["GAZE_KIND", "GazeSample"]

GAZE_KIND = "gaze"
"""The event kind under which gaze samples are recorded."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GazeSample:
    """One sample of the trainee's head direction and what was in view."""

    t: float
    """Seconds on the session's clock (the Runner's clock), like every event's ``t``."""
    heading: float
    """Degrees, turning left positive, 0 facing the scene's +Y axis (Panda3D's H)."""
    pitch: float
    """Degrees, looking up positive (Panda3D's P)."""
    looking_at: str | None = None
    """The actor or mark nearest the centre of view, if any is close enough."""
    in_view: tuple[str, ...] = ()
    """Every actor or mark inside the field of view, nearest the centre first."""

    def to_payload(self) -> dict[str, Any]:
        """The JSON-ready fields except ``t``, which the record stores in its own column."""
        return {
            "heading": self.heading,
            "pitch": self.pitch,
            "looking_at": self.looking_at,
            "in_view": list(self.in_view),
        }

    @classmethod
    def from_payload(cls, t: float, payload: dict[str, Any]) -> GazeSample:
        """The sample back from a stored payload; raise KeyError or TypeError when malformed."""
        return cls(
            t=t,
            heading=float(payload["heading"]),
            pitch=float(payload["pitch"]),
            looking_at=payload.get("looking_at"),
            in_view=tuple(payload.get("in_view", ())),
        )
