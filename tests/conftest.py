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
