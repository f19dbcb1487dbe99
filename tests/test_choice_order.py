"""The order choices are shown in: shuffled per session with a seed, reproduced by replays and
plans, pinned by ``order: fixed``, and recorded as each choice's position."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from scenario_helpers import scenario_header, write_scenario

from simulator.interop.traces import traces_from_statements
from simulator.interop.xapi import statements_for_session
from simulator.record.store import Record
from simulator.record.trace import trace_from_record
from simulator.report.debrief import session_debrief_html
from simulator.scenario.content import resolve_scenario
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.scenario.resolution import shown_order
from simulator.session.events import ChoiceMade, ChoicesOffered
from simulator.session.plans import read_plan, replay, runner_for
from simulator.session.runner import Runner

SCENARIO = (
    scenario_header("order", "Order")
    + """\
start: ask
stagings:
  at_car:
    trainee: {mark: door}
nodes:
  ask:
    staging: at_car
    choices:
      - {id: first, text: {nl: Een., en: One.}, goto: scale, feedback: {nl: A., en: A.}}
      - {id: second, text: {nl: Twee., en: Two.}, goto: scale, feedback: {nl: B., en: B.}}
      - {id: third, text: {nl: Drie., en: Three.}, goto: scale, feedback: {nl: C., en: C.}}
      - {id: fourth, text: {nl: Vier., en: Four.}, goto: scale, feedback: {nl: D., en: D.}}
  scale:
    staging: at_car
    order: fixed
    choices:
      - {id: mild, text: {nl: Mild., en: Mild.}, goto: done, feedback: {nl: A., en: A.}}
      - {id: firm, text: {nl: Stevig., en: Firm.}, goto: done, feedback: {nl: B., en: B.}}
      - {id: firmest, text: {nl: Streng., en: Stern.}, goto: done, feedback: {nl: C., en: C.}}
  done:
    staging: at_car
    ending: {id: done, outcome: safe_reported, summary: {nl: Klaar., en: Done.},
             feedback: {nl: Goed., en: Good.}}
"""
)


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedScenario:
    return load_scenario(write_scenario(tmp_path, SCENARIO, "order"))


def shown(loaded: LoadedScenario, seed: int | None) -> tuple[str, ...]:
    runner = Runner(loaded.scenario, loaded.logic, seed=seed)
    runner.start()
    return tuple(choice.id for choice in runner.choices)


def test_without_a_seed_the_choices_are_shown_as_written(loaded) -> None:
    assert shown(loaded, None) == ("first", "second", "third", "fourth")


def test_a_seed_shows_one_order_every_time_and_other_seeds_show_others(loaded) -> None:
    assert shown(loaded, 7) == shown(loaded, 7)
    orders = {shown(loaded, seed) for seed in range(200)}
    assert len(orders) == 24  # every order of four choices turns up
    firsts = Counter(shown(loaded, seed)[0] for seed in range(2000))
    assert all(400 <= count <= 600 for count in firsts.values()), firsts


def test_a_node_with_a_fixed_order_keeps_it_under_every_seed(loaded) -> None:
    for seed in range(50):
        runner = Runner(loaded.scenario, loaded.logic, seed=seed)
        runner.start()
        runner.choose("first")
        assert [choice.id for choice in runner.choices] == ["mild", "firm", "firmest"]


def test_the_record_says_where_each_choice_stood_and_what_was_shown(loaded) -> None:
    runner = Runner(loaded.scenario, loaded.logic, seed=3)
    events = runner.start()
    offered = next(event for event in events if isinstance(event, ChoicesOffered))
    order = [choice.id for choice in runner.choices]
    assert list(offered.choices) == order
    made = next(event for event in runner.choose("third") if isinstance(event, ChoiceMade))
    assert made.position == order.index("third") + 1
    assert events[0].seed == 3


def test_a_plan_with_a_seed_checks_the_order_shown(loaded, tmp_path: Path) -> None:
    order = shown(loaded, 11)
    plan = tmp_path / "seeded.plan"
    plan.write_text(f"seed 11\noffer {' '.join(order)}\nchoose first\nchoose mild\nend done\n")
    assert replay(read_plan(plan), runner_for(read_plan(plan), loaded.scenario, loaded.logic)) == []
    plan.write_text("seed 11\noffer first second third fourth\n")
    if order != ("first", "second", "third", "fourth"):
        assert replay(read_plan(plan), runner_for(read_plan(plan), loaded.scenario, loaded.logic))


def test_recommended_answers_of_the_car_park_are_spread_over_the_positions() -> None:
    """Over 1,000 seeded sessions, a recommended answer shown at a decision of n options
    stands first about 1/n of the time: the group cannot learn a position."""
    loaded = load_scenario(resolve_scenario("car_park"))
    first, decisions = 0, 0
    expected = 0.0
    for seed in range(1000):
        for node_id, node in loaded.scenario.nodes.items():
            if node.order == "fixed" or len(node.choices) < 2:
                continue
            if not any(choice.recommended for choice in node.choices):
                continue
            order = shown_order(loaded.scenario, node_id, seed)
            decisions += 1
            expected += 1 / len(order)
            first += next(i for i, c in enumerate(order) if c.recommended) == 0
    assert decisions > 0
    assert abs(first - expected) / decisions < 0.03


def test_the_debrief_and_the_statements_say_where_the_chosen_option_stood(
    loaded, tmp_path: Path
) -> None:
    runner = Runner(loaded.scenario, loaded.logic, seed=3, clock=lambda: 0.0)
    order = shown(loaded, 3)
    with Record.open(tmp_path / "data") as record:
        session = record.begin(
            trainee="K7QM-24X3", scenario=loaded, mode="monitor", language="en", intensity=2
        )
        session.append(runner.start())
        assert session.append(runner.choose("third")).wait(10)
        assert session.append(runner.choose("firm")).wait(10)
        assert session.finish().wait(10)
        (info,) = record.sessions()
        events = list(record.events(info.id))
    trace = trace_from_record(info, events)
    first = trace.decisions[0]
    assert (first.choice, first.position, first.shown) == ("third", order.index("third") + 1, 4)
    assert (trace.decisions[1].position, trace.decisions[1].shown) == (2, 3)  # order: fixed
    page = session_debrief_html(trace, loaded.scenario, language="en")
    assert f"option {order.index('third') + 1} of 4" in page and "option 2 of 3" in page
    assert "order of the choices: seed 3" in page
    statements = statements_for_session(info, events, scenario=loaded.scenario)
    positions = [
        extensions[key]
        for statement in statements
        for extensions in [statement.get("result", {}).get("extensions", {})]
        for key in extensions
        if key.endswith("/position")
    ]
    assert positions == [order.index("third") + 1, 2]
    assert [d.position for d in traces_from_statements(statements)[0].decisions] == positions
