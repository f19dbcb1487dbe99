"""The debrief page of a group of sessions (pure core).

For each scenario played and each decision point in it: how many sessions
chose what, next to the recommended choice, with the median reaction time;
then the endings reached. A group page never shows a count that identifies
fewer than ``MIN_GROUP`` trainees (such cells read "< 3"), unless the trainer
asks for individual views. ``templates/group.html.j2`` lays the rows out.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC

from simulator.i18n import ui
from simulator.record.trace import ChoiceTaken, SessionTrace
from simulator.report.lookups import choice_of, language_for, session_label
from simulator.report.page import render_page, seconds
from simulator.scenario.model import Choice, Scenario, localized

__all__ = ["MIN_GROUP", "group_debrief_html"]

MIN_GROUP = 3
"""Counts that identify fewer trainees than this are shown as "< 3" in group debriefs."""

_LINE_LENGTH = 140


@dataclass(frozen=True)
class _Cell:
    """What a count cell shows; ``hidden`` cells read "< 3" (or "—" for a median)."""

    text: str
    hidden: bool = False


_EMPTY = _Cell("")


@dataclass(frozen=True)
class _ChoiceRow:
    """One choice of a decision point: its id, the scenario's choice (None when the file lacks
    it), and the cells of the row."""

    choice: str
    found: Choice | None
    count: _Cell
    median: _Cell
    timeouts: _Cell


@dataclass(frozen=True)
class _Decision:
    node: str
    reached: _Cell
    line: str
    rows: tuple[_ChoiceRow, ...]


@dataclass(frozen=True)
class _Part:
    scenario_id: str
    title: str
    missing: bool
    sessions: _Cell
    trainees: _Cell
    decisions: tuple[_Decision, ...]
    endings: tuple[tuple[str, str, _Cell], ...]
    """Ending id (empty for unfinished sessions), outcome (or status) and count."""
    sessions_by_trainee: tuple[tuple[str, str, SessionTrace], ...] | None
    """The session's label, when it started, and its trace."""


def group_debrief_html(
    traces: Sequence[SessionTrace],
    scenarios: dict[str, Scenario | None],
    *,
    language: str = "nl",
    individual: bool = False,
    source: str = "",
) -> str:
    """The debrief page of a group of sessions, one part per scenario played.

    For each decision point: how many sessions chose what, next to the recommended choice,
    with the median reaction time; then the endings reached. A cell whose sessions belong to
    fewer than ``MIN_GROUP`` trainees reads "< 3" (and so does a second cell of the same table
    when only one was hidden, so it cannot be worked out from the total), unless
    ``individual``: then every count shows, with a table of the sessions by trainee code.
    """
    by_scenario: dict[str, list[SessionTrace]] = {}
    for trace in traces:
        by_scenario.setdefault(trace.scenario_id, []).append(trace)
    parts = [
        _part(scenario_id, group, scenarios.get(scenario_id), language, individual)
        for scenario_id, group in by_scenario.items()
    ]
    return render_page(
        "group.html.j2",
        language=language,
        title=ui("debrief_group_title", language),
        sessions=len(traces),
        source=source,
        individual=individual,
        parts=parts,
    )


def _count(count: int, trainees: int, individual: bool, suppress: bool = False) -> _Cell:
    if count == 0:
        return _Cell("0")
    if not individual and (suppress or trainees < MIN_GROUP):
        return _Cell(f"< {MIN_GROUP}", hidden=True)
    return _Cell(str(count))


def _trainees(traces: Iterable[SessionTrace]) -> int:
    return len({t.trainee for t in traces})


def _part(
    scenario_id: str,
    traces: list[SessionTrace],
    scenario: Scenario | None,
    language: str,
    individual: bool,
) -> _Part:
    lang = language_for(scenario, language)
    trainees = _trainees(traces)
    # Decision points in the scenario's order (the order of the file), reached ones only.
    order = list(scenario.nodes) if scenario else []
    nodes = list(dict.fromkeys(d.node for trace in traces for d in trace.decisions))
    nodes.sort(key=lambda n: order.index(n) if n in order else len(order))
    return _Part(
        scenario_id=scenario_id,
        title=localized(scenario.title, lang) if scenario else scenario_id,
        missing=scenario is None,
        sessions=_count(len(traces), trainees, individual),
        trainees=_count(trainees, trainees, individual),
        decisions=tuple(_decision(node, traces, scenario, lang, individual) for node in nodes),
        endings=_endings(traces, scenario, individual),
        sessions_by_trainee=tuple(
            (session_label(trace), _started(trace), trace) for trace in traces
        )
        if individual
        else None,
    )


def _hide_second(cells: list[tuple[int, int]], individual: bool) -> set[int]:
    """Indexes of cells to hide: small ones, plus the next smallest when only one is small."""
    if individual:
        return set()
    hidden = {i for i, (count, trainees) in enumerate(cells) if count and trainees < MIN_GROUP}
    if len(hidden) == 1:
        others = [(count, i) for i, (count, _) in enumerate(cells) if count and i not in hidden]
        if others:
            hidden.add(min(others)[1])
    return hidden


def _decision(
    node: str,
    traces: list[SessionTrace],
    scenario: Scenario | None,
    language: str,
    individual: bool,
) -> _Decision:
    reached = [t for t in traces if any(d.node == node for d in t.decisions)]
    choices: list[str] = (
        [c.id for c in scenario.nodes[node].choices]
        if scenario is not None and node in scenario.nodes
        else []
    )
    for trace in reached:
        for decision in trace.decisions:
            if decision.node == node and decision.choice not in choices:
                choices.append(decision.choice)
    cells: list[tuple[int, int, list[ChoiceTaken]]] = []
    for choice in choices:
        pairs = [
            (t, d) for t in reached for d in t.decisions if d.node == node and d.choice == choice
        ]
        cells.append((len(pairs), len({t.trainee for t, _ in pairs}), [d for _, d in pairs]))
    hidden = _hide_second([(count, trainees) for count, trainees, _ in cells], individual)
    rows = []
    for index, (choice, (count, trainees, made)) in enumerate(zip(choices, cells, strict=True)):
        found = choice_of(scenario, node, choice)
        suppressed = index in hidden
        reactions = [d.reaction_ms for d in made if d.by != "timeout"]
        timeouts = sum(1 for d in made if d.by == "timeout")
        if suppressed or (not individual and trainees < MIN_GROUP and count):
            median = _Cell("—", hidden=True)
        else:
            median = _Cell(seconds(statistics.median(reactions)) if reactions else "—")
        rows.append(
            _ChoiceRow(
                choice=choice,
                found=found,
                count=_count(count, trainees, individual, suppressed),
                median=median,
                timeouts=_count(timeouts, trainees, individual, suppressed) if timeouts else _EMPTY,
            )
        )
    line = ""
    if scenario is not None and node in scenario.nodes and scenario.nodes[node].lines:
        line = localized(scenario.nodes[node].lines[-1].text, language)
        if len(line) > _LINE_LENGTH:
            line = line[: _LINE_LENGTH - 1].rstrip() + "…"
    return _Decision(node, _count(len(reached), _trainees(reached), individual), line, tuple(rows))


def _endings(
    traces: list[SessionTrace], scenario: Scenario | None, individual: bool
) -> tuple[tuple[str, str, _Cell], ...]:
    keys: list[tuple[str, str]] = []
    if scenario is not None:
        keys = [
            (node.ending.id, str(node.ending.outcome))
            for node in scenario.nodes.values()
            if node.ending is not None
        ]
    for trace in traces:
        if trace.ending and (trace.ending, trace.outcome or "") not in keys:
            keys.append((trace.ending, trace.outcome or ""))
    unfinished = [("", "stopped"), ("", "interrupted")]
    groups = []
    for ending, outcome in keys + unfinished:
        if ending:
            members = [t for t in traces if t.ending == ending]
        else:
            members = [t for t in traces if not t.ending and t.status == outcome]
        groups.append((ending, outcome, len(members), _trainees(members)))
    hidden = _hide_second([(count, trainees) for *_, count, trainees in groups], individual)
    return tuple(
        (ending, outcome, _count(count, trainees, individual, index in hidden))
        for index, (ending, outcome, count, trainees) in enumerate(groups)
        if ending or count
    )


def _started(trace: SessionTrace) -> str:
    return trace.started_at.astimezone(UTC).astimezone().strftime("%Y-%m-%d %H:%M")
