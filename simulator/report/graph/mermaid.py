"""The branch graph as a Mermaid flowchart (pure core).

Node ids get a prefix so ids such as ``end`` are never read as syntax, and every
character Mermaid parses inside a label is written as its entity code.
"""

from __future__ import annotations

from simulator.report.graph.model import (
    MUTED_COLOUR,
    OUTCOME_STYLES,
    PATH_COLOUR,
    START_FILL,
    START_TEXT,
    Graph,
    edge_caption,
)
from simulator.scenario.model import localized

__all__ = ["render_mermaid"]

_MERMAID_ESCAPES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "(": "#40;",
    ")": "#41;",
    "|": "#124;",
    "`": "#96;",
}
_MERMAID_SHAPES = {
    "stadium": ('(["', '"])'),
    "rounded": ('("', '")'),
    "hexagon": ('{{"', '"}}'),
    "trapezium": ('[/"', '"\\]'),
}


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: entity codes for every character it parses."""
    return "".join(_MERMAID_ESCAPES.get(char, char) for char in " ".join(text.split()))


def _mermaid_id(node_id: str) -> str:
    # A prefix keeps ids such as `end`, or ones starting with o or x, from being parsed as syntax.
    return f"n_{node_id}"


def render_mermaid(graph: Graph) -> str:
    scenario = graph.scenario
    title = localized(scenario.title, graph.language)
    lines = [
        f"%% {_mermaid_text(title)} ({scenario.id} {_mermaid_text(scenario.version)})",
        "flowchart TD",
    ]
    for node_id, node in scenario.nodes.items():
        badges = " · ".join(graph.badges(node_id))
        label = _mermaid_text(node_id) + (f"<br/>{_mermaid_text(badges)}" if badges else "")
        opening, closing = '["', '"]'
        if node.ending is not None:
            opening, closing = _MERMAID_SHAPES[OUTCOME_STYLES[node.ending.outcome].shape]
        lines.append(f"    {_mermaid_id(node_id)}{opening}{label}{closing}")
    for edge in graph.edges:
        label = _mermaid_text(edge_caption(edge))
        condition = graph.condition_text(edge)
        if condition is not None:
            label += "<br/>" + _mermaid_text(condition)
        arrow = "==>" if edge.recommended else "-.->" if edge.condition else "-->"
        lines.append(
            f'    {_mermaid_id(edge.source)} {arrow}|"{label}"| {_mermaid_id(edge.target)}'
        )
    lines.extend(_mermaid_styles(graph))
    return "\n".join(lines) + "\n"


def _mermaid_styles(graph: Graph) -> list[str]:
    scenario = graph.scenario
    lines = [f"    classDef start fill:{START_FILL},stroke:#000,color:{START_TEXT}"]
    for outcome, style in OUTCOME_STYLES.items():
        lines.append(
            f"    classDef {outcome.value} fill:{style.fill},stroke:{style.stroke},"
            f"stroke-width:2px,color:{style.text}"
        )
    lines.append(f"    class {_mermaid_id(scenario.start)} start")
    for outcome in OUTCOME_STYLES:
        members = [
            _mermaid_id(node_id)
            for node_id, node in scenario.nodes.items()
            if node.ending is not None and node.ending.outcome == outcome
        ]
        if members:
            lines.append(f"    class {','.join(members)} {outcome.value}")
    if not graph.highlight:
        return lines
    for node_id in scenario.nodes:
        if node_id in graph.visits:
            lines.append(f"    style {_mermaid_id(node_id)} stroke:{PATH_COLOUR},stroke-width:4px")
        else:
            lines.append(f"    style {_mermaid_id(node_id)} opacity:0.4")
    visited = [str(edge.index) for edge in graph.edges if edge.visited]
    muted = [str(edge.index) for edge in graph.edges if not edge.visited]
    if visited:
        lines.append(f"    linkStyle {','.join(visited)} stroke:{PATH_COLOUR},stroke-width:4px")
    if muted:
        lines.append(f"    linkStyle {','.join(muted)} stroke:{MUTED_COLOUR}")
    return lines
