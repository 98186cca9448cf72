"""The KPI Tree view: the Outline (a tree with values, status and trends) and a details panel."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QMainWindow,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Period, Status
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui import icons, theme
from okrdesk.ui.kpi_tree.columns import ColumnFitter
from okrdesk.ui.kpi_tree.details_panel import PANEL_WIDTH, DetailsPanel
from okrdesk.ui.kpi_tree.canvas.integration import CanvasMode
from okrdesk.ui.kpi_tree.node_editor import NodeEditor
from okrdesk.ui.kpi_tree.outline_editing import OutlineEditing
from okrdesk.ui.kpi_tree.outline_front import OutlineFront
from okrdesk.ui.kpi_tree.outline_keeping import OutlineKeeper
from okrdesk.ui.kpi_tree.outline_model import Column, OutlineModel
from okrdesk.ui.kpi_tree.outline_tree import INDENTATION, OutlineTree
from okrdesk.ui.kpi_tree.tree_commands import TreeCommands
from okrdesk.ui.kpi_tree.whatif_mode import WhatIfMode
from okrdesk.ui.settings import app_settings
from okrdesk.ui.view_base import BaseView, ViewContext
from okrdesk.ui.empty_state import EmptyState

#: Initial column widths in pixels (Name takes the rest).
COLUMN_WIDTHS = {
    Column.CODE: 170,
    Column.KIND: 84,
    Column.VALUE: 134,
    Column.CHANGE: 84,
    Column.TARGET: 134,
    Column.STATUS: 120,
    Column.TREND: 104,
    Column.OWNER: 150,
}
CODE_MIN_WIDTH = 120
CODE_MAX_WIDTH = 260
DETAILS_SETTING = "kpi_tree/details_visible"


def as_of_for(period: Period | None, today: dt.date) -> dt.date | None:
    """The day whose values a period shows: its end, today while it runs, None (latest) for all time."""
    if period is None:
        return None
    if period.start <= today <= period.end:
        return today
    return period.end


class _ResizeWatcher(QObject):
    """Calls ``callback`` whenever ``widget`` is resized or shown."""

    def __init__(self, widget: QWidget, callback) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._callback()
        return False


class KpiTreeView(BaseView):
    """KPI Tree (PRODUCT.md §3): the Outline with the selected node's details beside it."""

    key = "kpi-tree"
    title = "KPI Tree"

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._period: Period | None = None
        self._as_of: dt.date | None = ctx.today
        self.read_model: TreeReadModel | None = None
        self._choices_from: tuple[dict[int, str], dict[int, str]] | None = None

        self.model = OutlineModel(self)
        self.proxy = OutlineFront(self.model, self)  # the search filter only while searching
        self._collapsed_before_search: set[int] = set()

        self.tree_view = OutlineTree()
        self.tree_view.setModel(self.proxy)
        self.tree_view.delegate.attach(self.model, self.proxy.node_id)
        self._style_header()
        self.columns = ColumnFitter(self.tree_view, COLUMN_WIDTHS)
        self.details = DetailsPanel()
        self.details_toggle = self._details_toggle()
        self.tree_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.commands = TreeCommands(ctx.service, ctx.undo_stack)
        self.status_line = QLabel("")
        self.status_line.setObjectName("OutlineStatus")
        self.status_line.setWordWrap(True)
        self.status_line.setVisible(False)
        self.status_line.setStyleSheet(
            f"QLabel#OutlineStatus {{ background: {theme.current().status_tints[Status.AMBER]};"
            f" color: {theme.current().ink}; padding: 6px 12px; }}"
        )
        self.editing: OutlineEditing | None = None
        if not ctx.read_only:
            self.tree_view.enable_editing()
            self.editing = OutlineEditing(self.tree_view, self.model, self.commands,
                                          self.selected_node_ids, self.selected_node_id,
                                          open_view=self.ctx.open_view,
                                          create_key_result=self.create_key_result)
            self.editing.message.connect(self.show_message)
            self.editing.created.connect(self.edit_name)
            self.model.edit_refused.connect(self.show_message)
            self.tree_view.drop_refused = self.show_message
            self.editor = NodeEditor(self.commands)
            self.editor.message.connect(self.show_message)
            self.details.editor = self.editor
        self.model.rowsInserted.connect(self._rows_inserted)
        self.keeper = OutlineKeeper(self)  # expansion and selection across moves
        self._inserted: list[int] = []
        ctx.undo_stack.indexChanged.connect(self._workspace_changed)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.splitter.addWidget(self.tree_view)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([1600 - PANEL_WIDTH, PANEL_WIDTH])
        self.set_details_visible(self._details_wanted(), remember=False)

        self.empty_state = self._empty_state()
        self.no_match = self._no_match_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.no_match)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status_line)
        # --- Canvas (okrdesk/ui/kpi_tree/canvas/integration.py): "Outline | Canvas" switch, shared selection
        self.canvas_mode = CanvasMode.attach(self)
        # --- end Canvas
        # --- What-if (okrdesk/ui/kpi_tree/whatif_mode.py): overrides, goal seek, root cause
        self.whatif = WhatIfMode.attach(self)
        # --- end What-if
        self.reload()

    # ------------------------------------------------------------------ set-up

    def _style_header(self) -> None:
        c = theme.current()
        header = self.tree_view.header()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumHeight(38)
        for column in Column:
            if column == Column.NAME:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, COLUMN_WIDTHS[column])
        header.setMinimumSectionSize(60)
        # Cells are painted by OutlineDelegate (padding, hairline, selection and hover tints):
        # style-sheet rules for ::item would make every cell go through the style sheet.
        self.tree_view.setStyleSheet(
            f"QTreeView#KpiOutline {{ background: {c.surface}; border: none;"
            f" selection-background-color: {c.accent_tint}; selection-color: {c.ink}; }}"
            f"QHeaderView::section {{ background: {c.surface}; color: {c.muted_ink}; font-weight: 600;"
            f" border: none; border-bottom: 1px solid {c.border_strong}; padding: 8px 10px; }}"
        )

    def _details_toggle(self) -> QToolButton:
        """A small toggle at the right end of the Outline's header: show or hide the details."""
        button = QToolButton(self.tree_view.header())
        button.setObjectName("DetailsToggle")
        button.setIcon(icons.icon("info"))
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip("Show or hide the details of the selected node")
        button.setAccessibleName("Details panel")
        button.toggled.connect(lambda on: self.set_details_visible(on))
        self._header_watcher = _ResizeWatcher(self.tree_view.header(), self._place_details_toggle)
        return button

    def _place_details_toggle(self) -> None:
        header = self.tree_view.header()
        size = self.details_toggle.sizeHint()
        self.details_toggle.setGeometry(
            header.width() - size.width() - 6, (header.height() - size.height()) // 2, size.width(), size.height()
        )
        self.details_toggle.raise_()

    @staticmethod
    def _details_wanted() -> bool:
        value = app_settings().value(DETAILS_SETTING, True)
        return value not in (False, "false", "0", 0)

    def details_visible(self) -> bool:
        """Whether the details panel is shown beside the Outline."""
        return not self.details.isHidden()

    def set_details_visible(self, visible: bool, *, remember: bool = True) -> None:
        """Show or hide the details panel (the choice is remembered for next time)."""
        self.details.setVisible(visible)
        if self.details_toggle.isChecked() != visible:
            self.details_toggle.setChecked(visible)
        if remember:
            app_settings().setValue(DETAILS_SETTING, visible)

    def _empty_state(self) -> QWidget:
        return EmptyState('network', 'This workspace has no KPI tree yet',
                          "Import a workbook with a “KPI Tree” sheet (File ▸ Import Workbook…), or start from the workshop template (File ▸ New Workshop Template…), to draw your company's vital signs here.")

    def _no_match_state(self) -> QWidget:
        page = QWidget()
        page.setObjectName("EmptyState")
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        self._no_match_label = QLabel("")
        self._no_match_label.setObjectName("EmptyText")
        self._no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._no_match_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        return page

    def _fit_code_column(self) -> None:
        """Make the Code column as wide as its deepest code needs, within sensible bounds."""
        tree = self.read_model
        if tree is None or not tree.rows:
            return
        bold = QFont(self.tree_view.font())
        bold.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        longest: dict[int, list[str]] = {}  # per depth, the few longest codes: only those are measured
        for r in tree.rows:
            codes = longest.setdefault(r.depth, [])
            if len(codes) < 4 or len(r.node.code) > len(codes[-1]):
                codes.append(r.node.code)
                codes.sort(key=len, reverse=True)
                del codes[4:]
        widest = max((depth + 1) * INDENTATION + metrics.horizontalAdvance(code)
                     for depth, codes in longest.items() for code in codes)
        width = widest + 28  # branch arrow margin and cell padding
        self.columns.set_width(Column.CODE, max(CODE_MIN_WIDTH, min(CODE_MAX_WIDTH, width)))

    # ------------------------------------------------------------------ BaseView

    def set_period(self, period: Period | None) -> None:
        """Show values as of the period's end (today while it runs; the latest for all time)."""
        self._period = period
        self._as_of = as_of_for(period, self.ctx.today)
        self.reload()

    def set_search(self, text: str) -> None:
        """Show rows whose code, name or owner contains ``text``, with their ancestors;
        clearing the search brings back the branches folded before it and the selection."""
        selected = self.selected_node_id()
        if text.strip() and not self.proxy.searching:
            self._collapsed_before_search = self._collapsed_ids()
        reset = self.proxy.set_search(text)
        self.tree_view.expandAll()
        if reset and not self.proxy.searching:
            for node_id in self._collapsed_before_search:
                self.tree_view.collapse(self.proxy.from_source(self.model.index_of(node_id)))
        if reset and selected is not None and self.proxy.from_source(self.model.index_of(selected)).isValid():
            self.select_node(selected)
        self._update_page()
        if not self.tree_view.currentIndex().isValid():
            self._select_first()

    def _collapsed_ids(self) -> set[int]:
        """Nodes with children whose branch is folded in the Outline."""
        shape, view = self.model.shape, self.tree_view
        return {nid for nid, kids in shape.children.items() if nid is not None and kids
                and not view.isExpanded(self.proxy.from_source(self.model.index_of(nid)))}

    def reload(self) -> None:
        """Show the tree as of the view's day (shared through ``ctx.tree``) and keep the
        selection; nothing to do when that tree is the one already shown. Edits reach
        the Outline as fine-grained row signals, never as a reset."""
        tree = self.ctx.tree(self._as_of)
        if tree is self.read_model:
            return
        selected = self.selected_node_id()
        shown_row = self.read_model.row(selected) if self.read_model and selected in self.read_model.ids else None
        self.read_model = tree
        if self.details.editor is not None:
            self._update_choices(tree)
        had_shape = self.model.rowCount() > 0
        self._inserted = []
        self.model.set_tree(tree)
        self.canvas_mode.tree_changed(tree)  # Canvas: draws the same tree
        self.whatif.tree_changed(tree)  # What-if: re-applies its overrides on the new tree
        for node_id in self._inserted if had_shape else ():  # the first rows: expandAll below
            index = self.proxy.from_source(self.model.index_of(node_id))
            if index.isValid():
                self.tree_view.expandRecursively(index)
        first = self.proxy.index(0, 0)
        if not had_shape or self.proxy.hasChildren(first) and not self.tree_view.isExpanded(first):
            self.tree_view.expandAll()
            self._fit_code_column()
        if selected is not None and selected in tree.ids:
            if self.selected_node_id() != selected:
                self.select_node(selected)
            elif tree.row(selected) is not shown_row:  # still current: only its details may differ
                self._show_details(selected)
        elif not self.tree_view.currentIndex().isValid():
            self._select_first()
        else:
            self._show_details(self.selected_node_id())
        self._update_page()

    def _update_choices(self, tree: TreeReadModel) -> None:
        """The people and teams the node editor offers: those of the tree's read (the same
        objects until people or teams change), else (a start-up snapshot) the context's."""
        if tree.people or tree.teams:
            if self._choices_from != (tree.people, tree.teams):  # by identity first: cheap
                self._choices_from = (tree.people, tree.teams)
                self.details.people = sorted((name, pid) for pid, name in tree.people.items())
                self.details.teams = sorted((name, tid) for tid, name in tree.teams.items())
            return
        self._choices_from = None
        self.details.people = sorted((p.name, p.id) for p in self.ctx.people())
        self.details.teams = sorted((t.name, t.id) for t in self.ctx.teams())

    # ------------------------------------------------------------------ selection

    def _workspace_changed(self, _index: int) -> None:
        """An edit, undo or redo: the shown tree catches up (the host reloads hidden views)."""
        self.status_line.setVisible(False)
        if self.isVisible():
            self.reload()

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        """New rows (not a moved one put back) open entirely at the next reload."""
        if self.keeper.moving:
            return
        self._inserted += [self.model.node_id(self.model.index(r, 0, parent)) for r in range(first, last + 1)]

    def show_message(self, text: str) -> None:
        """Say why an edit or a drop was refused (status line, tooltip, window status bar)."""
        self.status_line.setText(text)
        self.status_line.setVisible(bool(text))
        index = self.tree_view.currentIndex()
        if text and index.isValid():
            rect = self.tree_view.visualRect(index)
            QToolTip.showText(self.tree_view.viewport().mapToGlobal(rect.bottomLeft()), text, self.tree_view)
        window = self.window()
        if isinstance(window, QMainWindow) and window.statusBar() is not None:
            window.statusBar().showMessage(text, 8000)

    def create_key_result(self, node_id: int):
        """Open the key-result dialog linked to ``node_id`` (the dialog, or None with the
        reason in the status line when no objective can take one)."""
        # the board's dialogs: imported on use, not before the first paint
        from okrdesk.ui.kpi_tree.key_result_from_kpi import create_key_result_dialog

        result = create_key_result_dialog(self.ctx, node_id, self._period, self,
                                          on_created=lambda kr: self._announce(
                                              f"Created key result {kr.ref} — it is on the OKR board."))
        if isinstance(result, str):
            self.show_message(result)
            return None
        return result

    def _announce(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow) and window.statusBar() is not None:
            window.statusBar().showMessage(text, 8000)

    def edit_name(self, node_id: int) -> None:
        """Select ``node_id`` and open its name for inline editing."""
        self.select_node(node_id)
        index = self.proxy.from_source(self.model.index_of(node_id, Column.NAME))
        if index.isValid():
            self.tree_view.setCurrentIndex(index)
            self.tree_view.edit(index)

    def selected_node_ids(self) -> list[int]:
        """Ids of the selected nodes, in outline order."""
        rows = self.tree_view.selectionModel().selectedRows(0)
        ids = [self.model.node_id(self.proxy.to_source(i)) for i in rows]
        ids = [i for i in ids if i is not None]
        return sorted(ids, key=self.model._outline_order)

    def selected_node_id(self) -> int | None:
        """Id of the node selected in the Outline."""
        index = self.tree_view.currentIndex()
        return self.model.node_id(self.proxy.to_source(index)) if index.isValid() else None

    def select_node(self, node_id: int) -> None:
        """Select ``node_id`` (and scroll to it)."""
        source = self.model.index_of(node_id)
        index = self.proxy.from_source(source)
        if not index.isValid():
            return
        self.tree_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree_view.scrollTo(index)
        self._show_details(node_id)

    def _select_first(self) -> None:
        if self.proxy.rowCount() == 0 or self.read_model is None:
            self.details.show_row(None, None)
            return
        top = self.read_model.top_kpi()
        if top is not None and self.proxy.from_source(self.model.index_of(top.node.id)).isValid():
            self.select_node(top.node.id)
        else:
            first = self.proxy.index(0, 0)
            self.select_node(self.model.node_id(self.proxy.to_source(first)))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node_id = self.model.node_id(self.proxy.to_source(current)) if current.isValid() else None
        self._show_details(node_id)

    def _show_details(self, node_id: int | None) -> None:
        tree = self.model.tree() or self.read_model  # the tree shown: what-if values included
        if node_id is None or tree is None or node_id not in tree.ids:
            self.details.show_row(None, None)
        else:
            self.details.show_row(tree.row(node_id), tree)

    def _update_page(self) -> None:
        if self.model.rowCount() == 0:
            self.stack.setCurrentWidget(self.empty_state)
        elif self.proxy.rowCount() == 0:
            self._no_match_label.setText(
                f"No node's code, name or owner contains “{self.proxy.search_text()}”.\n"
                "Clear the search box to see the whole tree."
            )
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.splitter)

    # ------------------------------------------------------------------ for tests / render

    def visible_row_count(self) -> int:
        """Rows the Outline shows (all levels, after the search filter)."""
        count = 0
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            rows = self.proxy.rowCount(parent)
            count += rows
            stack.extend(self.proxy.index(r, 0, parent) for r in range(rows))
        return count

    def cell_text(self, node_id: int, column: Column) -> str:
        """The text shown in ``column`` of ``node_id``'s row."""
        return self.model.index_of(node_id, column).data(Qt.ItemDataRole.DisplayRole) or ""
