"""Translators' files: a scenario exported to PO, edited as a translator would in Poedit, and
imported back into the YAML without disturbing the author's file."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from cli_helpers import simulator
from ruamel.yaml import YAML

from simulator.cli import main
from simulator.scenario.loading import load_scenario
from simulator.scenario.texts import scenario_texts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A copy of the front desk scenario and its scene, to write translations into."""
    for folder in ("scenarios", "scenes"):
        (tmp_path / folder).mkdir()
    shutil.copy(ROOT / "scenes" / "town_hall_front_desk.yaml", tmp_path / "scenes")
    return Path(shutil.copy(ROOT / "scenarios" / "front_desk.yaml", tmp_path / "scenarios"))


def _in_order_with_additions(original: list[str], written: list[str]) -> bool:
    """Whether ``written`` holds every line of ``original`` in order, with lines added between
    them and one-line ``{nl: ..., en: ...}`` texts extended with another language."""
    lines = iter(written)
    return all(
        any(line == old or line.startswith(old.removesuffix("}") + ", de: ") for line in lines)
        for old in original
    )


def export(scenario: Path, language: str, out: Path) -> polib.POFile:
    assert main(["i18n", "export", str(scenario), "--lang", language, "-o", str(out)]) == 0
    return polib.pofile(str(out))


def test_every_text_is_an_entry_with_a_stable_context_a_comment_and_its_line(
    scenario: Path, tmp_path: Path
) -> None:
    po = export(scenario, "de", tmp_path / "de.po")
    loaded = load_scenario(scenario, explore=False)
    assert len(po) == len(list(scenario_texts(loaded.scenario)))
    assert len({entry.msgctxt for entry in po}) == len(po)
    assert po.metadata["Language"] == "de" and po.metadata["X-Source-Language"] == "nl"
    first_line = next(iter(loaded.scenario.nodes.values())).lines[0]
    node_id = next(iter(loaded.scenario.nodes))
    entry = next(e for e in po if e.msgctxt == f"nodes.{node_id}.lines.{first_line.id}.text")
    assert entry.msgid == first_line.text["nl"] and entry.msgstr == ""
    assert entry.tcomment.startswith(f"node {node_id}: said by ")
    assert entry.comment == f"en: {first_line.text['en']}", "the other language alongside"
    ((file, line),) = entry.occurrences
    assert file == "front_desk.yaml" and int(line) > 1
    review = export(scenario, "en", tmp_path / "en.po")
    assert all(e.msgstr for e in review), "an existing language is exported for review"


def test_a_translation_goes_into_the_yaml_keeping_its_comments_and_order(
    scenario: Path, tmp_path: Path
) -> None:
    original = scenario.read_text(encoding="utf-8")
    po = export(scenario, "de", tmp_path / "de.po")
    for entry in po:
        entry.msgstr = f"Deutsch: {entry.msgid}"
    po[3].flags.append("fuzzy")
    po[4].msgstr = ""
    po.save(str(tmp_path / "de.po"))

    partly = simulator("i18n", "import", str(tmp_path / "de.po"), str(scenario))
    assert partly.returncode == 1
    assert f"{len(po) - 2} texts in 'de' written" in partly.stdout
    assert "'de' added to its languages" in partly.stdout
    assert f"1 fuzzy, not used: {po[3].msgctxt}" in partly.stderr
    assert f"1 not translated: {po[4].msgctxt}" in partly.stderr
    assert "SIM024" in partly.stderr and "missing translation 'de'" in partly.stderr
    written = scenario.read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in written.splitlines() if line.lstrip().startswith("#")] == comments
    assert "languages: [nl, en, de]" in written
    assert _in_order_with_additions(original.splitlines(), written.splitlines())

    po[3].flags.remove("fuzzy")
    po[4].msgstr = f"Deutsch: {po[4].msgid}"
    po.save(str(tmp_path / "de.po"))
    assert main(["i18n", "import", str(tmp_path / "de.po"), str(scenario)]) == 0
    loaded = load_scenario(scenario)
    assert loaded.scenario.languages == ("nl", "en", "de")
    assert all(text["de"].startswith("Deutsch: ") for _, text in scenario_texts(loaded.scenario))


def test_an_entry_follows_its_text_by_id_when_the_author_reorders_the_file(
    scenario: Path, tmp_path: Path
) -> None:
    po = export(scenario, "de", tmp_path / "de.po")
    loaded = load_scenario(scenario, explore=False)
    node_id, node = next(
        (n, node) for n, node in loaded.scenario.nodes.items() if len(node.choices) > 1
    )
    first, second = node.choices[0].id, node.choices[1].id
    for entry in po:
        entry.msgstr = f"{entry.msgctxt} auf Deutsch"
    po.save(str(tmp_path / "de.po"))
    yaml = YAML()
    document = yaml.load(scenario)
    choices = document["nodes"][node_id]["choices"]
    choices[0], choices[1] = choices[1], choices[0]
    yaml.dump(document, scenario)
    assert main(["i18n", "import", str(tmp_path / "de.po"), str(scenario)]) == 0
    moved = load_scenario(scenario, explore=False).scenario.nodes[node_id]
    assert [c.id for c in moved.choices[:2]] == [second, first]
    assert moved.choices[0].text["de"] == f"nodes.{node_id}.choices.{second}.text auf Deutsch"


@pytest.mark.parametrize("name", ["front_desk", "car_park"])
def test_importing_the_existing_language_unchanged_leaves_the_file_byte_for_byte(
    name: str, scenario: Path, tmp_path: Path
) -> None:
    scenario = Path(shutil.copy(ROOT / "scenarios" / f"{name}.yaml", scenario.parent))
    shutil.copy(ROOT / "scenes" / "town_hall_car_park.yaml", scenario.parent.parent / "scenes")
    original = scenario.read_bytes()
    export(scenario, "en", tmp_path / "en.po")
    assert main(["i18n", "import", str(tmp_path / "en.po"), str(scenario)]) == 0
    assert scenario.read_bytes() == original


def test_a_file_that_is_not_po_is_refused_in_one_sentence(scenario: Path, tmp_path: Path) -> None:
    original = scenario.read_bytes()
    broken = tmp_path / "de.po"
    broken.write_bytes(original)  # the scenario itself, handed over by mistake
    result = simulator("i18n", "import", str(broken), str(scenario))
    assert result.returncode == 2
    assert result.stderr.startswith(f"simulator: cannot read {broken} as a PO file")
    assert "Traceback" not in result.stderr and scenario.read_bytes() == original
