"""The branch graph of a scenario as Mermaid, Graphviz DOT or a self-laid-out SVG (pure core).

``render_graph`` draws every node (labelled with its id) and every choice (an edge
labelled with the choice id, and with ``if <condition>`` when it has a ``when``).
The start node, timed nodes, endings (shape and colour per outcome) and
recommended choices (bolder) are marked the same way in all three formats. A
``path`` of visited node ids highlights those nodes, ``taken`` the choices made
(by choice id, so of two choices between the same nodes only the one made),
and the rest is muted, for debriefs. Every word a drawing shows
(legend, title, counts, badges) is in the graph's language.

The package keeps the model apart from its renderers: ``model`` (the graph every
format draws), ``mermaid``, ``dot``, ``layout`` (the SVG's layered layout) and
``svg``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from simulator.errors import UsageError
from simulator.report.graph.dot import render_dot
from simulator.report.graph.mermaid import render_mermaid
from simulator.report.graph.model import OUTCOME_STYLES, OutcomeStyle, build_graph, outcome_caption
from simulator.report.graph.svg import render_svg
from simulator.scenario.model import Scenario

__all__ = [
    "GRAPH_FORMATS",
    "OUTCOME_STYLES",
    "GraphFormat",
    "OutcomeStyle",
    "outcome_caption",
    "render_graph",
]

GraphFormat = Literal["mermaid", "dot", "svg"]
GRAPH_FORMATS: tuple[GraphFormat, ...] = ("mermaid", "dot", "svg")
"""The formats ``render_graph`` writes."""


def render_graph(
    scenario: Scenario,
    fmt: GraphFormat,
    *,
    language: str = "en",
    path: Sequence[str] = (),
    taken: Sequence[tuple[str, str]] | None = None,
) -> str:
    """The branch graph of ``scenario`` as Mermaid (``flowchart TD``), Graphviz DOT or SVG text.

    ``language`` picks the texts shown in tooltips and titles and the words of
    the legend and marks; it must be one of the scenario's languages. ``path``
    is the node ids a trainee visited, in order, and ``taken`` the ``(node, choice
    id)`` pairs they chose: those nodes and exactly those choices are highlighted
    and the rest muted. Without ``taken`` a step of the path highlights the
    choice leading from one node to the next when only one does. Choices
    whose ``goto`` names no node are left out (a loaded scenario has none).
    Raises UsageError for an unknown format or language, or a path naming a
    node the scenario lacks.
    """
    graph = build_graph(scenario, language, path, taken)
    if fmt == "mermaid":
        return render_mermaid(graph)
    if fmt == "dot":
        return render_dot(graph)
    if fmt == "svg":
        return render_svg(graph)
    raise UsageError(f"unknown graph format {fmt!r}; expected one of {', '.join(GRAPH_FORMATS)}")
