"""Hand texts to translators and take their work back: PO files (Poedit, Weblate).

``export`` writes every text of a scenario (or, with ``--interface``, the simulator's own
wording) as a PO file for one language, the current text filled in where the language
exists, for review. ``import`` writes a translated PO file into the scenario's YAML, keeping
its comments, order and layout (or, with ``--interface``, saves it as that language of the
interface, so a new language needs no Python), and reports the entries it left out (fuzzy,
untranslated, or unknown). Exit code 1 when an import leaves something out or the scenario
does not validate afterwards.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.errors import ScenarioError, UsageError
from simulator.interop.translations import (
    ImportReport,
    export_interface_po,
    export_po,
    import_interface_po,
    import_po,
)
from simulator.scenario.content import resolve_scenario
from simulator.scenario.loading import load_scenario

HELP = "export a scenario's texts to a PO file for translators, or import a translated one"

_SHOWN = 10
"""Left-out entries named one by one before the rest are counted."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write a scenario's texts as a PO file for one language",
        description="Write every text of a scenario as a PO file for translating into LANG "
        "(its current text filled in where the scenario has LANG already).",
    )
    export.add_argument("scenario", nargs="?", metavar="SCENARIO", help="a scenario name or file")
    export.add_argument(
        "--interface", action="store_true", help="the simulator's own texts, not a scenario's"
    )
    export.add_argument("--lang", required=True, metavar="LANG", help="the target language")
    export.add_argument("--source", metavar="LANG", help="the source language (the first)")
    export.add_argument("-o", "--output", type=Path, help="the PO file (stdout when absent)")
    take = actions.add_parser(
        "import",
        help="write a translated PO file into a scenario",
        description="Write the translations of a PO file into the scenario's YAML, adding "
        "the language to its languages; fuzzy and empty entries are reported, not used.",
    )
    take.add_argument("po", type=Path, metavar="FILE.po", help="the translated PO file")
    take.add_argument("scenario", nargs="?", metavar="SCENARIO", help="a scenario name or file")
    take.add_argument(
        "--interface", action="store_true", help="the simulator's own texts, not a scenario's"
    )
    take.add_argument("--lang", metavar="LANG", help="the language (the PO file's header)")


def run(arguments: argparse.Namespace) -> int:
    if arguments.interface == (arguments.scenario is not None):
        raise UsageError("name a SCENARIO, or give --interface for the simulator's own texts")
    if arguments.action == "export":
        if arguments.interface:
            po, what = export_interface_po(arguments.lang), "the interface"
        else:
            loaded = load_scenario(resolve_scenario(arguments.scenario), explore=False)
            po, what = export_po(loaded, arguments.lang, arguments.source), loaded.scenario.id
        if arguments.output is None:
            print(str(po), end="")
        else:
            po.save(str(arguments.output))
            print(f"{len(po)} texts of {what} written to {arguments.output}")
        return 0
    if arguments.interface:
        target, report = import_interface_po(arguments.po, arguments.lang)
        _print(report, target)
        return 1 if report.fuzzy or report.missing or report.unknown else 0
    path = resolve_scenario(arguments.scenario)
    report = import_po(arguments.po, path, arguments.lang)
    _print(report, path)
    try:
        load_scenario(path)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return 1
    return 1 if report.fuzzy or report.missing else 0


def _print(report: ImportReport, path: Path) -> None:
    added = f"; {report.language!r} added to its languages" if report.added_language else ""
    print(f"{report.written} texts in {report.language!r} written to {path}{added}")
    for why, contexts in (
        ("fuzzy, not used", report.fuzzy),
        ("not translated", report.missing),
        ("unknown here, not used", report.unknown),
    ):
        if contexts:
            named = ", ".join(contexts[:_SHOWN])
            more = f" and {len(contexts) - _SHOWN} more" if len(contexts) > _SHOWN else ""
            print(f"{len(contexts)} {why}: {named}{more}", file=sys.stderr)
