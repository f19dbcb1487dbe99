"""The hostile corpus: malformed files and arguments, made the way a careless or hostile
author, trainer or trainee would make them (issue 10).

Every case is a small project folder (``scenarios/``, ``scenes/``, ``assets/``, copied
from the rule fixtures and then broken in one way) and a command line to run in it.
Each must be refused: exit code 1 or 2, no traceback, within the time limit, naming
the broken file and line where the case says which file it broke, and leaving every
file as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
VALID = (RULES / "scenarios" / "valid.yaml").read_text(encoding="utf-8")
LOT = (RULES / "scenes" / "lot.yaml").read_text(encoding="utf-8")
SCENARIO = "scenarios/hostile.yaml"
SCENE = "scenes/lot.yaml"


@dataclass(frozen=True)
class Case:
    """One hostile input and the command that reads it."""

    name: str
    kind: str
    """The class of fault from the issue (yaml bomb, model, number, expression, ...)."""
    argv: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    """Relative path to content, written over the valid project."""
    names_file: str | None = None
    """The file the refusal must name with a line number; None for argument cases."""
    prepare: Callable[[Path], None] | None = None
    """Extra set-up in the case's folder (links, databases)."""
    with_line: bool = True
    """Whether the refusal must give the line in ``names_file`` (``file:line``)."""

    def build(self, folder: Path) -> None:
        """Write the valid project, then this case's files, into ``folder``."""
        (folder / "scenarios").mkdir(parents=True)
        (folder / "scenes").mkdir()
        (folder / "data").mkdir()
        shutil.copytree(RULES / "assets", folder / "assets")
        (folder / SCENARIO).write_text(VALID.replace("id: valid", "id: hostile"), "utf-8")
        (folder / SCENE).write_text(LOT, encoding="utf-8")
        for relative, content in self.files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if self.prepare is not None:
            self.prepare(folder)


def _scenario(text: str) -> dict[str, bytes]:
    return {SCENARIO: text.encode("utf-8")}


def _valid_with(old: str, new: str) -> str:
    text = VALID.replace("id: valid", "id: hostile")
    assert old in text, old
    return text.replace(old, new, 1)


def _lot_with(old: str, new: str) -> str:
    assert old in LOT, old
    return LOT.replace(old, new, 1)


def _billion_laughs(depth: int) -> str:
    lines = ["format: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, depth)]
    return "\n".join(lines) + "\n"


def _merge_doubling(times: int) -> str:
    lines = ["format: 1", "m0: &m0 {k0: 1, k1: 2}"]
    lines += [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i + 1}: {i}}}" for i in range(1, times)]
    return "\n".join(lines) + "\n"


YAML_FILES: dict[str, str] = {
    "billion_laughs": _billion_laughs(9),
    "merge_doubled_18_times": _merge_doubling(18),
    "anchor_contains_itself": "format: 1\nloop: &loop [*loop]\n",
    "mapping_contains_itself": "format: 1\nloop: &loop {self: *loop}\n",
    "nested_600_sequences": "format: 1\nid: " + "[" * 600 + "]" * 600 + "\n",
    "nested_5000_sequences": "format: 1\nid: " + "[" * 5000 + "]" * 5000 + "\n",
    "nested_1000_mappings": "format: 1\nid: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n",
    "int_tag_on_text": "format: !!int abc\n",
    "float_tag_on_text": "format: 1\nid: !!float x\n",
    "python_object_tag": "format: 1\nid: !!python/object:os.system [ls]\n",
    "custom_tag": "format: 1\nid: !secret x\n",
    "unclosed_bracket": "format: 1\nid: [a, b\n",
    "tab_indentation": "format: 1\nnodes:\n\tmeet: {}\n",
    "two_documents": "format: 1\n---\nformat: 1\n",
    "duplicate_key": VALID.replace("id: valid", "id: hostile\nid: again"),
    "a_list_at_the_top": "- format: 1\n- id: x\n",
    "a_scalar_at_the_top": "just text\n",
    "an_empty_file": "",
    "only_a_comment": "# nothing here\n",
    "a_5000_digit_number": "format: " + "9" * 5000 + "\n",
    "undefined_alias": "format: 1\nid: *nowhere\n",
    "huge_string": "format: 1\nid: " + "x" * 2_000_000 + "\n",
    "many_keys": "format: 1\n" + "".join(f"k{i}: {i}\n" for i in range(250_000)),
}

NOT_TEXT: dict[str, bytes] = {
    "latin1_text": VALID.replace("Goedenavond", "Goedenavönd").encode("latin-1"),
    "utf16_text": VALID.encode("utf-16"),
    "nul_bytes": VALID.encode("utf-8").replace(b"Goedenavond", b"Goeden\x00avond"),
    "random_binary": bytes(range(256)) * 64,
    "gzip_header": b"\x1f\x8b\x08\x00" + bytes(500),
}

SCENARIO_VALUES: dict[str, tuple[str, str]] = {
    # Values that make no sense, ids that are not ids.
    "time_limit_true": ("time_limit: 10", "time_limit: true"),
    "time_limit_zero": ("time_limit: 10", "time_limit: 0"),
    "time_limit_negative": ("time_limit: 10", "time_limit: -5"),
    "time_limit_a_day": ("time_limit: 10", "time_limit: 86400"),
    "time_limit_nan": ("time_limit: 10", "time_limit: .nan"),
    "time_limit_text": ("time_limit: 10", "time_limit: ten"),
    "initial_infinite": ("pressure: 0}", "pressure: .inf}"),
    "initial_nan": ("pressure: 0}", "pressure: .nan}"),
    "initial_100000_digits": ("pressure: 0}", "pressure: " + "7" * 100_000 + "}"),
    "initial_above_the_limit": ("pressure: 0}", "pressure: 1e12}"),
    "initial_a_mapping": ("pressure: 0}", "pressure: {a: 1}}"),
    "node_id_with_space": ("  drawn:\n", "  drawn in:\n"),
    "node_id_with_dotdot": ("  drawn:\n", "  /../drawn:\n"),
    "node_id_upper_case": ("  drawn:\n", "  Drawn:\n"),
    "node_id_unicode": ("  drawn:\n", "  drawñ:\n"),
    "choice_id_with_slash": ("id: keep_quiet", "id: keep/quiet"),
    "line_id_equals_choice_id": ("id: hello,", "id: leave,"),
    "duplicate_choice_id": ("id: leave_late", "id: negotiate"),
    "variable_name_with_dash": ("told: false,", "to-ld: false,"),
    "escape_codes_in_text": ("Goedenavond.", '"Goeden\\u001b[2Javond."'),
    "raw_escape_character": ("Goedenavond.", "Goeden\x1b[2Javond."),
    "bell_in_title": ("Wachten bij de auto", '"Wachten\\u0007"'),
    "bidirectional_override": ("Goedenavond.", '"Goeden\\u202eavond."'),
    "format_from_the_future": ("format: 1", "format: 99"),
    "format_text": ("format: 1", "format: one"),
    "goto_nowhere": ("goto: pressed", "goto: nowhere"),
    "start_nowhere": ("start: meet", "start: nowhere"),
    "unknown_field": ("scene: lot", "scene: lot\nsecret: 1"),
    "unknown_language": ("{nl: Goedenavond., en: Good evening.}", "{nl: Goedenavond., xx: Hi.}"),
    "missing_translation": ("{nl: Goedenavond., en: Good evening.}", "{nl: Goedenavond.}"),
    "scene_with_dotdot": ("scene: lot", "scene: ../../etc/passwd"),
    "scene_missing": ("scene: lot", "scene: nowhere"),
    "unknown_outcome": ("outcome: drawn_in", "outcome: bribed"),
    "unknown_tag_element": ("shows: [safe_response]", "shows: [bravery]"),
    "speaker_off_stage": (
        "speaker: man_a, text: {nl: Goedenavond.",
        "speaker: man_b, text: {nl: Goedenavond.",
    ),
    "unknown_mark": ("man_a: {mark: car,", "man_a: {mark: roof,"),
    "text_instead_of_list": (
        "choices:\n      - {id: leave_late",
        "choices: none\n      # - {id: leave_late",
    ),
    # Conditions and effects.
    "nested_150_parentheses": (
        "when: pressure > 0",
        "when: " + "(" * 150 + "pressure" + ")" * 150 + " > 0",
    ),
    "unary_minus_2000": ("when: pressure > 0", "when: " + "-" * 2000 + "pressure > 0"),
    "or_3000_terms": ("when: pressure > 0", "when: " + " or ".join(["pressure > 0"] * 3000)),
    "plus_3000_terms": ("when: pressure > 0", "when: " + " + ".join(["pressure"] * 3000) + " > 0"),
    "condition_of_a_megabyte": ("when: pressure > 0", "when: pressure > 0" + " and told" * 100_000),
    "literal_5000_digits": ("when: pressure > 0", "when: pressure > " + "1" * 5000),
    "power_operator": ("when: pressure > 0", "when: 10**400 / 3 > pressure"),
    "python_call": ("when: pressure > 0", "when: __import__('os').system('ls')"),
    "lambda": ("when: pressure > 0", "when: (lambda: 1)()"),
    "undefined_variable": ("when: pressure > 0", "when: secret > 0"),
    "number_and_boolean": ("when: pressure > 0", "when: pressure and told"),
    "condition_is_a_number": ("when: pressure > 0", "when: pressure + 1"),
    "effect_sets_intensity": ("effects: {told: true}", "effects: {intensity: 3}"),
    "effect_wrong_type": ("effects: {told: true}", "effects: {told: 3}"),
    "effect_squares_in_a_loop": (
        "goto: pressed\n        effects: {pressure: pressure + 1}",
        "goto: meet\n        effects: {pressure: pressure * pressure + 2}",
    ),
    "counter_without_bound": (
        "goto: pressed\n        effects: {pressure: pressure + 1}",
        "goto: meet\n        effects: {pressure: pressure + 1}",
    ),
    "float_counter_without_bound": (
        "goto: pressed\n        effects: {pressure: pressure + 1}",
        "goto: meet\n        effects: {pressure: pressure + 0.5}",
    ),
}

SCENE_VALUES: dict[str, tuple[str, str]] = {
    "position_nan": ("pos: [3, 0, 0]", "pos: [.nan, 0, 0]"),
    "position_infinite": ("pos: [3, 0, 0]", "pos: [.inf, 0, 0]"),
    "position_a_billion": ("pos: [3, 0, 0]", "pos: [1000000000, 0, 0]"),
    "position_two_numbers": ("pos: [3, 0, 0]", "pos: [3, 0]"),
    "position_true": ("pos: [3, 0, 0]", "pos: [true, 0, 0]"),
    "heading_huge": ("heading: 180", "heading: 1e300"),
    "heading_nan": ("heading: 180", "heading: .nan"),
    "unknown_body": ("body: man, mark: car", "body: robot, mark: car"),
    "unknown_prop_kind": ("kind: car,", "kind: spaceship,"),
    "model_absolute": ("model: models/statue.egg", "model: /etc/passwd"),
    "model_leaves_assets": ("model: models/statue.egg", "model: ../../../etc/passwd"),
    "model_missing": ("model: models/statue.egg", "model: models/nowhere.egg"),
    "model_is_markdown": ("model: models/statue.egg", "model: models/notes.md"),
    "model_cut_off_glb": ("model: models/statue.egg", "model: models/cut.glb"),
    "model_bam_without_header": ("model: models/statue.egg", "model: models/fake.bam"),
    "model_link_to_passwd": ("model: models/statue.egg", "model: models/passwd.egg"),
    "scene_billion_laughs": (
        "marks:",
        "bomb: " + "x\n" + _billion_laughs(9).replace("format: 1\n", "") + "marks:",
    ),
}


def _glb(version: int, length: int) -> bytes:
    return b"glTF" + struct.pack("<II", version, length)


def _model_files() -> dict[str, dict[str, bytes]]:
    return {
        "glb_version_1": {"assets/models/cut.glb": _glb(1, 12)},
        "glb_wrong_length": {"assets/models/cut.glb": _glb(2, 10_000) + bytes(20)},
        "glb_empty": {"assets/models/cut.glb": b""},
        "gltf_not_json": {"assets/models/cut.gltf": b"# not json"},
    }


def _link_passwd(folder: Path) -> None:
    target = folder / "assets" / "models" / "passwd.egg"
    target.unlink(missing_ok=True)
    target.symlink_to("/etc/passwd")


def _private_lrs_config(folder: Path) -> None:
    (folder / "data" / "lrs.toml").chmod(0o600)


PLANS: dict[str, bytes] = {
    "plan_not_utf8": b"leave\n\xff\xfe report\n",
    "plan_binary": bytes(range(256)) * 8,
    "plan_nul_byte": b"leave\x00\nreport\n",
    "plan_huge_line": b"leave" + b" " * 2_000_000 + b"\n",
    "plan_choice_not_offered": b"leave\nnegotiate\n",
    "plan_unknown_choice": b"fly_away\n",
    "plan_empty": b"",
    "plan_too_long": b"leave\nreport\nreport\nreport\n",
}

LRS_CONFIGS: dict[str, bytes] = {
    "lrs_toml_wrong_types": b'endpoint = 42\nusername = ["a"]\npassword = {x = 1}\n',
    "lrs_toml_not_toml": b"endpoint: https://example.invalid\n[[[\n",
    "lrs_toml_binary": bytes(range(256)),
    "lrs_toml_not_utf8": b'endpoint = "https://lrs.example/\xff"\n',
}

AUTOPLAY = ("play", "--text", "--autoplay", "random")

ARGUMENTS: dict[str, tuple[str, ...]] = {
    "resume_huge": ("play", "--text", "--resume", "9" * 400, SCENARIO),
    "resume_negative": ("play", "--text", "--resume", "-1", SCENARIO),
    "resume_text": ("play", "--text", "--resume", "abc", SCENARIO),
    "retention_days_huge": ("records", "retention", "--days", "9" * 400),
    "retention_days_negative": ("records", "retention", "--days", "-3"),
    "retention_days_nan": ("records", "retention", "--days", "nan"),
    "display_negative": ("play", "--mode", "projector", "--display", "-3", "--offscreen", SCENARIO),
    "display_huge": ("play", "--mode", "projector", "--display", "9" * 50, SCENARIO),
    "eye_height_nan": ("play", "--mode", "xr", "--eye-height", "nan", SCENARIO),
    "eye_height_infinite": ("play", "--mode", "xr", "--eye-height", "inf", SCENARIO),
    "eye_height_negative": ("play", "--mode", "xr", "--eye-height", "-1.7", SCENARIO),
    "eye_height_ten_metres": ("play", "--mode", "xr", "--eye-height", "10", SCENARIO),
    "intensity_seven": ("play", "--text", "--intensity", "7", SCENARIO),
    "language_unknown": ("play", "--text", "--lang", "xx", SCENARIO),
    "size_zero": ("play", "--size", "0x0", "--offscreen", SCENARIO),
    "size_text": ("play", "--size", "big", "--offscreen", SCENARIO),
    "seed_text": (*AUTOPLAY, "--seed", "abc", SCENARIO),
    "trainee_real_name": (
        "play",
        "--text",
        "--autoplay",
        "random",
        "--trainee",
        "janjansen",
        SCENARIO,
    ),
    "trainee_email": (
        "play",
        "--text",
        "--autoplay",
        "random",
        "--trainee",
        "jan@gemeente.nl",
        SCENARIO,
    ),
    "trainee_with_spaces": (
        "play",
        "--text",
        "--autoplay",
        "random",
        "--trainee",
        "Jan Jansen",
        SCENARIO,
    ),
    "unknown_scenario_id": ("play", "--text", "no_such_scenario"),
    "folder_without_scenarios": ("validate", "assets"),
    "scenario_missing": ("validate", "scenarios/missing.yaml"),
    "test_random_negative": ("test", "--random", "-5", SCENARIO),
    "test_random_huge": ("test", "--random", "9" * 40, SCENARIO),
    "graph_unknown_format": ("graph", "--format", "pdf", SCENARIO),
    "graph_path_unknown_node": ("graph", "--path", "meet,nowhere", SCENARIO),
    "sessions_since_not_a_date": ("sessions", "--since", "yesterday"),
    "sessions_since_impossible_date": ("sessions", "--since", "2026-02-30"),
    "debrief_unknown_session": ("debrief", "424242"),
    "debrief_sessions_not_numbers": ("debrief", "--group", "--sessions", "1,x,3"),
    "export_format_unknown": ("export", "--format", "csv"),
    "lrs_not_a_url": (*AUTOPLAY, "--lrs", "not a url", SCENARIO),
    "lrs_file_url": (
        "play",
        "--text",
        "--autoplay",
        "random",
        "--lrs",
        "file:///etc/passwd",
        SCENARIO,
    ),
    "data_is_a_file": ("sessions", "--data", SCENARIO),
    "unknown_command": ("fly",),
    "unknown_option": ("validate", "--fast", SCENARIO),
}


def _foreign_database(folder: Path) -> None:
    with sqlite3.connect(folder / "data" / "records.sqlite3") as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, blob BLOB)")


def _record_not_a_database(folder: Path) -> None:
    (folder / "data" / "records.sqlite3").write_bytes(b"not a database at all\n" * 100)


RECORDS: dict[str, Callable[[Path], None]] = {
    "record_of_another_program": _foreign_database,
    "record_not_a_database": _record_not_a_database,
}

SCENARIO_COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate",),
    "test": ("test", "--random", "5"),
    "graph": ("graph", "--format", "dot"),
    "play": ("play", "--text", "--autoplay", "random", "--no-record"),
}


def cases() -> Iterator[Case]:
    """Every case of the corpus; the test checks there are at least 200 of them."""
    broken_scenarios = {
        **{name: ("yaml", text.encode("utf-8")) for name, text in YAML_FILES.items()},
        **{name: ("encoding", content) for name, content in NOT_TEXT.items()},
        **{
            name: (
                "expression" if "when:" in old or "effects" in old else "value",
                _valid_with(old, new).encode("utf-8"),
            )
            for name, (old, new) in SCENARIO_VALUES.items()
        },
    }
    for name, (kind, content) in broken_scenarios.items():
        for command, argv in SCENARIO_COMMANDS.items():
            yield Case(f"{name}-{command}", kind, (*argv, SCENARIO), {SCENARIO: content}, SCENARIO)
    for name, (old, new) in SCENE_VALUES.items():
        kind = "model" if "model" in name else "scene"
        prepare = _link_passwd if name == "model_link_to_passwd" else None
        for command in ("validate", "play"):
            yield Case(
                f"{name}-{command}",
                kind,
                (*SCENARIO_COMMANDS[command], SCENARIO),
                {SCENE: _lot_with(old, new).encode("utf-8")},
                SCENE,
                prepare,
            )
    for name, files in _model_files().items():
        model = next(iter(files)).removeprefix("assets/")
        scene = _lot_with("model: models/statue.egg", f"model: {model}").encode("utf-8")
        yield Case(
            f"{name}-validate", "model", ("validate", SCENARIO), {**files, SCENE: scene}, SCENE
        )
    for name, content in PLANS.items():
        yield Case(
            name,
            "plan",
            ("play", "--text", "--no-record", "--autoplay", "moves.plan", SCENARIO),
            {"moves.plan": content},
            "moves.plan",
            with_line=name not in ("plan_huge_line", "plan_empty"),
        )
    for name, content in LRS_CONFIGS.items():
        files = {"data/lrs.toml": content}
        argv = ("play", "--text", "--autoplay", "random", "--lrs", "http://127.0.0.1:9/xAPI/")
        argv = (*argv, SCENARIO)
        yield Case(name, "lrs", argv, files, "lrs.toml", _private_lrs_config, with_line=False)
    for name, argv in ARGUMENTS.items():
        yield Case(name, "argument", argv)
    for name, prepare in RECORDS.items():
        for argv in (
            ("sessions",),
            ("export",),
            ("play", "--text", "--autoplay", "random", SCENARIO),
        ):
            yield Case(f"{name}-{argv[0]}", "record", argv, {}, None, prepare)
