"""Where shipped content is found: a checkout, an author's folder, or the installed package."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import UsageError
from simulator.scenario import content


def make_content(folder: Path) -> Path:
    (folder / "scenarios").mkdir(parents=True)
    (folder / "scenes").mkdir()
    (folder / "scenarios" / "car_park.yaml").write_text("format: 1\n")
    return folder


def test_an_authors_working_folder_comes_first(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SIMULATOR_CONTENT", raising=False)
    monkeypatch.chdir(make_content(tmp_path / "project"))
    assert content.content_root() == tmp_path / "project"
    assert content.resolve_scenario("car_park") == tmp_path / "project/scenarios/car_park.yaml"


def test_an_installed_copy_is_found_inside_the_package(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SIMULATOR_CONTENT", raising=False)
    monkeypatch.chdir(tmp_path)
    installed = make_content(tmp_path / "site" / "simulator" / "_content")
    monkeypatch.setattr(
        content, "__file__", str(tmp_path / "site" / "simulator" / "scenario" / "content.py")
    )
    assert content.content_root() == installed
    assert content.assets_dir() == installed / "assets"


def test_the_environment_variable_overrides(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SIMULATOR_CONTENT", str(tmp_path))
    assert content.content_root() == tmp_path


def test_an_unknown_scenario_names_the_shipped_ones(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SIMULATOR_CONTENT", str(make_content(tmp_path)))
    with pytest.raises(UsageError, match=r"no scenario 'garage'.*\(car_park\)"):
        content.resolve_scenario("garage")
