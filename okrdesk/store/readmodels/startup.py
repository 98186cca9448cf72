"""The start-up snapshot: what the main window shows first, kept in the workspace.

Reading a firm-sized workspace for its first view takes most of a second
(importing SQLAlchemy and numpy, reading every recent measurement, bucketing,
rolling the formulas up); the window's first paint should not wait for it. So
when a writable workspace closes, the window saves what it will show first
next time — the workspace's name, its day, periods, row counts, people, teams
and the KPI tree's rows as of the first view's day — as one JSON text in the
settings table (key ``cache.startup_view``, left out of ``settings()``). The
next start reads that one row with the ``sqlite3`` module alone and paints it;
the service and the full read model are loaded right after the first paint
and replace the snapshot's rows with the same rows.

The snapshot is never shown for other data than it describes:

* every write transaction of the service deletes it (``ServiceBase._session``),
  so it exists only while the data is unchanged since it was saved, and it is
  saved only when the window's read of the tree is current;
* it names the schema revision, this module's ``FORMAT`` and okrdesk's
  version: after a migration, or under another okrdesk, it is ignored;
* it holds one day: a workspace that follows the computer's date uses it only
  on the day it was saved (one whose day is frozen, like the demo, any day).

A write that bypasses okrdesk (a SQLite browser) does not delete it: the first
paint would show the data as okrdesk last saw it, for as long as the full read
takes. JSON, never pickle: a workspace may come from anyone.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from okrdesk import __version__
from okrdesk.domain.entities import Grain, InfluenceLink, KpiNode, Period, Person, Status, Team
from okrdesk.store.cache_keys import STARTUP_VIEW_KEY
from okrdesk.store.entity_rows import to_entity
from okrdesk.store.header import connect_readonly
from okrdesk.store.readmodels.tree import Mismatch, NodeRow, TreeReadModel

log = logging.getLogger(__name__)

#: The layout of the JSON below; a snapshot of another layout is ignored.
FORMAT = 1
BUSY_TIMEOUT_S = 5.0

_NODE_FIELDS = tuple(f.name for f in fields(KpiNode))
_PERIOD_FIELDS = tuple(f.name for f in fields(Period))
_PERSON_FIELDS = tuple(f.name for f in fields(Person))
_TEAM_FIELDS = tuple(f.name for f in fields(Team))


@dataclass(frozen=True)
class StartupView:
    """What the window shows before the service is loaded."""

    name: str  # the workspace's display name
    today: dt.date  # the day the workspace is looked at (its frozen ``as_of`` or the date)
    made_on: dt.date  # the computer's date when the snapshot was saved
    periods: list[Period]
    counts: dict[str, int]  # rows per table, for the status bar
    people: list[Person]
    teams: list[Team]
    grain: Grain
    as_of: dt.date | None  # the day of the KPI tree's rows (None: each node's latest value)
    rows: list[NodeRow]  # as ``TreeReadModel.rows``
    links: list[InfluenceLink]
    mismatches: dict[int, list[Mismatch]]  # of the rows with ``mismatch``

    @classmethod
    def of(cls, *, name: str, today: dt.date, made_on: dt.date, periods: list[Period],
           counts: dict[str, int], people: list[Person], teams: list[Team],
           tree: TreeReadModel) -> StartupView:
        """The snapshot of a workspace whose KPI tree as of ``tree.as_of`` is ``tree``."""
        mismatches = {r.node.id: tree.mismatches(r.node.id) for r in tree.rows if r.mismatch}
        return cls(name, today, made_on, list(periods), dict(counts), list(people), list(teams),
                   tree.grain, tree.as_of, list(tree.rows), list(tree.links), mismatches)

    def tree(self, full: Callable[[], TreeReadModel]) -> TreeReadModel:
        """The KPI tree of the snapshot; its rollup and raw measurements come from
        ``full()`` (the tree read from the workspace) when first used."""
        return TreeReadModel.deferred(self.rows, self.grain, self.as_of, self.links,
                                      self.mismatches, full)

    def fits(self, clock: dt.date) -> bool:
        """Whether the snapshot describes the workspace on the computer's date ``clock``:
        a frozen day fits any date; a day that follows the date fits only that date."""
        return self.today != self.made_on or clock == self.today


def encode(view: StartupView, revision: str | None) -> str:
    """The snapshot as JSON text, stamped with the schema ``revision``."""
    rows = [
        [[getattr(r.node, f) for f in _NODE_FIELDS], r.depth, r.value, _day(r.bucket), r.previous,
         r.change, r.status, list(r.sparkline), r.owner_name, r.team_name, r.error, r.mismatch]
        for r in view.rows
    ]
    mismatches = {
        str(node_id): [[_day(m.bucket), m.computed, m.measured] for m in found]
        for node_id, found in view.mismatches.items()
    }
    return json.dumps({
        "format": FORMAT,
        "okrdesk": __version__,
        "revision": revision,
        "name": view.name,
        "today": _day(view.today),
        "made_on": _day(view.made_on),
        "periods": [[_plain(getattr(p, f)) for f in _PERIOD_FIELDS] for p in view.periods],
        "counts": view.counts,
        "people": [[getattr(p, f) for f in _PERSON_FIELDS] for p in view.people],
        "teams": [[getattr(t, f) for f in _TEAM_FIELDS] for t in view.teams],
        "grain": view.grain,
        "as_of": _day(view.as_of),
        "links": [[k.id, k.source_id, k.target_id, k.note] for k in view.links],
        "mismatches": mismatches,
        "rows": rows,
    }, separators=(",", ":"))


def decode(text: str, revision: str | None) -> StartupView | None:
    """The snapshot in ``text``, or None when it is of another format, okrdesk version
    or schema ``revision``. Raises ValueError, KeyError or TypeError when it is damaged."""
    data = json.loads(text)
    if (data.get("format"), data.get("okrdesk"), data.get("revision")) != (FORMAT, __version__, revision):
        return None
    rows = []
    for node, depth, value, bucket, previous, change, status, spark, owner, team, error, mismatch in data["rows"]:
        rows.append(NodeRow(
            node=to_entity(KpiNode, dict(zip(_NODE_FIELDS, node, strict=True))),
            depth=int(depth), value=value, bucket=_date(bucket), previous=previous, change=change,
            status=None if status is None else Status(status), sparkline=tuple(spark),
            owner_name=owner, team_name=team, error=error, mismatch=bool(mismatch),
        ))
    mismatches = {
        int(node_id): [Mismatch(_date(b), c, m) for b, c, m in found]
        for node_id, found in data["mismatches"].items()
    }
    links = [InfluenceLink(i, s, t, note) for i, s, t, note in data["links"]]
    periods = []
    for values in data["periods"]:
        row = dict(zip(_PERIOD_FIELDS, values, strict=True))
        row["start"], row["end"] = _date(row["start"]), _date(row["end"])
        periods.append(to_entity(Period, row))
    return StartupView(
        name=str(data["name"]),
        today=_date(data["today"]),
        made_on=_date(data["made_on"]),
        periods=periods,
        counts={str(k): int(v) for k, v in data["counts"].items()},
        people=[to_entity(Person, dict(zip(_PERSON_FIELDS, v, strict=True))) for v in data["people"]],
        teams=[to_entity(Team, dict(zip(_TEAM_FIELDS, v, strict=True))) for v in data["teams"]],
        grain=Grain(data["grain"]),
        as_of=_date(data["as_of"]),
        rows=rows,
        links=links,
        mismatches=mismatches,
    )


def load_startup_view(path: Path, revision: str | None, clock: dt.date | None = None) -> StartupView | None:
    """The snapshot saved in the workspace file ``path`` if it fits the schema ``revision``
    and the computer's date ``clock`` (default: today); None otherwise (also when it is
    missing or damaged: the window then reads the workspace the long way)."""
    try:
        con = connect_readonly(path)
        try:
            found = con.execute("SELECT value FROM settings WHERE key = ?", (STARTUP_VIEW_KEY,)).fetchone()
        finally:
            con.close()
        if found is None:
            return None
        view = decode(found[0], revision)
    except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
        log.warning("Ignoring the start-up snapshot of %s: %s", path, exc)
        return None
    if view is None or not view.fits(clock or dt.date.today()):
        return None
    return view


def save_startup_view(path: Path, view: StartupView, revision: str | None) -> None:
    """Write ``view`` into the workspace file ``path`` (replacing the one there) in one
    transaction. The caller holds the workspace's writer lock."""
    text = encode(view, revision)
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (STARTUP_VIEW_KEY, text))
        con.execute("COMMIT")
    finally:
        con.close()


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: Any) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
