"""`simulator import`: a Twine story written by hand in Twee 3, converted into a scenario that
validates and plays, with what could not be mapped listed by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import simulator

from simulator.scenario.loading import load_scenario

STORY = """\
:: StoryTitle
The parking garage

:: StoryData
{
  "ifid": "D674C58C-DEFA-4F70-B7A2-27742230C0FC",
  "format": "Harlowe",
  "start": "Arrival"
}

:: Arrival {"position":"100,100"}
(set: $pressure to 0)(set: $told to false)
A man waits by your car. He knows your name.

He smiles.
[[Walk back inside->Inside]]
[[Talk to him|Talk]]
[[Ignore<-Say nothing and get in]]

:: Talk [tense]
(set: $pressure to it + 1)
About that permit, he says.
(if: $pressure > 1)[He steps closer.]
[[Report it]]
[[Keep quiet]]

:: Inside [together]
You tell the porter.
(link-goto: "Tell your manager", "Report it")

:: Ignore
<<set $pressure += 2>>
You drive off, shaking.
[[Report it]]
[[Keep quiet]]
[[Go home->Nowhere]]

:: Report it [safe_reported report]
<<set $told to true>>
You report it to your manager.

:: Keep quiet [safe_unreported]
You tell no one.

:: Styles [stylesheet]
body { color: red; }
"""


@pytest.fixture
def converted(tmp_path: Path):
    story = tmp_path / "story.twee"
    story.write_text(STORY, encoding="utf-8")
    output = tmp_path / "scenarios" / "parking_garage.yaml"
    result = simulator("import", str(story), "-o", str(output), cwd=tmp_path)
    return result, output


def test_passages_become_nodes_links_choices_and_sets_effects(converted) -> None:
    result, output = converted
    assert "wrote" in result.stdout and "6 nodes from 9 passages" in result.stdout
    scenario = load_scenario(output).scenario
    assert scenario.title == {"en": "The parking garage"} and scenario.languages == ("en",)
    assert scenario.start == "arrival"
    assert scenario.variables == {"pressure": 0, "told": False}
    arrival = scenario.nodes["arrival"]
    assert [line.text["en"] for line in arrival.lines] == [
        "A man waits by your car. He knows your name.",
        "He smiles.",
    ]
    assert [(c.text["en"], c.goto) for c in arrival.choices] == [
        ("Walk back inside", "inside"),
        ("Talk to him", "talk"),
        ("Say nothing and get in", "ignore"),
    ]
    talk_to_him, ignore = arrival.choices[1], arrival.choices[2]
    assert talk_to_him.effects == {"pressure": "pressure + 1"}
    assert ignore.effects == {"pressure": "pressure + 2"}
    assert [c.goto for c in scenario.nodes["inside"].choices] == ["report_it"]
    assert arrival.choices[0].tags.shows == ("together",)
    to_report = next(c for c in scenario.nodes["talk"].choices if c.goto == "report_it")
    assert to_report.effects == {"told": True} and to_report.tags.shows == ("report",)
    endings = {n.ending.id: n.ending.outcome for n in scenario.nodes.values() if n.ending}
    assert endings == {"report_it": "safe_reported", "keep_quiet": "safe_unreported"}
    assert all(c.feedback["en"].startswith("TO WRITE: ") for c in arrival.choices)


def test_what_cannot_be_mapped_is_listed_with_its_line(converted) -> None:
    result, _ = converted
    assert result.returncode == 1
    listed = [line.split(": ", 1)[1] for line in result.stderr.strip().splitlines()]
    assert listed == [
        "line 20: tag 'tense' of 'Talk' has no meaning here",
        "line 45: passage 'Styles' (stylesheet) skipped",
        "line 23: '(if: $pressure > 1)' in 'Talk' (macro 'if')",
        "line 36: link 'Go home' in 'Ignore' leads to no passage 'Nowhere'",
    ]
    assert "texts to write (search for 'TO WRITE:')" in result.stdout


def test_the_converted_story_plays_to_every_ending(converted, tmp_path: Path) -> None:
    _, output = converted
    tested = simulator("test", str(output), cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout
    assert "endings reached: 2/2" in tested.stdout


def test_a_file_that_is_not_twee_or_an_existing_output_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Just some notes.\n", encoding="utf-8")
    output = tmp_path / "scenarios" / "x.yaml"
    refused = simulator("import", str(notes), "-o", str(output), cwd=tmp_path)
    assert refused.returncode == 2 and "holds no passages" in refused.stderr
    output.parent.mkdir()
    output.write_text("keep me", encoding="utf-8")
    kept = simulator("import", str(notes), "-o", str(output), cwd=tmp_path)
    assert kept.returncode == 2 and "exists" in kept.stderr
    assert output.read_text(encoding="utf-8") == "keep me"
