"""Formulas of KPI nodes: evaluate expressions, combine child values, validate.

A formula node derives its value from other nodes (PRODUCT.md §2):

* ``SUM``, ``AVERAGE``, ``PRODUCT`` of its children;
* ``RATIO``: first child / second child (by position; exactly two children);
* ``WEIGHTED_SUM``: Σ child value × child weight;
* ``EXPRESSION``: arithmetic over node codes (see :mod:`formula_syntax`).

A value that is missing for any input makes the result missing (None):
a partial sum would silently understate a KPI. Arithmetic is done in a fixed
left-to-right order so that every caller (including the array rollup) gets
bit-identical results.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence

from okrdesk.domain.entities import FormulaKind
from okrdesk.domain.formula_syntax import (
    FUNCTIONS,
    Binary,
    Call,
    Expr,
    FormulaError,
    Neg,
    Number,
    Ref,
    format_number,
    parse,
    to_text,
)

__all__ = [
    "FUNCTIONS",
    "Binary",
    "Call",
    "Expr",
    "FormulaError",
    "Neg",
    "Number",
    "Ref",
    "combine",
    "evaluate",
    "format_number",
    "kind_label",
    "parse",
    "suggest_code",
    "to_text",
    "validate_formula",
]

_KIND_LABELS = {
    FormulaKind.NONE: "Measured",
    FormulaKind.SUM: "Sum",
    FormulaKind.AVERAGE: "Average",
    FormulaKind.PRODUCT: "Product",
    FormulaKind.RATIO: "Ratio",
    FormulaKind.WEIGHTED_SUM: "Weighted sum",
    FormulaKind.EXPRESSION: "Expression",
}


def kind_label(kind: FormulaKind) -> str:
    """Plain user word for a formula kind ("Weighted sum")."""
    return _KIND_LABELS[FormulaKind(kind)]


def suggest_code(code: str, known: Iterable[str]) -> str | None:
    """The known code the user most likely meant by ``code``, if any."""
    known = list(known)
    lowered = {k.lower(): k for k in known}
    if code.lower() in lowered:
        return lowered[code.lower()]
    close = difflib.get_close_matches(code, known, n=1, cutoff=0.75)
    return close[0] if close else None


def _unknown_code_message(code: str, known: Iterable[str]) -> str:
    hint = suggest_code(code, known)
    return f"unknown code '{code}'" + (f" (did you mean '{hint}'?)" if hint else "")


def _mean(values: Sequence[float]) -> float:
    total = values[0]
    for v in values[1:]:
        total += v
    return total / len(values)


def _eval(e: Expr, values: Mapping[str, float]) -> float:
    if isinstance(e, Number):
        return e.value
    if isinstance(e, Ref):
        return values[e.code]
    if isinstance(e, Neg):
        return -_eval(e.operand, values)
    if isinstance(e, Binary):
        a = _eval(e.left, values)
        b = _eval(e.right, values)
        if e.op == "+":
            return a + b
        if e.op == "-":
            return a - b
        if e.op == "*":
            return a * b
        if b == 0:
            raise FormulaError(f"division by zero: '{to_text(e.right)}' is 0", e.position)
        return a / b
    if isinstance(e, Call):
        args = [_eval(a, values) for a in e.args]
        if e.name == "abs":
            return abs(args[0])
        if e.name == "avg":
            return _mean(args)
        result = args[0]
        for v in args[1:]:
            result = (v if v < result else result) if e.name == "min" else (v if v > result else result)
        return result
    raise TypeError(f"not a formula expression: {e!r}")


def evaluate(expr: Expr, values: Mapping[str, float | None]) -> float | None:
    """Value of ``expr`` with node codes looked up in ``values``.

    None when any referenced value is None (or NaN). Raises
    :class:`FormulaError` for a code missing from ``values``, a division by
    zero, or a result too large to be a number.
    """
    refs = expr.references()
    for code in sorted(refs):
        if code not in values:
            position = _first_position(expr, code)
            raise FormulaError(_unknown_code_message(code, values.keys()), position)
    clean: dict[str, float] = {}
    for code in refs:
        v = values[code]
        if v is None or math.isnan(v):
            return None
        clean[code] = float(v)
    result = _eval(expr, clean)
    if not math.isfinite(result):
        raise FormulaError("the result is too large to be a number")
    return result


def _first_position(expr: Expr, code: str) -> int | None:
    best: int | None = None
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, Ref) and e.code == code and (best is None or e.position < best):
            best = e.position
        stack.extend(e.children())
    return best


def combine(
    kind: FormulaKind,
    children: Sequence[tuple[str, float | None, float]],
    expression: Expr | None = None,
) -> float | None:
    """Value of a formula node from ``(code, value, weight)`` of its inputs.

    For ``EXPRESSION`` the inputs are the referenced nodes (any node, not only
    children) and ``expression`` is required. None when any input value is
    missing. Raises :class:`FormulaError` when the formula cannot be applied
    (no inputs, a ratio without exactly two children, division by zero).
    """
    kind = FormulaKind(kind)
    if kind == FormulaKind.NONE:
        raise ValueError("a measured node (formula NONE) is not computed from children")
    if kind == FormulaKind.EXPRESSION:
        if expression is None:
            raise FormulaError("the expression is missing")
        return evaluate(expression, {code: value for code, value, _ in children})
    label = kind_label(kind)
    if not children:
        raise FormulaError(f"{label} needs at least one child node")
    if kind == FormulaKind.RATIO and len(children) != 2:
        raise FormulaError(
            f"Ratio needs exactly two child nodes (numerator, denominator); it has {len(children)}"
        )
    values: list[float] = []
    for _, value, _ in children:
        if value is None or math.isnan(value):
            return None
        values.append(float(value))
    if kind == FormulaKind.SUM:
        result = values[0]
        for v in values[1:]:
            result += v
    elif kind == FormulaKind.AVERAGE:
        result = _mean(values)
    elif kind == FormulaKind.PRODUCT:
        result = values[0]
        for v in values[1:]:
            result *= v
    elif kind == FormulaKind.WEIGHTED_SUM:
        weights = [float(w) for _, _, w in children]
        result = values[0] * weights[0]
        for v, w in zip(values[1:], weights[1:]):
            result += v * w
    else:  # RATIO
        if values[1] == 0:
            raise FormulaError(f"division by zero: '{children[1][0]}' is 0")
        result = values[0] / values[1]
    if not math.isfinite(result):
        raise FormulaError("the result is too large to be a number")
    return result


def validate_formula(
    kind: FormulaKind,
    expression_text: str,
    child_codes: Sequence[str],
    all_codes: Iterable[str],
) -> list[str]:
    """Plain-word problems with a node's formula; an empty list when it is fine.

    ``child_codes`` are the node's formula children in position order;
    ``all_codes`` every code of the tree (an expression may use any of them).
    """
    kind = FormulaKind(kind)
    problems: list[str] = []
    if kind == FormulaKind.NONE:
        return problems
    if kind == FormulaKind.EXPRESSION:
        if not expression_text.strip():
            return ["Enter an expression over node codes, for example VISITS * CONV * AOV."]
        try:
            expr = parse(expression_text)
        except FormulaError as exc:
            return [str(exc)[0].upper() + str(exc)[1:] + "."]
        known = list(all_codes)
        known_set = set(known)
        for code in sorted(expr.references()):
            if code not in known_set:
                message = _unknown_code_message(code, known)
                problems.append(message[0].upper() + message[1:] + ".")
        return problems
    label = kind_label(kind)
    if kind == FormulaKind.RATIO:
        if len(child_codes) != 2:
            problems.append(
                "Ratio needs exactly two child nodes: the first is divided by the "
                f"second. This node has {len(child_codes)}."
            )
    elif not child_codes:
        problems.append(f"{label} needs at least one child node; add children or choose Measured.")
    return problems
