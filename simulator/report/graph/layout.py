"""Where the SVG's boxes, edges and labels go: a layered (Sugiyama-style) layout (pure core).

No Graphviz: cycles are broken by reversing the back edges a depth-first
search finds; layers are longest paths from the start; every edge gets one
slot per layer it crosses, and one of them holds its label, so labels never
overlap boxes or each other; barycenter sweeps order each layer and isotonic
regression places it. Every step is linear or n log n in the size of the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.report.graph.model import OUTCOME_STYLES, Edge, Graph, seconds

__all__ = [
    "ARROW_HALF",
    "ARROW_LENGTH",
    "CLOCK_WIDTH",
    "ID_SIZE",
    "LINE_HEIGHT",
    "MARGIN",
    "PAD_Y",
    "SMALL_SIZE",
    "Box",
    "Geometry",
    "label_lines",
    "lay_out",
    "measure_box",
    "mono_width",
    "sans_width",
]

# --- Measuring text ---------------------------------------------------------------------------

# Node ids and edge labels are set in a monospaced font, whose advance is 0.6 em in every
# common one (DejaVu Sans Mono, Menlo, Consolas, Courier), so boxes fit without font metrics.
_MONO_ADVANCE = 0.602
_SANS_ADVANCE = 0.6  # generous for proportional fonts; only titles and the legend use them
ID_SIZE, SMALL_SIZE, _TITLE_SIZE = 13.0, 11.0, 18.0
LINE_HEIGHT = 14.0
_PAD_X, PAD_Y = 10.0, 7.0
_MIN_BOX_WIDTH = 64.0
CLOCK_WIDTH = 13.0  # the drawn clock icon plus its gap
_WRAP = 28
_ID_WRAP = 13
MARGIN = 24.0


def mono_width(text: str, size: float) -> float:
    return len(text) * size * _MONO_ADVANCE


def sans_width(text: str, size: float) -> float:
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


def _id_lines(name: str, width: int = _ID_WRAP) -> list[str]:
    """An id in lines of at most ``width`` characters, broken after underscores
    (``refuse_card_`` / ``together``); a part longer than that stays whole."""
    lines: list[str] = []
    for part in name.split("_"):
        if lines and len(lines[-1]) + len(part) <= width:
            lines[-1] += part
        else:
            lines.append(part)
        lines[-1] += "_"
    lines[-1] = lines[-1].removesuffix("_")
    return lines


@dataclass(frozen=True)
class Box:
    """The drawn size of a node and what it says."""

    width: float
    height: float
    badge: str
    """Second line (start, outcome) without the timer; the timer is drawn as an icon."""
    timer: str
    shape: str
    inset: float
    """How far in from the left and right the flat top and bottom sides begin."""


def measure_box(graph: Graph, node_id: str) -> Box:
    node = graph.node(node_id)
    timer = seconds(node.time_limit) if node.time_limit is not None else ""
    marks = [mark for mark in graph.badges(node_id) if not mark.startswith("⏱")]
    badge = " · ".join(marks)
    badge_width = mono_width(badge, SMALL_SIZE)
    if timer:
        badge_width += CLOCK_WIDTH + mono_width(timer + (" · " if badge else ""), SMALL_SIZE)
    height = PAD_Y * 2 + LINE_HEIGHT + (LINE_HEIGHT if badge_width else 0) + 2
    shape = "box"
    inset = 6.0
    if node.ending is not None:
        shape = OUTCOME_STYLES[node.ending.outcome].shape
        inset = {"stadium": height / 2, "rounded": 10.0}.get(shape, 14.0)
    content = max(mono_width(node_id, ID_SIZE), badge_width)
    extra = 2 * inset if shape in ("hexagon", "trapezium", "stadium") else 0.0
    width = max(_MIN_BOX_WIDTH, content + 2 * _PAD_X + extra)
    return Box(round(width, 1), height, badge, timer, shape, inset)


def label_lines(graph: Graph, edge: Edge) -> list[tuple[str, str]]:
    """An edge label's lines as (kind, text): the choice id (broken after an underscore when
    long, with the timeout mark) as ``choice`` lines, then its condition wrapped as
    ``condition`` lines."""
    names = _id_lines(edge.name)
    if edge.timeout:
        # Spelled out: few monospaced fonts have a stopwatch glyph.
        names[-1] += f" · {graph.word('timeout')}"
    lines = [("choice", name) for name in names]
    condition = graph.condition_text(edge)
    if condition is not None:
        lines.extend(("condition", line) for line in _wrap(condition))
    return lines


def _label_size(lines: list[tuple[str, str]]) -> tuple[float, float]:
    width = max(mono_width(text, SMALL_SIZE) for _, text in lines) + 8
    return width, len(lines) * (SMALL_SIZE + 2) + 4


# --- Layered layout ------------------------------------------------------------------

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


def _back_edges(graph: Graph) -> set[int]:
    """Edges that close a cycle, found by an iterative depth-first search from the start."""
    outgoing: dict[str, list[Edge]] = {node_id: [] for node_id in graph.scenario.nodes}
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


def _layers(graph: Graph, back: set[int]) -> dict[str, int]:
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


def _build_layout(
    graph: Graph, boxes: dict[str, Box], labels: dict[int, list[tuple[str, str]]]
) -> _Layout:
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


# --- Geometry ------------------------------------------------------------------------------

_RANK_GAP_MIN, _RANK_GAP_MAX = 16.0, 56.0
ARROW_LENGTH, ARROW_HALF = 9.0, 4.5
_PORT_SPACING = 14.0


@dataclass(frozen=True)
class Geometry:
    """Where everything is drawn, in SVG user units."""

    width: float
    height: float
    boxes: dict[str, tuple[float, float, float, float]]  # node id -> x, y, width, height
    edges: dict[int, list[tuple[float, float]]]  # edge index -> points, source first
    labels: dict[int, tuple[float, float]]  # edge index -> label centre
    loops: dict[int, tuple[float, float, float]]  # self-loop edge -> right x, centre y, reach
    rows: tuple[tuple[float, float], ...]  # top and bottom of every rank, top to bottom


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


def _geometry(graph: Graph, boxes: dict[str, Box], layout: _Layout, top: float) -> Geometry:
    left = min((layout.x[e] - layout.width[e] / 2 for e in range(len(layout.kind))), default=0.0)
    right = max((layout.x[e] + layout.width[e] / 2 for e in range(len(layout.kind))), default=0.0)
    shift = MARGIN - left
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
    rows = tuple((y, y + height) for y, height in zip(tops, heights, strict=True))
    return Geometry(right - left + 2 * MARGIN, bottom + MARGIN, placed, edges, labels, loops, rows)


def _ports(
    graph: Graph,
    boxes: dict[str, Box],
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


def lay_out(
    graph: Graph, boxes: dict[str, Box], labels: dict[int, list[tuple[str, str]]], top: float
) -> Geometry:
    """Where every node, edge and label goes, with the first rank at ``top``."""
    layout = _build_layout(graph, boxes, labels)
    _order(layout)
    _place(layout)
    return _geometry(graph, boxes, layout, top)
