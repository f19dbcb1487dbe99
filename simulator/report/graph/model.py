"""The graph every format draws: a scenario's nodes and choices with their marks (pure core).

One ``Graph`` holds what Mermaid, DOT and SVG all show (start, timers, endings
by outcome, recommended and conditional choices, the visited path) and the
words for them in the graph's language, so the three formats mark the same
things the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from simulator.errors import UsageError
from simulator.i18n import ui
from simulator.scenario.model import (
    Choice,
    ExpressionSource,
    Goto,
    Node,
    Outcome,
    Scenario,
    destinations,
    localized,
)

__all__ = [
    "CONDITION_COLOUR",
    "EDGE_COLOUR",
    "MUTED_COLOUR",
    "OUTCOME_STYLES",
    "PATH_COLOUR",
    "START_FILL",
    "START_TEXT",
    "STRONG_EDGE_COLOUR",
    "Edge",
    "Graph",
    "OutcomeStyle",
    "build_graph",
    "choices_along",
    "edge_caption",
    "outcome_caption",
    "seconds",
]


@dataclass(frozen=True)
class OutcomeStyle:
    """How endings of one outcome look, so every format marks them alike."""

    stroke: str
    fill: str
    text: str
    shape: Literal["stadium", "rounded", "hexagon", "trapezium"]
    dot_shape: str


OUTCOME_STYLES: dict[Outcome, OutcomeStyle] = {
    Outcome.SAFE_REPORTED: OutcomeStyle("#2e7d32", "#e3f2e4", "#1b5e20", "stadium", "ellipse"),
    Outcome.SAFE_UNREPORTED: OutcomeStyle("#c77c00", "#fff1cc", "#6d4300", "rounded", "box"),
    Outcome.UNSAFE: OutcomeStyle("#e64a19", "#fde3d9", "#8a2a0c", "hexagon", "hexagon"),
    Outcome.DRAWN_IN: OutcomeStyle("#c62828", "#f9d6d6", "#7f1010", "trapezium", "trapezium"),
}
"""Shape and colours per outcome: green for safe and reported, through amber and orange-red,
to red for drawn in."""

START_FILL, START_TEXT = "#263238", "#ffffff"
PATH_COLOUR = "#1565c0"
EDGE_COLOUR, STRONG_EDGE_COLOUR, CONDITION_COLOUR = "#78909c", "#263238", "#6a1b9a"
MUTED_COLOUR = "#c4c9cc"
_TOOLTIP_LENGTH = 100


# --- The graph every format draws ----------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    """One way from a node to another: a choice, one route of a choice's goto, or one route
    of a branch point (``choice`` None); ``index`` is its position in scenario order."""

    index: int
    source: str
    target: str
    choice: Choice | None
    timeout: bool
    visited: bool
    """Whether the trainee went this way (made this choice, not merely moved between its two
    nodes)."""
    route: ExpressionSource | None = None
    """The condition of the route this edge draws, when the goto has routes."""

    @property
    def name(self) -> str:
        """The choice's id, or "" for a branch point's route."""
        return self.choice.id if self.choice is not None else ""

    @property
    def recommended(self) -> bool:
        return self.choice is not None and self.choice.recommended

    @property
    def condition(self) -> str | None:
        """The choice's ``when`` and the route's, as an author wrote them, or None when the
        way is always open."""
        parts = [
            _written(when)
            for when in (self.choice.when if self.choice else None, self.route)
            if when is not None
        ]
        return " and ".join(parts) if parts else None


def _written(when: ExpressionSource) -> str:
    return str(when).lower() if isinstance(when, bool) else str(when)


@dataclass(frozen=True)
class Graph:
    """A scenario's nodes and edges with the marks every format shows."""

    scenario: Scenario
    language: str
    edges: tuple[Edge, ...]
    visits: dict[str, tuple[int, ...]]
    """For each visited node, the 1-based steps of the path at which it was visited."""
    highlight: bool
    """Whether a path was given (then whatever is not on it is muted)."""

    def node(self, node_id: str) -> Node:
        return self.scenario.nodes[node_id]

    def word(self, key: str, **values: object) -> str:
        """The graph's interface text ``graph_<key>`` in the graph's language."""
        return ui(f"graph_{key}", self.language, **values)

    def caption(self, outcome: Outcome) -> str:
        """Words for an outcome, as the legend and the ending's box show them."""
        return outcome_caption(outcome, self.language)

    def condition_text(self, edge: Edge) -> str | None:
        """``if <condition>`` in the graph's language, or None for a choice always offered."""
        return None if edge.condition is None else f"{self.word('if')} {edge.condition}"

    def counts(self) -> str:
        """How many nodes, choices and endings, as the SVG's subtitle shows them."""
        nodes = self.scenario.nodes.values()
        endings = sum(node.ending is not None for node in nodes)
        return " · ".join(
            self.word(kind if count != 1 else f"{kind}_one", count=count)
            for kind, count in (
                ("nodes", len(nodes)),
                ("choices", len(self.edges)),
                ("endings", endings),
            )
        )

    def badges(self, node_id: str) -> list[str]:
        """Short marks under the node id: timer, start, outcome."""
        node = self.node(node_id)
        marks = []
        if node.time_limit is not None:
            marks.append(f"⏱ {seconds(node.time_limit)}")
        if node_id == self.scenario.start:
            marks.append(self.word("start"))
        if node.ending is not None:
            marks.append(self.caption(node.ending.outcome))
        return marks

    def tooltip(self, node_id: str) -> str:
        """The node's first line of text in the graph's language (its summary for an ending)."""
        text = " ".join(localized(self.node(node_id).gist(), self.language).split())
        if len(text) > _TOOLTIP_LENGTH:
            text = text[: _TOOLTIP_LENGTH - 1].rstrip() + "…"
        return f"{node_id}: {text}" if text else node_id

    def muted(self, visited: bool) -> bool:
        return self.highlight and not visited


def build_graph(
    scenario: Scenario,
    language: str,
    path: Sequence[str],
    taken: Sequence[tuple[str, str]] | None = None,
) -> Graph:
    """The graph of ``scenario`` with ``path`` (node ids) and ``taken`` (the ``(node, choice
    id)`` pairs chosen) marked: exactly the taken choices' edges are visited, so of two
    choices between the same nodes only the one made is. ``taken`` None derives them from
    ``path`` (see ``choices_along``). UsageError for an unknown language or a path naming a
    node the scenario lacks; taken pairs the scenario lacks mark nothing."""
    if language not in scenario.languages:
        raise UsageError(
            f"language {language!r} is not one of the scenario's: {', '.join(scenario.languages)}"
        )
    unknown = [node_id for node_id in path if node_id not in scenario.nodes]
    if unknown:
        raise UsageError(f"the path names nodes the scenario lacks: {', '.join(unknown)}")
    chosen = set(choices_along(scenario, path) if taken is None else taken)
    visits: dict[str, list[int]] = {}
    for step, node_id in enumerate(path, start=1):
        visits.setdefault(node_id, []).append(step)
    steps = set(zip(path, path[1:], strict=False))
    edges: list[Edge] = []
    for source, node in scenario.nodes.items():
        ways: list[tuple[Choice | None, Goto]] = [(choice, choice.goto) for choice in node.choices]
        if node.goto is not None:
            ways.append((None, node.goto))
        for choice, goto in ways:
            routes = [(goto, None)] if isinstance(goto, str) else [(r.node, r.when) for r in goto]
            for target, when in routes:
                if target not in scenario.nodes:
                    continue
                went = (source, target) in steps
                edges.append(
                    Edge(
                        len(edges),
                        source,
                        target,
                        choice,
                        choice is not None and choice.id == node.timeout_choice,
                        (source, choice.id) in chosen and (went or len(routes) == 1)
                        if choice is not None
                        else went,
                        when,
                    )
                )
    return Graph(
        scenario,
        language,
        tuple(edges),
        {node_id: tuple(found) for node_id, found in visits.items()},
        bool(path),
    )


def choices_along(scenario: Scenario, path: Sequence[str]) -> list[tuple[str, str]]:
    """The ``(node, choice id)`` pairs a node path implies: for each step from one node to the
    next, the choice leading there when exactly one does (a step two choices could have made,
    or a jump no choice makes, implies none)."""
    taken = []
    for source, target in zip(path, path[1:], strict=False):
        leading = [c.id for c in scenario.nodes[source].choices if target in destinations(c.goto)]
        if len(leading) == 1:
            taken.append((source, leading[0]))
    return taken


def outcome_caption(outcome: Outcome, language: str) -> str:
    """Words for an outcome in ``language``, as every format's legend and ending boxes show them."""
    return ui(f"graph_outcome_{outcome.value}", language)


def seconds(limit: float | dict[int, float]) -> str:
    """A node's time limit as the graph shows it: ``20s``, or per level ``30/20/12s``."""
    if isinstance(limit, dict):
        return "/".join(f"{limit[level]:g}" for level in sorted(limit)) + "s"
    return f"{limit:g}s"


def edge_caption(edge: Edge) -> str:
    return f"{edge.name} ⏱" if edge.timeout else edge.name
