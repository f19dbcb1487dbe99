"""Every text a scenario shows, with where it is written (pure core).

One walk over a scenario's texts in every language: validation checks each for a
translation per declared language, and the translators' files are made from it, so
the two always agree on what there is to translate.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.model import LearningObjective, Scenario, Text

__all__ = ["DataPath", "changed_lines", "scenario_texts"]

DataPath = tuple[str | int, ...]
"""Where a value sits in the file: keys and list indices from the top."""


def scenario_texts(scenario: Scenario) -> Iterator[tuple[DataPath, Text]]:
    """Every text of ``scenario`` with the data path it is written at, in file order."""
    yield ("title",), scenario.title
    yield ("description",), scenario.description
    yield ("content_warning",), scenario.content_warning
    yield ("audience",), scenario.audience
    if scenario.role is not None:
        yield ("role",), scenario.role
    for index, objective in enumerate(scenario.learning_objectives):
        if isinstance(objective, LearningObjective):
            yield ("learning_objectives", index, "text"), objective.text
        else:
            yield ("learning_objectives", index), objective
    if scenario.cool_down is not None:
        yield ("cool_down",), scenario.cool_down
    for actor_id, name in scenario.cast.items():
        yield ("cast", actor_id), name
    for voice_id, voice in scenario.voices.items():
        yield ("voices", voice_id, "name"), voice.name
    for index, cue in enumerate(scenario.cues):
        yield ("cues", index, "description"), cue.description
    for node_id, node in scenario.nodes.items():
        for index, line in enumerate(node.lines):
            yield ("nodes", node_id, "lines", index, "text"), line.text
        for index, question in enumerate(node.discuss):
            yield ("nodes", node_id, "discuss", index), question
        for index, choice in enumerate(node.choices):
            yield ("nodes", node_id, "choices", index, "text"), choice.text
            yield ("nodes", node_id, "choices", index, "feedback"), choice.feedback
        if node.ending is not None:
            yield ("nodes", node_id, "ending", "summary"), node.ending.summary
            yield ("nodes", node_id, "ending", "feedback"), node.ending.feedback
            for index, note in enumerate(node.ending.notes):
                for field in ("summary", "feedback"):
                    text = getattr(note, field)
                    if text is not None:
                        yield ("nodes", node_id, "ending", "notes", index, field), text


def changed_lines(old: Scenario, new: Scenario) -> set[str]:
    """The ids of the lines of ``new`` that ``old`` has not, or says otherwise (another text
    in some language, or another speaker): their recorded audio no longer fits."""

    def spoken(scenario: Scenario) -> dict[str, tuple[object, ...]]:
        return {
            line.id: (line.speaker, tuple(sorted(line.text.items())))
            for node in scenario.nodes.values()
            for line in node.lines
        }

    before = spoken(old)
    return {line_id for line_id, said in spoken(new).items() if before.get(line_id) != said}
