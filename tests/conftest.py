"""Shared test helpers: paths of the shipped content and of the rule fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = Path(__file__).resolve().parent / "fixtures" / "rules"


@pytest.fixture(autouse=True)
def _log_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test (and the commands it starts) logs to a folder of its own, not the user's."""
    folder = tmp_path_factory.mktemp("log")
    monkeypatch.setenv("SIMULATOR_LOG_DIR", str(folder))
    return folder


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
