"""Every SIMULATOR_* variable is read in one place, and unset or empty ones leave defaults."""

from __future__ import annotations

from pathlib import Path

from simulator.settings import ENVIRONMENT, Settings


def test_each_variable_sets_its_field() -> None:
    environ = {variable: f"/tmp/{variable.lower()}" for variable in ENVIRONMENT}
    settings = Settings.from_environment(environ)
    assert settings.data == Path("/tmp/simulator_data")
    assert settings.content == Path("/tmp/simulator_content")
    assert settings.logs == Path("/tmp/simulator_log_dir")
    assert settings.lrs_config == Path("/tmp/simulator_lrs_config")
    assert settings.lrs_user == "/tmp/simulator_lrs_user"
    assert settings.lrs_password == "/tmp/simulator_lrs_password"
    assert settings.xapi_home_page == "/tmp/simulator_xapi_homepage"
    assert settings.xapi_base == "/tmp/simulator_xapi_base"


def test_unset_and_empty_variables_leave_the_defaults() -> None:
    assert Settings.from_environment({"SIMULATOR_DATA": "", "HOME": "/x"}) == Settings()


def test_a_home_folder_in_a_path_is_expanded(monkeypatch) -> None:
    monkeypatch.setenv("HOME", "/home/trainer")
    assert Settings.from_environment({"SIMULATOR_DATA": "~/records"}).data == Path(
        "/home/trainer/records"
    )
