"""Debriefs and branch graphs as self-contained pages (pure core).

Depends on every core layer below it (interop, record, session, scenario),
never on render or xr. See docs/architecture.md.
"""
