"""Safe YAML loading that remembers where every value came from (pure core).

Authors need errors that point at a line, so this module composes the YAML
node tree itself (safe tags only: no YAML document can construct Python
objects or run code) and keeps the line and column of every key and value.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from simulator.errors import SimulatorError, shown
from simulator.scenario.diagnostics import UNSAFE_TAG, YAML_SYNTAX, Descriptor

try:  # a Rust parser, about 20 times faster than PyYAML; optional, results are checked anyway
    import yaml_rs
except ImportError:  # pragma: no cover - platforms without its wheels
    yaml_rs = None  # type: ignore[assignment]

__all__ = ["Duplicate", "Located", "YamlSyntaxError", "load_fast", "load_located"]

MAX_VALUES = 200_000
"""Values a file may hold once aliases and merge keys are expanded (an alias bomb holds more)."""
MAX_DEPTH = 64
"""How deeply mappings and sequences may nest (an anchor that contains itself never ends)."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that reads plain scalars by the YAML 1.2 core schema, as editors do.

    YAML 1.1 (PyYAML's default) reads ``no``, ``on`` and ``yes`` as booleans,
    ``010`` as eight, ``1_000`` as a thousand and ``2026-12-01`` as a date; the
    1.2 core schema reads all of them as text, except ``010`` (ten).
    """

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if text[:2] in ("0o", "0x"):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


def _construct_float(loader: Any, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node).lower()
    if text.lstrip("+-") == ".inf":
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("merge", r"^<<$", "<"),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)

Path_ = tuple[str | int, ...]
_EXPECTED_YAML = "valid YAML (check indentation, colons and quotes)"
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass(frozen=True)
class Duplicate:
    """A mapping key that appears twice; the later value is dropped."""

    path: Path_
    line: int
    column: int
    first_line: int


@dataclass
class Located:
    """Plain data (dicts, lists, scalars) plus the 1-based position of each path in it."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` is written; falls back to the closest enclosing value that exists."""
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


class YamlSyntaxError(SimulatorError):
    """The text is not YAML; carries the 1-based position, the parser's explanation and the rule."""

    def __init__(
        self,
        line: int,
        column: int,
        message: str,
        expected: str = _EXPECTED_YAML,
        descriptor: Descriptor = YAML_SYNTAX,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
        self.expected = expected
        self.descriptor = descriptor


_MAYBE_TAG = re.compile(r"[\s\[{,]!")
_MAYBE_ALIAS = re.compile(r"[\s\[{,:-]\*[^\s*]")
# Plain scalars the fast parser reads differently from the YAML 1.2 core schema: dates,
# digits grouped with underscores, binary numbers. Three searches without a leading word
# boundary scan a large file several times faster than one alternation with them.
_MAYBE_DATE = re.compile(r"\d\d\d\d-\d\d?-\d\d?\b")
_MAYBE_GROUPED = re.compile(r"\d_+\d")
_MAYBE_BINARY = re.compile(r"\b0b[01]")


def load_fast(text: str) -> Any | None:
    """Plain data from ``text`` quickly, or None when only ``load_located`` can be trusted.

    None for any text the fast parser rejects, and for text that may hold tags
    or merge keys (which the fast parser ignores rather than refuses), aliases
    (which it expands without bound), and scalars it reads otherwise than the
    YAML 1.2 core schema (dates, ``1_000``, ``0b11``). Callers
    fall back to ``load_located`` for anything that fails later checks, so the
    located parse stays the authority for every error message.
    """
    if yaml_rs is None or text.startswith("!") or "<<" in text:
        return None
    if "!" in text and _MAYBE_TAG.search(text):  # "!" is common in dialogue; a tag follows space
        return None
    if "*" in text and _MAYBE_ALIAS.search(text):  # aliases: only the located parser bounds them
        return None
    if _MAYBE_DATE.search(text) or _MAYBE_GROUPED.search(text):
        return None
    if "0b" in text and _MAYBE_BINARY.search(text):
        return None
    try:
        return yaml_rs.loads(text)
    except Exception:  # any parse failure: the located parser explains it
        return None


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_located(text: str) -> Located:
    """Parse one YAML document; raise YamlSyntaxError when it is not valid YAML."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        located = Located(data=None)
        if root is not None:
            located.data = _convert(loader, root, (), located, _Budget())
        return located
    except YamlSyntaxError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(
            line, column, f"YAML syntax error: {error.problem or error}"
        ) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(1, 1, f"YAML syntax error: {error}") from None
    finally:
        loader.dispose()


@dataclass
class _Budget:
    """What is left of MAX_VALUES while one document is converted."""

    values: int = MAX_VALUES
    merged: dict[int, int] = field(default_factory=dict)


def _convert(loader: Any, node: yaml.Node, path: Path_, out: Located, budget: _Budget) -> Any:
    out.values[path] = _mark(node)
    line, column = _mark(node)
    budget.values -= 1
    if budget.values < 0:
        raise YamlSyntaxError(
            line,
            column,
            f"aliases and merge keys expand to more than {MAX_VALUES:,} values",
            "each anchor used a few times, not an alias bomb",
        )
    if len(path) > MAX_DEPTH:
        raise YamlSyntaxError(
            line,
            column,
            f"values nested more than {MAX_DEPTH} levels deep (or an anchor that contains itself)",
            f"at most {MAX_DEPTH} levels of mappings and sequences",
        )
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlSyntaxError(
            line,
            column,
            f"tag {tag!r} is not allowed",
            "plain values (files cannot run code)",
            UNSAFE_TAG,
        )
    if isinstance(node, yaml.MappingNode):
        if _merged_size(node, budget) > MAX_VALUES:
            raise YamlSyntaxError(
                line,
                column,
                f"merge keys expand to more than {MAX_VALUES:,} values",
                "each mapping merged a few times, not a merge bomb",
            )
        own = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE_TAG)
        loader.flatten_mapping(node)
        merged = len(node.value) - own  # flatten_mapping puts merged pairs first
        result: dict[Any, Any] = {}
        from_merge: set[Any] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            key = _construct(loader, key_node)
            if not isinstance(key, str | int | float | bool):
                key = str(key)
            key_path = (*path, key)
            if key in result and key not in from_merge:
                line, column = _mark(key_node)
                out.duplicates.append(Duplicate(key_path, line, column, out.keys[key_path][0]))
                continue
            # A key of the mapping's own overrides a merged one, as does a later merged one.
            if index < merged:
                from_merge.add(key)
            else:
                from_merge.discard(key)
            out.keys[key_path] = _mark(key_node)
            result[key] = _convert(loader, value_node, key_path, out, budget)
            if isinstance(value_node, yaml.MappingNode | yaml.SequenceNode):
                out.values[key_path] = out.keys[key_path]
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, (*path, i), out, budget) for i, item in enumerate(node.value)
        ]
    return _construct(loader, node)


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct(loader: Any, node: yaml.Node) -> Any:
    """A scalar's value; YamlSyntaxError when its tag cannot hold it (``!!int abc``)."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError):
        line, column = _mark(node)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        digits = sum(character.isdigit() for character in str(node.value))
        if tag == "!!int" and digits > sys.get_int_max_str_digits():
            raise YamlSyntaxError(
                line,
                column,
                f"a number of {digits:,} digits",
                f"at most {sys.get_int_max_str_digits():,} digits",
            ) from None
        raise YamlSyntaxError(
            line, column, f"{shown(node.value)} is not a valid {tag}", f"a value {tag} can hold"
        ) from None


def _merged_size(node: yaml.Node, budget: _Budget) -> int:
    """How many pairs a mapping holds once its merge keys are expanded (memoised per node)."""
    if not isinstance(node, yaml.MappingNode):
        return 0
    known = budget.merged.get(id(node))
    if known is not None:
        return known
    budget.merged[id(node)] = MAX_VALUES + 1  # a merge that reaches itself counts as too many
    size = 0
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE_TAG:
            size += 1
        elif isinstance(value_node, yaml.SequenceNode):
            size += sum(_merged_size(item, budget) for item in value_node.value)
        else:
            size += _merged_size(value_node, budget)
        if size > MAX_VALUES:
            break
    budget.merged[id(node)] = size
    return size
