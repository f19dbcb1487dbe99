"""Panda3D rendering: the only layer that imports panda3d and direct (render)."""
