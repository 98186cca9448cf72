"""What the main window needs from every view, and what every view gets from it.

The main window owns one ``ViewContext`` per open workspace and creates each
view lazily, the first time it is shown (so pyqtgraph is imported only when the
Trends or Dashboards view first appears). The views share one read of the KPI
tree through ``ctx.tree(as_of)``: switching views does not read it again until
the KPI tree changes (OKR edits leave it alone; value edits catch up incrementally).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from okrdesk.domain.entities import Period
from okrdesk.store.readmodels.cache import TreeCache
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.service import WorkspaceService


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
    trees: TreeCache = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.trees = TreeCache(self.service)

    def tree(self, as_of: dt.date | None, history: bool = False) -> TreeReadModel:
        """The KPI tree as of ``as_of`` (None: latest values), shared by every view and
        read again only after the workspace changed. ``history``: every bucket of the
        past is needed (whole-history charts), not just the recent ones."""
        return self.trees.tree(as_of, history)

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
