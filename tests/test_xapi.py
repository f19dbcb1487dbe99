"""xAPI statements from recorded sessions, checked against Ralph's independent xAPI models."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lrs_helpers import ralph_errors
from record_helpers import load_loop_scenario

from simulator.cli import main
from simulator.interop.xapi import (
    SG_PROFILE,
    VERBS,
    XapiSettings,
    statement_for,
    statement_id,
    statements_for_session,
    traces_from_statements,
)
from simulator.record.store import Record, RecordedEvent, SessionInfo
from simulator.record.trace import trace_from_record
from simulator.scenario.loading import LoadedScenario
from simulator.session.gaze import GazeSample
from simulator.session.runner import Runner

WAIT = 10.0


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def scenario(tmp_path: Path) -> LoadedScenario:
    return load_loop_scenario(tmp_path / "content")


@pytest.fixture
def record(tmp_path: Path) -> Iterator[Record]:
    with Record.open(tmp_path / "data") as record:
        yield record


def play_everything(record: Record, scenario: LoadedScenario) -> int:
    """A session with every kind of event: lines, choices, a pause, a jump, gaze, an ending."""
    clock = Clock()
    runner = Runner(scenario.scenario, scenario.logic, clock=clock)
    session = record.begin(
        trainee="K7QM-24X3", scenario=scenario, mode="xr", language="en", intensity=2
    )
    session.append(runner.start())
    session.append_gaze(GazeSample(t=50.5, heading=3.0, pitch=0.0, looking_at="man_a"))
    clock.now += 1.5
    session.append(runner.choose("again"))
    session.append(runner.pause())
    clock.now += 4.0
    session.append(runner.resume())
    clock.now += 2.0
    session.append(runner.jump("after"))
    clock.now += 0.75
    session.append(runner.choose("report"))
    assert session.finish().wait(WAIT)
    return session.id


def test_events_map_to_serious_games_verbs_with_pseudonymous_actors(
    record: Record, scenario: LoadedScenario
) -> None:
    session_id = play_everything(record, scenario)
    info, events = record.session(session_id), record.events(session_id)

    statements = statements_for_session(info, events, XapiSettings(home_page="https://c.nl/"))
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]

    assert verbs[:5] == ["initialized", "progressed", "experienced", "accessed", "selected"]
    assert {"suspended", "resumed", "completed"} <= set(verbs)
    assert verbs.count("selected") == 2 and verbs[-1] == "completed"
    assert all(s["verb"]["id"] in VERBS.values() for s in statements)
    assert len(statements) == len([e for e in events if e.kind != "gaze"])
    for statement in statements:
        assert statement["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": "https://c.nl/", "name": "K7QM-24X3"},
        }
        assert "mbox" not in json.dumps(statement)
        assert statement["context"]["registration"] == info.uuid
        assert statement["context"]["contextActivities"]["category"][0]["id"] == SG_PROFILE
    chose = next(s for s in statements if s["verb"]["id"].endswith("selected"))
    assert chose["result"]["response"] == "again"
    assert chose["result"]["duration"] == "PT1.500S"
    assert chose["object"]["id"].endswith("/scenarios/loop/nodes/talk/question")
    done = statements[-1]
    assert done["result"] == {
        "completion": True,
        "success": True,
        "extensions": {
            "https://simulator.invalid/xapi/extensions/ending": "reported",
            "https://simulator.invalid/xapi/extensions/outcome": "safe_reported",
        },
    }
    resumed = next(s for s in statements if s["verb"]["id"].endswith("resumed"))
    assert resumed["result"]["duration"] == "PT4.000S"


def test_statement_ids_are_the_same_every_time_and_unique_per_event(
    record: Record, scenario: LoadedScenario
) -> None:
    session_id = play_everything(record, scenario)
    info, events = record.session(session_id), record.events(session_id)

    first = statements_for_session(info, events)
    again = statements_for_session(info, events)
    ids = [s["id"] for s in first]

    assert first == again
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert ids[0] == statement_id(info.uuid, 0) != statement_id(str(uuid.uuid4()), 0)


def test_ralph_accepts_every_statement(record: Record, scenario: LoadedScenario) -> None:
    session_id = play_everything(record, scenario)
    runner = Runner(scenario.scenario, scenario.logic)
    stopped = record.begin(
        trainee="AB2C-CD35", scenario=scenario, mode="text", language="nl", intensity=1
    )
    stopped.append(runner.start())
    stopped.append(runner.stop(by="trainer", reason="Jan was upset"))
    assert stopped.finish().wait(WAIT)

    statements = [
        s
        for i in (session_id, stopped.id)
        for s in statements_for_session(record.session(i), record.events(i))
    ]

    assert ralph_errors(statements) == []
    assert statements[-1]["verb"]["id"] == VERBS["terminated"]
    assert "Jan was upset" not in json.dumps(statements)  # free text stays local


def _session(session_uuid: str, language: str) -> SessionInfo:
    """A session as the record lists it, for statements made without a record."""
    return SessionInfo(
        id=1, uuid=session_uuid, trainee="K7QM-24X3", scenario_id="loop", scenario_hash="h",
        scenario_version="1", app_version="0.1", mode="xr", language=language, intensity=2,
        started_at=datetime.now(UTC), ended_at=None, status="running", outcome=None,
        ending=None, choices=0,
    )  # fmt: skip


def test_ralph_refuses_a_broken_statement() -> None:
    """The validator is not a rubber stamp."""
    context = _session("0" * 32, "en")
    good = statement_for(context, 0, 1.7e9, 0.0, "started", {"node": "talk"})
    assert good is not None
    bad = json.loads(json.dumps(good))
    bad["actor"]["account"]["homePage"] = "not a url"
    del bad["verb"]["id"]

    errors = ralph_errors([good, bad])

    assert len(errors) == 1 and errors[0].startswith("1:")


def test_gaze_samples_and_unknown_kinds_make_no_statement() -> None:
    context = _session(str(uuid.uuid4()), "nl")

    assert statement_for(context, 3, 1.7e9, 1.0, "gaze", {"heading": 1, "pitch": 0}) is None
    assert statement_for(context, 4, 1.7e9, 1.0, "vote_cast", {"note": "free text"}) is None


def test_statements_read_back_give_the_same_debrief_trace(
    record: Record, scenario: LoadedScenario
) -> None:
    session_id = play_everything(record, scenario)
    info, events = record.session(session_id), record.events(session_id)
    local = trace_from_record(info, events)
    events_with_unknown = [*events, RecordedEvent(99, 1.8e9, 70.0, "note_added", {"text": "x"})]

    (remote,) = traces_from_statements(reversed(statements_for_session(info, events_with_unknown)))

    assert (remote.uuid, remote.trainee, remote.scenario_id, remote.status) == (
        info.uuid,
        "K7QM-24X3",
        "loop",
        "ended",
    )
    assert (remote.ending, remote.outcome, remote.mode, remote.intensity) == (
        "reported",
        "safe_reported",
        "xr",
        2,
    )
    assert remote.path == local.path
    assert remote.decisions == local.decisions
    assert [s.kind for s in remote.steps] == [s.kind for s in local.steps]
    assert [round(s.t, 6) for s in remote.steps] == [round(s.t, 6) for s in local.steps]


def test_export_writes_the_statements_as_a_json_array(
    tmp_path: Path,
    record: Record,
    scenario: LoadedScenario,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session_id = play_everything(record, scenario)
    record.close()
    monkeypatch.setenv("SIMULATOR_XAPI_HOMEPAGE", "https://training.example.nl/")
    out = tmp_path / "s.json"

    code = main(["export", str(session_id), "--format", "xapi"] + ["--data", str(record.path)])
    printed = json.loads(capsys.readouterr().out)
    assert main(["export", str(session_id), "--format", "xapi", "--data", str(record.path)]
                + ["-o", str(out)]) == 0  # fmt: skip

    assert code == 0
    assert json.loads(out.read_text("utf-8")) == printed
    assert printed[0]["actor"]["account"]["homePage"] == "https://training.example.nl/"
    assert f"({len(printed)} statements)" in capsys.readouterr().out
    assert out.stat().st_mode & 0o077 == 0
