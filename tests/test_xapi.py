"""xAPI statements from recorded sessions, checked against Ralph's independent xAPI models."""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from lrs_helpers import ralph_errors
from record_helpers import load_loop_scenario

from simulator.cli import main
from simulator.errors import UsageError
from simulator.interop.traces import traces_from_statements
from simulator.interop.vocabulary import SG_PROFILE, STANDARD_TYPES, VERBS, XapiSettings
from simulator.interop.xapi import (
    SessionStatements,
    XapiForwarding,
    statement_id,
    statements_for_session,
)
from simulator.record.outbox import Outbox
from simulator.record.store import Record, RecordedEvent, SessionInfo
from simulator.record.trace import trace_from_record
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.session.events import Event, VoteRecorded, event_to_dict
from simulator.session.gaze import GazeSample
from simulator.session.plans import read_plan, runner_for
from simulator.session.runner import Runner

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "tests" / "playthroughs").glob("*.plan"))
WAIT = 10.0
BASE = "https://simulator.invalid/xapi"


class Clock:
    def __init__(self, now: float = 50.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def scenario(tmp_path: Path) -> LoadedScenario:
    return load_loop_scenario(tmp_path / "content")


@pytest.fixture
def record(tmp_path: Path) -> Iterator[Record]:
    with Record.open(tmp_path / "data") as record:
        yield record


def play_everything(record: Record, scenario: LoadedScenario, mode: str = "xr") -> int:
    """A session with every kind of event: lines, choices, a pause, a jump, gaze, an ending."""
    clock = Clock()
    runner = Runner(scenario.scenario, scenario.logic, clock=clock)
    session = record.begin(
        trainee="K7QM-24X3", scenario=scenario, mode=mode, language="en", intensity=2
    )  # type: ignore[arg-type]
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


@pytest.fixture
def played(record: Record, scenario: LoadedScenario) -> tuple[SessionInfo, list[RecordedEvent]]:
    """The session ``play_everything`` records, as the record lists it, and its events."""
    session_id = play_everything(record, scenario)
    return record.session(session_id), record.events(session_id)


def verb(statement: dict[str, Any]) -> str:
    return str(statement["verb"]["id"]).rsplit("/", 1)[-1]


@functools.cache
def shipped(path: str) -> LoadedScenario:
    return load_scenario(ROOT / path, explore=False)


def recorded(events: list[Event]) -> list[RecordedEvent]:
    """Runner events as the record gives them back."""
    rows = []
    for seq, event in enumerate(events):
        data = event_to_dict(event)
        del data["kind"], data["t"]
        rows.append(RecordedEvent(seq, 1.7e9 + event.t, event.t, event.kind, {"v": 1, **data}))
    return rows


def play_plan(plan_path: Path) -> tuple[LoadedScenario, list[RecordedEvent]]:
    """A shipped play-through, two seconds per move, as recorded events."""
    plan = read_plan(plan_path)
    assert plan.scenario is not None
    loaded = shipped(plan.scenario)
    clock = Clock(0.0)
    runner = runner_for(plan, loaded.scenario, loaded.logic, clock=clock)
    events = list(runner.start())
    for step in plan.moves:
        clock.now += 2.0
        if step.directive == "choose":
            events += runner.choose(step.arguments[0], by="autoplay", via="plan")
        else:
            events += runner.timeout()
    return loaded, recorded(events)


def _session(session_uuid: str, language: str, scenario_id: str = "loop", mode: str = "xr"):
    """A session as the record lists it, for statements made without a record."""
    return SessionInfo(
        id=1, uuid=session_uuid, trainee="K7QM-24X3", scenario_id=scenario_id, scenario_hash="h",
        scenario_version="1", app_version="0.1", mode=mode, language=language, intensity=2,
        started_at=datetime.now(UTC), ended_at=None, status="running", outcome=None,
        ending=None, choices=0,
    )  # type: ignore[arg-type]  # fmt: skip


# -- the xAPI 1.0.3 rules Ralph's models leave to the reader ---------------------------------

_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_DURATION = re.compile(r"P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,3})?S)?)?")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def rule_problems(statement: dict[str, Any]) -> list[str]:
    """IRIs absolute, language maps tagged (RFC 5646) and non-empty, durations ISO 8601."""
    problems: list[str] = []

    def iri(value: object, where: str) -> None:
        if not (isinstance(value, str) and _IRI.fullmatch(value)):
            problems.append(f"{where}: {value!r} is not an absolute IRI")

    def walk(value: object, where: str) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
            return
        if not isinstance(value, dict):
            return
        if value.get("objectType") == "Activity" or where.endswith(".verb"):
            iri(value.get("id"), f"{where}.id")
        for key, item in value.items():
            inside = f"{where}.{key}"
            if key in ("name", "description", "display") and isinstance(item, dict):
                if not item:
                    problems.append(f"{inside}: an empty language map")
                for tag, text in item.items():
                    if not _TAG.fullmatch(tag) or not (isinstance(text, str) and text.strip()):
                        problems.append(f"{inside}: {tag!r}: {text!r}")
            elif key == "extensions":
                for name in item:
                    iri(name, f"{inside} key")
            elif key in ("type", "homePage"):
                iri(item, inside)
            elif key == "duration" and not _DURATION.fullmatch(str(item)):
                problems.append(f"{inside}: {item!r} is not an ISO 8601 duration")
            if key != "extensions":
                walk(item, inside)

    walk(statement, "")
    return problems


def test_the_rule_check_is_not_a_rubber_stamp() -> None:
    bad = {
        "verb": {"id": "answered", "display": {"english": "answered"}},
        "object": {"objectType": "Activity", "id": "x", "definition": {"name": {"en": ""}}},
        "result": {"duration": "1.5 s", "extensions": {"votes": {}}},
    }
    assert len(rule_problems(bad)) == 6


# -- the statements ------------------------------------------------------------------------


def test_events_map_to_standard_verbs_with_pseudonymous_actors(
    played: tuple[SessionInfo, list[RecordedEvent]],
) -> None:
    info, events = played

    statements = statements_for_session(info, events, XapiSettings(home_page="https://c.nl/"))
    verbs = [verb(s) for s in statements]

    assert verbs[:5] == ["initialized", "accessed", "experienced", "accessed", "answered"]
    assert {"suspended", "resumed", "completed"} <= set(verbs)
    assert verbs.count("answered") == 2 and verbs[-1] == "completed"
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
    chose = next(s for s in statements if verb(s) == "answered")
    assert chose["result"]["response"] == "again"
    assert chose["result"]["duration"] == "PT1.500S"
    assert chose["object"]["id"].endswith("/scenarios/loop/nodes/talk/question")
    resumed = next(s for s in statements if verb(s) == "resumed")
    assert resumed["result"]["duration"] == "PT4.000S"


def test_completed_lasts_the_play_time_without_the_pause(
    played: tuple[SessionInfo, list[RecordedEvent]],
) -> None:
    done = statements_for_session(*played)[-1]

    # 1.5 s to the first choice, 4 s paused (left out), 2 s to the jump, 0.75 s to the ending
    assert done["result"] == {
        "completion": True,
        "success": True,
        "duration": "PT4.250S",
        "extensions": {f"{BASE}/extensions/ending": "reported",
                       f"{BASE}/extensions/outcome": "safe_reported"},
    }  # fmt: skip


def test_a_resumed_session_leaves_out_its_interruption_and_queues_what_export_gives(
    record: Record, scenario: LoadedScenario
) -> None:
    forward = XapiForwarding("http://lrs.invalid/xAPI/statements", XapiSettings())
    clock = Clock(100.0)
    runner = Runner(scenario.scenario, scenario.logic, clock=clock)
    session = record.begin(
        trainee="K7QM-24X3", scenario=scenario, mode="text", language="nl", intensity=2,
        forward=forward,
    )  # fmt: skip
    session.append(runner.start())
    clock.now += 2.0
    session.append(runner.choose("leave"))
    session.finish().wait(WAIT)  # the station went down here: an interrupted session
    point = record.resume_point(session.id)
    clock = Clock(7.0)  # a new process, a new clock, an hour later
    runner = Runner(scenario.scenario, scenario.logic, clock=clock)
    resumed = record.resume(session.id, scenario=scenario, forward=forward)
    resumed.append(runner.start(point.node, point.variables))
    clock.now += 3.0
    resumed.append(runner.choose("silent"))
    assert resumed.finish().wait(WAIT)
    with Outbox.opened(record.path, forward.endpoint) as outbox:
        queued = [json.loads(text) for _, text in outbox.oldest(100)]
    exported = statements_for_session(
        record.session(session.id), record.events(session.id), scenario=scenario.scenario
    )

    assert queued == exported
    assert exported[-1]["result"]["duration"] == "PT5.000S"


def test_activities_are_named_by_their_titles_in_every_language_of_the_scenario() -> None:
    loaded, events = play_plan(ROOT / "tests/playthroughs/car_park_kept_to_yourself.plan")
    car_park = loaded.scenario
    info = _session(str(uuid.uuid4()), "nl", "car_park")

    statements = statements_for_session(info, events, scenario=car_park)
    started, entered, line = statements[:3]
    offered = next(s for s in statements if s["object"]["id"].endswith("/lobby/question"))

    assert started["object"]["definition"]["name"] == car_park.title
    assert started["object"]["definition"]["description"]["en"].startswith(
        " ".join(car_park.description["en"].split())[:40]
    )
    lobby = car_park.nodes["lobby"]
    assert entered["object"]["definition"]["name"]["en"].startswith("Tuesday evening, twenty")
    assert entered["object"]["definition"]["name"]["nl"].startswith("Dinsdagavond, tien over")
    assert len(entered["object"]["definition"]["name"]["nl"]) <= 120
    assert line["object"]["definition"]["description"] == {
        code: " ".join(text.split()) for code, text in lobby.lines[0].text.items()
    }
    question = offered["object"]["definition"]
    assert question["interactionType"] == "choice"
    assert [c["id"] for c in question["choices"]] == [c.id for c in lobby.choices]
    assert question["choices"][1]["description"]["en"].startswith("‘Walk me to my car")
    assert set(question["choices"][1]["description"]) == {"nl", "en"}
    for statement in statements:
        for activity in [statement["object"], *statement["context"]["contextActivities"].get(
            "parent", [])]:  # fmt: skip
            name = activity["definition"]["name"]
            assert set(name) == {"nl", "en"}, activity["id"]
            assert activity["id"].rsplit("/", 1)[-1] not in name.values()


def test_without_its_scenario_a_session_names_activities_by_id_in_an_undetermined_language(
    played: tuple[SessionInfo, list[RecordedEvent]],
) -> None:
    first = statements_for_session(*played)[0]

    assert first["object"]["definition"]["name"] == {"und": "loop"}


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_only_an_ending_that_was_safe_and_reported_is_a_success(plan: Path) -> None:
    loaded, events = play_plan(plan)
    info = _session(str(uuid.uuid4()), "en", loaded.scenario.id)
    (ended,) = [e for e in events if e.kind == "ending_reached"]
    ending = next(
        n.ending for n in loaded.scenario.nodes.values()
        if n.ending and n.ending.id == ended.payload["ending"]
    )  # fmt: skip

    done = statements_for_session(info, events, scenario=loaded.scenario)[-1]

    assert verb(done) == "completed"
    assert done["result"]["completion"] is True
    assert done["result"]["success"] is (ending.outcome == "safe_reported")
    if "report" in ending.tags.misses:
        assert done["result"]["success"] is False
    moves = len(read_plan(plan).moves)
    assert done["result"]["duration"] == f"PT{2.0 * moves:.3f}S"


def test_a_group_session_is_the_groups_and_the_trainers_picks_are_not_its_answers(
    record: Record, scenario: LoadedScenario
) -> None:
    clock = Clock()
    runner = Runner(scenario.scenario, scenario.logic, clock=clock)
    session = record.begin(
        trainee="K7QM-24X3", scenario=scenario, mode="projector", language="en", intensity=2
    )
    session.append(runner.start())
    session.append([VoteRecorded(t=clock.now, node="talk", counts={"again": 2, "leave": 7})])
    session.append(runner.choose("leave", by="group", via="vote"))
    session.append([VoteRecorded(t=clock.now, node="after", counts={"report": 4, "silent": 4})])
    session.append(runner.choose("silent", by="trainer", via="console"))
    assert session.finish().wait(WAIT)

    statements = statements_for_session(record.session(session.id), record.events(session.id))
    voted, picked = [s for s in statements if s["object"]["id"].endswith("/question")][1::2]

    assert {s["actor"]["objectType"] for s in statements} == {"Group"}
    assert statements[0]["actor"]["account"]["name"] == "K7QM-24X3"
    assert verb(voted) == "answered" and voted["result"]["response"] == "leave"
    assert voted["result"]["extensions"][f"{BASE}/extensions/votes"] == {"again": 2, "leave": 7}
    assert verb(picked) == "progressed" and "response" not in picked["result"]
    assert picked["result"]["extensions"][f"{BASE}/extensions/choice"] == "silent"
    assert picked["result"]["extensions"][f"{BASE}/extensions/chosen-by"] == "trainer"
    assert picked["result"]["extensions"][f"{BASE}/extensions/votes"] == {"report": 4, "silent": 4}
    assert ralph_errors(statements) == []
    (trace,) = traces_from_statements(statements)
    decisions = [(d.choice, d.by) for d in trace.decisions]
    assert decisions == [("leave", "group"), ("silent", "trainer")]


def test_a_timed_out_choice_is_no_answer(tmp_path: Path) -> None:
    plan = ROOT / "tests/playthroughs/car_park_drawn_in_timeout.plan"
    loaded, events = play_plan(plan)
    info = _session(str(uuid.uuid4()), "en", "car_park")

    statements = statements_for_session(info, events, scenario=loaded.scenario)
    skipped = next(s for s in statements if verb(s) == "skipped")
    applied = statements[statements.index(skipped) + 1]

    assert "response" not in skipped.get("result", {})
    assert verb(applied) == "progressed" and "response" not in applied["result"]


def test_the_activity_base_is_configurable_and_holds_every_minted_iri(
    record: Record, scenario: LoadedScenario
) -> None:
    session_id = play_everything(record, scenario)
    base = "https://training.example.nl/xapi/"
    settings = XapiSettings.from_environment({"SIMULATOR_XAPI_BASE": base})

    statements = statements_for_session(
        record.session(session_id), record.events(session_id), settings, scenario.scenario
    )
    text = json.dumps(statements)

    assert settings.activity_base == "https://training.example.nl/xapi"
    assert "simulator.invalid/xapi" not in text
    standard = set(STANDARD_TYPES.values())
    for statement in statements:
        activity = statement["object"]
        assert activity["id"].startswith("https://training.example.nl/xapi/scenarios/loop")
        kind = activity["definition"]["type"]
        assert kind in standard or kind.startswith("https://training.example.nl/xapi/activity-")
        assert not kind.startswith("https://w3id.org/xapi/seriousgames/") or kind in standard
        for key in statement["context"]["extensions"]:
            assert key.startswith("https://training.example.nl/xapi/extensions/")
    node = next(s for s in statements if s["object"]["id"].endswith("/nodes/talk"))
    assert node["object"]["definition"]["type"] == (
        "https://training.example.nl/xapi/activity-types/story-node"
    )
    (trace,) = traces_from_statements(statements, settings)
    assert trace.ending == "reported"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"SIMULATOR_XAPI_BASE": "training centre"}, "SIMULATOR_XAPI_BASE"),
        ({"SIMULATOR_XAPI_BASE": "https:///xapi"}, "SIMULATOR_XAPI_BASE"),
        ({"SIMULATOR_XAPI_HOMEPAGE": "centre.nl"}, "SIMULATOR_XAPI_HOMEPAGE"),
    ],
)
def test_a_base_or_home_page_that_is_no_absolute_iri_is_one_clear_error(
    environ: dict[str, str], named: str
) -> None:
    with pytest.raises(UsageError, match=f"{named}.*expected an absolute IRI"):
        XapiSettings.from_environment(environ)


def test_every_statement_keeps_the_xapi_rules_and_ralph_accepts_it(
    record: Record, scenario: LoadedScenario
) -> None:
    session_id = play_everything(record, scenario)
    group_id = play_everything(record, scenario, mode="projector")
    runner = Runner(scenario.scenario, scenario.logic)
    stopped = record.begin(
        trainee="AB2C-CD35", scenario=scenario, mode="text", language="nl", intensity=1
    )
    stopped.append(runner.start())
    stopped.append(runner.stop(by="trainer", reason="Jan was upset"))
    assert stopped.finish().wait(WAIT)
    statements = [
        s
        for i in (session_id, group_id, stopped.id)
        for s in statements_for_session(
            record.session(i), record.events(i), scenario=scenario.scenario
        )
    ]
    for plan in PLANS[:: len(PLANS) // 3]:
        loaded, events = play_plan(plan)
        info = _session(str(uuid.uuid4()), "nl", loaded.scenario.id)
        statements += statements_for_session(info, events, scenario=loaded.scenario)
        statements += statements_for_session(info, events)

    assert [p for s in statements for p in rule_problems(s)] == []
    assert ralph_errors(statements) == []
    terminated = next(s for s in statements if verb(s) == "terminated")
    assert terminated["result"]["completion"] is False
    assert _DURATION.fullmatch(terminated["result"]["duration"])
    assert "Jan was upset" not in json.dumps(statements)  # free text stays local


def test_statement_ids_are_the_same_every_time_and_unique_per_event(
    played: tuple[SessionInfo, list[RecordedEvent]],
) -> None:
    info, events = played

    first = statements_for_session(info, events)
    again = statements_for_session(info, events)
    ids = [s["id"] for s in first]

    assert first == again
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert ids[0] == statement_id(info.uuid, 0) != statement_id(str(uuid.uuid4()), 0)


def test_ralph_refuses_a_broken_statement() -> None:
    """The validator is not a rubber stamp."""
    good = SessionStatements(_session("0" * 32, "en"))(0, 1.7e9, 0.0, "started", {"node": "talk"})
    assert good is not None
    bad = json.loads(json.dumps(good))
    bad["actor"]["account"]["homePage"] = "not a url"
    del bad["verb"]["id"]

    errors = ralph_errors([good, bad])

    assert len(errors) == 1 and errors[0].startswith("1:")


def test_gaze_samples_notes_and_unknown_kinds_make_no_statement() -> None:
    make = SessionStatements(_session(str(uuid.uuid4()), "nl"))

    assert make(3, 1.7e9, 1.0, "gaze", {"heading": 1, "pitch": 0}) is None
    assert make(4, 1.7e9, 1.0, "note_added", {"node": "talk", "text": "free text"}) is None
    assert make(5, 1.7e9, 1.0, "vote_cast", {"note": "free text"}) is None


def test_statements_read_back_give_the_same_debrief_trace(
    played: tuple[SessionInfo, list[RecordedEvent]],
) -> None:
    info, events = played
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
    monkeypatch.setenv("SIMULATOR_XAPI_BASE", "https://training.example.nl/xapi")
    monkeypatch.setenv("SIMULATOR_CONTENT", str(tmp_path / "content"))
    out = tmp_path / "s.json"

    code = main(["export", str(session_id), "--format", "xapi"] + ["--data", str(record.path)])
    printed = json.loads(capsys.readouterr().out)
    assert main(["export", str(session_id), "--format", "xapi", "--data", str(record.path)]
                + ["-o", str(out)]) == 0  # fmt: skip

    assert code == 0
    assert json.loads(out.read_text("utf-8")) == printed
    assert printed[0]["actor"]["account"]["homePage"] == "https://training.example.nl/"
    assert printed[0]["object"]["id"] == "https://training.example.nl/xapi/scenarios/loop"
    assert printed[0]["object"]["definition"]["name"] == {"nl": "Loop", "en": "Loop"}
    assert f"({len(printed)} statements)" in capsys.readouterr().out
    assert out.stat().st_mode & 0o077 == 0


def test_export_without_the_scenario_file_names_activities_by_id_and_says_so(
    tmp_path: Path, record: Record, scenario: LoadedScenario, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    session_id = play_everything(record, scenario)
    record.close()
    monkeypatch.setenv("SIMULATOR_CONTENT", str(tmp_path / "elsewhere"))

    assert main(["export", str(session_id), "--format", "xapi", "--data", str(record.path)]) == 0
    captured = capsys.readouterr()

    assert json.loads(captured.out)[0]["object"]["definition"]["name"] == {"und": "loop"}
    assert "no scenario 'loop' in the content" in captured.err
