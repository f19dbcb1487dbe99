"""YAML as authors' editors read it (1.2 core schema), bounded against hostile files."""

from __future__ import annotations

import math
import time

import pytest

from simulator.scenario.yaml_source import YamlSyntaxError, load_fast, load_located

TRAPS = {
    "no": "no",
    "No": "No",
    "on": "on",
    "yes": "yes",
    "Off": "Off",
    "~": None,
    "null": None,
    "010": 10,
    "0o10": 8,
    "0x1F": 31,
    "1_000": "1_000",
    "2026-12-01": "2026-12-01",
    "0b11": "0b11",
    "12:30": "12:30",
    ".inf": math.inf,
    "-.INF": -math.inf,
    "1e3": 1000.0,
    "true": True,
    "False": False,
}


@pytest.mark.parametrize(("scalar", "value"), TRAPS.items())
def test_the_yaml_1_1_traps_read_as_yaml_1_2_through_both_parsers(scalar: str, value) -> None:
    text = f"text: {scalar}\n"
    located = load_located(text).data
    fast = load_fast(text)
    assert located == {"text": value}
    # The fast parser either agrees or declines (then the located parse is used).
    assert fast is None or fast == located


def test_a_file_of_every_trap_gives_the_same_data_through_both_paths() -> None:
    text = "".join(f"k{index}: {scalar}\n" for index, scalar in enumerate(TRAPS))
    located = load_located(text).data
    assert located == {f"k{index}": value for index, value in enumerate(TRAPS.values())}
    assert load_fast(text) in (None, located)


def _bomb_of_aliases(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def _bomb_of_merges(levels: int) -> str:
    lines = ["m0: &m0 {k: 1}"]
    lines += [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: 1}}" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_bomb_of_aliases(9), "aliases and merge keys expand to more than 200,000 values"),
        (_bomb_of_merges(40), "merge keys expand to more than 200,000 values"),
        ("a: &a [*a]\n", "an anchor that contains itself"),
        ("a: " + "[" * 700 + "]" * 700 + "\n", "nested more than 64 levels deep"),
        ("a: " + "{b: " * 700 + "1" + "}" * 700 + "\n", "nested more than 64 levels deep"),
        ("a: !!int abc\n", "'abc' is not a valid !!int"),
        ("a: !!float x\n", "'x' is not a valid !!float"),
    ],
)
def test_hostile_yaml_is_refused_quickly_with_a_position(text: str, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(YamlSyntaxError, match=message) as raised:
        load_located(text)
    assert raised.value.line >= 1 and raised.value.column >= 1
    assert time.monotonic() - started < 10
    assert load_fast(text) is None  # the fast parser never sees an alias


def test_a_merge_key_may_be_overridden_by_the_mapping_s_own_key() -> None:
    located = load_located("base: &b {x: 1, y: 2}\nchild: {<<: *b, y: 3}\n")
    assert located.data["child"] == {"x": 1, "y": 3}
    assert located.duplicates == []


def test_a_key_written_twice_is_still_a_duplicate() -> None:
    located = load_located("child: {y: 1, y: 2}\n")
    assert [duplicate.path for duplicate in located.duplicates] == [("child", "y")]
