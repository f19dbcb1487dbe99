"""play --watch: a scenario saved while it plays is loaded again, and play goes on from there.

Real files in a test folder, saved as editors save them (in place, or a new file renamed over
the old one), watched by the real file watcher; the session is recorded in a real record.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from flow_fakes import FakePresenter

from simulator.record.store import Record
from simulator.record.trace import trace_from_record
from simulator.report.session_debrief import session_debrief_html
from simulator.scenario.loading import load_scenario
from simulator.session.events import Jumped
from simulator.session.flow import AT_ONCE, SessionFlow
from simulator.session.runner import RunnerError
from simulator.session.watch import Reloaded, ReloadFailed, ScenarioWatch

RULES = Path(__file__).resolve().parent / "fixtures" / "rules"
WAIT = 10.0
"""Seconds a test waits for the watcher to see a save (it takes a fraction of one)."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the rule fixtures' valid scenario and its scene: the scenario's path."""
    (tmp_path / "scenarios").mkdir()
    shutil.copytree(RULES / "scenes", tmp_path / "scenes")
    shutil.copytree(RULES / "assets", tmp_path / "assets")
    path = tmp_path / "scenarios" / "valid.yaml"
    shutil.copy(RULES / "scenarios" / "valid.yaml", path)
    return path


def edit(path: Path, old: str, new: str, *, rename: bool = False) -> None:
    """Save ``path`` with ``old`` replaced: in place, or (``rename``) as editors that write a
    new file and rename it over the old one."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    changed = text.replace(old, new)
    if rename:
        fresh = path.with_name(f".{path.name}.swp")
        fresh.write_text(changed, encoding="utf-8")
        os.replace(fresh, path)
    else:
        path.write_text(changed, encoding="utf-8")


def next_save(watch: ScenarioWatch) -> Reloaded | ReloadFailed:
    save = watch.wait(WAIT)
    assert save is not None, "the watcher did not see the save"
    return save


def test_a_save_in_place_and_a_renamed_save_are_both_loaded_again(project: Path) -> None:
    with ScenarioWatch(load_scenario(project)) as watch:
        assert watch.poll() is None
        edit(project, "Goedenavond.", "Goedemiddag.")
        save = next_save(watch)
        assert isinstance(save, Reloaded)
        hello = save.loaded.scenario.nodes["meet"].lines[0]
        assert hello.text["nl"] == "Goedemiddag."

        edit(project, "Good evening.", "Good afternoon.", rename=True)
        save = next_save(watch)
        assert isinstance(save, Reloaded)
        assert save.loaded.scenario.nodes["meet"].lines[0].text["en"] == "Good afternoon."
        assert watch.poll() is None  # each save is handed over once


def test_a_saved_scene_is_loaded_again_with_its_scenario(project: Path) -> None:
    scene = project.parent.parent / "scenes" / "lot.yaml"
    with ScenarioWatch(load_scenario(project)) as watch:
        assert scene.resolve() in watch.files
        edit(scene, "title: {nl: Parkeerplaats", "title: {nl: De parkeerplaats")
        save = next_save(watch)
        assert isinstance(save, Reloaded)
        assert save.loaded.scene.title["nl"] == "De parkeerplaats"


def test_a_broken_save_lists_its_problems_with_file_and_line(project: Path) -> None:
    with ScenarioWatch(load_scenario(project)) as watch:
        edit(project, "goto: pressed", "goto: nowhere")
        save = next_save(watch)
        assert isinstance(save, ReloadFailed)
        [problem] = [line for line in save.lines if "nowhere" in line]
        number = project.read_text().splitlines().index("        goto: nowhere") + 1
        assert problem.startswith(f"{project}:{number}:")

        edit(project, "title: {nl: Wachten", "title: [nl: Wachten")  # not YAML at all
        save = next_save(watch)
        assert isinstance(save, ReloadFailed)
        assert any(str(project) in line for line in save.lines)


def test_other_files_in_the_folder_are_not_loaded(project: Path) -> None:
    loads: list[Path] = []

    def load(path: Path):
        loads.append(path)
        return load_scenario(path)

    with ScenarioWatch(load_scenario(project), load=load) as watch:
        (project.parent / "notes.txt").write_text("not a scenario", encoding="utf-8")
        assert watch.wait(1.0) is None
    assert loads == []


# -- the flow going on with a new version ---------------------------------------------------


def begun(path: Path, recording=None) -> tuple[SessionFlow, FakePresenter]:
    presenter = FakePresenter()
    flow = SessionFlow(
        load_scenario(path),
        presenter,
        language="en",
        intensity=2,
        recording=recording,
        pacing=AT_ONCE,
    )
    flow.start()
    for _ in range(5):
        flow.tick(0.1)
    return flow, presenter


def lines_shown(presenter: FakePresenter) -> list[str]:
    return [call[2] for call in presenter.calls if call[0] == "line"]


def test_the_current_node_plays_again_with_the_new_text_and_its_variables(project: Path) -> None:
    flow, presenter = begun(project)
    assert flow.pick(flow.runner.choices.index(choice(flow, "freeze")), via="keyboard")
    for _ in range(5):
        flow.tick(0.1)
    assert flow.runner.node_id == "pressed"
    assert flow.runner.variables["pressure"] == 1
    edit(project, "text: {nl: Ga weg., en: Leave.}", "text: {nl: Ga weg., en: Walk away.}")
    edit(
        project,
        "    choices:\n      - {id: leave_late",
        "    lines:\n"
        '      - {id: more, speaker: man_a, text: {nl: "Nou?", en: "Well?"}}\n'
        "    choices:\n      - {id: leave_late",
    )

    assert flow.reload(load_scenario(project)) is None
    for _ in range(5):
        flow.tick(0.1)
    assert flow.runner.node_id == "pressed"
    assert flow.runner.variables["pressure"] == 1  # as the node was entered
    assert lines_shown(presenter)[-1] == "Well?"
    assert "Walk away." in presenter.choices
    assert "Discuss the file." in presenter.choices  # its condition reads the kept variable
    [jump] = [event for event in flow.log if isinstance(event, Jumped)]
    assert (jump.reason, jump.by, jump.target) == ("reload", "author", "pressed")


def choice(flow: SessionFlow, choice_id: str):
    return next(c for c in flow.runner.choices if c.id == choice_id)


def test_a_node_that_is_gone_goes_on_at_the_nearest_on_the_path_back(project: Path) -> None:
    flow, presenter = begun(project)
    flow.pick(flow.runner.choices.index(choice(flow, "freeze")), via="keyboard")
    flow.tick(0.1)
    assert flow.runner.node_id == "pressed"
    edit(project, "goto: pressed", "goto: pressed_again")
    edit(project, "  pressed:\n", "  pressed_again:\n")

    notice = flow.reload(load_scenario(project))
    assert notice == (
        "Moment pressed is gone; going on at meet, the nearest moment on the path back."
    )
    assert flow.runner.node_id == "meet"
    assert flow.runner.variables["pressure"] == 0  # as meet was entered


def test_a_new_version_of_another_scenario_is_refused(project: Path) -> None:
    flow, _ = begun(project)
    edit(project, "id: valid", "id: another")
    with pytest.raises(RunnerError, match="id changed from 'valid' to 'another'"):
        flow.reload(load_scenario(project))
    assert flow.runner.node_id == "meet"
    assert flow.pick(0, via="keyboard")  # the session goes on with what it played


def test_a_broken_save_holds_the_session_until_the_next_valid_one(project: Path) -> None:
    flow, _ = begun(project)
    left = flow.runner.time_left()
    flow.hold_for_fix()
    for _ in range(30):
        flow.tick(0.1)
    assert flow.paused and not flow.pick(0, via="keyboard")
    assert flow.runner.time_left() == left  # the time limit waits too
    flow.reload(load_scenario(project))
    assert not flow.paused
    flow.tick(0.1)
    assert flow.pick(0, via="keyboard")


def test_a_reloaded_session_keeps_every_event_in_the_record(project: Path, tmp_path) -> None:
    loaded = load_scenario(project)
    with Record.open(tmp_path / "data") as record:
        session = record.begin(
            trainee="K7QM-24X3", scenario=loaded, mode="text", language="en", intensity=2
        )
        flow, _ = begun(project, recording=session)
        edit(project, "Good evening.", "Good afternoon.")
        flow.reload(load_scenario(project))
        flow.tick(0.1)
        assert flow.pick(0, via="keyboard")
        flow.tick(0.1)
        flow.finish_recording()
        events = record.events(session.id)
        trace = trace_from_record(record.session(session.id), events)
    kinds = [event.kind for event in events]
    assert kinds.count("started") == 1
    assert [kind for kind in kinds if kind in ("jumped", "choice_made")] == [
        "jumped",
        "choice_made",
    ]
    html = session_debrief_html(trace, load_scenario(project).scenario, language="en")
    assert "The scenario file was saved and reloaded; on at meet" in html


# -- the terminal, end to end ---------------------------------------------------------------


def test_text_play_goes_on_with_each_valid_save_and_waits_out_a_broken_one(project: Path) -> None:
    play = subprocess.Popen(
        [sys.executable, "-m", "simulator", "play", str(project), "--text", "--watch",
         "--lang", "en", "--no-record", "--no-timers", "--seed", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=project.parent.parent,
    )  # fmt: skip
    assert play.stdin is not None and play.stdout is not None
    printed: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [printed.put(line) for line in play.stdout], daemon=True
    ).start()
    seen: list[str] = []

    def read_until(words: str) -> None:
        """Read what play prints until ``words`` appear after what was read before."""
        start = len(seen)
        deadline = time.monotonic() + 30
        while words not in "".join(seen[start:]):
            try:
                seen.append(printed.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                raise AssertionError(f"never printed {words!r}:\n{''.join(seen)}") from None

    try:
        read_until("1. Walk on.")
        edit(project, "Walk on.", "Walk on now.")
        read_until("1. Walk on now.")
        edit(project, "goto: after", "goto: nowhere")
        read_until("has problems")
        read_until("nowhere")
        edit(project, "goto: nowhere", "goto: after")
        read_until("Reloaded")
        read_until("1. Walk on now.")
        play.stdin.write("q\n")
        play.stdin.flush()
        assert play.wait(30) == 0
    finally:
        play.kill()
    output = "".join(seen)
    assert "Traceback" not in output
    assert "scenarios/valid.yaml:" in output  # the problem names file and line
