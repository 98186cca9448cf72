"""Values imports from foreign spreadsheets: their history, profile renames and the
measurement reads an import plan needs (mixed into ``WorkspaceService``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, func, select, update

from okrdesk.domain.entities import ImportProfile, Measurement, ValueImport

from .convert import MEASUREMENTS, PROFILES, VALUE_IMPORTS, to_entity
from .errors import NotFound, ValidationError
from .service_base import ServiceBase
from .validation import Text

_CHUNK = 900
_SELECT = "SELECT id, node_id, date, value, note, source, revision FROM measurements"
_COUNTS = ("new_count", "changed_count", "unchanged_count", "skipped_count", "nodes_created")


class ImportsService(ServiceBase):
    """The history of values imports, profile renames and per-node measurement reads."""

    def value_imports(self, limit: int | None = None) -> list[ValueImport]:
        """The values imports of the workspace, newest first (at most ``limit``)."""
        stmt = select(VALUE_IMPORTS).order_by(VALUE_IMPORTS.c.imported_at.desc(),
                                              VALUE_IMPORTS.c.id.desc())
        if limit is not None:
            stmt = stmt.limit(int(limit))
        with self._session() as s:
            return [to_entity(ValueImport, r) for r in s.execute(stmt).mappings()]

    def record_value_import(
        self, file_name: str, *, sheet: str = "", profile_name: str = "", new_count: int = 0,
        changed_count: int = 0, unchanged_count: int = 0, skipped_count: int = 0,
        nodes_created: int = 0, imported_at: dt.datetime | None = None,
    ) -> ValueImport:
        """Add one entry to the import history (``imported_at``: now, UTC, by default)."""
        label = "Values import"
        row = {
            "file_name": Text(260, required=True).clean(file_name, "file_name", label),
            "sheet": Text(200).clean(sheet, "sheet", label),
            "profile_name": Text(200).clean(profile_name, "profile_name", label),
            "imported_at": imported_at or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
        }
        counts = {"new_count": new_count, "changed_count": changed_count,
                  "unchanged_count": unchanged_count, "skipped_count": skipped_count,
                  "nodes_created": nodes_created}
        for name, value in counts.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValidationError(f"{label}: {name} must be a whole number from 0, not {value!r}.", name)
        with self._session(write=True) as s:
            new_id = s.execute(VALUE_IMPORTS.insert().values(**row, **counts)).inserted_primary_key[0]
            return to_entity(ValueImport, self._row(s, VALUE_IMPORTS, new_id, "values import"))

    def delete_value_import(self, import_id: int) -> ValueImport:
        """Remove one history entry (an undone import); returns it for ``restore_value_import``."""
        with self._session(write=True) as s:
            row = self._row(s, VALUE_IMPORTS, import_id, "values import")
            s.execute(delete(VALUE_IMPORTS).where(VALUE_IMPORTS.c.id == import_id))
            return to_entity(ValueImport, row)

    def restore_value_import(self, entry: ValueImport) -> ValueImport:
        """Put back a history entry removed by ``delete_value_import`` (same id)."""
        values = {name: getattr(entry, name) for name in
                  ("id", "imported_at", "file_name", "sheet", "profile_name", *_COUNTS)}
        with self._session(write=True) as s:
            s.execute(VALUE_IMPORTS.insert().values(**values))
            return to_entity(ValueImport, self._row(s, VALUE_IMPORTS, entry.id, "values import"))

    def rename_import_profile(self, old_name: str, new_name: str) -> ImportProfile:
        """Give the profile ``old_name`` the name ``new_name`` (which must be free)."""
        new_name = Text(200, required=True).clean(new_name, "name", "Import profile")
        with self._session(write=True) as s:
            row = s.execute(select(PROFILES).where(PROFILES.c.name == old_name)).mappings().first()
            if row is None:
                raise NotFound("import profile", old_name)
            if new_name != old_name:
                taken = s.execute(select(PROFILES.c.id).where(PROFILES.c.name == new_name)).scalar()
                if taken is not None:
                    raise ValidationError(f"Import profile {new_name!r} already exists; choose "
                                          "another name.", "name")
                s.execute(update(PROFILES).where(PROFILES.c.id == row["id"])
                          .values(name=new_name, updated_at=func.now()))
            return to_entity(ImportProfile, self._row(s, PROFILES, row["id"], "import profile"))

    def measurements_of(self, node_ids: Iterable[int]) -> dict[int, list[Measurement]]:
        """``{node_id: measurements by date}`` of the given nodes (every id is a key), in
        one query per 900 ids (on SQLite through the driver: an import plan reads tens of
        thousands of rows, and the ORM's per-row work would double its time)."""
        ids = sorted({int(i) for i in node_ids})
        out: dict[int, list[Measurement]] = {i: [] for i in ids}
        sqlite = self._engine.dialect.name == "sqlite"
        with self._session() as s:
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i:i + _CHUNK]
                if sqlite:
                    rows = s.connection().connection.driver_connection.execute(
                        f"{_SELECT} WHERE node_id IN ({','.join('?' * len(chunk))})"
                        " ORDER BY node_id, date", chunk).fetchall()
                    day = dt.date.fromisoformat
                    for mid, nid, d, value, note, source, revision in rows:
                        out[nid].append(Measurement(mid, nid, day(d), value, note, source, revision))
                    continue
                rows = s.execute(select(MEASUREMENTS).where(MEASUREMENTS.c.node_id.in_(chunk))
                                 .order_by(MEASUREMENTS.c.node_id, MEASUREMENTS.c.date)).mappings()
                for r in rows:
                    out[r["node_id"]].append(to_entity(Measurement, r))
        return out
