"""A scenario's files watched while it plays (``play --watch``): every save loaded again.

``ScenarioWatch`` watches the scenario file and its scene file with watchdog. A save, however
the editor writes it (in place, or a new file renamed over the old one), is loaded again on
the watch's own thread once the files have been quiet for a moment, so a frame loop never
waits for a load; ``poll()`` hands the player the newest result: ``Reloaded`` with the new
version, or ``ReloadFailed`` with the error that lists every problem (file:line each).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from simulator.errors import SimulatorError, display_path
from simulator.i18n import ui
from simulator.scenario.loading import LoadedScenario, load_scenario

__all__ = ["QUIET_SECONDS", "Reload", "ReloadFailed", "Reloaded", "ScenarioWatch", "save_report"]

log = logging.getLogger(__name__)

QUIET_SECONDS = 0.15
"""How long the files must stay unchanged before a save is loaded (an editor may write a
file in several steps)."""


@dataclass(frozen=True)
class Reloaded:
    """The saved files form a valid scenario: play goes on with it."""

    loaded: LoadedScenario


@dataclass(frozen=True)
class ReloadFailed:
    """The saved files do not load; ``error`` says why (a ScenarioError lists every problem)."""

    error: SimulatorError

    @property
    def lines(self) -> list[str]:
        """The problems, one line each (``file:line:column CODE ...``)."""
        return str(self.error).splitlines() or [type(self.error).__name__]


Reload = Reloaded | ReloadFailed


def save_report(save: Reload, path: Path, language: str) -> tuple[str, list[str]]:
    """What to tell the author about a save of the scenario at ``path``: a heading, and the
    problems one a line when it failed (none when it loaded)."""
    file = display_path(path)
    if isinstance(save, ReloadFailed):
        return ui("reload_failed", language, file=file), save.lines
    return ui("reload_done", language, file=file), []


class ScenarioWatch:
    """Watches the files of ``loaded`` from ``with`` until its end.

    ``poll()`` returns the result of loading the latest save (each result once), or None
    when nothing was saved since the last poll. After a valid save the watch follows the
    scene file the new version names.
    """

    def __init__(
        self,
        loaded: LoadedScenario,
        *,
        quiet: float = QUIET_SECONDS,
        load: Callable[[Path], LoadedScenario] = load_scenario,
    ) -> None:
        self._scenario_path = loaded.path.resolve()
        self._files = {self._scenario_path, loaded.scene_path.resolve()}
        self._quiet = quiet
        self._load = load
        self._observer = Observer()
        self._watched: set[Path] = set()
        self._lock = threading.Lock()
        self._saved = threading.Event()
        self._last_change = 0.0
        self._result: Reload | None = None
        self._stopping = threading.Event()
        self._loader = threading.Thread(target=self._load_saves, name="scenario-watch", daemon=True)

    def __enter__(self) -> ScenarioWatch:
        self._watch_folders()
        self._observer.start()
        self._loader.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stopping.set()
        self._saved.set()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._loader.join(timeout=5)

    @property
    def files(self) -> set[Path]:
        """The files watched now."""
        with self._lock:
            return set(self._files)

    def poll(self) -> Reload | None:
        """The result of the newest save since the last poll, or None."""
        with self._lock:
            result, self._result = self._result, None
        return result

    def wait(self, timeout: float) -> Reload | None:
        """Like ``poll``, but waits up to ``timeout`` seconds for a result."""
        deadline = time.monotonic() + timeout
        while True:
            result = self.poll()
            left = deadline - time.monotonic()
            if result is not None or left <= 0:
                return result
            time.sleep(min(0.05, left))

    # -- the watch's threads -------------------------------------------------------------

    def _watch_folders(self) -> None:
        handler = _Saves(self._changed)
        for folder in {path.parent for path in self.files} - self._watched:
            self._observer.schedule(handler, str(folder), recursive=False)
            self._watched.add(folder)

    def _changed(self, paths: list[Path]) -> None:
        """On the observer's thread: a file in a watched folder changed."""
        with self._lock:
            if not any(path in self._files for path in paths):
                return
            self._last_change = time.monotonic()
        self._saved.set()

    def _load_saves(self) -> None:
        """On the watch's thread: load each save once the files have been quiet."""
        while not self._stopping.is_set():
            self._saved.wait()
            if self._stopping.is_set():
                return
            while True:
                with self._lock:
                    quiet_for = time.monotonic() - self._last_change
                if quiet_for >= self._quiet:
                    break
                time.sleep(self._quiet - quiet_for)
            self._saved.clear()
            result = self._reload()
            with self._lock:
                self._result = result

    def _reload(self) -> Reload:
        try:
            loaded = self._load(self._scenario_path)
        except SimulatorError as error:
            log.info("watched scenario does not load: %s", error)
            return ReloadFailed(error)
        with self._lock:
            self._files = {self._scenario_path, loaded.scene_path.resolve()}
        self._watch_folders()
        log.info("watched scenario loaded again: %s", loaded.path)
        return Reloaded(loaded)


class _Saves(FileSystemEventHandler):
    """Hands the paths of every created, changed or moved-in file to ``changed``."""

    def __init__(self, changed: Callable[[list[Path]], None]) -> None:
        self._changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write", "deleted"):
            return
        paths = [Path(str(event.src_path)).resolve()]
        if getattr(event, "dest_path", ""):
            paths.append(Path(str(event.dest_path)).resolve())
        self._changed(paths)
