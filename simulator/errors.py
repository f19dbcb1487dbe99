"""The one exception root of the project and the located problem it reports (pure core)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Problem",
    "ScenarioError",
    "SimulatorError",
    "UsageError",
    "display_path",
    "format_path",
    "shown",
]

_SHOWN_LENGTH = 60


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it lies inside it, as users typed it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a data path the way authors read it: ``nodes.arrival.choices[2].goto``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def shown(value: object) -> str:
    """``repr(value)`` cut to a readable length, so a 100,000-digit number or a 1 MB string
    in a file gives a one-line message: ``'99999...' (5,000 characters)``."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 192:
        # repr() of an int over 4,300 digits raises; log10(2) digits per bit.
        return f"a number of about {round(value.bit_length() * 0.30103):,} digits"
    text = repr(value)
    if len(text) <= _SHOWN_LENGTH:
        return text
    return f"{text[: _SHOWN_LENGTH - 3]}... ({len(text):,} characters)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located so an author can jump to it.

    ``line`` and ``column`` are 1-based; 0 means the position is unknown. ``code``
    names the rule broken (``SIM014``, declared in ``simulator/scenario/diagnostics.py``,
    explained in ``docs/diagnostics/SIM014.md``); "" for problems outside the scenario
    language, such as a play plan's.
    """

    file: Path
    line: int
    column: int
    path: tuple[str | int, ...]
    message: str
    expected: str = ""
    code: str = ""
    warning: bool = False
    """A teaching check's finding: the file works, but teaches less than it could."""

    def __str__(self) -> str:
        where = f"{display_path(self.file)}:{self.line}:{self.column}"
        if self.code:
            where += f" {self.code}"
        if self.path:
            where += f" ({format_path(self.path)})"
        text = f"{where}: {'warning: ' if self.warning else ''}{self.message}"
        return f"{text}; expected {self.expected}" if self.expected else text


class SimulatorError(Exception):
    """Root of every error the simulator reports to a user (the CLI turns it into exit code 2)."""


class UsageError(SimulatorError):
    """The user asked for something that cannot be done as asked (missing file, bad option)."""


class ScenarioError(SimulatorError):
    """A scenario or scene file has problems; carries every one of them, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))
