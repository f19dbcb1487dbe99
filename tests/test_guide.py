"""The facilitator's guide: made from the scenario, every decision in it, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import dump_dom, section, visible_text

from simulator.cli import main
from simulator.report.guide import guide_html
from simulator.scenario.loading import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_guide_holds_every_decision_its_options_questions_and_the_real_channels(
    path: Path, language: str
) -> None:
    loaded = load_scenario(path, explore=False)
    scenario = loaded.scenario
    page = guide_html(loaded, language)
    decisions = [node_id for node_id, node in scenario.nodes.items() if node.choices]
    for node_id in decisions:
        assert f'id="decision-{node_id}"' in page
        for choice in scenario.nodes[node_id].choices:
            assert choice.text[language].replace("'", "&#39;") in page
        for question in scenario.nodes[node_id].discuss:
            assert question[language].replace("'", "&#39;") in page
    assert all(f'id="ending-{n.ending.id}"' in page for n in scenario.nodes.values() if n.ending)
    assert scenario.content_warning[language].replace("'", "&#39;") in page
    for channel in ("112", "0800-7000", "RIEC", "Ondersteuningsteam Weerbaar Bestuur"):
        assert channel in page


def test_the_guide_in_a_browser_plans_the_session_and_numbers_the_decisions(
    tmp_path: Path, browser: str
) -> None:
    guide = tmp_path / "guide.html"
    assert main(["guide", "front_desk", "--lang", "en", "-o", str(guide)]) == 0
    dom = dump_dom(guide, tmp_path / "profile")
    plan = visible_text(section(dom, "plan"))
    assert "The scenario on the projector; the group votes at each decision" in plan
    assert "Total" in plan
    decisions = visible_text(section(dom, "decisions"))
    assert decisions.startswith("4. The decisions 1. call_next")
    assert "Questions for the group" in decisions


def test_a_guide_in_a_language_the_scenario_lacks_is_refused(tmp_path: Path, capsys) -> None:
    assert main(["guide", "car_park", "--lang", "de", "-o", str(tmp_path / "g.html")]) == 2
    assert "has no language 'de'" in capsys.readouterr().err
