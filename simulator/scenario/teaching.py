"""Teaching checks: what a sound scenario teaches, reported as warnings (pure core).

The rules of ``validation.py`` decide whether a scenario plays; these decide whether it
teaches what it sets out to. Each finding is a warning (``Descriptor.warning``) with the
file, line and column of what to change: a recommended option that gives itself away (by
its place or its length), an objective or an element nothing asks the trainee to choose, a
decision with one way out, an ending silent about what the path to it missed, a narrator
who quotes a character, no cool-down. ``simulator test`` and ``validate --teaching`` report
them; the shipped scenarios have none.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator

from simulator.errors import Problem
from simulator.scenario import diagnostics as rules
from simulator.scenario.diagnostics import Finding
from simulator.scenario.exploration import Exploration, StateKey, explore, state_text
from simulator.scenario.loading import LoadedScenario, locate
from simulator.scenario.logic import Logic
from simulator.scenario.model import Element, LearningObjective, Node, Scenario
from simulator.scenario.resolution import ending_notes, notes_at

__all__ = ["LONGER_BY", "chosen_elements", "teaching_findings", "teaching_problems"]

LONGER_BY = 1.1
"""A recommended option counts as the longest when it is this much longer than every other."""
_SPOKEN = re.compile(r"[‘“\"„«](?P<words>[^’”\"»]*\s[^’”\"»]*[.,!?…])[’”\"»]")
"""Quoted words that end as speech does (a sentence, or a comma before "she says")."""
_WRITTEN = re.compile(
    r"\b(staat|stond|lees\w*|geschreven|schrijft|schreef|balpen|handschrift|scherm|written|"
    r"reads?|writes?|wrote|ballpoint|handwriting|screen)\b[^.!?]*$",
    re.IGNORECASE,
)
"""Words that introduce written text (a note, a photo's back, a screen): quoting is fine."""


def teaching_problems(loaded: LoadedScenario, found: Exploration | None = None) -> list[Problem]:
    """Every teaching warning for a loaded scenario, located in its file; ``found`` is its
    exploration at every intensity when the caller already has one."""
    found = found or explore(loaded.scenario, loaded.logic, longest_path=False)
    return locate(loaded, teaching_findings(loaded.scenario, loaded.logic, found))


def teaching_findings(scenario: Scenario, logic: Logic, found: Exploration) -> list[Finding]:
    """Every teaching warning for ``scenario``, given its exploration at every intensity."""
    return [
        *_recommended_positions(scenario),
        *_recommended_lengths(scenario),
        *_objectives(scenario),
        *_elements_never_chosen(scenario),
        *_single_choices(scenario, found),
        *_silent_endings(scenario, logic, found),
        *_narrator_quotes(scenario),
        *_cool_down(scenario),
    ]


def _decisions(scenario: Scenario) -> Iterator[tuple[str, Node]]:
    """Nodes that ask for a choice between options, one of them recommended."""
    for node_id, node in scenario.nodes.items():
        if len(node.choices) > 1 and any(choice.recommended for choice in node.choices):
            yield node_id, node


def _recommended_positions(scenario: Scenario) -> Iterator[Finding]:
    fixed = [(node_id, node) for node_id, node in _decisions(scenario) if node.order == "fixed"]
    positions = {
        node_id: [index + 1 for index, choice in enumerate(node.choices) if choice.recommended]
        for node_id, node in fixed
    }
    counts = Counter(position for found in positions.values() for position in found)
    if len(fixed) < 3 or not counts:
        return
    position, count = counts.most_common(1)[0]
    if count * 2 <= len(fixed):
        return
    for node_id, found in positions.items():
        if position in found:
            yield (
                rules.RECOMMENDED_POSITION,
                ("nodes", node_id, "order"),
                f"the recommended option is option {position} here, as in {count} of the "
                f"{len(fixed)} decisions shown in a fixed order",
                "the recommended option at different positions, or the choices shuffled "
                "(leave out order: fixed where the order carries no meaning)",
            )


def _recommended_lengths(scenario: Scenario) -> Iterator[Finding]:
    decisions = list(_decisions(scenario))
    for language in scenario.languages:
        longest = []
        for node_id, node in decisions:
            lengths = [len(choice.text.get(language, "")) for choice in node.choices]
            best = max(
                (i for i, choice in enumerate(node.choices) if choice.recommended),
                key=lambda i: lengths[i],
            )
            others = max(length for i, length in enumerate(lengths) if i != best)
            if lengths[best] > LONGER_BY * others:
                longest.append((node_id, best, lengths[best], others))
        if len(longest) * 2 <= len(decisions):
            continue
        for node_id, index, length, others in longest:
            yield (
                rules.RECOMMENDED_LONGEST,
                ("nodes", node_id, "choices", index, "text", language),
                f"the recommended option is the longest here ({length} characters against at "
                f"most {others}), as in {len(longest)} of the {len(decisions)} decisions "
                f"({language})",
                "options of similar length, so the length does not give the answer away",
            )


def chosen_elements(scenario: Scenario) -> set[Element]:
    """The elements some choice of ``scenario`` shows: what the trainee is asked to choose."""
    return {
        element
        for node in scenario.nodes.values()
        for choice in node.choices
        for element in choice.tags.shows
    }


def _shown_by_endings(scenario: Scenario) -> set[Element]:
    shown: set[Element] = set()
    for node in scenario.nodes.values():
        if node.ending is not None:
            shown.update(node.ending.tags.shows)
            for note in node.ending.notes:
                shown.update(note.tags.shows)
    return shown


def _objectives(scenario: Scenario) -> Iterator[Finding]:
    taught = chosen_elements(scenario) | _shown_by_endings(scenario)
    for index, objective in enumerate(scenario.learning_objectives):
        if not isinstance(objective, LearningObjective):
            yield (
                rules.OBJECTIVE_WITHOUT_ELEMENTS,
                ("learning_objectives", index),
                f"learning objective {index + 1} names no response elements",
                "{text: ..., elements: [...]} with the elements that teach it",
            )
            continue
        for position, element in enumerate(objective.elements):
            if element not in taught:
                yield (
                    rules.OBJECTIVE_UNTAUGHT,
                    ("learning_objectives", index, "elements", position),
                    f"learning objective {index + 1} names {element.value!r}, but no choice "
                    "or ending shows it",
                    f"a choice or an ending whose tags show {element.value!r}",
                )


def _elements_never_chosen(scenario: Scenario) -> Iterator[Finding]:
    chosen = chosen_elements(scenario)
    for element in Element:
        if element not in chosen:
            yield (
                rules.ELEMENT_NEVER_CHOSEN,
                ("nodes",),
                f"no choice shows {element.value!r}: the trainee is never asked to choose it",
                f"at least one choice whose tags show {element.value!r}",
            )


def _single_choices(scenario: Scenario, found: Exploration) -> Iterator[Finding]:
    reported: set[str] = set()
    for state, edges in found.successors.items():
        node_id = state[0]
        if len(edges) == 1 and node_id not in reported:
            reported.add(node_id)
            yield (
                rules.SINGLE_CHOICE,
                ("nodes", node_id, "choices"),
                f"node {node_id!r} offers one choice ({edges[0][0]!r}) when "
                f"{state_text(found.variables(state))}",
                "at least two options a real person would consider, or the text as lines of "
                "the next node",
            )


def _silent_endings(scenario: Scenario, logic: Logic, found: Exploration) -> Iterator[Finding]:
    """Endings reached by a path that missed an element their feedback never mentions."""
    missed = _missed_on_the_way(scenario, found)
    reported: set[tuple[str, Element]] = set()
    for state, misses in missed.items():
        node_id = state[0]
        ending = scenario.nodes[node_id].ending
        if ending is None:
            continue
        notes = notes_at(
            scenario, node_id, ending_notes(scenario, logic, node_id, found.variables(state))
        )
        spoken = {
            element
            for tags in (ending.tags, *(note.tags for note in notes))
            for element in (*tags.shows, *tags.misses)
        }
        for element, (at_node, choice_id) in sorted(misses.items()):
            if element in spoken or (node_id, element) in reported:
                continue
            reported.add((node_id, element))
            yield (
                rules.ENDING_SILENT_ON_MISS,
                ("nodes", node_id, "ending", "feedback"),
                f"ending {ending.id!r} says nothing about {element.value!r}, which choice "
                f"{choice_id!r} at node {at_node!r} missed on the way, when "
                f"{state_text(found.variables(state))}",
                f"the ending's tags, or a note's (with a when for that path), naming "
                f"{element.value!r}",
            )


Witness = tuple[str, str]
"""The node and choice where an element was missed."""


def _missed_on_the_way(
    scenario: Scenario, found: Exploration
) -> dict[StateKey, dict[Element, Witness]]:
    """For every state, each element some path from a start to it missed, with the first
    choice found that missed it (the union over paths, carried forward to a fixed point)."""
    missed: dict[StateKey, dict[Element, Witness]] = {state: {} for state in found.successors}
    queue = deque(found.successors)
    waiting = set(queue)
    while queue:
        state = queue.popleft()
        waiting.discard(state)
        node = scenario.nodes[state[0]]
        choices = {choice.id: choice for choice in node.choices}
        for choice_id, target in found.successors.get(state, ()):
            carried = dict(missed[state])
            for element in choices[choice_id].tags.misses:
                carried.setdefault(element, (state[0], choice_id))
            known = missed.setdefault(target, {})
            new = {element: why for element, why in carried.items() if element not in known}
            if new:
                known.update(new)
                if target not in waiting:
                    waiting.add(target)
                    queue.append(target)
    return missed


def _narrator_quotes(scenario: Scenario) -> Iterator[Finding]:
    for node_id, node in scenario.nodes.items():
        for index, line in enumerate(node.lines):
            if line.speaker != "narrator":
                continue
            for language, text in line.text.items():
                quoted = _quoted_speech(text)
                if quoted is not None:
                    yield (
                        rules.NARRATOR_QUOTES,
                        ("nodes", node_id, "lines", index, "text", language),
                        f"the narrator quotes {quoted!r} in line {line.id!r}",
                        "the character's own line (or a voice's) for the words they say",
                    )
                    break


def _quoted_speech(text: str) -> str | None:
    """The first words quoted in ``text`` as someone's speech, or None."""
    for quoted in _SPOKEN.finditer(text):
        if _WRITTEN.search(text[: quoted.start()]) is None:
            return quoted.group(0)
    return None


def _cool_down(scenario: Scenario) -> Iterator[Finding]:
    if scenario.cool_down is None:
        yield (
            rules.NO_COOL_DOWN,
            ("id",),
            f"scenario {scenario.id!r} has no cool_down text",
            "a cool_down that helps the trainee step out of the scene (it was an exercise; "
            "whom to talk to)",
        )
