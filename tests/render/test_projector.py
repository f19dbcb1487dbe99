"""A trainer-led group session on the projector, driven from the trainer's console."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator.record.store import Record
from simulator.scenario.loading import load_scenario
from simulator.session.runner import Runner
from simulator.session.trainer_console import letter

ROOT = Path(__file__).resolve().parents[2]
CAR_PARK = ROOT / "scenarios" / "car_park.yaml"
SEED = 5

pytestmark = pytest.mark.render

SCRIPT = """\
status
reveal
vote {lobby}
majority
reveal
vote {first_sight}
majority
note De groep dacht: het zal wel meevallen
reveal
vote 2 5 3
pick {small_talk}
back
reveal
pick A
jump report_meeting
reveal
vote 9 3
majority
reveal
vote 5 2 1
majority
reveal
vote 6 1 1
majority
wait
debrief {debrief}
end
"""


def _offered_on_the_way() -> dict[str, tuple[str, ...]]:
    """The choice ids each node of the script's path offers, in the order the seed shows."""
    loaded = load_scenario(CAR_PARK, explore=False)
    runner = Runner(loaded.scenario, loaded.logic, seed=SEED)
    runner.start()
    offered = {}
    for node, taken in (("lobby", "go_out_alone"), ("first_sight", "walk_to_car")):
        offered[node] = tuple(choice.id for choice in runner.choices)
        runner.choose(taken)
    offered["greeting"] = tuple(choice.id for choice in runner.choices)
    return offered


OFFERED = _offered_on_the_way()
LOBBY_VOTES = {"go_out_alone": 7, "ask_walk_along": 1}
FIRST_SIGHT_VOTES = {"go_back_inside": 1, "walk_to_car": 6, "wait_at_door": 2}


def letter_of(node: str, choice: str) -> str:
    return letter(OFFERED[node].index(choice))


def counts_in_letter_order(node: str, votes: dict[str, int]) -> str:
    return " ".join(str(votes[choice]) for choice in OFFERED[node])


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("projector")
    debrief = folder / "debrief.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "play",
            str(CAR_PARK),
            "--mode",
            "projector",
            "--offscreen",
            "--size",
            "1920x1080",
            "--screenshots",
            str(folder / "shots"),
            "--data",
            str(folder / "data"),
            "--trainee",
            "GRPP-222Z",
            "--lang",
            "nl",
            "--seed",
            str(SEED),
        ],
        input=SCRIPT.format(
            lobby=counts_in_letter_order("lobby", LOBBY_VOTES),
            first_sight=counts_in_letter_order("first_sight", FIRST_SIGHT_VOTES),
            small_talk=letter_of("greeting", "small_talk"),
            debrief=debrief,
        ),
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return folder, result.stdout, debrief


def test_the_console_reports_each_step(session) -> None:
    _, console, _ = session
    assert "decision point [lobby] (held)" in console
    assert (
        f"  {letter_of('lobby', 'ask_walk_along')}) ‘Loop je straks met me mee naar de auto?"
        in console
    )
    assert "(recommended)" in console
    lobby = ", ".join(f"{letter_of('lobby', c)} {LOBBY_VOTES[c]}" for c in OFFERED["lobby"])
    assert f"vote recorded: {lobby}" in console
    assert f"the group chose {letter_of('lobby', 'go_out_alone')} (go_out_alone)" in console
    assert "note added at [first_sight]" in console or "note added at [greeting]" in console
    assert f"the trainer chose {letter_of('greeting', 'small_talk')} (small_talk)" in console
    assert "back at [greeting]: explore another branch" in console
    assert "jumped to [report_meeting]" in console
    assert "session ended" in console


def test_the_record_holds_votes_deciders_notes_and_the_branch_abandoned(session) -> None:
    folder, _, _ = session
    with Record.open(folder / "data") as record:
        (info,) = record.sessions()
        assert info.mode == "projector"
        events = [event.decode() for event in record.events(info.id)]
    kinds = [type(event).__name__ for event in events if event is not None]
    votes = [e.counts for e in events if type(e).__name__ == "VoteRecorded"]
    assert votes[:2] == [LOBBY_VOTES, FIRST_SIGHT_VOTES]
    made = [(e.choice, e.by, e.via) for e in events if type(e).__name__ == "ChoiceMade"]
    assert made[0] == ("go_out_alone", "group", "vote")
    assert ("small_talk", "trainer", "console") in made
    assert made[-1][1] == "group"
    jumps = [(e.target, e.reason) for e in events if type(e).__name__ == "Jumped"]
    assert ("greeting", "back") in jumps and ("report_meeting", "jump") in jumps
    assert "NoteAdded" in kinds
    assert info.status == "ended"


def test_the_projector_debrief_shows_the_discussion(session) -> None:
    _, _, debrief = session
    page = debrief.read_text(encoding="utf-8")
    assert "Nabespreking groepssessie" in page
    assert "<svg" in page, "the branch graph with the explored branches"
    assert "gekozen door de groep" in page and "gekozen door de trainer" in page
    assert "verkend, daarna teruggegaan" in page
    assert "De groep dacht: het zal wel meevallen" in page
    assert "aanbevolen" in page
    assert "GRPP-222Z" not in page, "no individual's code on the projector"


def test_screenshots_at_1920_show_lettered_options(session) -> None:
    folder, _, _ = session
    shots = sorted((folder / "shots").glob("*.png"))
    assert shots, "a screenshot at every decision point"
    import panda3d.core as p3d

    image = p3d.PNMImage(p3d.Filename.from_os_specific(str(shots[0])))
    assert (image.get_x_size(), image.get_y_size()) == (1920, 1080)


def test_debriefing_the_recorded_session_gives_the_group_page(session) -> None:
    folder, _, _ = session
    output = folder / "from_record.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "debrief",
            "1",
            "--data",
            str(folder / "data"),
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    page = output.read_text(encoding="utf-8")
    assert "Nabespreking groepssessie" in page and "verkend, daarna teruggegaan" in page
    assert "GRPP-222Z" not in page


@pytest.mark.slow
@pytest.mark.parametrize("autoplay", [["--autoplay", "random"], []])
def test_a_projector_session_with_its_console_closed_does_not_wait_for_ever(
    tmp_path: Path, autoplay: list[str]
) -> None:
    """Standard input closed (a launcher, a service): the console says so once; autoplay
    plays on, and without it the session ends at the first held moment."""
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "play", str(CAR_PARK), "--mode", "projector",
         "--offscreen", "--size", "320x240", "--no-record", *autoplay],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("trainer console: the input is closed;") == 1
    held = result.stdout.count("decision point [")
    if autoplay:
        assert held > 1, "autoplay went on past the first decision point"
    else:
        assert held == 1 and "session ended" in result.stdout
