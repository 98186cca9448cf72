"""Syntax of the formula language: tokens, expression tree, parser and printer.

The language is deliberately small and never touches Python's ``eval``:

* numbers: ``12``, ``0.5``, ``.5``, ``1e3``, ``2.5E-2``
* node codes: ``[A-Za-z_][A-Za-z0-9_.]*`` — codes may contain dots (``REV.NEW``)
* operators ``+ - * /`` with the usual precedence, unary ``-`` (and ``+``),
  parentheses
* functions ``min(...)``, ``max(...)``, ``avg(...)`` (one or more arguments)
  and ``abs(x)``; names are case-insensitive.

:func:`parse` builds an immutable tree of :class:`Expr` nodes; ``str(expr)``
prints it back with the fewest parentheses that keep its meaning, so
``parse(str(e)) == e``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    # name: (minimum, maximum) number of arguments
    "min": (1, None),
    "max": (1, None),
    "avg": (1, None),
    "abs": (1, 1),
}
MAX_DEPTH = 100
MAX_LENGTH = 10_000

_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_OPERATORS = "+-*/(),"


class FormulaError(ValueError):
    """A formula that cannot be read or computed.

    ``position`` is the 0-based character offset of the problem in the formula
    text (None when it does not point at one place); :meth:`caret` draws it.
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        self.message = message
        self.position = position
        where = f" (at column {position + 1})" if position is not None else ""
        super().__init__(message + where)

    def caret(self, text: str) -> str:
        """The formula text with a ``^`` under the problem, on two lines."""
        if self.position is None:
            return text
        return f"{text}\n{' ' * self.position}^"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "number", "ident", "op", "end"
    text: str
    position: int


def tokenize(text: str) -> list[Token]:
    """Split formula text into tokens, ending with an ``end`` token."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            m = _NUMBER.match(text, i)
            assert m is not None  # a digit or ".digit" always matches
            end = m.end()
            if end < n and (text[end].isalnum() or text[end] in "_."):
                bad_end = end
                while bad_end < n and (text[bad_end].isalnum() or text[bad_end] in "_."):
                    bad_end += 1
                raise FormulaError(f"malformed number '{text[i:bad_end]}'", i)
            tokens.append(Token("number", m.group(), i))
            i = end
            continue
        m = _IDENT.match(text, i)
        if m:
            tokens.append(Token("ident", m.group(), i))
            i = m.end()
            continue
        if ch in _OPERATORS:
            tokens.append(Token("op", ch, i))
            i += 1
            continue
        raise FormulaError(f"unexpected character '{ch}'", i)
    tokens.append(Token("end", "", n))
    return tokens


@dataclass(frozen=True, slots=True)
class Expr:
    """Base of the expression tree; subclasses are immutable and comparable."""

    def children(self) -> tuple[Expr, ...]:
        return ()

    def references(self) -> set[str]:
        """Every node code the expression refers to."""
        found: set[str] = set()
        stack: list[Expr] = [self]
        while stack:
            e = stack.pop()
            if isinstance(e, Ref):
                found.add(e.code)
            stack.extend(e.children())
        return found

    def __str__(self) -> str:
        return to_text(self)


@dataclass(frozen=True, slots=True)
class Number(Expr):
    value: float
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Ref(Expr):
    code: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Neg(Expr):
    operand: Expr
    position: int = field(default=0, compare=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class Binary(Expr):
    op: str  # one of + - * /
    left: Expr
    right: Expr
    position: int = field(default=0, compare=False)  # of the operator

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Call(Expr):
    name: str  # lower case, one of FUNCTIONS
    args: tuple[Expr, ...]
    position: int = field(default=0, compare=False)

    def children(self) -> tuple[Expr, ...]:
        return self.args


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def _describe(self, tok: Token) -> str:
        return "the end of the formula" if tok.kind == "end" else f"'{tok.text}'"

    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise FormulaError("the formula is empty", 0)
        expr = self.expr()
        if self.tok.kind != "end":
            tok = self.tok
            if tok.text == ")":
                raise FormulaError("')' has no matching '('", tok.position)
            raise FormulaError(
                f"expected an operator (+ - * /) before {self._describe(tok)}", tok.position
            )
        return expr

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"formula is nested more than {MAX_DEPTH} levels deep", self.tok.position)

    def expr(self) -> Expr:
        left = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.tok
            self.i += 1
            left = Binary(op.text, left, self.term(), op.position)
        return left

    def term(self) -> Expr:
        left = self.unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            op = self.tok
            self.i += 1
            left = Binary(op.text, left, self.unary(), op.position)
        return left

    def unary(self) -> Expr:
        tok = self.tok
        if tok.kind == "op" and tok.text in "+-":
            self._enter()
            self.i += 1
            operand = self.unary()
            self.depth -= 1
            return Neg(operand, tok.position) if tok.text == "-" else operand
        return self.primary()

    def primary(self) -> Expr:
        tok = self.tok
        if tok.kind == "number":
            self.i += 1
            value = float(tok.text)
            if not math.isfinite(value):
                raise FormulaError(f"number '{tok.text}' is too large", tok.position)
            return Number(value, tok.position)
        if tok.kind == "ident":
            self.i += 1
            if self.tok.text == "(" and self.tok.kind == "op":
                return self.call(tok)
            return Ref(tok.text, tok.position)
        if tok.text == "(":
            self._enter()
            self.i += 1
            inner = self.expr()
            self._close(tok)
            self.depth -= 1
            return inner
        raise FormulaError(
            f"expected a number, a code or '(' but found {self._describe(tok)}", tok.position
        )

    def _close(self, opening: Token) -> None:
        if self.tok.text == ")" and self.tok.kind == "op":
            self.i += 1
            return
        raise FormulaError(
            f"'(' at column {opening.position + 1} is not closed: expected ')' "
            f"but found {self._describe(self.tok)}",
            self.tok.position,
        )

    def call(self, name_tok: Token) -> Expr:
        name = name_tok.text.lower()
        if name not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise FormulaError(
                f"unknown function '{name_tok.text}' (known: {known})", name_tok.position
            )
        opening = self.tok
        self._enter()
        self.i += 1
        args: list[Expr] = []
        if not (self.tok.kind == "op" and self.tok.text == ")"):
            args.append(self.expr())
            while self.tok.kind == "op" and self.tok.text == ",":
                self.i += 1
                args.append(self.expr())
        self._close(opening)
        self.depth -= 1
        low, high = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            wanted = f"exactly {low}" if low == high else f"at least {low}"
            raise FormulaError(
                f"{name}() takes {wanted} argument{'s' if low != 1 else ''}, got {len(args)}",
                name_tok.position,
            )
        return Call(name, tuple(args), name_tok.position)


def parse(text: str) -> Expr:
    """Parse formula text into an :class:`Expr`; raises :class:`FormulaError`."""
    return _Parser(text).parse()


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def _precedence(e: Expr) -> int:
    if isinstance(e, Binary):
        return _PRECEDENCE[e.op]
    if isinstance(e, Neg):
        return 3
    return 4


def format_number(value: float) -> str:
    """Shortest text that reads back as exactly ``value`` (``2`` rather than ``2.0``)."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def to_text(e: Expr) -> str:
    """Print an expression with the fewest parentheses that keep its structure."""
    if isinstance(e, Number):
        return format_number(e.value)
    if isinstance(e, Ref):
        return e.code
    if isinstance(e, Neg):
        inner = to_text(e.operand)
        return "-" + (f"({inner})" if _precedence(e.operand) < 3 else inner)
    if isinstance(e, Binary):
        p = _PRECEDENCE[e.op]
        left, right = to_text(e.left), to_text(e.right)
        if _precedence(e.left) < p:
            left = f"({left})"
        if _precedence(e.right) <= p:
            right = f"({right})"
        return f"{left} {e.op} {right}"
    if isinstance(e, Call):
        return f"{e.name}({', '.join(to_text(a) for a in e.args)})"
    raise TypeError(f"not a formula expression: {e!r}")
