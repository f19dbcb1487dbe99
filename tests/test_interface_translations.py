"""The simulator's own wording in translators' files: a third language added from a PO file,
with no Python, and played in the terminal."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from simulator.i18n import SOURCE_LANGUAGE, interface_texts

ROOT = Path(__file__).resolve().parent.parent
GERMAN = {
    "you_choose": "Was tun Sie?",
    "content_warning": "Inhaltswarnung",
    "after_the_scenario": "Nach dem Szenario",
    "seconds_to_choose": "Sie haben {seconds} Sekunden.",
}


def simulator(*arguments: str, locale: Path, cwd: Path) -> subprocess.CompletedProcess:
    environment = dict(os.environ, SIMULATOR_LOCALE=str(locale))
    return subprocess.run(
        [sys.executable, "-m", "simulator", *arguments],
        capture_output=True, text=True, cwd=cwd, env=environment, timeout=120,
    )  # fmt: skip


def test_every_key_the_code_asks_for_is_in_the_english_source_and_dutch_is_complete() -> None:
    source = interface_texts(SOURCE_LANGUAGE)
    assert len(source) > 150 and set(interface_texts("nl")) == set(source)
    files = [*(ROOT / "simulator").rglob("*.py"), *(ROOT / "simulator").rglob("*.j2")]
    asked = {
        key
        for path in files
        for key in re.findall(r"\b(?:ui|t)\(\s*\"([a-z_]+)\"", path.read_text(encoding="utf-8"))
    }
    assert len(asked) > 100
    built = {key for key in asked if key.endswith("_")}  # a prefix: "debrief_status_" ~ status
    assert sorted(asked - built - set(source)) == []


@pytest.fixture
def german(tmp_path: Path) -> tuple[Path, Path]:
    """A translator's German PO file, and a project whose scenario speaks German too."""
    locale = tmp_path / "locale"
    exported = tmp_path / "de.po"
    made = simulator("i18n", "export", "--interface", "--lang", "de", "-o", str(exported),
                     locale=locale, cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    po = polib.pofile(str(exported))
    for entry in po:
        entry.msgstr = GERMAN.get(entry.msgctxt, "")
    po.save(str(exported))
    project = tmp_path / "project"
    for folder in ("scenarios", "scenes"):
        (project / folder).mkdir(parents=True)
    rules = ROOT / "tests" / "fixtures" / "rules"
    shutil.copy(rules / "scenes" / "lot.yaml", project / "scenes")
    shutil.copytree(rules / "assets", project / "assets")
    text = (rules / "scenarios" / "valid.yaml").read_text()
    (project / "scenarios" / "valid.yaml").write_text(
        text.replace("format: 1\n", "format: 1\nlanguages: [en, de]\n", 1).replace("nl:", "de:")
    )
    return exported, project


def test_a_third_language_comes_from_a_po_file_and_plays(german, tmp_path: Path) -> None:
    exported, project = german
    locale = tmp_path / "locale"
    imported = simulator("i18n", "import", "--interface", str(exported), locale=locale, cwd=project)
    assert imported.returncode == 1, "most entries are still untranslated"
    assert f"{len(GERMAN)} texts in 'de' written to {locale / 'de.po'}" in imported.stdout
    assert "not translated" in imported.stderr
    played = simulator("play", "valid", "--text", "--lang", "de", "--autoplay", "random",
                       "--seed", "1", "--data", str(tmp_path / "data"),
                       locale=locale, cwd=project)  # fmt: skip
    assert played.returncode == 0, played.stderr
    assert "Was tun Sie?" in played.stdout and "Inhaltswarnung" in played.stdout
    assert "Sie haben 10 Sekunden." in played.stdout
    assert "Nach dem Szenario" in played.stdout
    assert "Good evening" not in played.stdout and "Goedenavond." in played.stdout


def test_a_translation_that_breaks_a_placeholder_is_left_out(german, tmp_path: Path) -> None:
    exported, project = german
    po = polib.pofile(str(exported))
    next(
        e for e in po if e.msgctxt == "seconds_to_choose"
    ).msgstr = "Sie haben {sekunden} Sekunden."
    po.save(str(exported))
    locale = tmp_path / "locale"
    imported = simulator("i18n", "import", "--interface", str(exported), locale=locale, cwd=project)
    assert "seconds_to_choose (its placeholders differ" in imported.stderr
    written = polib.pofile(str(locale / "de.po"))
    assert "seconds_to_choose" not in {entry.msgctxt for entry in written}
