"""The checks a scenario must pass beyond its types: references, graph shape, reachable logic.

Every check returns findings ``(rule, data path, problem, expected)``, the rule
being a descriptor of ``diagnostics``; the loader turns them into located
problems, so an author sees all of them at once (pure core).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from simulator.scenario import diagnostics as rules
from simulator.scenario.diagnostics import Descriptor, Finding
from simulator.scenario.exploration import EffectSite, Exploration, state_text
from simulator.scenario.exploration import explore as explore_states
from simulator.scenario.logic import Logic
from simulator.scenario.model import (
    Goto,
    Node,
    Scenario,
    Staging,
    destinations,
)
from simulator.scenario.resolution import staging_path
from simulator.scenario.scene import HOLDABLE_KINDS, PROP_KINDS, SceneSpec
from simulator.scenario.texts import scenario_texts

__all__ = [
    "Finding",
    "check_asset_path",
    "check_scenario",
    "check_scene",
    "exploration_findings",
]

NARRATOR = "narrator"
TRAINEE = "trainee"


def check_scenario(
    scenario: Scenario, scene: SceneSpec, logic: Logic, *, explore: bool = True
) -> list[Finding]:
    """Every problem in ``scenario`` that types alone cannot catch."""
    findings = [
        *_duplicate_ids(scenario),
        *_translations(scenario),
        *_references(scenario),
        *_stage_references(scenario, scene),
        *_graph_shape(scenario),
        *_branch_point_loops(scenario),
    ]
    broken_logic = len(logic.types) - 1 != len(scenario.variables)
    if explore and not findings and not broken_logic:
        findings.extend(
            exploration_findings(scenario, explore_states(scenario, logic, longest_path=False))
        )
    return findings


def check_scene(scene: SceneSpec, assets: Path) -> list[Finding]:
    """Problems in a scene file: prop kinds, asset paths, and marks the actors start on."""
    findings: list[Finding] = []
    for prop_id, prop in scene.props.items():
        path = ("props", prop_id)
        if (prop.kind is None) == (prop.model is None):
            findings.append(
                (
                    rules.PROP_KIND_OR_MODEL,
                    path,
                    "a prop needs exactly one of kind or model",
                    "kind: <builder> or model: <file in assets/>",
                )
            )
        if prop.kind is not None and prop.kind not in PROP_KINDS:
            findings.append(
                _unknown(
                    rules.UNKNOWN_PROP_KIND,
                    "prop kind",
                    prop.kind,
                    PROP_KINDS,
                    (*path, "kind"),
                    shown=len(PROP_KINDS),  # authors choose from the whole vocabulary
                )
            )
        if prop.model is not None:
            problems = check_asset_path(prop.model, assets, (*path, "model"))
            findings.extend(problems or check_model_file(prop.model, assets, (*path, "model")))
    for name, sound in scene.sounds.items():
        findings.extend(check_asset_path(sound, assets, ("sounds", name)))
    for actor_id, actor in scene.actors.items():
        if actor.mark not in scene.marks:
            findings.append(
                _unknown(
                    rules.UNKNOWN_MARK,
                    "mark",
                    actor.mark,
                    scene.marks,
                    ("actors", actor_id, "mark"),
                )
            )
    return findings


def check_asset_path(value: str, assets: Path, path: tuple[str | int, ...]) -> list[Finding]:
    """An asset path must be relative, stay inside assets/, and name a file that exists."""
    pure = PurePosixPath(value.replace("\\", "/"))
    if pure.is_absolute() or value[1:3] == ":/" or value[1:3] == ":\\":
        return [
            (
                rules.ASSET_ABSOLUTE,
                path,
                f"asset path {value!r} is absolute",
                "a path relative to assets/",
            )
        ]
    if ".." in pure.parts:
        return [
            (
                rules.ASSET_LEAVES_ASSETS,
                path,
                f"asset path {value!r} leaves assets/",
                "a path inside assets/ without ..",
            )
        ]
    if not (assets / pure).is_file():
        return [(rules.ASSET_MISSING, path, f"asset {value!r} does not exist", "a file in assets/")]
    project = assets.resolve().parent
    target = (assets / pure).resolve()
    if not target.is_relative_to(project):
        return [
            (
                rules.ASSET_LEAVES_ASSETS,
                path,
                f"asset {value!r} is a link to {target}, outside the project",
                "a file inside the project (copy it into assets/)",
            )
        ]
    return []


MODEL_SUFFIXES = (".bam", ".egg", ".gltf", ".glb")
"""The model formats the render layer loads."""


def check_model_file(value: str, assets: Path, path: tuple[str | int, ...]) -> list[Finding]:
    """A model file must be of a format the render layer loads, and whole: a .glb with its
    header and full length, a .bam with its magic number, a .gltf that is JSON, an .egg
    that is text. Reads only the first bytes of binary files."""
    file = assets / PurePosixPath(value.replace("\\", "/"))
    suffix = file.suffix.lower()
    if suffix not in MODEL_SUFFIXES:
        return [
            (
                rules.NOT_A_MODEL,
                path,
                f"{value!r} is not a model format",
                f"a {', '.join(MODEL_SUFFIXES[:-1])} or {MODEL_SUFFIXES[-1]} file",
            )
        ]
    problem = _model_damage(file, suffix)
    if problem:
        return [(rules.NOT_A_MODEL, path, f"model {value!r} {problem}", f"a whole {suffix} file")]
    return []


def _model_damage(file: Path, suffix: str) -> str | None:
    """What is wrong with a model file's content, or None when it looks whole."""
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            head = handle.read(64 * 1024 if suffix in (".gltf", ".egg") else 12)
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if suffix == ".glb":
        if len(head) < 12 or head[:4] != b"glTF":
            return "is not a binary glTF file (no glTF header)"
        version, length = int.from_bytes(head[4:8], "little"), int.from_bytes(head[8:12], "little")
        if version != 2:
            return f"is glTF version {version}; only version 2 is supported"
        if length != size:
            return f"is cut off: its header says {length:,} bytes, the file has {size:,}"
    elif suffix == ".bam":
        if head[:6] != b"pbj\0\n\r":
            return "is not a Panda3D .bam file (no pbj header)"
    elif suffix == ".gltf":
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return "is not a glTF JSON document"
        if not isinstance(document, dict) or "asset" not in document:
            return "is not a glTF JSON document (no 'asset')"
    elif b"\0" in head or b"<" not in head:
        return "is not an .egg text file"
    return None


def _suggest(kind: str, name: str, options: object, shown: int = 12) -> str:
    """The closest option as a did-you-mean, else the first ``shown`` options."""
    choices = sorted(str(option) for option in options)  # type: ignore[attr-defined]
    close = difflib.get_close_matches(name, choices, n=1)
    listed = ", ".join(choices[:shown]) + (", ..." if len(choices) > shown else "")
    if close:
        return f"an existing {kind}; did you mean {close[0]!r}?"
    return f"one of: {listed or 'none defined'}"


def _unknown(
    rule: Descriptor,
    kind: str,
    name: str,
    options: object,
    path: tuple[str | int, ...],
    shown: int = 12,
) -> Finding:
    return (rule, path, f"unknown {kind} {name!r}", _suggest(kind, name, options, shown))


_ID_SPACES = {"line": "line or choice", "choice": "line or choice"}
"""Lines and choices share their ids: the record and the xAPI statements name either by id."""


def _duplicate_ids(scenario: Scenario) -> Iterator[Finding]:
    seen: dict[tuple[str, str], str] = {}

    def once(kind: str, item_id: str, path: tuple[str | int, ...], where: str) -> Iterator[Finding]:
        space = _ID_SPACES.get(kind, kind)
        first = seen.setdefault((space, item_id), where)
        if first != where:
            message = f"duplicate {kind} id {item_id!r} (also in {first})"
            yield rules.DUPLICATE_ID, path, message, f"each {space} id once"

    for node_id, node in scenario.nodes.items():
        for index, line in enumerate(node.lines):
            path = ("nodes", node_id, "lines", index, "id")
            yield from once("line", line.id, path, f"node {node_id!r} line {index + 1}")
        for index, choice in enumerate(node.choices):
            path = ("nodes", node_id, "choices", index, "id")
            yield from once("choice", choice.id, path, f"node {node_id!r} choice {index + 1}")
        if node.ending is not None:
            ending_path: tuple[str | int, ...] = ("nodes", node_id, "ending", "id")
            yield from once("ending", node.ending.id, ending_path, f"node {node_id!r}")
    for index, cue in enumerate(scenario.cues):
        yield from once("cue", cue.id, ("cues", index, "id"), f"cue {index + 1}")


def _translations(scenario: Scenario) -> Iterator[Finding]:
    languages = scenario.languages
    for path, text in scenario_texts(scenario):
        for language in languages:
            if not text.get(language, "").strip():
                yield (
                    rules.MISSING_TRANSLATION,
                    (*path, language),
                    f"missing translation {language!r}",
                    (f"text in every language of the scenario ({', '.join(languages)})"),
                )
        for language in text:
            if language not in languages:
                yield (
                    rules.UNKNOWN_LANGUAGE,
                    (*path, language),
                    f"unknown language {language!r}",
                    (f"one of the scenario's languages ({', '.join(languages)})"),
                )


def _references(scenario: Scenario) -> Iterator[Finding]:
    nodes = scenario.nodes
    if scenario.start not in nodes:
        yield _unknown(rules.UNKNOWN_START, "start node", scenario.start, nodes, ("start",))
    for node_id, node in nodes.items():
        for path, goto in _gotos(node_id, node):
            yield from _unknown_destinations(goto, path, nodes)
        if node.timeout_choice is not None:
            choice_ids = [choice.id for choice in node.choices]
            if node.timeout_choice not in choice_ids:
                yield _unknown(
                    rules.UNKNOWN_TIMEOUT_CHOICE,
                    "timeout choice",
                    node.timeout_choice,
                    choice_ids,
                    ("nodes", node_id, "timeout_choice"),
                )
        if isinstance(node.staging, str) and node.staging not in scenario.stagings:
            yield _unknown(
                rules.UNKNOWN_STAGING,
                "staging",
                node.staging,
                scenario.stagings,
                ("nodes", node_id, "staging"),
            )
    for index, cue in enumerate(scenario.cues):
        for position, node_id in enumerate(cue.nodes):
            if node_id not in nodes:
                yield _unknown(
                    rules.UNKNOWN_NODE, "node", node_id, nodes, ("cues", index, "nodes", position)
                )


def _gotos(node_id: str, node: Node) -> Iterator[tuple[tuple[str | int, ...], Goto]]:
    """The node's own goto (a branch point) and its choices' gotos, with their paths."""
    if node.goto is not None:
        yield ("nodes", node_id, "goto"), node.goto
    for index, choice in enumerate(node.choices):
        yield ("nodes", node_id, "choices", index, "goto"), choice.goto


def _unknown_destinations(
    goto: Goto, path: tuple[str | int, ...], nodes: Mapping[str, object]
) -> Iterator[Finding]:
    if isinstance(goto, str):
        if goto not in nodes:
            yield _unknown(rules.UNKNOWN_NODE, "node", goto, nodes, path)
        return
    for index, route in enumerate(goto):
        if route.node not in nodes:
            yield _unknown(rules.UNKNOWN_NODE, "node", route.node, nodes, (*path, index, "node"))


def _branch_point_loops(scenario: Scenario) -> Iterator[Finding]:
    """Branch points that can lead round to themselves: play would never settle (variables do
    not change between branch points, so a loop that is taken once is taken for ever)."""
    nodes = scenario.nodes
    passes = {
        node_id: [target for target in destinations(node.goto) if target in nodes]
        for node_id, node in nodes.items()
        if node.goto is not None
    }
    graph = {node_id: [t for t in targets if t in passes] for node_id, targets in passes.items()}
    loop = _a_cycle(graph)
    if loop:
        yield (
            rules.BRANCH_POINT_LOOP,
            ("nodes", loop[0], "goto"),
            f"branch points {' -> '.join([*loop, loop[0]])} can lead round in a loop with no "
            "choice in between",
            "routes that leave the loop for a node with choices or an ending",
        )


def _a_cycle(graph: dict[str, list[str]]) -> list[str]:
    """One cycle of ``graph`` (its nodes in order), or [] when it has none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in graph:
        if root in state:
            continue
        path = [root]
        state[root] = 1
        work = [iter(graph[root])]
        while work:
            target = next(work[-1], None)
            if target is None:
                state[path.pop()] = 2
                work.pop()
            elif state.get(target) == 1:
                return path[path.index(target) :]
            elif target not in state:
                state[target] = 1
                path.append(target)
                work.append(iter(graph[target]))
    return []


def _voices(scenario: Scenario, scene: SceneSpec) -> Iterator[Finding]:
    """Each voice is its own speaker, of an actor of the cast, heard from a place the scene has."""
    for voice_id, voice in scenario.voices.items():
        path = ("voices", voice_id)
        if voice_id in scenario.cast:
            yield (
                rules.VOICE_NAMED_AS_ACTOR,
                path,
                f"voice {voice_id!r} has the id of an actor of the cast",
                "an id of its own, such as " + repr(f"{voice_id}_{voice.channel}"),
            )
        if voice.of is not None and voice.of not in scenario.cast:
            yield _unknown(rules.UNKNOWN_ACTOR, "actor", voice.of, scenario.cast, (*path, "of"))
        if voice.at is not None and voice.at not in scene.marks and voice.at not in scene.props:
            yield _unknown(
                rules.UNKNOWN_VOICE_PLACE,
                "mark or prop",
                voice.at,
                [*scene.marks, *scene.props],
                (*path, "at"),
            )


def _stage_references(scenario: Scenario, scene: SceneSpec) -> Iterator[Finding]:
    for actor_id in scenario.cast:
        if actor_id not in scene.actors:
            yield _unknown(rules.UNKNOWN_ACTOR, "actor", actor_id, scene.actors, ("cast", actor_id))
    yield from _voices(scenario, scene)
    for name, staging in scenario.stagings.items():
        yield from _staging(staging, scene, ("stagings", name))
    for node_id, node in scenario.nodes.items():
        if isinstance(node.staging, Staging):
            yield from _staging(node.staging, scene, ("nodes", node_id, "staging"))
        on_stage = scenario.staging_of(node_id).actors if _resolvable(scenario, node_id) else None
        for index, line in enumerate(node.lines):
            path = ("nodes", node_id, "lines", index)
            by_actor = line.speaker != NARRATOR and line.speaker not in scenario.voices
            if by_actor and line.speaker not in scenario.cast:
                yield _unknown(
                    rules.UNKNOWN_SPEAKER,
                    "speaker",
                    line.speaker,
                    [NARRATOR, *scenario.cast, *scenario.voices],
                    (*path, "speaker"),
                )
            elif by_actor and on_stage is not None and line.speaker not in on_stage:
                yield (
                    rules.SPEAKER_OFF_STAGE,
                    (*path, "speaker"),
                    f"speaker {line.speaker!r} is not on stage in this node",
                    ("the speaker listed under the node's staging actors"),
                )
            if line.gesture is not None and line.gesture not in scene.animations:
                yield _unknown(
                    rules.UNKNOWN_ANIMATION,
                    "animation",
                    line.gesture,
                    scene.animations,
                    (*path, "gesture"),
                )
    for index, cue in enumerate(scenario.cues):
        target = cue.target
        cue_path = ("cues", index, "target")
        if target.actor is not None and target.actor not in scene.actors:
            yield _unknown(
                rules.UNKNOWN_ACTOR, "actor", target.actor, scene.actors, (*cue_path, "actor")
            )
        if target.prop is not None and target.prop not in scene.props:
            yield _unknown(
                rules.UNKNOWN_PROP, "prop", target.prop, scene.props, (*cue_path, "prop")
            )
        if target.mark is not None and target.mark not in scene.marks:
            yield _unknown(
                rules.UNKNOWN_MARK, "mark", target.mark, scene.marks, (*cue_path, "mark")
            )


def _resolvable(scenario: Scenario, node_id: str) -> bool:
    staging = scenario.nodes[node_id].staging
    return isinstance(staging, Staging) or staging in scenario.stagings


def _staging(staging: Staging, scene: SceneSpec, path: tuple[str | int, ...]) -> Iterator[Finding]:
    if staging.trainee.mark not in scene.marks:
        yield _unknown(
            rules.UNKNOWN_MARK,
            "mark",
            staging.trainee.mark,
            scene.marks,
            (*path, "trainee", "mark"),
        )
    for actor_id, actor in staging.actors.items():
        actor_path = (*path, "actors", actor_id)
        if actor_id not in scene.actors:
            yield _unknown(rules.UNKNOWN_ACTOR, "actor", actor_id, scene.actors, actor_path)
        if actor.mark not in scene.marks:
            yield _unknown(
                rules.UNKNOWN_MARK, "mark", actor.mark, scene.marks, (*actor_path, "mark")
            )
        if actor.animation not in scene.animations:
            yield _unknown(
                rules.UNKNOWN_ANIMATION,
                "animation",
                actor.animation,
                scene.animations,
                (*actor_path, "animation"),
            )
        targets = {TRAINEE, *scene.actors, *scene.marks} - {actor_id}
        if actor.look_at is not None and actor.look_at not in targets:
            yield (
                rules.UNKNOWN_LOOK_AT,
                (*actor_path, "look_at"),
                f"unknown look_at target {actor.look_at!r}",
                ("'trainee', another actor or a mark"),
            )
        if actor.holds is not None:
            yield from _held(actor.holds, scene, (*actor_path, "holds"))
    yield from _held_twice(staging, path)
    for index, item in enumerate(staging.show):
        prop_id, prop_path = (
            (item, (*path, "show", index))
            if isinstance(item, str)
            else (item.prop, (*path, "show", index, "prop"))
        )
        if prop_id not in scene.props:
            yield _unknown(rules.UNKNOWN_PROP, "prop", prop_id, scene.props, prop_path)


def _held(prop_id: str, scene: SceneSpec, path: tuple[str | int, ...]) -> Iterator[Finding]:
    prop = scene.props.get(prop_id)
    if prop is None:
        yield _unknown(rules.UNKNOWN_HELD_PROP, "prop", prop_id, scene.props, path)
    elif prop.kind not in HOLDABLE_KINDS:
        what = f"is a {prop.kind}" if prop.kind is not None else "comes from a model file"
        yield (
            rules.NOT_HOLDABLE,
            path,
            f"prop {prop_id!r} {what}, which no one can hold",
            "a prop of a small kind: " + _or_list(HOLDABLE_KINDS),
        )


def _or_list(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1]


def _held_twice(staging: Staging, path: tuple[str | int, ...]) -> Iterator[Finding]:
    """Props two actors who are always on stage hold at once; exploration checks the others."""
    holder: dict[str, str] = {}
    for actor_id, actor in staging.actors.items():
        if actor.holds is None or actor.when is not None:
            continue
        first = holder.setdefault(actor.holds, actor_id)
        if first != actor_id:
            yield (
                rules.PROP_HELD_TWICE,
                (*path, "actors", actor_id, "holds"),
                f"prop {actor.holds!r} is held by {first!r} and {actor_id!r} at once",
                "one actor holding it (the other empty-handed, or holding a prop of their own)",
            )


def _graph_shape(scenario: Scenario) -> Iterator[Finding]:
    nodes = scenario.nodes
    edges = {
        node_id: [
            target
            for _, goto in _gotos(node_id, node)
            for target in destinations(goto)
            if target in nodes
        ]
        for node_id, node in nodes.items()
    }
    if scenario.start not in nodes:
        return
    reachable = _closure([scenario.start], edges)
    for node_id in nodes:
        if node_id not in reachable:
            yield (
                rules.UNREACHABLE_NODE,
                ("nodes", node_id),
                f"node {node_id!r} is unreachable from the start",
                (f"a choice leading to it from a node reachable from {scenario.start!r}"),
            )
    incoming: dict[str, list[str]] = {node_id: [] for node_id in nodes}
    for source, targets in edges.items():
        for target in targets:
            incoming[target].append(source)
    endings = [node_id for node_id, node in nodes.items() if node.ending is not None]
    finishing = _closure(endings, incoming)
    trapped = [node_id for node_id in nodes if node_id not in finishing and node_id in reachable]
    in_traps: set[str] = set()
    for component in _trap_cycles(trapped, edges):
        in_traps.update(component)
        loop = " -> ".join([*component, component[0]])
        yield (
            rules.TRAP_CYCLE,
            ("nodes", component[0]),
            f"cycle {loop} has no way out",
            ("a choice in the cycle leading towards an ending"),
        )
    for node_id in trapped:
        if node_id not in in_traps:
            yield (
                rules.NO_WAY_TO_AN_ENDING,
                ("nodes", node_id),
                f"node {node_id!r} cannot reach any ending",
                ("a path of choices from every node to an ending"),
            )


def _closure(starts: list[str], edges: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for target in edges[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _trap_cycles(trapped: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected groups of trapped nodes that loop and have no edge leaving them."""
    trapped_set = set(trapped)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in trapped:
        if root in index:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, position = work[-1]
            targets = [t for t in edges[node] if t in trapped_set]
            if position < len(targets):
                work[-1] = (node, position + 1)
                target = targets[position]
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                members = set(component)
                loops = len(component) > 1 or node in edges[node]
                closed = all(t in members for m in component for t in edges[m])
                if loops and closed:
                    components.append([n for n in trapped if n in members])
    return components


def exploration_findings(scenario: Scenario, exploration: Exploration) -> Iterator[Finding]:
    """The problems only play can show, found in ``scenario``'s exploration at every intensity
    (lines spoken off stage, choices never offered, states with no way on, runaway numbers)."""
    for line in exploration.off_stage_lines:
        yield (
            rules.SPEAKER_OFF_STAGE,
            ("nodes", line.node, "lines", line.line, "speaker"),
            f"speaker {line.speaker!r} is not on stage when {state_text(line.variables)} "
            "(the staging's when for them does not hold)",
            "a when on the line that matches the speaker's staging condition",
        )
    for shared in exploration.shared_holds:
        yield (
            rules.PROP_HELD_TWICE,
            (*staging_path(scenario, shared.node), "actors", shared.holders[1], "holds"),
            f"prop {shared.prop!r} is held by {shared.holders[0]!r} and {shared.holders[1]!r} "
            f"at once when {state_text(shared.variables)} (the staging's when conditions put both "
            "on stage)",
            "when conditions that put at most one of them on stage, or one of them holding nothing",
        )
    for reached in exploration.at_limit:
        yield (
            rules.NUMBER_AT_LIMIT,
            _effect_path(scenario, reached.site),
            reached.describe(),
            "effects that keep numbers small (a condition such as 'when: pressure < 10')",
        )
    if exploration.growth is not None:
        site = exploration.growth.site
        yield (
            rules.TOO_MANY_STATES,
            _effect_path(scenario, site) if site is not None else ("variables",),
            exploration.growth.describe(),
            "variables that take a few values each (a condition such as 'when: asked < 3' "
            "bounds a counter)",
        )
        return
    for node_id in exploration.visited_nodes:
        for index, choice in enumerate(scenario.nodes[node_id].choices):
            if (node_id, choice.id) not in exploration.offered_choices:
                yield (
                    rules.NEVER_OFFERED,
                    ("nodes", node_id, "choices", index, "when"),
                    (
                        f"choice {choice.id!r} can never be offered: {choice.when!r} is false "
                        "in every reachable state"
                    ),
                    "a condition that some path through the scenario makes true",
                )
    reported: set[str] = set()
    for stuck in exploration.stuck:
        if stuck.node in reported:
            continue
        reported.add(stuck.node)
        state = state_text(stuck.variables)
        if stuck.timeout_choice_missing:
            yield (
                rules.TIMEOUT_CHOICE_NOT_OFFERED,
                ("nodes", stuck.node, "timeout_choice"),
                (f"timeout choice is not offered when {state}"),
                "a timeout choice whose condition always holds",
            )
        else:
            yield (
                rules.NO_CHOICE_OFFERED,
                ("nodes", stuck.node),
                f"node {stuck.node!r} offers no choice when {state}",
                ("at least one choice offered in every reachable state"),
            )


def _effect_path(scenario: Scenario, site: EffectSite) -> tuple[str | int, ...]:
    """The data path of the effect at ``site``: where its line is in the file."""
    choices = scenario.nodes[site.node].choices
    index = next(i for i, choice in enumerate(choices) if choice.id == site.choice)
    return ("nodes", site.node, "choices", index, "effects", site.variable)
