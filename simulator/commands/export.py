"""Export one recorded session to a file: JSON Lines (one session line, then one line per event).

``--format xapi`` writes the session's xAPI statements as one JSON array
(actors by trainee code; home page from SIMULATOR_XAPI_HOMEPAGE, ids under
SIMULATOR_XAPI_BASE), the activities named in every language of the scenario
file found in the content (by their ids, with a note, when it is gone). The file
is created readable only by its owner, like the record itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.commands._records import (
    add_data_option,
    open_existing_record,
    session_id,
    write_private,
)
from simulator.commands.debrief import find_scenario
from simulator.interop.export import EXPORT_FORMATS, jsonl_lines, xapi_document
from simulator.interop.vocabulary import XapiSettings

HELP = "export a recorded session (JSON Lines or xAPI statements)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", type=session_id, metavar="SESSION", help="the session's id")
    parser.add_argument(
        "--format", choices=EXPORT_FORMATS, default="jsonl", help="file format (default jsonl)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    add_data_option(parser)


def run(arguments: argparse.Namespace) -> int:
    with open_existing_record(arguments.data, read_only=True) as record:
        session, events = record.session(arguments.session), record.events(arguments.session)
    if arguments.format == "xapi":
        scenario, _ = find_scenario(session.scenario_id, None)
        if scenario is None:
            print(
                f"simulator: no scenario {session.scenario_id!r} in the content; "
                "the activities are named by their ids",
                file=sys.stderr,
            )
        text, count = xapi_document(session, events, XapiSettings.from_environment(), scenario)
        what = f"{count} statements"
    else:
        lines = list(jsonl_lines(session, events))
        text = "".join(f"{line}\n" for line in lines)
        what = f"{len(lines) - 1} events"
    if arguments.output is None:
        sys.stdout.write(text)
        return 0
    path = Path(arguments.output)
    write_private(path, text)
    print(f"Wrote session {arguments.session} ({what}) to {path}.")
    return 0
