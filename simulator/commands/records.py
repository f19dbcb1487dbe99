"""Manage the session record: erase a trainee's data, link a name to a code, apply a
retention period, or send the statements waiting for a Learning Record Store.

Erasing and retention compact the database afterwards, so the removed data is gone from disk.
"""

from __future__ import annotations

import argparse
import sys

from simulator.commands._records import add_data_option, open_existing_record
from simulator.errors import UsageError
from simulator.interop.lrs import LrsError, OutboxSender, client_for
from simulator.record.outbox import Outbox, outbox_size
from simulator.record.store import Record

HELP = (
    "erase a trainee's data, link a name to a code, apply a retention period, "
    "or send waiting xAPI statements"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    erase = actions.add_parser(
        "erase",
        help="remove every session, event and identity of a trainee",
        description="Remove every session, event and identity (name, e-mail) of a trainee.",
    )
    erase.add_argument("--trainee", metavar="CODE", required=True, help="the trainee's code")
    add_data_option(erase)
    identity = actions.add_parser(
        "identity",
        help="show, link or remove the name and e-mail address behind a trainee's code",
        description="Show the name and e-mail address a trainer linked to a trainee's code; "
        "with --name or --email link them (replacing earlier ones), with --remove erase "
        "them and keep the sessions. Names never appear in debriefs or exports.",
    )
    identity.add_argument("--trainee", metavar="CODE", required=True, help="the trainee's code")
    identity.add_argument("--name", help="the trainee's real name")
    identity.add_argument("--email", help="the trainee's e-mail address")
    identity.add_argument("--remove", action="store_true", help="erase the name and address")
    add_data_option(identity)
    retention = actions.add_parser(
        "retention",
        help="delete sessions that started more than N days ago",
        description="Delete finished sessions that started more than N days ago.",
    )
    retention.add_argument(
        "--days", metavar="N", type=_days, required=True, help="keep the last N days"
    )
    add_data_option(retention)
    send = actions.add_parser(
        "send",
        help="send the xAPI statements waiting in the outbox to a Learning Record Store",
        description="Send the statements that sessions played with --lrs could not deliver "
        "(the LRS was away); each goes out once. Credentials as for play --lrs.",
    )
    send.add_argument("--lrs", metavar="URL", required=True, help="the Learning Record Store")
    add_data_option(send)


def run(arguments: argparse.Namespace) -> int:
    if arguments.action == "send":
        return _send(arguments)
    only_shows = arguments.action == "identity" and not (
        arguments.name or arguments.email or arguments.remove
    )
    with open_existing_record(arguments.data, read_only=only_shows) as record:
        if arguments.action == "identity":
            return _identity(record, arguments)
        if arguments.action == "erase":
            erased = record.erase_trainee(arguments.trainee)
            print(
                f"Erased trainee {erased.trainee}: {_count(erased.sessions, 'session')}, "
                f"{_count(erased.events, 'event')}, {_count(erased.identities, 'identity')}."
            )
        else:
            deleted = record.apply_retention(arguments.days)
            print(
                f"Deleted {_count(deleted.sessions, 'session')} "
                f"({_count(deleted.events, 'event')}) older than {arguments.days} days, "
                f"and {_count(deleted.trainees, 'trainee')} left without sessions."
            )
    return 0


def _identity(record: Record, arguments: argparse.Namespace) -> int:
    """Show, link or remove the identity behind a code; exit 1 when there is none to show."""
    code = arguments.trainee
    if arguments.remove:
        if arguments.name or arguments.email:
            raise UsageError("--remove erases the identity; give it without --name or --email")
        erased = record.erase_identity(code)
        print(f"Removed the identity of {code}." if erased else f"{code} had no identity.")
        return 0
    if arguments.name or arguments.email:
        record.set_identity(code, name=arguments.name, email=arguments.email)
    found = record.identity(code)
    if found is None:
        print(f"{code} has no identity linked.")
        return 1
    print(f"{found.code}: {found.name or '-'} <{found.email or '-'}>")
    return 0


def _send(arguments: argparse.Namespace) -> int:
    """Send the outbox for one LRS now; exit 1 when statements still wait."""
    with open_existing_record(arguments.data) as record:  # brings an older record's outbox
        path = record.path
    client = client_for(arguments.lrs, arguments.data)
    sender = OutboxSender(path, client)
    problem = None
    with Outbox.opened(path, client.endpoint) as outbox:
        try:
            sender.send_pending(outbox)
        except LrsError as error:
            problem = str(error)
    waiting = outbox_size(path, client.endpoint)
    print(f"Sent {_count(sender.report.sent, 'statement')} to the LRS; {waiting} still wait.")
    if problem:
        print(f"simulator: the LRS did not take them all: {problem}", file=sys.stderr)
    return 1 if waiting else 0


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days; expected 0 or more")
    return days
