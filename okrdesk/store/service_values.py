"""Measurements of KPI nodes: edits, bulk imports and fast array reads for charts."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Date, and_, bindparam, delete, select, text

from okrdesk.domain.entities import Measurement

from .convert import MEASUREMENTS, NODES, to_entity
from .errors import ValidationError
from .service_base import ServiceBase
from .validation import Day, Number, Text, clean

_UPSERT = text(
    "INSERT INTO measurements (node_id, date, value, note, source, revision)"
    " VALUES (:node_id, :date, :value, :note, :source, 1)"
    " ON CONFLICT (node_id, date) DO UPDATE SET value = excluded.value,"
    " note = excluded.note, source = excluded.source,"
    " revision = measurements.revision + 1"
).bindparams(bindparam("date", type_=Date()))

_EMPTY_DAYS = np.empty(0, dtype="datetime64[D]")
_EMPTY_VALUES = np.empty(0, dtype=np.float64)
_MAX_IDS_PER_QUERY = 900


class ValuesService(ServiceBase):
    """Measurements: one at a time for the UI, in bulk for imports, as arrays for charts."""

    def measurements(
        self, node_id: int, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[Measurement]:
        """The measurements of one node by date, optionally within ``start``..``end`` (inclusive)."""
        stmt = select(MEASUREMENTS).where(MEASUREMENTS.c.node_id == node_id)
        if start is not None:
            stmt = stmt.where(MEASUREMENTS.c.date >= start)
        if end is not None:
            stmt = stmt.where(MEASUREMENTS.c.date <= end)
        with self._session() as s:
            rows = s.execute(stmt.order_by(MEASUREMENTS.c.date)).mappings()
            return [to_entity(Measurement, r) for r in rows]

    def measurement_arrays(
        self,
        node_ids: Sequence[int] | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """``{node_id: (dates datetime64[D], values float64)}`` sorted by date.

        One raw SQL query (per 900 ids when ``node_ids`` is long), no ORM objects.
        With ``node_ids`` every requested id is a key (empty arrays when it has no
        measurements); without, every node that has measurements.
        """
        ids = None if node_ids is None else sorted({int(i) for i in node_ids})
        result: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if ids is not None:
            result = {i: (_EMPTY_DAYS, _EMPTY_VALUES) for i in ids}
            if not ids:
                return result
        sqlite = self._engine.dialect.name == "sqlite"
        mark = "?" if sqlite else "%s"
        where, params = [], []
        if start is not None:
            where.append(f"date >= {mark}")
            params.append(start.isoformat() if sqlite else start)
        if end is not None:
            where.append(f"date <= {mark}")
            params.append(end.isoformat() if sqlite else end)
        batches: list[list[int] | None] = [None] if ids is None else [
            ids[i : i + _MAX_IDS_PER_QUERY] for i in range(0, len(ids), _MAX_IDS_PER_QUERY)
        ]
        with self._engine.connect() as conn, conn.begin():
            cur = conn.connection.driver_connection.cursor()
            try:
                for batch in batches:
                    clauses, args = list(where), list(params)
                    if batch is not None:
                        clauses.insert(0, f"node_id IN ({','.join([mark] * len(batch))})")
                        args = [*batch, *args]
                    cond = (" WHERE " + " AND ".join(clauses)) if clauses else ""
                    arrays = _sqlite_arrays(cur, cond, args) if sqlite else None
                    if arrays is None:
                        arrays = _row_arrays(cur, cond, args, _day_expression(self._engine.dialect.name))
                    result.update(arrays)
            finally:
                cur.close()
        return result

    def set_measurement(
        self, node_id: int, date: dt.date, value: float, note: str = "", source: str = "manual"
    ) -> Measurement:
        """Record ``value`` for a node on ``date``, replacing the value already there."""
        label = f"Measurement of KPI node {node_id}"
        row = {
            "node_id": node_id,
            "date": Day().clean(date, "date", label),
            "value": Number().clean(value, "value", label),
            "note": Text().clean(note, "note", label),
            "source": Text(100, required=True).clean(source, "source", label),
        }
        with self._session(write=True) as s:
            self._row(s, NODES, node_id, "KPI node")
            self._wrote("measurements", node_id, [row["date"]])
            s.execute(_UPSERT, [row])
            stored = s.execute(
                select(MEASUREMENTS).where(
                    and_(MEASUREMENTS.c.node_id == node_id, MEASUREMENTS.c.date == row["date"])
                )
            ).mappings().one()
            return to_entity(Measurement, stored)

    def update_measurement(self, measurement_id: int, **changes: Any) -> Measurement:
        """Change the value, note or source of one measurement (not its node or date)."""
        label = f"Measurement {measurement_id}"
        rules = {"value": Number(), "note": Text(), "source": Text(100, required=True)}
        values = clean(rules, changes, label)
        with self._session(write=True) as s:
            row = self._row(s, MEASUREMENTS, measurement_id, "measurement")
            self._wrote("measurements", row["node_id"], [row["date"]])
            return to_entity(Measurement, self._apply_update(s, MEASUREMENTS, row, values))

    def delete_measurement(self, measurement_id: int) -> Measurement:
        """Delete one measurement; returns it (``set_measurement`` puts it back)."""
        with self._session(write=True) as s:
            row = self._row(s, MEASUREMENTS, measurement_id, "measurement")
            self._wrote("measurements", row["node_id"], [row["date"]])
            s.execute(delete(MEASUREMENTS).where(MEASUREMENTS.c.id == measurement_id))
            return to_entity(Measurement, row)

    def bulk_set_measurements(
        self, rows: Iterable[Sequence[Any] | Mapping[str, Any]], source: str = "import"
    ) -> int:
        """Upsert many measurements in one transaction; returns how many rows were written.

        Each row is ``(node_id, date, value[, note[, source]])`` or a mapping with
        those keys. Every row is checked first; one bad row refuses the whole
        batch (the message gives its index). Later rows for the same node and
        date win.
        """
        default_source = Text(100, required=True).clean(source, "source", "Measurements")
        clean_rows = [_clean_bulk_row(i, r, default_source) for i, r in enumerate(rows)]
        if not clean_rows:
            return 0
        with self._session(write=True) as s:
            wanted = sorted({r["node_id"] for r in clean_rows})
            known: set[int] = set()
            for i in range(0, len(wanted), _MAX_IDS_PER_QUERY):
                chunk = wanted[i : i + _MAX_IDS_PER_QUERY]
                known.update(s.execute(select(NODES.c.id).where(NODES.c.id.in_(chunk))).scalars())
            missing = [i for i in wanted if i not in known]
            if missing:
                raise ValidationError(
                    f"Measurements: no KPI node with id {missing[0]}"
                    + (f" (and {len(missing) - 1} more ids)" if len(missing) > 1 else "") + ".",
                    "node_id",
                )
            s.execute(_UPSERT, clean_rows)
        return len(clean_rows)


    def change_measurements(
        self,
        node_id: int,
        upserts: Iterable[Sequence[Any]] = (),
        deletes: Iterable[dt.date] = (),
        source: str = "manual",
        restore: Iterable[Measurement] = (),
    ) -> list[Measurement]:
        """Delete some dates of one node and set others, in one transaction.

        ``upserts`` are ``(date, value[, note[, source]])``; ``deletes`` are dates
        (a date without a measurement is ignored); ``restore`` are measurements
        returned by an earlier call, put back exactly (id, source and revision
        too). Deletes run first, so a row can move to another date in one call.
        Every row is checked before anything is written: one bad row refuses the
        whole change. Returns the measurements as they were before, of every
        date touched: the undo of a call is
        ``change_measurements(node_id, deletes=<every date touched>, restore=<what it returned>)``.
        """
        default_source = Text(100, required=True).clean(source, "source", "Measurements")
        clean_rows = [
            _clean_bulk_row(i, (node_id, *row), default_source) for i, row in enumerate(upserts)
        ]
        label = f"Measurements of KPI node {node_id}"
        gone = sorted({Day().clean(d, "date", label) for d in deletes})
        back = list(restore)
        for m in back:
            if m.node_id != node_id:
                raise ValidationError(f"{label}: measurement {m.id} belongs to KPI node {m.node_id}.", "node_id")
            if m.date not in gone:
                raise ValidationError(f"{label}: restoring {m.date} needs that date among the deletes.", "date")
        touched = sorted({r["date"] for r in clean_rows} | set(gone))
        with self._session(write=True) as s:
            self._row(s, NODES, node_id, "KPI node")
            self._wrote("measurements", node_id, touched)
            before = []
            for i in range(0, len(touched), _MAX_IDS_PER_QUERY):
                chunk = touched[i : i + _MAX_IDS_PER_QUERY]
                rows = s.execute(
                    select(MEASUREMENTS).where(
                        and_(MEASUREMENTS.c.node_id == node_id, MEASUREMENTS.c.date.in_(chunk))
                    ).order_by(MEASUREMENTS.c.date)
                ).mappings()
                before.extend(to_entity(Measurement, r) for r in rows)
            for i in range(0, len(gone), _MAX_IDS_PER_QUERY):
                chunk = gone[i : i + _MAX_IDS_PER_QUERY]
                s.execute(
                    delete(MEASUREMENTS).where(
                        and_(MEASUREMENTS.c.node_id == node_id, MEASUREMENTS.c.date.in_(chunk))
                    )
                )
            if back:
                s.execute(MEASUREMENTS.insert(), [
                    {"id": m.id, "node_id": m.node_id, "date": m.date, "value": m.value, "note": m.note,
                     "source": m.source, "revision": m.revision} for m in back
                ])
            if clean_rows:
                s.execute(_UPSERT, clean_rows)
        return before


def _clean_bulk_row(index: int, row: Sequence[Any] | Mapping[str, Any], source: str) -> dict[str, Any]:
    label = f"Measurement row {index}"
    if isinstance(row, Mapping):
        node_id, date, value = row.get("node_id"), row.get("date"), row.get("value")
        note, src = row.get("note", ""), row.get("source", source)
    else:
        if not 3 <= len(row) <= 5:
            raise ValidationError(
                f"{label}: expected (node_id, date, value[, note[, source]]), got {len(row)} items.",
                None,
            )
        node_id, date, value = row[0], row[1], row[2]
        note = row[3] if len(row) > 3 else ""
        src = row[4] if len(row) > 4 else source
    if isinstance(node_id, bool) or not isinstance(node_id, int):
        raise ValidationError(f"{label}: node_id must be an int, not {node_id!r}.", "node_id")
    number = Number().clean(value, "value", label)
    return {
        "node_id": node_id,
        "date": Day().clean(date, "date", label),
        "value": number,
        "note": Text().clean(note, "note", label) if note else "",
        "source": Text(100, required=True).clean(src, "source", label),
    }



def _day_expression(dialect: str) -> str:
    """SQL turning the ``date`` column into whole days since 1970-01-01."""
    if dialect != "sqlite":
        return "(date - DATE '1970-01-01')"
    if sqlite3.sqlite_version_info >= (3, 38):
        return "unixepoch(date) / 86400"
    return "CAST(julianday(date) - 2440587.5 AS INTEGER)"


def _sqlite_arrays(cur: Any, cond: str, args: list[Any]) -> dict[int, tuple[np.ndarray, np.ndarray]] | None:
    """Per-node arrays from SQLite with no Python object per date; None if the dates are unusual.

    Python's sqlite3 module costs about 0.3 µs per fetched row and value, so
    the per-row work is kept to one float: the dates of each node come as one
    comma-joined string per node from the covering (node_id, date) index, and
    are parsed by numpy at once; only the values are fetched row by row, in the
    same (node_id, date) order and the same transaction. Dates not stored as
    ``YYYY-MM-DD`` (never written by okrdesk, but a file may be edited by other
    tools) make this return None, and the caller reads row by row instead.
    """
    cur.execute(
        f"SELECT node_id, count(*), group_concat(date, ',') FROM measurements{cond}"
        " GROUP BY node_id ORDER BY node_id", args
    )
    heads = cur.fetchall()
    days_by_node: list[tuple[int, np.ndarray]] = []
    total = 0
    for node_id, n, joined in heads:
        days = _iso_days(joined, n)
        if days is None:
            return None
        days_by_node.append((int(node_id), days))
        total += n
    cur.execute(f"SELECT value FROM measurements{cond} ORDER BY node_id, date", args)
    values = np.fromiter(itertools.chain.from_iterable(cur), dtype=np.float64)
    if len(values) != total:
        raise RuntimeError("measurement rows changed between the two reads of one transaction")
    out: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    at = 0
    for node_id, days in days_by_node:
        out[node_id] = (days, values[at : at + len(days)])
        at += len(days)
    return out


def _iso_days(joined: Any, n: int) -> np.ndarray | None:
    """``n`` comma-joined ``YYYY-MM-DD`` dates in strictly increasing order as datetime64[D], else None."""
    if not isinstance(joined, str) or len(joined) != 11 * n - 1:
        return None
    try:
        raw = np.frombuffer((joined + ",").encode("ascii"), dtype=np.uint8).reshape(n, 11)
    except UnicodeEncodeError:
        return None
    if not bool(np.all(raw[:, 10] == ord(","))):
        return None
    try:
        days = np.ascontiguousarray(raw[:, :10]).view("S10").ravel().astype("datetime64[D]")
    except ValueError:
        return None
    # The value query is ordered by date; the joined dates must be in that order too.
    if n > 1 and not bool(np.all(days[1:] > days[:-1])):
        return None
    return days


def _row_arrays(
    cur: Any, cond: str, args: list[Any], day_expr: str
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per-node arrays read row by row (PostgreSQL, or SQLite dates in another format)."""
    # Per-node counts first (an index-only scan), so that the big query
    # returns two numbers per row and no per-row node id.
    cur.execute(
        f"SELECT node_id, count(*) FROM measurements{cond} GROUP BY node_id ORDER BY node_id", args
    )
    counts = cur.fetchall()
    cur.execute(f"SELECT {day_expr}, value FROM measurements{cond} ORDER BY node_id, date", args)
    return _split_rows(counts, cur.fetchall())

def _split_rows(
    counts: list[tuple[int, int]], rows: list[tuple[Any, ...]]
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Rows ``(epoch_day, value)`` sorted by node, cut into per-node arrays by ``counts``."""
    if not rows:
        return {}
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64, count=2 * len(rows))
    table = flat.reshape(-1, 2)
    days = table[:, 0].astype(np.int64).astype("datetime64[D]")
    values = np.ascontiguousarray(table[:, 1])
    out: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    at = 0
    for node_id, n in counts:
        out[int(node_id)] = (days[at : at + n], values[at : at + n])
        at += n
    if at != len(rows):
        raise RuntimeError("measurement rows changed between the two reads of one transaction")
    return out
