"""The whole description of a values import: an ``ImportSpec`` (JSON-serialisable).

The wizard builds one step by step (``detect`` proposes, the user corrects);
saved under a name it is an **import profile** (``profiles``), applied as is to
next month's file. Every field is plain data: ``to_json`` / ``from_json``
round-trip exactly.

Layouts (``layout``):

* ``long``: one row per value — ``label_column`` (KPI name or code),
  ``date_column``, ``value_column``, optional ``note_column``;
* ``wide``: one row per KPI — ``label_column``, and every column whose header
  reads as a date or period (``periods``) holds that period's values;
* ``columns``: one column per KPI, one row per date — ``date_column``, and every
  other column with a header is a KPI whose label is its header.

Columns are kept by their header text (``ColumnRef.header``, matched case- and
space-insensitively in ``header_row``) with the letter they had when the profile
was made; a column that moved is found by its header, a column whose header is
gone is reported, never guessed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

LAYOUTS = ("long", "wide", "columns")
PERCENT_MODES = ("fraction", "points")
SPEC_VERSION = 1
#: What ``mapping`` holds for a label the user chose to leave out.
SKIP = ""
#: Words that mark a totals row (first word of the label, case-insensitive).
TOTAL_WORDS = ("total", "totals", "grand total", "subtotal", "sub-total", "sum", "summe",
               "gesamt", "gesamtsumme", "insgesamt", "totaal", "totale", "somme", "suma",
               "overall", "all")


class SpecError(ValueError):
    """A profile definition that cannot be read (the message says what is wrong)."""


@dataclass(frozen=True, slots=True)
class ColumnRef:
    """A column of the file: its header text and its letter when the spec was made."""

    header: str
    letter: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"header": self.header, "letter": self.letter}


@dataclass(frozen=True, slots=True)
class NewNode:
    """A label to be created as a new measure node (``code`` under the spec's parent)."""

    code: str
    name: str
    unit: str = ""


@dataclass
class ImportSpec:
    """Everything needed to turn one sheet of a foreign file into measurements."""

    layout: str = "wide"
    sheet: str | None = None  # None: the first sheet (always so for a CSV)
    header_row: int = 1  # Excel row number of the header row
    label_column: ColumnRef | None = None  # long and wide
    date_column: ColumnRef | None = None  # long and columns
    value_column: ColumnRef | None = None  # long
    note_column: ColumnRef | None = None  # long (optional)
    day_first: bool | None = None  # a/b/yyyy dates: None = decided by a vote over the file
    decimal_comma: bool | None = None  # 1.234 / 1,234 texts: None = decided by a vote
    scale: float = 1.0  # the file's numbers times this (1000: values in thousands)
    percent: str = "fraction"  # how values of nodes whose unit is % are written in the file
    mapping: dict[str, str] = field(default_factory=dict)  # label -> node code, or SKIP
    new_nodes: dict[str, NewNode] = field(default_factory=dict)  # label -> node to create
    new_parent: str | None = None  # code of the parent of created nodes (None: a root)
    csv_encoding: str | None = None  # a CSV's encoding, delimiter and decimal mark as
    csv_delimiter: str | None = None  # confirmed in the wizard (None: detected each time)

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise SpecError(f"layout must be one of {', '.join(LAYOUTS)}, not {self.layout!r}")
        if self.percent not in PERCENT_MODES:
            raise SpecError(f"percent must be one of {', '.join(PERCENT_MODES)}, not {self.percent!r}")
        if not isinstance(self.header_row, int) or self.header_row < 1:
            raise SpecError(f"header_row must be a row number from 1, not {self.header_row!r}")
        if not isinstance(self.scale, int | float) or not self.scale > 0:
            raise SpecError(f"scale must be a positive number, not {self.scale!r}")

    # --- the wizard's edits ---------------------------------------------------------

    def map_label(self, label: str, code: str) -> None:
        """Import ``label``'s values into the node ``code``."""
        self.mapping[label] = code
        self.new_nodes.pop(label, None)

    def skip_label(self, label: str) -> None:
        """Leave ``label`` out (now and in later imports with this profile)."""
        self.mapping[label] = SKIP
        self.new_nodes.pop(label, None)

    def create_label(self, label: str, code: str, name: str | None = None, unit: str = "") -> None:
        """Create a new measure node ``code`` for ``label`` under ``new_parent``; later
        imports with this profile write into that node by its code."""
        self.new_nodes[label] = NewNode(code, name or label, unit)
        self.mapping[label] = code

    def missing_fields(self) -> list[str]:
        """The columns this layout needs that are not chosen yet (empty when complete)."""
        need = {"long": ("label_column", "date_column", "value_column"),
                "wide": ("label_column",), "columns": ("date_column",)}[self.layout]
        return [name for name in need if getattr(self, name) is None]

    def describe(self) -> list[str]:
        """The spec in a few plain lines (a profile's summary in a list or a tooltip)."""
        where = f"sheet {self.sheet!r}, " if self.sheet else ""
        lines = [f"{where}headers in row {self.header_row}"]

        def name(ref: ColumnRef | None) -> str:
            return repr(ref.header) if ref is not None else "(not chosen)"

        if self.layout == "wide":
            lines.append(f"one row per KPI (names in column {name(self.label_column)}), "
                         "one column per date or period")
        elif self.layout == "long":
            note = f", notes from {name(self.note_column)}" if self.note_column else ""
            lines.append(f"one row per value: KPI {name(self.label_column)}, date "
                         f"{name(self.date_column)}, value {name(self.value_column)}{note}")
        else:
            lines.append(f"one column per KPI, dates in column {name(self.date_column)}")
        units = []
        if self.scale != 1.0:
            units.append({1000.0: "values in thousands", 1_000_000.0: "values in millions"}
                         .get(float(self.scale), f"values × {self.scale:g}"))
        units.append("percentages as 0–1" if self.percent == "fraction" else "percentages as 0–100")
        if self.day_first is not None:
            units.append("dates day first" if self.day_first else "dates month first")
        lines.append(", ".join(units))
        mapped = sum(1 for label, code in self.mapping.items() if code != SKIP and label not in self.new_nodes)
        skipped = sum(1 for code in self.mapping.values() if code == SKIP)
        text = f"{mapped} KPI{'s' if mapped != 1 else ''} mapped"
        if skipped:
            text += f", {skipped} left out"
        if self.new_nodes:
            text += (f", {len(self.new_nodes)} created under {self.new_parent}" if self.new_parent
                     else f", {len(self.new_nodes)} created at the top level")
        lines.append(text)
        return lines

    # --- JSON ------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["new_nodes"] = {k: asdict(v) for k, v in self.new_nodes.items()}
        data["version"] = SPEC_VERSION
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportSpec:
        if not isinstance(data, dict):
            raise SpecError("a profile definition must be a JSON object")
        version = data.get("version", SPEC_VERSION)
        if version != SPEC_VERSION:
            raise SpecError(f"this profile is of version {version}; this okrdesk reads version "
                            f"{SPEC_VERSION}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known - {"version"})
        if unknown:
            raise SpecError(f"unknown field(s) in the profile: {', '.join(unknown)}")
        values = dict(data)
        try:
            for name in ("label_column", "date_column", "value_column", "note_column"):
                if values.get(name) is not None:
                    values[name] = ColumnRef(**values[name])
            values["mapping"] = {str(k): str(v) for k, v in (values.get("mapping") or {}).items()}
            values["new_nodes"] = {str(k): NewNode(**v)
                                   for k, v in (values.get("new_nodes") or {}).items()}
            return cls(**{k: v for k, v in values.items() if k in known})
        except TypeError as exc:
            raise SpecError(f"the profile definition is malformed ({exc})") from None

    @classmethod
    def from_json(cls, text: str) -> ImportSpec:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise SpecError(f"the profile definition is not valid JSON ({exc})") from None
        return cls.from_dict(data)


def header_key(value: Any) -> str:
    """A header compared case- and space-insensitively (``" Net  Revenue "`` → ``net revenue``)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        from ..parsing import parse_text

        value = parse_text(value)
    return " ".join(value.split()).casefold()


def is_total_label(label: str) -> bool:
    """Whether a row label marks a totals row (``Total``, ``Total revenue``, ``Gesamt``,
    ``Sum of sales``...)."""
    key = header_key(label).strip(" :.")
    if not key:
        return False
    for word in TOTAL_WORDS:
        if key == word or key.startswith(word + " ") or key.startswith(word + ":"):
            return word != "all" or key == "all"
    return key.endswith(" total") or key.endswith(" gesamt") or key.endswith(" insgesamt")
