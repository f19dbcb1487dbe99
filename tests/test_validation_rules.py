"""One failing fixture per validation rule: each file states the exact messages it must produce.

Every rule of ``simulator/scenario/diagnostics.py`` has a code; every code is
produced by at least one fixture here and explained by a page in
``docs/diagnostics/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario.diagnostics import DESCRIPTORS, by_code
from simulator.scenario.loading import load_scenario, locate
from simulator.scenario.scene import PROP_KINDS
from simulator.scenario.teaching import teaching_problems
from simulator.scenario.voice_files import VOICE_FILE_RULES, voice_file_findings

INVALID = Path(__file__).parent / "fixtures" / "rules" / "scenarios" / "invalid"
FIXTURES = sorted(INVALID.glob("*.yaml"))
TEACHING = INVALID.parent / "teaching"
TAUGHT = TEACHING / "taught.yaml"
"""Passes every teaching check; each other file in teaching/ fails one."""
TEACHING_FIXTURES = sorted(path for path in TEACHING.glob("*.yaml") if path != TAUGHT)
VOICE_FIXTURES = sorted((INVALID.parent / "voice").glob("*.yaml"))
"""Scenarios whose voice files (in the fixtures' assets/speech/) are warned about."""
PAGES = Path(__file__).resolve().parent.parent / "docs" / "diagnostics"
CODES = [descriptor.code for descriptor in DESCRIPTORS]
# file:line:column CODE, then " (data path): " or ": "
LOCATED = re.compile(r"^\S+:\d+:\d+ (?P<code>SIM\d{3})(?: \([^)]*\))?: \S")


def expected_messages(path: Path) -> list[str]:
    # Bytes, not text: one fixture is deliberately not UTF-8 below its (ASCII) header.
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def _codes_expected_by(path: Path) -> set[str]:
    return {LOCATED.match(message).group("code") for message in expected_messages(path)}  # type: ignore[union-attr]


def test_there_is_a_fixture_per_rule() -> None:
    assert len(FIXTURES) >= 30


def test_the_valid_fixture_loads(valid_scenario_path: Path) -> None:
    loaded = load_scenario(valid_scenario_path)
    assert loaded.scenario.id == "valid"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_each_rule_reports_its_exact_message(fixture: Path, monkeypatch) -> None:
    monkeypatch.chdir(INVALID.parent.parent)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(fixture)
    reported = [str(p).removeprefix("scenarios/invalid/") for p in caught.value.problems]
    assert reported == expected_messages(fixture)


@pytest.mark.parametrize("fixture", TEACHING_FIXTURES, ids=lambda path: path.stem)
def test_each_teaching_check_warns_with_its_exact_message(fixture: Path, monkeypatch) -> None:
    monkeypatch.chdir(INVALID.parent.parent)
    warnings = teaching_problems(load_scenario(fixture.relative_to(INVALID.parent.parent)))
    assert all(warning.warning for warning in warnings)
    reported = [str(w).removeprefix("scenarios/teaching/") for w in warnings]
    assert reported == expected_messages(fixture)


@pytest.mark.parametrize("fixture", VOICE_FIXTURES, ids=lambda path: path.stem)
def test_each_voice_file_rule_warns_with_its_exact_message(fixture: Path, monkeypatch) -> None:
    monkeypatch.chdir(INVALID.parent.parent)
    loaded = load_scenario(fixture.relative_to(INVALID.parent.parent), explore=False)
    warnings = locate(loaded, voice_file_findings(loaded.scenario, Path("assets")))
    assert all(warning.warning for warning in warnings)
    reported = [str(w).removeprefix("scenarios/voice/") for w in warnings]
    assert reported == expected_messages(fixture)


def test_a_scenario_that_teaches_well_gets_no_warning() -> None:
    assert teaching_problems(load_scenario(TAUGHT)) == []


def test_warnings_are_the_teaching_checks_and_errors_the_rest() -> None:
    teaching = {code for fixture in TEACHING_FIXTURES for code in _codes_expected_by(fixture)}
    voice = {code for fixture in VOICE_FIXTURES for code in _codes_expected_by(fixture)}
    assert voice == {rule.code for rule in VOICE_FILE_RULES}
    assert teaching | voice == {d.code for d in DESCRIPTORS if d.warning}
    errors = set().union(*(_codes_expected_by(fixture) for fixture in FIXTURES))
    assert not errors & teaching


def test_codes_are_unique_and_in_order() -> None:
    assert all(re.fullmatch(r"SIM\d{3}", code) for code in CODES)
    assert sorted(set(CODES)) == CODES
    assert all(descriptor.title and descriptor.rule for descriptor in DESCRIPTORS)
    assert by_code("SIM001") is DESCRIPTORS[0]


@pytest.mark.parametrize(
    "fixture", FIXTURES + TEACHING_FIXTURES + VOICE_FIXTURES, ids=lambda path: path.stem
)
def test_every_fixture_asserts_its_exact_located_and_coded_messages(fixture: Path) -> None:
    messages = expected_messages(fixture)
    assert messages, f"{fixture.name} has no '# expect: ' line"
    for message in messages:
        match = LOCATED.match(message)
        assert match, f"{fixture.name}: {message!r} is not 'file:line:col SIMnnn ...'"
        assert match.group("code") in CODES, f"{fixture.name}: undeclared code in {message!r}"


def test_every_code_has_a_failing_fixture() -> None:
    fixtures = FIXTURES + TEACHING_FIXTURES + VOICE_FIXTURES
    covered = set().union(*(_codes_expected_by(fixture) for fixture in fixtures))
    assert [code for code in CODES if code not in covered] == []


@pytest.mark.parametrize("descriptor", DESCRIPTORS, ids=lambda descriptor: descriptor.code)
def test_every_code_has_a_page_with_a_wrong_and_a_right_example(descriptor) -> None:
    page = PAGES / f"{descriptor.code}.md"
    assert page.is_file(), f"no page {page.relative_to(PAGES.parent.parent)}"
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"# {descriptor.code}: {descriptor.title}\n")
    assert descriptor.rule in text
    for heading in ("## Wrong", "## Right", "## How to fix it"):
        assert f"\n{heading}\n" in text, f"{page.name} lacks {heading!r}"
    assert text.count("```yaml\n") >= 2, f"{page.name} needs a wrong and a right YAML example"


def test_the_index_lists_every_page_and_no_other() -> None:
    index = (PAGES / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"\]\((SIM\d{3})\.md\)", index) == CODES
    assert sorted(page.stem for page in PAGES.glob("SIM*.md")) == CODES


def test_the_prop_kind_page_lists_the_whole_vocabulary() -> None:
    page = (PAGES / "SIM019.md").read_text(encoding="utf-8")
    assert [kind for kind in PROP_KINDS if f"`{kind}`" not in page] == []
