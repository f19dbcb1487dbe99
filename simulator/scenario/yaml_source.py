"""Safe YAML loading that remembers where every value came from (pure core).

Authors need errors that point at a line, so this module composes the YAML
node tree itself (safe tags only: no YAML document can construct Python
objects or run code) and keeps the line and column of every key and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from simulator.errors import SimulatorError
from simulator.scenario.diagnostics import UNSAFE_TAG, YAML_SYNTAX, Descriptor

try:  # a Rust parser, about 20 times faster than PyYAML; optional, results are checked anyway
    import yaml_rs
except ImportError:  # pragma: no cover - platforms without its wheels
    yaml_rs = None  # type: ignore[assignment]

__all__ = ["Duplicate", "Located", "YamlSyntaxError", "load_fast", "load_located"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


def load_fast(text: str) -> Any | None:
    """Plain data from ``text`` quickly, or None when only ``load_located`` can be trusted.

    None for any text the fast parser rejects, and for text that may hold tags
    or merge keys (which the fast parser ignores rather than refuses). Callers
    fall back to ``load_located`` for anything that fails later checks, so the
    located parse stays the authority for every error message.
    """
    if yaml_rs is None or text.startswith("!") or "<<" in text:
        return None
    if "!" in text and _MAYBE_TAG.search(text):  # "!" is common in dialogue; a tag follows space
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
            located.data = _convert(loader, root, (), located)
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


def _convert(loader: Any, node: yaml.Node, path: Path_, out: Located) -> Any:
    out.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        line, column = _mark(node)
        raise YamlSyntaxError(
            line,
            column,
            f"tag {tag!r} is not allowed",
            "plain values (files cannot run code)",
            UNSAFE_TAG,
        )
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                key = str(key)
            key_path = (*path, key)
            if key in result:
                line, column = _mark(key_node)
                out.duplicates.append(Duplicate(key_path, line, column, out.keys[key_path][0]))
                continue
            out.keys[key_path] = _mark(key_node)
            result[key] = _convert(loader, value_node, key_path, out)
            if isinstance(value_node, yaml.MappingNode | yaml.SequenceNode):
                out.values[key_path] = out.keys[key_path]
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*path, i), out) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
