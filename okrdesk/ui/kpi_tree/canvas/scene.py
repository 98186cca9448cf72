"""The canvas scene: boxes, connectors and links of one KPI tree, laid out tidily.

``set_tree`` builds the items from a ``TreeReadModel``; ``toggle_branch`` folds
or unfolds a branch and lays the tree out again (a folded branch takes no
room). The scene also handles drops of the KPI-node MIME type: highlight the
box under the cursor (accent when allowed, red when refused) and re-parent
through ``drop.drop_nodes``, one undoable command per drop.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QDrag, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneDragDropEvent, QStyleOptionGraphicsItem, QWidget

from okrdesk.domain.entities import FormulaKind, NodeKind
from okrdesk.domain.tree_layout import TreeLayout, shelf_layout
from okrdesk.store.errors import ValidationError
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.readmodels.whatif import WhatIfTree
from okrdesk.ui.kpi_tree.canvas import drop, style
from okrdesk.ui.kpi_tree.canvas.edges import ConnectorItem, InfluenceItem
from okrdesk.ui.kpi_tree.canvas.node_item import DROP_ACCEPT, DROP_NONE, DROP_REFUSE, NodeItem
from okrdesk.ui.kpi_tree.canvas.overview import OverviewItem

MARGIN = 120.0


class KpiCanvasScene(QGraphicsScene):
    """The KPI tree as boxes. Signals: ``selection_ids(tuple)`` when the user's
    selection changes; ``drop_message(str)`` when a drop is refused or fails;
    ``branch_toggled(node_id, old_scene_pos)`` after a fold, for the view to keep
    that box still on screen."""

    selection_ids = Signal(object)
    drop_message = Signal(str)
    branch_toggled = Signal(int, QPointF)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.ctx = None  # the ViewContext edits go through; None: read-only
        self.tree: TreeReadModel | None = None
        self.layout: TreeLayout | None = None
        self.collapsed: set[int] = set()
        self.items_by_id: dict[int, NodeItem] = {}
        self.connectors: list[ConnectorItem] = []
        self.influences: list[InfluenceItem] = []
        self.overview: OverviewItem | None = None
        self.overview_on = False
        #: What the items were last built for: children per parent, folds, influence links.
        self._shown: tuple[dict[int, list[int]], frozenset[int], list] = ({}, frozenset(), [])
        self.aspect = 1.6  # width / height the forest's trees are packed for
        self._colours = style.canvas_colours()
        self._quiet = False
        self._hover: NodeItem | None = None
        self._drag_ids: list[int] = []
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.selectionChanged.connect(self._selection_changed)

    # ------------------------------------------------------------------ building

    def set_tree(self, tree: TreeReadModel | None) -> None:
        """Show ``tree`` (None: nothing), keeping folds and the selection where nodes remain.
        A tree of the same nodes (an edit, a move, a value) updates the boxes in place:
        only boxes whose row looks different are redrawn, moved boxes are moved."""
        selected = self.selected_ids()
        old, self.tree = self.tree, tree
        colours = style.canvas_colours()
        same_colours, self._colours = colours == self._colours, colours
        if tree is not None:
            self.collapsed &= tree.ids
        if not (same_colours and self._update_in_place(old)):
            self._rebuild()
        self.select_ids([i for i in selected if i in self.items_by_id], notify=False)

    def _children_map(self) -> dict[int, list[int]]:
        assert self.tree is not None
        out: dict[int, list[int]] = {}
        for row in self.tree.rows:
            kids = self.tree.children(row.node.id)
            if kids:
                out[row.node.id] = [k.node.id for k in kids]
        return out

    def layout_for(self, collapsed: Iterable[int], children: dict[int, list[int]] | None = None) -> TreeLayout:
        """The layout the tree would have with ``collapsed`` folded (no items made)."""
        assert self.tree is not None
        roots = [r.node.id for r in self.tree.children(None)]
        sizes = {r.node.id: style.box_size(r.node.kind) for r in self.tree.rows}
        return shelf_layout(roots, self._children_map() if children is None else children, sizes,
                            collapsed=set(collapsed), aspect=self.aspect, sibling_gap=style.SIBLING_GAP,
                            subtree_gap=style.SUBTREE_GAP, level_gap=style.LEVEL_GAP)

    def _rebuild(self) -> None:
        self._quiet = True
        try:
            self.clear()
            self.items_by_id = {}
            self.connectors = []
            self.influences = []
            self.overview = None
            tree = self.tree
            if tree is None or not tree.rows:
                self.layout = None
                self.setSceneRect(QRectF(0, 0, 1, 1))
                return
            children = self._children_map()
            self.layout = layout = self.layout_for(self.collapsed, children)
            self._add_boxes(layout, children)
            self._finish(layout, children)
            self._apply_overview()
        finally:
            self._quiet = False

    def _finish(self, layout: TreeLayout, children: dict[int, list[int]]) -> None:
        """Connectors, influence links, the overview item and the scene's size for ``layout``."""
        assert self.tree is not None
        edges = self._add_connectors(layout, children)
        self._add_influences(layout)
        status = {r.node.id: r.status for r in self.tree.rows if r.node.id in layout.boxes}
        self.overview = OverviewItem(layout.boxes, status, edges, self._colours, self.selected_ids)
        self.addItem(self.overview)
        self._shown = (children, frozenset(self.collapsed), self.tree.links)
        self.setSceneRect(QRectF(-MARGIN, -MARGIN, layout.width + 2 * MARGIN, layout.height + 2 * MARGIN))

    def _update_in_place(self, old: TreeReadModel | None) -> bool:
        """Bring the boxes shown for ``old`` to ``self.tree``, which has the same nodes;
        False (nothing done) when it has other nodes or nothing is shown yet."""
        tree, layout = self.tree, self.layout
        if old is None or tree is None or layout is None or not tree.rows or tree.ids != old.ids:
            return False
        delta = tree.delta_from(old) if tree is not old else None
        changed = delta.rows if delta is not None else self.items_by_id.keys()
        items = self.items_by_id
        if any(n in items and items[n].kind != NodeKind(tree.row(n).node.kind) for n in changed):
            return False  # another box size: lay everything out afresh
        children = self._children_map()
        shown_children, shown_collapsed, shown_links = self._shown
        structure = children != shown_children or shown_collapsed != self.collapsed
        if structure:
            layout = self.layout_for(self.collapsed, children)
        whatif = tree if isinstance(tree, WhatIfTree) else None
        on = self.overview_on
        self._quiet = True
        try:
            for node_id in [n for n in self.items_by_id if n not in layout.boxes]:
                self.removeItem(self.items_by_id.pop(node_id))
            redraw_links = structure or tree.links != shown_links
            for node_id, box in layout.boxes.items():
                row = tree.row(node_id)
                item = self.items_by_id.get(node_id)
                if item is None:
                    item = NodeItem(row, self._colours, has_children=node_id in children,
                                    hidden_count=self._hidden_count(node_id, children))
                    item.setVisible(not on)
                    self.addItem(item)
                    self.items_by_id[node_id] = item
                elif item.row is not row:
                    redraw_links = redraw_links or item.row.node.formula != row.node.formula
                    if whatif is None and item.whatif_fill is None and item.same_look(row):
                        item.row = row  # moved with its branch: nothing to draw again
                    else:
                        item.show_row(row)
                    if whatif is not None and node_id in whatif.affected:
                        item.set_whatif(node_id in whatif.overridden)
                if structure:
                    item.set_branch(node_id in children, self._hidden_count(node_id, children))
                    if item.pos().x() != box.x or item.pos().y() != box.y:
                        item.setPos(box.x, box.y)
            if not redraw_links and self.overview is not None:
                status = {node_id: tree.row(node_id).status for node_id in layout.boxes}
                if status != self.overview.status_of:
                    self.overview.set_statuses(status)
            else:
                for group in (self.connectors, self.influences):
                    for link in group:
                        self.removeItem(link)
                self.connectors, self.influences = [], []
                if self.overview is not None:
                    self.removeItem(self.overview)
                self.layout = layout
                self._finish(layout, children)
                for link in (*self.connectors, *self.influences):
                    link.setVisible(not on)
                self.overview.setVisible(on)
        finally:
            self._quiet = False
        return True

    def _hidden_count(self, node_id: int, children: dict[int, list[int]]) -> int:
        if node_id not in self.collapsed:
            return 0
        count, stack = 0, list(children.get(node_id, []))
        while stack:
            n = stack.pop()
            count += 1
            stack.extend(children.get(n, []))
        return count

    def _add_boxes(self, layout: TreeLayout, children: dict[int, list[int]]) -> None:
        assert self.tree is not None
        whatif = self.tree if isinstance(self.tree, WhatIfTree) else None
        for node_id, box in layout.boxes.items():
            item = NodeItem(self.tree.row(node_id), self._colours, has_children=node_id in children,
                            hidden_count=self._hidden_count(node_id, children))
            if whatif is not None and node_id in whatif.affected:
                item.set_whatif(node_id in whatif.overridden)
            item.setPos(box.x, box.y)
            self.addItem(item)
            self.items_by_id[node_id] = item

    def _add_connectors(self, layout: TreeLayout, children: dict[int, list[int]]) -> list:
        assert self.tree is not None
        edges = []
        for node_id, kids in children.items():
            if node_id in self.collapsed or node_id not in layout.boxes:
                continue
            parent = layout.boxes[node_id]
            kid_boxes = [layout.boxes[k] for k in kids if k in layout.boxes]
            formula = FormulaKind(self.tree.row(node_id).node.formula)
            item = ConnectorItem(parent, kid_boxes, style.OPERATOR_LABELS.get(formula, ""), self._colours,
                                 style.LEVEL_GAP)
            self.addItem(item)
            self.connectors.append(item)
            edges.append((parent, kid_boxes))
        return edges

    def _add_influences(self, layout: TreeLayout) -> None:
        assert self.tree is not None
        for link in self.tree.links:
            source, target = layout.boxes.get(link.source_id), layout.boxes.get(link.target_id)
            if source is None or target is None or link.source_id == link.target_id:
                continue
            s, t = self.tree.row(link.source_id).node, self.tree.row(link.target_id).node
            tip = f"{s.code} drives {t.code} (influence, no arithmetic)" + (f"\n{link.note}" if link.note else "")
            item = InfluenceItem(source, target, tip, self._colours, link.id)
            self.addItem(item)
            self.influences.append(item)

    # ------------------------------------------------------------------ folding

    def toggle_branch(self, node_id: int) -> None:
        """Fold ``node_id``'s branch, or unfold it when folded."""
        before = self.items_by_id[node_id].pos() if node_id in self.items_by_id else QPointF()
        if node_id in self.collapsed:
            self.collapsed.discard(node_id)
        else:
            self.collapsed.add(node_id)
        selected = self.selected_ids()
        if not self._update_in_place(self.tree):
            self._rebuild()
        self.select_ids([i for i in selected if i in self.items_by_id], notify=True)
        self.branch_toggled.emit(node_id, before)

    def set_collapsed(self, ids: Iterable[int]) -> None:
        """Fold exactly the branches of ``ids``."""
        self.collapsed = set(ids)
        selected = self.selected_ids()
        if not self._update_in_place(self.tree):
            self._rebuild()
        self.select_ids([i for i in selected if i in self.items_by_id], notify=True)

    def reveal(self, node_id: int) -> None:
        """Unfold every folded ancestor of ``node_id`` so its box is shown."""
        if self.tree is None or node_id not in self.tree.ids or node_id in self.items_by_id:
            return
        parent = self.tree.parent_id(node_id)
        opened = False
        while parent is not None:
            if parent in self.collapsed:
                self.collapsed.discard(parent)
                opened = True
            parent = self.tree.parent_id(parent)
        if opened and not self._update_in_place(self.tree):
            self._rebuild()

    # ------------------------------------------------------------------ level of detail

    def set_overview(self, on: bool) -> None:
        """Draw the whole tree as one overview item (far zoomed out) or as boxes."""
        if on != self.overview_on:
            self.overview_on = on
            self._apply_overview()

    def _apply_overview(self) -> None:
        on = self.overview_on
        if self.overview is not None:
            self.overview.setVisible(on)
        for group in (self.items_by_id.values(), self.connectors, self.influences):
            for item in group:
                item.setVisible(not on)

    # ------------------------------------------------------------------ selection

    def selected_ids(self) -> list[int]:
        """Ids of the selected boxes."""
        return [item.node_id for item in self.selectedItems() if isinstance(item, NodeItem)]

    def select_ids(self, ids: Iterable[int], *, notify: bool = False) -> None:
        """Select exactly the boxes of ``ids`` (unknown or folded-away ids are skipped)."""
        wanted = [i for i in ids if i in self.items_by_id]
        if set(wanted) == set(self.selected_ids()):
            return
        self._quiet = not notify
        try:
            self.clearSelection()
            for node_id in wanted:
                self.items_by_id[node_id].setSelected(True)
        finally:
            self._quiet = False
        if self.overview is not None and self.overview_on:
            self.overview.update()

    def _selection_changed(self) -> None:
        if not self._quiet:
            self.selection_ids.emit(tuple(self.selected_ids()))

    def node_at(self, pos: QPointF) -> NodeItem | None:
        """The box at scene position ``pos``."""
        for item in self.items(pos, Qt.ItemSelectionMode.IntersectsItemShape, Qt.SortOrder.DescendingOrder):
            if isinstance(item, NodeItem):
                return item
        return None

    # ------------------------------------------------------------------ drag and drop

    def start_drag(self, item: NodeItem, widget: QWidget | None) -> None:
        """Start dragging the selected boxes (or just ``item`` when it is not selected)."""
        if self.ctx is None or self.ctx.read_only or widget is None:
            return
        ids = self.selected_ids() if item.isSelected() else [item.node_id]
        drag = QDrag(widget)
        drag.setMimeData(drop.encode_ids(ids))
        drag.setPixmap(self._drag_pixmap(item))
        drag.setHotSpot(drag.pixmap().rect().center())
        actions = Qt.DropAction.MoveAction
        if drop.can_copy(self.ctx.service):
            actions |= Qt.DropAction.CopyAction
        drag.exec(actions, Qt.DropAction.MoveAction)
        self._clear_hover()

    @staticmethod
    def _drag_pixmap(item: NodeItem) -> QPixmap:
        scale = 0.6
        pixmap = QPixmap(int(item.width * scale) + 2, int(item.height * scale) + 2)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setOpacity(0.85)
        painter.scale(scale, scale)
        item.full_detail = True
        try:
            item.paint(painter, QStyleOptionGraphicsItem(), None)
        finally:
            item.full_detail = False
            painter.end()
        return pixmap

    def drop_verdict(self, ids: list[int], pos: QPointF) -> tuple[NodeItem | None, str | None]:
        """The box under ``pos`` and why dropping ``ids`` there is refused (None: allowed)."""
        target = self.node_at(pos)
        if target is None or self.tree is None:
            return None, None
        return target, drop.refusal(self.tree, ids, target.node_id)

    def _set_hover(self, item: NodeItem | None, state: int) -> None:
        if self._hover is not None and self._hover is not item:
            self._hover.set_drop_state(DROP_NONE)
        self._hover = item
        if item is not None:
            item.set_drop_state(state)

    def _clear_hover(self) -> None:
        self._set_hover(None, DROP_NONE)

    def drag_over(self, data, pos: QPointF, ctrl: bool = False) -> Qt.DropAction:
        """What dropping ``data`` at scene ``pos`` would do, with the feedback shown:
        the box under the cursor highlighted (accent, or red with a message when
        refused). IgnoreAction when it cannot be dropped there."""
        ids = drop.decode_ids(data)
        if not ids or self.ctx is None or self.ctx.read_only:
            self._clear_hover()
            return Qt.DropAction.IgnoreAction
        target, reason = self.drop_verdict(ids, pos)
        if target is None:
            self._clear_hover()
            return Qt.DropAction.IgnoreAction
        if reason is not None:
            self._set_hover(target, DROP_REFUSE)
            self.drop_message.emit(reason)
            return Qt.DropAction.IgnoreAction
        self._set_hover(target, DROP_ACCEPT)
        self.drop_message.emit("")
        return self._action(ctrl)

    def drop_at(self, data, pos: QPointF, ctrl: bool = False) -> Qt.DropAction:
        """Drop ``data`` at scene ``pos``; the action done (IgnoreAction: nothing)."""
        self._clear_hover()
        self.drop_message.emit("")
        target = self.node_at(pos)
        action = self._action(ctrl)
        copy = action == Qt.DropAction.CopyAction
        if target is None or not self.handle_drop(data, target.node_id, copy=copy):
            return Qt.DropAction.IgnoreAction
        return action

    def _action(self, ctrl: bool) -> Qt.DropAction:
        if ctrl and self.ctx is not None and drop.can_copy(self.ctx.service):
            return Qt.DropAction.CopyAction
        return Qt.DropAction.MoveAction

    @staticmethod
    def _ctrl(event: QGraphicsSceneDragDropEvent) -> bool:
        return bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt API
        if not drop.decode_ids(event.mimeData()) or self.ctx is None or self.ctx.read_only:
            event.ignore()
            return
        self.drag_over(event.mimeData(), event.scenePos(), self._ctrl(event))
        event.accept()  # keep receiving moves, also over the background

    def dragMoveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt API
        action = self.drag_over(event.mimeData(), event.scenePos(), self._ctrl(event))
        event.setDropAction(action)
        event.setAccepted(action != Qt.DropAction.IgnoreAction)  # ignored: Qt shows the forbidden cursor

    def dragLeaveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt API
        self._clear_hover()
        self.drop_message.emit("")
        event.accept()

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt API
        action = self.drop_at(event.mimeData(), event.scenePos(), self._ctrl(event))
        event.setDropAction(action)
        event.setAccepted(action != Qt.DropAction.IgnoreAction)

    def handle_drop(self, data, target_id: int, *, copy: bool = False) -> bool:
        """Drop the nodes in ``data`` on ``target_id``: one undoable command; False (and a
        ``drop_message``) when refused or when nothing changes."""
        ids = drop.decode_ids(data)
        if not ids or self.ctx is None or self.ctx.read_only or self.tree is None:
            return False
        try:
            return drop.drop_nodes(self.ctx, self.tree, ids, target_id, copy=copy)
        except (ValueError, ValidationError) as error:
            self.drop_message.emit(str(error))
            return False
