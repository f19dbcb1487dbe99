"""The record when its storage fails: a read-only folder, a full disk, a damaged page.

Each case on a real SQLite file. As root (whom file modes do not stop) a
read-only folder is a read-only bind mount and a full disk a tiny tmpfs; where
those cannot be made, the test is skipped.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from record_helpers import load_loop_scenario, write_loop_scenario

from simulator.cli import main
from simulator.record.store import STALE_AFTER_S, Record, RecordError, record_file
from simulator.scenario.loading import LoadedScenario
from simulator.session.autoplay import autoplay_from
from simulator.session.runner import Runner
from simulator.text.player import TextSession

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX file systems and modes")

CODE = "K7QM-24X3"
WAIT = 10.0


def record_sessions(data: Path, loaded: LoadedScenario, count: int) -> None:
    """``count`` sessions played to the reported ending, closed cleanly."""
    with Record.open(data) as record:
        for _ in range(count):
            runner = Runner(loaded.scenario, loaded.logic)
            session = record.begin(
                trainee=CODE, scenario=loaded, mode="text", language="nl", intensity=2
            )
            session.append(runner.start())
            for choice in ["again"] * 8 + ["leave", "report"]:
                session.append(runner.choose(choice))
            assert session.finish().wait(WAIT)


def _mount(*arguments: str) -> None:
    try:
        subprocess.run(["mount", *arguments], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot mount here ({error})")


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` and its files cannot be written by this process while inside."""
    if os.geteuid() != 0:
        files = list(folder.iterdir())
        for file in files:
            os.chmod(file, 0o400)
        os.chmod(folder, 0o500)
        try:
            yield
        finally:
            os.chmod(folder, 0o700)
            for file in files:
                os.chmod(file, 0o600)
        return
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,ro,bind", str(folder))
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@contextmanager
def small_disk(folder: Path, kilobytes: int) -> Iterator[Path]:
    """A file system of ``kilobytes`` mounted at ``folder`` (root only)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    folder.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={kilobytes}k,mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@contextmanager
def one_session_on_a_small_disk(tmp_path: Path) -> Iterator[tuple[Path, LoadedScenario]]:
    """The data folder, on a 400 KB disk, holding one ended session; and its scenario."""
    loaded = load_loop_scenario(tmp_path / "content")
    with small_disk(tmp_path / "disk", 400) as disk:
        record_sessions(disk / "data", loaded, 1)
        yield disk / "data", loaded


def fill(disk: Path) -> Path:
    """Write a file until the disk is full; the file (delete it to free the space)."""
    pad = disk / "pad"
    with open(pad, "wb", buffering=0) as file:
        try:
            while True:
                file.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return pad


# -- a read-only folder ----------------------------------------------------------------------


def test_a_read_only_record_lists_exports_and_debriefs_but_refuses_to_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded = load_loop_scenario(tmp_path / "content")
    data = tmp_path / "data"
    record_sessions(data, loaded, 2)
    before = sorted(p.name for p in data.iterdir())  # closed cleanly: no -wal, no -shm
    where = ["--data", str(data)]

    with read_only(data):
        listed = main(["sessions", *where])
        exported = main(["export", "2", "-o", str(tmp_path / "two.jsonl"), *where])
        debriefed = main(["debrief", "1", "-o", str(tmp_path / "one.html"), *where])
        shown = main(["records", "identity", "--trainee", CODE, *where])
        erased = main(["records", "erase", "--trainee", CODE, *where])
        played = main(["play", "--text", "--autoplay", "random", *where])
    out, err = capsys.readouterr()

    assert (listed, exported, debriefed, shown) == (0, 0, 0, 1)
    assert "2 sessions." in out
    assert json.loads((tmp_path / "two.jsonl").read_text().splitlines()[0])["type"] == "session"
    assert (erased, played) == (2, 2)
    assert err.count(f"the data folder {data} is read-only; reading sessions works") == 2
    assert "Traceback" not in err
    assert sorted(p.name for p in data.iterdir()) == before


def test_reading_a_record_changes_nothing_in_it(tmp_path: Path) -> None:
    loaded = load_loop_scenario(tmp_path / "content")
    data = tmp_path / "data"
    record_sessions(data, loaded, 1)
    os.chmod(record_file(data), 0o640)  # left lax on purpose: a reader does not chmod
    before = record_file(data).read_bytes()

    assert main(["sessions", "--data", str(data)]) == 0
    assert main(["export", "1", "--data", str(data)]) == 0

    assert record_file(data).read_bytes() == before
    assert os.stat(record_file(data)).st_mode & 0o777 == 0o640


def test_a_record_file_never_written_reads_as_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "records.sqlite3"
    empty.touch()  # as left by a first open that found the disk full

    assert main(["sessions", "--data", str(empty)]) == 0
    assert main(["export", "1", "--data", str(empty)]) == 2

    out, err = capsys.readouterr()
    assert out == "No sessions match.\n" and f"no session 1 in {empty}" in err
    assert empty.stat().st_size == 0


# -- a full disk -----------------------------------------------------------------------------


def test_a_full_disk_while_playing_is_one_message_and_the_record_opens_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with one_session_on_a_small_disk(tmp_path) as (data, loaded):
        with Record.open(data) as record:
            recorded = len(record.events(1))
        pads: list[Path] = []
        with Record.open(data) as record:

            def begin(language: str, intensity: int, trainee: str):  # type: ignore[no-untyped-def]
                session = record.begin(
                    trainee=trainee, scenario=loaded, mode="text", language=language,
                    intensity=intensity,
                )  # fmt: skip
                pads.append(fill(data.parent))
                return session

            TextSession(
                loaded,
                language="nl",
                intensity=2,
                trainee=CODE,
                autoplay=autoplay_from("random", 3),
                begin_recording=begin,
            ).play()
        played = capsys.readouterr()
        listed_while_full = main(["sessions", "--data", str(data)])
        listing = capsys.readouterr().out
        pads[0].unlink()
        later = time.time() + STALE_AFTER_S + 1  # this process no longer plays the session
        with Record.open(data, clock=lambda: later) as record:
            statuses = [s.status for s in record.sessions()]
            kept = len(record.events(1))
        replayed = main(["play", "--text", "--autoplay", "random", "--data", str(data)])

    assert played.err.count("is full") == 1
    assert f"the disk holding the record {record_file(data)} is full" in played.err
    assert "Traceback" not in played.err and "cannot rollback" not in played.err
    assert listed_while_full == 0 and "2 sessions." in listing
    assert statuses == ["ended", "interrupted"] and kept == recorded
    assert replayed == 0


def test_opening_a_record_on_a_full_disk_writes_nothing_and_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with one_session_on_a_small_disk(tmp_path) as (data, _):
        with Record.open(data):  # another station holding the record open
            fill(data.parent)
            with Record.open(data) as record:  # once: "cannot rollback - no transaction..."
                statuses = [s.status for s in record.sessions()]
        played = main(["play", "--text", "--autoplay", "random", "--data", str(data)])
        listed = main(["sessions", "--data", str(data)])

    assert statuses == ["ended"]
    out, err = capsys.readouterr()
    assert played == 2 and err.count("is full") == 1 and "Traceback" not in err
    assert listed == 0 and "1 session." in out


def test_a_write_that_finds_the_disk_full_leaves_the_record_usable(tmp_path: Path) -> None:
    with Record.open(tmp_path / "data") as record:
        record.register_trainee(CODE)
        # Emulate a full disk: the file may not grow (SQLite then rolls back by itself).
        pages = record._connection.execute("PRAGMA page_count").fetchone()[0]
        record._connection.execute(f"PRAGMA max_page_count = {pages}")
        for _ in range(2):  # once failed with "cannot rollback - no transaction is active"
            with pytest.raises(RecordError, match="is full; what was recorded before is kept"):
                record.set_identity(CODE, name="n" * 100_000)
        record._connection.execute("PRAGMA max_page_count = 1073741823")
        record.set_identity(CODE, name="Anna")
        identity = record.identity(CODE)

    assert identity is not None and identity.name == "Anna"


# -- a damaged page --------------------------------------------------------------------------


def damage(path: Path) -> None:
    """Overwrite the middle third of the file's pages (never the header page) with garbage."""
    content = bytearray(path.read_bytes())
    pages = len(content) // 4096
    for page in range(pages // 3, 2 * pages // 3):
        content[page * 4096 + 8 : page * 4096 + 4000] = b"\xa5" * 3992
    path.write_bytes(bytes(content))


def test_a_damaged_record_is_named_with_how_to_recover_and_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = write_loop_scenario(tmp_path / "content")
    loaded = load_loop_scenario(tmp_path / "content")
    data = tmp_path / "data"
    record_sessions(data, loaded, 40)
    path = record_file(data)
    damage(path)
    before = path.read_bytes()

    played = main(["play", str(scenario), "--text", "--autoplay", "random", "--data", str(data)])
    listed = main(["sessions", "--data", str(data)])
    exported = main(["export", "20", "--data", str(data)])
    out, err = capsys.readouterr()

    assert (played, listed, exported) == (2, 2, 2)
    assert err.count(f"the record {path} is damaged") == 3
    assert f"sqlite3 {path} .recover |" in err and "play with --data DIR or --no-record" in err
    assert "Traceback" not in err and "Recording session" not in err
    assert path.read_bytes() == before
