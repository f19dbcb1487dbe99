"""The debrief of a trainer-led group session, shown on the projector as one HTML page (pure core).

Built from the session's events: the branch graph with every branch the group
explored, each decision with the options, the group's vote counts, who
decided, the recommended option and the feedback, the trainer's notes and
the ending. Readable from the back of a room; no trainee code appears.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.i18n import ELEMENT_LABELS, GROUP_WORDS, OUTCOME_LABELS, ui
from simulator.report.graph import render_graph
from simulator.scenario.model import Scenario, localized
from simulator.session.events import (
    ChoiceMade,
    EndingReached,
    Event,
    Jumped,
    NodeEntered,
    NoteAdded,
    VoteRecorded,
)

__all__ = ["Decision", "decisions_of", "group_session_html"]


@dataclass
class Decision:
    """One visit to a decision point and what the group did there."""

    node: str
    votes: dict[str, int] = field(default_factory=dict)
    chosen: str | None = None
    chosen_by: str | None = None
    abandoned: bool = False
    """The group went back from the branch this choice started."""
    notes: list[str] = field(default_factory=list)


def decisions_of(events: Sequence[Event]) -> list[Decision]:
    """Each decision-point visit in order, with its votes, choice, notes and whether the
    branch it opened was later abandoned by going back."""
    visits: list[Decision] = []
    current: Decision | None = None
    for event in events:
        if isinstance(event, NodeEntered):
            current = Decision(event.node)
            visits.append(current)
        elif current is None:
            continue
        elif isinstance(event, VoteRecorded):
            current.votes = dict(event.counts)
        elif isinstance(event, NoteAdded):
            current.notes.append(event.text)
        elif isinstance(event, ChoiceMade):
            current.chosen, current.chosen_by = event.choice, event.by
        elif isinstance(event, Jumped) and event.reason == "back":
            for earlier in reversed(visits):
                if earlier.node == event.target and earlier.chosen:
                    earlier.abandoned = True
                    break
    return [visit for visit in visits if visit.chosen or visit.votes or visit.notes]


def group_session_html(scenario: Scenario, events: Sequence[Event], language: str) -> str:
    """The whole debrief page, self-contained, sized for a projector."""
    words = {key.removeprefix("group_"): ui(key, language) for key in GROUP_WORDS}

    def text(value: dict[str, str]) -> str:
        return html.escape(localized(value, language))

    path = [event.node for event in events if isinstance(event, NodeEntered)]
    graph = render_graph(scenario, "svg", language=language, path=path) if path else ""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(language)}"><head><meta charset="utf-8">',
        f"<title>{words['title']}: {text(scenario.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{text(scenario.title)}</h1><p class=sub>{words['title']}</p>",
        f"<h2>{words['graph']}</h2><div class=graph>{graph}</div>",
        f"<h2>{words['decisions']}</h2>",
    ]
    for number, visit in enumerate(decisions_of(events), start=1):
        node = scenario.nodes[visit.node]
        parts.append(f'<section class="decision"><h3>{number}. {html.escape(visit.node)}</h3>')
        if visit.abandoned:
            parts.append(f"<p class=explored>{words['explored']}</p>")
        parts.append(f"<table><tr><th>{words['option']}</th><th>{words['votes']}</th></tr>")
        for index, choice in enumerate(node.choices):
            if choice.id not in visit.votes and choice.id != visit.chosen:
                continue
            marks = []
            if choice.id == visit.chosen:
                by = {"group": "decided_group", "trainer": "decided_trainer"}
                marks.append(f"<b>{words[by.get(visit.chosen_by or '', 'decided_other')]}</b>")
            if choice.recommended:
                marks.append(f"<span class=rec>✓ {words['recommended']}</span>")
            votes = visit.votes.get(choice.id, "")
            chosen = ' class="chosen"' if choice.id == visit.chosen else ""
            parts.append(
                f"<tr{chosen}><td>{chr(65 + index)}) {text(choice.text)}<br>"
                f"<small>{' · '.join(marks)}</small></td><td class=n>{votes}</td></tr>"
            )
        parts.append("</table>")
        chosen_choice = next((c for c in node.choices if c.id == visit.chosen), None)
        if chosen_choice is not None:
            parts.append(f"<p class=feedback>{text(chosen_choice.feedback)}</p>")
            parts.append(
                _elements(chosen_choice.tags.shows, chosen_choice.tags.misses, words, language)
            )
        if visit.notes:
            items = "".join(f"<li>{html.escape(note)}</li>" for note in visit.notes)
            parts.append(f"<div class=notes><b>{words['notes']}</b><ul>{items}</ul></div>")
        parts.append("</section>")
    ending = next((e for e in reversed(events) if isinstance(e, EndingReached)), None)
    parts.append(f"<h2>{words['ending']}</h2>")
    if ending is None:
        parts.append(f"<p>{words['no_ending']}</p>")
    else:
        spec = scenario.nodes[ending.node].ending
        assert spec is not None
        label = OUTCOME_LABELS[ending.outcome].get(language, ending.outcome)
        parts.append(f"<p class='outcome {html.escape(ending.outcome)}'>{html.escape(label)}</p>")
        parts.append(f"<p>{text(spec.summary)}</p>")
        parts.append(f"<p class=feedback><b>{words['feedback']}:</b> {text(spec.feedback)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _elements(shows, misses, words: dict[str, str], language: str) -> str:
    chips = [
        f"<span class='chip {kind}'>{words[kind]}: "
        f"{html.escape(ELEMENT_LABELS[element.value][language])}</span>"
        for kind, elements in (("shows", shows), ("misses", misses))
        for element in elements
    ]
    return f"<p class=chips>{' '.join(chips)}</p>" if chips else ""


_CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:28px;line-height:1.35;margin:1.2em 2em;
color:#111;background:#fff}
h1{font-size:2em;margin:.2em 0}h2{font-size:1.4em;margin-top:1.4em;border-bottom:3px solid #ccc}
h3{font-size:1.1em;margin:.6em 0 .3em}.sub{color:#555;margin-top:0}
.graph svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:.9em}
td,th{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}
td.n{text-align:right;font-weight:bold;width:4em;font-size:1.2em}
tr.chosen td{background:#eef5ff}.rec{color:#1b6e2d}small{font-size:.75em;color:#333}
.explored{color:#8a5a00;font-style:italic}.feedback{background:#f6f6f2;padding:.5em .7em}
.chip{display:inline-block;border-radius:1em;padding:.05em .6em;margin:.1em;font-size:.75em}
.chip.shows{background:#dff3e2}.chip.misses{background:#fbe3df}
.notes{border-left:6px solid #f0b400;padding-left:.6em}
.outcome{font-size:1.3em;font-weight:bold}.safe_reported{color:#1b6e2d}
.safe_unreported{color:#8a5a00}.unsafe{color:#b34700}.drawn_in{color:#b00020}
section.decision{page-break-inside:avoid}
@media print{body{font-size:12pt;margin:0}}
"""
