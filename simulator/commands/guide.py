"""Write a facilitator's guide to a scenario: a printable sheet to prepare and run a group
session, made from the scenario itself (objectives, warning and safety agreements, a session
plan, every decision with its options, what each teaches and questions for the group, the
endings, and where to report in real life)."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.errors import UsageError
from simulator.report.guide import guide_html
from simulator.scenario.content import resolve_scenario
from simulator.scenario.loading import load_scenario

HELP = "write a printable facilitator's guide to a scenario (HTML, prints on A4)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario name or file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the HTML file")
    parser.add_argument("--lang", default="nl", metavar="LANG", help="the language (nl)")


def run(arguments: argparse.Namespace) -> int:
    loaded = load_scenario(resolve_scenario(arguments.scenario), explore=False)
    if arguments.lang not in loaded.scenario.languages:
        raise UsageError(
            f"scenario {loaded.scenario.id!r} has no language {arguments.lang!r}; expected one "
            f"of {', '.join(loaded.scenario.languages)}"
        )
    arguments.output.write_text(guide_html(loaded, arguments.lang), encoding="utf-8")
    print(f"guide to {loaded.scenario.id} written to {arguments.output}")
    return 0
