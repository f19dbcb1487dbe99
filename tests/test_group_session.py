"""Leading a group: votes, decisions, going back, notes, intensity, and the trainer console."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flow_fakes import FakePresenter, run_console

from simulator.report.projector_debrief import group_visits, projector_debrief_html
from simulator.scenario.loading import load_scenario
from simulator.session.autoplay import RandomAutoplay
from simulator.session.events import ChoiceMade, IntensityChanged, Jumped, NoteAdded, VoteRecorded
from simulator.session.flow import FAST, Phase, SessionFlow
from simulator.session.trainer_console import TrainerConsole, _parse_votes


@pytest.fixture
def flow(valid_scenario_path: Path) -> SessionFlow:
    loaded = load_scenario(valid_scenario_path)
    flow = SessionFlow(
        loaded, FakePresenter(), language="en", intensity=2, pacing=FAST, hold_choices=True
    )
    flow.start()
    return flow


def until_decision(flow: SessionFlow) -> None:
    for _ in range(200):
        if flow.at_decision:
            return
        flow.tick(0.1)
    raise AssertionError(f"no decision point; phase {flow.phase}")


def test_options_are_held_until_revealed_and_the_timer_waits(flow) -> None:
    until_decision(flow)
    assert flow.held and flow.presenter.choices == []
    for _ in range(300):
        flow.tick(0.1)
    assert flow.runner.node_id == "meet", "no timeout while the group discusses"
    assert flow.reveal_choices()
    assert flow.presenter.choices == ["Walk on.", "Stand still."]


def test_a_vote_is_recorded_and_the_majority_decides_for_the_group(flow) -> None:
    until_decision(flow)
    assert flow.record_vote({"leave": 2, "freeze": 7})
    assert flow.majority() == "freeze"
    assert flow.decide_by_majority()
    made = [e for e in flow.log if isinstance(e, ChoiceMade)][-1]
    assert (made.choice, made.by, made.via) == ("freeze", "group", "vote")
    assert [e.counts for e in flow.log if isinstance(e, VoteRecorded)] == [
        {"leave": 2, "freeze": 7}
    ]


def test_a_tie_needs_the_trainer(flow) -> None:
    until_decision(flow)
    flow.record_vote({"leave": 4, "freeze": 4})
    assert flow.majority() is None and not flow.decide_by_majority()
    assert flow.decide("leave")
    made = [e for e in flow.log if isinstance(e, ChoiceMade)][-1]
    assert (made.by, made.via) == ("trainer", "console")


def test_back_returns_to_the_last_decision_with_its_variables(flow) -> None:
    until_decision(flow)
    flow.decide("freeze")  # pressure + 1
    until_decision(flow)
    assert flow.runner.node_id == "pressed" and flow.runner.variables["pressure"] == 1
    assert flow.back()
    assert flow.runner.node_id == "meet" and flow.runner.variables["pressure"] == 0
    assert [e.reason for e in flow.log if isinstance(e, Jumped)] == ["back"]
    assert not flow.back(), "nothing before the first decision"


def test_notes_and_intensity_changes_are_recorded(flow) -> None:
    until_decision(flow)
    assert flow.add_note("  The group   hesitated  ")
    assert flow.set_intensity(3)
    assert [line.id for line in flow.runner.lines] == ["hello", "threat"]
    assert [e.text for e in flow.log if isinstance(e, NoteAdded)] == ["The group hesitated"]
    assert [e.intensity for e in flow.log if isinstance(e, IntensityChanged)] == [3]


def test_the_debrief_marks_the_abandoned_branch(flow) -> None:
    until_decision(flow)
    flow.record_vote({"leave": 1, "freeze": 8})
    flow.decide_by_majority()
    until_decision(flow)
    flow.back()
    until_decision(flow)
    flow.decide("leave")
    visits = group_visits(flow.log)
    assert [(v.node, v.chosen, v.abandoned) for v in visits] == [
        ("meet", "freeze", True),
        ("meet", "leave", False),
    ]
    page = projector_debrief_html(flow.scenario, flow.log, "en")
    assert "explored, then went back to try another branch" in page
    assert "chosen by the group" in page and "chosen by the trainer" in page


def test_console_commands_wait_for_a_decision_point(flow) -> None:
    output = io.StringIO()
    console = TrainerConsole(io.StringIO("vote 1 6\nmajority\nnote fine\n"), output)
    run_console(console, flow, until=lambda: flow.runner.node_id != "meet")
    text = output.getvalue()
    assert "decision point [meet] (held)" in text
    assert "vote recorded: A 1, B 6" in text
    assert "the group chose B (freeze)" in text


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("3 5 1", {0: 3, 1: 5, 2: 1}),
        ("A=3 c=2", {0: 3, 2: 2}),
        ("3,5", {0: 3, 1: 5}),
        ("x", None),
        ("1 2 3 4", {0: 1, 1: 2, 2: 3, 3: 4}),  # the console says how many options there are
        ("A=-1", None),
        ("99999", None),
        ("", None),
    ],
)
def test_vote_counts_are_parsed_or_refused(text, counts) -> None:
    assert _parse_votes(text) == counts


def test_a_vote_with_more_counts_than_options_says_how_many_there_are(flow) -> None:
    output = io.StringIO()
    console = TrainerConsole(io.StringIO("vote 3 5 1 2 4\n"), output)
    run_console(console, flow, until=lambda: "this decision has" in output.getvalue())
    offered = len(flow.runner.choices)
    letters = ", ".join("ABCDEFGH"[:offered])
    assert (
        f"this decision has {offered} options ({letters}); got a count for E" in output.getvalue()
    )
    assert "usage: vote" not in output.getvalue()


def test_unknown_commands_are_explained(flow) -> None:
    output = io.StringIO()
    console = TrainerConsole(io.StringIO("dance\n"), output)
    run_console(console, flow, until=lambda: "unknown" in output.getvalue())
    assert "unknown command 'dance'; type help for the list" in output.getvalue()
    assert flow.phase in (Phase.LINES, Phase.CHOICES)


def test_a_closed_console_ends_the_session_where_it_would_wait_for_the_trainer(flow) -> None:
    output = io.StringIO()
    console = TrainerConsole(io.StringIO(""), output)  # standard input closed
    run_console(console, flow, until=lambda: flow.finished)
    assert flow.finished and flow.runner.node_id == "meet"
    assert output.getvalue().count("trainer console: the input is closed; the session ends") == 1


def test_a_closed_console_lets_autoplay_lead(valid_scenario_path: Path) -> None:
    loaded = load_scenario(valid_scenario_path)
    flow = SessionFlow(
        loaded, FakePresenter(), language="en", intensity=2, pacing=FAST, hold_choices=True,
        autoplay=RandomAutoplay(3),
    )  # fmt: skip
    flow.start()
    output = io.StringIO()
    run_console(TrainerConsole(io.StringIO(""), output), flow, until=lambda: flow.finished)
    assert flow.phase in (Phase.ENDING, Phase.DONE), "autoplay played to an ending"
    assert any(isinstance(e, ChoiceMade) and e.by in ("autoplay", "timeout") for e in flow.log)
    assert "the options are revealed by themselves and autoplay chooses" in output.getvalue()
