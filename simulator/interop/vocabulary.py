"""The words of the simulator's xAPI statements: verbs, activity types, its own IRIs, and the
activities a scenario defines, named in every language it has (pure core).

Standard vocabulary where it has the concept:

- verbs of ADL (``http://adlnet.gov/expapi/verbs/...``), the xAPI Serious Games
  profile (``accessed``) and Tin Can (``skipped``, which that profile uses);
- activity types: the Serious Games profile's ``serious-game`` for a scenario,
  ADL's ``cmi.interaction`` (interactionType ``choice``) for the question a node
  asks, ADL's ``profile`` for the profile named in every statement's category.

Where no standard has the concept, the simulator mints the IRI under its own
**activity base** (``XapiSettings.activity_base``): the activity types
``story-node`` (a moment of a branching scenario) and ``dialogue-line`` (one
line said or narrated), the ids of scenarios, nodes, questions and lines, and
every extension. A training centre sets the base to an IRI it controls
(``SIMULATOR_XAPI_BASE``, or ``activity_base`` in ``lrs.toml``). The default,
``https://simulator.invalid/xapi``, is deliberately not a real address: the
``.invalid`` top-level domain is reserved (RFC 6761) and can never be anyone's,
so ids minted under it can never collide with a namespace someone else owns,
and stay the same on every install that keeps the default (the same scenario
has the same id everywhere, and statements sent before still read back).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.errors import UsageError
from simulator.scenario.model import Line, Scenario, Text
from simulator.settings import Settings

__all__ = [
    "DEFAULT_ACTIVITY_BASE",
    "DEFAULT_HOME_PAGE",
    "SG_PROFILE",
    "STANDARD_TYPES",
    "VERBS",
    "XAPI_VERSION",
    "Activities",
    "XapiSettings",
    "absolute_iri",
]

XAPI_VERSION = "1.0.3"
"""The xAPI version of the statements and of the HTTP API used to send them."""

SG_PROFILE = "https://w3id.org/xapi/seriousgames"
"""The xAPI Serious Games profile, named in every statement's context category."""

DEFAULT_HOME_PAGE = "https://simulator.invalid/"
"""Used when no home page is configured; a training centre sets one for all its stations."""
DEFAULT_ACTIVITY_BASE = "https://simulator.invalid/xapi"
"""The activity base when none is configured (see the module docstring for why this one)."""

_ADL = "http://adlnet.gov/expapi"
VERBS: dict[str, str] = {
    "initialized": f"{_ADL}/verbs/initialized",
    "accessed": f"{SG_PROFILE}/verbs/accessed",
    "experienced": f"{_ADL}/verbs/experienced",
    "answered": f"{_ADL}/verbs/answered",
    "progressed": f"{_ADL}/verbs/progressed",
    "skipped": "http://id.tincanapi.com/verb/skipped",
    "suspended": f"{_ADL}/verbs/suspended",
    "resumed": f"{_ADL}/verbs/resumed",
    "terminated": f"{_ADL}/verbs/terminated",
    "completed": f"{_ADL}/verbs/completed",
}
"""Verb ids by display name (ADL, the Serious Games profile, Tin Can)."""

STANDARD_TYPES: dict[str, str] = {
    "scenario": f"{SG_PROFILE}/activity-types/serious-game",
    "question": f"{_ADL}/activities/cmi.interaction",
    "profile": f"{_ADL}/activities/profile",
}
"""The standard activity types the statements use; the others are minted under the base."""

NAME_LENGTH = 120
"""Activity names longer than this (a node's first line, a line's text) are shortened."""

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`?#]+")
_LANGUAGE_UNKNOWN = "und"
"""The language tag of a name made from an id (RFC 5646: undetermined)."""


def absolute_iri(value: str, where: str) -> str:
    """``value`` when it is an absolute IRI without query or fragment (an http(s) one with a
    host); UsageError naming ``where`` otherwise."""
    parts = urllib.parse.urlsplit(value)
    web = parts.scheme.lower() in ("http", "https")
    if not _SCHEME.fullmatch(value) or (web and not parts.hostname):
        raise UsageError(
            f"{where} is {value!r}; expected an absolute IRI such as "
            "https://training.example.nl/xapi (no spaces, no ? or #)"
        )
    return value


@dataclass(frozen=True, slots=True)
class XapiSettings:
    """Where the statements' IRIs point: the actors' home page and the activity base."""

    home_page: str = DEFAULT_HOME_PAGE
    """The actors' account home page: the install (or training centre) the codes belong to."""
    activity_base: str = DEFAULT_ACTIVITY_BASE
    """The IRI the simulator's own ids are minted under (a trailing / is dropped)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "activity_base", self.activity_base.rstrip("/"))

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        home_page: str | None = None,
        activity_base: str | None = None,
    ) -> XapiSettings:
        """Settings from ``SIMULATOR_XAPI_HOMEPAGE`` and ``SIMULATOR_XAPI_BASE`` when set, else
        from the given values (an LRS config file's), else the defaults. UsageError for a
        value that is not an absolute IRI."""
        settings = Settings.from_environment(environ)
        home = settings.xapi_home_page or home_page or DEFAULT_HOME_PAGE
        base = settings.xapi_base or activity_base or DEFAULT_ACTIVITY_BASE
        return cls(
            absolute_iri(home, "the xAPI home page (SIMULATOR_XAPI_HOMEPAGE, home_page)"),
            absolute_iri(base, "the xAPI activity base (SIMULATOR_XAPI_BASE, activity_base)"),
        )

    def extension(self, name: str) -> str:
        return f"{self.activity_base}/extensions/{name}"

    def activity_type(self, name: str) -> str:
        return f"{self.activity_base}/activity-types/{name}"

    def scenario_iri(self, scenario_id: str) -> str:
        return f"{self.activity_base}/scenarios/{scenario_id}"


class Activities:
    """The activities of one scenario as statement objects: ids under the activity base,
    names (and descriptions) in every language the scenario declares, tagged with its
    language codes. Without the scenario (a record whose file is gone) names are the ids,
    tagged ``und``."""

    def __init__(self, scenario_id: str, scenario: Scenario | None, settings: XapiSettings):
        self._scenario = scenario
        self._settings = settings
        self._id = scenario_id
        self.scenario_iri = settings.scenario_iri(scenario_id)
        self._lines: dict[str, Line] = {}
        if scenario is not None:
            self._lines = {line.id: line for n in scenario.nodes.values() for line in n.lines}

    def scenario(self) -> dict[str, Any]:
        """The scenario: its title, and its description."""
        title = self._scenario.title if self._scenario else None
        definition = {"type": STANDARD_TYPES["scenario"], "name": self._name(title, self._id)}
        if self._scenario is not None:
            definition["description"] = self._map(self._scenario.description)
        return _activity(self.scenario_iri, definition)

    def node(self, node_id: str) -> dict[str, Any]:
        """A node, named by its first line (its ending's summary for an ending)."""
        node = self._scenario.nodes.get(node_id) if self._scenario else None
        definition = {
            "type": self._settings.activity_type("story-node"),
            "name": self._name(node.gist() if node else None, node_id),
        }
        return _activity(f"{self.scenario_iri}/nodes/{node_id}", definition)

    def question(self, node_id: str) -> dict[str, Any]:
        """The question a node asks: a choice interaction listing every choice it may offer."""
        node = self._scenario.nodes.get(node_id) if self._scenario else None
        definition: dict[str, Any] = {
            "type": STANDARD_TYPES["question"],
            "name": self._name(node.gist() if node else None, node_id),
            "interactionType": "choice",
        }
        if node is not None and node.choices:
            definition["choices"] = [
                {"id": choice.id, "description": self._map(choice.text)} for choice in node.choices
            ]
        return _activity(f"{self.scenario_iri}/nodes/{node_id}/question", definition)

    def line(self, line_id: str) -> dict[str, Any]:
        """A line of dialogue: named by its (shortened) text, described by all of it."""
        line = self._lines.get(line_id)
        definition = {
            "type": self._settings.activity_type("dialogue-line"),
            "name": self._name(line.text if line else None, line_id),
        }
        if line is not None:
            definition["description"] = self._map(line.text)
        return _activity(f"{self.scenario_iri}/lines/{line_id}", definition)

    def _name(self, text: Text | None, fallback: str) -> dict[str, str]:
        names = {tag: _shortened(value) for tag, value in self._map(text or {}).items()}
        return names or {_LANGUAGE_UNKNOWN: fallback}

    def _map(self, text: Text) -> dict[str, str]:
        """``text`` in each of the scenario's languages it has, in the scenario's order."""
        languages = self._scenario.languages if self._scenario else tuple(text)
        return {code: " ".join(text[code].split()) for code in languages if text.get(code)}


def _shortened(text: str) -> str:
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1].rstrip() + "…"


def _activity(iri: str, definition: dict[str, Any]) -> dict[str, Any]:
    return {"objectType": "Activity", "id": iri, "definition": definition}
