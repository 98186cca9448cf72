"""How a CSV file is written: encoding, delimiter and decimal separator.

* **Encoding**: a byte-order mark decides (UTF-8 BOM → ``utf-8-sig``,
  UTF-16 LE/BE BOM → ``utf-16``); otherwise the bytes that decode as UTF-8 are
  UTF-8, and anything else is Windows ``cp1252`` (a superset of Latin-1 for
  the characters exports use; ``latin-1`` can be chosen by hand).
* **Delimiter**: among ``;`` ``,`` tab and ``|`` (outside quotes), the one
  that splits the first 50 non-empty lines into the same number of fields
  (more than one) most often; ties prefer the one giving more fields, then
  ``;`` (European exports use it precisely because ``,`` is their decimal mark).
* **Decimal separator**: ``parsing.vote_decimal_comma`` over every field that
  looks like a number; with no evidence the delimiter decides (``;`` → comma).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from ..parsing import vote_decimal_comma

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
DELIMITERS = (";", ",", "\t", "|")
_SAMPLE_LINES = 50


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """How to read a CSV file (detected by ``sniff_csv``, correctable by the user)."""

    encoding: str = "utf-8"
    delimiter: str = ","
    decimal_comma: bool = False

    def describe(self) -> str:
        """``utf-8, ';' separated, decimal comma`` for a status line."""
        name = {"\t": "tab"}.get(self.delimiter, repr(self.delimiter))
        return (f"{self.encoding}, {name} separated, "
                f"decimal {'comma' if self.decimal_comma else 'point'}")


def detect_encoding(raw: bytes) -> str:
    """The encoding of ``raw`` (see the module notes)."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of a sample is still UTF-8.
        if exc.start < len(raw) - 4:
            return "cp1252"
    return "utf-8"


def detect_delimiter(text: str) -> str:
    """The field delimiter of ``text`` (see the module notes); ``,`` when nothing tells."""
    lines = [line for line in text.splitlines() if line.strip()][:_SAMPLE_LINES]
    if not lines:
        return ","
    best, best_key = ",", (0, 0, 0)
    for rank, delim in enumerate(DELIMITERS):
        counts = [len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delim)]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        if common < 2:
            continue
        key = (counts.count(common), common, -rank)
        if key > best_key:
            best, best_key = delim, key
    return best


_NUMBER_LIKE = re.compile(r"^[(+\-−]?\s*[^\d\s]{0,3}\s*\d[\d.,\s\u00a0']*\s*%?\)?\s*[^\d\s]{0,3}$")
_DOTTED_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}$")


def _number_like(text: str) -> bool:
    """A field that is a number with a decimal or grouping mark (``1.234,50``, ``(12,5)``,
    ``45,5%``, ``€ 1,200``), not a dotted date such as ``31.01.2027``."""
    return (("," in text or "." in text) and bool(_NUMBER_LIKE.match(text))
            and not _DOTTED_DATE.match(text))


def sniff_csv(raw: bytes) -> CsvFormat:
    """Encoding, delimiter and decimal separator of the CSV bytes ``raw``."""
    encoding = detect_encoding(raw[:1_000_000])
    try:
        text = raw[:1_000_000].decode(encoding, errors="replace")
    except LookupError:
        text = raw[:1_000_000].decode("latin-1")
    text = text.lstrip("\ufeff")
    delimiter = detect_delimiter(text)
    fields = (cell.strip() for row in csv.reader(io.StringIO(text), delimiter=delimiter)
              for cell in row[:200])
    numeric = [f for f in fields if _number_like(f)]
    vote = vote_decimal_comma(numeric)
    decimal_comma = (delimiter == ";") if vote is None else vote
    if delimiter == "," and decimal_comma:
        decimal_comma = vote is True
    return CsvFormat(encoding, delimiter, decimal_comma)
