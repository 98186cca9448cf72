"""The main window's side of the start-up snapshot (``okrdesk.store.readmodels.startup``):
what it needs to show a workspace first, and saving the snapshot when it closes.

Opening a workspace, the window takes ``first_facts``: from the snapshot when one
fits (no SQLAlchemy, no numpy, no read of the measurements), else from the
service. Right after the first paint the window ends the snapshot
(``ViewContext.end_startup``) and reloads its view from the service: the same
rows, so nothing on screen moves.
Closing a writable workspace file, ``save_startup_view`` stores what the next
start will show first: the KPI tree as of the days its view shows on opening.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okrdesk.domain.entities import Period
from okrdesk.store.errors import WorkspaceError
from okrdesk.store.readmodels import startup as snapshot
from okrdesk.store.readmodels.startup import StartupView
from okrdesk.ui.period_selector import default_period

if TYPE_CHECKING:
    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.view_base import ViewContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FirstFacts:
    """What the window shows of a workspace around its first view."""

    name: str
    today: dt.date
    periods: list[Period]
    counts: dict[str, int]
    startup: StartupView | None  # None: read from the service


def first_facts(ws: Workspace, clock: dt.date | None) -> FirstFacts:
    """The facts of ``ws`` for the computer's date ``clock`` (None: today), from its
    start-up snapshot when one fits, else from its service."""
    startup = ws.startup_view(clock)
    if startup is not None:
        return FirstFacts(startup.name, startup.today, startup.periods, startup.counts, startup)
    service = ws.service
    return FirstFacts(ws.name, service.today(clock), service.periods(), service.counts(), None)


def save_startup_view(ws: Workspace, ctx: ViewContext, clock: dt.date | None) -> bool:
    """Save in ``ws`` what the next start shows first, when ``ws`` is a writable file whose
    service has been used this session and the snapshot it opened from (if any) is out of
    date; True when saved. Never raises (it runs while the window closes): the snapshot is
    an optimisation, so a failure is logged and the next start reads the workspace in full."""
    if ws.read_only or ws.path is None or ws.closed or not ws.service_ready:
        return False
    from okrdesk.ui.kpi_tree.view import as_of_for  # the day the KPI tree shows first

    try:
        service = ws.service
        revision = service.data_revision
        if ctx.opened_from_snapshot and revision == 0:
            return False  # the snapshot it opened from is still there and current
        today = service.today(clock)
        periods = service.periods()
        # The KPI tree view is built on the workspace's day, then shown on its period's.
        days = dict.fromkeys((today, as_of_for(default_period(periods, today), today)))
        view = StartupView.of(
            name=ws.name, today=today, made_on=clock or dt.date.today(), periods=periods,
            counts=service.counts(), people=service.people(), teams=service.teams(),
            trees=[ctx.trees.tree(day) for day in days],
        )
        if service.data_revision != revision:  # written meanwhile (by a worker): not current
            return False
        snapshot.save_startup_view(ws.path, view, ws.revision)
    except (WorkspaceError, sqlite3.Error, OSError) as exc:
        log.warning("Could not save the start-up snapshot of %s: %s", ws.path, exc)
        return False
    except Exception:  # an optimisation must not stop the window from closing
        log.exception("Could not save the start-up snapshot of %s", ws.path)
        return False
    return True
