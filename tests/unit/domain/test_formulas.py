"""Formula language: parsing, printing, evaluation, combining, validation."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.domain.entities import FormulaKind
from okrdesk.domain.formulas import (
    Binary,
    Call,
    FormulaError,
    Neg,
    Number,
    Ref,
    combine,
    evaluate,
    parse,
    to_text,
    validate_formula,
)


class TestParse:
    def test_precedence_and_associativity(self):
        assert parse("a + b * c") == Binary("+", Ref("a"), Binary("*", Ref("b"), Ref("c")))
        assert parse("a - b - c") == Binary("-", Binary("-", Ref("a"), Ref("b")), Ref("c"))
        assert parse("a / b / c") == Binary("/", Binary("/", Ref("a"), Ref("b")), Ref("c"))

    def test_numbers(self):
        assert parse("1e3") == Number(1000.0)
        assert parse("0.5") == Number(0.5)
        assert parse(".5") == Number(0.5)
        assert parse("2.5E-2") == Number(0.025)

    def test_codes_with_dots(self):
        e = parse("REV.NEW + REV.EXISTING_2")
        assert e.references() == {"REV.NEW", "REV.EXISTING_2"}

    def test_unary_minus_and_parentheses(self):
        assert parse("-(a + b)") == Neg(Binary("+", Ref("a"), Ref("b")))
        assert parse("--a") == Neg(Neg(Ref("a")))
        assert parse("+a") == Ref("a")

    def test_functions_case_insensitive(self):
        assert parse("MAX(a, 1)") == Call("max", (Ref("a"), Number(1.0)))
        assert parse("avg(a,b,c)").references() == {"a", "b", "c"}

    def test_code_named_like_function_without_parenthesis(self):
        assert parse("min + 1") == Binary("+", Ref("min"), Number(1.0))

    @pytest.mark.parametrize(
        "text,fragment,position",
        [
            ("", "empty", 0),
            ("   ", "empty", 0),
            ("a +", "expected a number, a code or '('", 3),
            ("(a + b", "not closed", 6),
            ("a + b)", "')' has no matching '('", 5),
            ("a b", "expected an operator", 2),
            ("a $ b", "unexpected character '$'", 2),
            ("2x", "malformed number '2x'", 0),
            ("1e", "malformed number '1e'", 0),
            ("sqrt(a)", "unknown function 'sqrt'", 0),
            ("abs(a, b)", "abs() takes exactly 1 argument", 0),
            ("min()", "min() takes at least 1 argument", 0),
            ("a * * b", "found '*'", 4),
            ("1e999", "too large", 0),
        ],
    )
    def test_errors_point_at_the_problem(self, text, fragment, position):
        with pytest.raises(FormulaError) as info:
            parse(text)
        assert fragment in info.value.message
        assert info.value.position == position
        assert f"column {position + 1}" in str(info.value)

    def test_caret(self):
        with pytest.raises(FormulaError) as info:
            parse("a + $")
        assert info.value.caret("a + $") == "a + $\n    ^"

    def test_deep_nesting_is_refused_cleanly(self):
        with pytest.raises(FormulaError, match="nested"):
            parse("(" * 500 + "a" + ")" * 500)
        with pytest.raises(FormulaError, match="nested"):
            parse("-" * 500 + "a")


class TestPrint:
    @pytest.mark.parametrize(
        "text",
        ["a + b * c", "(a + b) * c", "a - (b - c)", "a / (b * c)", "-(a + b)", "-a * b",
         "max(a, 2) / avg(b, c, 0.5)", "REV.NEW * 1000", "a - -b", "abs(a - b)"],
    )  # fmt: skip
    def test_minimal_parentheses(self, text):
        assert to_text(parse(text)) == text


class TestEvaluate:
    def test_values(self):
        e = parse("VISITS * CONV * AOV")
        assert evaluate(e, {"VISITS": 1000, "CONV": 0.02, "AOV": 50}) == pytest.approx(1000)

    def test_functions(self):
        vals = {"a": -3.0, "b": 5.0}
        assert evaluate(parse("min(a, b, 0)"), vals) == -3
        assert evaluate(parse("max(a, b, 0)"), vals) == 5
        assert evaluate(parse("abs(a)"), vals) == 3
        assert evaluate(parse("avg(a, b)"), vals) == 1

    def test_missing_value_gives_none(self):
        assert evaluate(parse("a + b"), {"a": 1.0, "b": None}) is None
        assert evaluate(parse("a / b"), {"a": None, "b": 0.0}) is None  # missing wins

    def test_unknown_code(self):
        with pytest.raises(FormulaError, match=r"unknown code 'rev.new' \(did you mean 'REV.NEW'\?\)") as info:
            evaluate(parse("1 + rev.new"), {"REV.NEW": 1.0})
        assert info.value.position == 4

    def test_division_by_zero(self):
        with pytest.raises(FormulaError, match="division by zero: 'b - c' is 0") as info:
            evaluate(parse("a / (b - c)"), {"a": 1.0, "b": 2.0, "c": 2.0})
        assert info.value.position == 2

    def test_overflow(self):
        with pytest.raises(FormulaError, match="too large"):
            evaluate(parse("a * a"), {"a": 1e200})


# ---- generated expressions -------------------------------------------------
CODES = ["A", "B.X", "C_1"]
VALUES = {"A": 3.5, "B.X": -2.0, "C_1": 0.25}


def _exprs():
    leaves = st.one_of(
        st.sampled_from(CODES).map(Ref),
        st.floats(0, 1e6, allow_nan=False).map(Number),
    )

    def extend(children):
        return st.one_of(
            st.tuples(st.sampled_from("+-*/"), children, children).map(lambda t: Binary(*t)),
            children.map(Neg),
            st.tuples(st.sampled_from(["min", "max", "avg"]), st.lists(children, min_size=1, max_size=3))
            .map(lambda t: Call(t[0], tuple(t[1]))),
            children.map(lambda c: Call("abs", (c,))),
        )

    return st.recursive(leaves, extend, max_leaves=12)


def _python(e):
    """Reference semantics written with Python operators directly."""
    if isinstance(e, Number):
        return e.value
    if isinstance(e, Ref):
        return VALUES[e.code]
    if isinstance(e, Neg):
        return -_python(e.operand)
    if isinstance(e, Binary):
        a, b = _python(e.left), _python(e.right)
        if e.op == "/" and b == 0:
            raise ZeroDivisionError
        return {"+": a + b, "-": a - b, "*": a * b}[e.op] if e.op != "/" else a / b
    args = [_python(a) for a in e.args]
    if e.name == "abs":
        return abs(args[0])
    if e.name == "avg":
        total = args[0]
        for v in args[1:]:
            total += v
        return total / len(args)
    return min(args) if e.name == "min" else max(args)


@settings(max_examples=300, deadline=None)
@given(_exprs())
def test_print_parse_round_trip(expr):
    assert parse(to_text(expr)) == expr


@settings(max_examples=300, deadline=None)
@given(_exprs())
def test_evaluate_equals_python_arithmetic(expr):
    try:
        expected = _python(expr)
    except (ZeroDivisionError, OverflowError):
        with pytest.raises(FormulaError):
            evaluate(expr, VALUES)
        return
    if not math.isfinite(expected):
        with pytest.raises(FormulaError):
            evaluate(expr, VALUES)
        return
    assert evaluate(expr, VALUES) == expected


class TestCombine:
    kids = [("A", 6.0, 1.0), ("B", 3.0, 2.0)]

    @pytest.mark.parametrize(
        "kind,expected",
        [(FormulaKind.SUM, 9.0), (FormulaKind.AVERAGE, 4.5), (FormulaKind.PRODUCT, 18.0),
         (FormulaKind.RATIO, 2.0), (FormulaKind.WEIGHTED_SUM, 12.0)],
    )  # fmt: skip
    def test_builtin_kinds(self, kind, expected):
        assert combine(kind, self.kids) == expected

    def test_expression(self):
        assert combine(FormulaKind.EXPRESSION, self.kids, parse("A - B * 2")) == 0.0

    def test_missing_child_gives_none(self):
        for kind in (FormulaKind.SUM, FormulaKind.AVERAGE, FormulaKind.RATIO):
            assert combine(kind, [("A", 1.0, 1.0), ("B", None, 1.0)]) is None

    def test_ratio_needs_two_children(self):
        with pytest.raises(FormulaError, match="exactly two"):
            combine(FormulaKind.RATIO, [("A", 1.0, 1.0)])
        with pytest.raises(FormulaError, match="exactly two"):
            combine(FormulaKind.RATIO, [("A", 1.0, 1.0)] * 3)

    def test_ratio_division_by_zero_names_denominator(self):
        with pytest.raises(FormulaError, match="'B' is 0"):
            combine(FormulaKind.RATIO, [("A", 1.0, 1.0), ("B", 0.0, 1.0)])

    def test_no_children(self):
        with pytest.raises(FormulaError, match="Sum needs at least one child"):
            combine(FormulaKind.SUM, [])

    def test_expression_required(self):
        with pytest.raises(FormulaError, match="missing"):
            combine(FormulaKind.EXPRESSION, self.kids, None)

    def test_none_kind_is_refused(self):
        with pytest.raises(ValueError):
            combine(FormulaKind.NONE, self.kids)


class TestValidate:
    codes = ["REV", "REV.NEW", "REV.OLD", "VISITS"]

    def test_valid(self):
        assert validate_formula(FormulaKind.SUM, "", ["REV.NEW"], self.codes) == []
        assert validate_formula(FormulaKind.EXPRESSION, "REV.NEW + VISITS", [], self.codes) == []
        assert validate_formula(FormulaKind.NONE, "", [], self.codes) == []

    def test_unknown_codes_with_hint(self):
        msgs = validate_formula(FormulaKind.EXPRESSION, "REV.NEX + FOO", [], self.codes)
        assert msgs == ["Unknown code 'FOO'.", "Unknown code 'REV.NEX' (did you mean 'REV.NEW'?)."]

    def test_parse_error(self):
        msgs = validate_formula(FormulaKind.EXPRESSION, "REV +", [], self.codes)
        assert len(msgs) == 1 and "column 6" in msgs[0]

    def test_empty_expression(self):
        assert "Enter an expression" in validate_formula(FormulaKind.EXPRESSION, " ", [], self.codes)[0]

    def test_ratio_children(self):
        msgs = validate_formula(FormulaKind.RATIO, "", ["REV"], self.codes)
        assert msgs and "exactly two" in msgs[0] and "has 1" in msgs[0]
        assert validate_formula(FormulaKind.RATIO, "", ["REV", "VISITS"], self.codes) == []

    def test_no_children(self):
        assert "at least one child" in validate_formula(FormulaKind.AVERAGE, "", [], self.codes)[0]
