"""Every rule a scenario or scene file must follow, each with a stable code (pure core).

This is the one place codes are declared. The checks in this package report a
problem with one of these descriptors; ``Problem.code`` carries its code, and
``docs/diagnostics/<code>.md`` explains it to authors with a wrong and a right
example. A code is never reused for another rule: retire it instead.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ASSET_ABSOLUTE",
    "ASSET_LEAVES_ASSETS",
    "ASSET_MISSING",
    "BRANCH_POINT_CONTENT",
    "BRANCH_POINT_LOOP",
    "CHOICES_OR_ENDING",
    "CONDITION_NOT_BOOLEAN",
    "CUE_TARGET_NOT_ONE",
    "DESCRIPTORS",
    "DUPLICATE_ID",
    "DUPLICATE_KEY",
    "EFFECT_TYPE",
    "ELEMENT_NEVER_CHOSEN",
    "EMPTY_NOTE",
    "ENDING_SILENT_ON_MISS",
    "EXPRESSION_SYNTAX",
    "EXPRESSION_TYPES",
    "FORMAT_TOO_NEW",
    "INTENSITY_DECLARED",
    "INTENSITY_READ_ONLY",
    "INVALID_ID",
    "INVALID_VALUE",
    "MISSING_FIELD",
    "MISSING_TRANSLATION",
    "NARRATOR_QUOTES",
    "NEVER_OFFERED",
    "NOT_A_MAPPING",
    "NOT_A_MODEL",
    "NOT_UTF8",
    "NO_CHOICE_OFFERED",
    "NO_COOL_DOWN",
    "NO_WAY_TO_AN_ENDING",
    "NUMBER_AT_LIMIT",
    "OBJECTIVE_UNTAUGHT",
    "OBJECTIVE_WITHOUT_ELEMENTS",
    "ORDER_WITHOUT_CHOICES",
    "ORPHANED_VOICE_FILE",
    "NOT_HOLDABLE",
    "OUT_OF_RANGE",
    "PROP_HELD_TWICE",
    "PROP_KIND_OR_MODEL",
    "RECOMMENDED_LONGEST",
    "RECORDING_MISSING",
    "RECOMMENDED_POSITION",
    "ROUTE_ORDER",
    "SCENE_NOT_FOUND",
    "SINGLE_CHOICE",
    "SPEAKER_OFF_STAGE",
    "TIMEOUT_CHOICE_NOT_OFFERED",
    "TIME_LIMIT_LEVELS",
    "TIME_LIMIT_PAIR",
    "TOO_MANY_STATES",
    "TRAP_CYCLE",
    "UNDEFINED_VARIABLE",
    "UNKNOWN_ACTOR",
    "UNKNOWN_ANIMATION",
    "UNKNOWN_FIELD",
    "UNKNOWN_HELD_PROP",
    "UNKNOWN_LANGUAGE",
    "UNKNOWN_LOOK_AT",
    "UNKNOWN_MARK",
    "UNKNOWN_NODE",
    "UNKNOWN_PROP",
    "UNKNOWN_PROP_KIND",
    "UNKNOWN_SPEAKER",
    "UNKNOWN_STAGING",
    "UNKNOWN_START",
    "UNKNOWN_TIMEOUT_CHOICE",
    "UNKNOWN_VOICE_PLACE",
    "UNREACHABLE_NODE",
    "UNSAFE_TAG",
    "VALUE_NOT_ALLOWED",
    "VOICE_NAMED_AS_ACTOR",
    "WRONG_TYPE",
    "YAML_SYNTAX",
    "Descriptor",
    "Finding",
    "RuleViolation",
    "by_code",
]


@dataclass(frozen=True)
class Descriptor:
    """One rule: its stable code, a short title, and the rule in one or two sentences."""

    code: str
    """``SIM`` and three digits; printed with every problem and names the page that explains it."""
    title: str
    """A few words, for the index of docs/diagnostics/."""
    rule: str
    """What a sound file does, stated as the rule an author follows."""
    warning: bool = False
    """A warning: the file still loads and plays. The teaching checks are reported by
    ``simulator test`` and ``validate --teaching``, the voice files by ``validate``."""


Finding = tuple[Descriptor, tuple[str | int, ...], str, str]
"""A problem not yet located in its file: (rule, data path, problem, expected)."""


class RuleViolation(ValueError):
    """A model validator's error that names its rule, so the loader can report its code.

    The message keeps the house form ``problem; expected ...``.
    """

    def __init__(self, descriptor: Descriptor, message: str) -> None:
        super().__init__(message)
        self.descriptor = descriptor


# Reading the file
NOT_UTF8 = Descriptor("SIM001", "not UTF-8 text", "A scenario or scene file is UTF-8 text.")
YAML_SYNTAX = Descriptor(
    "SIM002", "YAML syntax error", "A scenario or scene file is one valid YAML document."
)
UNSAFE_TAG = Descriptor(
    "SIM003",
    "tag not allowed",
    "Files hold plain values only: YAML tags such as !!python/object are refused.",
)
DUPLICATE_KEY = Descriptor(
    "SIM004",
    "duplicate key",
    "Each key appears once in its mapping (node ids, staging names, variables, fields).",
)
NOT_A_MAPPING = Descriptor(
    "SIM005", "file is not a mapping", "The file's top level is key: value lines."
)
FORMAT_TOO_NEW = Descriptor(
    "SIM006",
    "format newer than the simulator",
    "The file's format is one this simulator reads.",
)

# Fields and their values
MISSING_FIELD = Descriptor("SIM007", "missing field", "Every required field is written.")
UNKNOWN_FIELD = Descriptor(
    "SIM008", "unknown field", "Only the fields the format defines are written (no typos)."
)
WRONG_TYPE = Descriptor(
    "SIM009",
    "wrong type",
    "Each value has the type its field needs: text, a number, true/false, a list or a mapping.",
)
VALUE_NOT_ALLOWED = Descriptor(
    "SIM010",
    "value not allowed",
    "A field with a fixed set of values (outcome, body, time_of_day, ...) holds one of them.",
)
INVALID_ID = Descriptor(
    "SIM011",
    "invalid id",
    "Ids are lower-case letters, digits and _, starting with a letter.",
)
OUT_OF_RANGE = Descriptor(
    "SIM012",
    "value out of range",
    "Numbers stay within their field's limits, and lists that need items have them.",
)
INVALID_VALUE = Descriptor(
    "SIM013",
    "invalid value",
    "A value meets every other constraint of its field (such as an id's maximum length).",
)
CHOICES_OR_ENDING = Descriptor(
    "SIM014",
    "choices or an ending",
    "A node has exactly one of choices, an ending or a goto (a branch point).",
)
TIME_LIMIT_PAIR = Descriptor(
    "SIM015",
    "time limit without timeout choice",
    "A node's time_limit and timeout_choice are written together or not at all.",
)
CUE_TARGET_NOT_ONE = Descriptor(
    "SIM016", "cue target not one thing", "A cue's target names exactly one actor, prop or mark."
)

# The scene
SCENE_NOT_FOUND = Descriptor(
    "SIM017", "scene not found", "The scenario's scene names a file in scenes/."
)
PROP_KIND_OR_MODEL = Descriptor(
    "SIM018", "prop needs a kind or a model", "Each prop has exactly one of kind or model."
)
UNKNOWN_PROP_KIND = Descriptor(
    "SIM019", "unknown prop kind", "A prop's kind is one the simulator can build."
)
ASSET_ABSOLUTE = Descriptor(
    "SIM020", "absolute asset path", "Asset paths are relative to the project's assets/ folder."
)
ASSET_LEAVES_ASSETS = Descriptor(
    "SIM021", "asset path leaves assets/", "Asset paths stay inside assets/ (no ..)."
)
ASSET_MISSING = Descriptor("SIM022", "asset missing", "Every asset path names a file that exists.")
NOT_A_MODEL = Descriptor(
    "SIM050",
    "not a model file",
    "A prop's model is a whole .bam, .egg, .gltf or .glb file.",
)

# Ids and texts
DUPLICATE_ID = Descriptor(
    "SIM023",
    "duplicate id",
    "Line and choice ids together, ending ids and cue ids are each unique in the scenario.",
)
MISSING_TRANSLATION = Descriptor(
    "SIM024", "missing translation", "Every text is written in every language of the scenario."
)
UNKNOWN_LANGUAGE = Descriptor(
    "SIM025",
    "unknown language",
    "Texts use only the languages the scenario declares.",
)

# References
UNKNOWN_START = Descriptor("SIM026", "unknown start node", "start names a node of the scenario.")
UNKNOWN_NODE = Descriptor(
    "SIM027", "unknown node", "A choice's goto and a cue's nodes name nodes of the scenario."
)
UNKNOWN_TIMEOUT_CHOICE = Descriptor(
    "SIM028", "unknown timeout choice", "timeout_choice names one of the node's own choices."
)
UNKNOWN_STAGING = Descriptor(
    "SIM029", "unknown staging", "A node's staging by name names an entry of stagings."
)
UNKNOWN_ACTOR = Descriptor(
    "SIM030", "unknown actor", "Cast, stagings and cues name actors the scene has."
)
UNKNOWN_MARK = Descriptor(
    "SIM031", "unknown mark", "Stagings, cues and scene actors stand on marks the scene has."
)
UNKNOWN_ANIMATION = Descriptor(
    "SIM032", "unknown animation", "Stagings and gestures use animations the scene offers."
)
UNKNOWN_PROP = Descriptor(
    "SIM033", "unknown prop", "Stagings (show) and cues name props the scene has."
)
UNKNOWN_SPEAKER = Descriptor(
    "SIM034", "unknown speaker", "A line's speaker is 'narrator' or an actor in the cast."
)
SPEAKER_OFF_STAGE = Descriptor(
    "SIM035",
    "speaker not on stage",
    "An actor who speaks in a node stands on stage in that node's staging.",
)
UNKNOWN_LOOK_AT = Descriptor(
    "SIM036",
    "unknown look_at target",
    "An actor looks at 'trainee', another actor or a mark of the scene.",
)

# The branch graph
UNREACHABLE_NODE = Descriptor(
    "SIM037", "unreachable node", "Every node can be reached by choices from the start node."
)
TRAP_CYCLE = Descriptor(
    "SIM038", "cycle with no way out", "Every loop of nodes has a choice that leads out of it."
)
NO_WAY_TO_AN_ENDING = Descriptor(
    "SIM039", "no way to an ending", "From every reachable node, some path leads to an ending."
)

# Conditions and effects
INTENSITY_DECLARED = Descriptor(
    "SIM040",
    "intensity declared",
    "intensity is built in; the scenario does not declare it under variables.",
)
EXPRESSION_SYNTAX = Descriptor(
    "SIM041",
    "expression syntax error",
    "Conditions and effects are written in the expression language "
    "(names, numbers, true/false, and/or/not, comparisons, + - * / and brackets).",
)
EXPRESSION_TYPES = Descriptor(
    "SIM042",
    "expression type mismatch",
    "Operators get the types they work on: numbers for + - * / < >, true/false for and/or/not,"
    " and two values of one type for == and !=.",
)
UNDEFINED_VARIABLE = Descriptor(
    "SIM043",
    "undefined variable",
    "Conditions and effects use only the scenario's declared variables and intensity.",
)
CONDITION_NOT_BOOLEAN = Descriptor(
    "SIM044", "condition is not true/false", "A when condition is a true/false test."
)
INTENSITY_READ_ONLY = Descriptor("SIM045", "intensity is read-only", "Effects never set intensity.")
EFFECT_TYPE = Descriptor(
    "SIM046",
    "effect of the wrong type",
    "An effect gives a variable a value of the type it was declared with.",
)

# What play can reach (state exploration)
NEVER_OFFERED = Descriptor(
    "SIM047",
    "choice never offered",
    "Each choice's condition is true in some state that play can reach.",
)
TIMEOUT_CHOICE_NOT_OFFERED = Descriptor(
    "SIM048",
    "timeout choice not offered",
    "The timeout choice is offered in every state in which its node can be reached.",
)
NO_CHOICE_OFFERED = Descriptor(
    "SIM049",
    "no choice offered",
    "A node offers at least one choice in every state in which it can be reached.",
)
TOO_MANY_STATES = Descriptor(
    "SIM051",
    "too many states to check",
    "Each variable takes at most 10,000 values in play, and play reaches at most 500,000 "
    "states, so every path can be checked.",
)
NUMBER_AT_LIMIT = Descriptor(
    "SIM052",
    "number at its limit",
    "No effect takes a number to ±1,000,000,000, the limit where arithmetic is held.",
)

ROUTE_ORDER = Descriptor(
    "SIM053",
    "routes out of order",
    "In a goto's routes every route but the last has a when; the last has none.",
)
BRANCH_POINT_CONTENT = Descriptor(
    "SIM054",
    "branch point with content",
    "A node with a goto (a branch point) has no lines, no questions and no time limit.",
)
EMPTY_NOTE = Descriptor(
    "SIM055", "empty ending note", "An ending's note adds a summary, a feedback or both."
)
BRANCH_POINT_LOOP = Descriptor(
    "SIM056",
    "branch points in a loop",
    "Branch points never lead back to themselves without a choice in between.",
)

# Timers, voices and the order of choices
TIME_LIMIT_LEVELS = Descriptor(
    "SIM060",
    "time limit without every level",
    "A time limit given per intensity level gives seconds for each of the levels 1, 2 and 3.",
)
UNKNOWN_VOICE_PLACE = Descriptor(
    "SIM065",
    "voice from an unknown place",
    "A voice's at names a mark or a prop of the scene.",
)
VOICE_NAMED_AS_ACTOR = Descriptor(
    "SIM066",
    "voice named like an actor",
    "A voice's id is not also an actor's id in the cast, so a line's speaker names one of them.",
)

# Props in the hand
UNKNOWN_HELD_PROP = Descriptor(
    "SIM067", "unknown held prop", "An actor's holds names a prop the scene has."
)
NOT_HOLDABLE = Descriptor(
    "SIM068",
    "prop cannot be held",
    "An actor holds only a prop a hand can hold: a small kind such as a business card, a "
    "phone or an envelope.",
)
PROP_HELD_TWICE = Descriptor(
    "SIM069",
    "prop held by two actors",
    "No two actors on stage hold the same prop at once, in any state that play can reach.",
)

ORDER_WITHOUT_CHOICES = Descriptor(
    "SIM070",
    "order on a node without choices",
    "A node that fixes the order of its choices has choices to order.",
)

# Teaching checks: warnings about what a scenario teaches (simulator/scenario/teaching.py)
RECOMMENDED_POSITION = Descriptor(
    "SIM080",
    "recommended option in one place",
    "Decisions shown in a fixed order do not put the recommended option at the same position "
    "in most of them.",
    warning=True,
)
RECOMMENDED_LONGEST = Descriptor(
    "SIM081",
    "recommended option the longest",
    "The recommended option is not clearly the longest in most decisions, so its length does "
    "not give the answer away.",
    warning=True,
)
OBJECTIVE_UNTAUGHT = Descriptor(
    "SIM082",
    "objective nothing teaches",
    "Each element a learning objective names is shown by a choice or an ending.",
    warning=True,
)
OBJECTIVE_WITHOUT_ELEMENTS = Descriptor(
    "SIM083",
    "objective without elements",
    "Each learning objective names the response elements that teach it.",
    warning=True,
)
ELEMENT_NEVER_CHOSEN = Descriptor(
    "SIM084",
    "element never chosen",
    "Each of the seven response elements is shown by at least one choice, so the trainee is "
    "asked to choose it.",
    warning=True,
)
SINGLE_CHOICE = Descriptor(
    "SIM085",
    "decision with one choice",
    "A node that asks the trainee to decide offers at least two choices in every state.",
    warning=True,
)
ENDING_SILENT_ON_MISS = Descriptor(
    "SIM086",
    "ending silent on a miss",
    "An ending's feedback (its tags or its notes' tags) speaks about every element a choice on "
    "the way to it missed.",
    warning=True,
)
NARRATOR_QUOTES = Descriptor(
    "SIM087",
    "narrator quotes a character",
    "Words a character says are that character's line (or a voice's), not quoted by the narrator.",
    warning=True,
)
NO_COOL_DOWN = Descriptor(
    "SIM088",
    "no cool-down",
    "A scenario has its own cool_down text, shown after every session.",
    warning=True,
)

# Voice files: warnings about recorded speech (simulator/scenario/voice_files.py)
RECORDING_MISSING = Descriptor(
    "SIM090",
    "line without a recording",
    "Once a language has a voice recording, every line of the scenario has one in that language.",
    warning=True,
)
ORPHANED_VOICE_FILE = Descriptor(
    "SIM091",
    "voice file of no line",
    "Every audio file in the scenario's speech folder is named after a line of the scenario.",
    warning=True,
)

DESCRIPTORS: tuple[Descriptor, ...] = tuple(
    sorted(
        (value for value in globals().values() if isinstance(value, Descriptor)),
        key=lambda descriptor: descriptor.code,
    )
)
"""Every rule, in order of code (tests check that codes are unique and each has a page)."""

_BY_CODE = {descriptor.code: descriptor for descriptor in DESCRIPTORS}


def by_code(code: str) -> Descriptor:
    """The rule with ``code``; raises KeyError for a code no rule has."""
    return _BY_CODE[code]
