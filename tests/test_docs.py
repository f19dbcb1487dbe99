"""The documents a newcomer reads first stay true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from simulator.settings import ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_lists_every_environment_variable_the_settings_read() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(SIMULATOR_[A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert listed == set(ENVIRONMENT)


def test_every_subpackage_named_in_the_architecture_exists_and_every_one_is_named() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = {p.name for p in (ROOT / "simulator").iterdir() if (p / "__init__.py").is_file()}
    named = set(re.findall(r"^  ([a-z]+)/ ", text, flags=re.MULTILINE))
    assert named == packages


def test_the_project_points_nowhere_outside_itself() -> None:
    for path in [
        ROOT / "README.md",
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "simulator").rglob("*.py"),
    ]:
        assert "../shared" not in path.read_text(encoding="utf-8"), path
