"""Debrief reports: one session or a group, as self-contained HTML pages (pure core).

Everything a page needs comes from a ``SessionTrace``: built from the local
record (``simulator.record.trace``) or from xAPI statements read back from an LRS
(``simulator.interop.xapi.traces_from_statements``). Trainees appear by code only.
Every text is escaped; the page loads nothing from outside (inline CSS and
the inline SVG graph) and prints well.

The pages are built in ``session_debrief`` (one session: what happened, why,
what to take away, what was looked at) and ``group_debrief`` (a group, with
counts of fewer than ``MIN_GROUP`` trainees hidden), on the page kit of
``simulator.report.page``; this module is their common entry point.
"""

from __future__ import annotations

from simulator.report.group_debrief import MIN_GROUP, group_debrief_html
from simulator.report.session_debrief import session_debrief_html

__all__ = ["MIN_GROUP", "group_debrief_html", "session_debrief_html"]
