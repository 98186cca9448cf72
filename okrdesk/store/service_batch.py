"""Several service calls in one transaction (all or nothing), and a fast measurement upsert.

``with service.transaction():`` opens one write transaction; every service
method called inside it *in the same thread/context* joins it instead of
opening its own session, each call in a SAVEPOINT (a call that raises undoes
only itself, and the exception normally ends the whole transaction, rolled
back). Leaving the block commits; an exception rolls everything back. Other
threads keep their own sessions and do not see the uncommitted rows.

The service methods keep all their checks: this module adds no validation of
its own except the cheap type checks of ``upsert_measurements``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session

from .convert import NODES
from .errors import ValidationError
from .service_base import ServiceBase
from .service_values import _UPSERT

_ACTIVE: ContextVar[tuple[object, Session] | None] = ContextVar("okrdesk_transaction", default=None)
_RAW_UPSERT = (
    "INSERT INTO measurements (node_id, date, value, note, source, revision)"
    " VALUES (?, ?, ?, ?, ?, 1)"
    " ON CONFLICT (node_id, date) DO UPDATE SET value = excluded.value,"
    " note = excluded.note, source = excluded.source,"
    " revision = measurements.revision + 1"
)


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
                self._data_revision += 1

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
                s.connection().connection.driver_connection.executemany(_RAW_UPSERT, params)
            else:
                keys = ("node_id", "date", "value", "note", "source")
                s.execute(_UPSERT, [dict(zip(keys, p, strict=True)) for p in params])
        return len(params)

