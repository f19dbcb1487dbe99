"""Every kind of page the simulator writes, generated from the shipped scenarios into a folder."""

from __future__ import annotations

from pathlib import Path

from simulator.cli import main
from simulator.report.projector_debrief import projector_debrief_html
from simulator.scenario.loading import load_scenario
from simulator.session.events import NoteAdded, VoteRecorded
from simulator.session.runner import Runner

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def write_report_pages(folder: Path) -> dict[str, Path]:
    """Write a session debrief of each shipped scenario (played at random, seeded), a group
    debrief of three car park sessions (hidden counts and individual views), the projector
    debrief of a group session with votes and notes, the car park's facilitator's guide, and
    the car park's graph as SVG; the
    files by name. The simulator's own output goes to stdout (tests capture it)."""
    data, pages = folder / "data", {}
    plays = [("car_park", "en", 1), ("car_park", "en", 2), ("car_park", "en", 3)]
    plays.append(("front_desk", "nl", 1))
    for session, (scenario, language, seed) in enumerate(plays, start=1):
        play = ["play", scenario, "--text", "--lang", language, "--autoplay", "random"]
        assert main([*play, "--seed", str(seed), "--data", str(data)]) == 0
        if seed == 1:
            pages[f"session-{scenario}"] = folder / f"session-{scenario}.html"
            debrief = ["debrief", str(session), "-o", str(pages[f"session-{scenario}"])]
            assert main([*debrief, "--data", str(data)]) == 0
    for name, extra in (("group", []), ("group-individual", ["--individual"])):
        pages[name] = folder / f"{name}.html"
        group = ["debrief", "--group", "--scenario", "car_park", "--lang", "en", *extra]
        assert main([*group, "--data", str(data), "-o", str(pages[name])]) == 0
    pages["projector"] = folder / "projector.html"
    pages["projector"].write_text(_projector_page(), encoding="utf-8")
    pages["guide"] = folder / "guide-car_park.html"
    assert main(["guide", "car_park", "--lang", "nl", "-o", str(pages["guide"])]) == 0
    pages["graph"] = folder / "car_park.svg"
    assert main(["graph", "car_park", "-o", str(pages["graph"]), "--path", "lobby"]) == 0
    return pages


def _projector_page() -> str:
    loaded = load_scenario(SCENARIOS / "car_park.yaml", explore=False)
    runner = Runner(loaded.scenario, loaded.logic, intensity=2)
    events = [*runner.start()]
    events.append(
        VoteRecorded(t=1.0, node="lobby", counts={"go_out_alone": 4, "ask_walk_along": 3})
    )
    events.append(NoteAdded(t=2.0, node="lobby", text="Who would have gone alone? <why>"))
    events += runner.choose("go_out_alone", by="group", via="vote")
    events += runner.choose(runner.choices[0].id, by="trainer", via="keyboard")
    return projector_debrief_html(loaded.scenario, events, "en")
