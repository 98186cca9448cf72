"""The main window: layout and wiring only. Behaviour lives in the small modules
it assembles (file_actions, view_host, header_bar, nav_bar, quality_panel, …)."""

from __future__ import annotations

import datetime as dt
import logging
import os

from PySide6.QtCore import QByteArray, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from okrdesk.domain.entities import Period
from okrdesk.store.workspace import Workspace
from okrdesk.ui import icons, theme
from okrdesk.ui.about import AboutDialog
from okrdesk.ui.banner import Banner
from okrdesk.ui.crash_dialog import open_log_folder
from okrdesk.ui.empty_state import EmptyState
from okrdesk.ui.file_actions import FileActions
from okrdesk.ui.header_bar import HeaderBar
from okrdesk.ui.nav_bar import NavBar
from okrdesk.ui.quality_panel import QualityPanel, quality_available
from okrdesk.ui.recent_files import RecentFiles
from okrdesk.ui.settings import app_settings
from okrdesk.ui.start_page import StartPage
from okrdesk.ui.startup_view import first_facts, save_startup_view
from okrdesk.ui.view_base import BaseView, DeferredService, ViewContext
from okrdesk.ui.view_host import PaintWatcher, ViewHost
from okrdesk.ui.views_registry import ViewSpec, available_specs
from okrdesk.ui.workspace_opener import ensure_demo_workspace, open_workspace
from okrdesk.ui.workspace_status import WorkspaceStatus

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1360, 860)
FIRST_LAUNCH_SHARE = 0.9  # of the screen's available area
FIRST_LAUNCH_MAX = QSize(1600, 1000)
DOCK_OPEN_FROM_WIDTH = 1500  # narrower windows start with the quality dock hidden


def first_launch_geometry(available: QRect) -> QRect:
    """The window's rectangle on first launch: 90% of the screen's ``available`` area,
    at most 1600×1000, centred in it."""
    width = min(FIRST_LAUNCH_MAX.width(), int(available.width() * FIRST_LAUNCH_SHARE))
    height = min(FIRST_LAUNCH_MAX.height(), int(available.height() * FIRST_LAUNCH_SHARE))
    rect = QRect(0, 0, max(1, width), max(1, height))
    rect.moveCenter(available.center())
    return rect


def dock_open_by_default(window_width: int) -> bool:
    """Whether the quality dock starts open in a window ``window_width`` pixels wide."""
    return window_width >= DOCK_OPEN_FROM_WIDTH


class MainWindow(QMainWindow):
    """One window showing one workspace at a time.

    ``first_data_paint(key)`` is emitted once after a workspace is shown, when
    its current view has painted with data (used to measure start-up).
    """

    first_data_paint = Signal(str)

    def __init__(
        self,
        *,
        specs: list[ViewSpec] | None = None,
        today: dt.date | None = None,
        persist: bool = True,
    ) -> None:
        """``specs``: the views to offer (default: every installed one); ``today``: the
        date periods and pace are computed for; ``persist``: read and write the window
        layout and last view in the settings (off for offscreen renders)."""
        super().__init__()
        self.setObjectName("MainWindow")
        self.persist = persist
        self.specs = available_specs() if specs is None else specs
        self._clock = today  # None: the computer's date
        self.today = today or dt.date.today()
        self.workspace: Workspace | None = None
        self.ctx: ViewContext | None = None
        self._awaiting_paint = False
        self._fallback_watcher: PaintWatcher | None = None

        self.undo_stack = QUndoStack(self)
        self.recent = RecentFiles(self)
        self.file_actions = FileActions(self, self.recent)
        self.nav = NavBar(self.specs, self)
        self.header = HeaderBar(self.undo_stack, self)
        self.host = ViewHost(self.specs)
        self.banner = Banner()
        self.start_page = StartPage(self.recent)
        self.quality = QualityPanel(self) if quality_available() else None
        self.status = WorkspaceStatus(self.statusBar())
        self._counts_timer = QTimer(self, singleShot=True, interval=400)
        self._counts_timer.timeout.connect(self._refresh_counts)
        self._build_layout()
        self._build_menus()
        self._connect()
        self.header.set_brand_width(self.nav.width())
        self._show_no_workspace()
        restored = self.restore_state() if persist else False
        if not restored and self.quality is not None:
            self.quality.setVisible(dock_open_by_default(self.width()))

    # --- construction -------------------------------------------------------------

    def _build_layout(self) -> None:
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, self.nav)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.header)
        if self.quality is not None:
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.quality)
            self.header.add_checks_toggle(self.quality.toggleViewAction())
            self.quality.count_changed.connect(
                lambda n: self.header.checks_button.set_count(n if n >= 0 else None)
            )
        self.no_views = EmptyState(
            "circle-help", self.tr("No views installed"),
            self.tr("This okrdesk installation has no views. Reinstall okrdesk to get them back."),
        )  # fmt: skip
        self.host.addWidget(self.no_views)
        workspace_page = QWidget()
        column = QVBoxLayout(workspace_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.host, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(workspace_page)
        self.workspace_page = workspace_page
        self.setCentralWidget(self.pages)
        self.resize(DEFAULT_SIZE)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_actions.populate(bar.addMenu(self.tr("&File")))
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addAction(self.header.undo_action)
        edit.addAction(self.header.redo_action)
        edit.addSeparator()
        self.find_action = QAction(icons.icon("search"), self.tr("&Find…"), self)
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.header.focus_search)
        edit.addAction(self.find_action)
        view = bar.addMenu(self.tr("&View"))
        for action in self.nav.group.actions():
            view.addAction(action)
        if self.quality is not None:
            view.addSeparator()
            view.addAction(self.quality.toggleViewAction())
        help_menu = bar.addMenu(self.tr("&Help"))
        self.about_action = help_menu.addAction(icons.icon("info"), self.tr("&About okrdesk"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(lambda: AboutDialog(self).exec())
        log_action = help_menu.addAction(icons.icon("folder-open"), self.tr("Open &Log Folder"))
        log_action.triggered.connect(open_log_folder)

    def _connect(self) -> None:
        self.nav.view_requested.connect(self.show_view)
        self.header.period.period_changed.connect(self._period_changed)
        self.header.search_changed.connect(self.host.set_search)
        self.header.search.returnPressed.connect(self.header.flush_search)
        self.host.first_painted.connect(self._view_painted)
        self.host.view_failed.connect(self._view_failed)
        self.undo_stack.indexChanged.connect(self._data_changed)
        self.start_page.new_requested.connect(self.file_actions.new_workspace)
        self.start_page.open_requested.connect(self.file_actions.open_dialog)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_requested.connect(self.file_actions.open_recent)
        theme.notifier().changed.connect(self._theme_changed)
        if self.quality is not None:
            self.quality.issue_activated.connect(self.show_quality_issue)

    # --- workspaces ---------------------------------------------------------------

    def open_path(self, target: str | os.PathLike[str], read_only: bool = False) -> bool:
        """Open ``target`` in this window; on failure a message explains and nothing changes."""
        ws = open_workspace(self, target, read_only=read_only)
        if ws is None:
            return False
        self.adopt(ws)
        return True

    def open_demo(self) -> bool:
        """Open the demo workspace, generating it on first use."""
        return self.open_path(ensure_demo_workspace(self))

    def adopt(self, ws: Workspace, view_key: str | None = None) -> None:
        """Show ``ws`` (closing the workspace shown before), on view ``view_key``
        (default: the view used last)."""
        self._release_workspace()
        self.workspace = ws
        self.undo_stack.clear()
        facts = first_facts(ws, self._clock)  # from the start-up snapshot when one fits
        self.today = facts.today
        self.ctx = ViewContext(DeferredService(lambda: ws.service), self.undo_stack, self.today,
                               ws.read_only, open_view=self.show_view, startup=facts.startup)
        self.host.set_context(self.ctx)
        shown = str(ws.path) if ws.path is not None else (ws.url or "")
        self.setWindowTitle(self.tr("{name} — okrdesk").format(name=facts.name))
        self.status.show_workspace(facts.name, shown, ws.read_only, facts.counts)
        self.banner.show_messages(list(ws.warnings))
        self.nav.set_views_enabled(True)
        self.file_actions.set_workspace_open(True)
        self.header.set_workspace_controls_visible(True)
        self.pages.setCurrentWidget(self.workspace_page)
        self._awaiting_paint = True
        self.header.period.set_periods(facts.periods, self.today)  # emits the period
        self.show_view(view_key or self._initial_view())
        if ws.path is not None:
            self.recent.add(ws.path)
        elif ws.url:
            self.recent.add(ws.url)

    def close_workspace(self) -> None:
        """Close the workspace and show the start page."""
        self._release_workspace()
        self._show_no_workspace()

    def _release_workspace(self) -> None:
        if self.workspace is not None and self.ctx is not None:
            save_startup_view(self.workspace, self.ctx, self._clock)  # for the next start
        self.undo_stack.clear()
        self.host.set_context(None)
        if self.quality is not None:
            self.quality.set_service(None)
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
            self.ctx = None

    def _show_no_workspace(self) -> None:
        self.setWindowTitle("okrdesk")
        self.status.clear()
        self.banner.show_messages([])
        self.nav.set_views_enabled(False)
        self.file_actions.set_workspace_open(False)
        self.header.set_workspace_controls_visible(False)
        self.header.title.setText("")
        self.pages.setCurrentWidget(self.start_page)

    # --- views ----------------------------------------------------------------------

    def _initial_view(self) -> str | None:
        keys = [s.key for s in self.specs]
        wanted = app_settings().value("window/view", "")
        return wanted if wanted in keys else (keys[0] if keys else None)

    def show_view(self, key: str | None) -> BaseView | None:
        """Switch to view ``key`` (None or unknown: the first available view)."""
        keys = [s.key for s in self.specs]
        if key not in keys:
            key = keys[0] if keys else None
        if key is None or self.ctx is None:
            self.host.setCurrentWidget(self.no_views)
            self._watch_fallback_paint(self.no_views)
            return None
        view = self.host.show_view(key)
        if view is None:
            return None
        self.nav.set_current(key)
        self.header.title.setText(next(s.title for s in self.specs if s.key == key))
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.persist:
            app_settings().setValue("window/view", key)
        return view

    def show_quality_issue(self, issue: object) -> None:
        """Quality panel: show the OKR board at the issue's period, on what it is about."""
        period_id = getattr(issue, "period_id", None)
        current = self.current_period()
        if period_id is not None and (current is None or current.id != period_id):
            self.header.period.select_period(period_id)
        view = self.show_view("okr-board")
        if view is not None and hasattr(view, "show_issue"):
            view.show_issue(issue)

    def current_view(self) -> BaseView | None:
        """The view on display."""
        return self.host.current_view()

    def current_period(self) -> Period | None:
        """The period chosen in the selector (None: all time)."""
        return self.header.period.current_period()

    def _period_changed(self, period: Period | None) -> None:
        self.host.set_period(period)
        if self.quality is not None and self.workspace is not None and not self._awaiting_paint:
            self.quality.set_period(period)

    def _view_painted(self, key: str) -> None:
        if self._awaiting_paint and key == self.host.current_key():
            self._first_paint_done(key)

    def _watch_fallback_paint(self, widget: QWidget) -> None:
        if self._awaiting_paint:
            self._fallback_watcher = PaintWatcher(widget)
            self._fallback_watcher.painted.connect(lambda: self._first_paint_done(""))

    def _first_paint_done(self, key: str) -> None:
        if not self._awaiting_paint:
            return
        self._awaiting_paint = False
        if self.ctx is not None and self.ctx.startup is not None:
            QTimer.singleShot(0, self._end_startup)  # right after this paint, not before
        if self.quality is not None and self.workspace is not None:
            QTimer.singleShot(0, self._check_quality)  # right after this paint, not before
        self.first_data_paint.emit(key)

    def _check_quality(self) -> None:
        if self.quality is not None and self.workspace is not None and not self.workspace.closed:
            self.quality.period = self.current_period()
            self.quality.set_service(self.workspace.service)
            self.quality.refresh()

    def _end_startup(self) -> None:
        """The first paint came from the start-up snapshot: load the service and the tree
        now and show them (the same rows: nothing on screen moves)."""
        if self.ctx is None or self.ctx.startup is None:
            return
        self.ctx.end_startup()
        self.host.data_changed()  # other views, if any was opened meanwhile, reload when shown
        view = self.host.current_view()
        if view is not None:
            view.reload()

    def _view_failed(self, key: str, message: str) -> None:
        self.statusBar().showMessage(self.tr("Could not open {view}").format(view=message), 10000)
        others = [s.key for s in self.specs if s.key != key]
        if self.host.current_view() is None:
            self.host.setCurrentWidget(self.no_views)
            self._watch_fallback_paint(self.no_views)
        self.nav.actions_by_key[key].setEnabled(False)
        log.warning("View %s unavailable; %d other views remain", key, len(others))

    def _data_changed(self, _index: int) -> None:
        self.host.data_changed()
        self._counts_timer.start()
        if self.quality is not None and self.workspace is not None:
            self.quality.schedule_refresh()

    def _refresh_counts(self) -> None:
        if self.workspace is not None:
            self.status.update_counts(self.workspace.service.counts())

    def _theme_changed(self, _colours: object) -> None:
        self._refresh_icons()

    def _refresh_icons(self) -> None:
        self.nav.refresh_icons()
        self.header.refresh_icons()

    # --- persistence ----------------------------------------------------------------

    def restore_state(self) -> bool:
        """Restore geometry and dock/tool-bar layout saved by the last session; on first
        launch size the window for the screen instead. True when a saved layout was used."""
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._fit_to_screen()
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            return bool(self.restoreState(state))
        return False

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self.apply_first_launch_layout(screen.availableGeometry())

    def apply_first_launch_layout(self, available: QRect) -> None:
        """Size the window for a screen whose free area is ``available`` (see
        ``first_launch_geometry``) and open the quality dock only if there is room."""
        self.setGeometry(first_launch_geometry(available))
        if self.quality is not None:
            self.quality.setVisible(dock_open_by_default(self.width()))

    def save_state(self) -> None:
        """Remember geometry, layout and the current view for next time."""
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        if self.host.current_key():
            settings.setValue("window/view", self.host.current_key())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.persist:
            self.save_state()
        self._release_workspace()
        super().closeEvent(event)
