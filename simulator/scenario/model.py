"""The scenario language as typed, frozen data: what authors write in scenarios/*.yaml (pure core).

Field docstrings are the reference for authors; ``simulator schema`` prints them
as the JSON Schema that editors use to autocomplete and underline mistakes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from simulator.errors import shown
from simulator.scenario.diagnostics import (
    BRANCH_POINT_CONTENT,
    CHOICES_OR_ENDING,
    CUE_TARGET_NOT_ONE,
    EMPTY_NOTE,
    INVALID_VALUE,
    MISSING_FIELD,
    ORDER_WITHOUT_CHOICES,
    OUT_OF_RANGE,
    ROUTE_ORDER,
    TIME_LIMIT_LEVELS,
    TIME_LIMIT_PAIR,
    RuleViolation,
)
from simulator.scenario.expressions import NUMBER_LIMIT

__all__ = [
    "FORMAT_VERSION",
    "INTENSITY_LEVELS",
    "ActorStaging",
    "Channel",
    "Choice",
    "Cue",
    "CueTarget",
    "Element",
    "Ending",
    "EndingNote",
    "ExpressionSource",
    "Goto",
    "LearningObjective",
    "Line",
    "Node",
    "Outcome",
    "Route",
    "Scenario",
    "ShownProp",
    "Staging",
    "Tags",
    "PrintableText",
    "Text",
    "TimeLimit",
    "TraineeStaging",
    "Voice",
    "VoiceSettings",
    "destinations",
    "localized",
]

FORMAT_VERSION = 1
"""The scenario file format this code reads (the ``format`` field)."""
INTENSITY_LEVELS = (1, 2, 3)
"""1 mild, 2 realistic, 3 confronting."""

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64)
]
"""Every id and name in scenario and scene files (nodes, choices, lines, variables, marks,
props, ...): lower-case letters, digits and _, starting with a letter, at most 64 long, so
an id is safe inside a file name, a URL or an xAPI IRI."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (all but tab and line break) and the bidirectional overrides: in a
text they could clear or recolour the trainer's terminal or show words in another order."""


def _printable(text: str) -> str:
    if text.isprintable():  # the common case, in C: every control and override is unprintable
        return text
    found = _CONTROL.search(text)
    if found is None:
        return text
    raise RuleViolation(
        INVALID_VALUE,
        f"the text holds the control character U+{ord(found.group()):04X}; expected "
        "printable text (tabs and line breaks are fine)",
    )


PrintableText = Annotated[str, AfterValidator(_printable)]
Text = dict[str, PrintableText]
"""Text in every language of the scenario, keyed by language code: ``{nl: ..., en: ...}``."""
ExpressionSource = str | bool | int | float


def _within_number_limit(value: bool | int | float) -> bool | int | float:
    if isinstance(value, bool):
        return value
    if (isinstance(value, int) or math.isfinite(value)) and abs(value) <= NUMBER_LIMIT:
        return value
    raise RuleViolation(
        OUT_OF_RANGE,
        f"{shown(value)} is out of range; expected a finite number from "
        f"-{NUMBER_LIMIT:,} to {NUMBER_LIMIT:,}",
    )


InitialValue = Annotated[bool | int | float, AfterValidator(_within_number_limit)]
"""A variable's initial value: true/false, or a finite number within the number limit."""


def localized(text: Text | None, language: str) -> str:
    """``text`` in ``language``, else in the first language it has ("" for no text).

    Validation makes every shipped text complete; the fallback serves records
    whose scenario changed since, and languages a caller asks for by mistake.
    """
    if not text:
        return ""
    return text.get(language) or next(iter(text.values()), "")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Element(StrEnum):
    """The elements of a good response to intimidation (docs/domain.md)."""

    RECOGNISE = "recognise"
    NORM = "norm"
    SAFE_RESPONSE = "safe_response"
    REPORT = "report"
    ORGANISE = "organise"
    TOGETHER = "together"
    AFTERCARE = "aftercare"


class Outcome(StrEnum):
    """How an ending is judged, from best to worst; debriefs and graphs group endings by it."""

    SAFE_REPORTED = "safe_reported"
    SAFE_UNREPORTED = "safe_unreported"
    UNSAFE = "unsafe"
    DRAWN_IN = "drawn_in"


class Tags(_Model):
    """Which good-response elements a choice or ending shows, and which it misses."""

    shows: tuple[Element, ...] = ()
    """Elements this choice or ending demonstrates."""
    misses: tuple[Element, ...] = ()
    """Elements this choice or ending fails to demonstrate, to be taught in the debrief."""


class TraineeStaging(_Model):
    """Where the trainee's viewpoint is."""

    mark: str
    """A mark of the scene; the trainee's eyes are placed there at eye height."""


class ActorStaging(_Model):
    """Where one actor stands and what they do while the node plays."""

    mark: str
    """A mark of the scene; the actor walks there when it changes."""
    animation: str = "idle"
    """A looping animation the scene offers (idle, arms_crossed, lean_in, ...)."""
    look_at: str | None = "trainee"
    """'trainee', another actor's id, a mark, or null to look straight ahead."""
    when: ExpressionSource | None = None
    """Condition under which the actor is on stage (e.g. 'colleague_present'); always when
    absent. Checked on entering the node, so one staging serves both versions of a moment."""
    holds: str | None = None
    """A prop of the scene the actor holds in the right hand while the node plays: a small
    kind (business_card, envelope, gift_box, phone, photo). It shows even when the scene hides
    it, and is back at its own place (or hidden again) in a node where no one holds it."""


class ShownProp(_Model):
    """A hidden prop shown only while a condition holds."""

    prop: str
    """A prop of the scene."""
    when: ExpressionSource
    """Condition under which the prop is shown, checked on entering the node."""


class Staging(_Model):
    """The complete state of the stage during a node (absolute, never a change to the last one).

    Actors not listed are off stage; hidden props not listed under ``show`` are not shown.
    Actors and props with a ``when`` are on stage only while it holds.
    """

    trainee: TraineeStaging
    actors: dict[Identifier, ActorStaging] = Field(default_factory=dict)
    show: tuple[str | ShownProp, ...] = ()
    """Props the scene marks as hidden that appear during this node: a prop's name, or
    ``{prop: NAME, when: CONDITION}``."""

    def shown_props(self) -> tuple[str, ...]:
        """Every prop this staging may show, whatever the conditions."""
        return tuple(item if isinstance(item, str) else item.prop for item in self.show)


class Line(_Model):
    """One line of dialogue or narration."""

    id: Identifier
    """Stable id, unique in the scenario; records and translations refer to it."""
    speaker: str
    """'narrator', or an actor named in the scenario's cast."""
    text: Text
    when: ExpressionSource | None = None
    """Condition under which the line is shown (e.g. 'intensity >= 3'); always when absent."""
    gesture: str | None = None
    """A one-off animation the speaker plays with this line (e.g. point)."""


class Route(_Model):
    """One way a ``goto`` can lead: to ``node`` when ``when`` holds."""

    when: ExpressionSource | None = None
    """Condition for this route; the last route has none and is taken when no other holds."""
    node: str
    """The node this route leads to."""


def _routes_in_order(routes: tuple[Route, ...]) -> tuple[Route, ...]:
    for index, route in enumerate(routes[:-1]):
        if route.when is None:
            raise RuleViolation(
                ROUTE_ORDER,
                f"route {index + 1} of {len(routes)} has no when, so the routes after it are "
                "never taken; expected a when on every route but the last",
            )
    if routes[-1].when is not None:
        raise RuleViolation(
            ROUTE_ORDER,
            "the last route has a when, so no node is reached when none holds; expected a "
            "last route without when (where to go otherwise)",
        )
    return routes


Goto = Annotated[
    Annotated[str, Tag("node")]
    | Annotated[
        tuple[Route, ...], Field(min_length=1), AfterValidator(_routes_in_order), Tag("routes")
    ],
    Discriminator(lambda value: "node" if isinstance(value, str) else "routes"),
]
"""Where a step leads: a node id, or routes tried in order (``[{when: C, node: A}, {node: B}]``)
whose conditions are checked after the step's effects."""


def destinations(goto: str | tuple[Route, ...]) -> tuple[str, ...]:
    """Every node ``goto`` can lead to, in the order written."""
    return (goto,) if isinstance(goto, str) else tuple(route.node for route in goto)


class Choice(_Model):
    """One answer the trainee can give at a node."""

    id: Identifier
    """Stable id, unique in the scenario; the record stores it."""
    text: Text
    goto: Goto
    """The node this choice leads to, or routes by condition (the first route whose condition
    holds after the choice's effects): ``[{when: C, node: A}, {node: B}]``."""
    when: ExpressionSource | None = None
    """Condition under which the choice is offered; always when absent."""
    effects: dict[Identifier, ExpressionSource] = Field(default_factory=dict)
    """Variables set when chosen: ``{told_someone: true, pressure: pressure + 1}``."""
    feedback: Text
    """Shown in the debrief: why this answer helps or hurts."""
    tags: Tags = Tags()
    recommended: bool = False
    """Marks the choice trainers present as the best answer at this point."""


class EndingNote(_Model):
    """A part of an ending that depends on the path: what the trainee did or missed on the way."""

    when: ExpressionSource
    """Condition under which the note applies, checked on arrival (e.g. 'not noted_plate')."""
    summary: Text | None = None
    """Added to the ending's summary."""
    feedback: Text | None = None
    """Added to the ending's feedback."""
    tags: Tags = Tags()
    """The elements the note speaks about (the teaching checks count them)."""

    @model_validator(mode="after")
    def _says_something(self) -> EndingNote:
        if self.summary is None and self.feedback is None:
            raise RuleViolation(
                EMPTY_NOTE, "the note has neither summary nor feedback; expected one or both"
            )
        return self


class Ending(_Model):
    """How a path through the scenario ends."""

    id: Identifier
    """Stable id, unique among the scenario's endings."""
    outcome: Outcome
    summary: Text
    """What happened, shown to the trainee at the end."""
    feedback: Text
    """What to take away, shown at the end and in the debrief."""
    tags: Tags = Tags()
    notes: tuple[EndingNote, ...] = ()
    """What varies with the path: each note whose condition holds on arrival is added to the
    summary or the feedback."""

    def as_reached(self, notes: Iterable[EndingNote]) -> Ending:
        """This ending as a trainee reached it: the notes that applied (in the order written)
        added to its summary and feedback, each language on its own."""
        notes = tuple(notes)
        if not notes:
            return self
        return self.model_copy(
            update={
                "summary": _joined(self.summary, [n.summary for n in notes if n.summary]),
                "feedback": _joined(self.feedback, [n.feedback for n in notes if n.feedback]),
            }
        )


def _joined(text: Text, additions: list[Text]) -> Text:
    return {
        language: " ".join([words, *(added.get(language, "") for added in additions)]).strip()
        for language, words in text.items()
    }


Seconds = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=600)]
"""A time limit in seconds: more than 0, at most 10 minutes."""


def _every_level(limits: dict[int, float]) -> dict[int, float]:
    if sorted(limits) != list(INTENSITY_LEVELS):
        levels = ", ".join(str(level) for level in sorted(limits)) or "none"
        raise RuleViolation(
            TIME_LIMIT_LEVELS,
            f"the time limit gives levels {levels}; expected seconds for each of the levels "
            f"{', '.join(str(level) for level in INTENSITY_LEVELS)}",
        )
    return limits


TimeLimit = Annotated[
    Annotated[Seconds, Tag("seconds")]
    | Annotated[dict[int, Seconds], AfterValidator(_every_level), Tag("levels")],
    Discriminator(lambda value: "levels" if isinstance(value, dict) else "seconds"),
]
"""Seconds to choose: one number, or one per intensity level (``{1: 30, 2: 20, 3: 12}``)."""


class Node(_Model):
    """A moment in the scenario: the stage, what is said, then choices or an ending."""

    staging: (
        Annotated[
            Annotated[str, Tag("name")] | Annotated[Staging, Tag("inline")],
            Discriminator(lambda value: "name" if isinstance(value, str) else "inline"),
        ]
        | None
    ) = None
    """The stage during this node: inline, or the name of an entry in ``stagings`` (required
    for every node but a branch point, which shows nothing)."""
    lines: tuple[Line, ...] = ()
    choices: tuple[Choice, ...] = ()
    order: Literal["shuffled", "fixed"] = "shuffled"
    """How the choices are shown: in an order shuffled per session (seeded, so a replay shows
    the same), or ``fixed`` in the order written, where the order carries meaning."""
    time_limit: TimeLimit | None = None
    """Seconds the trainee has to choose, one number or one per intensity level
    (``{1: 30, 2: 20, 3: 12}``); then ``timeout_choice`` applies."""
    timeout_choice: str | None = None
    """Id of the choice applied when the time limit runs out."""
    discuss: tuple[Text, ...] = ()
    """Questions a trainer can put to the group at this decision (the facilitator's guide
    prints them beside the options)."""
    ending: Ending | None = None
    goto: Goto | None = None
    """A branch point instead of choices or an ending: the node passes on at once to where
    ``goto`` leads (a node id, or routes by condition), showing nothing."""

    @property
    def is_branch_point(self) -> bool:
        return self.goto is not None

    def time_limit_at(self, intensity: int) -> float | None:
        """The seconds to choose at ``intensity``; None for a node without a time limit."""
        if isinstance(self.time_limit, dict):
            return self.time_limit[intensity]
        return self.time_limit

    def gist(self) -> Text:
        """What the node is about, in every language: its first line, else its ending's summary
        (empty for a node with neither); graphs and xAPI activity names show it."""
        if self.lines:
            return self.lines[0].text
        return self.ending.summary if self.ending is not None else {}

    @model_validator(mode="after")
    def _choices_or_ending(self) -> Node:
        written = [
            name
            for name, present in (
                ("choices", bool(self.choices)),
                ("an ending", self.ending is not None),
                ("a goto", self.goto is not None),
            )
            if present
        ]
        if len(written) != 1:
            has = " and ".join(written) if written else "neither choices nor an ending"
            raise RuleViolation(
                CHOICES_OR_ENDING,
                f"the node has {'both ' if len(written) == 2 else ''}{has}; expected one of "
                "choices, an ending or a goto",
            )
        if self.goto is None and self.staging is None:
            raise RuleViolation(
                MISSING_FIELD,
                "the node has no staging; expected a staging (the name of one in stagings, or "
                "the stage written inline)",
            )
        if self.goto is not None and (self.lines or self.discuss or self.time_limit is not None):
            raise RuleViolation(
                BRANCH_POINT_CONTENT,
                "the node has a goto and also lines, questions or a time limit, which a branch "
                "point never shows; expected a goto alone (move them to the node it leads to)",
            )
        if self.order == "fixed" and not self.choices:
            raise RuleViolation(
                ORDER_WITHOUT_CHOICES,
                "the node fixes the order of its choices but has none; expected choices, or no "
                "order field",
            )
        if (self.time_limit is None) != (self.timeout_choice is None):
            raise RuleViolation(
                TIME_LIMIT_PAIR,
                "time_limit and timeout_choice go together; expected both or neither",
            )
        return self


class CueTarget(_Model):
    """Exactly one thing in the scene the trainee can look at."""

    actor: str | None = None
    prop: str | None = None
    mark: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> CueTarget:
        if sum(value is not None for value in (self.actor, self.prop, self.mark)) != 1:
            raise RuleViolation(
                CUE_TARGET_NOT_ONE,
                "a cue target names several things or none; expected one of actor, prop or mark",
            )
        return self


class Cue(_Model):
    """Something the trainee should notice; the 3D modes record whether they looked at it."""

    id: Identifier
    target: CueTarget
    nodes: tuple[str, ...] = Field(min_length=1)
    """The nodes during which noticing it matters."""
    description: Text
    """What there is to notice and why it matters, for the debrief."""


class Channel(StrEnum):
    """How a voice that is not on stage reaches the trainee; its audio is treated to match."""

    PHONE = "phone"
    DOOR = "door"
    RADIO = "radio"


class VoiceSettings(_Model):
    """How the speech generator (espeak-ng) speaks for one person; what is left out is chosen
    from the cast (a lower voice for each man, a higher one for each woman, in cast order)."""

    variant: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")] | None = None
    """An espeak-ng voice variant: ``m1`` to ``m8``, ``f1`` to ``f5``, or a named one such as
    ``edward``, ``klatt3`` or ``whisper``."""
    pitch: Annotated[int, Field(ge=0, le=99)] | None = None
    """0-99; espeak-ng's default is 50. Men of the cast speak at 24-38, women at 64-78."""
    speed: Annotated[int, Field(ge=80, le=450)] | None = None
    """Words per minute; espeak-ng's default is 175."""


class Voice(_Model):
    """Someone heard but not seen: a caller on the phone, a voice behind a door, a radio."""

    name: Text
    """Who speaks, as the subtitles show it: ``{nl: "Ron (telefoon)", en: "Ron (phone)"}``."""
    channel: Channel
    """phone, door or radio."""
    of: str | None = None
    """The actor of the cast whose voice this is, if any (the same voice, heard this way)."""
    at: str | None = None
    """A mark or prop of the scene the sound comes from (a phone on the counter, the door);
    the trainee's own phone when absent."""
    voice: VoiceSettings | None = None
    """How it speaks: its own voice, or with ``of`` changes to that actor's voice (the same man,
    slower on the phone)."""


class LearningObjective(_Model):
    """What the trainee should take from the scenario, and the response elements that teach it
    (the teaching checks look for a choice or an ending that shows each one)."""

    text: Text
    elements: tuple[Element, ...] = Field(min_length=1)


def _objective_form(value: object) -> str:
    """Which form an objective is written in: with its elements, or as plain text."""
    if isinstance(value, LearningObjective) or (
        isinstance(value, dict) and ("text" in value or "elements" in value)
    ):
        return "with_elements"
    return "text"


Objective = Annotated[
    Annotated[Text, Tag("text")] | Annotated[LearningObjective, Tag("with_elements")],
    Discriminator(_objective_form),
]
"""A learning objective: plain text, or ``{text: ..., elements: [...]}``."""


class Scenario(_Model):
    """One branching scenario, as written in ``scenarios/<id>.yaml``."""

    format: Literal[1]
    """Version of the scenario file format (this code reads format 1)."""
    id: Identifier
    version: str
    """The content's own version, raised by the author on every change."""
    title: Text
    description: Text
    scene: Identifier
    """The location it plays in: ``scenes/<scene>.yaml``."""
    languages: tuple[str, ...] = ("nl", "en")
    """Every text is required in each of these languages."""
    content_warning: Text
    audience: Text
    """Who the scenario is for (role, experience)."""
    role: Text | None = None
    """The part the trainee plays, in a few words (``senior permit officer``); listed by
    ``simulator scenarios``."""
    learning_objectives: tuple[Objective, ...] = Field(min_length=1)
    """Each as text, or as ``{text: ..., elements: [...]}`` naming the elements that teach it."""
    cool_down: Text | None = None
    """The scenario's own cool-down: shown after every session in every mode, to help the
    trainee step out of the scene (what happened was an exercise, whom to talk to)."""
    cast: dict[Identifier, Text] = Field(default_factory=dict)
    """Display names of the scene's actors who speak, by actor id."""
    voices: dict[Identifier, Voice] = Field(default_factory=dict)
    """Voices that are not on stage, by id; a line's speaker may be one of them."""
    variables: dict[Identifier, InitialValue] = Field(default_factory=dict)
    """Variables and their initial values; ``intensity`` (1-3) is built in and read-only."""
    start: str
    """Id of the first node."""
    stagings: dict[Identifier, Staging] = Field(default_factory=dict)
    """Named stage states that nodes refer to by name."""
    cues: tuple[Cue, ...] = ()
    nodes: dict[Identifier, Node] = Field(min_length=1)

    def speaker_name(self, speaker: str, language: str) -> str:
        """How subtitles name a line's speaker: the cast name or the voice's name ("" for the
        narrator or a speaker the scenario no longer has)."""
        if speaker in self.voices:
            return localized(self.voices[speaker].name, language)
        return localized(self.cast.get(speaker), language)

    def staging_of(self, node_id: str) -> Staging:
        """The absolute staging of a node as written, whatever its conditions; KeyError for a
        branch point, which has none (``resolution.staging_in_play`` gives the stage in play)."""
        staging = self.nodes[node_id].staging
        if staging is None:
            raise KeyError(f"node {node_id!r} is a branch point and has no staging")
        return self.stagings[staging] if isinstance(staging, str) else staging
