"""The branch graph: what an author sees in the Mermaid, DOT and SVG drawings of a scenario."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from scenario_helpers import scenario_header
from scenario_helpers import write_scenario as write_project

from simulator.cli import main
from simulator.errors import ScenarioError, UsageError
from simulator.record.store import Record
from simulator.record.trace import trace_from_record
from simulator.report.debrief import session_debrief_html
from simulator.report.graph import OUTCOME_STYLES, outcome_caption, render_graph
from simulator.report.page import PRINT_HEIGHT, PRINT_WIDTH, graph_figure
from simulator.report.projector_debrief import projector_debrief_html
from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Outcome, Scenario
from simulator.session.runner import Runner

SVG = "{http://www.w3.org/2000/svg}"
CAR_PARK = Path(__file__).resolve().parent.parent / "scenarios" / "car_park.yaml"

HEADER = (
    scenario_header("branches", "Takken")
    + """\
variables: {told: false}
stagings:
  base: {trainee: {mark: door}, actors: {man_a: {mark: car}}}
"""
)

# A start with a timer, a cycle back to the start, a self-loop, conditional and
# recommended choices, and one ending of every outcome.
BRANCHES = (
    HEADER
    + """\
start: arrive
nodes:
  arrive:
    staging: base
    lines: [{id: l1, speaker: man_a, text: {nl: "Hé, jij daar!", en: "Hey, you there!"}}]
    time_limit: 12
    timeout_choice: freeze
    choices:
      - {id: greet, text: {nl: G, en: G}, goto: talk, feedback: {nl: g, en: g}, recommended: true}
      - {id: freeze, text: {nl: V, en: F}, goto: stare, feedback: {nl: f, en: f}}
  stare:
    staging: base
    lines: [{id: l2, speaker: narrator, text: {nl: Stilte, en: Silence}}]
    choices:
      - {id: look_again, text: {nl: K, en: L}, goto: stare, feedback: {nl: k, en: k}}
      - {id: back_off, text: {nl: T, en: B}, goto: arrive, feedback: {nl: t, en: t}}
      - {id: tell, text: {nl: V, en: T}, goto: told_end, when: intensity >= 2,
         feedback: {nl: v, en: v}}
  talk:
    staging: base
    choices:
      - {id: report, text: {nl: M, en: R}, goto: reported_end, effects: {told: true},
         feedback: {nl: m, en: m}, recommended: true}
      - {id: keep_quiet, text: {nl: Z, en: Q}, goto: quiet_end, feedback: {nl: z, en: z}}
      - {id: argue, text: {nl: R, en: A}, goto: fight_end, when: intensity >= 2 and not told,
         feedback: {nl: r, en: r}}
      - {id: agree, text: {nl: A, en: A}, goto: drawn_end, feedback: {nl: a, en: a}}
  reported_end:
    staging: base
    ending: {id: reported, outcome: safe_reported, summary: {nl: Gemeld, en: Reported},
             feedback: {nl: f, en: f}}
  told_end:
    staging: base
    ending: {id: told, outcome: safe_reported, summary: {nl: Verteld, en: Told},
             feedback: {nl: f, en: f}}
  quiet_end:
    staging: base
    ending: {id: quiet, outcome: safe_unreported, summary: {nl: Stil, en: Quiet},
             feedback: {nl: f, en: f}}
  fight_end:
    staging: base
    ending: {id: fight, outcome: unsafe, summary: {nl: Ruzie, en: Fight},
             feedback: {nl: f, en: f}}
  drawn_end:
    staging: base
    ending: {id: drawn, outcome: drawn_in, summary: {nl: Meegezogen, en: Drawn in},
             feedback: {nl: f, en: f}}
"""
)

CHOICES = {
    "greet": ("arrive", "talk"),
    "freeze": ("arrive", "stare"),
    "look_again": ("stare", "stare"),
    "back_off": ("stare", "arrive"),
    "tell": ("stare", "told_end"),
    "report": ("talk", "reported_end"),
    "keep_quiet": ("talk", "quiet_end"),
    "argue": ("talk", "fight_end"),
    "agree": ("talk", "drawn_end"),
}
OUTCOMES = {
    "reported_end": "safe_reported",
    "told_end": "safe_reported",
    "quiet_end": "safe_unreported",
    "fight_end": "unsafe",
    "drawn_end": "drawn_in",
}
CONDITIONS = {"tell": "intensity >= 2", "argue": "intensity >= 2 and not told"}
PATH = ("arrive", "stare", "stare", "arrive", "talk", "reported_end")
PATH_CHOICES = {"freeze", "look_again", "back_off", "greet", "report"}


def write_scenario(root: Path, text: str, name: str = "branches") -> Path:
    return write_project(root, text, name)


@pytest.fixture
def scenario_path(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, BRANCHES)


@pytest.fixture
def scenario(scenario_path: Path) -> Scenario:
    return load_scenario(scenario_path).scenario


def generated(nodes: dict[str, dict]) -> Scenario:
    """A scenario built in memory (conditions are not compiled, so any text can be tried)."""
    text = {"nl": "t", "en": "t"}
    return Scenario.model_validate(
        {
            "format": 1,
            "id": "generated",
            "version": "1",
            "title": text,
            "description": text,
            "scene": "lot",
            "content_warning": text,
            "audience": text,
            "learning_objectives": [text],
            "start": next(iter(nodes)),
            "stagings": {"base": {"trainee": {"mark": "door"}}},
            "nodes": nodes,
        }
    )


def choice(choice_id: str, goto: str, when: str | None = None) -> dict:
    data = {"id": choice_id, "text": {"nl": "t", "en": "t"}, "goto": goto}
    data["feedback"] = {"nl": "f", "en": "f"}
    if when is not None:
        data["when"] = when
    return data


def ending(outcome: str = "unsafe") -> dict:
    text = {"nl": "t", "en": "t"}
    return {
        "staging": "base",
        "ending": {"id": "end", "outcome": outcome, "summary": text, "feedback": text},
    }


def tree(count: int, fan_out: int) -> Scenario:
    nodes = {}
    for index in range(count):
        children = range(index * fan_out + 1, min(count, index * fan_out + fan_out + 1))
        choices = [choice(f"c{child}", f"n{child}") for child in children]
        nodes[f"n{index}"] = {"staging": "base", "choices": choices} if choices else ending()
    return generated(nodes)


# --- SVG helpers ------------------------------------------------------------------------


def parse_svg(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if kind in classes(g)]


def node_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Bounding box (left, top, right, bottom) of every node's shape."""
    boxes = {}
    for group in groups(root, "node"):
        rect = group.find(f"{SVG}rect[@class='box']")
        if rect is not None:
            x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
            box = (x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0)))
        else:
            polygon = group.find(f"{SVG}polygon[@class='box']")
            assert polygon is not None
            points = [tuple(map(float, p.split(","))) for p in polygon.get("points", "").split()]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = (min(xs), min(ys), max(xs), max(ys))
        boxes[group.get("data-node", "")] = box
    return boxes


def on_border(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x, y = point
    left, top, right, bottom = box
    tolerance = 0.15
    on_horizontal = left - tolerance <= x <= right + tolerance and (
        abs(y - top) <= tolerance or abs(y - bottom) <= tolerance
    )
    on_vertical = top - tolerance <= y <= bottom + tolerance and (
        abs(x - left) <= tolerance or abs(x - right) <= tolerance
    )
    return on_horizontal or on_vertical


def edge_ends(group: ET.Element) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where an edge leaves its source (the path's start) and meets its target (the arrow tip)."""
    path = group.find(f"{SVG}path[@class='line']")
    head = group.find(f"{SVG}polygon[@class='head']")
    assert path is not None and head is not None
    match = re.match(r"M(-?[\d.]+),(-?[\d.]+)", path.get("d", ""))
    assert match, path.get("d")
    start = (float(match.group(1)), float(match.group(2)))
    tip = tuple(map(float, head.get("points", "").split()[0].split(",")))
    return start, (tip[0], tip[1])


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- every format ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "svg"])
def test_every_node_and_choice_appears(scenario: Scenario, fmt: str) -> None:
    text = render_graph(scenario, fmt)  # type: ignore[arg-type]
    for node_id in scenario.nodes:
        assert node_id in text
    for choice_id in CHOICES:
        assert choice_id in text
    for condition in CONDITIONS.values():
        # Each word of a condition shows (the SVG wraps long ones over lines).
        for word in condition.replace(">", "").split():
            assert word in text


def test_unknown_language_or_path_node_is_a_usage_error(scenario: Scenario) -> None:
    with pytest.raises(UsageError, match="language 'de'"):
        render_graph(scenario, "svg", language="de")
    with pytest.raises(UsageError, match="nowhere"):
        render_graph(scenario, "mermaid", path=["arrive", "nowhere"])


# --- Mermaid ------------------------------------------------------------------------------


def mermaid_edges(text: str) -> dict[str, tuple[str, str, str]]:
    """choice id -> (source, arrow, target) from `n_a -->|"label"| n_b` lines."""
    edges = {}
    for line in text.splitlines():
        match = re.fullmatch(r'\s+n_(\w+) (-->|==>|-\.->)\|"([^"]*)"\| n_(\w+)', line)
        if match:
            source, arrow, label, target = match.groups()
            edges[label.split("<br/>")[0].split()[0]] = (source, arrow, target, label)
    return edges


def test_mermaid_is_a_flowchart_with_one_edge_per_choice(scenario: Scenario) -> None:
    text = render_graph(scenario, "mermaid")
    assert text.splitlines()[1] == "flowchart TD"
    edges = mermaid_edges(text)
    assert {choice_id: edge[::2][:2] for choice_id, edge in edges.items()} == CHOICES
    assert edges["greet"][1] == "==>"  # recommended: thick
    assert edges["tell"][1] == "-.->"  # conditional: dotted
    assert edges["argue"][3] == "argue<br/>if intensity #gt;= 2 and not told"
    assert "⏱" in edges["freeze"][3]


def test_mermaid_marks_start_timer_and_outcomes(scenario: Scenario) -> None:
    text = render_graph(scenario, "mermaid")
    assert 'n_arrive["arrive<br/>⏱ 12s · start"]' in text
    assert "class n_arrive start" in text
    assert 'n_fight_end{{"fight_end<br/>unsafe"}}' in text
    assert 'n_drawn_end[/"drawn_end<br/>drawn in"\\]' in text
    assert "class n_reported_end,n_told_end safe_reported" in text
    for outcome, style in OUTCOME_STYLES.items():
        assert f"classDef {outcome.value} fill:{style.fill},stroke:{style.stroke}" in text


def test_mermaid_escapes_quotes_brackets_and_pipes() -> None:
    nasty = 'a == "x" or b[1] | (c) > {d} # e'
    scenario = generated(
        {"a": {"staging": "base", "choices": [choice("go", "z", nasty)]}, "z": ending()}
    )
    text = render_graph(scenario, "mermaid")
    (label,) = re.findall(r'\|"(.*)"\|', text)
    assert not set('"[]{}()|<>') & set(label.replace("<br/>", " ")), label
    assert "#quot;x#quot;" in label and "#124;" in label and "#91;1#93;" in label
    for line in text.splitlines()[1:]:
        outside = re.sub(r'"[^"]*"', "", line)
        for opening, closing in ("[]", "()", "{}"):
            assert outside.count(opening) == outside.count(closing), line


def test_mermaid_highlights_only_the_path(scenario: Scenario) -> None:
    text = render_graph(scenario, "mermaid", path=PATH)
    order = list(mermaid_edges(text))
    highlighted = next(
        line
        for line in text.splitlines()
        if "stroke:#1565c0,stroke-width:4px" in line and "linkStyle" in line
    )
    indices = highlighted.split()[1].split(",")
    assert {order[int(index)] for index in indices} == PATH_CHOICES
    styled = {m for m in re.findall(r"style n_(\w+) stroke:#1565c0", text)}
    assert styled == set(PATH)


# --- DOT ----------------------------------------------------------------------------------


def dot_outside_strings(text: str) -> str:
    """DOT text with every quoted string removed; fails on an unterminated string."""
    stripped = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert stripped.count('"') % 2 == 0
    return stripped


def test_dot_is_balanced_and_escapes_quotes() -> None:
    nasty = 'name == "x\\y" and {z}'
    scenario = generated(
        {"a": {"staging": "base", "choices": [choice("go", "z", nasty)]}, "z": ending()}
    )
    text = render_graph(scenario, "dot")
    assert '\\"x\\\\y\\"' in text
    outside = dot_outside_strings(text)
    for opening, closing in ("{}", "[]"):
        assert outside.count(opening) == outside.count(closing)
    assert outside.startswith('digraph ""')


def test_dot_styles_endings_conditions_and_path(scenario: Scenario) -> None:
    text = render_graph(scenario, "dot", path=PATH)
    lines = {line.split(" [")[0].strip(): line for line in text.splitlines()}
    assert 'shape="hexagon"' in lines['"fight_end"']
    assert OUTCOME_STYLES[Outcome.DRAWN_IN].fill in lines['"drawn_end"']
    assert 'label="argue\\nif intensity >= 2 and not told"' in lines['"talk" -> "fight_end"']
    on_path = {key for key, line in lines.items() if "penwidth=4.0" in line}
    expected_edges = {f'"{a}" -> "{b}"' for a, b in zip(PATH, PATH[1:], strict=False)}
    assert on_path == {f'"{node}"' for node in PATH} | expected_edges


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_accepts_the_dot(scenario: Scenario) -> None:
    result = subprocess.run(
        ["dot", "-Tsvg"],
        input=render_graph(scenario, "dot", path=PATH),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


# --- SVG ----------------------------------------------------------------------------------


def test_svg_parses_and_marks_nodes(scenario: Scenario) -> None:
    root = parse_svg(render_graph(scenario, "svg", language="nl"))
    nodes = {g.get("data-node"): g for g in groups(root, "node")}
    assert set(nodes) == set(scenario.nodes)
    assert "start" in classes(nodes["arrive"]) and "timed" in classes(nodes["arrive"])
    for node_id, outcome in OUTCOMES.items():
        assert {"ending", outcome} <= classes(nodes[node_id])
    assert nodes["arrive"].findtext(f"{SVG}title") == "arrive: Hé, jij daar!"
    assert nodes["fight_end"].findtext(f"{SVG}title") == "fight_end: Ruzie"
    assert "12s · start" in "".join(nodes["arrive"].itertext())
    style = root.findtext(f"{SVG}style") or ""
    for outcome, look in OUTCOME_STYLES.items():
        assert f".{outcome.value} .box {{ fill: {look.fill}; stroke: {look.stroke};" in style
    legend = "".join(next(iter(groups(root, "legend"))).itertext())
    for outcome in OUTCOME_STYLES:
        assert outcome_caption(outcome, "nl") in legend


# The graph's own English words; none of them may show on a Dutch drawing.
ENGLISH_GRAPH_WORDS = (
    "branch graph", "nodes", "choices", "endings", "ending:", "node", "timed", "seconds",
    "recommended", "conditional", "visited path", "step", "timeout", "if ", "safe, reported",
    "not reported", "unsafe", "drawn in",
)  # fmt: skip


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "svg"])
def test_a_dutch_graph_has_no_english_words(scenario: Scenario, fmt: str) -> None:
    text = render_graph(scenario, fmt, language="nl", path=PATH)  # type: ignore[arg-type]
    if fmt == "svg":
        root = parse_svg(text)
        style = root.find(f"{SVG}style")
        assert style is not None
        root.remove(style)
        text = " ".join(root.itertext())
    else:  # the words are in the quoted labels; the rest is the format's own syntax
        text = " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))
    # Ids and the authors' conditions are not words of the page; take them out first.
    for name in sorted([*scenario.nodes, *CHOICES, *CONDITIONS.values()], key=len, reverse=True):
        text = text.replace(name, " ")
    found = [word for word in ENGLISH_GRAPH_WORDS if word in text]
    assert not found, found
    for dutch in ("veilig, gemeld", "meegezogen", "als "):
        assert dutch in text
    if fmt == "svg":
        for dutch in ("overzicht van de takken", "momenten", "aanbevolen keuze", "bij tijd om"):
            assert dutch in text


def test_svg_edges_carry_choice_condition_and_emphasis(scenario: Scenario) -> None:
    root = parse_svg(render_graph(scenario, "svg"))
    edges = {g.get("data-choice"): g for g in groups(root, "edge")}
    assert {c: (g.get("data-from"), g.get("data-to")) for c, g in edges.items()} == CHOICES
    labels = {g.get("data-choice"): " ".join(g.itertext()) for g in groups(root, "elabel")}
    for choice_id, condition in CONDITIONS.items():
        assert "conditional" in classes(edges[choice_id])
        assert labels[choice_id] == f"{choice_id} if {condition}"
    assert {c for c, g in edges.items() if "recommended" in classes(g)} == {"greet", "report"}
    assert labels["freeze"] == "freeze · timeout"


def test_svg_highlights_only_the_path(scenario: Scenario) -> None:
    root = parse_svg(render_graph(scenario, "svg", path=PATH))
    visited_nodes = {g.get("data-node") for g in groups(root, "node") if "visited" in classes(g)}
    muted_nodes = {g.get("data-node") for g in groups(root, "node") if "muted" in classes(g)}
    assert visited_nodes == set(PATH)
    assert muted_nodes == set(scenario.nodes) - set(PATH)
    visited_edges = {g.get("data-choice") for g in groups(root, "edge") if "visited" in classes(g)}
    assert visited_edges == PATH_CHOICES
    steps = {
        g.get("data-node"): g.findtext(f"{SVG}g[@class='step']/{SVG}text")
        for g in groups(root, "node")
    }
    assert steps["arrive"] == "1,4" and steps["stare"] == "2,3" and steps["talk"] == "5"
    plain = parse_svg(render_graph(scenario, "svg"))
    assert not [g for g in plain.iter(f"{SVG}g") if classes(g) & {"visited", "muted"}]


def check_layout(text: str) -> None:
    """No two node boxes overlap, and every edge starts and ends on its nodes' borders."""
    root = parse_svg(text)
    boxes = node_boxes(root)
    ordered = sorted(boxes.values())
    for index, box in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other[0] >= box[2]:
                break
            assert not overlaps(box, other), (box, other)
    for group in groups(root, "edge"):
        start, tip = edge_ends(group)
        assert on_border(start, boxes[group.get("data-from", "")]), group.get("data-choice")
        assert on_border(tip, boxes[group.get("data-to", "")]), group.get("data-choice")


def test_svg_layout_is_clean(scenario: Scenario) -> None:
    check_layout(render_graph(scenario, "svg", path=PATH))


def test_svg_layout_of_a_bigger_tangled_graph() -> None:
    nodes: dict[str, dict] = {}
    count = 40
    for index in range(count - 6):
        targets = {index + 1, index + 2, (index * 7) % 6 + count - 6, max(0, index - 3)}
        choices = [
            choice(f"c{index}_{target}", f"n{target}", "pressure > 1" if target % 3 else None)
            for target in sorted(t for t in targets if t < count)
        ]
        nodes[f"n{index}"] = {"staging": "base", "choices": choices}
    for index in range(count - 6, count):
        nodes[f"n{index}"] = ending(list(Outcome)[index % 4].value)
    check_layout(render_graph(generated(nodes), "svg"))


@pytest.mark.parametrize("shape", ["chain", "tree"])
def test_svg_of_ten_thousand_nodes_is_fast(shape: str) -> None:
    scenario = tree(10_000, 1 if shape == "chain" else 3)
    started = time.perf_counter()
    text = render_graph(scenario, "svg")
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0  # about 0.7 s on a laptop; generous for loaded CI machines
    assert len(groups(parse_svg(text), "node")) == 10_000


# --- the command line and the layer boundary -------------------------------------------------


def test_cli_writes_a_file(scenario_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "graph.svg"
    assert main(["graph", str(scenario_path), "-o", str(output), "--lang", "nl"]) == 0
    assert groups(parse_svg(output.read_text(encoding="utf-8")), "node")
    dot = tmp_path / "graph.txt"
    assert main(["graph", str(scenario_path), "--format", "dot", "-o", str(dot)]) == 0
    assert dot.read_text(encoding="utf-8").startswith('digraph "branches"')


def test_cli_prints_mermaid_without_output(
    scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", str(scenario_path), "--path", "arrive,talk"]) == 0
    assert "flowchart TD" in capsys.readouterr().out


def test_cli_reports_a_bad_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_scenario(tmp_path, BRANCHES.replace("goto: talk", "goto: tlak"))
    with pytest.raises(ScenarioError):
        load_scenario(path)
    assert main(["graph", str(path)]) == 2
    assert "tlak" in capsys.readouterr().err


def test_graph_stays_in_the_pure_core() -> None:
    code = (
        "import sys, simulator.report.graph, simulator.commands.graph\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('panda3d', 'direct', 'xr')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- The path a trainee took, as a debrief draws it ------------------------------------------


def _highlighted(fmt: str, text: str) -> list[tuple[str, str]]:
    """The (node, choice id) of every edge drawn as taken, in the order the drawing lists them."""
    if fmt == "svg":
        root = parse_svg(text)
        return [
            (g.get("data-from", ""), g.get("data-choice", ""))
            for g in groups(root, "edge")
            if "visited" in classes(g)
        ]
    if fmt == "dot":
        found = re.findall(r'^\s+"(\w+)" -> "\w+" \[.*tooltip="(\w+)".*$', text, flags=re.M)
        lines = [line for line in text.splitlines() if " -> " in line]
        return [edge for edge, line in zip(found, lines, strict=True) if "penwidth=4.0" in line]
    edges = re.findall(r'^\s+n_(\w+) (?:-->|==>|-\.->)\|"(\w+)', text, flags=re.M)
    styled = re.search(r"linkStyle ([\d,]+) stroke:#1565c0", text)
    return [edges[int(index)] for index in styled.group(1).split(",")] if styled else []


def test_a_seeded_random_play_highlights_exactly_the_choices_made_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    play = ["play", "car_park", "--text", "--lang", "en", "--autoplay", "random", "--seed", "1"]
    assert main([*play, "--data", str(data)]) == 0
    capsys.readouterr()
    with Record.open(data) as record:
        trace = trace_from_record(record.session(1), record.events(1))
    scenario = load_scenario(CAR_PARK, explore=False).scenario
    made = [(decision.node, decision.choice) for decision in trace.decisions]
    # The lobby's recommended choice leads to the same node as the one this play made.
    assert ("lobby", "go_out_alone") in made and ("lobby", "ask_walk_along") not in made

    page = session_debrief_html(trace, scenario, language="en")
    figure = page[page.index("<svg") : page.index("</svg>") + 6]

    assert len(made) == 11 and len(set(made)) == len(made)
    assert sorted(_highlighted("svg", figure)) == sorted(made)
    walk = next(
        g for g in groups(parse_svg(figure), "edge") if g.get("data-choice") == "ask_walk_along"
    )
    assert classes(walk) == {"edge", "recommended", "muted"}
    for fmt in ("svg", "dot", "mermaid"):
        text = render_graph(scenario, fmt, path=trace.path, taken=made)  # type: ignore[arg-type]
        assert sorted(_highlighted(fmt, text)) == sorted(made), fmt


def test_the_projector_graph_highlights_the_groups_choice_not_its_neighbour() -> None:
    loaded = load_scenario(CAR_PARK, explore=False)
    runner = Runner(loaded.scenario, loaded.logic, intensity=2)
    events = [*runner.start(), *runner.choose("go_out_alone", by="group", via="vote")]

    page = projector_debrief_html(loaded.scenario, events, "en")
    figure = page[page.index("<svg") : page.index("</svg>") + 6]

    assert _highlighted("svg", figure) == [("lobby", "go_out_alone")]
    assert "<?xml" not in page, "an XML declaration inside HTML is invalid"


def test_the_printed_graph_is_cut_between_ranks_into_pieces_that_fit_a_page() -> None:
    loaded = load_scenario(CAR_PARK, explore=False)

    figure = graph_figure(loaded.scenario, "en", ["lobby"], [])
    root = parse_svg(str(figure.svg))
    boxes = node_boxes(root)

    assert len(figure.slices) >= 2
    tops = [float(piece.view_box.split()[1]) for piece in figure.slices]
    for cut in tops[1:]:
        assert not [n for n, (_, top, _, bottom) in boxes.items() if top - 8 < cut < bottom], cut
    for piece in figure.slices:
        assert float(piece.width) <= PRINT_WIDTH and float(piece.height) <= PRINT_HEIGHT
    heights = [float(piece.view_box.split()[3]) for piece in figure.slices]
    assert sum(heights) == pytest.approx(float(root.get("height", 0)), abs=0.5)
