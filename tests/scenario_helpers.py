"""Writing a small scenario project (scenes/ beside scenarios/) into a test's folder."""

from __future__ import annotations

import os
from pathlib import Path

LOT_SCENE = """\
format: 1
id: lot
title: {nl: Parkeerplaats, en: Car park}
marks:
  door: {pos: [0, 10, 0], heading: 180}
  car: {pos: [3, 0, 0]}
actors:
  man_a: {body: man, mark: car}
"""
"""A minimal scene: two marks and one actor, enough for most scenario tests."""


def scenario_header(scenario_id: str, title: str, version: str = "1") -> str:
    """The fields every test scenario needs before its own (variables, stagings, nodes):
    format, id, version, title, description, the ``lot`` scene, the warning, audience,
    objectives and a cast of one (``man_a``)."""
    return (
        f'format: 1\nid: {scenario_id}\nversion: "{version}"\n'
        f"title: {{nl: {title}, en: {title}}}\n"
        "description: {nl: d, en: d}\n"
        "scene: lot\n"
        "content_warning: {nl: geen, en: none}\n"
        "audience: {nl: iedereen, en: everyone}\n"
        "learning_objectives: [{nl: leren, en: learn}]\n"
        "cast: {man_a: {nl: Man, en: Man}}\n"
    )


def write_scenario(root: Path, text: str, name: str) -> Path:
    """Write ``scenarios/<name>.yaml`` and the ``lot`` scene it plays in; the scenario path."""
    (root / "scenes").mkdir(parents=True, exist_ok=True)
    (root / "scenes" / "lot.yaml").write_text(LOT_SCENE, encoding="utf-8")
    (root / "scenarios").mkdir(parents=True, exist_ok=True)
    path = root / "scenarios" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def with_python_path(folder: Path) -> dict[str, str]:
    """This process's environment with ``folder`` prepended to ``PYTHONPATH`` (for subprocesses
    that import the test helpers); what was on the path stays on it."""
    earlier = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), earlier]))}
