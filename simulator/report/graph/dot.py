"""The branch graph as Graphviz DOT text (pure core): for authors who have Graphviz."""

from __future__ import annotations

from simulator.report.graph.model import (
    CONDITION_COLOUR,
    MUTED_COLOUR,
    OUTCOME_STYLES,
    PATH_COLOUR,
    START_FILL,
    START_TEXT,
    STRONG_EDGE_COLOUR,
    Edge,
    Graph,
    edge_caption,
)
from simulator.scenario.model import localized

__all__ = ["render_dot"]


def _dot_string(text: str) -> str:
    """A quoted DOT string showing ``text`` literally (backslash escapes included)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def _dot_attributes(attributes: dict[str, str | float]) -> str:
    parts = []
    for key, value in attributes.items():
        parts.append(f"{key}={value if isinstance(value, float | int) else _dot_string(value)}")
    return "[" + ", ".join(parts) + "]"


def render_dot(graph: Graph) -> str:
    scenario = graph.scenario
    title = localized(scenario.title, graph.language)
    lines = [
        f"digraph {_dot_string(scenario.id)} {{",
        f"    graph {_dot_attributes({'label': title, 'labelloc': 't', 'rankdir': 'TB'})};",
        '    node [shape="box", style="rounded,filled", fillcolor="#ffffff", '
        'fontname="Helvetica", fontsize=12];',
        '    edge [fontname="Helvetica", fontsize=10, color="#78909c"];',
    ]
    for node_id in scenario.nodes:
        lines.append(f"    {_dot_string(node_id)} {_dot_attributes(_dot_node(graph, node_id))};")
    for edge in graph.edges:
        lines.append(
            f"    {_dot_string(edge.source)} -> {_dot_string(edge.target)} "
            f"{_dot_attributes(_dot_edge(graph, edge))};"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(graph: Graph, node_id: str) -> dict[str, str | float]:
    node = graph.node(node_id)
    attributes: dict[str, str | float] = {
        "label": "\n".join([node_id, " · ".join(graph.badges(node_id))]).strip(),
        "tooltip": graph.tooltip(node_id),
    }
    if node.ending is not None:
        style = OUTCOME_STYLES[node.ending.outcome]
        attributes.update(
            shape=style.dot_shape,
            fillcolor=style.fill,
            color=style.stroke,
            fontcolor=style.text,
            penwidth=2.0,
            style="filled" if style.dot_shape != "box" else "rounded,filled",
        )
    if node_id == graph.scenario.start:
        attributes.update(fillcolor=START_FILL, fontcolor=START_TEXT, color="#000000")
    if node_id in graph.visits:
        steps = ", ".join(map(str, graph.visits[node_id]))
        attributes.update(color=PATH_COLOUR, penwidth=4.0, xlabel=graph.word("step", steps=steps))
    elif graph.highlight:
        attributes.update(color=MUTED_COLOUR, fontcolor="#9e9e9e")
    return attributes


def _dot_edge(graph: Graph, edge: Edge) -> dict[str, str | float]:
    label = edge_caption(edge)
    condition = graph.condition_text(edge)
    if condition is not None:
        label += f"\n{condition}"
    attributes: dict[str, str | float] = {"label": label, "tooltip": edge.name}
    if edge.condition is not None:
        attributes.update(style="dashed", fontcolor=CONDITION_COLOUR)
    if edge.recommended:
        attributes.update(penwidth=2.8, color=STRONG_EDGE_COLOUR)
    if edge.visited:
        attributes.update(penwidth=4.0, color=PATH_COLOUR)
    elif graph.highlight:
        attributes.update(color=MUTED_COLOUR, fontcolor="#9e9e9e")
    return attributes
