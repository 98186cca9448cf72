"""The Canvas: the KPI tree drawn as boxes, with zoom controls and export.

``KpiCanvas`` wraps the graphics view with a floating zoom bar (−, zoom %, +,
fit), an Export button (PNG, SVG, PDF) and a hint line that explains refused
drops. It shares the selection through a ``SelectionSync`` when given one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui import icons, theme
from okrdesk.ui.kpi_tree.canvas import export
from okrdesk.ui.kpi_tree.canvas.scene import KpiCanvasScene
from okrdesk.ui.kpi_tree.canvas.selection import SelectionSync
from okrdesk.ui.kpi_tree.canvas.view import CanvasView

EXPORT_KINDS = {
    "png": ("PNG image (*.png)", export.export_png),
    "svg": ("SVG drawing (*.svg)", export.export_svg),
    "pdf": ("PDF document (*.pdf)", export.export_pdf),
}
OVERLAY_MARGIN = 14
#: A first view folds deeper levels until the tree fits a window of READABLE_SIZE
#: at a zoom of at least READABLE_SCALE.
READABLE_SIZE = (1600.0, 1000.0)
READABLE_SCALE = 0.3


class KpiCanvas(QWidget):
    """The KPI tree as boxes and connectors (PRODUCT.md §3, Canvas)."""

    def __init__(self, parent: QWidget | None = None, *, selection: SelectionSync | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KpiCanvas")
        self.scene = KpiCanvasScene(self)
        self.view = CanvasView(self.scene, self)
        self.selection = selection or SelectionSync(self)
        self._fit_pending = True
        self._last_dir = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.zoom_bar, self.zoom_label = self._zoom_bar()
        self.export_button = self._export_button()
        self.hint = self._hint_label()
        self._hint_timer = QTimer(self, singleShot=True, interval=4000)
        self._hint_timer.timeout.connect(lambda: self.hint.hide())
        self._shortcuts()
        self._overlay_watcher = _ResizeWatcher(self.view, self._place_overlays)
        self.view.zoom_changed.connect(self._show_zoom)
        self.scene.selection_ids.connect(lambda ids: self.selection.set(ids, source=self))
        self.scene.drop_message.connect(self.show_hint)
        self.selection.changed.connect(self._selection_changed)

    # ------------------------------------------------------------------ set-up

    def _tool(self, icon: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setIcon(icons.icon(icon))
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(slot)
        return button

    def _overlay_frame(self, name: str) -> QFrame:
        c = theme.current()
        frame = QFrame(self.view)
        frame.setObjectName(name)
        frame.setStyleSheet(
            f"QFrame#{name} {{ background: {c.surface}; border: 1px solid {c.border_strong}; border-radius: 10px; }}"
            f"QFrame#{name} QLabel {{ color: {c.muted_ink}; border: none; background: transparent; }}"
        )
        return frame

    def _zoom_bar(self) -> tuple[QFrame, QLabel]:
        frame = self._overlay_frame("CanvasZoomBar")
        row = QHBoxLayout(frame)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(2)
        label = QLabel("100%")
        label.setMinimumWidth(46)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setToolTip("Zoom (Ctrl+wheel, + and −)")
        row.addWidget(self._tool("zoom-out", "Zoom out (−)", self.view.zoom_out))
        row.addWidget(label)
        row.addWidget(self._tool("zoom-in", "Zoom in (+)", self.view.zoom_in))
        row.addWidget(self._tool("maximize", "Fit the whole tree (Ctrl+0)", self.fit))
        row.addWidget(self._tool("chevron-down", "Unfold every branch", self.expand_all))
        row.addWidget(self._tool("chevron-right", "Fold to the top levels", self.fold_all))
        return frame, label

    def _export_button(self) -> QToolButton:
        button = QToolButton(self.view)
        button.setObjectName("CanvasExport")
        button.setText("Export")
        button.setIcon(icons.icon("download"))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolTip("Export the whole tree as an image or a PDF")
        button.setAccessibleName("Export the canvas")
        c = theme.current()
        button.setStyleSheet(
            f"QToolButton#CanvasExport {{ background: {c.surface}; border: 1px solid {c.border_strong};"
            f" border-radius: 10px; padding: 5px 12px; color: {c.ink}; }}"
            f"QToolButton#CanvasExport:hover {{ background: {c.hover}; }}"
            "QToolButton#CanvasExport::menu-indicator { image: none; }"
        )
        menu = QMenu(button)
        for kind, label in (("png", "PNG image…"), ("svg", "SVG drawing…"), ("pdf", "PDF document…")):
            action = QAction(label, menu)
            action.triggered.connect(lambda _=False, k=kind: self.ask_export(k))
            menu.addAction(action)
        button.setMenu(menu)
        return button

    def _hint_label(self) -> QLabel:
        c = theme.current()
        label = QLabel(self.view)
        label.setObjectName("CanvasHint")
        label.setStyleSheet(
            f"QLabel#CanvasHint {{ background: {c.ink}; color: {c.surface}; border-radius: 8px; padding: 7px 14px; }}"
        )
        label.hide()
        return label

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.view.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.view.zoom_out),
            (QKeySequence("Ctrl+0"), self.fit),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    def _place_overlays(self) -> None:
        view = self.view.viewport().geometry()
        bar = self.zoom_bar.sizeHint()
        self.zoom_bar.setGeometry(view.right() - bar.width() - OVERLAY_MARGIN,
                                  view.bottom() - bar.height() - OVERLAY_MARGIN, bar.width(), bar.height())
        button = self.export_button.sizeHint()
        self.export_button.setGeometry(view.right() - button.width() - OVERLAY_MARGIN, view.top() + OVERLAY_MARGIN,
                                       button.width(), button.height())
        self._place_hint()
        for widget in (self.zoom_bar, self.export_button, self.hint):
            widget.raise_()
        if self._fit_pending and self.scene.layout is not None and self.view.isVisible() and view.width() > 50:
            self._fit_pending = False
            self.fit()

    def _place_hint(self) -> None:
        self.hint.adjustSize()
        view = self.view.viewport().geometry()
        size = self.hint.sizeHint()
        self.hint.setGeometry(view.center().x() - size.width() // 2, view.top() + OVERLAY_MARGIN,
                              size.width(), size.height())

    # ------------------------------------------------------------------ content

    def set_context(self, ctx) -> None:
        """The ViewContext drops go through (its service and undo stack)."""
        self.scene.ctx = ctx

    def set_tree(self, tree: TreeReadModel | None) -> None:
        """Draw ``tree``; the first tree shown is fitted to the window."""
        first = self.scene.layout is None
        self.scene.set_tree(tree)
        if tree is not None:
            self.selection.keep_only(tree.ids, source=None)
            self._follow(self.selection.ids, scroll=False)
        if first:
            self.fold_to_readable()
            self._fit_pending = True
            self._place_overlays()

    def fold_to_readable(self) -> None:
        """Show as many top levels as stay readable fitted in the window (the tree at
        fitting READABLE_SIZE at READABLE_SCALE or more) and fold the branches below them: a workshop starts
        from the top and opens branches one by one."""
        tree = self.scene.tree
        if tree is None or not tree.rows:
            return
        deepest = max(r.depth for r in tree.rows)
        chosen: set[int] = set()
        for depth in range(deepest, -1, -1):
            chosen = {r.node.id for r in tree.rows if r.depth == depth and tree.children(r.node.id)}
            layout = self.scene.layout_for(chosen)
            if min(READABLE_SIZE[0] / layout.width, READABLE_SIZE[1] / layout.height) >= READABLE_SCALE:
                break
        self.scene.set_collapsed(chosen)

    def expand_all(self) -> None:
        """Unfold every branch."""
        self.scene.set_collapsed(())
        self.fit()

    def fold_all(self) -> None:
        """Fold to the top levels again."""
        self.fold_to_readable()
        self.fit()

    def fit(self) -> None:
        """Zoom so the whole tree fits the window."""
        self.view.fit()

    def _show_zoom(self, scale: float) -> None:
        self.zoom_label.setText(f"{scale * 100:.0f}%" if scale >= 0.095 else f"{scale * 100:.1f}%")

    def show_hint(self, text: str) -> None:
        """Show ``text`` at the top of the canvas for a few seconds (empty: hide it)."""
        if not text:
            if not self._hint_timer.isActive():
                self.hint.hide()
            return
        self.hint.setText(text)
        self._place_hint()
        self.hint.show()
        self.hint.raise_()
        self._hint_timer.start()

    # ------------------------------------------------------------------ selection

    def _selection_changed(self, ids: tuple[int, ...], source: object) -> None:
        if source is not self:
            self._follow(ids, scroll=True)

    def _follow(self, ids: tuple[int, ...], *, scroll: bool) -> None:
        for node_id in ids:
            self.scene.reveal(node_id)
        self.scene.select_ids(ids, notify=False)
        if scroll and ids and ids[-1] in self.scene.items_by_id and self.isVisible():
            self.view.ensureVisible(self.scene.items_by_id[ids[-1]], 80, 80)

    # ------------------------------------------------------------------ export

    def _ask_save_path(self, kind: str) -> str:
        """The file to export to (a dialog; tests patch this)."""
        pattern = EXPORT_KINDS[kind][0]
        start = str(Path(self._last_dir or Path.home()) / f"kpi-tree.{kind}")
        path, _ = QFileDialog.getSaveFileName(self, "Export the KPI tree", start, pattern)
        return path

    def ask_export(self, kind: str) -> Path | None:
        """Ask where to save and export the whole tree as ``kind`` (png, svg or pdf)."""
        path = self._ask_save_path(kind)
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != f".{kind}":
            out = out.with_name(out.name + f".{kind}")
        try:
            self.export_to(out)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, "Export failed", str(error))
            return None
        self._last_dir = str(out.parent)
        self.show_hint(f"Exported the tree to {out.name}")
        return out

    def export_to(self, path: str | Path) -> Path:
        """Export the whole tree to ``path``; the format follows the suffix."""
        out = Path(path)
        kind = out.suffix.lower().lstrip(".")
        if kind not in EXPORT_KINDS:
            raise ValueError(f"Cannot export to '{out.name}': use a .png, .svg or .pdf file name.")
        EXPORT_KINDS[kind][1](self.scene, out)
        return out


class _ResizeWatcher(QObject):
    """Calls ``callback`` whenever ``widget`` is resized or shown."""

    def __init__(self, widget: QWidget, callback) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._callback()
        return False
