"""What the main window needs from every view, and what every view gets from it.

The main window owns one ``ViewContext`` per open workspace and creates each
view lazily, the first time it is shown (so pyqtgraph is imported only when the
Trends or Dashboards view first appears). The views share one read of the KPI
tree through ``ctx.tree(as_of)``: switching views does not read it again until
the KPI tree changes (OKR edits leave it alone; value edits catch up incrementally).

Opened from its start-up snapshot, a workspace paints its first view before the
service exists (building it imports SQLAlchemy): ``ctx.service`` is then a
``DeferredService`` that builds it on first use, and ``ctx.tree(as_of)`` answers
from the snapshot for the snapshot's days until the service is made or
``end_startup()`` is called, which the window does right after the first paint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from okrdesk.domain.entities import Period, Person, Team
from okrdesk.store.readmodels.cache import TreeCache
from okrdesk.store.readmodels.tree import TreeReadModel

if TYPE_CHECKING:
    from okrdesk.store.readmodels.startup import StartupView
    from okrdesk.store.service import WorkspaceService


class DeferredService:
    """Stands for a workspace's service until it is first used, then is it: every
    attribute is the real service's, built by ``make()`` on the first access."""

    def __init__(self, make: Callable[[], WorkspaceService]) -> None:
        self._make: Callable[[], WorkspaceService] | None = make
        self._service: WorkspaceService | None = None

    @property
    def made(self) -> bool:
        """Whether the real service exists (from then on the workspace may change)."""
        return self._service is not None

    def __getattr__(self, name: str) -> Any:
        if self._service is None:
            assert self._make is not None
            self._service, self._make = self._make(), None
        return getattr(self._service, name)


@dataclass
class ViewContext:
    """Everything a view may use. Views never touch the ORM or the engine."""

    service: WorkspaceService
    undo_stack: QUndoStack
    today: dt.date
    read_only: bool = False
    #: Show the view with this key and return it (set by the main window; None in tests
    #: that build a view alone), e.g. for the KPI tree's "Open its trend".
    open_view: Callable[[str], BaseView | None] | None = None
    #: What the window shows first, before the service is loaded (None: no snapshot).
    startup: StartupView | None = None
    trees: TreeCache = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.trees = TreeCache(self.service)
        self._startup_trees: dict[dt.date | None, TreeReadModel] = {}
        #: Whether the window opened from the start-up snapshot (kept after ``end_startup``).
        self.opened_from_snapshot = self.startup is not None

    def tree(self, as_of: dt.date | None, history: bool = False) -> TreeReadModel:
        """The KPI tree as of ``as_of`` (None: latest values), shared by every view and
        read again only after the workspace changed. ``history``: every bucket of the
        past is needed (whole-history charts), not just the recent ones."""
        if self._from_startup() and not history:
            tree = self._startup_trees.get(as_of)
            if tree is None:
                tree = self.startup.tree(as_of, lambda: self.trees.tree(as_of))
            if tree is not None:
                self._startup_trees[as_of] = tree
                return tree
        return self.trees.tree(as_of, history)

    def people(self) -> list[Person]:
        """Every person of the workspace (from the start-up snapshot until it ends)."""
        return list(self.startup.people) if self._from_startup() else self.service.people()

    def teams(self) -> list[Team]:
        """Every team of the workspace (from the start-up snapshot until it ends)."""
        return list(self.startup.teams) if self._from_startup() else self.service.teams()

    def _from_startup(self) -> bool:
        """Answer from the snapshot? Only until the service is made: nothing can have
        changed the workspace before (every edit goes through the service)."""
        return (self.startup is not None and isinstance(self.service, DeferredService)
                and not self.service.made)

    def end_startup(self) -> None:
        """Stop answering from the start-up snapshot: views read the workspace from now on
        (the window calls this right after the first paint, then reloads its views)."""
        self.startup = None
        self._startup_trees.clear()

    def invalidate(self) -> None:
        """The workspace changed behind the service's back: read the tree again next time."""
        self.trees.invalidate()


class BaseView(QWidget):
    """A main-window view. Subclasses set ``key`` and ``title`` and load their data
    synchronously in ``set_period`` / ``reload`` (the window measures first paint)."""

    key: str = ""  # used by `okrdesk render` and QSettings, e.g. "kpi-tree"
    title: str = ""  # shown in the view switcher, e.g. "KPI Tree"

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(self.key or type(self).__name__)

    def set_period(self, period: Period | None) -> None:
        """Show data for ``period`` (None: the whole history / no period)."""
        raise NotImplementedError

    def set_search(self, text: str) -> None:
        """Filter what is shown by ``text`` (empty: no filter)."""
        raise NotImplementedError

    def reload(self) -> None:
        """Read the workspace again after data changed (undo, redo, another edit)."""
        raise NotImplementedError
