"""Shared test helpers: paths of the shipped content and of the rule fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = Path(__file__).resolve().parent / "fixtures" / "rules"


@pytest.fixture
def valid_scenario_path() -> Path:
    """A small scenario that passes every check (tests/fixtures/rules/scenarios/valid.yaml)."""
    return RULES / "scenarios" / "valid.yaml"


@pytest.fixture
def browser() -> str:
    """Headless Chromium's binary; the test is skipped where it is not installed.

    Tests that take this fixture carry the ``browser`` marker (see below), so
    ``-m "not browser"`` leaves them out.
    """
    from browser_helpers import require_chromium

    return require_chromium()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
