"""The import plan of the Measurements sheet, column by column (100,000s of rows).

A Measurements row is keyed by its node and date. The sheet's columns (as read,
``SheetData.data``) are keyed all at once against every stored measurement,
read in one query (``WorkspaceView.measurements``), and classified with
list and dict operations: a row whose node and date are not stored is new;
one whose value (at 15 significant digits, ``same_number``) and note (when the
sheet has a Note column) equal the stored ones is unchanged; any other is
changed, or a conflict when the stored revision is newer than the row's hidden
``_rev``. Only changed and conflicting rows (and replace-mode deletions) get a
``RowChange`` at plan time; ``MeasurementRows`` builds the others when someone
looks at them, and ``apply`` writes the new rows straight from the columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, overload

from . import format as fmt
from .keyspace import WorkspaceView, key_of, same_number
from .reader import SheetData

NEW, UNCHANGED, CHANGED, CONFLICT = 0, 1, 2, 3
_STATUS = ("new", "unchanged", "changed", "conflict")


def code_keys(codes: Sequence[Any]) -> list[str | None]:
    """The matching key of every code of a column (None for an empty cell), computed
    once per distinct code."""
    keys = {c: key_of(c) for c in set(codes) if c is not None}
    return list(map(keys.get, codes))


def iso_dates(dates: Sequence[Any]) -> list[str | None]:
    """``yyyy-mm-dd`` of every date of a column (None for a cell that holds no date),
    formatted once per distinct date (a sheet has few: one per month or day)."""
    iso = {d: d.isoformat() for d in set(dates) if type(d) is dt.date}
    return list(map(iso.get, dates))


class MeasurementRows(Sequence[Any]):
    """The plan of a Measurements sheet: a sequence of ``RowChange`` (sheet rows in order,
    then replace-mode deletions) built on demand from the columns, with counts and the
    column data ``apply`` writes."""

    def __init__(self, sheet: SheetData, keys: list[str | None], node_ids: list[int | None],
                 dates: list[str | None], status: bytearray, found: list[Any] | None,
                 explicit: dict[int, Any], deletes: list[Any]) -> None:
        self.sheet = sheet
        self.keys = keys  # code keys
        self.node_ids = node_ids  # None where the code is not (yet) in the workspace
        self.dates = dates  # ISO dates (None where the date cell has a problem)
        self.status = status  # one status code per sheet row
        self.found = found  # the stored row of each sheet row (None: new), or None: all new
        self.explicit = explicit  # sheet row index -> RowChange (changed and conflict rows)
        self.deletes = deletes  # RowChange "delete" (replace mode)

    def __len__(self) -> int:
        return len(self.status) + len(self.deletes)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self.status)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index >= n:
            return self.deletes[index - n]
        return self.explicit.get(index) or self._build(index)

    def __iter__(self) -> Iterator[Any]:
        for i in range(len(self.status)):
            yield self.explicit.get(i) or self._build(i)
        yield from self.deletes

    def tally(self) -> dict[str, int]:
        """``{status: count}`` over every row, without building any ``RowChange``."""
        out = dict.fromkeys(("new", "changed", "unchanged", "conflict", "delete"), 0)
        for code, name in enumerate(_STATUS):
            out[name] = self.status.count(code)
        out["delete"] = len(self.deletes)
        return out

    def of_status(self, status: str) -> Iterator[Any]:
        """The rows of one status, in sheet order."""
        if status == "delete":
            yield from self.deletes
        elif status in ("changed", "conflict"):
            yield from (r for r in self.explicit.values() if r.status == status)
        elif status in _STATUS:
            code = _STATUS.index(status)
            yield from (self._build(i) for i, s in enumerate(self.status) if s == code)

    def indexes(self, code: int) -> list[int]:
        """The sheet row indexes of one status code."""
        if self.status.count(code) == len(self.status):
            return list(range(len(self.status)))
        return [i for i, s in enumerate(self.status) if s == code]

    def values(self, index: int) -> dict[str, Any]:
        """The workbook's values of one sheet row, as the plan compares them."""
        data = self.sheet.data
        out = {name: column[index] for name, column in data.items()}
        if "note" in out and out["note"] is None:
            out["note"] = ""
        return out

    def key(self, index: int) -> Any:
        code = self.keys[index]
        return (code, self.sheet.data["date"][index]) if code is not None else None

    def _build(self, index: int) -> Any:
        from .plan import RowChange

        values = self.values(index)
        status = self.status[index]
        found = self.found[index] if self.found is not None else None
        if status == NEW or found is None:
            return RowChange(fmt.MEASUREMENTS, self.key(index), "new", self.sheet.numbers[index],
                             (), values, None, None, values.get("revision"))
        return RowChange(fmt.MEASUREMENTS, self.key(index), _STATUS[status],
                         self.sheet.numbers[index], (), values, found[2])


def plan_measurements(sheet: SheetData, view: WorkspaceView, mode: str) -> MeasurementRows:
    """Classify every row of the Measurements sheet (see the module notes)."""
    from .plan import FieldChange, RowChange

    data = sheet.data
    n = len(sheet.numbers)
    keys = code_keys(data.get("code", []))  # no column: its absence is already reported
    node_ids = list(map(view.node_ids.get, keys))
    dates = iso_dates(data.get("date", []))
    stored = view.measurements or {}
    status = bytearray(n)
    explicit: dict[int, Any] = {}
    deletes: list[Any] = []
    rows = MeasurementRows(sheet, keys, node_ids, dates, status, None, explicit, deletes)
    if stored and n:
        found = rows.found = list(map(stored.get, zip(node_ids, dates)))
        values = data["value"]
        notes = data.get("note") if sheet.has("note") else None
        revisions = data.get("revision")
        for i, old in enumerate(found):
            if old is None:
                continue
            value, old_value = values[i], old[4]
            value_same = value == old_value or (type(value) is float and type(old_value) is float
                                                and same_number(value, old_value))
            note = None if notes is None else (notes[i] or "")
            if value_same and (notes is None or note == old[5]):
                status[i] = UNCHANGED
                continue
            diffs = []
            if not value_same:
                diffs.append(FieldChange("value", old_value, value))
            if notes is not None and note != old[5]:
                diffs.append(FieldChange("note", old[5], note))
            revision = revisions[i] if revisions is not None else None
            conflict = type(revision) is int and old[3] is not None and old[3] > revision
            status[i] = CONFLICT if conflict else CHANGED
            explicit[i] = RowChange(fmt.MEASUREMENTS, rows.key(i), _STATUS[status[i]],
                                    sheet.numbers[i], tuple(diffs), rows.values(i), old[2], old[3],
                                    revision)
    if mode == "replace" and stored:
        seen = set(zip(node_ids, dates))
        codes = {v[0]: v[2]["code"] for v in view.rows.get(fmt.KPI_TREE, {}).values()}
        for key, (node_id, iso, mid, revision, value, note) in stored.items():
            if key not in seen:
                code, date = codes[node_id], dt.date.fromisoformat(iso)
                deletes.append(RowChange(fmt.MEASUREMENTS, (key_of(code), date), "delete", None, (),
                                         {"code": code, "date": date, "value": value, "note": note},
                                         mid, revision))
    return rows
