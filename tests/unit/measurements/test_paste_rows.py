"""Reading rows pasted from Excel (tab-separated) into measurements, without Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.excel.parsing import ParseError
from okrdesk.ui.measurements.paste import parse_one_date, parse_one_value, parse_pasted_rows, split_block

D = dt.date


def test_split_block_handles_windows_line_ends_and_blank_lines():
    assert split_block("a\tb\r\n\r\nc\t\t\n") == [["a", "b"], ["c"]]


def test_english_rows_with_notes_and_a_header():
    text = "Date\tValue\tNote\n2027-01-31\t1,234.5\tJanuary close\n02/28/2027\t$2,000\t\n"
    result = parse_pasted_rows(text)
    assert result.ok and result.header_skipped
    assert [(r.date, r.value, r.note) for r in result.rows] == [
        (D(2027, 1, 31), 1234.5, "January close"), (D(2027, 2, 28), 2000.0, "")
    ]


def test_german_rows_vote_for_decimal_comma_and_day_first():
    text = "31.01.2027\t1.234,5\n28.02.2027\t2.000\n15.03.2027\t7,25\n"
    result = parse_pasted_rows(text)
    assert result.ok
    assert [r.value for r in result.rows] == [1234.5, 2000.0, 7.25]
    assert [r.date for r in result.rows] == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 15)]


def test_ambiguous_rows_follow_the_locale_hints():
    text = "03/04/2027\t1.500\n"
    us = parse_pasted_rows(text, decimal_comma=False, day_first=False)
    de = parse_pasted_rows(text, decimal_comma=True, day_first=True)
    assert (us.rows[0].date, us.rows[0].value) == (D(2027, 3, 4), 1.5)
    assert (de.rows[0].date, de.rows[0].value) == (D(2027, 4, 3), 1500.0)


def test_month_names_and_percent_units():
    result = parse_pasted_rows("31 Jan 2027\t4.2%\nMärz 2027\t5%\n", unit="%")
    assert [(r.date, r.value) for r in result.rows] == [(D(2027, 1, 31), 4.2), (D(2027, 3, 1), 5.0)]
    as_share = parse_pasted_rows("2027-01-31\t45%\n", unit="")
    assert as_share.rows[0].value == pytest.approx(0.45)


def test_every_bad_cell_is_reported_and_no_row_is_ok():
    text = "2027-01-31\t12\n2027-02-30\t13\nsoon\tlots\n2027-01-31\t14\n2027-04-30\t-\n2027-05-31\t1\tnote\textra\n\t5\n"
    result = parse_pasted_rows(text)
    assert not result.ok
    where = [(e.row, e.column) for e in result.errors]
    assert (1, 0) in where  # 30 February
    assert (2, 0) in where and (2, 1) in where
    assert (3, 0) in where  # a date given twice
    assert (4, 1) in where  # a dash
    assert (5, 3) in where  # a fourth column
    assert (6, 0) in where  # no date
    assert [r.line for r in result.rows] == [0]
    assert str(result.error_at(3, 0)) == "Row 4, Date: 31 Jan 2027 is already given in row 1"
    assert "found the text 'lots'" in result.error_at(2, 1).message
    assert result.error_at(0, 0) is None


def test_an_empty_block_is_not_ok():
    result = parse_pasted_rows("\n\n")
    assert not result.ok and result.rows == [] and result.errors == []


def test_single_cell_helpers():
    assert parse_one_value("1 234,5", decimal_comma=True) == 1234.5
    assert parse_one_value("7%", unit="%") == 7.0
    with pytest.raises(ParseError, match="no value"):
        parse_one_value("  ")
    with pytest.raises(ParseError, match="delete the row"):
        parse_one_value("-")
    assert parse_one_date("2027-02-01") == D(2027, 2, 1)
    with pytest.raises(ParseError, match="no date"):
        parse_one_date("")
