"""Several service calls in one transaction (all or nothing), and a fast measurement upsert.

``with service.transaction():`` opens one write transaction; every service
method called inside it *in the same thread/context* joins it instead of
opening its own session, each call in a SAVEPOINT (a call that raises undoes
only itself, and the exception normally ends the whole transaction, rolled
back). Leaving the block commits; an exception rolls everything back. Other
threads keep their own sessions and do not see the uncommitted rows.

The service methods keep all their checks: this module adds no validation of
its own except the cheap type checks of ``upsert_measurements`` and of the column-wise
measurement writes the Excel import uses (``insert_measurement_columns``,
``update_measurement_values``, with ``measurement_rows`` to read them all).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .convert import CHECK_INS, KEY_RESULTS, MEASUREMENTS, NODES
from .errors import ValidationError
from .service_base import ServiceBase
from .service_values import _UPSERT
from .validation import clean

_ACTIVE: ContextVar[tuple[object, Session] | None] = ContextVar("okrdesk_transaction", default=None)
_RAW_UPSERT = (
    "INSERT INTO measurements (node_id, date, value, note, source, revision)"
    " VALUES (?, ?, ?, ?, ?, 1)"
    " ON CONFLICT (node_id, date) DO UPDATE SET value = excluded.value,"
    " note = excluded.note, source = excluded.source,"
    " revision = measurements.revision + 1"
)
_RAW_UPDATE = ("UPDATE measurements SET value = ?, note = COALESCE(?, note), source = ?,"
               " revision = revision + 1 WHERE id = ?")
_MEASUREMENT_ROWS = "SELECT node_id, date, id, revision, value, note FROM measurements"


class BatchService(ServiceBase):
    """``transaction()`` plus ``upsert_measurements``; mixed into WorkspaceService first."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction that every service call inside the block joins.

        Nested ``transaction()`` blocks join the outer one.
        """
        active = _ACTIVE.get()
        if active is not None and active[0] is self:
            yield
            return
        with ServiceBase._session(self, write=True) as session:
            token = _ACTIVE.set((self, session))
            try:
                yield
            finally:
                _ACTIVE.reset(token)

    @property
    def in_transaction(self) -> bool:
        """Whether the current thread/context is inside ``transaction()`` of this service."""
        active = _ACTIVE.get()
        return active is not None and active[0] is self

    @contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        active = _ACTIVE.get()
        if active is None or active[0] is not self:
            with super()._session(write) as session:
                yield session
            return
        session = active[1]
        try:
            with session.begin_nested():
                yield session
        except sa_exc.IntegrityError as exc:
            raise ValidationError(f"The change was refused by the database: {exc.orig}.") from exc
        finally:
            if write:
                self._write_ended()

    def upsert_measurements(
        self, rows: Sequence[tuple[int, dt.date, float, str]], source: str = "import"
    ) -> int:
        """Insert or replace ``(node_id, date, value, note)`` rows in one executemany.

        The fast sibling of ``bulk_set_measurements`` for rows already cleaned
        (the Excel import parses and checks every cell first): here only types,
        finiteness and the existence of the nodes are checked, and the first bad
        row refuses the batch. Later rows for the same node and date win.
        """
        if not isinstance(source, str) or not source.strip() or len(source) > 100:
            raise ValidationError("Measurements: source must be 1 to 100 characters.", "source")
        sqlite = self._engine.dialect.name == "sqlite"
        params = []
        nodes: set[int] = set()
        for index, (node_id, date, value, note) in enumerate(rows):
            if (type(node_id) is not int or type(date) is not dt.date
                    or type(value) is not float or not math.isfinite(value) or type(note) is not str):
                raise ValidationError(
                    f"Measurement row {index}: expected (int node id, date, finite float, str "
                    f"note), got {(node_id, date, value, note)!r}.", None,
                )
            nodes.add(node_id)
            params.append((node_id, date.isoformat() if sqlite else date, value, note, source))
        if not params:
            return 0
        with self._session(write=True) as s:
            wanted = sorted(nodes)
            known: set[int] = set()
            for i in range(0, len(wanted), 900):
                chunk = wanted[i: i + 900]
                known.update(s.execute(select(NODES.c.id).where(NODES.c.id.in_(chunk))).scalars())
            missing = [i for i in wanted if i not in known]
            if missing:
                raise ValidationError(f"Measurements: no KPI node with id {missing[0]}.", "node_id")
            if sqlite:
                self._wrote("measurements")
                s.connection().connection.driver_connection.executemany(_RAW_UPSERT, params)
            else:
                keys = ("node_id", "date", "value", "note", "source")
                s.execute(_UPSERT, [dict(zip(keys, p, strict=True)) for p in params])
        return len(params)


    # --- column-wise measurement paths of the Excel import ------------------------------

    def measurement_rows(self) -> list[tuple[int, str, int, int, float, str]]:
        """Every measurement as ``(node_id, ISO date, id, revision, value, note)``, in one query."""
        with self._session() as s:
            if self._engine.dialect.name == "sqlite":
                return s.connection().connection.driver_connection.execute(
                    _MEASUREMENT_ROWS).fetchall()
            c = MEASUREMENTS.c
            return [(n, d.isoformat(), i, r, v, note) for n, d, i, r, v, note in s.execute(
                select(c.node_id, c.date, c.id, c.revision, c.value, c.note))]

    def measurement_revisions(self, ids: Sequence[int]) -> dict[int, int]:
        """``id -> revision`` of the measurements among ``ids`` that exist."""
        out: dict[int, int] = {}
        wanted = sorted(set(ids))
        with self._session() as s:
            for i in range(0, len(wanted), 900):
                chunk = wanted[i: i + 900]
                for mid, revision in s.execute(select(MEASUREMENTS.c.id, MEASUREMENTS.c.revision)
                                               .where(MEASUREMENTS.c.id.in_(chunk))):
                    out[mid] = revision
        return out

    def insert_measurement_columns(
        self, node_ids: Sequence[int], dates: Sequence[str], values: Sequence[float],
        notes: Sequence[str], sources: Sequence[str],
    ) -> int:
        """Insert measurements given column by column (``dates`` as ISO ``yyyy-mm-dd``
        strings), in one executemany; a row whose node and date already exist replaces
        it (later rows win), as in ``upsert_measurements``.

        The columns are checked as wholes (types, finite values, sources of 1 to 100
        characters, existing nodes); the first bad column refuses the batch.
        """
        n = len(node_ids)
        if not n == len(dates) == len(values) == len(notes) == len(sources):
            raise ValidationError("Measurements: the columns differ in length.", None)
        if not n:
            return 0
        # Whole-column checks at C speed (types, then values), a loop only to name a bad row.
        _check_column("value", values, float, "a finite float",
                      lambda column: all(map(math.isfinite, column)))
        _check_column("date", dates, str, "an ISO date (yyyy-mm-dd)",
                      lambda column: all(map(_is_iso_date, set(column))))
        _check_column("note", notes, str, "text")
        _check_column("source", sources, str, "1 to 100 characters",
                      lambda column: all(0 < len(v) <= 100 and not v.isspace() for v in set(column)))
        nodes = set(node_ids)
        _check_column("node_id", list(nodes), int, "an int node id")
        sqlite = self._engine.dialect.name == "sqlite"
        with self._session(write=True) as s:
            self._require_nodes(s, nodes)
            if sqlite:
                self._wrote("measurements")
                s.connection().connection.driver_connection.executemany(
                    _RAW_UPSERT, zip(node_ids, dates, values, notes, sources))
            else:
                keys = ("node_id", "date", "value", "note", "source")
                s.execute(_UPSERT, [dict(zip(keys, (nid, dt.date.fromisoformat(d), v, note, src)))
                                    for nid, d, v, note, src in zip(node_ids, dates, values,
                                                                    notes, sources)])
        return n

    def update_measurement_values(
        self, rows: Sequence[tuple[int, float, str | None, str]]
    ) -> int:
        """Set ``(id, value, note, source)`` of existing measurements in one executemany
        (a None note keeps the stored note); each revision goes up by one. An id that
        does not exist refuses the batch."""
        if not rows:
            return 0
        for index, (mid, value, note, source) in enumerate(rows):
            if (type(mid) is not int or type(value) is not float or not math.isfinite(value)
                    or not (note is None or type(note) is str) or type(source) is not str
                    or not 0 < len(source) <= 100):
                raise ValidationError(f"Measurement update {index}: expected (int id, finite float,"
                                      f" str or None note, source), got {rows[index]!r}.", None)
        found = self.measurement_revisions([r[0] for r in rows])
        missing = [r[0] for r in rows if r[0] not in found]
        if missing:
            raise ValidationError(f"Measurements: no measurement with id {missing[0]}.", "id")
        with self._session(write=True) as s:
            if self._engine.dialect.name == "sqlite":
                self._wrote("measurements")
                s.connection().connection.driver_connection.executemany(
                    _RAW_UPDATE, [(v, note, src, mid) for mid, v, note, src in rows])
            else:
                for mid, value, note, source in rows:
                    changes = {"value": value, "source": source,
                               "revision": MEASUREMENTS.c.revision + 1}
                    if note is not None:
                        changes["note"] = note
                    s.execute(update(MEASUREMENTS).where(MEASUREMENTS.c.id == mid).values(**changes))
        return len(rows)

    def add_check_ins(
        self, rows: Sequence[tuple[int, dt.date, float, float | None, str, str]]
    ) -> int:
        """Record ``(key_result_id, date, value, confidence, comment, author)`` check-ins.

        Every row is cleaned by the same rules as ``add_check_in`` (the first bad row
        refuses the batch); then each key result touched follows its latest check-in
        once, as it would after adding them one by one. A refused row's index is in the
        ValidationError's ``row_index``.
        """
        from .service_okr import CHECK_IN_RULES, _utc_now

        clean_rows = []
        for index, (kr_id, date, value, confidence, comment, author) in enumerate(rows):
            try:
                values = clean(CHECK_IN_RULES, {"date": date, "value": value,
                                                "confidence": confidence, "comment": comment,
                                                "author": author},
                               f"Check-in of key result {kr_id}")
            except ValidationError as exc:
                exc.row_index = index  # type: ignore[attr-defined]  # which row, for callers
                raise
            clean_rows.append({"key_result_id": kr_id, **values})
        if not clean_rows:
            return 0
        now = _utc_now()
        for row in clean_rows:
            row["created_at"] = now
        wanted = sorted({r["key_result_id"] for r in clean_rows})
        with self._session(write=True) as s:
            known: set[int] = set()
            for i in range(0, len(wanted), 900):
                chunk = wanted[i: i + 900]
                known.update(s.execute(select(KEY_RESULTS.c.id)
                                       .where(KEY_RESULTS.c.id.in_(chunk))).scalars())
            missing = [i for i in wanted if i not in known]
            if missing:
                raise ValidationError(f"Check-ins: no key result with id {missing[0]}.",
                                      "key_result_id")
            s.execute(CHECK_INS.insert(), clean_rows)
            for kr_id in wanted:
                self._follow_latest_check_in(s, kr_id)  # type: ignore[attr-defined]
        return len(clean_rows)

    def _require_nodes(self, s: Session, nodes: set[int]) -> None:
        wanted = sorted(nodes)
        known: set[int] = set()
        for i in range(0, len(wanted), 900):
            chunk = wanted[i: i + 900]
            known.update(s.execute(select(NODES.c.id).where(NODES.c.id.in_(chunk))).scalars())
        missing = [i for i in wanted if i not in known]
        if missing:
            raise ValidationError(f"Measurements: no KPI node with id {missing[0]}.", "node_id")


def _is_iso_date(value: object) -> bool:
    """``yyyy-mm-dd`` as ``date.isoformat`` writes it (the shape only: callers pass dates
    they formatted themselves)."""
    return type(value) is str and len(value) == 10 and value[4] == value[7] == "-"


def _check_column(name: str, column: Sequence[Any], kind: type, what: str,
                  valid: Callable[[Sequence[Any]], bool] | None = None) -> None:
    """ValidationError naming the first value of ``column`` that is not of exactly type
    ``kind`` or, when ``valid`` refuses the column, not ``what``."""
    if set(map(type, column)) <= {kind} and (valid is None or valid(column)):
        return
    for index, value in enumerate(column):
        if type(value) is not kind or (valid is not None and not valid([value])):
            raise ValidationError(f"Measurements: {name} of row {index} must be {what}, "
                                  f"not {value!r}.", name)

