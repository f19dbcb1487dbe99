"""List recorded sessions as a table, oldest first, filtered by trainee, scenario, date or status.

Times are shown in local time. Nothing is created or written: the list works in a
read-only folder and on a full disk.
"""

from __future__ import annotations

import argparse

from simulator.commands._records import add_data_option, local_date
from simulator.record.store import STATUSES, Record, SessionInfo, record_file

HELP = "list recorded sessions (filter by trainee, scenario, date, status)"

_COLUMNS = ("ID", "STARTED", "TRAINEE", "SCENARIO", "MODE", "LANG", "INT", "STATUS", "CHOICES")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--trainee", metavar="CODE", help="only this trainee's sessions")
    parser.add_argument("--scenario", metavar="ID", help="only sessions of this scenario")
    parser.add_argument(
        "--since", metavar="DATE", type=local_date, help="only sessions started on or after DATE"
    )
    parser.add_argument("--status", choices=STATUSES, help="only sessions in this state")
    add_data_option(parser)


def run(arguments: argparse.Namespace) -> int:
    path = record_file(arguments.data)
    if not path.is_file():
        print(f"No sessions recorded yet ({path}).")
        return 0
    with Record.open(path, read_only=True) as record:
        sessions = record.sessions(
            trainee=arguments.trainee,
            scenario=arguments.scenario,
            since=arguments.since,
            status=arguments.status,
        )
    if not sessions:
        print("No sessions match.")
        return 0
    rows = [_COLUMNS + ("DURATION", "ENDING")] + [_row(session) for session in sessions]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS) + 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())
    print(f"{len(sessions)} session{'s' if len(sessions) != 1 else ''}.")
    return 0


def _row(session: SessionInfo) -> tuple[str, ...]:
    started = session.started_at.astimezone()
    duration = ""
    if session.ended_at is not None:
        seconds = round((session.ended_at - session.started_at).total_seconds())
        duration = f"{seconds // 60}:{seconds % 60:02d}"
    ending = f"{session.ending} ({session.outcome})" if session.ending else ""
    return (
        str(session.id),
        started.strftime("%Y-%m-%d %H:%M"),
        session.trainee,
        session.scenario_id,
        session.mode,
        session.language,
        str(session.intensity),
        session.status,
        str(session.choices),
        duration,
        ending,
    )
