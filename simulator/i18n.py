"""Interface text: the simulator's own wording (menus, labels, messages, the debriefs' words), in
every language a translator has given it (pure core).

The texts live in translators' files, not in Python: ``simulator/locale/interface.pot`` holds
the English source (each text's key is its ``msgctxt``), and ``simulator/locale/<lang>.po``
each other language, in the PO format Poedit and Weblate read. A folder named by
``SIMULATOR_LOCALE`` is searched first, so a new language can be added without touching the
installed package (``simulator i18n export --interface`` and ``import --interface``). A text a
language lacks is shown in English. Scenario text lives in the scenario files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polib

from simulator.errors import SimulatorError
from simulator.settings import Settings

__all__ = [
    "LOCALE_DIR",
    "SOURCE_LANGUAGE",
    "MissingText",
    "element_label",
    "interface_languages",
    "interface_texts",
    "locale_folders",
    "outcome_label",
    "ui",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
"""The interface texts that ship with the package."""
SOURCE_LANGUAGE = "en"
"""The language of ``interface.pot``: every key has its text in it."""
TEMPLATE = "interface.pot"


class MissingText(SimulatorError):
    """No interface text has this key (a record from a newer version, say); carries the key."""

    def __init__(self, key: str, language: str) -> None:
        super().__init__(f"no interface text {key!r} in this version (language {language})")
        self.key = key
        self.language = language


def locale_folders() -> tuple[Path, ...]:
    """Where interface translations are looked for, first match first: ``SIMULATOR_LOCALE``,
    then the package's own."""
    extra = Settings.from_environment().locale
    return (extra, LOCALE_DIR) if extra is not None else (LOCALE_DIR,)


def interface_languages() -> tuple[str, ...]:
    """English and every language with a ``<lang>.po`` file, in order of their codes."""
    found = {path.stem for folder in locale_folders() for path in folder.glob("*.po")}
    return tuple(sorted(found | {SOURCE_LANGUAGE}))


def ui(key: str, language: str, **values: object) -> str:
    """The interface text ``key`` in ``language`` (English when missing), formatted with values.

    Raises MissingText for a key no language has.
    """
    source = interface_texts(SOURCE_LANGUAGE)
    if key not in source:
        raise MissingText(key, language)
    text = interface_texts(language).get(key) or source[key]
    return text.format(**values)


def outcome_label(outcome: str, language: str) -> str:
    """How an ending's outcome reads (``safe_reported`` is "Safe and reported"); the outcome
    itself when this version does not know it."""
    return _label("outcome", outcome, language)


def element_label(element: str, language: str) -> str:
    """How a response element reads (``norm`` is "hold the norm"); the element itself when
    this version does not know it."""
    return _label("element", element, language)


def _label(kind: str, name: str, language: str) -> str:
    key = f"{kind}:{name}"
    return ui(key, language) if key in interface_texts(SOURCE_LANGUAGE) else name


@cache
def interface_texts(language: str) -> dict[str, str]:
    """Every interface text of ``language`` by key: the template's English source, or the
    translated entries (not fuzzy, not empty) of the first ``<lang>.po`` found; empty for a
    language no file has."""
    for folder in locale_folders():
        path = folder / (TEMPLATE if language == SOURCE_LANGUAGE else f"{language}.po")
        if path.is_file():
            catalogue = polib.pofile(str(path), wrapwidth=0)
            if language == SOURCE_LANGUAGE:
                return {entry.msgctxt: entry.msgid for entry in catalogue if entry.msgctxt}
            return {
                entry.msgctxt: entry.msgstr
                for entry in catalogue
                if entry.msgctxt and entry.msgstr and not entry.fuzzy and not entry.obsolete
            }
    return {}
