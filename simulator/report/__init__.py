"""Debriefs and branch graphs as self-contained pages (pure core).

Depends on every core layer below it (interop, record, session, scenario),
never on render or xr. See docs/architecture.md.

- ``graph/``: the branch graph (model, and one module per format: mermaid,
  dot, svg with its layout).
- ``page``: the page kit (Jinja2 with autoescape, ``templates/``: one base
  template, one stylesheet, the shared parts).
- ``session_debrief``, ``group_debrief`` (both re-exported by ``debrief``) and
  ``projector_debrief``: one page each; ``lookups``: what they look up in a
  scenario.
"""
