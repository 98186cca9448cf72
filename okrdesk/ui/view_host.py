"""The stack of views in the main window: created lazily, kept in step with the
period and search, and watched for their first paint.

A view is imported and built the first time it is shown. The period and the
search text are handed to the current view at once and to the others when they
are next shown; after an edit (undo stack index change) the other views reload
when they are next shown.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from okrdesk.domain.entities import Period
from okrdesk.ui.view_base import BaseView, ViewContext
from okrdesk.ui.views_registry import ViewSpec, load_view_class, spec_for

log = logging.getLogger(__name__)


class PaintWatcher(QObject):
    """Emits ``painted`` once, after the first paint event of ``widget`` or any of
    its children (a container fully covered by its children gets no paint event
    of its own, so the children are watched too)."""

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._done = False
        self._watched = [widget, *widget.findChildren(QWidget)]
        for w in self._watched:
            w.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            for w in self._watched:
                w.removeEventFilter(self)
            # Emit once this paint has been handled and drawn.
            QTimer.singleShot(0, self.painted.emit)
        return False


@dataclass
class _ViewState:
    view: BaseView
    period_id: int | None | bool  # False: never set
    search: str
    stale: bool = False


class ViewHost(QStackedWidget):
    """Creates, shows and updates the views; ``first_painted(key)`` once per view."""

    view_changed = Signal(str)
    first_painted = Signal(str)
    view_failed = Signal(str, str)  # key, message

    def __init__(self, specs: list[ViewSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self.ctx: ViewContext | None = None
        self.period: Period | None = None
        self.search = ""
        self._states: dict[str, _ViewState] = {}
        self._current_key: str | None = None
        self._watchers: dict[str, PaintWatcher] = {}

    def set_context(self, ctx: ViewContext | None) -> None:
        """Drop every view and use ``ctx`` (a newly opened workspace, or none)."""
        for state in self._states.values():
            self.removeWidget(state.view)
            state.view.deleteLater()
        self._states.clear()
        self._watchers.clear()
        self._current_key = None
        self.ctx = ctx

    def current_key(self) -> str | None:
        """The key of the view on display."""
        return self._current_key

    def current_view(self) -> BaseView | None:
        """The view on display, if any."""
        state = self._states.get(self._current_key or "")
        return state.view if state else None

    def view(self, key: str) -> BaseView | None:
        """The view ``key`` if it has been created."""
        state = self._states.get(key)
        return state.view if state else None

    def show_view(self, key: str) -> BaseView | None:
        """Show view ``key``, creating it on first use; None if it could not be built."""
        if self.ctx is None:
            return None
        spec = spec_for(key, self.specs)
        state = self._states.get(key)
        if state is None:
            try:
                view = load_view_class(spec)(self.ctx, self)
            except Exception as exc:  # a broken view must not take the window down
                log.exception("Could not open the %s view", key)
                self.view_failed.emit(key, f"{spec.title}: {exc}")
                return None
            state = _ViewState(view, period_id=False, search="")
            self._states[key] = state
            self.addWidget(view)
            self._bring_up_to_date(state)  # loads the data before the first paint
            watcher = PaintWatcher(view)
            watcher.painted.connect(lambda k=key: self.first_painted.emit(k))
            self._watchers[key] = watcher
        else:
            self._bring_up_to_date(state)
        self.setCurrentWidget(state.view)
        self._current_key = key
        self.view_changed.emit(key)
        return state.view

    def set_period(self, period: Period | None) -> None:
        """Show ``period`` in the current view now and in the others when shown."""
        self.period = period
        state = self._states.get(self._current_key or "")
        if state is not None:
            self._bring_up_to_date(state)

    def set_search(self, text: str) -> None:
        """Filter the current view by ``text`` now and the others when shown."""
        self.search = text
        state = self._states.get(self._current_key or "")
        if state is not None:
            self._bring_up_to_date(state)

    def data_changed(self) -> None:
        """The workspace changed (an edit, undo or redo): other views reload when shown."""
        for key, state in self._states.items():
            if key != self._current_key:
                state.stale = True

    def _bring_up_to_date(self, state: _ViewState) -> None:
        period_id = self.period.id if self.period else None
        if state.period_id is False or state.period_id != period_id:
            state.view.set_period(self.period)
            state.period_id = period_id
            state.stale = False
        elif state.stale:
            state.view.reload()
            state.stale = False
        if state.search != self.search:
            state.view.set_search(self.search)
            state.search = self.search
