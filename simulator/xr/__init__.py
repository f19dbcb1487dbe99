"""Playing in an OpenXR headset (xr layer): the only package that imports pyopenxr.

Importing this package imports nothing heavy: ``maths`` is pure numpy,
``bridge`` imports pyopenxr when a bridge is opened, and ``player`` (which
draws through ``simulator.render``; nothing here imports Panda3D itself) is
imported by the play command only in ``--mode xr``.
"""
