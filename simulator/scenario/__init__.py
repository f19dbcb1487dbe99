"""The scenario language and its checks (pure core, the bottom layer).

Models, scenes, expressions, YAML source with positions, loading, validation,
exploration and content lookup; ``diagnostics`` declares every rule's code.
Imports nothing from the session, record, interop or report layers. See docs/architecture.md.
"""
