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
from simulator.scenario.loading import load_scenario

INVALID = Path(__file__).parent / "fixtures" / "rules" / "scenarios" / "invalid"
FIXTURES = sorted(INVALID.glob("*.yaml"))
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


def test_codes_are_unique_and_in_order() -> None:
    assert all(re.fullmatch(r"SIM\d{3}", code) for code in CODES)
    assert sorted(set(CODES)) == CODES
    assert all(descriptor.title and descriptor.rule for descriptor in DESCRIPTORS)
    assert by_code("SIM001") is DESCRIPTORS[0]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_every_fixture_asserts_its_exact_located_and_coded_messages(fixture: Path) -> None:
    messages = expected_messages(fixture)
    assert messages, f"{fixture.name} has no '# expect: ' line"
    for message in messages:
        match = LOCATED.match(message)
        assert match, f"{fixture.name}: {message!r} is not 'file:line:col SIMnnn ...'"
        assert match.group("code") in CODES, f"{fixture.name}: undeclared code in {message!r}"


def test_every_code_has_a_failing_fixture() -> None:
    covered = set().union(*(_codes_expected_by(fixture) for fixture in FIXTURES))
    assert [code for code in CODES if code not in covered] == []
