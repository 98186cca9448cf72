"""The selected KPI nodes, shared by the Outline and the Canvas.

Both views hold the same ``SelectionSync``: a view that changes its selection
calls ``set(ids, source=self)``; every view listens to ``changed`` and follows,
ignoring the changes it made itself (``source``), so two views never ping-pong.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class SelectionSync(QObject):
    """Selected node ids (in selection order) and the current one (the last)."""

    #: (ids: tuple[int, ...], source: object | None)
    changed = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: tuple[int, ...] = ()

    @property
    def ids(self) -> tuple[int, ...]:
        """The selected node ids."""
        return self._ids

    @property
    def current(self) -> int | None:
        """The node the details panel shows: the last selected one."""
        return self._ids[-1] if self._ids else None

    def set(self, ids: Iterable[int], source: object | None = None) -> bool:
        """Select ``ids`` (duplicates dropped, order kept); True when that changed anything.
        ``source`` comes back with ``changed`` so the caller can ignore its own echo."""
        new = tuple(dict.fromkeys(int(i) for i in ids))
        if new == self._ids:
            return False
        self._ids = new
        self.changed.emit(new, source)
        return True

    def keep_only(self, existing: Iterable[int], source: object | None = None) -> None:
        """Drop ids that are no longer in the tree (after an undo or a delete)."""
        alive = set(existing)
        self.set((i for i in self._ids if i in alive), source)
