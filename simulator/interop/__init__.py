"""Talking to other systems: xAPI statements, the LRS client, exports (pure core).

Depends on the record, session and scenario layers. See docs/architecture.md.
"""
