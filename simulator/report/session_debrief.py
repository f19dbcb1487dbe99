"""The debrief page of one session (pure core).

A debrief is led in three steps, and the page follows them: *what happened*
(the path on the branch graph, the ending, a timeline with reaction times,
pauses, timeouts and stops), *why* (each choice with its feedback and the
good-response elements it showed or missed), and *what to take away* (the
elements summary, the ending's feedback, the recommended choices where the
trainee deviated). A last section tells what the trainee looked at while a
cue mattered (3D modes record gaze samples).

This module turns a ``SessionTrace`` into plain rows; ``templates/session.html.j2``
lays them out with the page kit of ``simulator.report.page``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from simulator.i18n import ui
from simulator.record.trace import ChoiceTaken, SessionTrace, Step
from simulator.report.lookups import (
    choice_of,
    choice_text,
    ending_of,
    language_for,
    named,
    recommended_choices,
    session_label,
)
from simulator.report.page import graph_figure, render_page, seconds
from simulator.scenario.model import Choice, Cue, Element, Scenario, localized

__all__ = ["session_debrief_html"]

_QUOTE_LENGTH = 90


@dataclass(frozen=True)
class _Row:
    """One line of the timeline: its text, a quote of the node's first line, an outcome."""

    t: float
    node: str
    kind: str
    text: str
    quote: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class _Card:
    """One choice made, with the scenario's choice (None when it cannot be found)."""

    decision: ChoiceTaken
    choice: Choice | None
    css: str
    by: str
    better: tuple[Choice, ...]
    """The recommended choices, when another was made."""


def session_debrief_html(
    trace: SessionTrace,
    scenario: Scenario | None,
    *,
    language: str | None = None,
    scenario_matches: bool = True,
) -> str:
    """The debrief page of one session. ``scenario`` gives the texts and the graph (None when
    the file cannot be found: the page then shows ids); ``scenario_matches`` False adds a note
    that the file changed since the session was played."""
    lang = language_for(scenario, language or trace.language)
    title = localized(scenario.title, lang) if scenario else trace.scenario_id
    note = None
    if scenario is None:
        note = "debrief_no_scenario"
    elif not scenario_matches:
        note = "debrief_scenario_changed"
    ending = ending_of(scenario, trace)
    unfinished = ""
    if not trace.ending:
        key = "debrief_stopped_at" if trace.status == "stopped" else "debrief_interrupted_at"
        unfinished = ui(key, lang, node=trace.path[-1] if trace.path else "—")
    cues, gaze_recorded = _cues(trace, scenario, lang)
    return render_page(
        "session.html.j2",
        language=lang,
        title=f"{ui('debrief_title', lang)}: {title} ({trace.trainee})",
        scenario_title=title,
        meta=_meta(trace, lang),
        note=note,
        trace=trace,
        ending=ending,
        unfinished=unfinished,
        figure=graph_figure(
            scenario, lang, trace.path, [(d.node, d.choice) for d in trace.decisions]
        )
        if scenario is not None
        else None,
        timeline=[row for step in trace.steps if (row := _row(step, scenario, lang))],
        choices=_cards(trace, scenario, lang),
        elements=_elements(trace, scenario),
        deviations=_deviations(trace, scenario, lang),
        cues=cues,
        gaze_recorded=gaze_recorded,
    )


def _meta(trace: SessionTrace, language: str) -> str:
    started = trace.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return " · ".join(
        [
            f"{ui('debrief_session', language)} {session_label(trace)}",
            f"{ui('debrief_trainee', language)} {trace.trainee}",
            started,
            f"{ui('intensity', language)} {trace.intensity}",
            f"{ui('debrief_mode', language)} {named('mode', trace.mode, language)}",
            ui(f"debrief_status_{trace.status}", language),
        ]
    )


def _row(step: Step, scenario: Scenario | None, language: str) -> _Row | None:
    """The timeline row of one step, or None for steps not worth a line."""
    data, node, kind = step.data, step.node or "", step.kind

    def row(text: str, **more: str) -> _Row:
        return _Row(step.t, node, kind, text, **more)

    if kind in ("line_shown", "choices_offered"):
        if kind == "choices_offered" and data.get("time_limit"):
            return row(ui("debrief_step_timed", language, seconds=f"{data['time_limit']:g}"))
        return None
    if kind == "started":
        intensity, seed = data.get("intensity", ""), data.get("seed")
        if seed is None:
            text = ui("debrief_step_started", language, intensity=intensity)
        else:
            text = ui("debrief_step_started_seeded", language, intensity=intensity, seed=seed)
        if data.get("timers") is False:
            text += f", {ui('debrief_timers_off', language)}"
        return row(text)
    if kind == "node_entered":
        line = ""
        if scenario is not None and node in scenario.nodes and scenario.nodes[node].lines:
            line = localized(scenario.nodes[node].lines[0].text, language)
            if len(line) > _QUOTE_LENGTH:
                line = line[: _QUOTE_LENGTH - 1].rstrip() + "…"
        return row(ui("debrief_step_entered", language), quote=line)
    if kind == "choice_made":
        by = str(data.get("by", ""))
        return row(
            ui(
                "debrief_step_chose",
                language,
                choice=choice_text(scenario, node, str(data.get("choice", "")), language),
                reaction=seconds(float(data.get("reaction_ms", 0))),
                by=named("by", by, language),
                via=named("via", str(data.get("via", "")), language),
            )
        )
    if kind == "timed_out":
        choice = choice_text(scenario, node, str(data.get("choice", "")), language)
        return row(ui("debrief_step_timeout", language, choice=choice))
    if kind == "paused":
        return row(ui("debrief_step_paused", language))
    if kind == "resumed":
        paused = seconds(float(data.get("paused_ms", 0)))
        return row(ui("debrief_step_resumed", language, paused=paused))
    if kind == "jumped":
        key = "debrief_step_reloaded" if data.get("reason") == "reload" else "debrief_step_jumped"
        return row(ui(key, language, target=str(data.get("target", ""))))
    if kind == "stopped":
        reason = str(data.get("reason") or "")
        by = named("by", str(data.get("by", "")), language)
        return row(ui("debrief_step_stopped", language, by=by) + (f" ({reason})" if reason else ""))
    if kind == "ending_reached":
        text = f"{ui('ending', language)}: {data.get('ending', '')} — "
        return row(text, outcome=str(data.get("outcome", "")))
    # A kind this version does not know (votes, notes...): name it, show nothing of its payload.
    return row(ui("debrief_step_other", language, kind=kind))


def _cards(trace: SessionTrace, scenario: Scenario | None, language: str) -> list[_Card]:
    cards = []
    for decision in trace.decisions:
        choice = choice_of(scenario, decision.node, decision.choice)
        recommended = tuple(recommended_choices(scenario, decision.node))
        is_recommended = choice is not None and choice.recommended
        css = "recommended" if is_recommended else "deviated" if recommended else ""
        by = named("by", decision.by, language) if decision.by else ""
        cards.append(_Card(decision, choice, css, by, () if is_recommended else recommended))
    return cards


def _elements(trace: SessionTrace, scenario: Scenario | None) -> list[tuple[str, int, int, str]]:
    """How often the session's choices and its ending showed or missed each element, with the
    interface-text key of the verdict."""
    shown: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    tagged = [choice_of(scenario, d.node, d.choice) for d in trace.decisions]
    tags = [c.tags for c in tagged if c is not None]
    ending = ending_of(scenario, trace)
    if ending is not None:
        tags.append(ending.tags)
    for tag in tags:
        shown.update(str(e) for e in tag.shows)
        missed.update(str(e) for e in tag.misses)
    rows = []
    for element in map(str, Element):
        verdict = (
            "debrief_element_shown"
            if shown[element] and not missed[element]
            else "debrief_element_mixed"
            if shown[element]
            else "debrief_element_missed"
            if missed[element]
            else "debrief_element_none"
        )
        rows.append((element, shown[element], missed[element], verdict))
    return rows


def _deviations(
    trace: SessionTrace, scenario: Scenario | None, language: str
) -> list[tuple[str, str, list[Choice]]]:
    """The decisions where a recommended choice existed and another was made: the node, what
    was chosen, and the recommended choices."""
    deviations = []
    for decision in trace.decisions:
        better = recommended_choices(scenario, decision.node)
        chosen = choice_of(scenario, decision.node, decision.choice)
        if not better or (chosen is not None and chosen.recommended):
            continue
        chosen_text = choice_text(scenario, decision.node, decision.choice, language)
        deviations.append((decision.node, chosen_text, better))
    return deviations


def _cues(
    trace: SessionTrace, scenario: Scenario | None, language: str
) -> tuple[list[tuple[Cue, str, str, str, str]] | None, bool]:
    """The cues of the nodes the session passed (each with its target, the nodes it mattered
    at, the verdict and its style) and whether gaze was recorded; None when the scenario has no
    cues: the page then leaves the section out."""
    if scenario is None or not scenario.cues:
        return None, bool(trace.gaze)
    visited = set(trace.path)
    spans = _gaze_spans(trace)
    rows = []
    for cue in (cue for cue in scenario.cues if visited & set(cue.nodes)):
        target = cue.target.actor or cue.target.prop or cue.target.mark or ""
        windows = [(a, b) for node, a, b in spans if node in cue.nodes]
        samples = [g for g in trace.gaze if any(a <= g.t < b for a, b in windows)]
        looked = sum(1 for g in samples if g.looking_at == target)
        in_view = sum(1 for g in samples if target in g.in_view)
        if not trace.gaze or not samples:
            verdict, css = ui("debrief_gaze_unknown", language), "unknown"
        elif looked:
            verdict = ui("debrief_gaze_noticed", language, looked=looked, total=len(samples))
            css = "noticed"
        elif in_view:
            verdict = ui("debrief_gaze_in_view", language, seen=in_view, total=len(samples))
            css = "missed"
        else:
            verdict, css = ui("debrief_gaze_missed", language, total=len(samples)), "missed"
        nodes = ", ".join(n for n in cue.nodes if n in visited)
        rows.append((cue, target, nodes, verdict, css))
    return rows, bool(trace.gaze)


def _gaze_spans(trace: SessionTrace) -> list[tuple[str, float, float]]:
    """Node spans on the session clock (gaze samples carry the session clock's ``t``)."""
    origin = trace.clock_origin
    entries = [(s.node, s.t + origin) for s in trace.steps if s.kind == "node_entered" and s.node]
    spans = []
    for index, (node, start) in enumerate(entries):
        stop = entries[index + 1][1] if index + 1 < len(entries) else float("inf")
        spans.append((node or "", start, stop))
    return spans
