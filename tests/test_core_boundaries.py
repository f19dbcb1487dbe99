"""The layers of docs/architecture.md hold: each package imports only the layers below it.

Checked twice: statically, over every ``import`` in the package (so a lazy
import inside a function counts too), and at run time, by importing the whole
core in a fresh interpreter and looking at ``sys.modules``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "simulator"

# The core's layers, bottom first; a layer may import the layers before it.
CORE_LAYERS = ("scenario", "session", "record", "interop", "report")
# Base modules every layer may use.
BASE = ("errors", "settings", "i18n", "logs", "__init__")
# Who may import what from outside the standard library and the core.
ENGINE_PACKAGES = {"panda3d": "render", "direct": "render", "xr": "xr"}


def _imports(path: Path) -> set[str]:
    """The absolute module names a file imports (relative imports are not used here)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "simulator":
                names.update(
                    f"simulator.{alias.name}"
                    for alias in node.names
                    if (PACKAGE / alias.name).is_dir() or (PACKAGE / f"{alias.name}.py").is_file()
                )
    return names


def _part(path: Path) -> str:
    """The package (or base module) of the simulator a file belongs to."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_file_belongs_to_a_known_part() -> None:
    known = {*CORE_LAYERS, *BASE, "text", "render", "xr", "commands", "cli", "__main__"}
    assert {_part(path) for path in MODULES} <= known


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_engines_are_imported_only_by_their_doors(path: Path) -> None:
    part = _part(path)
    for name in _imports(path):
        top = name.split(".")[0]
        owner = ENGINE_PACKAGES.get(top)
        assert owner is None or owner == part, (
            f"{path.name} imports {name}, which only {owner}/ may"
        )


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if _part(p) in CORE_LAYERS or _part(p) in BASE],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_core_layers_import_only_the_layers_below(path: Path) -> None:
    part = _part(path)
    allowed = set(BASE)
    if part in CORE_LAYERS:
        allowed |= set(CORE_LAYERS[: CORE_LAYERS.index(part) + 1])
    for name in _imports(path):
        pieces = name.split(".")
        if pieces[0] != "simulator" or len(pieces) == 1:
            continue
        assert pieces[1] in allowed, f"{path.relative_to(PACKAGE)} imports {name}"


def test_the_scenario_layer_imports_nothing_above_it() -> None:
    above = {f"simulator.{layer}" for layer in CORE_LAYERS[1:]}
    for path in (PACKAGE / "scenario").rglob("*.py"):
        for name in _imports(path):
            assert ".".join(name.split(".")[:2]) not in above, f"{path.name} imports {name}"


def test_importing_the_core_and_the_cli_loads_no_engine() -> None:
    core = [
        "simulator." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for path in MODULES
        if _part(path) in (*CORE_LAYERS, "text", "commands", "cli") and path.stem != "__init__"
    ]
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in core)
        + "import simulator.cli as cli\n"
        + "cli.build_parser()\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('panda3d', 'direct', 'xr'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(core) > 30
    assert result.stdout.strip() == ""


def test_the_scene_language_names_exactly_the_prop_kinds_the_render_layer_builds() -> None:
    """scene.PROP_KINDS is what validate accepts; render/props builds them (no window opened)."""
    pytest.importorskip("panda3d.core")
    from simulator.render.props import PROP_KINDS as BUILDERS
    from simulator.scenario.scene import PROP_KINDS

    assert sorted(PROP_KINDS) == sorted(BUILDERS)
    assert len(set(PROP_KINDS)) == len(PROP_KINDS)


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if _part(p) in ("text", "render", "xr")],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_presenters_never_touch_the_record(path: Path) -> None:
    """The session flow owns the recording; what shows a session only hands it input."""
    for name in _imports(path):
        assert not name.startswith("simulator.record"), f"{path.name} imports {name}"
