"""The log: every run leaves lines in a private file in the user's log folder, none on the
trainee's screen unless --verbose, and never a trainee code."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cli_helpers import simulator

from simulator.cli import EXIT_BUG, main
from simulator.commands import sessions
from simulator.logs import LOG_FILE

ROOT = Path(__file__).resolve().parent.parent
CODE = "TRN4-2QPW"


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The log folder of the commands this test runs (their record in a folder of its own)."""
    monkeypatch.setenv("SIMULATOR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    return tmp_path / "logs"


def test_a_session_is_logged_by_its_id_and_never_by_the_trainee_code(logs: Path) -> None:
    played = simulator("play", "--text", "--autoplay", "random", "--lang", "en", "--trainee", CODE)
    assert played.returncode == 0, played.stderr
    assert f"Recording session 1 for trainee {CODE}." in played.stderr  # the trainer is told
    assert "INFO" not in played.stderr  # but the log stays off the screen
    text = (logs / LOG_FILE).read_text(encoding="utf-8")
    assert "INFO simulator.cli: simulator 0.1.0 play" in text
    assert "session 1 begun: car_park, text, en, intensity 2" in text
    assert "session 1 closed" in text
    assert "exit code 0" in text
    assert CODE not in text.upper()


def test_the_log_is_private(logs: Path) -> None:
    simulator("validate", "car_park")
    if os.name != "nt":
        assert stat.S_IMODE(logs.stat().st_mode) == 0o700
        assert stat.S_IMODE((logs / LOG_FILE).stat().st_mode) == 0o600


def test_verbose_shows_the_log_on_stderr(logs: Path) -> None:
    quiet = simulator("validate", "car_park")
    assert quiet.returncode == 0 and quiet.stderr == ""
    loud = simulator("--verbose", "validate", "car_park")
    assert loud.returncode == 0
    assert (
        "INFO simulator.commands.validate: validate: 0 problems and 0 warnings in 1 file"
        in loud.stderr
    )


def test_a_bug_is_one_sentence_on_screen_and_a_traceback_in_the_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], _log_folder: Path
) -> None:
    def broken(arguments) -> int:
        raise RuntimeError(f"lost track of {arguments.trainee.lower()}")

    monkeypatch.setattr(sessions, "run", broken)
    assert main(["sessions", "--trainee", CODE]) == EXIT_BUG
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "unexpected error stopped the run (RuntimeError)" in err
    assert str(_log_folder / LOG_FILE) in err
    text = (_log_folder / LOG_FILE).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: lost track of <withheld>" in text
    assert CODE not in text.upper()


def test_an_unwritable_log_folder_costs_the_log_not_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SIMULATOR_LOG_DIR", str(blocker / "logs"))
    result = simulator("validate", "car_park")
    assert result.returncode == 0
    assert result.stderr.startswith(f"simulator: cannot write the log in {blocker / 'logs'}")
    assert len(result.stderr.splitlines()) == 1
