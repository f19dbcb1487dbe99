"""The command line as users meet it: exit codes, messages, and never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_helpers import simulator

from simulator.cli import COMMANDS, main
from simulator.commands.schema import schema_text
from simulator.scenario.scene import PROP_KINDS

ROOT = Path(__file__).resolve().parent.parent
RULES = Path(__file__).parent / "fixtures" / "rules"
VALID = RULES / "scenarios" / "valid.yaml"
INVALID = RULES / "scenarios" / "invalid"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert "usage: simulator" in capsys.readouterr().out


def test_validate_passes_a_sound_scenario(capsys) -> None:
    assert main(["validate", str(VALID)]) == 0
    assert "1 file OK." in capsys.readouterr().out


def test_validate_lists_every_problem_and_exits_1() -> None:
    result = simulator(
        "validate", str(INVALID / "start_missing.yaml"), str(INVALID / "wrong_type.yaml")
    )
    assert result.returncode == 1
    assert "start_missing.yaml:16:8 SIM026 (start): unknown start node 'begin'" in result.stderr
    assert "wrong_type.yaml:33:17 SIM009 (nodes.meet.time_limit): wrong type" in result.stderr
    assert result.stderr.strip().endswith("2 problems in 2 files.")
    assert len(result.stderr.strip().splitlines()) == 3  # a line a problem, and the count


def test_validate_counts_the_missing_translations_per_language() -> None:
    result = simulator("validate", str(INVALID / "missing_translation.yaml"))
    assert result.returncode == 1
    assert "SIM024 (cool_down.en): missing translation 'en'" in result.stderr
    assert "missing translations: en 3\n" in result.stderr


def test_validate_teaching_warns_with_file_and_line_and_still_passes() -> None:
    teaching = RULES / "scenarios" / "teaching"
    result = simulator(
        "validate", "--teaching", str(teaching / "no_cool_down.yaml"), str(teaching / "taught.yaml")
    )
    assert result.returncode == 0, result.stderr
    assert "no_cool_down.yaml:4:5 SIM088 (id): warning: scenario 'no_cool_down' has no" in (
        result.stderr
    )
    assert "2 files OK, with 1 teaching warning." in result.stdout
    plain = simulator("validate", str(teaching / "no_cool_down.yaml"))
    assert plain.returncode == 0 and "SIM088" not in plain.stderr


def test_validate_teaching_reports_what_exploration_finds_as_validate_does() -> None:
    fixture = str(INVALID / "never_offered.yaml")
    plain, teaching = simulator("validate", fixture), simulator("validate", "--teaching", fixture)
    assert plain.returncode == teaching.returncode == 1
    assert "never_offered.yaml:54:15 SIM047 (nodes.pressed.choices[1].when)" in plain.stderr
    assert teaching.stderr == plain.stderr


def test_simulator_test_reports_the_teaching_warnings_without_failing() -> None:
    result = simulator("test", str(RULES / "scenarios" / "teaching" / "ending_silent.yaml"))
    assert result.returncode == 0, result.stderr
    assert "SIM086 (nodes.reported.ending.feedback): warning: ending 'reported' says nothing" in (
        result.stdout
    )
    assert "OK, with 1 teaching warning(s)" in result.stdout


def test_validate_refuses_a_scene_prop_of_a_kind_no_builder_offers() -> None:
    result = simulator("validate", str(RULES / "scenes" / "unknown_kinds.yaml"))
    assert result.returncode == 1
    assert (
        "unknown_kinds.yaml:12:20 SIM019 (props.overhead.kind): unknown prop kind 'helicopter'; "
        f"expected one of: {', '.join(PROP_KINDS[:4])},"
    ) in result.stderr
    assert "did you mean 'lamp_post'?" in result.stderr
    assert result.stderr.strip().endswith("2 problems in 1 file.")


def test_a_missing_file_is_bad_input_not_a_crash() -> None:
    result = simulator("validate", "no/such/file.yaml")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "simulator: no/such/file.yaml: no such file or folder, nor a shipped scenario"
    )


def test_bad_usage_exits_2() -> None:
    result = simulator("play", "--intensity", "7")
    assert result.returncode == 2
    assert "invalid choice: 7" in result.stderr


def test_playing_a_broken_scenario_explains_and_exits_2() -> None:
    result = simulator("play", str(INVALID / "goto_missing.yaml"), "--text")
    assert result.returncode == 2
    assert (
        "SIM027 (nodes.meet.choices[0].goto): unknown node 'afetr'; "
        "expected an existing node; did you mean 'after'?"
    ) in result.stderr
    assert result.stderr.strip().splitlines()[1:] == ["1 problem found."]


def test_text_play_with_autoplay_plan_reaches_the_planned_ending(tmp_path: Path) -> None:
    plan = tmp_path / "path.plan"
    plan.write_text(f"scenario {VALID}\nchoose freeze\nchoose leave_late\nchoose report\n")
    result = simulator("play", str(VALID), "--text", "--lang", "en", "--autoplay", str(plan))
    assert result.returncode == 0, result.stderr
    assert 'Man in grey coat: "Good evening."' in result.stdout
    assert "> Stand still." in result.stdout
    assert "== Ending: Safe and reported ==" in result.stdout
    assert "Your choices:" in result.stdout


def test_text_play_reads_numbered_choices_in_dutch() -> None:
    result = simulator("play", str(VALID), "--text", stdin="1\n1\n")
    assert result.returncode == 0, result.stderr
    assert "Wat doe je?" in result.stdout
    assert "  1. Loop door." in result.stdout
    assert "== Einde: Veilig en gemeld ==" in result.stdout


def test_text_play_can_pause_and_stop_at_any_moment() -> None:
    result = simulator("play", str(VALID), "--text", "--lang", "en", stdin="p\nq\n")
    assert result.returncode == 0
    assert "Paused." in result.stdout
    assert "You stopped. That is always fine" in result.stdout


def test_text_play_applies_the_timeout_when_time_runs_out(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(RULES, project)
    scenario = project / "scenarios" / "valid.yaml"
    scenario.write_text(scenario.read_text().replace("time_limit: 10", "time_limit: 1"))
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator", "play", str(scenario), "--text", "--lang", "en"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    time.sleep(2.5)
    output, _ = process.communicate("q\n", timeout=60)
    assert "You have 1 seconds." in output
    assert "Time is up." in output
    assert "Leave." in output  # the choices of the node the timeout choice leads to


def test_test_command_reports_coverage_and_is_deterministic() -> None:
    first = simulator("test", str(VALID), "--random", "20", "--seed", "7")
    second = simulator("test", str(VALID), "--random", "20", "--seed", "7")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout == second.stdout
    assert "nodes covered:   6/6" in first.stdout
    assert "endings reached: 3/3" in first.stdout
    assert "longest path:    3 choices: freeze > leave_late > report" in first.stdout


def test_schema_prints_the_json_schema(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Scenario"
    assert "nodes" in schema["required"]


@pytest.mark.parametrize(("name", "scene"), [("scenario", False), ("scene", True)])
def test_shipped_schemas_are_up_to_date(name: str, scene: bool) -> None:
    shipped = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(scene), (
        f"run: simulator schema {'--scene ' * scene}-o schemas/{name}.schema.json"
    )


def test_a_debrief_of_a_record_from_a_newer_version_names_what_it_has_no_words_for(
    tmp_path, capsys
) -> None:
    """A chooser this version has no words for (a newer version wrote it) shows as recorded."""
    from record_helpers import load_loop_scenario

    from simulator.record.store import Record
    from simulator.session.events import ChoiceMade
    from simulator.session.runner import Runner

    loaded = load_loop_scenario(tmp_path / "content")
    data = tmp_path / "data"
    with Record.open(data) as record:
        session = record.begin(
            trainee="K7QM-24X3", scenario=loaded, mode="text", language="en", intensity=2
        )
        runner = Runner(loaded.scenario, loaded.logic)
        session.append(runner.start())
        # A newer version's chooser, as it would stand in the record.
        phone = ChoiceMade(
            t=1.0, node="talk", choice="leave", target="after", by="phone", via="vote",
            reaction_ms=900,
        )  # fmt: skip
        assert session.append([phone]).wait(5)
        session.finish().wait(5)
    capsys.readouterr()

    page = tmp_path / "d.html"
    code = main(["debrief", str(session.id), "--data", str(data), "-o", str(page)])

    assert code == 0
    assert capsys.readouterr().err == ""
    assert "(phone, vote)" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_describes_it_in_whole_sentences(command: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = capsys.readouterr().out
    description = " ".join(help_text.split("\n\n")[1].split())
    assert description.endswith("."), description


@pytest.mark.parametrize("command", ["validate", "test", "graph"])
def test_every_command_that_takes_a_scenario_takes_a_shipped_id(command: str, capsys) -> None:
    assert main([command, "front_desk"]) == 0
    assert "no such file" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["export", "99999999999999999999999"], "is not a session id; expected a whole number"),
        (["debrief", "-5"], "is not a session id; expected a whole number from 1"),
        (["debrief", "--group", "--sessions", "1,x"], "expected session ids like 1,2,3"),
        (["play", "--resume", "99999999999999999999999"], "is not a session id"),
        (["play", "--mode", "projector", "--display", "-3"], "is not a screen; expected 0"),
        (["play", "--mode", "xr", "--eye-height", "nan"], "expected a number from 0.5 to 2.5"),
        (["play", "--mode", "xr", "--eye-height", "40"], "expected a number from 0.5 to 2.5"),
        (["play", "--mode", "projector", "--display", "\u00b3"], "is not a screen; expected 0"),
        (["test", "car_park", "--random", "-5"], "expected a whole number from 0 to 100,000"),
        (["test", "car_park", "--random", "1000000000"], "expected a whole number from 0 to"),
    ],
)
def test_numbers_out_of_range_are_bad_usage_in_one_line(arguments, message, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(arguments)
    err = capsys.readouterr().err.strip().splitlines()
    assert exited.value.code == 2
    assert err[0].startswith(f"usage: simulator {arguments[0]} ")
    assert err[-1].startswith(f"simulator {arguments[0]}: error: argument ")
    assert message in err[-1]


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize(
    "arguments",
    [
        ("graph", "car_park", "--format", "mermaid"),
        ("graph", "car_park", "--format", "dot"),
        ("play", "--text", "--no-record", "--autoplay", "random", "--lang", "nl"),
    ],
)
def test_a_console_that_cannot_show_a_character_gets_a_question_mark(
    encoding: str, arguments: tuple[str, ...]
) -> None:
    """A Windows code page or an ASCII locale: the output is written, unshowable
    characters replaced, instead of ending in a UnicodeEncodeError."""
    result = subprocess.run(
        [sys.executable, "-m", "simulator", *arguments],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )
    assert result.returncode == 0, result.stderr.decode(encoding, "replace")
    assert result.stderr == b""
    result.stdout.decode(encoding)  # what was written is valid in the console's encoding
    assert b"?" in result.stdout  # the arrows and the like that it cannot show


def test_the_terminal_shows_the_scenarios_cool_down_after_the_ending_and_after_a_stop() -> None:
    ended = simulator("play", str(VALID), "--text", "--lang", "en", stdin="1\n1\n")
    assert "After the scenario\nIt was an exercise." in ended.stdout
    assert ended.stdout.index("== Ending:") < ended.stdout.index("It was an exercise.")
    stopped = simulator("play", str(VALID), "--text", "--lang", "nl", stdin="q\n")
    assert "Na het scenario\nHet was een oefening." in stopped.stdout


def test_output_cut_short_by_its_reader_ends_quietly() -> None:
    reader = subprocess.Popen(["head", "-1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    writer = subprocess.run(
        [sys.executable, "-m", "simulator", "test", "car_park", "--random", "5"],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    reader.stdin.close()
    assert reader.wait(timeout=30) == 0 and b"car_park version" in reader.stdout.read()
    assert writer.returncode == 0 and "unexpected" not in writer.stderr, writer.stderr
