"""Where the shipped scenarios, scenes and assets live, and how paths given by users resolve.

Pure core. The content folders sit beside the package in a checkout (and an
editable install); an installed package carries them inside itself, as
``simulator/_content`` (see ``pyproject.toml``), so they are found wherever pip
put the package; ``SIMULATOR_CONTENT`` points elsewhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from simulator.errors import UsageError
from simulator.settings import Settings

__all__ = [
    "DEFAULT_SCENARIO",
    "assets_dir",
    "content_root",
    "resolve_scenario",
    "resolve_scene",
    "scene_beside",
    "scenario_files",
    "shipped_root",
]

DEFAULT_SCENARIO = "car_park"
"""The flagship scenario `simulator play` plays when none is named."""


def content_root() -> Path:
    """The folder holding scenarios/, scenes/ and assets/.

    In order: ``SIMULATOR_CONTENT``; the working folder when it holds them (an
    author's project); the copy inside the installed package; the checkout the
    package runs from.
    """
    override = Settings.from_environment().content
    if override is not None:
        return override
    if _holds_content(Path.cwd()):
        return Path.cwd()
    return shipped_root()


def shipped_root() -> Path:
    """The content that ships with the simulator, whatever the working folder: the copy inside
    the installed package, or the checkout the package runs from."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "_content"
    return installed if _holds_content(installed) else package.parent


def _holds_content(folder: Path) -> bool:
    return (folder / "scenarios").is_dir() and (folder / "scenes").is_dir()


def assets_dir() -> Path:
    """The shipped assets (characters, fonts, speech): ``assets/`` of the content root."""
    return content_root() / "assets"


def resolve_scenario(name: str | None) -> Path:
    """A scenario file from a path, or a shipped scenario's id; UsageError when neither exists."""
    name = name or DEFAULT_SCENARIO
    path = Path(name)
    if path.is_file():
        return path
    shipped = content_root() / "scenarios" / f"{name}.yaml"
    if shipped.is_file():
        return shipped
    available = ", ".join(p.stem for p in sorted((content_root() / "scenarios").glob("*.yaml")))
    raise UsageError(f"no scenario {name!r}: not a file, nor a shipped scenario ({available})")


def scenario_files(paths: list[str]) -> list[Path]:
    """Expand files, folders (their *.yaml files) and shipped scenario ids given on the
    command line; UsageError for a name that is none of these, or a folder holding none."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(path.glob("*.yaml"))
            if not found:
                raise UsageError(f"{name}: a folder without scenario files; expected *.yaml in it")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif (content_root() / "scenarios" / f"{name}.yaml").is_file():
            files.append(content_root() / "scenarios" / f"{name}.yaml")
        else:
            raise UsageError(f"{name}: no such file or folder, nor a shipped scenario")
    return files


def resolve_scene(scene: str) -> Path:
    """A scene file from a path, or a scene's id in the author's project or the shipped content;
    UsageError when it is none of these."""
    path = Path(scene)
    if path.is_file():
        return path
    for root in (content_root(), shipped_root()):
        if (root / "scenes" / f"{scene}.yaml").is_file():
            return root / "scenes" / f"{scene}.yaml"
    known = {
        p.stem for root in (content_root(), shipped_root()) for p in root.glob("scenes/*.yaml")
    }
    raise UsageError(
        f"no scene {scene!r}: not a file, nor a known scene ({', '.join(sorted(known))})"
    )


def scene_beside(scenario_file: Path, scene: Path) -> Path | None:
    """Copy ``scene`` where loading ``scenario_file`` will look for it (the ``scenes/`` folder
    of the nearest folder above that has one; else beside a ``scenarios/`` folder, or beside
    the file), unless a scene of that name is there already; the copy's path, or None."""
    folder = scenario_file.resolve().parent
    root = next(
        (above for above in (folder, *folder.parents) if (above / "scenes").is_dir()),
        folder.parent if folder.name == "scenarios" else folder,
    )
    copy = root / "scenes" / scene.name
    if copy.is_file():
        return None
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(scene, copy)
    return copy
