"""A tiny scenario with a loop, written into a test's folder, for the session record tests."""

from __future__ import annotations

from pathlib import Path

from scenario_helpers import scenario_header, write_scenario

from simulator.scenario.loading import LoadedScenario, load_scenario

SCENARIO = (
    scenario_header("loop", "Loop", version="{version}")
    + """\
variables: {asked: false}
start: talk
stagings:
  base: {trainee: {mark: door}, actors: {man_a: {mark: car}}}
nodes:
  talk:
    staging: base
    lines:
      - {id: hello, speaker: man_a, text: {nl: Hallo, en: Hello}}
    choices:
      - {id: again, text: {nl: Nog eens, en: Again}, goto: talk, effects: {asked: true},
         feedback: {nl: hm, en: hm}}
      - {id: leave, text: {nl: Weg, en: Leave}, goto: after, feedback: {nl: goed, en: good}}
  after:
    staging: base
    choices:
      - {id: report, text: {nl: Meld, en: Report}, goto: reported_end, recommended: true,
         feedback: {nl: goed, en: good}}
      - {id: silent, text: {nl: Zwijg, en: Silent}, goto: quiet_end,
         feedback: {nl: jammer, en: pity}}
  reported_end:
    staging: base
    ending: {id: reported, outcome: safe_reported, summary: {nl: s, en: s},
             feedback: {nl: f, en: f}}
  quiet_end:
    staging: base
    ending: {id: quiet, outcome: safe_unreported, summary: {nl: s, en: s},
             feedback: {nl: f, en: f}}
"""
)


def write_loop_scenario(folder: Path, version: str = "3") -> Path:
    """Write ``scenarios/loop.yaml`` and ``scenes/lot.yaml`` under ``folder``; the scenario path.

    A talk node loops on ``again`` until ``leave``; then ``report`` or ``silent``
    reach the endings ``reported`` and ``quiet``.
    """
    return write_scenario(folder, SCENARIO.replace("{version}", version), "loop")


def load_loop_scenario(folder: Path, version: str = "3") -> LoadedScenario:
    """The loop scenario written under ``folder`` and loaded."""
    return load_scenario(write_loop_scenario(folder, version), explore=False)
