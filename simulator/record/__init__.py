"""The durable session record: SQLite store, schema, writer thread, pseudonyms (pure core).

Depends on the scenario and session layers; never on xAPI: whatever forwards
statements is handed to it. See docs/architecture.md.
"""
