"""Why the headset cannot be used, as messages for people, not tracebacks (xr layer)."""

from __future__ import annotations

from simulator.errors import SimulatorError

__all__ = ["HeadsetLost", "NoHeadset", "NoRuntime", "XrUnavailable"]


class XrUnavailable(SimulatorError):
    """The headset cannot be used (now); the message says why and what to do."""


class NoRuntime(XrUnavailable):
    """pyopenxr is missing or no OpenXR runtime is installed or active."""


class NoHeadset(XrUnavailable):
    """The runtime is there, but no headset is connected (XR_ERROR_FORM_FACTOR_UNAVAILABLE)."""


class HeadsetLost(XrUnavailable):
    """The runtime ended the session (LOSS_PENDING, STOPPING, EXITING, a lost instance)."""
