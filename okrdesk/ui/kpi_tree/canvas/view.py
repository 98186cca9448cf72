"""The graphics view of the canvas: zoom (Ctrl+wheel, +/-), pan (drag the
background, scroll), fit to window, and arrow keys to walk the tree."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from okrdesk.ui.kpi_tree.canvas import style
from okrdesk.ui.kpi_tree.canvas.scene import KpiCanvasScene

MAX_SCALE = 2.5
MIN_SCALE = 0.02
FIT_MAX_SCALE = 1.25
ZOOM_STEP = 1.25


class CanvasView(QGraphicsView):
    """Shows a ``KpiCanvasScene``; ``zoom_changed(scale)`` after every zoom."""

    zoom_changed = Signal(float)

    def __init__(self, scene: KpiCanvasScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("KpiCanvasView")
        self.setAccessibleName("KPI tree canvas")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundBrush(style.canvas_colours().background)
        scene.branch_toggled.connect(self._keep_box_still)

    def canvas_scene(self) -> KpiCanvasScene:
        """The scene shown (typed)."""
        scene = self.scene()
        assert isinstance(scene, KpiCanvasScene)
        return scene

    # ------------------------------------------------------------------ zoom

    def scale_factor(self) -> float:
        """The current zoom (1.0: boxes at their natural size)."""
        return self.transform().m11()

    def min_scale(self) -> float:
        """How far out one may zoom: a little past fitting the whole tree."""
        return min(MIN_SCALE, self._fit_scale() * 0.8) if self.canvas_scene().layout else MIN_SCALE

    def zoom_to(self, scale: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``scale`` (clamped), keeping scene point ``anchor`` (default: the
        centre of the view) where it is on screen."""
        scale = max(self.min_scale(), min(MAX_SCALE, scale))
        current = self.scale_factor()
        if abs(scale - current) < 1e-9:
            return
        if anchor is None:
            anchor = self.mapToScene(self.viewport().rect().center())
        before = self.mapFromScene(anchor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(scale / current, scale / current)
        after = self.mapFromScene(anchor)
        delta = after - before
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._zoomed()

    def zoom_in(self) -> None:
        """One step closer."""
        self.zoom_to(self.scale_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        """One step further away."""
        self.zoom_to(self.scale_factor() / ZOOM_STEP)

    def _tree_rect(self) -> QRectF:
        layout = self.canvas_scene().layout
        if layout is None:
            return QRectF()
        return QRectF(0, 0, layout.width, layout.height).adjusted(-32, -32, 32, 44)

    def _fit_scale(self) -> float:
        rect = self._tree_rect()
        view = self.viewport().rect()
        if rect.isEmpty() or view.isEmpty():
            return 1.0
        return min(view.width() / rect.width(), view.height() / rect.height())

    def fit(self) -> None:
        """Show the whole tree (never larger than FIT_MAX_SCALE)."""
        rect = self._tree_rect()
        if rect.isEmpty():
            return
        scale = min(FIT_MAX_SCALE, self._fit_scale())
        self.resetTransform()
        self.scale(scale, scale)
        self.centerOn(rect.center())
        self._zoomed()

    def _zoomed(self) -> None:
        scale = self.scale_factor()
        self.canvas_scene().set_overview(scale < style.OVERVIEW_SCALE)
        self.zoom_changed.emit(scale)

    def _keep_box_still(self, node_id: int, before: QPointF) -> None:
        """After a fold the tree is laid out again: scroll so the folded box stays put."""
        item = self.canvas_scene().items_by_id.get(node_id)
        if item is None:
            return
        delta = self.mapFromScene(item.pos()) - self.mapFromScene(before)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())

    # ------------------------------------------------------------------ input

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_to(self.scale_factor() * (ZOOM_STEP ** steps), self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier & ~Qt.KeyboardModifier.ShiftModifier)
        if plain and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif plain and key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.walk(key)
        elif plain and key == Qt.Key.Key_Space:
            selected = self.canvas_scene().selected_ids()
            if selected:
                self.canvas_scene().toggle_branch(selected[-1])
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def walk(self, key: int) -> None:
        """Select the parent (Up), first child (Down) or the neighbour on the same row."""
        scene = self.canvas_scene()
        tree, layout = scene.tree, scene.layout
        if tree is None or layout is None:
            return
        selected = scene.selected_ids()
        if not selected:
            top = tree.top_kpi()
            target = top.node.id if top is not None else None
        else:
            current = selected[-1]
            target = None
            if key == Qt.Key.Key_Up:
                parent = tree.row(current).node.parent_id
                target = parent if parent in layout.boxes else None
            elif key == Qt.Key.Key_Down:
                kids = [r.node.id for r in tree.children(current) if r.node.id in layout.boxes]
                target = kids[len(kids) // 2] if kids else None
            else:
                box = layout.boxes[current]
                row = sorted((b.x, n) for n, b in layout.boxes.items() if b.depth == box.depth)
                index = row.index((box.x, current)) + (1 if key == Qt.Key.Key_Right else -1)
                target = row[index][1] if 0 <= index < len(row) else None
        if target is not None and target in scene.items_by_id:
            scene.select_ids([target], notify=True)
            self.ensureVisible(scene.items_by_id[target], 60, 60)
