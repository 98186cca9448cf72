"""Bulk inserts with SQLAlchemy Core: one executemany per chunk, never ORM objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select

from okrdesk.store.models import Base

CHUNK = 50_000

# Tables the demo fills, in foreign-key order.
DEMO_TABLES = ("teams", "people", "kpi_nodes", "influence_links", "measurements", "periods",
               "objectives", "key_results", "check_ins")


def table(name: str) -> Table:
    """The SQLAlchemy table ``name`` of the workspace schema."""
    return Base.metadata.tables[name]


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def insert_rows(conn: Connection, name: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` into table ``name`` with executemany in chunks; the row count."""
    count = 0
    stmt = insert(table(name))
    for chunk in _chunks(rows, CHUNK):
        conn.execute(stmt, chunk)
        count += len(chunk)
    return count


def ensure_empty(conn: Connection) -> None:
    """Refuse to generate into a workspace that already holds data."""
    filled = [name for name in DEMO_TABLES
              if conn.execute(select(func.count()).select_from(table(name))).scalar_one()]
    if filled:
        raise ValueError(
            "demo data can only be generated into an empty workspace; "
            f"these tables already hold rows: {', '.join(filled)}")


def put_settings(conn: Connection, settings: dict[str, str]) -> None:
    """Set the workspace settings ``settings`` (replacing those keys only)."""
    t = table("settings")
    conn.execute(delete(t).where(t.c.key.in_(list(settings))))
    conn.execute(insert(t), [{"key": k, "value": v} for k, v in settings.items()])
