"""Twine stories in, scenarios out: a Twee 3 file converted to the scenario format (pure core).

Twee is Twine's text format (https://github.com/iftechfoundation/twine-specs): passages
headed ``:: Name [tags] {metadata}``. Each passage becomes a node: its prose the narrator's
lines, its links (``[[text->target]]``, ``[[target<-text]]``, ``[[text|target]]``,
``[[target]]``, Harlowe's ``(link-goto:)``) its choices, a passage without links an
ending. Variables set on entering a passage (Harlowe ``(set: $x to 1)``, SugarCube
``<<set $x to 1>>``, ``+=`` and ``-=``) become effects of the choices that lead there,
or the initial values when set in the start passage; a tag that names an outcome
(``safe_reported``, ``unsafe``, ...) sets an ending's outcome, and a tag that names a
response element (``report``, ``norm``, ...) is shown by the choices that lead there.

What the scenario format needs and Twee does not say (feedback for each choice, what an
ending teaches, the content warning) is written as a marked text to replace, and listed,
as is everything that could not be mapped (conditions, other macros), with its line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from simulator.scenario.model import Element, Outcome
from simulator.scenario.scene import SceneSpec

__all__ = ["TO_WRITE", "Conversion", "Passage", "convert", "parse_twee"]

TO_WRITE = "TO WRITE: "
"""How a text the story did not provide begins, so an author finds each one."""
_HEADER = re.compile(
    r"^::\s*(?P<name>(?:\\.|[^\\\[{])*?)\s*(?:\[(?P<tags>[^\]]*)\])?\s*(?P<meta>\{.*\})?\s*$"
)
_LINK = re.compile(r"\[\[(?P<body>.+?)\]\]")
_LINK_GOTO = re.compile(
    r"\(link-goto:\s*\"(?P<text>[^\"]+)\"\s*(?:,\s*\"(?P<target>[^\"]+)\")?\s*\)"
)
_SET = re.compile(
    r"\(set:\s*\$(?P<h_name>\w+)\s+to\s+(?P<h_value>[^)]+)\)"
    r"|<<set\s+\$(?P<s_name>\w+)\s*(?P<s_op>to|=|\+=|-=)\s*(?P<s_value>.+?)>>"
)
_MACRO = re.compile(r"\((?P<h>[a-z][\w-]*):[^)]*\)|<<(?P<s>/?[a-z]\w*)[^>]*>>")
_SKIPPED_TAGS = {"script", "stylesheet", "widget"}


@dataclass(frozen=True)
class Passage:
    """One passage of a Twee file, with the line its header is on."""

    name: str
    tags: tuple[str, ...]
    text: str
    """The content, from the line after the header, trailing blank lines left out."""
    line: int
    """The header's line in the file."""

    def line_of(self, offset: int) -> int:
        """The file's line of a character of ``text``."""
        return self.line + 1 + self.text.count("\n", 0, offset)


@dataclass
class Conversion:
    """A converted story: the scenario as data, ready to write as YAML, and what to finish."""

    scenario: dict
    unmapped: list[str] = field(default_factory=list)
    """What the story has that the scenario could not take, each with its Twee line."""
    to_write: list[str] = field(default_factory=list)
    """Where the scenario holds a text to write (beginning with ``TO_WRITE``)."""


def parse_twee(text: str) -> list[Passage]:
    """The passages of a Twee 3 file, in file order; text before the first header is dropped."""
    passages: list[Passage] = []
    header: tuple[str, tuple[str, ...], int] | None = None
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line) if line.startswith("::") else None
        if match is None:
            body.append(line)
            continue
        if header is not None:
            passages.append(Passage(header[0], header[1], "\n".join(body).rstrip(), header[2]))
        name = re.sub(r"\\(.)", r"\1", match["name"]).strip()
        header, body = (name, tuple((match["tags"] or "").split()), number), []
    if header is not None:
        passages.append(Passage(header[0], header[1], "\n".join(body).rstrip(), header[2]))
    return passages


def convert(
    passages: list[Passage], scenario_id: str, scene: SceneSpec, language: str
) -> Conversion:
    """The scenario for a story's passages, played in ``scene`` and written in ``language``."""
    special = {p.name: p for p in passages if p.name in ("StoryTitle", "StoryData")}
    story = [p for p in passages if p.name not in special and not set(p.tags) & _SKIPPED_TAGS]
    result = Conversion({})
    for passage in passages:
        skipped = set(passage.tags) & _SKIPPED_TAGS
        if skipped:
            result.unmapped.append(
                f"line {passage.line}: passage {passage.name!r} ({min(skipped)}) skipped"
            )
            continue
        for tag in passage.tags:
            if tag not in set(Outcome) and tag not in set(Element):
                result.unmapped.append(
                    f"line {passage.line}: tag {tag!r} of {passage.name!r} has no meaning here"
                )
    if not story:
        return result
    ids = _node_ids([p.name for p in story])
    start = _start(special.get("StoryData"), story, result)
    sets = {p.name: _sets(p, result) for p in story}
    variables: dict[str, object] = {}
    for name, value in sets[start].items():
        variables[name] = _initial(value)
    for changes in sets.values():
        for name, value in changes.items():
            variables.setdefault(name, _default_of(value))
    nodes: dict[str, dict] = {}
    used: set[str] = set()
    """Line and choice ids, unique in the whole scenario."""
    for passage in story:
        nodes[ids[passage.name]] = _node(passage, ids, sets, story, result, language, used)
    title = special["StoryTitle"].text if "StoryTitle" in special else scenario_id
    result.scenario = {
        "format": 1,
        "id": scenario_id,
        "version": "0.1",
        "scene": scene.id,
        "languages": [language],
        "title": {language: title},
        "description": {language: _to_write(result, "description", "what the trainee faces")},
        "content_warning": {
            language: _to_write(result, "content_warning", "everything that happens")
        },
        "audience": {language: _to_write(result, "audience", "whom the scenario is for")},
        "learning_objectives": [
            {language: _to_write(result, "learning_objectives", "what the trainee learns")}
        ],
        "variables": variables,
        "start": ids[start],
        "stagings": {
            "default": {"trainee": {"mark": scene.trainee_mark() or next(iter(scene.marks))}}
        },
        "nodes": nodes,
    }
    return result


def _node(
    passage: Passage,
    ids: dict[str, str],
    sets: dict[str, dict[str, str]],
    story: list[Passage],
    result: Conversion,
    language: str,
    used: set[str],
) -> dict:
    node_id = ids[passage.name]
    prose, links = _prose_and_links(passage, result)
    lines = [
        {
            "id": _unique(f"{node_id}_{index}", used),
            "speaker": "narrator",
            "text": {language: paragraph},
        }
        for index, paragraph in enumerate(prose, start=1)
    ]
    node: dict = {"staging": "default"}
    if lines:
        node["lines"] = lines
    choices = []
    for text, target, line in links:
        if target not in ids:
            result.unmapped.append(
                f"line {line}: link {text!r} in {passage.name!r} leads to no passage {target!r}"
            )
            continue
        choice: dict = {"id": _unique(_identifier(text), used), "text": {language: text}}
        choice["goto"] = ids[target]
        effects = {name: _effect(name, value) for name, value in sets[target].items()}
        if effects:
            choice["effects"] = effects
        choice["feedback"] = {
            language: _to_write(result, f"nodes.{node_id}.choices.{choice['id']}.feedback", "why")
        }
        shown = [tag for tag in _target_tags(story, target) if tag in set(Element)]
        if shown:
            choice["tags"] = {"shows": shown}
        choices.append(choice)
    if choices:
        node["choices"] = choices
        return node
    outcomes = [tag for tag in passage.tags if tag in set(Outcome)]
    if not outcomes:
        result.to_write.append(f"nodes.{node_id}.ending.outcome: guessed safe_unreported")
    node["ending"] = {
        "id": node_id,
        "outcome": outcomes[0] if outcomes else Outcome.SAFE_UNREPORTED.value,
        "summary": {language: " ".join(prose) or passage.name},
        "feedback": {
            language: _to_write(result, f"nodes.{node_id}.ending.feedback", "what to take away")
        },
    }
    return node


def _prose_and_links(
    passage: Passage, result: Conversion
) -> tuple[list[str], list[tuple[str, str, int]]]:
    """The passage's paragraphs without markup, and its links as (text, target passage, line).
    Markup is blanked out rather than removed, so offsets keep naming the file's lines."""
    links: list[tuple[str, str, int]] = []

    def link(match: re.Match[str]) -> str:
        links.append((*_link_parts(match["body"]), passage.line_of(match.start())))
        return _blank(match)

    def link_goto(match: re.Match[str]) -> str:
        target = match["target"] or match["text"]
        links.append((match["text"], target, passage.line_of(match.start())))
        return _blank(match)

    def macro(match: re.Match[str]) -> str:
        name = match["h"] or match["s"]
        if name not in ("set", "/set"):
            result.unmapped.append(
                f"line {passage.line_of(match.start())}: {match.group(0)!r} in "
                f"{passage.name!r} (macro {name!r})"
            )
        return _blank(match)

    text = _LINK.sub(link, passage.text)
    text = _LINK_GOTO.sub(link_goto, text)
    text = _MACRO.sub(macro, _SET.sub(_blank, text))
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return [paragraph for paragraph in paragraphs if paragraph], links


def _blank(match: re.Match[str]) -> str:
    """Spaces as long as the match, its line breaks kept."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _link_parts(body: str) -> tuple[str, str]:
    if "->" in body:
        text, target = body.rsplit("->", 1)
    elif "<-" in body:
        target, text = body.split("<-", 1)
    elif "|" in body:
        text, target = body.rsplit("|", 1)
    else:
        text = target = body
    return text.strip(), target.strip()


def _sets(passage: Passage, result: Conversion) -> dict[str, str]:
    """The variables a passage sets on entry, as scenario expressions."""
    found: dict[str, str] = {}
    for match in _SET.finditer(passage.text):
        line = passage.line_of(match.start())
        name = match["h_name"] or match["s_name"]
        value = (match["h_value"] or match["s_value"]).strip()
        operator = match["s_op"]
        if operator in ("+=", "-="):
            value = f"{name} {operator[0]} {value}"
        value = re.sub(r"\bit\b", name, value).replace("$", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?|true|false|\"[^\"]*\"|\w+ [-+] \d+(\.\d+)?", value):
            result.unmapped.append(f"line {line}: set {name!r} to {value!r} in {passage.name!r}")
            continue
        found[name] = value
    return found


def _effect(name: str, value: str) -> object:
    return json.loads(value) if re.fullmatch(r"-?\d+(\.\d+)?|true|false", value) else value


def _initial(value: str) -> object:
    if re.fullmatch(r"-?\d+(\.\d+)?|true|false|\"[^\"]*\"", value):
        return json.loads(value)
    return _default_of(value)


def _default_of(value: str) -> object:
    """The starting value of a variable first set to ``value`` elsewhere."""
    if value in ("true", "false"):
        return False
    if value.startswith('"'):
        return ""
    return 0


def _start(story_data: Passage | None, story: list[Passage], result: Conversion) -> str:
    names = [p.name for p in story]
    if story_data is not None:
        try:
            start = json.loads(story_data.text).get("start")
        except (ValueError, AttributeError):
            result.unmapped.append(f"line {story_data.line}: StoryData is not JSON; ignored")
            start = None
        if start in names:
            return str(start)
    return "Start" if "Start" in names else names[0]


def _target_tags(story: list[Passage], name: str) -> tuple[str, ...]:
    return next((p.tags for p in story if p.name == name), ())


def _node_ids(names: list[str]) -> dict[str, str]:
    used: set[str] = set()
    return {name: _unique(_identifier(name), used) for name in names}


def _identifier(text: str) -> str:
    """An id from a passage name or link text: lower case, digits and _, starting with a letter."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40].rstrip("_")
    return slug if slug[:1].isalpha() else f"p_{slug}".rstrip("_")


def _unique(candidate: str, used: set[str]) -> str:
    name, number = candidate, 2
    while name in used:
        name, number = f"{candidate}_{number}", number + 1
    used.add(name)
    return name


def _to_write(result: Conversion, where: str, what: str) -> str:
    result.to_write.append(where)
    return f"{TO_WRITE}{what}"
