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
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from simulator.i18n import ELEMENT_LABELS, OUTCOME_LABELS, ui
from simulator.report.graph import render_graph
from simulator.scenario.model import Scenario, localized

__all__ = ["graph_figure", "render_page", "seconds"]


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
        return OUTCOME_LABELS.get(outcome, {}).get(language, outcome)

    def element_label(element: object) -> str:
        name = str(element)
        return ELEMENT_LABELS.get(name, {}).get(language, name)

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


def graph_figure(
    scenario: Scenario, language: str, path: Sequence[str], taken: Sequence[tuple[str, str]]
) -> Markup:
    """The branch graph as inline SVG with ``path`` (node ids) and ``taken`` (the ``(node,
    choice id)`` pairs chosen) highlighted; nodes the scenario lacks are left out of the path.
    Marked safe: ``render_graph`` escapes every text it draws."""
    known = [node for node in path if node in scenario.nodes]
    return Markup(render_graph(scenario, "svg", language=language, path=known, taken=taken))


def seconds(ms: float) -> str:
    """A duration in milliseconds as the pages show it: ``2.5 s``."""
    return f"{ms / 1000:.1f} s"


def _clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"
