"""The start-up snapshot: what the main window shows first, kept in the workspace.

Reading a firm-sized workspace for its first view takes most of a second
(importing SQLAlchemy and numpy, reading every recent measurement, bucketing,
rolling the formulas up); the window's first paint should not wait for it. So
when a writable workspace closes, the window saves what it will show first
next time — the workspace's name, its day, periods, row counts, people, teams
and the KPI tree's rows as of the days the first view shows — as one JSON text in the
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

import dataclasses
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
from okrdesk.store.entity_rows import from_values
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
class TreeRows:
    """The KPI tree's rows as of one day, as ``TreeReadModel`` has them."""

    as_of: dt.date | None  # None: each node's latest value
    rows: list[NodeRow]
    mismatches: dict[int, list[Mismatch]]  # of the rows with ``mismatch``

    @classmethod
    def of(cls, tree: TreeReadModel) -> TreeRows:
        """The rows of ``tree``."""
        return cls(tree.as_of, list(tree.rows),
                   {r.node.id: tree.mismatches(r.node.id) for r in tree.rows if r.mismatch})


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
    links: list[InfluenceLink]
    trees: list[TreeRows]  # the days the first view shows (the KPI tree: one or two)

    @classmethod
    def of(cls, *, name: str, today: dt.date, made_on: dt.date, periods: list[Period],
           counts: dict[str, int], people: list[Person], teams: list[Team],
           trees: list[TreeReadModel]) -> StartupView:
        """The snapshot of a workspace whose KPI tree as of each needed day is in ``trees``
        (read models of one read of the workspace)."""
        return cls(name, today, made_on, list(periods), dict(counts), list(people), list(teams),
                   trees[0].grain, list(trees[0].links), [TreeRows.of(t) for t in trees])

    def tree(self, as_of: dt.date | None, full: Callable[[], TreeReadModel]) -> TreeReadModel | None:
        """The KPI tree as of ``as_of`` if the snapshot has it, else None; its rollup and
        raw measurements come from ``full()`` (the tree read from the workspace) when
        first used."""
        for found in self.trees:
            if found.as_of == as_of:
                return TreeReadModel.deferred(found.rows, self.grain, as_of, self.links,
                                              found.mismatches, full)
        return None

    def fits(self, clock: dt.date) -> bool:
        """Whether the snapshot describes the workspace on the computer's date ``clock``:
        a frozen day fits any date; a day that follows the date fits only that date."""
        return self.today != self.made_on or clock == self.today


def encode(view: StartupView, revision: str | None) -> str:
    """The snapshot as JSON text, stamped with the schema ``revision``."""
    nodes = {r.node.id: r.node for t in view.trees for r in t.rows}
    trees = [{
        "as_of": _day(t.as_of),
        "rows": [[r.node.id, r.depth, r.value, _day(r.bucket), r.previous, r.change, r.status,
                  list(r.sparkline), r.owner_name, r.team_name, r.error, r.mismatch] for r in t.rows],
        "mismatches": {str(node_id): [[_day(m.bucket), m.computed, m.measured] for m in found]
                       for node_id, found in t.mismatches.items()},
    } for t in view.trees]
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
        "links": [[k.id, k.source_id, k.target_id, k.note] for k in view.links],
        "nodes": [[getattr(n, f) for f in _NODE_FIELDS] for n in nodes.values()],
        "trees": trees,
    }, separators=(",", ":"))


def decode(text: str, revision: str | None) -> StartupView | None:
    """The snapshot in ``text``, or None when it is of another format, okrdesk version
    or schema ``revision``. Raises ValueError, KeyError or TypeError when it is damaged."""
    data = json.loads(text)
    if (data.get("format"), data.get("okrdesk"), data.get("revision")) != (FORMAT, __version__, revision):
        return None
    nodes = {}
    for values in data["nodes"]:
        node = from_values(KpiNode, values)
        nodes[node.id] = node
    statuses = {s.value: s for s in Status}
    trees = []
    for tree in data["trees"]:
        rows = [
            NodeRow(node=nodes[node_id], depth=int(depth), value=value, bucket=_date(bucket),
                    previous=previous, change=change, status=None if status is None else statuses[status],
                    sparkline=tuple(spark), owner_name=owner, team_name=team, error=error,
                    mismatch=bool(mismatch))
            for node_id, depth, value, bucket, previous, change, status, spark, owner, team, error, mismatch
            in tree["rows"]
        ]
        mismatches = {int(node_id): [Mismatch(_date(b), c, m) for b, c, m in found]
                      for node_id, found in tree["mismatches"].items()}
        trees.append(TreeRows(_date(tree["as_of"]), rows, mismatches))
    periods = []
    for values in data["periods"]:
        period = from_values(Period, values)
        periods.append(dataclasses.replace(period, start=_date(period.start), end=_date(period.end)))
    return StartupView(
        name=str(data["name"]),
        today=_date(data["today"]),
        made_on=_date(data["made_on"]),
        periods=periods,
        counts={str(k): int(v) for k, v in data["counts"].items()},
        people=[from_values(Person, v) for v in data["people"]],
        teams=[from_values(Team, v) for v in data["teams"]],
        grain=Grain(data["grain"]),
        links=[InfluenceLink(i, s, t, note) for i, s, t, note in data["links"]],
        trees=trees,
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
