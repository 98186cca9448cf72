"""Cell values to Python values: numbers, dates, booleans and text typed in any common locale.

Each ``parse_*`` takes what a reader returns for a non-blank cell (str, int,
float, bool, date, datetime) and returns the value, or raises ``ParseError``
whose message completes ``Sheet!Cell: <message>``.

Decisions (documented in docs/WORKBOOK.md by the format's owner; here they are
the code):

* **Numbers.** Spaces of any kind (incl. no-break U+00A0, narrow no-break
  U+202F, thin U+2009) and apostrophes are digit grouping. With both ``.``
  and ``,`` the last one is the decimal mark. A single separator followed by
  exactly three digits (``1,234`` / ``1.234``) is ambiguous: ``decimal_comma``
  decides (True: German style, ``1.234`` = 1234; False/None: English style,
  ``1,234`` = 1234). Readers get it from a workbook-wide vote
  (``vote_decimal_comma``) over the unambiguous texts. ``(1,234)`` and a
  leading ``-`` are negative; a currency symbol or a three-letter currency
  code before or after the number is ignored (``€ 1.200``, ``EUR 1,200``,
  ``1 200 CHF``).
* **Percent.** ``45%`` is 0.45 in every number column: the same value Excel
  stores in a cell showing 45%, so typed and text cells agree.
* **Dash.** ``-`` (or an en/em dash) alone means "no value" (None), as in
  accounting print-outs.
* **Dates.** ISO ``2027-03-31`` (a time part is allowed when it is midnight);
  ``31/03/2027``, ``31.03.2027``, ``31-03-2027`` and two-digit years
  (20yy); ``31 Mar 2027``, ``Mar 31, 2027`` (month names in English, German,
  French, Spanish, Dutch and Italian); ``Mar 2027`` / ``2027-03`` = first day
  of the month. ``a/b/yyyy`` with both parts ≤ 12 is ambiguous: a part above
  12 settles it; otherwise ``day_first`` decides (readers take a workbook-wide
  majority vote over the unambiguous dates, ``vote_day_first``; with no
  evidence day-first wins, the order of most of the world). Dotted dates are
  always day-first.
* **Excel serial numbers** (a date column holding a number): the 1900 system
  with Lotus' phantom 29 Feb 1900 (serial 60 is refused, serials before it are
  shifted by one day), or the 1904 system when the workbook says so. A time
  fraction is dropped. Datetimes with a time of day keep their date.
* **Booleans.** yes/no, true/false, y/n, 1/0, x (ticked), ja/nein, oui/non,
  si/no, wahr/falsch, vrai/faux; a bool or the numbers 0/1.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any


class ParseError(ValueError):
    """A value that cannot be read; ``str(error)`` completes ``Sheet!Cell: ...``."""


# --- numbers ------------------------------------------------------------------------

_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009\u2007\u2002\u2003\u200a'’\u02bc"), None)
_DASHES = {"-", "–", "—", "−"}
# ISO 4217 codes people put next to amounts; only these, as a word of their own, are
# taken off a number ("12 apples" or "12 pts" stay text and are reported).
_CURRENCIES = ("EUR|USD|GBP|CHF|JPY|CNY|SEK|NOK|DKK|ISK|PLN|CZK|HUF|RON|BGN|TRY|CAD|AUD|NZD|"
               "INR|BRL|MXN|ZAR|SGD|HKD|KRW|AED|SAR|ILS|RUB|UAH")
_CURRENCY_CODE = re.compile(rf"^(?:{_CURRENCIES})\.?(?![A-Za-z])\s*|(?<![A-Za-z])\s*(?:{_CURRENCIES})\.?$",
                            re.IGNORECASE)
_DIGITS = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


def is_blank(value: Any) -> bool:
    """True for None and strings of only whitespace (what an empty cell reads as)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _strip_currency(text: str) -> str:
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Sc").strip()
    match = _CURRENCY_CODE.search(text)
    if match and any(ch.isdigit() for ch in text):
        text = (text[: match.start()] + text[match.end():]).strip()
    return text


def parse_number(value: Any, *, decimal_comma: bool | None = None) -> float | None:
    """A finite number from a cell; None for a lone dash. See the module notes."""
    if isinstance(value, bool):
        raise ParseError(f"expected a number, found the truth value {value}")
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            raise ParseError(f"expected a finite number, found {value}")
        return number
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise ParseError(f"expected a number, found the date/time {value}")
    if not isinstance(value, str):
        raise ParseError(f"expected a number, found {value!r}")
    original = value.strip()
    text = original
    if text in _DASHES:
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _strip_currency(text)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    text = _strip_currency(text)
    if text[:1] in ("+", "-", "−") and not negative:
        negative, text = text[0] != "+", text[1:].strip()
        text = _strip_currency(text)
    text = text.translate(_SPACES)
    number = _plain_number(text, decimal_comma)
    if number is None:
        raise ParseError(f"expected a number, found the text {original!r}")
    if percent:
        number /= 100
    return -number if negative else number


def _plain_number(text: str, decimal_comma: bool | None) -> float | None:
    """Digits with at most grouping and one decimal mark; None when it is not a number."""
    if not text or not all(ch.isdigit() or ch in ".,eE+-" for ch in text):
        return None
    if "e" in text.lower():  # scientific notation, decimal point only
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if decimal == "." else "."
        whole, _, frac = text.rpartition(decimal)
        if text.count(decimal) != 1 or not _valid_grouping(whole, group) or not _DIGITS.match(frac):
            return None
        return float(whole.replace(group, "") + "." + frac)
    sep = "." if dots else "," if commas else ""
    if not sep:
        return float(text) if _DIGITS.match(text) else None
    if text.count(sep) > 1:  # only grouping can repeat
        return float(text.replace(sep, "")) if _GROUPED.match(text) else None
    whole, _, frac = text.partition(sep)
    if not _DIGITS.match(frac) or (whole and not _DIGITS.match(whole)):
        return None
    is_grouping = bool(_GROUPED.match(text)) and whole != "0"
    if is_grouping:
        comma_means_decimal = bool(decimal_comma)
        grouping = (sep == ",") != comma_means_decimal
        if grouping:
            return float(whole + frac)
    return float((whole or "0") + "." + frac)


def _valid_grouping(whole: str, group: str) -> bool:
    if group not in whole:
        return bool(_DIGITS.match(whole))
    return bool(re.fullmatch(r"\d{1,3}(?:" + re.escape(group) + r"\d{3})+", whole))


def vote_decimal_comma(texts: Iterable[str]) -> bool | None:
    """Whether the number texts of a workbook use a decimal comma (majority of the
    unambiguous ones); None when none of them tells."""
    comma = point = 0
    for raw in texts:
        text = _strip_currency(raw.strip().strip("()%").strip()).lstrip("+-−").translate(_SPACES)
        if not text or not all(ch.isdigit() or ch in ".," for ch in text):
            continue
        dots, commas = text.count("."), text.count(",")
        if dots and commas:
            if text.rfind(",") > text.rfind("."):
                comma += 1
            else:
                point += 1
        elif dots + commas == 1:
            whole, _, frac = text.replace(",", ".").partition(".")
            if len(frac) != 3 or whole in ("", "0"):
                if commas:
                    comma += 1
                else:
                    point += 1
        elif commas > 1:
            point += 1
        elif dots > 1:
            comma += 1
    if comma == point:
        return None
    return comma > point


# --- dates --------------------------------------------------------------------------

_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)
MAX_SERIAL = 2_958_465  # 9999-12-31 in the 1900 system

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january januar janvier enero januari gennaio jänner janv ene gen",
        "feb february februar fevrier febrero februari febbraio fev fevr",
        "mar march marz mars marzo maart mrt",
        "apr april avril abril aprile avr",
        "may mai mayo mei maggio mag",
        "jun june juni juin junio giugno giu",
        "jul july juli juillet julio luglio juil lug",
        "aug august aout agosto augustus ago",
        "sep sept september septembre septiembre settembre set",
        "oct october oktober octobre octubre ottobre okt ott",
        "nov november novembre noviembre",
        "dec december dezember decembre diciembre dicembre dez dic",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+0{1,2}:00(?::00)?)?$")
_WORDS = re.compile(r"[a-z]+|\d+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def excel_serial_to_date(serial: float, date1904: bool = False) -> dt.date:
    """The date of an Excel serial number (time fraction dropped)."""
    if isinstance(serial, bool) or not math.isfinite(serial):
        raise ParseError(f"expected a date, found {serial!r}")
    day = math.floor(serial)
    if date1904:
        if not 0 <= day <= MAX_SERIAL - 1462:
            raise ParseError(f"the number {serial:g} is not a date Excel can show")
        return _EPOCH_1904 + dt.timedelta(days=day)
    if not 1 <= day <= MAX_SERIAL:
        raise ParseError(f"the number {serial:g} is not a date Excel can show")
    if day == 60:
        raise ParseError("29 Feb 1900 (Excel serial 60) does not exist")
    if day < 60:
        day += 1  # before Lotus' phantom leap day
    return _EPOCH_1900 + dt.timedelta(days=day)


def _make_date(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"{original!r} is not a real date") from None


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def parse_date(value: Any, *, date1904: bool = False, day_first: bool | None = None) -> dt.date:
    """A calendar date from a cell (date, datetime, serial number or text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ParseError(f"expected a date, found the truth value {value}")
    if isinstance(value, int | float):
        return excel_serial_to_date(float(value), date1904)
    if not isinstance(value, str):
        raise ParseError(f"expected a date, found {value!r}")
    text = value.strip()
    match = _ISO.match(text)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]), text)
    match = _ISO_MONTH.match(text)
    if match:
        return _make_date(int(match[1]), int(match[2]), 1, text)
    match = _NUMERIC.match(text)
    if match:
        a, sep, b, year = int(match[1]), match[2], int(match[3]), _year(match[4])
        if sep == "." or a > 12:
            return _make_date(year, b, a, text)
        if b > 12:
            return _make_date(year, a, b, text)
        first = True if day_first is None else day_first
        return _make_date(year, b, a, text) if first else _make_date(year, a, b, text)
    return _worded_date(text)


def _worded_date(text: str) -> dt.date:
    """``31 Mar 2027``, ``Mar 31, 2027``, ``31. März 2027``, ``March 2027``."""
    parts = _WORDS.findall(_fold(text))
    months = [p for p in parts if not p.isdigit()]
    numbers = [p for p in parts if p.isdigit()]
    if len(months) != 1 or months[0] not in _MONTHS or not 1 <= len(numbers) <= 2:
        raise ParseError(
            f"expected a date such as 2027-03-31 or 31/03/2027, found the text {text!r}"
        )
    month = _MONTHS[months[0]]
    years = [n for n in numbers if len(n) == 4]
    if len(years) != 1:
        raise ParseError(f"{text!r} has no four-digit year")
    days = [n for n in numbers if n is not years[0]]
    day = int(days[0]) if days else 1
    return _make_date(int(years[0]), month, day, text)


def vote_day_first(texts: Iterable[str]) -> bool | None:
    """Whether ``a/b/yyyy`` dates of a workbook put the day first: the majority of the
    dates where one part is above 12; None when none of them tells."""
    day_first = month_first = 0
    for raw in texts:
        match = _NUMERIC.match(raw.strip())
        if not match or match[2] == ".":
            continue
        a, b = int(match[1]), int(match[3])
        if a > 12 >= b:
            day_first += 1
        elif b > 12 >= a:
            month_first += 1
    if day_first == month_first:
        return None
    return day_first > month_first


# --- booleans and text --------------------------------------------------------------

_TRUE = {"yes", "y", "true", "t", "1", "x", "✓", "✔", "ja", "j", "oui", "si", "sí", "wahr",
         "vrai", "leading", "on"}
_FALSE = {"no", "n", "false", "f", "0", "nein", "non", "falsch", "faux", "lagging", "off", "-"}


def parse_bool(value: Any) -> bool:
    """A yes/no value (see the module notes for the accepted words)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower().rstrip(".")
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise ParseError(f"expected yes or no, found {value!r}")


def parse_text(value: Any) -> str:
    """Text of a cell, trimmed; numbers read back without a spurious ``.0``."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).strip()
