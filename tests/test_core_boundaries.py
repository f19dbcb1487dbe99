"""The pure core never pulls in Panda3D or the XR bindings (DESIGN.md: layers)."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "simulator.model",
    "simulator.scene",
    "simulator.loading",
    "simulator.validation",
    "simulator.exploration",
    "simulator.runner",
    "simulator.events",
    "simulator.playplan",
    "simulator.autoplay",
    "simulator.textplay",
    "simulator.flow",
    "simulator.console",
    "simulator.group_session",
    "simulator.debrief",
    "simulator.xapi",
    "simulator.lrs",
    "simulator.exporting",
    "simulator.cli",
]


def test_core_imports_no_panda3d_direct_or_xr() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE_MODULES)
        + "import simulator.cli as cli\n"
        + "cli.build_parser()\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('panda3d', 'direct', 'xr'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
