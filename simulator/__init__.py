"""Branching 3D scenario training simulator for officials facing intimidation (package root)."""

import logging

__version__ = "0.1.0"

# The library way (logging HOWTO): until the command line configures the log
# (simulator.logs), the simulator's records go nowhere, not to stderr.
logging.getLogger("simulator").addHandler(logging.NullHandler())
__all__ = ["__version__"]
