"""Test doubles for the session flow: a presenter that records what it was asked to show, and
frames run for the trainer's console."""

from __future__ import annotations

import time


class FakePresenter:
    """Records what the flow asked to show, like a screen a test can read."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.choices: list[str] = []
        self.walking = 0.0
        self.ready: list[str] = []

    def stage(self, staging, *, instant):
        self.calls.append(("stage", staging.trainee.mark, instant))

    def show_line(self, speaker, text, line):
        self.calls.append(("line", speaker, text))

    def clear_line(self):
        pass

    def show_choices(self, prompt, texts):
        self.choices = texts

    def hide_choices(self):
        self.choices = []

    def set_countdown(self, seconds_left, total):
        self.countdown = seconds_left

    def show_pause(self, actions):
        self.calls.append(("pause", tuple(actions)))

    def close_panel(self):
        self.calls.append(("close",))

    def show_cool_down(self, text):
        self.calls.append(("cool_down", text))

    def show_ending(self, outcome, label, summary, feedback, cool_down):
        self.calls.append(("ending", outcome, label))
        self.cool_down = cool_down

    def show_stopped(self, text, cool_down):
        self.calls.append(("stopped", text))
        self.cool_down = cool_down

    def busy(self):
        return self.walking > 0

    def choices_ready(self, node_id):
        self.ready.append(node_id)

    def ending_ready(self):
        pass

    def sample_gaze(self, clock):
        return None


def run_console(console, flow, until, frames: int = 300) -> None:
    """Frames of 0.1 s (each a few real milliseconds, for the console's reading thread)
    until ``until()`` holds."""
    console.start()
    for _ in range(frames):
        console.apply(flow)
        flow.tick(0.1)
        if until():
            return
        time.sleep(0.005)
