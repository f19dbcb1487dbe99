"""Write a debrief report: one session, or a group of sessions, as a self-contained HTML page.

``simulator debrief SESSION -o report.html`` debriefs one session from the
local record. ``simulator debrief --group`` debriefs a group chosen by
``--sessions``, ``--since``/``--until`` or ``--scenario`` (from the local
record, or from a Learning Record Store with ``--lrs URL``). Group pages hide
counts that identify fewer than 3 trainees unless ``--individual`` is given.
The file is created readable only by its owner.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path

from simulator.commands._records import (
    add_data_option,
    local_date,
    open_existing_record,
    session_id,
    write_private,
)
from simulator.errors import ScenarioError, UsageError
from simulator.i18n import interface_languages
from simulator.record.trace import SessionTrace, trace_from_record
from simulator.report.debrief import group_debrief_html, session_debrief_html
from simulator.report.projector_debrief import projector_debrief_html
from simulator.scenario.content import content_root
from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Scenario
from simulator.session.events import Event

HELP = "write a debrief report (HTML) of a session or a group of sessions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session", type=session_id, nargs="?", metavar="SESSION", help="a session's id"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="the HTML file to write")
    parser.add_argument(
        "--lang",
        choices=interface_languages(),
        help="language (default: the session's; nl for a group)",
    )
    parser.add_argument("--group", action="store_true", help="debrief a group of sessions")
    parser.add_argument(
        "--sessions", type=_ids, metavar="1,2,3", help="the group: these session ids"
    )
    parser.add_argument(
        "--since",
        type=local_date,
        metavar="DATE",
        help="the group: sessions started on or after DATE",
    )
    parser.add_argument(
        "--until",
        type=local_date,
        metavar="DATE",
        help="the group: sessions started on or before DATE",
    )
    parser.add_argument("--scenario", metavar="ID", help="the group: sessions of this scenario")
    parser.add_argument(
        "--individual",
        action="store_true",
        help="show every count and each trainee's sessions (no hiding of small groups)",
    )
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help="read the group's statements from this Learning Record Store (credentials from "
        "SIMULATOR_LRS_USER / SIMULATOR_LRS_PASSWORD or the LRS config file)",
    )
    add_data_option(parser)


def run(arguments: argparse.Namespace) -> int:
    if arguments.group:
        return _run_group(arguments)
    if arguments.session is None:
        raise UsageError("name a SESSION to debrief, or use --group (see simulator sessions)")
    with open_existing_record(arguments.data, read_only=True) as record:
        info = record.session(arguments.session)
        recorded = record.events(arguments.session)
        trace = trace_from_record(info, recorded)
    scenario, matches = find_scenario(trace.scenario_id, trace.scenario_hash)
    if info.mode == "projector" and scenario is not None:
        # A group led on the projector: its votes, decisions, branches and notes.
        events = [
            event for event in (item.decode() for item in recorded) if isinstance(event, Event)
        ]
        page = projector_debrief_html(scenario, events, arguments.lang or info.language)
    else:
        page = session_debrief_html(
            trace, scenario, language=arguments.lang, scenario_matches=matches
        )
    output = Path(arguments.output or f"debrief-session-{arguments.session}.html")
    write_private(output, page)
    print(f"Wrote the debrief of session {arguments.session} to {output}.")
    return 0


def _run_group(arguments: argparse.Namespace) -> int:
    if arguments.session is not None:
        raise UsageError("--group takes --sessions 1,2,3 rather than a SESSION argument")
    if not (arguments.sessions or arguments.since or arguments.until or arguments.scenario):
        raise UsageError("--group needs --sessions, --since/--until or --scenario to pick sessions")
    until = arguments.until + timedelta(days=1) if arguments.until else None
    if arguments.lrs:
        if arguments.sessions:
            raise UsageError("--sessions names local sessions; with --lrs pick by date or scenario")
        from simulator.interop.lrs import LrsClient, LrsError, credentials_from_environment
        from simulator.interop.traces import traces_from_statements

        client = LrsClient(arguments.lrs, credentials_from_environment(arguments.data))
        try:
            statements = client.fetch(
                scenario=arguments.scenario, since=arguments.since, until=until
            )
        except LrsError as error:
            raise UsageError(f"cannot read the group from the LRS: {error}") from None
        traces = traces_from_statements(statements, client.settings())
        source = f"LRS {client.endpoint}"
    else:
        traces = _local_traces(arguments, until)
        source = ""
    scenarios = {
        scenario_id: find_scenario(scenario_id, None)[0]
        for scenario_id in {trace.scenario_id for trace in traces}
    }
    page = group_debrief_html(
        traces,
        scenarios,
        language=arguments.lang or "nl",
        individual=arguments.individual,
        source=source,
    )
    output = Path(arguments.output or "debrief-group.html")
    write_private(output, page)
    print(f"Wrote the group debrief of {len(traces)} sessions to {output}.")
    return 0


def _local_traces(arguments: argparse.Namespace, until: datetime | None) -> list[SessionTrace]:
    with open_existing_record(arguments.data, read_only=True) as record:
        sessions = record.sessions(scenario=arguments.scenario, since=arguments.since)
        if arguments.sessions:
            wanted = set(arguments.sessions)
            missing = wanted - {s.id for s in sessions}
            if missing:
                # Let record.session name the first missing one (it may exist but not match).
                for session_id in sorted(missing):
                    record.session(session_id)
            sessions = [s for s in sessions if s.id in wanted]
        if until is not None:
            sessions = [s for s in sessions if s.started_at < until]
        return [trace_from_record(s, record.events(s.id)) for s in sessions]


def find_scenario(scenario_id: str, content_hash: str | None) -> tuple[Scenario | None, bool]:
    """The scenario with this id among the content's scenarios, and whether its file is the one
    that was played (same hash); (None, False) when no file has the id."""
    folder = content_root() / "scenarios"
    candidates = [folder / f"{scenario_id}.yaml"]
    candidates += [p for p in sorted(folder.glob("*.yaml")) if p not in candidates]
    for path in candidates:
        if not path.is_file():
            continue
        if path.stem != scenario_id and f"id: {scenario_id}" not in path.read_text("utf-8"):
            continue
        try:
            loaded = load_scenario(path, explore=False)
        except ScenarioError:
            continue
        if loaded.scenario.id == scenario_id:
            return loaded.scenario, content_hash is None or loaded.content_hash == content_hash
    return None, False


def _ids(text: str) -> list[int]:
    try:
        ids = [session_id(part.strip()) for part in text.split(",") if part.strip()]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected session ids like 1,2,3") from None
    if not ids:
        raise argparse.ArgumentTypeError("expected at least one session id")
    return ids
