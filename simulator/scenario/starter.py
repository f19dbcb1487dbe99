"""The starter scenario `simulator new` writes for a new author (pure core).

A small scenario in a scene of the author's choice that validates, plays to every ending
and passes the teaching checks, with a comment at each feature it shows (intensity,
time limits, a voice, variables, ending notes). It is rendered from a template with the
scene's own names: the trainee stands at the scene's first trainee mark, and its first
actor speaks.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from simulator.errors import UsageError
from simulator.scenario.scene import SceneSpec

__all__ = ["starter_scenario"]

_TEMPLATES = Environment(
    loader=PackageLoader("simulator.scenario", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # YAML, not HTML: nothing here is shown in a page
)


def starter_scenario(scenario_id: str, scene: SceneSpec, file: Path, schema: str) -> str:
    """The starter scenario's text for ``scene``, to be saved as ``file``; ``schema`` is the
    JSON Schema's path for the editor comment. UsageError for a scene without an actor or
    without a mark for the trainee."""
    if not scene.actors:
        raise UsageError(f"scene {scene.id!r} has no actors; expected one to speak")
    actor, spec = next(iter(scene.actors.items()))
    trainee_mark = scene.trainee_mark()
    if trainee_mark is None:
        raise UsageError(f"scene {scene.id!r} has no mark for the trainee; expected a free mark")
    title = " ".join(scenario_id.split("_")).capitalize()
    return _TEMPLATES.get_template("starter.yaml.j2").render(
        id=scenario_id,
        title=title,
        scene=scene.id,
        actor=actor,
        actor_mark=spec.mark,
        trainee_mark=trainee_mark,
        file=file.as_posix(),
        schema=schema,
    )
