"""Reading scenario and scene files into typed data, reporting every problem at once (pure core)."""

from __future__ import annotations

import hashlib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from simulator.errors import Problem, ScenarioError, UsageError, display_path, shown
from simulator.scenario import diagnostics as rules
from simulator.scenario._collector import collector_paused
from simulator.scenario.diagnostics import Descriptor, Finding
from simulator.scenario.logic import Logic, compile_logic
from simulator.scenario.model import FORMAT_VERSION, Scenario
from simulator.scenario.scene import SceneSpec
from simulator.scenario.yaml_source import Located, YamlSyntaxError, load_fast, load_located

__all__ = [
    "LoadedScenario",
    "Source",
    "find_project_root",
    "load_scenario",
    "load_scene",
    "read_model",
    "scene_file",
]

ModelT = TypeVar("ModelT", bound=BaseModel)
DataPath = tuple[str | int, ...]

_DUPLICATE_NAMES = {"nodes": "node id", "stagings": "staging name", "variables": "variable"}
_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "list_type": "a list (- item lines)",
    "tuple_type": "a list (- item lines)",
}
_VALUE_PROBLEMS: dict[str, tuple[Descriptor, str, str]] = {
    "finite_number": (
        rules.OUT_OF_RANGE,
        "is not a finite number",
        "a finite number (not .nan or .inf)",
    ),
    "string_pattern_mismatch": (
        rules.INVALID_ID,
        "is not a valid id",
        "lower-case letters, digits and _, starting with a letter",
    ),
}
"""Pydantic error kinds that name a bad value: the rule, what is wrong, what is expected."""
_RANGE_KINDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "too_short")


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario that passed every check, with its scene, compiled logic and provenance."""

    path: Path
    scenario: Scenario
    scene: SceneSpec
    logic: Logic
    content_hash: str
    """SHA-256 of the scenario file's bytes, so a record names exactly what was played."""

    @property
    def scene_path(self) -> Path:
        """The scene file the scenario was loaded with."""
        return scene_file(self.path, self.scenario.scene)


def scene_file(scenario_path: Path, scene: str) -> Path:
    """Where the scene named ``scene`` lives for the scenario file at ``scenario_path``."""
    return find_project_root(scenario_path) / "scenes" / f"{scene}.yaml"


def find_project_root(path: Path) -> Path:
    """The folder holding ``scenes/`` and ``assets/`` for a scenario file at ``path``."""
    for folder in path.resolve().parents:
        if (folder / "scenes").is_dir():
            return folder
    return path.resolve().parent


class Source:
    """A file's text, parsed with positions only when a problem needs locating."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self._located: Located | None = None

    @property
    def located(self) -> Located:
        """The positioned parse; raises YamlSyntaxError for text that is not YAML."""
        if self._located is None:
            self._located = load_located(self.text)
        return self._located

    def locate(self, findings: Iterable[Finding]) -> list[Problem]:
        """Problems for ``findings`` (rule, data path, message, expected), with line and column."""
        problems = []
        for rule, data_path, message, expected in findings:
            line, column = self.located.position(data_path)
            problems.append(
                Problem(
                    self.path, line, column, data_path, message, expected, rule.code, rule.warning
                )
            )
        return problems


def read_model(
    path: Path, model: type[ModelT]
) -> tuple[ModelT | None, Source | None, list[Problem]]:
    """Parse ``path`` as YAML and validate it as ``model``; never raises for bad content.

    Valid files take a fast parse; anything that fails is parsed again with
    positions so every problem names its line and column.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        source = Source(path, raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        problem = Problem(
            path, 1, 1, (), f"not UTF-8 text ({error.reason})", "UTF-8", rules.NOT_UTF8.code
        )
        return None, None, [problem]
    data = load_fast(source.text)
    if isinstance(data, dict) and data.get("format") == FORMAT_VERSION:
        try:
            return model.model_validate(data), source, []
        except ValidationError:
            pass
    return _read_located(source, model)


def _read_located(
    source: Source, model: type[ModelT]
) -> tuple[ModelT | None, Source | None, list[Problem]]:
    path = source.path
    try:
        located = source.located
    except YamlSyntaxError as error:
        return (
            None,
            None,
            [
                Problem(
                    path,
                    error.line,
                    error.column,
                    (),
                    error.message,
                    error.expected,
                    error.descriptor.code,
                )
            ],
        )
    problems = [_duplicate_problem(path, duplicate) for duplicate in located.duplicates]
    if not isinstance(located.data, dict):
        problems.append(
            Problem(
                path,
                1,
                1,
                (),
                "the file is not a mapping",
                f"a {model.__name__} as key: value lines",
                rules.NOT_A_MAPPING.code,
            )
        )
        return None, source, problems
    version = located.data.get("format")
    if isinstance(version, int) and version > FORMAT_VERSION:
        line, column = located.position(("format",))
        problems.append(
            Problem(
                path,
                line,
                column,
                ("format",),
                f"format {version} is newer than this simulator reads",
                f"format {FORMAT_VERSION} (update the simulator)",
                rules.FORMAT_TOO_NEW.code,
            )
        )
        return None, source, problems
    try:
        instance = model.model_validate(located.data)
    except ValidationError as error:
        problems.extend(_validation_problems(path, located, model, error.errors()))
        return None, source, problems
    return instance, source, problems


def load_scene(path: Path) -> SceneSpec:
    """Load one scene file; raise ScenarioError listing every problem."""
    scene, _, problems = read_model(path, SceneSpec)
    if problems or scene is None:
        raise ScenarioError(problems)
    return scene


def load_scenario(path: Path, *, explore: bool = True) -> LoadedScenario:
    """Load, check and compile a scenario and its scene; raise ScenarioError with every problem.

    ``explore`` also runs the state exploration checks (dead choices, stuck
    states); it is the slowest check and can be skipped for trusted content.
    """
    with collector_paused():
        return _load_scenario(Path(path), explore)


def _load_scenario(path: Path, explore: bool) -> LoadedScenario:
    from simulator.scenario.validation import check_scenario, check_scene

    scenario, source, problems = read_model(path, Scenario)
    if scenario is None or source is None:
        raise ScenarioError(problems)
    scene_path = scene_file(path, scenario.scene)
    scene: SceneSpec | None = None
    findings: list[Finding] = []
    if not scene_path.is_file():
        findings.append(
            (
                rules.SCENE_NOT_FOUND,
                ("scene",),
                f"scene {scenario.scene!r} not found at {display_path(scene_path)}",
                "the name of a file in scenes/ without .yaml",
            )
        )
    else:
        scene, scene_source, scene_problems = read_model(scene_path, SceneSpec)
        problems.extend(scene_problems)
        if scene is not None and scene_source is not None:
            assets = find_project_root(path) / "assets"
            problems.extend(scene_source.locate(check_scene(scene, assets)))
    logic, logic_problems = compile_logic(scenario)
    findings.extend((p.descriptor, p.path, p.message, p.expected) for p in logic_problems)
    if scene is not None:
        findings.extend(check_scenario(scenario, scene, logic, explore=explore))
    problems.extend(source.locate(findings))
    if problems or scene is None:
        raise ScenarioError(problems)
    digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    return LoadedScenario(path, scenario, scene, logic, digest)


def locate(loaded: LoadedScenario, findings: Iterable[Finding]) -> list[Problem]:
    """Problems for findings about a loaded scenario, located in its file, in file order."""
    source = Source(loaded.path, loaded.path.read_text(encoding="utf-8"))
    return sorted(source.locate(findings), key=lambda problem: (problem.line, problem.column))


def _duplicate_problem(path: Path, duplicate: Any) -> Problem:
    parent = duplicate.path[-2] if len(duplicate.path) > 1 else ""
    what = _DUPLICATE_NAMES.get(str(parent), "key")
    return Problem(
        path,
        duplicate.line,
        duplicate.column,
        duplicate.path,
        f"duplicate {what} {duplicate.path[-1]!r} (first at line {duplicate.first_line})",
        f"each {what} once",
        rules.DUPLICATE_KEY.code,
    )


def _data_path(located: Located, loc: tuple[Any, ...], keep_last: bool) -> DataPath:
    """Map a pydantic error location onto the YAML data, dropping union branch tags."""
    data: Any = located.data
    path: list[str | int] = []
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if (
            isinstance(data, dict)
            and part in data
            or isinstance(data, list)
            and isinstance(part, int)
            and part < len(data)
        ):
            data = data[part]
            path.append(part)
        elif last and keep_last:
            path.append(part)
    return tuple(path)


def _fields_at(model: type[BaseModel], path: DataPath) -> list[str]:
    """The field names of the model that validates the mapping at ``path`` (best effort)."""
    annotation: Any = model
    for part in path:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and unions down to the model (or the one type) inside."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            members = [_unwrap(a) for a in typing.get_args(annotation) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            annotation = models[0] if models else members[0]
        else:
            return annotation


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field else None
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is dict and len(arguments) == 2:
        return arguments[1]
    if origin in (list, tuple) and arguments:
        return arguments[0]
    return None


def _validation_problems(
    path: Path, located: Located, model: type[BaseModel], errors: list[Any]
) -> list[Problem]:
    merged: dict[DataPath, tuple[Descriptor, str, list[str], bool]] = {}
    for error in errors:
        kind = error["type"]
        key_error = kind in ("missing", "extra_forbidden")
        data_path = _data_path(located, tuple(error["loc"]), keep_last=key_error)
        given = error.get("input")
        if kind == "missing":
            merged[data_path] = (
                rules.MISSING_FIELD,
                f"missing field {data_path[-1]!r}",
                ["this required field"],
                False,
            )
            continue
        if kind == "extra_forbidden":
            allowed = _fields_at(model, data_path[:-1])
            merged[data_path] = (
                rules.UNKNOWN_FIELD,
                f"unknown field {data_path[-1]!r}",
                [f"one of: {', '.join(allowed)}" if allowed else "no such field"],
                True,
            )
            continue
        if kind in _TYPE_NAMES:
            previous = merged.get(data_path)
            expected_types = (
                previous[2] if previous and previous[1].startswith("wrong type") else []
            )
            expected_types.append(_TYPE_NAMES[kind])
            merged[data_path] = (
                rules.WRONG_TYPE,
                f"wrong type: got {_describe(given)}",
                expected_types,
                False,
            )
            continue
        if kind in ("literal_error", "enum"):
            options = error.get("ctx", {}).get("expected", "")
            merged[data_path] = (
                rules.VALUE_NOT_ALLOWED,
                f"{shown(given)} is not allowed",
                [f"one of {options}"],
                False,
            )
            continue
        if kind in _VALUE_PROBLEMS:
            rule, problem, expected_value = _VALUE_PROBLEMS[kind]
            merged[data_path] = (rule, f"{shown(given)} {problem}", [expected_value], False)
            continue
        message, _, expected = error["msg"].removeprefix("Value error, ").partition("; expected ")
        if kind in _RANGE_KINDS and kind != "too_short":
            message = f"{shown(given)} is out of range"
        merged[data_path] = (
            _rule_of(kind, error),
            message,
            [expected or _expected_for(kind, error)],
            False,
        )
    problems = []
    for data_path, (rule, message, expected, on_key) in merged.items():
        if message.startswith("missing field"):
            line, column = located.position(data_path[:-1])
        else:
            line, column = located.position(data_path, key=on_key)
        unique = list(dict.fromkeys(item for item in expected if item))
        problems.append(
            Problem(path, line, column, data_path, message, " or ".join(unique), rule.code)
        )
    return problems


def _rule_of(kind: str, error: Any) -> Descriptor:
    """The rule a pydantic error of no more specific kind breaks."""
    raised = error.get("ctx", {}).get("error")
    if isinstance(raised, rules.RuleViolation):
        return raised.descriptor
    if kind in _RANGE_KINDS:
        return rules.OUT_OF_RANGE
    return rules.INVALID_VALUE


def _expected_for(kind: str, error: Any) -> str:
    ctx = error.get("ctx", {})
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return {
            "greater_than": f"more than {_bound(ctx.get('gt'))}",
            "greater_than_equal": f"at least {_bound(ctx.get('ge'))}",
            "less_than": f"less than {_bound(ctx.get('lt'))}",
            "less_than_equal": f"at most {_bound(ctx.get('le'))}",
        }[kind]
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item(s)"
    return ""


def _bound(limit: Any) -> str:
    """A range limit as authors write it: ``10,000`` rather than ``10000.0``."""
    if isinstance(limit, int | float) and float(limit).is_integer():
        return f"{int(limit):,}"
    return str(limit)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return f"{type(value).__name__} {shown(value)}"
