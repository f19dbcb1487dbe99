"""Draw the branch graph of a scenario as Mermaid, Graphviz DOT or SVG.

Nodes are labelled with their ids, choices with theirs (and their conditions);
endings are coloured by outcome. ``--path`` highlights the nodes a trainee visited (and
the choices between them that the path alone determines).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import cast

from simulator.errors import UsageError
from simulator.report.graph import GRAPH_FORMATS, GraphFormat, render_graph
from simulator.scenario.content import resolve_scenario
from simulator.scenario.loading import load_scenario

HELP = "draw a scenario's branch graph (Mermaid, Graphviz DOT or SVG)"

_SUFFIXES: dict[str, GraphFormat] = {
    ".mmd": "mermaid",
    ".md": "mermaid",
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", metavar="SCENARIO", help="a scenario file, or a shipped scenario's id"
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=GRAPH_FORMATS,
        help="output format (default: from the -o file's suffix, else mermaid)",
    )
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    parser.add_argument("--lang", default="en", help="language of titles and tooltips (nl, en)")
    parser.add_argument(
        "--path",
        dest="visited",
        default="",
        metavar="NODES",
        help="comma-separated node ids a trainee visited, in order, to highlight (with the "
        "choice from each to the next where only one leads there)",
    )


def output_format(arguments: argparse.Namespace) -> GraphFormat:
    """The format asked for, or the one the output file's suffix names, or mermaid."""
    if arguments.format:
        return cast(GraphFormat, arguments.format)
    if arguments.output is not None:
        return _SUFFIXES.get(arguments.output.suffix.lower(), "mermaid")
    return "mermaid"


def run(arguments: argparse.Namespace) -> int:
    scenario = load_scenario(resolve_scenario(arguments.scenario)).scenario
    visited = [node_id.strip() for node_id in arguments.visited.split(",") if node_id.strip()]
    text = render_graph(
        scenario,
        output_format(arguments),
        language=arguments.lang,
        path=visited,
    )
    if arguments.output is None:
        print(text, end="")
        return 0
    try:
        arguments.output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {arguments.output}: {error.strerror or error}") from None
    return 0
