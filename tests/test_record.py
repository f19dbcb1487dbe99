"""The session record: what a trainer and a trainee notice of it, on real SQLite files."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest
from record_helpers import load_loop_scenario, write_loop_scenario
from scenario_helpers import with_python_path

from simulator.cli import main
from simulator.errors import UsageError
from simulator.record.location import data_dir, log_dir
from simulator.record.pseudonyms import CODE_ALPHABET, check_trainee_code, new_trainee_code
from simulator.record.store import Record, RecordError, record_file
from simulator.scenario.loading import LoadedScenario
from simulator.session.events import EndingReached, Event
from simulator.session.gaze import GazeSample
from simulator.session.runner import Runner

WAIT = 10.0
DAY = 86_400


@pytest.fixture
def scenario(tmp_path: Path) -> LoadedScenario:
    return load_loop_scenario(tmp_path / "content")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def record(data: Path) -> Iterator[Record]:
    with Record.open(data) as record:
        yield record


def play(
    record: Record,
    scenario: LoadedScenario,
    choices: list[str],
    *,
    trainee: str = "K7QM-24X3",
    finish: bool = True,
) -> tuple[int, list[Event]]:
    """Play ``choices`` through a Runner and the record; the session id and every event."""
    runner = Runner(scenario.scenario, scenario.logic)
    session = record.begin(
        trainee=trainee, scenario=scenario, mode="text", language="nl", intensity=2
    )
    events = runner.start()
    assert session.append(events).wait(WAIT)
    for choice in choices:
        step = runner.choose(choice)
        assert session.append(step).wait(WAIT)
        events += step
    if finish:
        assert session.finish().wait(WAIT)
    return session.id, events


def file_bytes(path: Path) -> bytes:
    """The database and its WAL as they lie on disk."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


# -- what is recorded ------------------------------------------------------------------------


def test_events_come_back_in_order_with_their_payloads(
    record: Record, scenario: LoadedScenario
) -> None:
    session_id, played = play(record, scenario, ["again", "leave", "report"])

    recorded = record.events(session_id)

    assert [event.seq for event in recorded] == list(range(len(played)))
    assert [event.decode() for event in recorded] == played
    assert all(event.payload["v"] == 1 for event in recorded)
    made = [event.payload for event in recorded if event.kind == "choice_made"]
    assert [(p["choice"], p["by"], p["via"]) for p in made] == [
        ("again", "trainee", "keyboard"),
        ("leave", "trainee", "keyboard"),
        ("report", "trainee", "keyboard"),
    ]


def test_a_finished_session_shows_how_it_ended(record: Record, scenario: LoadedScenario) -> None:
    ended, _ = play(record, scenario, ["leave", "silent"])
    runner = Runner(scenario.scenario, scenario.logic)
    session = record.begin(
        trainee="K7QM-24X3", scenario=scenario, mode="monitor", language="en", intensity=3
    )
    session.append(runner.start())
    session.append(runner.stop(by="trainer", reason="trainee upset"))
    assert session.finish().wait(WAIT)
    left, _ = play(record, scenario, ["again"], finish=False)
    record.close()

    with Record.open(record.path) as reopened:
        first, second, third = (reopened.session(i) for i in (ended, session.id, left))

    assert (first.status, first.outcome, first.ending, first.choices) == (
        "ended",
        "safe_unreported",
        "quiet",
        2,
    )
    assert (second.status, second.outcome, second.mode, second.language, second.intensity) == (
        "stopped",
        None,
        "monitor",
        "en",
        3,
    )
    assert third.status == "interrupted"
    assert first.scenario_id == "loop" and first.scenario_version == "3"
    assert first.scenario_hash == scenario.content_hash
    assert first.ended_at is not None and first.ended_at >= first.started_at


def test_gaze_samples_are_stored_between_the_choices_in_order(
    record: Record, scenario: LoadedScenario
) -> None:
    runner = Runner(scenario.scenario, scenario.logic)
    session = record.begin(
        trainee="K7QM-24X3", scenario=scenario, mode="xr", language="nl", intensity=2
    )
    session.append(runner.start())
    samples = [
        GazeSample(t=i / 5, heading=i * 1.5, pitch=-2.0, looking_at="man_a", in_view=("man_a",))
        for i in range(40)
    ]
    for sample in samples:
        session.append_gaze(sample)
    assert session.append(runner.choose("leave")).wait(WAIT)
    late = GazeSample(t=9.0, heading=0.0, pitch=0.0)
    session.append_gaze(late)
    assert session.finish().wait(WAIT)

    kinds = [event.kind for event in record.events(session.id)]
    decoded = [e.decode() for e in record.events(session.id) if e.kind == "gaze"]

    assert decoded == [*samples, late]
    assert kinds.index("choice_made") > max(i for i, k in enumerate(kinds[:-1]) if k == "gaze")
    assert kinds[-1] == "gaze"


def test_sessions_are_listed_by_trainee_scenario_status_and_date(
    data: Path, scenario: LoadedScenario
) -> None:
    now = time.time()
    with Record.open(data, clock=lambda: now - 10 * DAY) as old:
        play(old, scenario, ["leave", "report"], trainee="AAAA-2228")
    with Record.open(data) as record:
        play(record, scenario, ["leave", "report"], trainee="BBBB-333K")
        play(record, scenario, ["again"], trainee="AAAA-2228", finish=False)
        record.close()
        with Record.open(data) as reopened:
            trainees = [s.trainee for s in reopened.sessions()]
            by_trainee = [s.status for s in reopened.sessions(trainee="aaaa-2228")]
            interrupted = [s.trainee for s in reopened.sessions(status="interrupted")]
            recent = reopened.sessions(since=reopened.session(2).started_at)
            other_scenario = reopened.sessions(scenario="car_park")

    assert trainees == ["AAAA-2228", "BBBB-333K", "AAAA-2228"]
    assert by_trainee == ["ended", "interrupted"]
    assert interrupted == ["AAAA-2228"]
    assert len(recent) == 2
    assert other_scenario == []


# -- privacy ---------------------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_record_is_readable_only_by_its_owner(
    record: Record, scenario: LoadedScenario, data: Path
) -> None:
    play(record, scenario, ["leave"], finish=False)

    files = [record.path, *record.path.parent.glob("records.sqlite3-*")]

    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert len(files) == 3  # the database, its WAL and its shared-memory index
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_lax_existing_data_folder_is_tightened_on_open(data: Path) -> None:
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)

    Record.open(data).close()

    assert stat.S_IMODE(data.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_an_export_over_an_existing_readable_file_leaves_it_private(
    record: Record, scenario: LoadedScenario, data: Path, tmp_path: Path
) -> None:
    session_id, _ = play(record, scenario, ["leave", "report"])
    record.close()
    target = tmp_path / "shared" / "session.jsonl"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)

    assert main(["export", str(session_id), "-o", str(target), "--data", str(data)]) == 0

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") != "old"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_every_folder_the_record_or_a_report_creates_is_private(
    tmp_path: Path, scenario: LoadedScenario
) -> None:
    data = tmp_path / "home" / "share" / "data"
    with Record.open(data) as record:
        session_id, _ = play(record, scenario, ["leave", "report"])
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    report = shared / "march" / "week 1" / "debrief.html"

    assert main(["debrief", str(session_id), "-o", str(report), "--data", str(data)]) == 0

    created = [data, data.parent, data.parent.parent, report.parent, report.parent.parent]
    assert {stat.S_IMODE(folder.stat().st_mode) for folder in created} == {0o700}
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755, "a folder the user made is left alone"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_lax_record_file_is_tightened_on_open(data: Path) -> None:
    Record.open(data).close()
    os.chmod(record_file(data), 0o644)

    Record.open(data).close()

    assert stat.S_IMODE(record_file(data).stat().st_mode) == 0o600


def test_erasing_a_trainee_removes_all_their_data_and_nothing_else(
    record: Record, scenario: LoadedScenario
) -> None:
    gone, kept = "GNE7-7QXJ", "KPT4-4RWW"
    _, first = play(record, scenario, ["again", "leave", "report"], trainee=gone)
    _, second = play(record, scenario, ["leave"], trainee=gone)
    play(record, scenario, ["leave", "silent"], trainee=kept)
    record.set_identity(gone, name="Anna de Vries", email="anna@example.nl")
    record.set_identity(kept, name="Bram Bakker")

    report = record.erase_trainee(gone.lower())

    assert (report.trainee, report.sessions, report.events, report.identities) == (
        gone,
        2,
        len(first) + len(second),
        1,
    )
    assert record.sessions(trainee=gone) == []
    assert record.identity(gone) is None
    assert [s.trainee for s in record.sessions()] == [kept]
    assert record.identity(kept) is not None
    stored = file_bytes(record.path)
    for secret in (gone, "Anna de Vries", "anna@example.nl"):
        assert secret.encode() not in stored
    assert kept.encode() in stored


def test_an_identity_can_be_erased_on_its_own(record: Record, scenario: LoadedScenario) -> None:
    session_id, _ = play(record, scenario, ["leave"])
    record.set_identity("K7QM-24X3", email="k@example.nl")

    assert record.erase_identity("K7QM-24X3") is True

    assert record.identity("K7QM-24X3") is None
    assert record.session(session_id).trainee == "K7QM-24X3"
    assert b"k@example.nl" not in file_bytes(record.path)


def test_erasing_an_unknown_trainee_says_so(record: Record) -> None:
    with pytest.raises(RecordError, match="no trainee ZZZZ-999V"):
        record.erase_trainee("ZZZZ-999V")


def test_retention_deletes_sessions_older_than_the_period(
    data: Path, scenario: LoadedScenario
) -> None:
    now = time.time()
    with Record.open(data, clock=lambda: now - 40 * DAY) as old:
        _, old_events = play(old, scenario, ["leave", "report"], trainee="PAST-222K")
    with Record.open(data, clock=lambda: now - 5 * DAY) as recent:
        play(recent, scenario, ["leave"], trainee="NEWW-3337")
    with Record.open(data, clock=lambda: now) as record:
        report = record.apply_retention(30)
        remaining = [s.trainee for s in record.sessions()]
        again = record.apply_retention(30)

    assert (report.sessions, report.events, report.trainees) == (1, len(old_events), 1)
    assert remaining == ["NEWW-3337"]
    assert (again.sessions, again.events, again.trainees) == (0, 0, 0)
    assert b"PAST-222K" not in file_bytes(record_file(data))


def test_trainee_codes_are_readable_pseudonyms_with_a_check_character() -> None:
    codes = {new_trainee_code() for _ in range(200)}

    assert len(codes) == 200
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
        assert check_trainee_code(code) == code
    assert not set("01ILOU") & set(CODE_ALPHABET)
    assert check_trainee_code(" k7qm-24x3 ") == "K7QM-24X3"


def test_a_mistyped_or_swapped_character_in_a_code_is_caught() -> None:
    code = "K7QM-24X3"
    typos = [code[:i] + c + code[i + 1 :] for i in (0, 3, 5, 8) for c in "AB2Z9" if c != code[i]]
    swaps = [code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in (0, 1, 2, 5, 6, 7)]

    for wrong in typos + swaps:
        with pytest.raises(UsageError, match="check character does not match"):
            check_trainee_code(wrong)


def test_a_name_or_an_old_style_code_is_no_new_trainee_code() -> None:
    for not_a_code in ("janjansen", "anna@example.nl", "Anna de Vries", "", "A--B", "K7Q-2M4"):
        with pytest.raises(UsageError, match="not a trainee code: expected two groups of 4") as e:
            check_trainee_code(not_a_code)
        assert "records identity" in str(e.value)


def test_a_fresh_trainee_code_is_registered(record: Record) -> None:
    code = record.register_trainee()

    assert check_trainee_code(code) == code
    assert record.register_trainee(code) == code


# -- interruption and resuming ---------------------------------------------------------------


def test_an_interrupted_session_is_detected_and_resumes_where_it_stopped(
    data: Path, scenario: LoadedScenario
) -> None:
    crashed = Record.open(data)
    session_id, played = play(crashed, scenario, ["again"], finish=False)
    frozen_session = crashed._open_sessions[session_id]

    # Another process opens the record after the first stopped stamping its session.
    with Record.open(data, clock=lambda: time.time() + 3600) as record:
        info = record.session(session_id)
        point = record.resume_point(session_id)
        resumed = record.resume(session_id, scenario=scenario)
        runner = Runner(scenario.scenario, scenario.logic, intensity=point.intensity)
        assert resumed.append(runner.start(point.node, point.variables)).wait(WAIT)
        assert resumed.append(runner.choose("leave")).wait(WAIT)
        assert resumed.append(runner.choose("report")).wait(WAIT)
        assert resumed.finish().wait(WAIT)
        # The first process wakes up: its writes are refused, the session stays as resumed.
        with pytest.raises(RecordError, match="taken over"):
            frozen_session.append(runner.stop()).wait(WAIT)
        crashed.close()
        final = record.session(session_id)
        events = record.events(session_id)

    assert info.status == "interrupted"
    assert info.ended_at is not None
    assert (point.node, point.variables) == ("talk", {"asked": True, "intensity": 2})
    assert (final.status, final.ending, final.choices) == ("ended", "reported", 3)
    assert [e.seq for e in events] == list(range(len(events)))
    assert [e.decode() for e in events[: len(played)]] == played
    assert isinstance(events[-1].decode(), EndingReached)


def test_a_session_that_died_after_its_ending_counts_as_ended(
    data: Path, scenario: LoadedScenario
) -> None:
    crashed = Record.open(data)
    session_id, _ = play(crashed, scenario, ["leave", "report"], finish=False)

    with Record.open(data, clock=lambda: time.time() + 3600) as record:
        info = record.session(session_id)
    crashed.close()

    assert (info.status, info.outcome, info.ending) == ("ended", "safe_reported", "reported")


def test_a_live_session_in_another_record_is_not_interrupted(
    data: Path, scenario: LoadedScenario
) -> None:
    with Record.open(data) as playing:
        session_id, _ = play(playing, scenario, ["again"], finish=False)
        with Record.open(data) as other:
            assert other.session(session_id).status == "running"
            with pytest.raises(RecordError, match="only an interrupted session"):
                other.resume(session_id, scenario=scenario)


def test_a_session_of_a_process_that_died_is_interrupted(
    data: Path, tmp_path: Path, scenario: LoadedScenario
) -> None:
    script = (
        "import os, sys\n"
        "from record_helpers import load_loop_scenario, write_loop_scenario\n"
        "from simulator.record.store import Record\n"
        "from simulator.session.runner import Runner\n"
        "loaded = load_loop_scenario(__import__('pathlib').Path(sys.argv[2]))\n"
        "record = Record.open(sys.argv[1])\n"
        "session = record.begin(trainee='DDDD-555C', scenario=loaded, mode='text', "
        "language='nl', intensity=2)\n"
        "runner = Runner(loaded.scenario, loaded.logic)\n"
        "session.append(runner.start()).wait(10)\n"
        "session.append(runner.choose('leave')).wait(10)\n"
        "os._exit(0)\n"
    )
    tests = Path(__file__).parent
    subprocess.run(
        [sys.executable, "-c", script, str(data), str(tmp_path / "content")],
        check=True,
        env=with_python_path(tests),
    )

    with Record.open(data) as record:
        (info,) = record.sessions()
        point = record.resume_point(info.id)

    assert (info.status, info.choices) == ("interrupted", 1)
    assert point.node == "after"


def test_resuming_needs_the_same_scenario_file(
    data: Path, tmp_path: Path, scenario: LoadedScenario
) -> None:
    with Record.open(data) as record:
        session_id, _ = play(record, scenario, ["again"], finish=False)
    changed = load_loop_scenario(tmp_path / "changed", version="4")

    with Record.open(data) as record, pytest.raises(RecordError, match="file changed"):
        record.resume(session_id, scenario=changed)


def test_an_ended_session_cannot_be_resumed(record: Record, scenario: LoadedScenario) -> None:
    session_id, _ = play(record, scenario, ["leave", "report"])

    with pytest.raises(RecordError, match="is ended"):
        record.resume(session_id, scenario=scenario)


# -- format versions and damaged data ------------------------------------------------------


def test_unknown_event_kinds_are_kept_and_a_torn_payload_is_skipped(
    data: Path, scenario: LoadedScenario
) -> None:
    with Record.open(data) as record:
        session_id, played = play(record, scenario, ["leave"])
    with sqlite3.connect(record_file(data)) as connection:
        connection.execute(
            "INSERT INTO events VALUES (?, ?, 0, 0, 'hologram_shown', ?)",
            (session_id, 100, json.dumps({"v": 7, "node": "after", "colour": "blue"})),
        )
        connection.execute(
            "INSERT INTO events VALUES (?, ?, 0, 0, 'node_entered', '{\"v\": 1, \"no')",
            (session_id, 101),
        )
    connection.close()

    with Record.open(data) as record:
        events = record.events(session_id)
        point = record.resume_point(session_id)

    assert [e.decode() for e in events[:-1]] == played
    assert (events[-1].kind, events[-1].payload["colour"], events[-1].decode()) == (
        "hologram_shown",
        "blue",
        None,
    )
    assert point.node == "after"


def test_a_record_from_a_newer_simulator_is_refused(data: Path) -> None:
    Record.open(data).close()
    with sqlite3.connect(record_file(data)) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()

    with pytest.raises(RecordError, match="schema version 99, newer than this simulator"):
        Record.open(data)


def test_another_sqlite_file_is_not_taken_for_a_record(tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE photos (name TEXT)")
    connection.close()
    os.chmod(other, 0o644)
    before = other.read_bytes()

    with pytest.raises(RecordError, match="not a simulator record"):
        Record.open(other)
    assert main(["sessions", "--data", str(other)]) == 2

    # Refused before anything changed it: same bytes, mode and journal, no WAL beside it.
    assert other.read_bytes() == before
    assert stat.S_IMODE(other.stat().st_mode) == 0o644
    assert not other.with_name("photos.db-wal").exists()


def test_a_file_that_is_not_sqlite_is_named_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "records.sqlite3"
    notes.write_text("my notes\n" * 200, encoding="utf-8")

    with pytest.raises(RecordError, match="file is not a database"):
        Record.open(notes)

    assert notes.read_text(encoding="utf-8") == "my notes\n" * 200


def test_the_record_uses_wal_and_is_versioned(record: Record) -> None:
    with sqlite3.connect(record.path) as connection:
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.close()

    assert (mode, version) == ("wal", 2)


# -- where the record lives ------------------------------------------------------------------


def test_the_data_folder_follows_option_environment_and_platform(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("SIMULATOR_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "simulator"
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir(tmp_path / "option") == tmp_path / "option"
    assert record_file(tmp_path / "option") == tmp_path / "option" / "records.sqlite3"
    assert record_file(tmp_path / "mine.db") == tmp_path / "mine.db"
    monkeypatch.delenv("SIMULATOR_DATA")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME")
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "simulator"  # as in 0.1


def _pretend_platform(monkeypatch: pytest.MonkeyPatch, platform: str, folders: type) -> None:
    """Make platformdirs and the location module believe they run on ``platform``."""
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(platformdirs, "PlatformDirs", folders)
    monkeypatch.delenv("SIMULATOR_DATA", raising=False)
    monkeypatch.delenv("SIMULATOR_LOG_DIR", raising=False)
    for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(variable, raising=False)


def test_on_macos_the_folders_are_the_library_ones(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from platformdirs.macos import MacOS

    _pretend_platform(monkeypatch, "darwin", MacOS)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_dir() == tmp_path / "Library" / "Application Support" / "simulator"
    assert log_dir() == tmp_path / "Library" / "Logs" / "simulator"
    (tmp_path / ".local" / "share" / "simulator").mkdir(parents=True)
    assert data_dir() == tmp_path / ".local" / "share" / "simulator"  # 0.1's, kept
    (tmp_path / "Library" / "Application Support" / "simulator").mkdir(parents=True)
    assert data_dir() == tmp_path / "Library" / "Application Support" / "simulator"


def test_on_windows_the_folders_are_local_not_roaming(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs.windows
    from platformdirs.windows import Windows

    _pretend_platform(monkeypatch, "win32", Windows)
    known = {"CSIDL_LOCAL_APPDATA": tmp_path / "Local", "CSIDL_APPDATA": tmp_path / "Roaming"}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda name: str(known[name]))
    assert data_dir() == tmp_path / "Local" / "simulator"
    assert log_dir() == tmp_path / "Local" / "simulator" / "Logs"
    (tmp_path / "Roaming" / "simulator").mkdir(parents=True)
    assert data_dir() == tmp_path / "Roaming" / "simulator"  # 0.1's, kept


def test_the_log_folder_follows_the_environment_and_xdg(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("SIMULATOR_LOG_DIR", raising=False)
    assert log_dir() == tmp_path / "state" / "simulator" / "log"
    monkeypatch.setenv("SIMULATOR_LOG_DIR", str(tmp_path / "logs"))
    assert log_dir() == tmp_path / "logs"


# -- the command line ------------------------------------------------------------------------


def test_sessions_lists_a_readable_table(
    data: Path, scenario: LoadedScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    with Record.open(data) as record:
        play(record, scenario, ["leave", "report"], trainee="AAAA-2228")
        play(record, scenario, ["again"], trainee="BBBB-333K")

    assert main(["sessions", "--data", str(data), "--status", "ended"]) == 0
    lines = capsys.readouterr().out.splitlines()

    assert lines[0].split()[:3] == ["ID", "STARTED", "TRAINEE"]
    assert "AAAA-2228" in lines[1] and "reported (safe_reported)" in lines[1]
    assert lines[-1] == "1 session."


def test_sessions_without_a_record_creates_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sessions", "--data", str(data)]) == 0

    assert "No sessions recorded yet" in capsys.readouterr().out
    assert not data.exists()


def test_records_erase_and_retention_report_what_they_removed(
    data: Path, scenario: LoadedScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    with Record.open(data) as record:
        play(record, scenario, ["leave", "report"], trainee="AAAA-2228")
        play(record, scenario, ["leave"], trainee="BBBB-333K")

    assert main(["records", "erase", "--trainee", "AAAA-2228", "--data", str(data)]) == 0
    assert main(["records", "retention", "--days", "0", "--data", str(data)]) == 0
    assert main(["records", "erase", "--trainee", "AAAA-2228", "--data", str(data)]) == 2

    output = capsys.readouterr()
    assert "Erased trainee AAAA-2228: 1 session, " in output.out
    assert "Deleted 1 session (" in output.out
    assert "no trainee AAAA-2228" in output.err


def test_export_writes_json_lines(
    data: Path, tmp_path: Path, scenario: LoadedScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    with Record.open(data) as record:
        session_id, played = play(record, scenario, ["leave", "report"])
    target = tmp_path / "session.jsonl"

    assert main(["export", str(session_id), "-o", str(target), "--data", str(data)]) == 0
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]

    assert lines[0]["type"] == "session" and lines[0]["status"] == "ended"
    assert lines[0]["started_at"].endswith("Z")
    assert [line["kind"] for line in lines[1:]] == [event.kind for event in played]
    made = [line["data"] for line in lines if line.get("kind") == "choice_made"]
    assert [m["choice"] for m in made] == ["leave", "report"]
    assert all(line["v"] == 1 for line in lines)
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_of_an_unknown_session_is_a_clear_error(
    data: Path, scenario: LoadedScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    with Record.open(data) as record:
        play(record, scenario, ["leave"])

    assert main(["export", "42", "--data", str(data)]) == 2
    assert "no session 42" in capsys.readouterr().err


def test_records_identity_links_shows_and_removes_a_name_behind_a_code(
    data: Path, scenario: LoadedScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    with Record.open(data) as record:
        play(record, scenario, ["leave", "report"], trainee="AAAA-2228")
    where = ["--trainee", "AAAA-2228", "--data", str(data)]

    assert main(["records", "identity", *where]) == 1
    assert main(["records", "identity", *where, "--name", "Anna de Vries"]) == 0
    assert main(["records", "identity", *where, "--email", "anna@example.nl"]) == 0
    assert main(["records", "identity", *where, "--remove", "--name", "x"]) == 2
    assert main(["records", "identity", *where, "--remove"]) == 0
    assert main(["records", "identity", *where]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "AAAA-2228 has no identity linked.",
        "AAAA-2228: Anna de Vries <->",
        "AAAA-2228: - <anna@example.nl>",
        "Removed the identity of AAAA-2228.",
        "AAAA-2228 has no identity linked.",
    ]
    with Record.open(data) as record:
        assert [s.trainee for s in record.sessions()] == ["AAAA-2228"]


def test_play_refuses_a_name_as_trainee_code_and_sends_nothing(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = write_loop_scenario(tmp_path / "content")
    monkeypatch.setenv("SIMULATOR_LRS_USER", "station")
    monkeypatch.setenv("SIMULATOR_LRS_PASSWORD", "secret")
    lrs = ["--lrs", "http://127.0.0.1:9/xapi", "--data", str(data)]

    for typed in ("janjansen", "K7QM-24X4", "K7MQ-24X3"):  # a name, a typo, a swap
        assert main(["play", str(scenario), "--text", "--autoplay", "random", "--trainee", typed]
                    + lrs) == 2  # fmt: skip
        err = capsys.readouterr().err
        assert f"{typed!r} is not a trainee code" in err and "records identity" in err

    assert not data.exists(), "no record, so no statement waiting for the LRS"


def test_a_record_with_older_codes_stays_readable_and_erasable(
    data: Path, tmp_path: Path, scenario: LoadedScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    with Record.open(data) as record:
        session_id, _ = play(record, scenario, ["leave", "report"])
    with sqlite3.connect(record_file(data)) as connection:  # as an older simulator wrote it
        connection.execute("UPDATE trainees SET code = 'K7Q-2M4'")
        connection.execute("UPDATE sessions SET trainee = 'K7Q-2M4'")
    connection.close()
    where = ["--trainee", "k7q-2m4", "--data", str(data)]

    assert main(["sessions", *where]) == 0
    assert main(["export", str(session_id), "--data", str(data)]) == 0
    assert main(["records", "identity", *where, "--name", "Anna de Vries"]) == 0
    assert main(["play", "--text", "--autoplay", "random", *where]) == 2
    assert main(["records", "erase", *where]) == 0

    out, err = capsys.readouterr()
    assert "K7Q-2M4" in out and "1 session." in out and '"trainee": "K7Q-2M4"' in out
    assert "K7Q-2M4: Anna de Vries <->" in out
    assert "'k7q-2m4' is not a trainee code" in err
    assert "Erased trainee K7Q-2M4: 1 session, " in out
