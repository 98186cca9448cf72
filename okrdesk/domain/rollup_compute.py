"""Array evaluation of one formula node over a set of buckets.

Values are float64 rows with NaN for "no value". Each function returns the
computed values and a mask of buckets where the formula failed (division by
zero, a result too large to be a number) together with a message. Arithmetic
runs in a fixed left-to-right order, so computing one bucket alone gives
bit-for-bit the same result as computing all buckets at once, and the same as
:func:`okrdesk.domain.formulas.combine` / ``evaluate`` on plain floats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from okrdesk.domain.entities import FormulaKind
from okrdesk.domain.formula_syntax import Binary, Call, Expr, Neg, Number, Ref, to_text

Row = Callable[[int], np.ndarray]  # node index -> its values over the buckets
Result = tuple[np.ndarray, np.ndarray | None, str]  # values, failed mask, message


def _finish(result: np.ndarray, missing: np.ndarray, failed: np.ndarray | None, message: str) -> Result:
    result = np.where(missing, np.nan, result)
    with np.errstate(invalid="ignore"):
        too_large = ~missing & ~np.isfinite(result)
    if failed is not None:
        failed = failed & ~missing
        too_large &= ~failed
    if too_large.any():
        failed = too_large if failed is None else failed | too_large
        message = message or "the result is too large to be a number"
    if failed is not None:
        result = np.where(failed, np.nan, result)
        if not failed.any():
            failed = None
    return result, failed, message


def compute_builtin(
    kind: FormulaKind,
    deps: Sequence[int],
    weights: Sequence[float],
    row: Row,
    ratio_denominator_code: str = "",
) -> Result:
    """SUM / AVERAGE / PRODUCT / WEIGHTED_SUM / RATIO over the dependency rows."""
    first = row(deps[0])
    missing = np.isnan(first)
    with np.errstate(all="ignore"):
        if kind == FormulaKind.WEIGHTED_SUM:
            acc = first * weights[0]
        else:
            acc = first.copy()
        if kind == FormulaKind.RATIO:
            den = row(deps[1])
            missing |= np.isnan(den)
            zero = den == 0
            acc = acc / np.where(zero, 1.0, den)
            return _finish(acc, missing, zero, f"division by zero: '{ratio_denominator_code}' is 0")
        for d, w in zip(deps[1:], weights[1:]):
            v = row(d)
            missing |= np.isnan(v)
            if kind == FormulaKind.PRODUCT:
                acc *= v
            elif kind == FormulaKind.WEIGHTED_SUM:
                acc += v * w
            else:
                acc += v
        if kind == FormulaKind.AVERAGE:
            acc /= len(deps)
    return _finish(acc, missing, None, "")


def _expr_rows(e: Expr, ref: Callable[[str], np.ndarray], width: int) -> tuple[np.ndarray, np.ndarray | None, str]:
    if isinstance(e, Number):
        return np.full(width, e.value), None, ""
    if isinstance(e, Ref):
        return ref(e.code), None, ""
    if isinstance(e, Neg):
        v, failed, msg = _expr_rows(e.operand, ref, width)
        return -v, failed, msg
    if isinstance(e, Binary):
        a, fa, ma = _expr_rows(e.left, ref, width)
        b, fb, mb = _expr_rows(e.right, ref, width)
        failed = fa if fb is None else (fb if fa is None else fa | fb)
        message = ma or mb
        if e.op == "+":
            return a + b, failed, message
        if e.op == "-":
            return a - b, failed, message
        if e.op == "*":
            return a * b, failed, message
        zero = b == 0
        if zero.any():
            failed = zero if failed is None else failed | zero
            message = message or f"division by zero: '{to_text(e.right)}' is 0"
        return a / np.where(zero, 1.0, b), failed, message
    if isinstance(e, Call):
        parts = [_expr_rows(arg, ref, width) for arg in e.args]
        failed = None
        message = ""
        for _, f, m in parts:
            if f is not None:
                failed = f if failed is None else failed | f
                message = message or m
        values = [p[0] for p in parts]
        if e.name == "abs":
            return np.abs(values[0]), failed, message
        acc = values[0].copy()
        for v in values[1:]:
            if e.name == "min":
                acc = np.where(v < acc, v, acc)
            elif e.name == "max":
                acc = np.where(v > acc, v, acc)
            else:
                acc = acc + v
        if e.name == "avg":
            acc = acc / len(values)
        return acc, failed, message
    raise TypeError(f"not a formula expression: {e!r}")


def compute_expression(expr: Expr, codes: dict[str, int], row: Row, width: int) -> Result:
    """An expression over node codes (resolved to rows through ``codes``)."""
    missing = np.zeros(width, dtype=bool)
    for code in expr.references():
        missing |= np.isnan(row(codes[code]))
    with np.errstate(all="ignore"):
        result, failed, message = _expr_rows(expr, lambda c: row(codes[c]), width)
    return _finish(result, missing, failed, message)
