"""parsing: numbers and dates typed as text in common locales, serials, booleans."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrdesk.excel.parsing import (
    ParseError,
    excel_serial_to_date,
    parse_bool,
    parse_date,
    parse_number,
    vote_day_first,
    vote_decimal_comma,
)

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5),
    ("1\u202f234,5", 1234.5), ("1'234.5", 1234.5), ("45%", 0.45), ("-", None), ("(1,234)", -1234.0),
    ("€ 1.200,00", 1200.0), ("EUR 1,200", 1200.0), ("1 200 CHF", 1200.0), ("$1,200.50", 1200.5),
    ("  12.5 ", 12.5), ("0,75", 0.75), ("-12,5 %", -0.125), ("1.234.567", 1234567.0), (3, 3.0),
])
def test_numbers(text, expected):
    assert parse_number(text) == expected


def test_ambiguous_grouping_follows_the_hint():
    assert parse_number("1.234") == 1.234
    assert parse_number("1.234", decimal_comma=True) == 1234.0
    assert parse_number("1,234", decimal_comma=True) == 1.234
    assert vote_decimal_comma(["1,5", "2,25", "1.234"]) is True
    assert vote_decimal_comma(["1.5", "1,234"]) is False
    assert vote_decimal_comma(["1,234"]) is None


@pytest.mark.parametrize("bad", ["abc", "1,2,3", "12..5", "1.23.4", True, "--5"])
def test_not_numbers(bad):
    with pytest.raises(ParseError, match="expected a number"):
        parse_number(bad)


@pytest.mark.parametrize("text, expected", [
    ("2027-03-31", D(2027, 3, 31)), ("31/03/2027", D(2027, 3, 31)), ("31.03.2027", D(2027, 3, 31)),
    ("03/31/2027", D(2027, 3, 31)), ("31 Mar 2027", D(2027, 3, 31)), ("Mar 2027", D(2027, 3, 1)),
    ("March 31, 2027", D(2027, 3, 31)), ("31. März 2027", D(2027, 3, 31)),
    ("2027-03-31 00:00:00", D(2027, 3, 31)), ("2027-03", D(2027, 3, 1)), ("31/03/27", D(2027, 3, 31)),
    (dt.datetime(2027, 3, 31, 0, 0), D(2027, 3, 31)),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_ambiguous_day_month_order():
    assert parse_date("04/03/2027") == D(2027, 3, 4)  # no evidence: day first
    assert parse_date("04/03/2027", day_first=False) == D(2027, 4, 3)
    assert vote_day_first(["03/31/2027", "12/25/2027", "31/01/2027"]) is False
    assert vote_day_first(["31/03/2027"]) is True
    assert vote_day_first(["01/02/2027"]) is None


def test_excel_serials_1900_and_1904():
    assert excel_serial_to_date(1) == D(1900, 1, 1)
    assert excel_serial_to_date(59) == D(1900, 2, 28)
    assert excel_serial_to_date(61) == D(1900, 3, 1)
    assert excel_serial_to_date(46477.75) == D(2027, 3, 31)
    assert excel_serial_to_date(46477 - 1462, date1904=True) == D(2027, 3, 31)
    with pytest.raises(ParseError, match="29 Feb 1900"):
        excel_serial_to_date(60)
    with pytest.raises(ParseError, match="not a real date"):
        parse_date("2027-02-30")
    with pytest.raises(ParseError, match="expected a date"):
        parse_date("soon")


def test_booleans():
    assert [parse_bool(v) for v in ("yes", "No", "TRUE", "false", "1", "0", "x", 1, 0.0, True)] == [
        True, False, True, False, True, False, True, True, False, True]
    with pytest.raises(ParseError):
        parse_bool("maybe")


LOCALES = {  # (group, decimal, decimal_comma hint)
    "en": (",", ".", False), "de": (".", ",", True), "fr": ("\u202f", ",", True),
    "fr-nbsp": ("\u00a0", ",", True), "ch": ("'", ".", False), "plain": ("", ".", False),
}


def _format(value: float, group: str, decimal: str) -> str:
    text = f"{abs(value):,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", group)
    return ("-" if value < 0 else "") + text


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False,
                   allow_infinity=False), st.sampled_from(sorted(LOCALES)))
def test_locale_round_trip(number, locale):
    group, decimal, comma = LOCALES[locale]
    value = float(number)
    text = _format(value, group, decimal)
    assert parse_number(text, decimal_comma=comma) == pytest.approx(value, abs=1e-9)
    assert parse_number(f"({_format(abs(value), group, decimal)})", decimal_comma=comma) == \
        pytest.approx(-abs(value), abs=1e-9)


@given(st.dates(min_value=D(1900, 3, 1), max_value=D(9999, 12, 31)))
def test_date_text_round_trip(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d.%m.%Y")) == day
    assert parse_date(day.strftime("%m/%d/%Y"), day_first=False) == day
    serial = (day - D(1899, 12, 30)).days
    assert excel_serial_to_date(serial) == day


@pytest.mark.parametrize("text", ["12 apples", "12 pts", "12abc", "apples 12", "12 kg"])
def test_words_next_to_a_number_are_not_taken_for_currency_codes(text):
    with pytest.raises(ParseError):
        parse_number(text)


@pytest.mark.parametrize("text, value", [("12 EUR", 12.0), ("EUR 12", 12.0), ("eur12", 12.0),
                                         ("USD 1,200.50", 1200.5), ("12 CHF.", 12.0)])
def test_currency_codes_are_taken_off(text, value):
    assert parse_number(text) == value
