"""Which writes touched the KPI tree, so the shared tree read is redone only when needed.

Every write session of the service notes the tables its statements write
(``TreeWriteLog.table_of``). When the session ends, ``record`` raises
``revision`` if any of them is a table the tree read depends on (nodes, links,
measurements, people, teams, settings) — OKR edits (periods, objectives, key
results, check-ins) leave it alone, so the KPI tree views and the board keep
their read. A session whose every written table was declared in detail — the
measurements of some nodes and dates (value edits), the fields or places of
existing nodes (edits, moves, reorders, their undo) — is kept as exactly those
changes, and the tree cache applies them incrementally (``since``); anything
else is ``None``: read everything again.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.sql.dml import UpdateBase

#: Tables the KPI tree read (``readmodels.tree.TreeData``) depends on.
TREE_TABLES = frozenset({"kpi_nodes", "influence_links", "measurements", "people", "teams", "settings"})
#: Tables of the OKR side: writing only these never changes the tree read.
OKR_TABLES = frozenset({"periods", "objectives", "key_results", "check_ins", "import_profiles"})
SELECT = "<select>"
UNKNOWN = "<unknown>"
#: How many recent writes are remembered for incremental catch-up.
LOG_LENGTH = 256

_WRITE = re.compile(r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)",
                    re.IGNORECASE)
_READ = re.compile(r"^\s*(?:SELECT|WITH|PRAGMA)\b", re.IGNORECASE)

#: One declared change: ("values", node id, dates written) or ("nodes", node ids changed).
Change = tuple[Any, ...]


class TreeWriteLog:
    """``revision`` and the last ``LOG_LENGTH`` tree writes (each precise or ``None``)."""

    def __init__(self) -> None:
        self.revision = 0
        self._entries: deque[tuple[int, tuple[Change, ...] | None]] = deque(maxlen=LOG_LENGTH)
        self._lock = threading.Lock()

    @staticmethod
    def table_of(statement: Any) -> str:
        """The table a statement writes; ``SELECT`` for a read, ``UNKNOWN`` when unclear."""
        if isinstance(statement, UpdateBase):
            table = getattr(statement, "table", None)
            return getattr(table, "name", UNKNOWN)
        if getattr(statement, "is_select", False):
            return SELECT
        text = getattr(statement, "text", None)
        if isinstance(text, str):
            if _READ.match(text):
                return SELECT
            found = _WRITE.match(text)
            return found.group(1).lower() if found else UNKNOWN
        return UNKNOWN

    def record(self, tables: Iterable[str], changes: Sequence[Change] = (),
               declared: Iterable[str] = ()) -> None:
        """A write session ended having run statements on ``tables``; ``changes``: what it
        declared in detail, covering the tables ``declared``."""
        written = set(tables) - {SELECT}
        ran_any = bool(set(tables))
        if ran_any and not written:
            return  # only reads (a refused edit)
        if written and written <= OKR_TABLES:
            return
        precise: tuple[Change, ...] | None = None
        if written and changes and written <= set(declared):
            precise = tuple(changes)
        with self._lock:
            self.revision += 1
            self._entries.append((self.revision, precise))

    def since(self, revision: int) -> list[Change] | None:
        """Every declared change after ``revision`` when all writes since were declared
        in detail and are still remembered; None when the tree must be read again."""
        with self._lock:
            if revision == self.revision:
                return []
            entries = [e for e in self._entries if e[0] > revision]
        if len(entries) != self.revision - revision or any(e[1] is None for e in entries):
            return None
        return [change for _, changes in entries for change in changes or ()]
