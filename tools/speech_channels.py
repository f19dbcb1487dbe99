"""How a voice sounds when it does not come from someone on stage (tools).

``treat`` turns a dry spoken line into the sound of its channel: a phone call (the
telephone band, 300-3400 Hz, a little compressed), a voice behind a door (muffled: the
highs absorbed, quieter) or a radio (a narrower band, driven into soft clipping, with a
faint hiss). The filters work on the whole line at once in the frequency domain, with
smooth edges so nothing rings; the hiss comes from a fixed seed, so a line renders to the
same samples every time and the speech manifest's hashes stay meaningful.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CHANNELS", "treat"]

CHANNELS = ("phone", "door", "radio")


def treat(samples: np.ndarray, rate: int, channel: str) -> np.ndarray:
    """``samples`` (mono, float in -1..1) as heard through ``channel``; the same length, peak
    at most 0.9. ValueError for a channel not in CHANNELS."""
    if channel == "phone":
        heard = _compress(_band(samples, rate, 300.0, 3400.0), 0.6)
    elif channel == "door":
        heard = 0.5 * _band(samples, rate, 60.0, 700.0)
    elif channel == "radio":
        narrow = _compress(_band(samples, rate, 500.0, 2800.0), 0.35)
        hiss = np.random.default_rng(0).standard_normal(len(samples))
        heard = narrow + 0.01 * _band(hiss, rate, 1000.0, 6000.0)
    else:
        raise ValueError(f"unknown channel {channel!r}; expected one of {', '.join(CHANNELS)}")
    peak = float(np.max(np.abs(heard))) if len(heard) else 0.0
    return heard * (0.9 / peak) if peak > 0.9 else heard


def _band(samples: np.ndarray, rate: int, low: float, high: float) -> np.ndarray:
    """Only the frequencies between ``low`` and ``high`` Hz, rolled off over half an octave
    on each side."""
    spectrum = np.fft.rfft(samples)
    frequencies = np.fft.rfftfreq(len(samples), 1.0 / rate)
    octaves = np.log2(np.maximum(frequencies, 1.0))
    below = np.clip((octaves - np.log2(low)) / 0.5 + 1.0, 0.0, 1.0)
    above = np.clip((np.log2(high) - octaves) / 0.5 + 1.0, 0.0, 1.0)
    gain = np.sin(0.5 * np.pi * below) * np.sin(0.5 * np.pi * above)
    return np.fft.irfft(spectrum * gain, n=len(samples))


def _compress(samples: np.ndarray, knee: float) -> np.ndarray:
    """Soft clipping: quiet parts as they were, loud parts pressed under ``knee`` times the
    peak, as a small loudspeaker or an overdriven radio does."""
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if peak == 0.0:
        return samples
    level = knee * peak
    return level * np.tanh(samples / level)
