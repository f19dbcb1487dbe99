"""Playing one session, independent of how it is shown (pure core).

The runner (a pure state machine), its events, the session flow that every
presenter drives, autoplay, plan files, the trainer console and gaze samples.
Depends on the scenario layer only. See docs/architecture.md.
"""
