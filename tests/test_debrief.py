"""Debrief reports as a trainer sees them: generated from real records, opened in Chromium."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from browser_helpers import dump_dom, screenshot, section, visible_text
from record_helpers import SCENARIO, load_loop_scenario, write_loop_scenario

from simulator.cli import main
from simulator.record.store import Record, RecordedEvent
from simulator.record.trace import SessionTrace, trace_from_record
from simulator.report.debrief import group_debrief_html, session_debrief_html
from simulator.report.projector_debrief import projector_debrief_html
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.session.events import VoteRecorded
from simulator.session.gaze import GazeSample
from simulator.session.plans import read_plan, runner_for
from simulator.session.runner import Runner

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "playthroughs"
WAIT = 10.0


class Clock:
    """A session clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def car_park() -> LoadedScenario:
    return load_scenario(ROOT / "scenarios" / "car_park.yaml", explore=False)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return tmp_path / "chromium-profile"


@pytest.fixture
def loop_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "content"
    write_loop_scenario(folder)
    monkeypatch.setenv("SIMULATOR_CONTENT", str(folder))
    return folder


@pytest.fixture
def record(tmp_path: Path) -> Iterator[Record]:
    with Record.open(tmp_path / "data") as record:
        yield record


def play_plan(
    record: Record,
    loaded: LoadedScenario,
    plan_name: str,
    *,
    trainee: str = "K7QM-24X3",
    gaze: dict[str, list[tuple[str | None, tuple[str, ...]]]] | None = None,
) -> int:
    """Play a shipped plan through a Runner into the record, 2.5 s per choice; gaze samples
    (looking_at, in_view) are recorded while the named nodes play."""
    plan = read_plan(PLANS / f"{plan_name}.plan")
    clock = Clock()
    runner = runner_for(plan, loaded.scenario, loaded.logic, clock=clock)
    session = record.begin(
        trainee=trainee, scenario=loaded, mode="xr", language="en", intensity=plan.intensity
    )
    session.append(runner.start())
    for move in plan.moves:
        for looking_at, in_view in (gaze or {}).get(runner.node_id, []):
            clock.now += 0.2
            session.append_gaze(
                GazeSample(
                    t=clock.now, heading=0.0, pitch=0.0, looking_at=looking_at, in_view=in_view
                )
            )
        clock.now += 2.5
        step = runner.choose(move.arguments[0]) if move.directive == "choose" else runner.timeout()
        assert session.append(step).wait(WAIT)
    assert session.finish().wait(WAIT)
    return session.id


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- one session, in the browser -------------------------------------------------------------


def test_car_park_autoplay_debrief_shows_path_timeline_and_feedback_in_a_browser(
    tmp_path: Path,
    profile: Path,
    car_park: LoadedScenario,
    capsys: pytest.CaptureFixture[str],
    browser: str,
) -> None:
    data, report = tmp_path / "data", tmp_path / "report.html"
    plan = PLANS / "car_park_kept_to_yourself.plan"
    assert (
        main(
            ["play", "--text", "--lang", "en", "--intensity", "1", "--autoplay", str(plan)]
            + ["--data", str(data)]
        )
        == 0
    )
    assert main(["debrief", "1", "--data", str(data), "-o", str(report)]) == 0
    capsys.readouterr()

    dom = dump_dom(report, profile)
    text = visible_text(dom)
    what, why, take_away = (section(dom, s) for s in ("what-happened", "why", "take-away"))
    nodes = car_park.scenario.nodes

    assert "Debrief: Waited for in the car park" in text
    assert "kept_to_yourself" in visible_text(what) and "Safe, not reported" in visible_text(what)
    # The path on the branch graph: the visited nodes are highlighted, in order.
    assert "<svg" in what and 'class="graph"' in what
    visited = re.findall(r'<g class="node[^"]*\bvisited\b[^"]*" id="node-([a-z_]+)"', what)
    expected_path = [
        "lobby", "first_sight", "back_inside", "together_at_car", "men_leave_together",
        "photo_found_together", "in_car", "next_morning", "silent_days", "kept_to_yourself",
    ]  # fmt: skip
    assert sorted(visited) == sorted(expected_path)
    # The timeline: one row per node entered and per choice, with reaction times.
    timeline = re.findall(r'<tr class="step step-([a-z_]+)">', what)
    assert timeline.count("node_entered") == len(expected_path)
    assert timeline.count("choice_made") == 9
    assert timeline[-1] == "ending_reached"
    # Why: every choice with its feedback and its elements, deviations marked.
    chosen = re.findall(r'data-choice="([a-z_]+)"', why)
    assert chosen == [
        "ask_walk_along", "go_back_inside", "walk_together", "refuse_card_together",
        "note_plate_together", "downplay_to_marloes", "drive_home_silent", "keep_quiet",
        "ignore_call",
    ]  # fmt: skip
    downplay = next(c for c in nodes["photo_found_together"].choices if "downplay" in c.id)
    assert " ".join(downplay.feedback["en"].split()) in visible_text(why)
    assert "✗ report" in visible_text(why) and "✓ recognise the signal" in visible_text(why)
    assert why.count('class="choice deviated"') == 4
    # What to take away: the ending's feedback, the elements, the recommended alternatives.
    ending = nodes["kept_to_yourself"].ending
    assert ending is not None
    assert " ".join(ending.feedback["en"].split())[:80] in visible_text(take_away)
    assert re.search(r'data-element="report">.*?missed: talk about it', take_away, flags=re.S)
    assert 'id="deviations"' in take_away
    # Self-contained: nothing is loaded from elsewhere.
    page = report.read_text("utf-8")
    assert not re.search(r"<(link|script|img|iframe)\b|\bsrc=|url\(", page)
    assert "@media print" in page
    # Chromium renders it to a full-size picture.
    png = screenshot(report, profile, tmp_path / "report.png", size="1200,2400")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png.read_bytes()[16:24]) == (1200, 2400)


def test_stopped_and_interrupted_sessions_debrief_as_far_as_they_went(
    tmp_path: Path, profile: Path, record: Record, loop_content: Path, browser: str
) -> None:
    loaded = load_loop_scenario(loop_content)
    runner = Runner(loaded.scenario, loaded.logic)
    stopped = record.begin(
        trainee="K7QM-24X3", scenario=loaded, mode="text", language="en", intensity=2
    )
    stopped.append(runner.start())
    stopped.append(runner.choose("leave"))
    stopped.append(runner.pause())
    stopped.append(runner.stop(by="trainee", reason="needs a break"))
    assert stopped.finish().wait(WAIT)
    runner = Runner(loaded.scenario, loaded.logic)
    cut = record.begin(
        trainee="K7QM-24X3", scenario=loaded, mode="text", language="en", intensity=2
    )
    cut.append(runner.start())
    assert cut.append(runner.choose("again")).wait(WAIT)
    record.close()
    data = record.path.parent

    pages = {}
    for session_id in (stopped.id, cut.id):
        out = tmp_path / f"s{session_id}.html"
        assert main(["debrief", str(session_id), "--data", str(data), "-o", str(out)]) == 0
        pages[session_id] = visible_text(dump_dom(out, profile))

    assert "The session was stopped at after." in pages[stopped.id]
    assert (
        "Paused" in pages[stopped.id] and "Stopped by trainee (needs a break)" in pages[stopped.id]
    )
    assert "Chose: Leave" in pages[stopped.id]
    assert "The session was interrupted at talk and can be resumed." in pages[cut.id]
    assert "Chose: Again" in pages[cut.id]


def test_every_text_is_escaped_and_trainees_appear_by_code_only(
    tmp_path: Path, profile: Path, record: Record, browser: str
) -> None:
    folder = tmp_path / "content"
    path = write_loop_scenario(folder)
    hostile = SCENARIO.replace("en: Leave}", 'en: "<script>document.title=1</script><b>Go</b>"}')
    path.write_text(hostile, encoding="utf-8")
    loaded = load_scenario(path, explore=False)
    runner = Runner(loaded.scenario, loaded.logic)
    session = record.begin(
        trainee="K7QM-24X3", scenario=loaded, mode="text", language="en", intensity=2
    )
    session.append(runner.start())
    session.append(runner.choose("leave"))
    assert session.finish().wait(WAIT)
    record.set_identity("K7QM-24X3", name="Jan de Vries", email="jan@example.org")
    info = record.session(session.id)
    page = session_debrief_html(trace_from_record(info, record.events(session.id)), loaded.scenario)
    report = write(tmp_path / "report.html", page)

    dom = dump_dom(report, profile)

    assert "<script" not in dom and "<b>Go</b>" not in dom
    assert "<script>document.title=1</script><b>Go</b>" in visible_text(dom)
    assert "K7QM-24X3" in visible_text(dom)
    assert "Jan de Vries" not in page and "jan@example.org" not in page


def test_what_the_trainee_looked_at_while_cues_mattered(
    tmp_path: Path, profile: Path, record: Record, car_park: LoadedScenario, browser: str
) -> None:
    gaze = {
        "first_sight": [("man_b", ("man_b", "their_car"))] * 3 + [(None, ())],
        "photo_found_together": [("marloes", ("marloes", "windscreen_photo"))] * 4,
    }
    session_id = play_plan(record, car_park, "car_park_kept_to_yourself", gaze=gaze)
    info = record.session(session_id)
    page = session_debrief_html(
        trace_from_record(info, record.events(session_id)), car_park.scenario, language="en"
    )
    report = write(tmp_path / "report.html", page)

    looked = section(dump_dom(report, profile), "looked-at")
    rows = dict(re.findall(r'data-cue="([a-z_]+)">(.*?)</tr>', looked, flags=re.S))

    assert "noticed: looked at it in 3 of 4 samples" in visible_text(rows["gallery_man"])
    assert "in view (4 of 4 samples), but not looked at" in visible_text(rows["house_photo"])
    assert "in view (3 of 4 samples), but not looked at" in visible_text(rows["black_suv"])


def test_a_text_mode_session_says_gaze_was_not_measured(
    record: Record, car_park: LoadedScenario
) -> None:
    session_id = play_plan(record, car_park, "car_park_kept_to_yourself")
    info = record.session(session_id)
    page = session_debrief_html(
        trace_from_record(info, record.events(session_id)), car_park.scenario, language="nl"
    )

    assert "niet gemeten" in page and 'lang="nl"' in page
    assert "Waar keek de deelnemer naar?" in page


# The English words of the page kit and the branch graph (legend, title, counts, marks).
ENGLISH_WORDS = (
    "branch graph", "nodes", "choices", "endings", "ending:", "node", "timed", "seconds to",
    "recommended", "conditional", "visited path", "step numbers", "timeout", "safe, reported",
    "not reported", "unsafe", "drawn in", "keyboard", "Debrief", "trainee", " if ",
    "safe_reported", "safe_unreported", "drawn_in",  # outcomes shown as raw ids
)  # fmt: skip


def _words_of(page: str, loaded: LoadedScenario) -> str:
    """The page's visible text (SVG titles included) without the scenario's ids and the
    conditions its authors wrote, which no translation touches."""
    text = f" {visible_text(page)} "
    scenario = loaded.scenario
    ids = {*scenario.nodes, *(c.id for n in scenario.nodes.values() for c in n.choices)}
    ids |= {n.ending.id for n in scenario.nodes.values() if n.ending is not None}
    ids |= {str(c.when) for n in scenario.nodes.values() for c in n.choices if c.when}
    for name in sorted(ids, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


@pytest.mark.parametrize("page", ["session", "group", "projector"])
def test_a_dutch_debrief_page_with_its_graph_is_dutch_throughout(
    page: str, record: Record, car_park: LoadedScenario
) -> None:
    session_id = play_plan(record, car_park, "car_park_kept_to_yourself")
    trace = trace_from_record(record.session(session_id), record.events(session_id))
    if page == "session":
        html = session_debrief_html(trace, car_park.scenario, language="nl")
    elif page == "group":
        html = group_debrief_html([trace], {"car_park": car_park.scenario}, individual=True)
    else:
        runner = Runner(car_park.scenario, car_park.logic, intensity=2)
        events = [*runner.start()]
        events.append(VoteRecorded(t=1.0, node="lobby", counts={"ask_walk_along": 5}))
        events += runner.choose("ask_walk_along", by="group", via="vote")
        html = projector_debrief_html(car_park.scenario, events, "nl")

    words = _words_of(html, car_park)

    assert 'lang="nl"' in html
    found = [word for word in ENGLISH_WORDS if word in words]
    assert not found, f"English on a Dutch page: {found}"
    if page != "group":
        for dutch in ("overzicht van de takken", "momenten", "aanbevolen keuze", "einde: "):
            assert dutch in words


def test_unknown_event_kinds_are_shown_by_name_without_their_payload() -> None:
    info = _Info()
    events = [
        RecordedEvent(0, 1.0, 5.0, "started", {"v": 1, "scenario": "loop", "node": "talk"}),
        RecordedEvent(1, 1.0, 5.0, "node_entered", {"v": 1, "node": "talk"}),
        RecordedEvent(2, 2.0, 6.0, "vote_cast", {"v": 1, "node": "talk", "note": "Jan said no"}),
        RecordedEvent(3, 3.0, 7.5, "choice_made", {"v": 1, "node": "talk", "choice": "leave"}),
    ]

    trace = trace_from_record(info, events)
    page = session_debrief_html(trace, None, language="en")

    assert "Other event: vote_cast" in page and "Jan said no" not in page
    assert [d.choice for d in trace.decisions] == ["leave"]
    assert trace.steps[-1].t == pytest.approx(2.5)
    assert "The scenario file was not found" in page


class _Info:
    id, uuid, trainee, scenario_id, scenario_hash = 7, "0" * 32, "K7QM-24X3", "loop", "x"
    language, mode, intensity, status = "en", "text", 2, "interrupted"
    started_at = datetime(2026, 1, 1, tzinfo=UTC)
    ending = outcome = None


# -- a group ---------------------------------------------------------------------------------


def _group(record: Record, loaded: LoadedScenario) -> list[SessionTrace]:
    plays = [
        ("AAAA-2228", ["leave", "report"]),
        ("BBBB-333K", ["leave", "report"]),
        ("CCCC-444Z", ["again", "leave", "report"]),
        ("DDDD-555C", ["leave", "report"]),
        ("EEEE-666R", ["leave", "silent"]),
        ("AAAA-2228", ["leave", "report"]),
    ]
    for trainee, choices in plays:
        runner = Runner(loaded.scenario, loaded.logic)
        session = record.begin(
            trainee=trainee, scenario=loaded, mode="text", language="en", intensity=2
        )
        session.append(runner.start())
        for choice in choices:
            session.append(runner.choose(choice))
        assert session.finish().wait(WAIT)
    return [trace_from_record(s, record.events(s.id)) for s in record.sessions()]


def _cells(page: str, node: str) -> dict[str, str]:
    table = re.search(rf'<div class="decision" data-node="{node}">(.*?)</div>', page, re.S)
    assert table
    rows = re.findall(
        r'data-choice="([a-z_]+)".*?<td class="num count">(.*?)</td>', table.group(1), re.S
    )
    return {choice: visible_text(count) for choice, count in rows}


def test_a_group_debrief_hides_counts_of_fewer_than_three_trainees(
    tmp_path: Path, profile: Path, record: Record, loop_content: Path, browser: str
) -> None:
    loaded = load_loop_scenario(loop_content)
    traces = _group(record, loaded)
    scenarios = {"loop": loaded.scenario}
    hidden = write(tmp_path / "g.html", group_debrief_html(traces, scenarios, language="en"))
    shown = write(
        tmp_path / "i.html",
        group_debrief_html(traces, scenarios, language="en", individual=True),
    )

    dom, individual = dump_dom(hidden, profile), dump_dom(shown, profile)

    # talk: leave by 5 trainees, again by 1: 'again' hidden; 'leave' too, or 6 - 5 gives it away.
    assert _cells(dom, "talk") == {"again": "< 3", "leave": "< 3"}
    # after: report by 4 trainees (5 sessions), silent by 1: both hidden for the same reason.
    assert _cells(dom, "after") == {"report": "< 3", "silent": "< 3"}
    endings = dict(
        re.findall(r'data-ending="([a-z_]+)">.*?<td class="num count">(.*?)</td>', dom, re.S)
    )
    assert visible_text(endings["reported"]) == "< 3" and visible_text(endings["quiet"]) == "< 3"
    assert "EEEE-666R" not in dom and 'id="individual"' not in dom
    assert "Counts that identify fewer than 3 trainees" in visible_text(dom)
    # Asked for individual views, the trainer sees every count and every code.
    assert _cells(individual, "talk") == {"again": "1", "leave": "6"}
    assert _cells(individual, "after") == {"report": "5", "silent": "1"}
    assert "EEEE-666R" in visible_text(individual)
    recommended = {
        choice.id for node in loaded.scenario.nodes.values() for choice in node.choices
        if choice.recommended
    }  # fmt: skip
    starred = re.findall(
        r'<tr data-choice="([a-z_]+)" class="recommended"><td><span class="star">★', individual
    )
    assert recommended and set(starred) == recommended


def test_a_group_debrief_shows_counts_and_medians_of_three_or_more(
    record: Record, loop_content: Path
) -> None:
    loaded = load_loop_scenario(loop_content)
    traces = [t for t in _group(record, loaded) if t.trainee != "EEEE-666R"]

    page = group_debrief_html(traces, {"loop": loaded.scenario}, language="en")

    # after: report by 4 trainees in 5 sessions; silent by none.
    assert _cells(page, "after") == {"report": "5", "silent": "0"}
    assert 'data-ending="reported"' in page


def test_group_debrief_command_picks_sessions_by_id_scenario_and_date(
    tmp_path: Path, record: Record, loop_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded = load_loop_scenario(loop_content)
    _group(record, loaded)
    record.close()
    data = str(record.path.parent)
    today = datetime.now().date().isoformat()
    out = tmp_path / "g.html"

    en = ["--lang", "en", "-o", str(out)]
    assert main(["debrief", "--group", "--sessions", "1,2,3", "--data", data, *en]) == 0
    assert "3 sessions" in out.read_text("utf-8")
    assert main(["debrief", "--group", "--scenario", "loop", "--data", data, *en]) == 0
    assert "6 sessions" in out.read_text("utf-8")
    assert main(["debrief", "--group", "--since", today, "--until", today, "--data", data]
                + ["-o", str(out), "--lang", "nl"]) == 0  # fmt: skip
    assert "6 sessies" in out.read_text("utf-8")
    assert main(["debrief", "--group", "--since", "2001-01-01", "--until", "2001-01-02"]
                + ["--data", data, *en]) == 0  # fmt: skip
    assert "No sessions found." in visible_text(out.read_text("utf-8"))
    assert main(["debrief", "--group", "--data", data]) == 2
    assert main(["debrief", "--group", "--sessions", "99", "--data", data]) == 2
    assert "no session 99" in capsys.readouterr().err
