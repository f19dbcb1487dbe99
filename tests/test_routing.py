"""Staging by variables, routes by condition, branch points and endings that vary with the
path: what a trainee sees changes with what happened before, and every check agrees."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_helpers import scenario_header, write_scenario

from simulator.errors import ScenarioError
from simulator.record.trace import SessionTrace, Step
from simulator.report.graph.model import build_graph
from simulator.report.lookups import ending_of
from simulator.scenario.exploration import explore
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.session.events import ChoiceMade, EndingReached, NodeEntered
from simulator.session.runner import Runner

SCENARIO = (
    scenario_header("routes", "Routes")
    + """\
variables: {told: false, noted: false}
start: meet
stagings:
  at_car:
    trainee: {mark: door}
    actors:
      man_a: {mark: car, when: not told}
nodes:
  meet:
    staging: at_car
    lines:
      - {id: hello, speaker: narrator, text: {nl: Hij wacht., en: He waits.}}
    choices:
      - id: tell
        text: {nl: Vertel het Henk., en: Tell Henk.}
        effects: {told: true}
        goto:
          - {when: told and intensity >= 2, node: after_telling}
          - {node: alone}
        feedback: {nl: Goed., en: Good.}
        tags: {shows: [together]}
      - id: note_and_leave
        text: {nl: Noteer het kenteken., en: Note the plate.}
        effects: {noted: true}
        goto: weigh
        feedback: {nl: Goed., en: Good.}
        tags: {shows: [report]}
      - id: walk
        text: {nl: Loop door., en: Walk on.}
        goto: weigh
        feedback: {nl: Veilig., en: Safe.}
        tags: {misses: [report]}
  after_telling:
    staging: at_car
    choices:
      - {id: home, text: {nl: Naar huis., en: Go home.}, goto: home, feedback: {nl: Ok., en: Ok.}}
  alone:
    staging: at_car
    choices:
      - id: home_alone
        text: {nl: Naar huis., en: Go home.}
        goto: home
        feedback: {nl: Ok., en: Ok.}
  weigh:
    goto:
      - {when: noted, node: home}
      - {node: quiet}
  quiet:
    staging: at_car
    ending:
      id: quiet
      outcome: safe_unreported
      summary: {nl: Stil., en: Quiet.}
      feedback: {nl: Meld het., en: Report it.}
  home:
    staging: at_car
    ending:
      id: home
      outcome: safe_reported
      summary: {nl: Thuis., en: Home.}
      feedback: {nl: Goed gedaan., en: Well done.}
      notes:
        - when: not told
          feedback: {nl: Je vertelde niemand iets., en: You told no one.}
          tags: {misses: [together]}
        - when: noted
          summary: {nl: Het kenteken staat in je telefoon., en: The plate is in your phone.}
"""
)


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedScenario:
    return load_scenario(write_scenario(tmp_path, SCENARIO, "routes"))


def test_a_route_is_chosen_by_the_variables_after_the_choice(loaded: LoadedScenario) -> None:
    runner = Runner(loaded.scenario, loaded.logic)
    runner.start()
    events = runner.choose("tell")
    made = next(e for e in events if isinstance(e, ChoiceMade))
    assert made.target == "after_telling"
    assert runner.node_id == "after_telling"


def test_a_branch_point_is_passed_through_and_recorded(loaded: LoadedScenario) -> None:
    runner = Runner(loaded.scenario, loaded.logic)
    runner.start()
    events = runner.choose("note_and_leave")
    assert [e.node for e in events if isinstance(e, NodeEntered)] == ["weigh", "home"]
    assert runner.node_id == "home" and runner.ending is not None


def test_an_actor_with_a_condition_leaves_the_stage_when_it_no_longer_holds(
    loaded: LoadedScenario,
) -> None:
    runner = Runner(loaded.scenario, loaded.logic)
    runner.start()
    assert list(runner.staging.actors) == ["man_a"]
    runner.choose("tell")
    assert list(runner.staging.actors) == []


def test_ending_notes_follow_the_path_and_are_recorded(loaded: LoadedScenario) -> None:
    runner = Runner(loaded.scenario, loaded.logic)
    runner.start()
    events = runner.choose("note_and_leave")
    reached = next(e for e in events if isinstance(e, EndingReached))
    assert reached.notes == (0, 1)
    assert runner.ending is not None
    shown = runner.ending.as_reached(runner.ending_notes)
    assert shown.summary["en"] == "Home. The plate is in your phone."
    assert shown.feedback["nl"] == "Goed gedaan. Je vertelde niemand iets."

    runner = Runner(loaded.scenario, loaded.logic)
    runner.start()
    events = runner.choose("tell") + runner.choose("home")
    reached = next(e for e in events if isinstance(e, EndingReached))
    assert reached.notes == ()
    assert runner.ending is not None
    assert runner.ending.as_reached(runner.ending_notes).feedback["en"] == "Well done."


def test_the_debrief_shows_the_ending_with_the_notes_that_were_recorded(
    loaded: LoadedScenario,
) -> None:
    trace = SessionTrace(
        uuid="u",
        trainee="K7QM-24X3",
        scenario_id="routes",
        scenario_hash="",
        language="en",
        mode="text",
        intensity=2,
        started_at=None,  # type: ignore[arg-type]
        status="ended",
        ending="home",
        outcome="safe_reported",
        path=("meet", "weigh", "home"),
        decisions=(),
        steps=(Step(t=1.0, kind="ending_reached", node="home", data={"notes": [0]}),),
    )
    ending = ending_of(loaded.scenario, trace)
    assert ending is not None
    assert ending.feedback["en"] == "Well done. You told no one."
    assert ending.summary["en"] == "Home."


def test_exploration_follows_routes_and_branch_points(loaded: LoadedScenario) -> None:
    found = explore(loaded.scenario, loaded.logic)
    assert found.stuck == []
    assert set(found.endings) == {"quiet", "home"}
    assert {"weigh", "alone", "after_telling"} <= found.visited_nodes
    assert ("after_telling", "home") in found.offered_choices


def test_the_graph_draws_every_route_with_its_condition(loaded: LoadedScenario) -> None:
    graph = build_graph(
        loaded.scenario, "en", ["meet", "weigh", "home"], [("meet", "note_and_leave")]
    )
    ways = {(e.source, e.target): e for e in graph.edges}
    assert ways[("meet", "after_telling")].condition == "told and intensity >= 2"
    assert ways[("meet", "alone")].condition is None
    assert ways[("weigh", "home")].name == "" and ways[("weigh", "home")].condition == "noted"
    assert ways[("weigh", "home")].visited and not ways[("weigh", "quiet")].visited
    taken = {e.name: e.visited for e in graph.edges if e.source == "meet"}
    assert taken == {"tell": False, "note_and_leave": True, "walk": False}


def test_a_line_by_an_actor_who_may_be_off_stage_is_refused_with_the_state(
    tmp_path: Path,
) -> None:
    speaking = SCENARIO.replace(
        "    choices:\n      - {id: home, text:",
        "    lines:\n      - {id: bye, speaker: man_a, text: {nl: Dag., en: Bye.}}\n"
        "    choices:\n      - {id: home, text:",
    )
    assert speaking != SCENARIO
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario(tmp_path, speaking, "routes"))
    (problem,) = caught.value.problems
    assert problem.code == "SIM035"
    assert "speaker 'man_a' is not on stage when " in str(problem)
    assert "told=True" in str(problem)
    assert "(nodes.after_telling.lines[0].speaker)" in str(problem)
