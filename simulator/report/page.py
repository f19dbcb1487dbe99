"""The page kit every report page is built with (pure core).

One Jinja2 environment with autoescaping, one base template (``base.html.j2``:
the page shell, privacy headers and footer), one stylesheet (``report.css``,
print rules included) and the macros the pages share (``parts.html.j2``). A
page builder computes plain data and hands it to its template; the template
never sees unescaped text except the branch graph's SVG, which escapes its
own texts. Pages load nothing from outside: the stylesheet and the graph are
inline, and the page's content security policy forbids anything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from simulator.i18n import element_label as _element_label
from simulator.i18n import outcome_label as _outcome_label
from simulator.i18n import ui
from simulator.report.graph.model import build_graph
from simulator.report.graph.svg import DRAWING_ID, Drawing, draw_svg
from simulator.scenario.model import Scenario, localized

__all__ = ["Figure", "Slice", "graph_figure", "print_slices", "render_page", "seconds"]


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("simulator.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["seconds"] = seconds
    environment.filters["clock"] = _clock
    return environment


def render_page(template: str, *, language: str, title: str, **context: Any) -> str:
    """The HTML of ``template`` (a file in ``templates/``) in ``language``.

    Besides ``context`` the template gets ``language``, ``title`` and four
    functions that give words in the page's language: ``t(key, **values)`` (the
    interface texts), ``text(value)`` (a scenario's text, such as a choice's
    feedback), ``outcome_label(outcome)`` and ``element_label(element)``.
    """

    def t(key: str, **values: object) -> str:
        return ui(key, language, **values)

    def text(value: dict[str, str]) -> str:
        return localized(value, language)

    def outcome_label(outcome: str) -> str:
        return _outcome_label(outcome, language)

    def element_label(element: object) -> str:
        return _element_label(str(element), language)

    page = _environment().get_template(template)
    return page.render(
        language=language,
        title=title,
        t=t,
        text=text,
        outcome_label=outcome_label,
        element_label=element_label,
        **context,
    )


PRINT_WIDTH, PRINT_HEIGHT = 1020.0, 690.0
"""The room for the graph on a printed page, in CSS pixels: A4 landscape less the 12 mm
margins of ``@page graph`` in ``report.css`` (273 x 186 mm is 1032 x 703 px), with slack."""
PRINT_HEADING = 110.0
"""Room left on the graph's first printed page for the heading and hint above it (px)."""


@dataclass(frozen=True)
class Slice:
    """One printed page's piece of the graph: an SVG viewBox and its size on paper (px)."""

    view_box: str
    width: str
    height: str


@dataclass(frozen=True)
class Figure:
    """The branch graph for a page: inline SVG on screen, page-sized slices of it in print.

    The slices show the one drawing through ``<use>`` (no second copy, no repeated ids), at
    one scale that fits the page's width (never enlarged), cut only between ranks."""

    svg: Markup
    drawing: str
    """The id of the drawing the slices show."""
    slices: tuple[Slice, ...]


def graph_figure(
    scenario: Scenario,
    language: str,
    path: Sequence[str],
    taken: Sequence[tuple[str, str]],
    *,
    heading: float = PRINT_HEADING,
) -> Figure:
    """The branch graph with ``path`` (node ids) and ``taken`` (the ``(node, choice id)``
    pairs chosen) highlighted; nodes the scenario lacks are left out of the path. ``heading``
    is the room (px) what the page prints above the graph takes on its first page. The SVG is
    marked safe: ``draw_svg`` escapes every text it draws."""
    known = [node for node in path if node in scenario.nodes]
    drawing = draw_svg(build_graph(scenario, language, known, taken))
    scale = min(1.0, PRINT_WIDTH / drawing.width)
    slices = []
    for top, bottom in print_slices(
        drawing, (PRINT_HEIGHT - heading) / scale, PRINT_HEIGHT / scale
    ):
        slices.append(
            Slice(
                f"0 {top:.1f} {drawing.width:.1f} {bottom - top:.1f}",
                f"{drawing.width * scale:.1f}",
                f"{(bottom - top) * scale:.1f}",
            )
        )
    return Figure(Markup(drawing.svg), DRAWING_ID, tuple(slices))


def print_slices(drawing: Drawing, first: float, rest: float) -> list[tuple[float, float]]:
    """Top and bottom of each printed piece of ``drawing``: the first at most ``first`` high,
    the others at most ``rest`` (user units), each cut at the lowest cut that fits; a rank
    taller than a page is cut where the page ends."""
    pieces, top, room = [], 0.0, first
    while drawing.height - top > room:
        fitting = [cut for cut in drawing.cuts if top < cut <= top + room]
        bottom = fitting[-1] if fitting else top + room
        pieces.append((top, bottom))
        top, room = bottom, rest
    pieces.append((top, drawing.height))
    return pieces


def seconds(ms: float) -> str:
    """A duration in milliseconds as the pages show it: ``2.5 s``."""
    return f"{ms / 1000:.1f} s"


def _clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"
