"""The branch graph of a scenario as Mermaid, Graphviz DOT or a self-laid-out SVG (pure core).

``render_graph`` draws every node (labelled with its id) and every choice (an edge
labelled with the choice id, and with ``if <condition>`` when it has a ``when``).
The start node, timed nodes, endings (shape and colour per outcome) and
recommended choices (bolder) are marked the same way in all three formats. A
``path`` of visited node ids highlights those nodes and the edges between
consecutive ones, and mutes the rest, for debriefs.

The SVG needs no Graphviz: a layered (Sugiyama-style) layout in pure Python.
Cycles are broken by reversing the back edges a depth-first search finds;
layers are longest paths from the start; every edge gets one slot per layer
it crosses, and one of them holds its label, so labels never overlap boxes or
each other; barycenter sweeps order each layer and isotonic regression places
it. Every step is linear or n log n in the size of the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from simulator.errors import UsageError
from simulator.scenario.model import Choice, Node, Outcome, Scenario, localized

__all__ = ["GRAPH_FORMATS", "GraphFormat", "OUTCOME_STYLES", "OutcomeStyle", "render_graph"]

GraphFormat = Literal["mermaid", "dot", "svg"]
GRAPH_FORMATS: tuple[GraphFormat, ...] = ("mermaid", "dot", "svg")
"""The formats ``render_graph`` writes."""


@dataclass(frozen=True)
class OutcomeStyle:
    """How endings of one outcome look, so every format marks them alike."""

    caption: str
    """Words for the outcome, as the legend and the ending's box show them."""
    stroke: str
    fill: str
    text: str
    shape: Literal["stadium", "rounded", "hexagon", "trapezium"]
    dot_shape: str


OUTCOME_STYLES: dict[Outcome, OutcomeStyle] = {
    Outcome.SAFE_REPORTED: OutcomeStyle(
        "safe, reported", "#2e7d32", "#e3f2e4", "#1b5e20", "stadium", "ellipse"
    ),
    Outcome.SAFE_UNREPORTED: OutcomeStyle(
        "safe, not reported", "#c77c00", "#fff1cc", "#6d4300", "rounded", "box"
    ),
    Outcome.UNSAFE: OutcomeStyle("unsafe", "#e64a19", "#fde3d9", "#8a2a0c", "hexagon", "hexagon"),
    Outcome.DRAWN_IN: OutcomeStyle(
        "drawn in", "#c62828", "#f9d6d6", "#7f1010", "trapezium", "trapezium"
    ),
}
"""Shape and colours per outcome: green for safe and reported, through amber and orange-red,
to red for drawn in."""

_START_FILL, _START_TEXT = "#263238", "#ffffff"
_PATH_COLOUR = "#1565c0"
_EDGE_COLOUR, _STRONG_EDGE_COLOUR, _CONDITION_COLOUR = "#78909c", "#263238", "#6a1b9a"
_MUTED_COLOUR = "#c4c9cc"
_TOOLTIP_LENGTH = 100


# --- The graph every format draws ----------------------------------------------------------


@dataclass(frozen=True)
class _Edge:
    """One choice as an edge; ``index`` is its position in scenario order."""

    index: int
    source: str
    target: str
    choice: Choice
    timeout: bool
    visited: bool

    @property
    def condition(self) -> str | None:
        """The choice's ``when`` as an author wrote it, or None when it is always offered."""
        when = self.choice.when
        if when is None:
            return None
        return str(when).lower() if isinstance(when, bool) else str(when)


@dataclass(frozen=True)
class _Graph:
    """A scenario's nodes and edges with the marks every format shows."""

    scenario: Scenario
    language: str
    edges: tuple[_Edge, ...]
    visits: dict[str, tuple[int, ...]]
    """For each visited node, the 1-based steps of the path at which it was visited."""
    highlight: bool
    """Whether a path was given (then whatever is not on it is muted)."""

    def node(self, node_id: str) -> Node:
        return self.scenario.nodes[node_id]

    def badges(self, node_id: str) -> list[str]:
        """Short marks under the node id: timer, start, outcome."""
        node = self.node(node_id)
        marks = []
        if node.time_limit is not None:
            marks.append(f"⏱ {_seconds(node.time_limit)}")
        if node_id == self.scenario.start:
            marks.append("start")
        if node.ending is not None:
            marks.append(OUTCOME_STYLES[node.ending.outcome].caption)
        return marks

    def tooltip(self, node_id: str) -> str:
        """The node's first line of text in the graph's language (its summary for an ending)."""
        node = self.node(node_id)
        if node.lines:
            text = localized(node.lines[0].text, self.language)
        elif node.ending is not None:
            text = localized(node.ending.summary, self.language)
        else:
            text = ""
        text = " ".join(text.split())
        if len(text) > _TOOLTIP_LENGTH:
            text = text[: _TOOLTIP_LENGTH - 1].rstrip() + "…"
        return f"{node_id}: {text}" if text else node_id

    def muted(self, visited: bool) -> bool:
        return self.highlight and not visited


def render_graph(
    scenario: Scenario,
    fmt: GraphFormat,
    *,
    language: str = "en",
    path: Sequence[str] = (),
) -> str:
    """The branch graph of ``scenario`` as Mermaid (``flowchart TD``), Graphviz DOT or SVG text.

    ``language`` picks the texts shown in tooltips and titles; it must be one of
    the scenario's languages. ``path`` is the node ids a trainee visited, in
    order: those nodes and every choice leading from one to the next are
    highlighted and the rest muted. Choices whose ``goto`` names no node are
    left out (a loaded scenario has none). Raises UsageError for an unknown
    format or language, or a path naming a node the scenario lacks.
    """
    graph = _build_graph(scenario, language, path)
    if fmt == "mermaid":
        return _mermaid(graph)
    if fmt == "dot":
        return _dot(graph)
    if fmt == "svg":
        return _svg(graph)
    raise UsageError(f"unknown graph format {fmt!r}; expected one of {', '.join(GRAPH_FORMATS)}")


def _build_graph(scenario: Scenario, language: str, path: Sequence[str]) -> _Graph:
    if language not in scenario.languages:
        raise UsageError(
            f"language {language!r} is not one of the scenario's: {', '.join(scenario.languages)}"
        )
    unknown = [node_id for node_id in path if node_id not in scenario.nodes]
    if unknown:
        raise UsageError(f"the path names nodes the scenario lacks: {', '.join(unknown)}")
    steps = set(zip(path, path[1:], strict=False))
    visits: dict[str, list[int]] = {}
    for step, node_id in enumerate(path, start=1):
        visits.setdefault(node_id, []).append(step)
    edges: list[_Edge] = []
    for source, node in scenario.nodes.items():
        for choice in node.choices:
            if choice.goto not in scenario.nodes:
                continue
            edges.append(
                _Edge(
                    len(edges),
                    source,
                    choice.goto,
                    choice,
                    choice.id == node.timeout_choice,
                    (source, choice.goto) in steps,
                )
            )
    return _Graph(
        scenario,
        language,
        tuple(edges),
        {node_id: tuple(found) for node_id, found in visits.items()},
        bool(path),
    )


def _seconds(value: float) -> str:
    return f"{value:g}s"


def _edge_caption(edge: _Edge) -> str:
    return f"{edge.choice.id} ⏱" if edge.timeout else edge.choice.id


# --- Mermaid ---------------------------------------------------------------------------------

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


def _mermaid(graph: _Graph) -> str:
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
        label = _mermaid_text(_edge_caption(edge))
        if edge.condition is not None:
            label += "<br/>if " + _mermaid_text(edge.condition)
        arrow = "==>" if edge.choice.recommended else "-.->" if edge.condition else "-->"
        lines.append(
            f'    {_mermaid_id(edge.source)} {arrow}|"{label}"| {_mermaid_id(edge.target)}'
        )
    lines.extend(_mermaid_styles(graph))
    return "\n".join(lines) + "\n"


def _mermaid_styles(graph: _Graph) -> list[str]:
    scenario = graph.scenario
    lines = [f"    classDef start fill:{_START_FILL},stroke:#000,color:{_START_TEXT}"]
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
            lines.append(f"    style {_mermaid_id(node_id)} stroke:{_PATH_COLOUR},stroke-width:4px")
        else:
            lines.append(f"    style {_mermaid_id(node_id)} opacity:0.4")
    visited = [str(edge.index) for edge in graph.edges if edge.visited]
    muted = [str(edge.index) for edge in graph.edges if not edge.visited]
    if visited:
        lines.append(f"    linkStyle {','.join(visited)} stroke:{_PATH_COLOUR},stroke-width:4px")
    if muted:
        lines.append(f"    linkStyle {','.join(muted)} stroke:{_MUTED_COLOUR}")
    return lines


# --- Graphviz DOT ----------------------------------------------------------------------------


def _dot_string(text: str) -> str:
    """A quoted DOT string showing ``text`` literally (backslash escapes included)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def _dot_attributes(attributes: dict[str, str | float]) -> str:
    parts = []
    for key, value in attributes.items():
        parts.append(f"{key}={value if isinstance(value, float | int) else _dot_string(value)}")
    return "[" + ", ".join(parts) + "]"


def _dot(graph: _Graph) -> str:
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


def _dot_node(graph: _Graph, node_id: str) -> dict[str, str | float]:
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
        attributes.update(fillcolor=_START_FILL, fontcolor=_START_TEXT, color="#000000")
    if node_id in graph.visits:
        steps = ", ".join(map(str, graph.visits[node_id]))
        attributes.update(color=_PATH_COLOUR, penwidth=4.0, xlabel=f"step {steps}")
    elif graph.highlight:
        attributes.update(color=_MUTED_COLOUR, fontcolor="#9e9e9e")
    return attributes


def _dot_edge(graph: _Graph, edge: _Edge) -> dict[str, str | float]:
    label = _edge_caption(edge)
    if edge.condition is not None:
        label += f"\nif {edge.condition}"
    attributes: dict[str, str | float] = {"label": label, "tooltip": edge.choice.id}
    if edge.condition is not None:
        attributes.update(style="dashed", fontcolor=_CONDITION_COLOUR)
    if edge.choice.recommended:
        attributes.update(penwidth=2.8, color=_STRONG_EDGE_COLOUR)
    if edge.visited:
        attributes.update(penwidth=4.0, color=_PATH_COLOUR)
    elif graph.highlight:
        attributes.update(color=_MUTED_COLOUR, fontcolor="#9e9e9e")
    return attributes


# --- SVG: measuring text ----------------------------------------------------------------------

# Node ids and edge labels are set in a monospaced font, whose advance is 0.6 em in every
# common one (DejaVu Sans Mono, Menlo, Consolas, Courier), so boxes fit without font metrics.
_MONO_ADVANCE = 0.602
_SANS_ADVANCE = 0.6  # generous for proportional fonts; only titles and the legend use them
_ID_SIZE, _SMALL_SIZE, _TITLE_SIZE = 13.0, 11.0, 18.0
_LINE_HEIGHT = 14.0
_PAD_X, _PAD_Y = 10.0, 7.0
_MIN_BOX_WIDTH = 64.0
_CLOCK_WIDTH = 13.0  # the drawn clock icon plus its gap
_WRAP = 28
_MARGIN = 24.0


def _mono_width(text: str, size: float) -> float:
    return len(text) * size * _MONO_ADVANCE


def _sans_width(text: str, size: float) -> float:
    return len(text) * size * _SANS_ADVANCE


def _wrap(text: str, width: int = _WRAP) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` characters (longer words stay whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class _Box:
    """The drawn size of a node and what it says."""

    width: float
    height: float
    badge: str
    """Second line (start, outcome) without the timer; the timer is drawn as an icon."""
    timer: str
    shape: str
    inset: float
    """How far in from the left and right the flat top and bottom sides begin."""


def _measure_box(graph: _Graph, node_id: str) -> _Box:
    node = graph.node(node_id)
    timer = _seconds(node.time_limit) if node.time_limit is not None else ""
    marks = [mark for mark in graph.badges(node_id) if not mark.startswith("⏱")]
    badge = " · ".join(marks)
    badge_width = _mono_width(badge, _SMALL_SIZE)
    if timer:
        badge_width += _CLOCK_WIDTH + _mono_width(timer + (" · " if badge else ""), _SMALL_SIZE)
    height = _PAD_Y * 2 + _LINE_HEIGHT + (_LINE_HEIGHT if badge_width else 0) + 2
    shape = "box"
    inset = 6.0
    if node.ending is not None:
        shape = OUTCOME_STYLES[node.ending.outcome].shape
        inset = {"stadium": height / 2, "rounded": 10.0}.get(shape, 14.0)
    content = max(_mono_width(node_id, _ID_SIZE), badge_width)
    extra = 2 * inset if shape in ("hexagon", "trapezium", "stadium") else 0.0
    width = max(_MIN_BOX_WIDTH, content + 2 * _PAD_X + extra)
    return _Box(round(width, 1), height, badge, timer, shape, inset)


def _label_lines(edge: _Edge) -> list[str]:
    # Spelled out: few monospaced fonts have a stopwatch glyph.
    lines = [f"{edge.choice.id} · timeout" if edge.timeout else edge.choice.id]
    if edge.condition is not None:
        wrapped = _wrap("if " + edge.condition)
        lines.extend(wrapped)
    return lines


def _label_size(lines: list[str]) -> tuple[float, float]:
    width = max(_mono_width(line, _SMALL_SIZE) for line in lines) + 8
    return width, len(lines) * (_SMALL_SIZE + 2) + 4


# --- SVG: layered layout ------------------------------------------------------------------

_NODE, _LABEL, _DUMMY = 0, 1, 2
_GAPS = {  # horizontal space between neighbours in a layer, by their kinds
    (_NODE, _NODE): 36.0,
    (_NODE, _LABEL): 14.0,
    (_LABEL, _NODE): 14.0,
    (_LABEL, _LABEL): 10.0,
}
_DUMMY_GAP = 10.0
_WEIGHTS = (1.0, 2.0, 4.0)  # how strongly a node, label, dummy keeps its wanted place
_DUMMY_WIDTH = 2.0
_ORDER_SWEEPS = 6
_PLACE_SWEEPS = 6
_SELF_LOOP_REACH = 22.0


class _Layout:
    """Working state of the layered layout; elements are nodes, edge labels and edge bends."""

    def __init__(self) -> None:
        self.kind: list[int] = []
        self.rank: list[int] = []
        self.width: list[float] = []
        self.height: list[float] = []
        self.owner: list[str | int] = []  # node id, or edge index for labels and bends
        self.up: list[list[tuple[int, int]]] = []  # (element, edge index) one rank up
        self.down: list[list[tuple[int, int]]] = []
        self.ranks: list[list[int]] = []
        self.x: list[float] = []
        self.chains: dict[int, list[int]] = {}  # edge index -> elements from top to bottom
        self.reversed: set[int] = set()
        self.element_of: dict[str, int] = {}

    def add(self, kind: int, rank: int, width: float, height: float, owner: str | int) -> int:
        self.kind.append(kind)
        self.rank.append(rank)
        self.width.append(width)
        self.height.append(height)
        self.owner.append(owner)
        self.up.append([])
        self.down.append([])
        self.x.append(0.0)
        while len(self.ranks) <= rank:
            self.ranks.append([])
        self.ranks[rank].append(len(self.kind) - 1)
        return len(self.kind) - 1

    def link(self, upper: int, lower: int, edge: int) -> None:
        self.down[upper].append((lower, edge))
        self.up[lower].append((upper, edge))


def _back_edges(graph: _Graph) -> set[int]:
    """Edges that close a cycle, found by an iterative depth-first search from the start."""
    outgoing: dict[str, list[_Edge]] = {node_id: [] for node_id in graph.scenario.nodes}
    for edge in graph.edges:
        outgoing[edge.source].append(edge)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[int] = set()
    roots = [graph.scenario.start, *graph.scenario.nodes]
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(outgoing[root]))]
        while stack:
            node_id, remaining = stack[-1]
            found = next(remaining, None)
            if found is None:
                state[node_id] = 2
                stack.pop()
            elif state.get(found.target) == 1:
                back.add(found.index)
            elif found.target not in state:
                state[found.target] = 1
                stack.append((found.target, iter(outgoing[found.target])))
    return back


def _layers(graph: _Graph, back: set[int]) -> dict[str, int]:
    """Longest-path layer of every node over the acyclic graph (back edges reversed)."""
    successors: dict[str, list[str]] = {node_id: [] for node_id in graph.scenario.nodes}
    indegree = dict.fromkeys(graph.scenario.nodes, 0)
    for edge in graph.edges:
        if edge.source == edge.target:
            continue
        upper, lower = (
            (edge.target, edge.source) if edge.index in back else (edge.source, edge.target)
        )
        successors[upper].append(lower)
        indegree[lower] += 1
    layer = dict.fromkeys(graph.scenario.nodes, 0)
    ready = [node_id for node_id, count in indegree.items() if count == 0]
    while ready:
        node_id = ready.pop()
        for successor in successors[node_id]:
            layer[successor] = max(layer[successor], layer[node_id] + 1)
            indegree[successor] -= 1
            if indegree[successor] == 0:
                ready.append(successor)
    return layer


def _build_layout(graph: _Graph, boxes: dict[str, _Box], labels: dict[int, list[str]]) -> _Layout:
    """Elements in ranks: node layer L at rank 2L; an edge gets one element per rank between."""
    back = _back_edges(graph)
    layer = _layers(graph, back)
    layout = _Layout()
    loops: dict[str, float] = {}
    for edge in graph.edges:
        if edge.source == edge.target:
            reach = _SELF_LOOP_REACH + _label_size(labels[edge.index])[0] + 6
            loops[edge.source] = max(loops.get(edge.source, 0.0), reach)
    order = sorted(graph.scenario.nodes, key=lambda n: n != graph.scenario.start)
    for node_id in order:
        box = boxes[node_id]
        width = box.width + loops.get(node_id, 0.0)
        layout.element_of[node_id] = layout.add(
            _NODE, 2 * layer[node_id], width, box.height, node_id
        )
    for edge in graph.edges:
        if edge.source == edge.target:
            continue
        flipped = edge.index in back
        upper, lower = (edge.target, edge.source) if flipped else (edge.source, edge.target)
        if flipped:
            layout.reversed.add(edge.index)
        top, bottom = 2 * layer[upper], 2 * layer[lower]
        label_rank = bottom - 1 if flipped else top + 1
        label_width, label_height = _label_size(labels[edge.index])
        chain = [layout.element_of[upper]]
        for rank in range(top + 1, bottom):
            if rank == label_rank:
                element = layout.add(_LABEL, rank, label_width, label_height, edge.index)
            else:
                element = layout.add(_DUMMY, rank, _DUMMY_WIDTH, 0.0, edge.index)
            chain.append(element)
        chain.append(layout.element_of[lower])
        for upper_element, lower_element in zip(chain, chain[1:], strict=False):
            layout.link(upper_element, lower_element, edge.index)
        layout.chains[edge.index] = chain
    return layout


def _initial_order(layout: _Layout) -> None:
    """Order each rank breadth-first: under the leftmost element above, in choice order."""
    position = [0] * len(layout.kind)
    for rank, elements in enumerate(layout.ranks):
        if rank:
            elements.sort(
                key=lambda e: min(
                    ((position[u], edge) for u, edge in layout.up[e]), default=(1 << 60, e)
                )
            )
        for index, element in enumerate(elements):
            position[element] = index


def _reorder(layout: _Layout, position: list[float], rank: int, downward: bool) -> None:
    elements = layout.ranks[rank]
    neighbours = layout.up if downward else layout.down
    keys = {}
    for element in elements:
        near = neighbours[element]
        if near:
            keys[element] = (sum(position[n] for n, _ in near) / len(near), position[element])
        else:
            keys[element] = (position[element], position[element])
    elements.sort(key=keys.__getitem__)
    for index, element in enumerate(elements):
        position[element] = index


def _crossings(layout: _Layout, position: list[float]) -> int:
    """Edge crossings between all adjacent ranks (inversion count with a Fenwick tree)."""
    total = 0
    for rank in range(len(layout.ranks) - 1):
        pairs = sorted(
            (position[e], position[lower])
            for e in layout.ranks[rank]
            for lower, _ in layout.down[e]
        )
        if len(pairs) < 2:
            continue
        size = len(layout.ranks[rank + 1])
        tree = [0] * (size + 1)
        for seen, (_, lower_position) in enumerate(pairs):
            # Count earlier pairs whose lower end lies strictly right of this one.
            index, not_right = int(lower_position) + 1, 0
            while index > 0:
                not_right += tree[index]
                index -= index & -index
            total += seen - not_right
            index = int(lower_position) + 1
            while index <= size:
                tree[index] += 1
                index += index & -index
    return total


def _order(layout: _Layout) -> None:
    """Barycenter sweeps down and up; keeps the ordering with the fewest crossings."""
    _initial_order(layout)
    position = [0.0] * len(layout.kind)
    for elements in layout.ranks:
        for index, element in enumerate(elements):
            position[element] = index
    best = _crossings(layout, position)
    best_ranks = [list(elements) for elements in layout.ranks]
    for sweep in range(_ORDER_SWEEPS):
        if best == 0:
            break
        downward = sweep % 2 == 0
        ranks = range(1, len(layout.ranks)) if downward else range(len(layout.ranks) - 2, -1, -1)
        for rank in ranks:
            _reorder(layout, position, rank, downward)
        found = _crossings(layout, position)
        if found < best:
            best, best_ranks = found, [list(elements) for elements in layout.ranks]
    layout.ranks = best_ranks


def _separation(layout: _Layout, left: int, right: int) -> float:
    kinds = (layout.kind[left], layout.kind[right])
    gap = _GAPS.get(kinds, _DUMMY_GAP)
    return (layout.width[left] + layout.width[right]) / 2 + gap


def _offsets(layout: _Layout, elements: list[int]) -> list[float]:
    """Least distance of each element's centre from the first one's, given widths and gaps."""
    offsets = [0.0]
    for left, right in zip(elements, elements[1:], strict=False):
        offsets.append(offsets[-1] + _separation(layout, left, right))
    return offsets


def _place_rank(
    layout: _Layout, elements: list[int], offsets: list[float], wanted: list[float]
) -> None:
    """Centres closest (least squares) to ``wanted`` keeping order and separation (isotonic PAV)."""
    if len(elements) == 1:
        layout.x[elements[0]] = wanted[0]
        return
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for index, element in enumerate(elements):
        weight = _WEIGHTS[layout.kind[element]]
        block = [(wanted[index] - offsets[index]) * weight, weight, 1.0]
        while blocks and blocks[-1][0] / blocks[-1][1] >= block[0] / block[1]:
            previous = blocks.pop()
            block = [previous[0] + block[0], previous[1] + block[1], previous[2] + block[2]]
        blocks.append(block)
    index = 0
    for total, weight, count in blocks:
        value = total / weight
        for _ in range(int(count)):
            layout.x[elements[index]] = value + offsets[index]
            index += 1


def _place(layout: _Layout) -> None:
    """x of every element: packed, then pulled toward its neighbours in alternating sweeps."""
    offsets = [_offsets(layout, elements) for elements in layout.ranks]
    for rank, elements in enumerate(layout.ranks):
        _place_rank(layout, elements, offsets[rank], [0.0] * len(elements))
    ranks = len(layout.ranks)
    x = layout.x
    for sweep in range(_PLACE_SWEEPS):
        last = sweep == _PLACE_SWEEPS - 1
        downward = sweep % 2 == 0
        order = range(ranks) if downward else range(ranks - 1, -1, -1)
        for rank in order:
            elements = layout.ranks[rank]
            wanted = []
            for element in elements:
                near = layout.up[element] if downward else layout.down[element]
                if last:
                    near = layout.up[element] + layout.down[element]
                wanted.append(sum(x[n] for n, _ in near) / len(near) if near else x[element])
            _place_rank(layout, elements, offsets[rank], wanted)


# --- SVG: geometry -------------------------------------------------------------------------

_RANK_GAP_MIN, _RANK_GAP_MAX = 16.0, 56.0
_ARROW_LENGTH, _ARROW_HALF = 9.0, 4.5
_PORT_SPACING = 14.0


@dataclass(frozen=True)
class _Geometry:
    """Where everything is drawn, in SVG user units."""

    width: float
    height: float
    boxes: dict[str, tuple[float, float, float, float]]  # node id -> x, y, width, height
    edges: dict[int, list[tuple[float, float]]]  # edge index -> points, source first
    labels: dict[int, tuple[float, float]]  # edge index -> label centre
    loops: dict[int, tuple[float, float, float]]  # self-loop edge -> right x, centre y, reach


def _rank_tops(layout: _Layout, top: float) -> tuple[list[float], list[float]]:
    """Top and height of every rank; the gap below a rank grows with how far edges lean."""
    heights = [max((layout.height[e] for e in elements), default=0.0) for elements in layout.ranks]
    tops = []
    y = top
    for rank, elements in enumerate(layout.ranks):
        tops.append(y)
        lean = 0.0
        for element in elements:
            for lower, _ in layout.down[element]:
                lean = max(lean, abs(layout.x[lower] - layout.x[element]))
        gap = min(_RANK_GAP_MAX, max(_RANK_GAP_MIN, 0.1 * lean))
        y += heights[rank] + (gap if rank < len(layout.ranks) - 1 else 0.0)
    return tops, heights


def _geometry(graph: _Graph, boxes: dict[str, _Box], layout: _Layout, top: float) -> _Geometry:
    left = min((layout.x[e] - layout.width[e] / 2 for e in range(len(layout.kind))), default=0.0)
    right = max((layout.x[e] + layout.width[e] / 2 for e in range(len(layout.kind))), default=0.0)
    shift = _MARGIN - left
    tops, heights = _rank_tops(layout, top)
    placed: dict[str, tuple[float, float, float, float]] = {}
    for node_id, element in layout.element_of.items():
        box = boxes[node_id]
        x = layout.x[element] + shift - layout.width[element] / 2
        rank = layout.rank[element]
        y = tops[rank] + (heights[rank] - box.height) / 2
        placed[node_id] = (round(x, 1), round(y, 1), box.width, box.height)
    ports = _ports(graph, boxes, layout, placed, shift)
    edges: dict[int, list[tuple[float, float]]] = {}
    labels: dict[int, tuple[float, float]] = {}
    for edge_index, chain in layout.chains.items():
        start, end = ports[(edge_index, chain[0])], ports[(edge_index, chain[-1])]
        points = [start]
        for element in chain[1:-1]:
            x, rank = layout.x[element] + shift, layout.rank[element]
            points.append((x, tops[rank]))
            points.append((x, tops[rank] + heights[rank]))
            if layout.kind[element] == _LABEL:
                labels[edge_index] = (x, tops[rank] + heights[rank] / 2)
        points.append(end)
        edges[edge_index] = points[::-1] if edge_index in layout.reversed else points
    loops = {}
    for edge in graph.edges:
        if edge.source == edge.target:
            x, y, width, height = placed[edge.source]
            loops[edge.index] = (x + width, y + height / 2, _SELF_LOOP_REACH)
    bottom = tops[-1] + heights[-1] if tops else top
    return _Geometry(right - left + 2 * _MARGIN, bottom + _MARGIN, placed, edges, labels, loops)


def _ports(
    graph: _Graph,
    boxes: dict[str, _Box],
    layout: _Layout,
    placed: dict[str, tuple[float, float, float, float]],
    shift: float,
) -> dict[tuple[int, int], tuple[float, float]]:
    """Where each edge meets each node box: spread along the flat top or bottom side."""
    sides: dict[tuple[int, str], list[tuple[float, int]]] = {}
    for edge_index, chain in layout.chains.items():
        upper, lower = chain[0], chain[-1]
        sides.setdefault((upper, "bottom"), []).append((layout.x[chain[1]], edge_index))
        sides.setdefault((lower, "top"), []).append((layout.x[chain[-2]], edge_index))
    ports = {}
    for (element, side), attached in sides.items():
        node_id = layout.owner[element]
        assert isinstance(node_id, str)
        box = boxes[node_id]
        x, y, width, height = placed[node_id]
        low, high = x + box.inset, x + width - box.inset
        spacing = min(_PORT_SPACING, (high - low) / max(1, len(attached)))
        attached.sort()
        first = x + width / 2 - spacing * (len(attached) - 1) / 2
        port_y = y + height if side == "bottom" else y
        for index, (_, edge_index) in enumerate(attached):
            port_x = min(high, max(low, first + index * spacing))
            ports[(edge_index, element)] = (round(port_x, 1), port_y)
    del graph, shift
    return ports


# --- SVG: drawing --------------------------------------------------------------------------

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
.edge .line {{ fill: none; stroke: {_EDGE_COLOUR}; stroke-width: 1.4; }}
.edge .head {{ fill: {_EDGE_COLOUR}; }}
.edge.conditional .line {{ stroke-dasharray: 6 4; }}
.edge.recommended .line {{ stroke: {_STRONG_EDGE_COLOUR}; stroke-width: 3; }}
.edge.recommended .head {{ fill: {_STRONG_EDGE_COLOUR}; }}
.elabel text {{ font-size: 11px; fill: #37474f; paint-order: stroke; stroke: #ffffff;
  stroke-width: 4px; stroke-linejoin: round; }}
.elabel .condition {{ font-style: italic; fill: {_CONDITION_COLOUR}; }}
.elabel.recommended .choice {{ font-weight: 700; fill: #000000; }}
.node.visited .box {{ stroke: {_PATH_COLOUR}; stroke-width: 4; }}
.edge.visited .line {{ stroke: {_PATH_COLOUR}; stroke-width: 4; stroke-dasharray: none; }}
.edge.visited .head {{ fill: {_PATH_COLOUR}; }}
.elabel.visited .choice {{ fill: {_PATH_COLOUR}; font-weight: 700; }}
.step rect {{ fill: {_PATH_COLOUR}; }}
.step text {{ font: 700 10px "DejaVu Sans", Arial, sans-serif; fill: #ffffff; }}
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


def _svg(graph: _Graph) -> str:
    boxes = {node_id: _measure_box(graph, node_id) for node_id in graph.scenario.nodes}
    labels = {edge.index: _label_lines(edge) for edge in graph.edges}
    layout = _build_layout(graph, boxes, labels)
    _order(layout)
    _place(layout)
    legend, legend_width, legend_height = _legend(graph)
    top = _MARGIN + 50 + legend_height
    geometry = _geometry(graph, boxes, layout, top)
    width = max(geometry.width, legend_width + 2 * _MARGIN)
    offset = (width - geometry.width) / 2
    title = localized(graph.scenario.title, graph.language)
    counts = _counts(graph)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_number(width)}" '
        f'height="{_number(geometry.height)}" viewBox="0 0 {_number(width)} '
        f'{_number(geometry.height)}" role="img" aria-labelledby="graph-title">',
        f'<title id="graph-title">{_xml(title)}: branch graph</title>',
        f"<style>{_SVG_CSS}</style>",
        '<rect class="bg" width="100%" height="100%"/>',
        f'<text class="title" x="{_MARGIN}" y="{_MARGIN + 14}">{_xml(title)}</text>',
        f'<text class="subtitle" x="{_MARGIN}" y="{_MARGIN + 32}">'
        f"{_xml(f'{graph.scenario.id} v{graph.scenario.version} · {counts}')}</text>",
        f'<g class="legend" transform="translate({_MARGIN},{_MARGIN + 44})">{legend}</g>',
        f'<g class="graph" transform="translate({_number(offset)},0)">',
    ]
    ordered = sorted(graph.edges, key=lambda edge: (edge.visited, edge.choice.recommended))
    parts.append('<g class="edges">')
    parts.extend(_svg_edge(graph, edge, geometry) for edge in ordered)
    parts.append('</g><g class="edge-labels">')
    parts.extend(_svg_label(graph, edge, labels[edge.index], geometry) for edge in ordered)
    parts.append('</g><g class="nodes">')
    parts.extend(
        _svg_node(graph, node_id, boxes[node_id], geometry) for node_id in graph.scenario.nodes
    )
    parts.append("</g></g></svg>")
    return "\n".join(parts) + "\n"


def _counts(graph: _Graph) -> str:
    nodes = graph.scenario.nodes.values()
    endings = sum(node.ending is not None for node in nodes)
    return f"{len(nodes)} nodes · {len(graph.edges)} choices · {endings} endings"


def _edge_classes(graph: _Graph, edge: _Edge) -> str:
    classes = ["edge"]
    if edge.condition is not None:
        classes.append("conditional")
    if edge.choice.recommended:
        classes.append("recommended")
    if edge.timeout:
        classes.append("timeout")
    if edge.visited:
        classes.append("visited")
    if graph.muted(edge.visited):
        classes.append("muted")
    return " ".join(classes)


def _svg_edge(graph: _Graph, edge: _Edge, geometry: _Geometry) -> str:
    classes = _edge_classes(graph, edge)
    attributes = f'data-choice="{edge.choice.id}" data-from="{edge.source}" data-to="{edge.target}"'
    if edge.index in geometry.loops:
        right, middle, reach = geometry.loops[edge.index]
        start, tip = (right, middle - 7), (right, middle + 7)
        end = (right + _ARROW_LENGTH, tip[1])
        line = (
            f"M{_point(start)} C{_point((right + reach * 1.6, middle - 22))} "
            f"{_point((right + reach * 1.6, middle + 22))} {_point(end)}"
        )
        head = [tip, (end[0], end[1] - _ARROW_HALF), (end[0], end[1] + _ARROW_HALF)]
        classes += " self"
    else:
        points = geometry.edges[edge.index]
        line, head = _curve(points)
    return (
        f'<g class="{classes}" {attributes}><title>{_xml(edge.choice.id)}</title>'
        f'<path class="line" d="{line}"/>'
        f'<polygon class="head" points="{" ".join(map(_point, head))}"/></g>'
    )


def _curve(points: list[tuple[float, float]]) -> tuple[str, list[tuple[float, float]]]:
    """A smooth path through ``points`` (vertical tangents at each) and its arrowhead triangle.

    The path stops at the arrowhead's base; the head's tip is the last point, on the box.
    """
    tip = points[-1]
    direction = 1.0 if tip[1] >= points[-2][1] else -1.0
    base = (tip[0], tip[1] - direction * _ARROW_LENGTH)
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
        (base[0] - _ARROW_HALF, base[1]),
        (base[0] + _ARROW_HALF, base[1]),
    ]
    return " ".join(commands), head


def _svg_label(graph: _Graph, edge: _Edge, lines: list[str], geometry: _Geometry) -> str:
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
    line_height = _SMALL_SIZE + 2
    first = y - line_height * (len(lines) - 1) / 2 + _SMALL_SIZE * 0.35
    spans = []
    for index, text in enumerate(lines):
        kind = "choice" if index == 0 else "condition"
        spans.append(
            f'<text class="{kind}" x="{_number(x)}" y="{_number(first + index * line_height)}" '
            f'text-anchor="{anchor}">{_xml(text)}</text>'
        )
    return f'<g class="{classes}" data-choice="{edge.choice.id}">{"".join(spans)}</g>'


def _node_classes(graph: _Graph, node_id: str) -> str:
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


def _shape(box: _Box, x: float, y: float) -> str:
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


def _svg_node(graph: _Graph, node_id: str, box: _Box, geometry: _Geometry) -> str:
    x, y, width, height = geometry.boxes[node_id]
    centre = x + width / 2
    has_badge = bool(box.badge or box.timer)
    id_y = y + _PAD_Y + _ID_SIZE * 0.85 + (0 if has_badge else 1)
    parts = [
        f'<g class="{_node_classes(graph, node_id)}" id="node-{node_id}" data-node="{node_id}">',
        f"<title>{_xml(graph.tooltip(node_id))}</title>",
        _shape(box, x, y),
        f'<text class="id" x="{_number(centre)}" y="{_number(id_y)}" '
        f'text-anchor="middle">{_xml(node_id)}</text>',
    ]
    if has_badge:
        parts.append(_badge_line(box, centre, id_y + _LINE_HEIGHT))
    if node_id in graph.visits:
        parts.append(_step_marker(graph.visits[node_id], x, y))
    parts.append("</g>")
    return "".join(parts)


def _badge_line(box: _Box, centre: float, baseline: float) -> str:
    text = box.timer + (" · " if box.timer and box.badge else "") + box.badge
    width = _mono_width(text, _SMALL_SIZE) + (_CLOCK_WIDTH if box.timer else 0)
    left = centre - width / 2
    parts = []
    if box.timer:
        cx, cy = left + 5, baseline - 4
        parts.append(
            f'<g class="clock"><circle cx="{_number(cx)}" cy="{_number(cy)}" r="4.6"/>'
            f'<path d="M{_point((cx, cy - 3))} L{_point((cx, cy))} L{_point((cx + 2.4, cy + 1))}'
            f' M{_point((cx - 1.5, cy - 6.4))} L{_point((cx + 1.5, cy - 6.4))}"/></g>'
        )
        left += _CLOCK_WIDTH
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


def _legend(graph: _Graph) -> tuple[str, float, float]:
    """The legend's SVG (origin top left), its width and its height."""
    items: list[tuple[str, str]] = [
        ("start", f'<rect x="0" y="-9" width="22" height="13" rx="3" fill="{_START_FILL}"/>'),
        ("node", '<rect x="0" y="-9" width="22" height="13" rx="3" fill="#fff" stroke="#455a64"/>'),
    ]
    for style in OUTCOME_STYLES.values():
        swatch = _Box(
            22, 13, "", "", style.shape, {"stadium": 6.5, "rounded": 4.0}.get(style.shape, 5.0)
        )
        shape = _shape(swatch, 0, -9).replace(
            'class="box"', f'fill="{style.fill}" stroke="{style.stroke}" stroke-width="2"'
        )
        items.append((f"ending: {style.caption}", shape))
    items.extend(
        [
            (
                "timed (seconds to choose)",
                '<circle cx="11" cy="-3" r="5" fill="none" stroke="#455a64" stroke-width="1.3"/>'
                '<path d="M11,-6.5 L11,-3 L13.5,-2" fill="none" stroke="#455a64"/>',
            ),
            (
                "recommended choice",
                f'<path d="M0,-3 H22" stroke="{_STRONG_EDGE_COLOUR}" stroke-width="3"/>',
            ),
            (
                "if: conditional choice",
                f'<path d="M0,-3 H22" stroke="{_EDGE_COLOUR}" stroke-width="1.5" '
                'stroke-dasharray="6 4"/>',
            ),
        ]
    )
    if graph.highlight:
        items.append(
            (
                "visited path (step numbers)",
                f'<path d="M0,-3 H22" stroke="{_PATH_COLOUR}" stroke-width="4"/>',
            )
        )
    return _flow(items, 820.0)


def _flow(items: Iterable[tuple[str, str]], limit: float) -> tuple[str, float, float]:
    """Legend items laid out left to right, wrapping at ``limit``."""
    parts, x, y, widest = [], 0.0, 8.0, 0.0
    for text, swatch in items:
        width = 30 + _sans_width(text, _SMALL_SIZE) + 18
        if x and x + width > limit:
            x, y = 0.0, y + 20
        parts.append(
            f'<g transform="translate({_number(x)},{_number(y)})">{swatch}'
            f'<text x="30" y="1">{_xml(text)}</text></g>'
        )
        x += width
        widest = max(widest, x)
    return "".join(parts), widest, y + 8
