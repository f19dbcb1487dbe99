"""The outbox and a real LRS: Ralph on loopback, going down mid-session and coming back."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from lrs_helpers import PASSWORD, USER, RalphServer
from record_helpers import load_loop_scenario

from simulator.cli import main
from simulator.errors import UsageError
from simulator.interop.lrs import (
    Credentials,
    LrsClient,
    OutboxSender,
    credentials_from_environment,
    statements_url,
)
from simulator.interop.xapi import XapiForwarding, XapiSettings, statements_for_session
from simulator.record.outbox import Outbox, outbox_size
from simulator.record.schema import MIGRATIONS, connect
from simulator.record.store import Record
from simulator.scenario.loading import LoadedScenario
from simulator.session.runner import Runner

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "playthroughs"
WAIT = 10.0

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphServer]:
    server = RalphServer(tmp_path_factory.mktemp("ralph")).start()
    yield server
    server.stop()


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> Credentials:
    monkeypatch.setenv("SIMULATOR_LRS_USER", USER)
    monkeypatch.setenv("SIMULATOR_LRS_PASSWORD", PASSWORD)
    return Credentials(USER, PASSWORD)


@pytest.fixture
def scenario(tmp_path: Path) -> LoadedScenario:
    return load_loop_scenario(tmp_path / "content")


def wait_until(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def of_session(server: RalphServer, registration: str) -> list[dict]:
    return [s for s in server.statements() if s["context"]["registration"] == registration]


# -- the command line against Ralph ---------------------------------------------------------


def test_a_played_session_reaches_ralph_and_a_group_debrief_reads_it_back(
    tmp_path: Path,
    ralph: RalphServer,
    credentials: Credentials,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    plan = PLANS / "car_park_kept_to_yourself.plan"
    assert main(["play", "--text", "--lang", "en", "--intensity", "1", "--autoplay", str(plan)]
                + ["--data", str(data), "--lrs", ralph.endpoint]) == 0  # fmt: skip
    err = capsys.readouterr().err

    with Record.open(data) as record:
        info = record.session(1)
        local = statements_for_session(info, record.events(1))
    stored = of_session(ralph, info.uuid)
    out = tmp_path / "group.html"
    assert main(["debrief", "--group", "--lrs", ralph.endpoint, "--scenario", "car_park"]
                + ["--individual", "--lang", "en", "-o", str(out)]) == 0  # fmt: skip
    page = out.read_text("utf-8")

    assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in local)
    assert f"{len(local)} statements sent to the LRS." in err
    assert PASSWORD not in err
    assert outbox_size(data / "records.sqlite3") == 0
    assert info.trainee in page and "kept_to_yourself" in page
    assert 'data-choice="keep_quiet"' in page


def test_a_missing_lrs_never_blocks_a_session_and_its_statements_go_out_later(
    tmp_path: Path, credentials: Credentials, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    plan = PLANS / "car_park_kept_to_yourself.plan"
    server = RalphServer(tmp_path / "ralph")  # not started yet: nothing listens on its port
    started = time.monotonic()
    assert main(["play", "--text", "--intensity", "1", "--autoplay", str(plan)]
                + ["--data", str(data), "--lrs", server.endpoint]) == 0  # fmt: skip
    took = time.monotonic() - started
    err = capsys.readouterr().err
    waiting = outbox_size(data / "records.sqlite3")

    assert took < 8.0  # the session itself plus at most the 3 s flush at exit
    assert "statements wait locally" in err and "wait in the outbox" in err
    assert waiting > 40

    # The LRS is up for the next session: it sends both sessions' statements.
    server.start()
    try:
        assert main(["play", "--text", "--intensity", "1", "--autoplay", str(plan)]
                    + ["--data", str(data), "--lrs", server.endpoint]) == 0  # fmt: skip
        with Record.open(data) as record:
            first, second = record.session(1), record.session(2)
        assert outbox_size(data / "records.sqlite3") == 0
        assert len(of_session(server, first.uuid)) == waiting
        assert len(of_session(server, second.uuid)) == waiting
    finally:
        server.stop()


def test_records_send_delivers_what_waited_without_a_new_session(
    tmp_path: Path, credentials: Credentials, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    plan = PLANS / "car_park_kept_to_yourself.plan"
    server = RalphServer(tmp_path / "ralph")  # not started: the session's statements wait
    assert main(["play", "--text", "--intensity", "1", "--autoplay", str(plan)]
                + ["--data", str(data), "--lrs", server.endpoint]) == 0  # fmt: skip
    waiting = outbox_size(data / "records.sqlite3")
    assert main(["records", "send", "--lrs", server.endpoint, "--data", str(data)]) == 1
    assert f"Sent 0 statements to the LRS; {waiting} still wait." in capsys.readouterr().out

    server.start()
    try:
        assert main(["records", "send", "--lrs", server.endpoint, "--data", str(data)]) == 0
        out = capsys.readouterr().out
        with Record.open(data) as record:
            session = record.session(1)
        assert f"Sent {waiting} statements to the LRS; 0 still wait." in out
        assert len(of_session(server, session.uuid)) == waiting
        assert PASSWORD not in out
    finally:
        server.stop()


def test_credentials_come_from_the_environment_or_a_private_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "lrs.toml"
    config.write_text('user = "station-3"\npassword = "pw with spaces"\n', encoding="utf-8")
    os.chmod(config, 0o600)

    from_env = credentials_from_environment(
        tmp_path, {"SIMULATOR_LRS_USER": "a", "SIMULATOR_LRS_PASSWORD": "b"}
    )
    from_file = credentials_from_environment(tmp_path, {})
    nothing = credentials_from_environment(tmp_path / "elsewhere", {})
    os.chmod(config, 0o644)
    with pytest.raises(UsageError, match="others can read it; chmod 600"):
        credentials_from_environment(tmp_path, {})

    assert from_env == Credentials("a", "b")
    assert from_file == Credentials("station-3", "pw with spaces")
    assert nothing is None
    assert "pw with spaces" not in repr(from_file)


def test_the_config_file_sets_the_home_page_and_activity_base_unless_the_environment_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("SIMULATOR_LRS_USER", "SIMULATOR_LRS_PASSWORD", "SIMULATOR_XAPI_BASE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("SIMULATOR_XAPI_HOMEPAGE", "https://env.example.nl/")
    config = tmp_path / "lrs.toml"
    config.write_text(
        'user = "s"\npassword = "p"\nhome_page = "https://file.example.nl/"\n'
        'activity_base = "urn:example:centre:xapi"\n',
        encoding="utf-8",
    )
    os.chmod(config, 0o600)

    settings = LrsClient("http://lrs/xAPI/", credentials_from_environment(tmp_path)).settings()

    assert settings == XapiSettings("https://env.example.nl/", "urn:example:centre:xapi")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('user = 5\npassword = "x"\n', "user is int; expected a string in quotes"),
        ('[lrs]\nuser = "a"\npassword = ["x"]\n', "password is list; expected a string"),
        ('user = "a"\npassword = "b"\nhome_page = 3\n', "home_page is int; expected"),
        ('user = "a"\npassword = "b"\nactivity_base = 3\n', "activity_base is int; expected"),
        ("lrs = 5\n", "expected 'user' and 'password' keys"),
    ],
)
def test_an_lrs_config_with_values_of_the_wrong_type_is_one_clear_error(
    tmp_path: Path, text: str, message: str
) -> None:
    config = tmp_path / "lrs.toml"
    config.write_text(text, encoding="utf-8")
    os.chmod(config, 0o600)
    with pytest.raises(UsageError, match=message):
        credentials_from_environment(tmp_path, {})


def test_an_lrs_endpoint_is_used_as_given_with_statements_appended() -> None:
    assert statements_url("https://lrs.example/lrs/APPID/") == (
        "https://lrs.example/lrs/APPID/statements",
        None,
    )
    assert statements_url("http://lrs:8100") == ("http://lrs:8100/statements", None)
    assert statements_url("https://lrs.example/xAPI/")[0] == "https://lrs.example/xAPI/statements"
    assert statements_url("https://lrs.example/data/xAPI//")[0] == (
        "https://lrs.example/data/xAPI/statements"
    )
    assert statements_url("http://h/data/xAPI/statements")[0] == "http://h/data/xAPI/statements"


def test_an_lrs_url_names_its_statements_resource_without_credentials() -> None:
    url, credentials = statements_url("http://me:s%40cret@lrs:8100/xAPI")
    assert url == "http://lrs:8100/xAPI/statements"
    assert credentials == Credentials("me", "s@cret")
    with pytest.raises(UsageError, match=r"me:\*\*\*@") as caught:
        statements_url("ftp://me:hunter2@lrs")
    assert "hunter2" not in str(caught.value)


def test_play_refuses_an_lrs_without_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SIMULATOR_LRS_USER", raising=False)
    monkeypatch.delenv("SIMULATOR_LRS_PASSWORD", raising=False)
    monkeypatch.delenv("SIMULATOR_LRS_CONFIG", raising=False)

    code = main(["play", "--text", "--data", str(tmp_path), "--lrs", "http://127.0.0.1:9"])

    assert code == 2 and "SIMULATOR_LRS_USER" in capsys.readouterr().err


def test_wrong_credentials_keep_statements_waiting_and_are_never_shown(
    tmp_path: Path, ralph: RalphServer, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SIMULATOR_LRS_USER", USER)
    monkeypatch.setenv("SIMULATOR_LRS_PASSWORD", "not-the-password-9731")
    plan = PLANS / "car_park_kept_to_yourself.plan"

    assert main(["play", "--text", "--intensity", "1", "--autoplay", str(plan)]
                + ["--data", str(tmp_path), "--lrs", ralph.endpoint]) == 0  # fmt: skip
    err = capsys.readouterr().err

    assert "401" in err and "not-the-password-9731" not in err
    assert outbox_size(tmp_path / "records.sqlite3") > 0


# -- the outbox through an LRS going down and coming back -----------------------------------


def test_the_lrs_going_down_mid_session_and_coming_back_gets_every_statement_once(
    tmp_path: Path, scenario: LoadedScenario
) -> None:
    server = RalphServer(tmp_path / "ralph").start()
    try:
        client = LrsClient(server.endpoint, Credentials(USER, PASSWORD), timeout=2.0)
        statuses: list[str] = []
        with Record.open(tmp_path / "data") as record:
            sender = OutboxSender(record.path, client, poll_s=0.05, on_status=statuses.append)
            forward = XapiForwarding(client.endpoint, XapiSettings())
            with sender:
                runner = Runner(scenario.scenario, scenario.logic)
                session = record.begin(
                    trainee="K7QM-24X3", scenario=scenario, mode="xr", language="en",
                    intensity=2, forward=forward,
                )  # fmt: skip
                assert session.append(runner.start()).wait(WAIT)
                assert session.append(runner.choose("again")).wait(WAIT)
                uuid = record.session(session.id).uuid
                assert wait_until(lambda: outbox_size(record.path) == 0)
                sent_before = len(of_session(server, uuid))

                server.stop()
                slowest = 0.0
                for choice in ("again", "again", "leave"):
                    began = time.monotonic()
                    assert session.append(runner.choose(choice)).wait(WAIT)
                    slowest = max(slowest, time.monotonic() - began)
                assert wait_until(lambda: bool(statuses))
                waiting = outbox_size(record.path)

                server.start()
                assert session.append(runner.choose("report")).wait(WAIT)
                assert session.finish().wait(WAIT)
                assert wait_until(lambda: outbox_size(record.path) == 0, timeout=40)
            local = statements_for_session(record.session(session.id), record.events(session.id))
        stored = of_session(server, uuid)
    finally:
        server.stop()

    assert sent_before > 0 and waiting > 0
    assert slowest < 0.5  # a choice commits locally at once, whatever the LRS does
    assert statuses[0].startswith("LRS not available")
    assert statuses[-1].startswith("LRS reachable again")
    assert Counter(s["id"] for s in stored) == Counter(s["id"] for s in local)
    assert max(Counter(s["id"] for s in stored).values()) == 1


def test_a_statement_sent_before_a_crash_is_not_stored_twice(
    tmp_path: Path, ralph: RalphServer, scenario: LoadedScenario
) -> None:
    client = LrsClient(ralph.endpoint, Credentials(USER, PASSWORD))
    with Record.open(tmp_path / "data") as record:
        forward = XapiForwarding(client.endpoint, XapiSettings())
        runner = Runner(scenario.scenario, scenario.logic)
        session = record.begin(
            trainee="K7QM-24X3", scenario=scenario, mode="text", language="en", intensity=2,
            forward=forward,
        )  # fmt: skip
        session.append(runner.start())
        assert session.append(runner.choose("leave")).wait(WAIT)
        uuid = record.session(session.id).uuid
        # The LRS got everything, then the process died before the outbox was emptied.
        connection = connect(record.path)
        queued = [json.loads(t) for (t,) in connection.execute("SELECT statement FROM outbox")]
        client.post(queued)
        # One statement the LRS holds with different content: a 409 Conflict, counted as sent.
        changed = dict(queued[0], timestamp="2001-01-01T00:00:00.000Z")
        connection.execute(
            "UPDATE outbox SET statement = ? WHERE statement_id = ?",
            (json.dumps(changed), changed["id"]),
        )
        sender = OutboxSender(record.path, client)
        sent = sender.send_pending(Outbox(connection, client.endpoint))
        connection.close()

    assert sent == len(queued)
    assert outbox_size(record.path) == 0
    assert len(of_session(ralph, uuid)) == len(queued)


def test_erasing_a_trainee_erases_their_waiting_statements(
    tmp_path: Path, scenario: LoadedScenario
) -> None:
    with Record.open(tmp_path / "data") as record:
        forward = XapiForwarding("http://lrs.invalid/xAPI/statements", XapiSettings())
        runner = Runner(scenario.scenario, scenario.logic)
        session = record.begin(
            trainee="K7QM-24X3", scenario=scenario, mode="text", language="en", intensity=2,
            forward=forward,
        )  # fmt: skip
        session.append(runner.start())
        assert session.finish().wait(WAIT)
        before = outbox_size(record.path)
        record.erase_trainee("K7QM-24X3")

        assert before > 0 and outbox_size(record.path) == 0


def test_a_version_1_record_opens_and_gains_the_outbox(
    tmp_path: Path, scenario: LoadedScenario
) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute("PRAGMA application_id = 1397312850")
    connection.execute("PRAGMA user_version = 1")
    connection.execute("INSERT INTO trainees VALUES ('K7QM-24X3', 1.0)")
    connection.execute(
        "INSERT INTO sessions (uuid, trainee, scenario_id, scenario_hash, scenario_version, "
        "app_version, mode, language, intensity, started_at, status, outcome, ending) VALUES "
        "('u-1', 'K7QM-24X3', 'loop', 'h', '3', '0.0.9', 'text', 'nl', 2, 1.0, 'ended', "
        "'safe_reported', 'reported')"
    )
    connection.execute(
        'INSERT INTO events VALUES (1, 0, 1.0, 0.0, \'started\', \'{"v": 1, "node": "talk"}\')'
    )
    connection.commit()
    connection.close()

    with Record.open(path) as record:
        info = record.session(1)
        events = record.events(1)
        version = record._connection.execute("PRAGMA user_version").fetchone()[0]

    assert (info.status, info.ending, len(events), version) == ("ended", "reported", 1, 2)
    assert outbox_size(path) == 0
