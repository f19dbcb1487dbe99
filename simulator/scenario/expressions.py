"""The small, safe expression language of conditions and effects (pure core).

Grammar (lowest precedence first)::

    expr  := or
    or    := and ("or" and)*
    and   := not ("and" not)*
    not   := "not" not | cmp
    cmp   := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum   := term (("+" | "-") term)*
    term  := unary (("*" | "/") unary)*
    unary := "-" unary | atom
    atom  := NUMBER | "true" | "false" | NAME | "(" expr ")"

Expressions are parsed once into closures over a variables mapping; nothing is
ever handed to ``eval``. Numbers stay within ``NUMBER_LIMIT`` either way: a
literal beyond it is refused, and a sum, difference, product or quotient beyond
it is held at the limit (exploration reports an effect that gets there), so no
sequence of effects can make a number grow without end in memory or time.
Types are checked at compile time against the declared variables, so an
undefined name or ``pressure and 3`` is a load-time error.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from simulator.errors import SimulatorError
from simulator.scenario.diagnostics import (
    EXPRESSION_SYNTAX,
    EXPRESSION_TYPES,
    UNDEFINED_VARIABLE,
    Descriptor,
)

__all__ = [
    "Compiled",
    "Evaluate",
    "ExpressionError",
    "Type",
    "NUMBER_LIMIT",
    "Value",
    "compile_expression",
    "held",
    "type_of",
]

Value = bool | int | float
Type = Literal["bool", "number"]
Evaluate = Callable[[Mapping[str, Value]], Value]

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|[<>+\-*/()]))"
)
_KEYWORDS = {"and", "or", "not", "true", "false"}
_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


class ExpressionError(SimulatorError, ValueError):
    """An expression that cannot be compiled; ``expected`` says what would have been valid.

    ``descriptor`` is the rule it breaks: syntax, types, or an undefined variable.
    """

    def __init__(
        self, message: str, expected: str, descriptor: Descriptor = EXPRESSION_SYNTAX
    ) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.descriptor = descriptor


@dataclass(frozen=True)
class Compiled:
    """A checked expression: its source, result type, the names it reads, and its evaluator."""

    source: str
    type: Type
    names: frozenset[str]
    evaluate: Evaluate


def type_of(value: Value) -> Type:
    """The expression type of a variable's value (bool is not a number here)."""
    return "bool" if isinstance(value, bool) else "number"


def compile_expression(source: str | Value, variables: Mapping[str, Type]) -> Compiled:
    """Parse and type-check ``source`` against ``variables`` (name to type).

    A bare YAML boolean or number is accepted as a constant expression.
    """
    if isinstance(source, bool):
        source = "true" if source else "false"
    elif isinstance(source, int | float):
        source = repr(source)
    parser = _Parser(source, variables)
    kind, evaluate = parser.parse()
    return Compiled(source, kind, frozenset(parser.names), evaluate)


MAX_LENGTH = 500
"""The longest condition or effect an author may write, in characters."""
MAX_DEPTH = 24
"""How deeply parentheses, ``not`` and unary minus may nest."""
NUMBER_LIMIT = 1_000_000_000
"""The largest magnitude of any number: a literal, a variable's initial value, a result."""


def held(value: Value) -> Value:
    """``value`` held within ``-NUMBER_LIMIT .. NUMBER_LIMIT`` (booleans pass unchanged)."""
    if isinstance(value, bool) or -NUMBER_LIMIT <= value <= NUMBER_LIMIT:
        return value
    return NUMBER_LIMIT if value > 0 else -NUMBER_LIMIT


class _Parser:
    def __init__(self, source: str, variables: Mapping[str, Type]) -> None:
        if len(source) > MAX_LENGTH:
            raise ExpressionError(
                f"an expression of {len(source):,} characters",
                f"at most {MAX_LENGTH} characters (split it over variables)",
            )
        self.source = source
        self.variables = variables
        self.names: set[str] = set()
        self.tokens = self._tokenize(source)
        self.position = 0
        self.depth = 0

    def _nested(self) -> None:
        """Count one more level of nesting; ExpressionError past MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"more than {MAX_DEPTH} levels of nesting in {self.source[:60]!r}...",
                f"at most {MAX_DEPTH} nested parentheses, 'not' or '-'",
            )

    @staticmethod
    def _tokenize(source: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        index = 0
        while index < len(source):
            if source[index:].strip() == "":
                break
            match = _TOKEN.match(source, index)
            if not match:
                bad = source[index:].strip()[0]
                raise ExpressionError(
                    f"unexpected character {bad!r} in {source!r}",
                    "names, numbers, true/false, and/or/not, comparisons and + - * / ( )",
                )
            kind = match.lastgroup or "op"
            text = match.group(kind)
            if kind == "name" and text in _KEYWORDS:
                kind = "keyword"
            tokens.append((kind, text))
            index = match.end()
        return tokens

    def parse(self) -> tuple[Type, Evaluate]:
        if not self.tokens:
            raise ExpressionError("empty expression", "a condition such as 'pressure >= 2'")
        result = self._or()
        if self.position < len(self.tokens):
            raise ExpressionError(
                f"unexpected {self.tokens[self.position][1]!r} in {self.source!r}",
                "an operator or the end of the expression",
            )
        return result

    def _peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise ExpressionError(
                f"{self.source!r} ends too early", "a value after the last operator"
            )
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _need(self, kind: Type, got: Type, operator_text: str) -> None:
        if got != kind:
            raise ExpressionError(
                f"{operator_text!r} needs a {kind}, got a {got} in {self.source!r}",
                f"a {kind} on each side of {operator_text!r}",
                EXPRESSION_TYPES,
            )

    def _or(self) -> tuple[Type, Evaluate]:
        kind, left = self._and()
        while self._peek() == "or":
            self._take()
            right_kind, right = self._and()
            self._need("bool", kind, "or")
            self._need("bool", right_kind, "or")
            left = _or(left, right)
        return kind, left

    def _and(self) -> tuple[Type, Evaluate]:
        kind, left = self._not()
        while self._peek() == "and":
            self._take()
            right_kind, right = self._not()
            self._need("bool", kind, "and")
            self._need("bool", right_kind, "and")
            left = _and(left, right)
        return kind, left

    def _not(self) -> tuple[Type, Evaluate]:
        if self._peek() == "not":
            self._take()
            self._nested()
            kind, inner = self._not()
            self.depth -= 1
            self._need("bool", kind, "not")
            return "bool", lambda env: not inner(env)
        return self._compare()

    def _compare(self) -> tuple[Type, Evaluate]:
        kind, left = self._sum()
        symbol = self._peek()
        if symbol in _COMPARE:
            self._take()
            right_kind, right = self._sum()
            if symbol in ("==", "!="):
                if kind != right_kind:
                    raise ExpressionError(
                        f"{symbol!r} compares a {kind} with a {right_kind} in {self.source!r}",
                        "two values of the same type",
                        EXPRESSION_TYPES,
                    )
            else:
                self._need("number", kind, symbol)
                self._need("number", right_kind, symbol)
            return "bool", _binary(_COMPARE[symbol], left, right)
        return kind, left

    def _sum(self) -> tuple[Type, Evaluate]:
        return self._arithmetic(self._term, ("+", "-"))

    def _term(self) -> tuple[Type, Evaluate]:
        return self._arithmetic(self._unary, ("*", "/"))

    def _arithmetic(
        self, operand: Callable[[], tuple[Type, Evaluate]], symbols: tuple[str, ...]
    ) -> tuple[Type, Evaluate]:
        kind, left = operand()
        while self._peek() in symbols:
            symbol = self._take()[1]
            right_kind, right = operand()
            self._need("number", kind, symbol)
            self._need("number", right_kind, symbol)
            left = _arithmetic(_ARITHMETIC[symbol], left, right)
            if symbol == "/":
                left = _safe_division(left)
        return kind, left

    def _unary(self) -> tuple[Type, Evaluate]:
        if self._peek() == "-":
            self._take()
            self._nested()
            kind, inner = self._unary()
            self.depth -= 1
            self._need("number", kind, "-")
            return "number", lambda env: -inner(env)
        return self._atom()

    def _atom(self) -> tuple[Type, Evaluate]:
        kind, text = self._take()
        if kind == "number":
            if len(text.split(".")[0]) > len(str(NUMBER_LIMIT)) or float(text) > NUMBER_LIMIT:
                raise ExpressionError(
                    f"the number {text[:20]}{'...' if len(text) > 20 else ''} is too large",
                    f"a number up to {NUMBER_LIMIT:,}",
                )
            number: Value = float(text) if "." in text else int(text)
            return "number", lambda env: number
        if text in ("true", "false"):
            flag = text == "true"
            return "bool", lambda env: flag
        if kind == "name":
            if text not in self.variables:
                known = ", ".join(sorted(self.variables)) or "none declared"
                raise ExpressionError(
                    f"undefined variable {text!r} in {self.source!r}",
                    f"a declared variable ({known})",
                    UNDEFINED_VARIABLE,
                )
            self.names.add(text)
            return self.variables[text], operator.itemgetter(text)
        if text == "(":
            self._nested()
            result = self._or()
            if self._peek() != ")":
                raise ExpressionError(f"missing ')' in {self.source!r}", "a closing ')'")
            self._take()
            self.depth -= 1
            return result
        raise ExpressionError(f"unexpected {text!r} in {self.source!r}", "a value or '('")


def _binary(function: Callable[[Value, Value], Value], left: Evaluate, right: Evaluate) -> Evaluate:
    return lambda env: function(left(env), right(env))


def _arithmetic(
    function: Callable[[Value, Value], Value], left: Evaluate, right: Evaluate
) -> Evaluate:
    return lambda env: held(function(left(env), right(env)))


def _safe_division(divide: Evaluate) -> Evaluate:
    def evaluate(env: Mapping[str, Value]) -> Value:
        try:
            return divide(env)
        except ZeroDivisionError:
            return 0

    return evaluate


def _and(left: Evaluate, right: Evaluate) -> Evaluate:
    return lambda env: bool(left(env)) and bool(right(env))


def _or(left: Evaluate, right: Evaluate) -> Evaluate:
    return lambda env: bool(left(env)) or bool(right(env))
