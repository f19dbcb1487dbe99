"""The condition language: what authors can write, and the errors they get when they slip."""

from __future__ import annotations

import pytest

from simulator.scenario.expressions import ExpressionError, compile_expression

TYPES = {"pressure": "number", "told": "bool", "intensity": "number"}


@pytest.mark.parametrize(
    ("source", "variables", "result"),
    [
        ("pressure >= 2", {"pressure": 2}, True),
        ("not told and pressure < 1", {"told": False, "pressure": 0}, True),
        ("told or intensity == 3", {"told": False, "intensity": 3}, True),
        ("pressure + 2 * 3 == 7", {"pressure": 1}, True),
        ("(pressure + 2) * 3 == 7", {"pressure": 1}, False),
        ("-pressure < 0", {"pressure": 1}, True),
        ("pressure / 2 == 1.5", {"pressure": 3}, True),
        ("pressure / 0 == 0", {"pressure": 3}, True),
        (True, {}, True),
        (3, {}, 3),
    ],
)
def test_expressions_evaluate_like_arithmetic_and_logic(source, variables, result) -> None:
    compiled = compile_expression(source, TYPES)
    assert compiled.evaluate({"pressure": 0, "told": False, "intensity": 2, **variables}) == result


def test_compiled_expressions_know_their_type_and_names() -> None:
    compiled = compile_expression("told and pressure > 1", TYPES)
    assert compiled.type == "bool"
    assert compiled.names == {"told", "pressure"}
    assert compile_expression("pressure * 2", TYPES).type == "number"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("presure > 1", "undefined variable 'presure' in 'presure > 1'"),
        ("told + 1", "'+' needs a number, got a bool in 'told + 1'"),
        ("pressure and told", "'and' needs a bool, got a number in 'pressure and told'"),
        ("told == 1", "'==' compares a bool with a number in 'told == 1'"),
        ("pressure >", "'pressure >' ends too early"),
        ("(pressure > 1", "missing ')' in '(pressure > 1'"),
        ("pressure > 1 1", "unexpected '1' in 'pressure > 1 1'"),
        ("__import__('os')", 'unexpected character "\'" in "__import__(\'os\')"'),
        ("", "empty expression"),
    ],
)
def test_bad_expressions_are_rejected_with_a_reason(source, message) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, TYPES)
    assert caught.value.message == message
    assert caught.value.expected


def test_python_names_are_just_undeclared_variables() -> None:
    with pytest.raises(ExpressionError, match="undefined variable '__import__'"):
        compile_expression("__import__ > 1", TYPES)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("(" * 150 + "1" + ")" * 150 + " > 0", "more than 24 levels of nesting"),
        ("-" * 200 + "1 > 0", "more than 24 levels of nesting"),
        ("not " * 100 + "told", "more than 24 levels of nesting"),
        (" or ".join(["told"] * 3000), "an expression of 23,996 characters"),
        ("told or " * 130_000 + "told", "an expression of 1,040,004 characters"),
        ("1" * 5000 + " > 0", "an expression of 5,004 characters"),
        ("pressure > 10000000000", "the number 10000000000 is too large"),
    ],
)
def test_expressions_are_bounded_with_a_clear_message(source: str, message: str) -> None:
    """Deep nesting, huge expressions and huge literals are refused before they can
    exhaust the stack or overflow (RecursionError, ValueError and OverflowError before)."""
    with pytest.raises(ExpressionError, match=message):
        compile_expression(source, {"told": "bool", "pressure": "number"})


def test_expressions_within_the_bounds_still_compile() -> None:
    nested = "(" * 24 + "pressure" + ")" * 24 + " >= 999999999"
    assert compile_expression(nested, {"pressure": "number"}).evaluate({"pressure": 10**9})


@pytest.mark.parametrize(
    ("source", "value", "result"),
    [
        ("pressure * pressure", 10**9, 10**9),
        ("pressure * pressure * pressure - pressure", 10**9, 10**9 - 10**9),
        ("0 - pressure * pressure", 10**9, -(10**9)),
        ("pressure / 0.000001", 10**9, 10**9),
        ("pressure + 1", 999_999_999, 10**9),
    ],
)
def test_arithmetic_is_held_at_the_number_limit(source: str, value: int, result: int) -> None:
    """A result beyond ±1,000,000,000 is held there, so squaring in a loop can neither
    build a number of millions of digits nor overflow a float to infinity."""
    compiled = compile_expression(source, {"pressure": "number"})
    assert compiled.evaluate({"pressure": value}) == result
