"""The Canvas's context menu and its influence-link mode.

Right-click a box: *Create key result from this KPI…*, *Add influence link…*,
*Open its trend*, *Open branch dashboard* (the same actions as the Outline's).
*Add influence link…* starts the link mode: a dashed rubber band follows the
pointer from the driver's box; a click on another box draws the link (one undo
step), Esc or a click on the background cancels. A link from a node to itself,
or one that exists already, is refused and the hint bar says why. Right-click a
dashed link: *Remove influence link* (one undo step).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QMenu

from okrdesk.store.errors import ValidationError
from okrdesk.ui.kpi_tree.canvas.edges import InfluenceItem

RUBBER_Z = 50.0


class CanvasActions(QObject):
    """Context menu and link mode of ``canvas`` inside the KPI Tree ``view``."""

    def __init__(self, canvas, view) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.view = view
        self.scene = canvas.scene
        self.linking_from: int | None = None
        self.rubber: QGraphicsLineItem | None = None
        self.add_link_action = QAction("Add influence link…", self)
        self.add_link_action.triggered.connect(lambda _c=False: self._start_on_selected())
        self.remove_link_action = QAction("Remove influence link", self)
        self._menu_link: int | None = None
        self.remove_link_action.triggered.connect(lambda _c=False: self.remove_link(self._menu_link))
        canvas.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        canvas.view.customContextMenuRequested.connect(self._menu_requested)
        canvas.view.viewport().installEventFilter(self)
        canvas.view.installEventFilter(self)

    @property
    def editable(self) -> bool:
        """Whether edits are allowed (a workspace open for writing)."""
        return self.view.editing is not None

    # ------------------------------------------------------------------ menu

    def menu_at(self, scene_pos: QPointF) -> QMenu:
        """The context menu for what is at ``scene_pos`` (a box, a link, or nothing)."""
        menu = QMenu(self.canvas)
        box = self.scene.node_at(scene_pos)
        if box is not None:
            self.scene.select_ids([box.node_id], notify=True)  # the Outline follows: its actions apply
            editing = self.view.editing
            if editing is not None:
                menu.addAction(editing.actions["create_kr"])
                menu.addAction(self.add_link_action)
                menu.addSeparator()
                menu.addAction(editing.actions["open_trend"])
                if self.view.read_model is not None and self.view.read_model.children(box.node_id):
                    menu.addAction(editing.actions["open_branch"])
            return menu
        link = self.link_at(scene_pos)
        if link is not None and self.editable:
            self._menu_link = link
            menu.addAction(self.remove_link_action)
        return menu

    def link_at(self, scene_pos: QPointF) -> int | None:
        """The id of the influence link drawn at ``scene_pos`` (None: none)."""
        for item in self.scene.items(scene_pos, Qt.ItemSelectionMode.IntersectsItemShape):
            if isinstance(item, InfluenceItem) and item.link_id is not None:
                return item.link_id
        return None

    def _menu_requested(self, pos: QPoint) -> None:  # pragma: no cover - needs a real mouse
        if self.linking_from is not None:
            return
        menu = self.menu_at(self.canvas.view.mapToScene(pos))
        if not menu.isEmpty():
            menu.exec(self.canvas.view.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ link mode

    def _start_on_selected(self) -> None:
        selected = self.scene.selected_ids()
        if selected:
            self.start_link(selected[-1])

    def start_link(self, source_id: int) -> None:
        """Start drawing an influence link from ``source_id``."""
        item = self.scene.items_by_id.get(source_id)
        if item is None or not self.editable:
            return
        self.cancel_link()
        self.linking_from = source_id
        centre = item.sceneBoundingRect().center()
        self.rubber = QGraphicsLineItem(QLineF(centre, centre))
        pen = QPen(self.scene._colours.influence, 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.rubber.setPen(pen)
        self.rubber.setZValue(RUBBER_Z)
        self.scene.addItem(self.rubber)
        self.canvas.view.viewport().setMouseTracking(True)
        self.canvas.view.setFocus()
        self.canvas.show_hint(f"Click the node {item.row.node.code} drives — Esc cancels")

    def link_move(self, scene_pos: QPointF) -> None:
        """Let the rubber band follow the pointer."""
        if self.rubber is not None:
            line = self.rubber.line()
            self.rubber.setLine(QLineF(line.p1(), scene_pos))

    def finish_link(self, scene_pos: QPointF) -> bool:
        """Draw the link to the box at ``scene_pos``; False when refused or cancelled."""
        source = self.linking_from
        if source is None:
            return False
        target = self.scene.node_at(scene_pos)
        if target is None:
            self.cancel_link("No influence link drawn.")
            return False
        problem = self.refusal(source, target.node_id)
        if problem:
            self.canvas.show_hint(problem)
            self.view.show_message(problem)
            return False  # still linking: pick another box, or Esc
        self.cancel_link()
        try:
            self.view.commands.add_link(source, target.node_id)
        except ValidationError as error:
            self.canvas.show_hint(str(error))
            self.view.show_message(str(error))
            return False
        self.canvas.show_hint(f"{self._code(source)} now drives {self._code(target.node_id)} (Undo takes it back)")
        return True

    def refusal(self, source: int, target: int) -> str:
        """Why a link ``source`` → ``target`` is refused ("" when it is fine)."""
        tree = self.view.read_model
        if source == target:
            return f"{self._code(source)} cannot influence itself: click another node, or Esc."
        if tree is not None and any(l.source_id == source and l.target_id == target for l in tree.links):
            return f"{self._code(source)} already influences {self._code(target)}."
        return ""

    def cancel_link(self, hint: str = "") -> None:
        """Leave the link mode (Esc); ``hint`` says so on the canvas."""
        if self.rubber is not None:
            self.scene.removeItem(self.rubber)
            self.rubber = None
        was = self.linking_from is not None
        self.linking_from = None
        self.canvas.view.viewport().setMouseTracking(False)
        if was and hint:
            self.canvas.show_hint(hint)

    def remove_link(self, link_id: int | None) -> bool:
        """Remove an influence link (one undo step)."""
        if link_id is None or not self.editable:
            return False
        try:
            self.view.commands.remove_link(link_id)
        except ValidationError as error:
            self.view.show_message(str(error))
            return False
        self.canvas.show_hint("Influence link removed (Undo brings it back)")
        return True

    def _code(self, node_id: int) -> str:
        tree = self.view.read_model
        return tree.row(node_id).node.code if tree is not None and node_id in tree.ids else str(node_id)

    # ------------------------------------------------------------------ events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self.linking_from is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            self.cancel_link("No influence link drawn.")
            return True
        if isinstance(event, QMouseEvent) and watched is self.canvas.view.viewport():
            pos = self.canvas.view.mapToScene(event.position().toPoint())
            if kind == QEvent.Type.MouseMove:
                self.link_move(pos)
                return True
            if kind == QEvent.Type.MouseButtonPress:
                if event.button() == Qt.MouseButton.LeftButton:
                    self.finish_link(pos)
                else:
                    self.cancel_link("No influence link drawn.")
                return True
            if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
                return True
        return False
