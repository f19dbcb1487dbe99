"""Branching 3D scenario training simulator for officials facing intimidation (package root)."""

__version__ = "0.1.0"
__all__ = ["__version__"]
