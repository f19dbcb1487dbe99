"""Debrief reports: one session or a group, as self-contained HTML pages (pure core).

A debrief is led in three steps, and the page follows them: *what happened*
(the path on the branch graph, the ending, a timeline with reaction times,
pauses, timeouts and stops), *why* (each choice with its feedback and the
good-response elements it showed or missed), and *what to take away* (the
elements summary, the ending's feedback, the recommended choices where the
trainee deviated). A last section tells what the trainee looked at while a
cue mattered (3D modes record gaze samples).

Everything a page needs comes from a ``SessionTrace``: built from the local
record (``simulator.record.trace``) or from xAPI statements read back from an LRS
(``simulator.interop.xapi.traces_from_statements``). Trainees appear by code only.
Every text is escaped; the page loads nothing from outside (inline CSS and
the inline SVG graph) and prints well.

A group page never shows a count that identifies fewer than ``MIN_GROUP``
trainees (such cells read "< 3"), unless the trainer asks for individual
views.
"""

from __future__ import annotations

import html
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any

from simulator.i18n import ELEMENT_LABELS, OUTCOME_LABELS, ui
from simulator.record.trace import ChoiceTaken, SessionTrace, Step
from simulator.report.graph import render_graph
from simulator.scenario.model import Choice, Element, Scenario, localized

__all__ = ["MIN_GROUP", "group_debrief_html", "session_debrief_html"]

MIN_GROUP = 3
"""Counts that identify fewer trainees than this are shown as "< 3" in group debriefs."""

_SAFE_OUTCOMES = ("safe_reported", "safe_unreported")


# -- shared page parts ----------------------------------------------------------------------

_CSS = """
:root { --ink: #1f2a30; --muted: #5f6b72; --line: #d5dadd; --good: #2e7d32; --bad: #c62828;
  --warn: #a15c00; --path: #1565c0; --soft: #f4f6f7; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 32px 0 8px; padding-bottom: 4px;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05em; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.note { background: #fff7e0; border-left: 4px solid var(--warn); padding: 8px 12px; margin: 8px 0; }
.lead { font-size: 1.05em; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px;
  border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.graph { overflow-x: auto; border: 1px solid var(--line); padding: 8px; background: #fff; }
.graph svg { max-width: 100%; height: auto; }
.chip { display: inline-block; border-radius: 10px; padding: 0 8px; margin: 1px 2px;
  font-size: .85em; border: 1px solid; white-space: nowrap; }
.chip.shows { color: var(--good); border-color: var(--good); background: #eef7ee; }
.chip.misses { color: var(--bad); border-color: var(--bad); background: #fcefef; }
.choice { border: 1px solid var(--line); border-left: 5px solid var(--muted); padding: 8px 12px;
  margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
.choice.recommended { border-left-color: var(--good); }
.choice.deviated { border-left-color: var(--warn); }
.choice .said { font-weight: 600; }
.choice .why { margin: 4px 0; }
.choice .alt { color: var(--muted); margin-top: 6px; }
.ending { border: 2px solid var(--ink); padding: 10px 14px; margin: 10px 0; break-inside: avoid; }
.outcome { font-weight: 700; }
.outcome-safe_reported { color: var(--good); }
.outcome-safe_unreported { color: var(--warn); }
.outcome-unsafe, .outcome-drawn_in { color: var(--bad); }
.tag { font-size: .8em; color: var(--muted); }
.star { color: var(--good); font-weight: 700; }
.suppressed { color: var(--muted); font-style: italic; }
.verdict-noticed { color: var(--good); font-weight: 600; }
.verdict-missed { color: var(--bad); font-weight: 600; }
.verdict-unknown { color: var(--muted); }
footer { margin-top: 32px; color: var(--muted); font-size: .85em; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .graph { overflow: visible; border: none; padding: 0; }
  .graph svg { max-height: 24cm; }
  table, tr, .choice, .ending { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 1.5cm; }
}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, language: str, body: list[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{_e(language)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            f"<footer>{_e(ui('debrief_footer', language))}</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _language_for(scenario: Scenario | None, language: str) -> str:
    if scenario is None or language in scenario.languages:
        return language
    return scenario.languages[0]


def _graph(scenario: Scenario, language: str, path: Sequence[str]) -> str:
    known = [node for node in path if node in scenario.nodes]
    svg = render_graph(scenario, "svg", language=language, path=known)
    if svg.startswith("<?xml"):
        svg = svg.split("\n", 1)[1]
    return f'<div class="graph" id="graph">{svg}</div>'


def _seconds(ms: float) -> str:
    return f"{ms / 1000:.1f} s"


def _clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _outcome(outcome: str | None, language: str) -> str:
    if not outcome:
        return ""
    label = OUTCOME_LABELS.get(outcome, {}).get(language, outcome)
    return f'<span class="outcome outcome-{_e(outcome)}">{_e(label)}</span>'


def _element(element: str, language: str) -> str:
    return ELEMENT_LABELS.get(element, {}).get(language, element)


def _chips(shows: Iterable[str], misses: Iterable[str], language: str) -> str:
    parts = [f'<span class="chip shows">✓ {_e(_element(e, language))}</span>' for e in shows] + [
        f'<span class="chip misses">✗ {_e(_element(e, language))}</span>' for e in misses
    ]
    return " ".join(parts)


def _choice(scenario: Scenario | None, node: str, choice: str) -> Choice | None:
    if scenario is None or node not in scenario.nodes:
        return None
    return next((c for c in scenario.nodes[node].choices if c.id == choice), None)


def _choice_text(scenario: Scenario | None, node: str, choice: str, language: str) -> str:
    found = _choice(scenario, node, choice)
    return localized(found.text, language) if found else choice


def _recommended(scenario: Scenario | None, node: str) -> list[Choice]:
    if scenario is None or node not in scenario.nodes:
        return []
    return [c for c in scenario.nodes[node].choices if c.recommended]


# -- one session ----------------------------------------------------------------------------


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
    lang = _language_for(scenario, language or trace.language)
    title = localized(scenario.title, lang) if scenario else trace.scenario_id
    body = [
        f"<h1>{_e(ui('debrief_title', lang))}: {_e(title)}</h1>",
        f'<p class="meta" id="meta">{_e(_session_meta(trace, lang))}</p>',
    ]
    if scenario is None:
        body.append(f'<p class="note">{_e(ui("debrief_no_scenario", lang))}</p>')
    elif not scenario_matches:
        body.append(f'<p class="note">{_e(ui("debrief_scenario_changed", lang))}</p>')
    body += _what_happened(trace, scenario, lang)
    body += _why(trace, scenario, lang)
    body += _take_away(trace, scenario, lang)
    body += _looked_at(trace, scenario, lang)
    return _page(f"{ui('debrief_title', lang)}: {title} ({trace.trainee})", lang, body)


def _session_meta(trace: SessionTrace, language: str) -> str:
    started = trace.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    session = f"#{trace.session_id}" if trace.session_id is not None else trace.uuid[:8]
    return " · ".join(
        [
            f"{ui('debrief_session', language)} {session}",
            f"{ui('debrief_trainee', language)} {trace.trainee}",
            started,
            f"{ui('intensity', language)} {trace.intensity}",
            f"{ui('debrief_mode', language)} {trace.mode}",
            ui(f"debrief_status_{trace.status}", language),
        ]
    )


def _ending_node(scenario: Scenario | None, trace: SessionTrace) -> Any:
    if scenario is None or not trace.ending:
        return None
    for node in scenario.nodes.values():
        if node.ending is not None and node.ending.id == trace.ending:
            return node.ending
    return None


def _what_happened(trace: SessionTrace, scenario: Scenario | None, language: str) -> list[str]:
    parts = [f'<section id="what-happened"><h2>1. {_e(ui("debrief_what", language))}</h2>']
    ending = _ending_node(scenario, trace)
    if trace.ending:
        summary = localized(ending.summary, language) if ending else ""
        parts.append(
            f'<div class="ending" id="ending"><div>{_e(ui("ending", language))}: '
            f"<strong>{_e(trace.ending)}</strong> — {_outcome(trace.outcome, language)}</div>"
            + (f'<p class="lead">{_e(summary)}</p>' if summary else "")
            + "</div>"
        )
    else:
        last = trace.path[-1] if trace.path else "—"
        key = "debrief_stopped_at" if trace.status == "stopped" else "debrief_interrupted_at"
        parts.append(
            f'<div class="ending" id="ending"><p class="lead">'
            f"{_e(ui(key, language, node=last))}</p></div>"
        )
    if scenario is not None:
        parts.append(f"<h3>{_e(ui('debrief_path', language))}</h3>")
        parts.append(f"<p>{_e(ui('debrief_path_hint', language))}</p>")
        parts.append(_graph(scenario, language, trace.path))
    parts.append(f"<h3>{_e(ui('debrief_timeline', language))}</h3>")
    parts.append(_timeline(trace, scenario, language))
    parts.append("</section>")
    return parts


def _timeline(trace: SessionTrace, scenario: Scenario | None, language: str) -> str:
    rows = []
    for step in trace.steps:
        text = _step_text(step, scenario, language)
        if text is None:
            continue
        css = f"step step-{step.kind}"
        rows.append(
            f'<tr class="{_e(css)}"><td class="num">{_clock(step.t)}</td>'
            f"<td>{_e(step.node or '')}</td><td>{text}</td></tr>"
        )
    head = (
        f'<tr><th class="num">{_e(ui("debrief_time", language))}</th>'
        f"<th>{_e(ui('debrief_node', language))}</th>"
        f"<th>{_e(ui('debrief_event', language))}</th></tr>"
    )
    return f'<table id="timeline"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _step_text(step: Step, scenario: Scenario | None, language: str) -> str | None:
    """The HTML of one timeline row's description, or None for rows not worth a line."""
    data, node = step.data, step.node or ""
    kind = step.kind
    if kind in ("line_shown", "choices_offered"):
        if kind == "choices_offered" and data.get("time_limit"):
            return _e(ui("debrief_step_timed", language, seconds=f"{data['time_limit']:g}"))
        return None
    if kind == "started":
        return _e(ui("debrief_step_started", language, intensity=data.get("intensity", "")))
    if kind == "node_entered":
        line = ""
        if scenario is not None and node in scenario.nodes and scenario.nodes[node].lines:
            line = localized(scenario.nodes[node].lines[0].text, language)
            line = line if len(line) <= 90 else line[:89].rstrip() + "…"
        return _e(ui("debrief_step_entered", language)) + (
            f' <span class="tag">“{_e(line)}”</span>' if line else ""
        )
    if kind == "choice_made":
        choice = str(data.get("choice", ""))
        return _e(
            ui(
                "debrief_step_chose",
                language,
                choice=_choice_text(scenario, node, choice, language),
                reaction=_seconds(float(data.get("reaction_ms", 0))),
                by=ui(f"debrief_by_{data.get('by', 'trainee')}", language)
                if data.get("by") in ("trainee", "trainer", "group", "timeout", "autoplay")
                else str(data.get("by", "")),
                via=str(data.get("via", "")),
            )
        )
    if kind == "timed_out":
        choice = str(data.get("choice", ""))
        return _e(
            ui(
                "debrief_step_timeout",
                language,
                choice=_choice_text(scenario, node, choice, language),
            )
        )
    if kind == "paused":
        return _e(ui("debrief_step_paused", language))
    if kind == "resumed":
        return _e(
            ui("debrief_step_resumed", language, paused=_seconds(float(data.get("paused_ms", 0))))
        )
    if kind == "jumped":
        return _e(ui("debrief_step_jumped", language, target=str(data.get("target", ""))))
    if kind == "stopped":
        reason = str(data.get("reason") or "")
        text = ui("debrief_step_stopped", language, by=str(data.get("by", "")))
        return _e(text + (f" ({reason})" if reason else ""))
    if kind == "ending_reached":
        return _e(f"{ui('ending', language)}: {data.get('ending', '')} — ") + _outcome(
            str(data.get("outcome", "")), language
        )
    # A kind this version does not know (votes, notes...): name it, show nothing of its payload.
    return _e(ui("debrief_step_other", language, kind=kind))


def _why(trace: SessionTrace, scenario: Scenario | None, language: str) -> list[str]:
    parts = [f'<section id="why"><h2>2. {_e(ui("debrief_why", language))}</h2>']
    if not trace.decisions:
        parts.append(f"<p>{_e(ui('debrief_no_choices', language))}</p>")
    for number, decision in enumerate(trace.decisions, start=1):
        choice = _choice(scenario, decision.node, decision.choice)
        recommended = _recommended(scenario, decision.node)
        is_recommended = choice is not None and choice.recommended
        css = "recommended" if is_recommended else "deviated" if recommended else ""
        said = localized(choice.text, language) if choice else decision.choice
        by = ui(f"debrief_by_{decision.by}", language) if decision.by else ""
        timing = ui("debrief_reaction", language, reaction=_seconds(decision.reaction_ms))
        lines = [
            f'<div class="choice {css}" data-node="{_e(decision.node)}" '
            f'data-choice="{_e(decision.choice)}">',
            f'<div class="tag">{number}. {_e(decision.node)} · {_e(timing)} · {_e(by)}</div>',
            f'<div class="said">{_e(said)}'
            + (
                f' <span class="star">★ {_e(ui("debrief_recommended", language))}</span>'
                if is_recommended
                else ""
            )
            + "</div>",
        ]
        if choice is not None:
            lines.append(f'<p class="why">{_e(localized(choice.feedback, language))}</p>')
            chips = _chips(choice.tags.shows, choice.tags.misses, language)
            if chips:
                lines.append(f"<div>{chips}</div>")
        if decision.by == "timeout":
            lines.append(f'<p class="why">{_e(ui("debrief_timed_out_note", language))}</p>')
        if not is_recommended and recommended:
            better = " / ".join(localized(c.text, language) for c in recommended)
            lines.append(
                f'<div class="alt">{_e(ui("debrief_better", language))}: {_e(better)}</div>'
            )
        lines.append("</div>")
        parts.append("\n".join(lines))
    parts.append("</section>")
    return parts


def _element_tally(trace: SessionTrace, scenario: Scenario | None) -> dict[str, tuple[int, int]]:
    shown: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for decision in trace.decisions:
        choice = _choice(scenario, decision.node, decision.choice)
        if choice is not None:
            shown.update(str(e) for e in choice.tags.shows)
            missed.update(str(e) for e in choice.tags.misses)
    ending = _ending_node(scenario, trace)
    if ending is not None:
        shown.update(str(e) for e in ending.tags.shows)
        missed.update(str(e) for e in ending.tags.misses)
    return {str(e): (shown[str(e)], missed[str(e)]) for e in Element}


def _take_away(trace: SessionTrace, scenario: Scenario | None, language: str) -> list[str]:
    parts = [f'<section id="take-away"><h2>3. {_e(ui("debrief_take_away", language))}</h2>']
    ending = _ending_node(scenario, trace)
    if ending is not None:
        parts.append(
            f'<div class="ending" id="ending-feedback"><strong>{_e(ui("feedback", language))}'
            f"</strong><p>{_e(localized(ending.feedback, language))}</p></div>"
        )
    parts.append(f"<h3>{_e(ui('debrief_elements', language))}</h3>")
    parts.append(f"<p>{_e(ui('debrief_elements_hint', language))}</p>")
    rows = []
    for element, (shown, missed) in _element_tally(trace, scenario).items():
        verdict = (
            "debrief_element_shown"
            if shown and not missed
            else "debrief_element_mixed"
            if shown
            else "debrief_element_missed"
            if missed
            else "debrief_element_none"
        )
        rows.append(
            f'<tr data-element="{_e(element)}"><td>{_e(_element(element, language))}</td>'
            f'<td class="num">{shown}</td><td class="num">{missed}</td>'
            f"<td>{_e(ui(verdict, language))}</td></tr>"
        )
    parts.append(
        '<table id="elements"><thead><tr>'
        f"<th>{_e(ui('debrief_element', language))}</th>"
        f'<th class="num">{_e(ui("shows", language))}</th>'
        f'<th class="num">{_e(ui("misses", language))}</th>'
        f"<th></th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    deviations = [
        (d, _recommended(scenario, d.node))
        for d in trace.decisions
        if _recommended(scenario, d.node)
        and not (_choice(scenario, d.node, d.choice) or _NOT_RECOMMENDED).recommended
    ]
    parts.append(f"<h3>{_e(ui('debrief_deviations', language))}</h3>")
    if not deviations:
        parts.append(f"<p>{_e(ui('debrief_no_deviations', language))}</p>")
    else:
        items = []
        for decision, better in deviations:
            chosen = _choice_text(scenario, decision.node, decision.choice, language)
            advice = " ".join(
                f"<li><strong>{_e(localized(c.text, language))}</strong> — "
                f"{_e(localized(c.feedback, language))}</li>"
                for c in better
            )
            items.append(
                f'<li data-node="{_e(decision.node)}">{_e(decision.node)}: '
                f"{_e(ui('debrief_you_chose', language))}: {_e(chosen)}<ul>{advice}</ul></li>"
            )
        parts.append(f'<ul id="deviations">{"".join(items)}</ul>')
    parts.append("</section>")
    return parts


class _NotRecommended:
    recommended = False


_NOT_RECOMMENDED = _NotRecommended()


def _looked_at(trace: SessionTrace, scenario: Scenario | None, language: str) -> list[str]:
    if scenario is None or not scenario.cues:
        return []
    visited = set(trace.path)
    cues = [cue for cue in scenario.cues if visited & set(cue.nodes)]
    parts = [f'<section id="looked-at"><h2>4. {_e(ui("debrief_looked", language))}</h2>']
    if not cues:
        parts.append(f"<p>{_e(ui('debrief_no_cues', language))}</p></section>")
        return parts
    if not trace.gaze:
        parts.append(f'<p class="note">{_e(ui("debrief_no_gaze", language))}</p>')
    spans = _gaze_spans(trace)
    rows = []
    for cue in cues:
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
        rows.append(
            f'<tr data-cue="{_e(cue.id)}"><td><strong>{_e(target)}</strong><br>'
            f'<span class="tag">{_e(nodes)}</span></td>'
            f"<td>{_e(localized(cue.description, language))}</td>"
            f'<td class="verdict-{css}">{_e(verdict)}</td></tr>'
        )
    parts.append(
        '<table id="cues"><thead><tr>'
        f"<th>{_e(ui('debrief_cue', language))}</th>"
        f"<th>{_e(ui('debrief_cue_why', language))}</th>"
        f"<th>{_e(ui('debrief_cue_seen', language))}</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )
    return parts


def _gaze_spans(trace: SessionTrace) -> list[tuple[str, float, float]]:
    """Node spans on the session clock (gaze samples carry the session clock's ``t``)."""
    origin = trace.clock_origin
    entries = [(s.node, s.t + origin) for s in trace.steps if s.kind == "node_entered" and s.node]
    spans = []
    for index, (node, start) in enumerate(entries):
        stop = entries[index + 1][1] if index + 1 < len(entries) else float("inf")
        spans.append((node or "", start, stop))
    return spans


# -- a group --------------------------------------------------------------------------------


def _count(count: int, trainees: int, individual: bool, suppress: bool = False) -> str:
    if count == 0:
        return "0"
    if not individual and (suppress or trainees < MIN_GROUP):
        return '<span class="suppressed">&lt; 3</span>'
    return str(count)


def _median_ms(values: list[int]) -> str:
    return _seconds(statistics.median(values)) if values else "—"


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
    lang = language
    body = [
        f"<h1>{_e(ui('debrief_group_title', lang))}</h1>",
        f'<p class="meta" id="meta">{_e(ui("debrief_group_meta", lang, sessions=len(traces)))}'
        + (f" · {_e(source)}" if source else "")
        + "</p>",
    ]
    if not individual:
        body.append(f'<p class="note">{_e(ui("debrief_group_privacy", lang))}</p>')
    by_scenario: dict[str, list[SessionTrace]] = {}
    for trace in traces:
        by_scenario.setdefault(trace.scenario_id, []).append(trace)
    if not traces:
        body.append(f"<p>{_e(ui('debrief_group_empty', lang))}</p>")
    for scenario_id, group in by_scenario.items():
        body += _group_part(scenario_id, group, scenarios.get(scenario_id), lang, individual)
    return _page(ui("debrief_group_title", lang), lang, body)


def _trainees(traces: Iterable[SessionTrace]) -> int:
    return len({t.trainee for t in traces})


def _group_part(
    scenario_id: str,
    traces: list[SessionTrace],
    scenario: Scenario | None,
    language: str,
    individual: bool,
) -> list[str]:
    lang = _language_for(scenario, language)
    title = localized(scenario.title, lang) if scenario else scenario_id
    trainees = _trainees(traces)
    parts = [
        f'<section class="scenario" data-scenario="{_e(scenario_id)}">',
        f"<h2>{_e(title)}</h2>",
        f'<p class="meta">{_e(ui("debrief_group_sessions", lang))}: '
        f"{_count(len(traces), trainees, individual)} · "
        f"{_e(ui('debrief_group_trainees', lang))}: {_count(trainees, trainees, individual)}</p>",
    ]
    if scenario is None:
        parts.append(f'<p class="note">{_e(ui("debrief_no_scenario", lang))}</p>')
    # Decision points in the scenario's order (the order of the file), reached ones only.
    nodes: list[str] = []
    seen: set[str] = set()
    order = list(scenario.nodes) if scenario else []
    for trace in traces:
        for decision in trace.decisions:
            if decision.node not in seen:
                seen.add(decision.node)
                nodes.append(decision.node)
    nodes.sort(key=lambda n: order.index(n) if n in order else len(order))
    parts.append(f"<h3>{_e(ui('debrief_group_decisions', lang))}</h3>")
    for node in nodes:
        parts.append(_decision_table(node, traces, scenario, lang, individual))
    parts.append(f"<h3>{_e(ui('debrief_group_endings', lang))}</h3>")
    parts.append(_endings_table(traces, scenario, lang, individual))
    if individual:
        parts.append(f"<h3>{_e(ui('debrief_group_individual', lang))}</h3>")
        parts.append(_individual_table(traces, lang))
    parts.append("</section>")
    return parts


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


def _decision_table(
    node: str,
    traces: list[SessionTrace],
    scenario: Scenario | None,
    language: str,
    individual: bool,
) -> str:
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
        found = _choice(scenario, node, choice)
        star = found is not None and found.recommended
        text = localized(found.text, language) if found else choice
        suppressed = index in hidden
        reactions = [d.reaction_ms for d in made if d.by != "timeout"]
        timeouts = sum(1 for d in made if d.by == "timeout")
        timed_out = _count(timeouts, trainees, individual, suppressed) if timeouts else ""
        median = (
            '<span class="suppressed">—</span>'
            if suppressed or (not individual and trainees < MIN_GROUP and count)
            else _median_ms(reactions)
        )
        rows.append(
            f'<tr data-choice="{_e(choice)}"{" class=recommended" if star else ""}>'
            f"<td>{'<span class=star>★</span> ' if star else ''}{_e(text)}"
            f'<br><span class="tag">{_e(choice)}</span></td>'
            f'<td class="num count">{_count(count, trainees, individual, suppressed)}</td>'
            f'<td class="num">{median}</td>'
            f'<td class="num">{timed_out}</td></tr>'
        )
    reached_trainees = _trainees(reached)
    head = (
        f"<tr><th>{_e(ui('debrief_group_choice', language))}</th>"
        f'<th class="num">{_e(ui("debrief_group_count", language))}</th>'
        f'<th class="num">{_e(ui("debrief_group_median", language))}</th>'
        f'<th class="num">{_e(ui("debrief_group_timeouts", language))}</th></tr>'
    )
    line = ""
    if scenario is not None and node in scenario.nodes and scenario.nodes[node].lines:
        line = localized(scenario.nodes[node].lines[-1].text, language)
        line = line if len(line) <= 140 else line[:139].rstrip() + "…"
    return (
        f'<div class="decision" data-node="{_e(node)}"><h4>{_e(node)} · '
        f"{_e(ui('debrief_group_reached', language))} "
        f"{_count(len(reached), reached_trainees, individual)}</h4>"
        + (f'<p class="tag">“{_e(line)}”</p>' if line else "")
        + f'<table class="decision-table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody>'
        "</table></div>"
    )


def _endings_table(
    traces: list[SessionTrace], scenario: Scenario | None, language: str, individual: bool
) -> str:
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
    rows = []
    for index, (ending, outcome, count, trainees) in enumerate(groups):
        if not ending and not count:
            continue
        label = (
            f"{_e(ending)} — {_outcome(outcome, language)}"
            if ending
            else _e(ui(f"debrief_status_{outcome}", language))
        )
        rows.append(
            f'<tr data-ending="{_e(ending or outcome)}"><td>{label}</td>'
            f'<td class="num count">{_count(count, trainees, individual, index in hidden)}'
            "</td></tr>"
        )
    return (
        '<table class="endings-table"><thead><tr>'
        f"<th>{_e(ui('ending', language))}</th>"
        f'<th class="num">{_e(ui("debrief_group_count", language))}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _individual_table(traces: list[SessionTrace], language: str) -> str:
    rows = []
    for trace in traces:
        session = f"#{trace.session_id}" if trace.session_id is not None else trace.uuid[:8]
        path = " → ".join(d.choice for d in trace.decisions)
        ending = f"{trace.ending} ({trace.outcome})" if trace.ending else trace.status
        started = trace.started_at.astimezone(UTC).astimezone().strftime("%Y-%m-%d %H:%M")
        rows.append(
            f"<tr><td>{_e(session)}</td><td>{_e(trace.trainee)}</td><td>{_e(started)}</td>"
            f"<td>{_e(ending)}</td><td>{_e(path)}</td></tr>"
        )
    return (
        '<table id="individual"><thead><tr>'
        f"<th>{_e(ui('debrief_session', language))}</th>"
        f"<th>{_e(ui('debrief_trainee', language))}</th><th></th>"
        f"<th>{_e(ui('ending', language))}</th>"
        f"<th>{_e(ui('your_choices', language))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
