"""The branch graph drawn as SVG (pure core): boxes, curved edges, labels and a legend.

Self-contained (its own stylesheet, no fonts or images loaded) and without an
XML declaration (UTF-8 is XML's default), so the same text is a valid ``.svg``
file and can be inlined in an HTML page as it is. Every text is escaped for XML;
the words come from the interface texts in the graph's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simulator.report.graph.layout import (
    ARROW_HALF,
    ARROW_LENGTH,
    CLOCK_WIDTH,
    ID_SIZE,
    LINE_HEIGHT,
    MARGIN,
    PAD_Y,
    SMALL_SIZE,
    Box,
    Geometry,
    label_lines,
    lay_out,
    measure_box,
    mono_width,
    sans_width,
)
from simulator.report.graph.model import (
    CONDITION_COLOUR,
    EDGE_COLOUR,
    OUTCOME_STYLES,
    PATH_COLOUR,
    START_FILL,
    STRONG_EDGE_COLOUR,
    Edge,
    Graph,
)
from simulator.scenario.model import localized

__all__ = ["DRAWING_ID", "Drawing", "draw_svg", "render_svg"]

_SVG_CSS = (
    """
.bg { fill: #ffffff; }
text { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
  fill: #1a1a1a; }
.title { font: 700 18px "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
.subtitle, .legend text { font: 11px "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;
  fill: #37474f; }
.node .box { fill: #ffffff; stroke: #455a64; stroke-width: 1.5; }
.node .id { font-size: 13px; font-weight: 700; }
.node .badge { font-size: 11px; fill: #455a64; }
.node .clock { fill: none; stroke: #455a64; stroke-width: 1.2; }
.node.start .box { fill: #263238; stroke: #000000; }
.node.start .id, .node.start .badge { fill: #ffffff; }
.node.start .clock { stroke: #ffffff; }
"""
    + "".join(
        f".{o.value} .box {{ fill: {s.fill}; stroke: {s.stroke}; stroke-width: 2.2; }}\n"
        f".{o.value} .id, .{o.value} .badge {{ fill: {s.text}; }}\n"
        for o, s in OUTCOME_STYLES.items()
    )
    + f"""
.edge .line {{ fill: none; stroke: {EDGE_COLOUR}; stroke-width: 1.4; }}
.edge .head {{ fill: {EDGE_COLOUR}; }}
.edge.conditional .line {{ stroke-dasharray: 6 4; }}
.edge.recommended .line {{ stroke: {STRONG_EDGE_COLOUR}; stroke-width: 3; }}
.edge.recommended .head {{ fill: {STRONG_EDGE_COLOUR}; }}
.elabel text {{ font-size: 11px; fill: #37474f; paint-order: stroke; stroke: #ffffff;
  stroke-width: 4px; stroke-linejoin: round; }}
.elabel .condition {{ font-style: italic; fill: {CONDITION_COLOUR}; }}
.elabel.recommended .choice {{ font-weight: 700; fill: #000000; }}
.node.visited .box {{ stroke: {PATH_COLOUR}; stroke-width: 4; }}
.edge.visited .line {{ stroke: {PATH_COLOUR}; stroke-width: 4; stroke-dasharray: none; }}
.edge.visited .head {{ fill: {PATH_COLOUR}; }}
.elabel.visited .choice {{ fill: {PATH_COLOUR}; font-weight: 700; }}
.step rect {{ fill: {PATH_COLOUR}; }}
.step text {{ font: 700 11px "DejaVu Sans", Arial, sans-serif; fill: #ffffff; }}
.muted {{ opacity: 0.3; }}
"""
)


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", " ")
    )


def _number(value: float) -> str:
    return f"{value:.1f}"


def _point(point: tuple[float, float]) -> str:
    return f"{_number(point[0])},{_number(point[1])}"


@dataclass(frozen=True)
class Drawing:
    """The SVG of a graph with what a printed page needs to cut it into slices."""

    svg: str
    width: float
    height: float
    cuts: tuple[float, ...]
    """Heights, top to bottom in user units, where a horizontal cut crosses no box or label:
    between ranks (labels have ranks of their own)."""


DRAWING_ID = "graph-drawing"
"""The id of the group holding the whole drawing, for ``<use>`` to show slices of it."""


def render_svg(graph: Graph) -> str:
    """The SVG text of ``graph``."""
    return draw_svg(graph).svg


def draw_svg(graph: Graph) -> Drawing:
    """The SVG of ``graph`` and the heights where it may be cut across pages."""
    boxes = {node_id: measure_box(graph, node_id) for node_id in graph.scenario.nodes}
    labels = {edge.index: label_lines(graph, edge) for edge in graph.edges}
    legend, legend_width, legend_height = _legend(graph)
    geometry = lay_out(graph, boxes, labels, MARGIN + 50 + legend_height)
    width = max(geometry.width, legend_width + 2 * MARGIN)
    offset = (width - geometry.width) / 2
    title = localized(graph.scenario.title, graph.language)
    counts = graph.counts()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_number(width)}" '
        f'height="{_number(geometry.height)}" viewBox="0 0 {_number(width)} '
        f'{_number(geometry.height)}" role="img" aria-labelledby="graph-title">',
        f'<title id="graph-title">{_xml(graph.word("title", title=title))}</title>',
        f"<style>{_SVG_CSS}</style>",
        f'<g id="{DRAWING_ID}">',
        '<rect class="bg" width="100%" height="100%"/>',
        f'<text class="title" x="{MARGIN}" y="{MARGIN + 14}">{_xml(title)}</text>',
        f'<text class="subtitle" x="{MARGIN}" y="{MARGIN + 32}">'
        f"{_xml(f'{graph.scenario.id} v{graph.scenario.version} · {counts}')}</text>",
        f'<g class="legend" transform="translate({MARGIN},{MARGIN + 44})">{legend}</g>',
        f'<g class="graph" transform="translate({_number(offset)},0)">',
    ]
    ordered = sorted(graph.edges, key=lambda edge: (edge.visited, edge.recommended))
    parts.append('<g class="edges">')
    parts.extend(_svg_edge(graph, edge, geometry) for edge in ordered)
    parts.append('</g><g class="edge-labels">')
    parts.extend(_svg_label(graph, edge, labels[edge.index], geometry) for edge in ordered)
    parts.append('</g><g class="nodes">')
    parts.extend(
        _svg_node(graph, node_id, boxes[node_id], geometry) for node_id in graph.scenario.nodes
    )
    parts.append("</g></g></g></svg>")
    # Between ranks, above the middle of the gap: a step number reaches above its box.
    rows = geometry.rows
    cuts = tuple(a[1] + (b[0] - a[1]) * 0.4 for a, b in zip(rows, rows[1:], strict=False))
    return Drawing("\n".join(parts) + "\n", width, geometry.height, cuts)


def _edge_classes(graph: Graph, edge: Edge) -> str:
    classes = ["edge"]
    if edge.condition is not None:
        classes.append("conditional")
    if edge.recommended:
        classes.append("recommended")
    if edge.timeout:
        classes.append("timeout")
    if edge.visited:
        classes.append("visited")
    if graph.muted(edge.visited):
        classes.append("muted")
    return " ".join(classes)


def _svg_edge(graph: Graph, edge: Edge, geometry: Geometry) -> str:
    classes = _edge_classes(graph, edge)
    attributes = f'data-choice="{edge.name}" data-from="{edge.source}" data-to="{edge.target}"'
    if edge.index in geometry.loops:
        right, middle, reach = geometry.loops[edge.index]
        start, tip = (right, middle - 7), (right, middle + 7)
        end = (right + ARROW_LENGTH, tip[1])
        line = (
            f"M{_point(start)} C{_point((right + reach * 1.6, middle - 22))} "
            f"{_point((right + reach * 1.6, middle + 22))} {_point(end)}"
        )
        head = [tip, (end[0], end[1] - ARROW_HALF), (end[0], end[1] + ARROW_HALF)]
        classes += " self"
    else:
        points = geometry.edges[edge.index]
        line, head = _curve(points)
    return (
        f'<g class="{classes}" {attributes}><title>{_xml(edge.name)}</title>'
        f'<path class="line" d="{line}"/>'
        f'<polygon class="head" points="{" ".join(map(_point, head))}"/></g>'
    )


def _curve(points: list[tuple[float, float]]) -> tuple[str, list[tuple[float, float]]]:
    """A smooth path through ``points`` (vertical tangents at each) and its arrowhead triangle.

    The path stops at the arrowhead's base; the head's tip is the last point, on the box.
    """
    tip = points[-1]
    direction = 1.0 if tip[1] >= points[-2][1] else -1.0
    base = (tip[0], tip[1] - direction * ARROW_LENGTH)
    route = [*points[:-1], base]
    commands = [f"M{_point(route[0])}"]
    for (x0, y0), (x1, y1) in zip(route, route[1:], strict=False):
        if x0 == x1:
            commands.append(f"L{_point((x1, y1))}")
        else:
            middle = (y0 + y1) / 2
            commands.append(f"C{_point((x0, middle))} {_point((x1, middle))} {_point((x1, y1))}")
    head = [
        tip,
        (base[0] - ARROW_HALF, base[1]),
        (base[0] + ARROW_HALF, base[1]),
    ]
    return " ".join(commands), head


def _svg_label(graph: Graph, edge: Edge, lines: list[tuple[str, str]], geometry: Geometry) -> str:
    classes = _edge_classes(graph, edge).replace("edge", "elabel", 1)
    if edge.index in geometry.loops:
        right, middle, reach = geometry.loops[edge.index]
        x, anchor = right + reach * 1.3 + 4, "start"
        y = middle
    elif edge.index in geometry.labels:
        x, y = geometry.labels[edge.index]
        anchor = "middle"
    else:
        return ""
    line_height = SMALL_SIZE + 2
    first = y - line_height * (len(lines) - 1) / 2 + SMALL_SIZE * 0.35
    spans = []
    for index, (kind, text) in enumerate(lines):
        spans.append(
            f'<text class="{kind}" x="{_number(x)}" y="{_number(first + index * line_height)}" '
            f'text-anchor="{anchor}">{_xml(text)}</text>'
        )
    return f'<g class="{classes}" data-choice="{edge.name}">{"".join(spans)}</g>'


def _node_classes(graph: Graph, node_id: str) -> str:
    node = graph.node(node_id)
    classes = ["node"]
    if node_id == graph.scenario.start:
        classes.append("start")
    if node.time_limit is not None:
        classes.append("timed")
    if node.ending is not None:
        classes.extend(["ending", node.ending.outcome.value])
    if node_id in graph.visits:
        classes.append("visited")
    if graph.muted(node_id in graph.visits):
        classes.append("muted")
    return " ".join(classes)


def _shape(box: Box, x: float, y: float) -> str:
    width, height, inset = box.width, box.height, box.inset
    if box.shape in ("hexagon", "trapezium"):
        if box.shape == "hexagon":
            corners = [
                (x + inset, y),
                (x + width - inset, y),
                (x + width, y + height / 2),
                (x + width - inset, y + height),
                (x + inset, y + height),
                (x, y + height / 2),
            ]
        else:
            corners = [
                (x + inset, y),
                (x + width - inset, y),
                (x + width, y + height),
                (x, y + height),
            ]
        return f'<polygon class="box" points="{" ".join(map(_point, corners))}"/>'
    radius = {"stadium": height / 2, "rounded": 10.0}.get(box.shape, 4.0)
    return (
        f'<rect class="box" x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" '
        f'height="{_number(height)}" rx="{_number(radius)}"/>'
    )


def _svg_node(graph: Graph, node_id: str, box: Box, geometry: Geometry) -> str:
    x, y, width, height = geometry.boxes[node_id]
    centre = x + width / 2
    has_badge = bool(box.badge or box.timer)
    id_y = y + PAD_Y + ID_SIZE * 0.85 + (0 if has_badge else 1)
    parts = [
        f'<g class="{_node_classes(graph, node_id)}" id="node-{node_id}" data-node="{node_id}">',
        f"<title>{_xml(graph.tooltip(node_id))}</title>",
        _shape(box, x, y),
        f'<text class="id" x="{_number(centre)}" y="{_number(id_y)}" '
        f'text-anchor="middle">{_xml(node_id)}</text>',
    ]
    if has_badge:
        parts.append(_badge_line(box, centre, id_y + LINE_HEIGHT))
    if node_id in graph.visits:
        parts.append(_step_marker(graph.visits[node_id], x, y))
    parts.append("</g>")
    return "".join(parts)


def _badge_line(box: Box, centre: float, baseline: float) -> str:
    text = box.timer + (" · " if box.timer and box.badge else "") + box.badge
    width = mono_width(text, SMALL_SIZE) + (CLOCK_WIDTH if box.timer else 0)
    left = centre - width / 2
    parts = []
    if box.timer:
        cx, cy = left + 5, baseline - 4
        parts.append(
            f'<g class="clock"><circle cx="{_number(cx)}" cy="{_number(cy)}" r="4.6"/>'
            f'<path d="M{_point((cx, cy - 3))} L{_point((cx, cy))} L{_point((cx + 2.4, cy + 1))}'
            f' M{_point((cx - 1.5, cy - 6.4))} L{_point((cx + 1.5, cy - 6.4))}"/></g>'
        )
        left += CLOCK_WIDTH
    parts.append(
        f'<text class="badge" x="{_number(left)}" y="{_number(baseline)}">{_xml(text)}</text>'
    )
    return "".join(parts)


def _step_marker(steps: tuple[int, ...], x: float, y: float) -> str:
    text = ",".join(map(str, steps))
    width = max(16.0, len(text) * 6.5 + 8)
    return (
        f'<g class="step"><rect x="{_number(x - 6)}" y="{_number(y - 8)}" width="{_number(width)}"'
        f' height="16" rx="8"/><text x="{_number(x - 6 + width / 2)}" y="{_number(y + 3.5)}" '
        f'text-anchor="middle">{text}</text></g>'
    )


def _legend(graph: Graph) -> tuple[str, float, float]:
    """The legend's SVG (origin top left), its width and its height."""
    items: list[tuple[str, str]] = [
        (
            graph.word("start"),
            f'<rect x="0" y="-9" width="22" height="13" rx="3" fill="{START_FILL}"/>',
        ),
        (
            graph.word("node"),
            '<rect x="0" y="-9" width="22" height="13" rx="3" fill="#fff" stroke="#455a64"/>',
        ),
    ]
    for outcome, style in OUTCOME_STYLES.items():
        swatch = Box(
            22, 13, "", "", style.shape, {"stadium": 6.5, "rounded": 4.0}.get(style.shape, 5.0)
        )
        shape = _shape(swatch, 0, -9).replace(
            'class="box"', f'fill="{style.fill}" stroke="{style.stroke}" stroke-width="2"'
        )
        items.append((graph.word("ending", caption=graph.caption(outcome)), shape))
    items.extend(
        [
            (
                graph.word("timed"),
                '<circle cx="11" cy="-3" r="5" fill="none" stroke="#455a64" stroke-width="1.3"/>'
                '<path d="M11,-6.5 L11,-3 L13.5,-2" fill="none" stroke="#455a64"/>',
            ),
            (
                graph.word("recommended"),
                f'<path d="M0,-3 H22" stroke="{STRONG_EDGE_COLOUR}" stroke-width="3"/>',
            ),
            (
                graph.word("conditional"),
                f'<path d="M0,-3 H22" stroke="{EDGE_COLOUR}" stroke-width="1.5" '
                'stroke-dasharray="6 4"/>',
            ),
        ]
    )
    if graph.highlight:
        items.append(
            (
                graph.word("visited"),
                f'<path d="M0,-3 H22" stroke="{PATH_COLOUR}" stroke-width="4"/>',
            )
        )
    return _flow(items, 820.0)


def _flow(items: Iterable[tuple[str, str]], limit: float) -> tuple[str, float, float]:
    """Legend items laid out left to right, wrapping at ``limit``."""
    parts, x, y, widest = [], 0.0, 8.0, 0.0
    for text, swatch in items:
        width = 30 + sans_width(text, SMALL_SIZE) + 18
        if x and x + width > limit:
            x, y = 0.0, y + 20
        parts.append(
            f'<g transform="translate({_number(x)},{_number(y)})">{swatch}'
            f'<text x="30" y="1">{_xml(text)}</text></g>'
        )
        x += width
        widest = max(widest, x)
    return "".join(parts), widest, y + 8
