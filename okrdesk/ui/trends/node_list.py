"""The Trends view's list of KPI nodes: KPIs first, searchable, two calm lines per node."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from okrdesk import palette
from okrdesk.domain.entities import NodeKind
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.readmodels.trend_compare import MAX_COMPARED
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree import formatting as fmt

NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
CODE_ROLE = Qt.ItemDataRole.UserRole + 3
VALUE_ROLE = Qt.ItemDataRole.UserRole + 4
STATUS_ROLE = Qt.ItemDataRole.UserRole + 5
KPI_ROLE = Qt.ItemDataRole.UserRole + 6

Index = QModelIndex | QPersistentModelIndex
_KIND_ORDER = {NodeKind.KPI: 0, NodeKind.METRIC: 1, NodeKind.MEASURE: 2}


def build_node_items(tree: TreeReadModel) -> QStandardItemModel:
    """A list model of every node, KPIs first, then metrics and measures (tree order within)."""
    model = QStandardItemModel()
    rows = sorted(enumerate(tree.rows), key=lambda pair: (_KIND_ORDER[pair[1].node.kind], pair[0]))
    for _, row in rows:
        node = row.node
        item = QStandardItem(node.name)
        item.setEditable(False)
        item.setData(node.id, NODE_ID_ROLE)
        item.setData(f"{node.code}\n{node.name}\n{row.owner_name}", SEARCH_ROLE)
        item.setData(f"{node.code}  ·  {fmt.KIND_WORDS[node.kind]}", CODE_ROLE)
        item.setData(fmt.format_value(row.value, node.unit) if row.value is not None else "", VALUE_ROLE)
        item.setData(row.status.value if row.status is not None else "", STATUS_ROLE)
        item.setData(node.kind == NodeKind.KPI, KPI_ROLE)
        item.setToolTip(f"{node.code} — {node.name}")
        model.appendRow(item)
    return model


class NodeItemDelegate(QStyledItemDelegate):
    """Name (bold for KPIs) and value on the first line; code and kind, with a status dot, below."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """Two lines of text with padding."""
        return QSize(200, option.fontMetrics.height() * 2 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Draw the two lines over the style's background."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        c = theme.current()
        rect = QRectF(option.rect).adjusted(14, 8, -14, -8)
        if index.data(Qt.ItemDataRole.CheckStateRole) is not None and style is not None:
            check = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, opt.widget)
            rect.setLeft(max(rect.left(), check.right() + 10))
        line = rect.height() / 2
        painter.save()
        name_font = QFont(option.font)
        if index.data(KPI_ROLE):
            name_font.setWeight(QFont.Weight.DemiBold)
        value = index.data(VALUE_ROLE) or ""
        metrics = option.fontMetrics
        value_width = metrics.horizontalAdvance(value) + 8 if value else 0
        painter.setFont(name_font)
        painter.setPen(QColor(c.ink))
        top = QRectF(rect.left(), rect.top(), rect.width() - value_width, line)
        name = painter.fontMetrics().elidedText(index.data(Qt.ItemDataRole.DisplayRole) or "", Qt.TextElideMode.ElideRight, int(top.width()))
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(option.font)
        painter.setPen(QColor(c.muted_ink))
        if value:
            painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.88))
        painter.setFont(small)
        status = index.data(STATUS_ROLE)
        x = rect.left()
        bottom = QRectF(x, rect.top() + line, rect.width(), line)
        if status:
            colour = QColor(c.status[palette.Status(status)])
            painter.setPen(colour)
            symbol = palette.STATUS_SYMBOLS[palette.Status(status)]
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, symbol)
            bottom.adjust(painter.fontMetrics().horizontalAdvance(symbol) + 6, 0, 0, 0)
        painter.setPen(QColor(c.muted_ink))
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, index.data(CODE_ROLE) or "")
        painter.restore()


class NodeList(QListView):
    """The searchable node list (filter with ``set_filter``); in compare mode
    (``set_checkable``) every node has a check box and ``checked_changed`` reports
    the checked node ids in the order they were checked."""

    checked_changed = Signal(list)
    #: Emitted with the limit when a check beyond ``MAX_COMPARED`` was refused.
    limit_reached = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrendNodes")
        self.setUniformItemSizes(True)
        self.setItemDelegate(NodeItemDelegate(self))
        self.setAccessibleName("KPI nodes")
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModel(self.proxy)
        self._checkable = False
        self._checked: list[int] = []
        self._setting_checks = False

    def set_items(self, model: QStandardItemModel) -> None:
        """Show ``model``'s items (the list takes ownership)."""
        old = self.proxy.sourceModel()
        model.setParent(self)
        self.proxy.setSourceModel(model)
        if old is not None and old is not model:
            old.deleteLater()
        model.itemChanged.connect(self._item_changed)
        known = {model.item(r).data(NODE_ID_ROLE) for r in range(model.rowCount())}
        self._checked = [i for i in self._checked if i in known]
        self._apply_checks()

    # ------------------------------------------------------------------ compare mode

    def is_checkable(self) -> bool:
        """Whether the nodes carry check boxes (compare mode)."""
        return self._checkable

    def set_checkable(self, on: bool, checked: list[int] | None = None) -> None:
        """Show check boxes (``on``) with ``checked`` ticked, or hide them."""
        self._checkable = on
        if checked is not None:
            self._checked = list(dict.fromkeys(checked))
        self._apply_checks()
        self.checked_changed.emit(self.checked_ids())

    def checked_ids(self) -> list[int]:
        """Checked node ids, in the order they were checked (empty outside compare mode)."""
        return list(self._checked) if self._checkable else []

    def set_checked(self, node_id: int, on: bool) -> None:
        """Tick or untick one node."""
        model = self.proxy.sourceModel()
        for r in range(model.rowCount() if model is not None else 0):
            item = model.item(r)
            if item.data(NODE_ID_ROLE) == node_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(f"no KPI node with id {node_id} in the list")

    def _apply_checks(self) -> None:
        model = self.proxy.sourceModel()
        if model is None:
            return
        self._setting_checks = True
        try:
            for r in range(model.rowCount()):
                item = model.item(r)
                if self._checkable:
                    item.setCheckable(True)
                    on = item.data(NODE_ID_ROLE) in self._checked
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                else:
                    item.setCheckable(False)
                    item.setData(None, Qt.ItemDataRole.CheckStateRole)
        finally:
            self._setting_checks = False

    def _item_changed(self, item: QStandardItem) -> None:
        if self._setting_checks or not self._checkable:
            return
        node_id = item.data(NODE_ID_ROLE)
        on = item.checkState() == Qt.CheckState.Checked
        if on and node_id not in self._checked and len(self._checked) >= MAX_COMPARED:
            self._setting_checks = True
            item.setCheckState(Qt.CheckState.Unchecked)
            self._setting_checks = False
            self.limit_reached.emit(MAX_COMPARED)
            return
        if on and node_id not in self._checked:
            self._checked.append(node_id)
        elif not on and node_id in self._checked:
            self._checked.remove(node_id)
        else:
            return
        self.checked_changed.emit(self.checked_ids())

    def set_filter(self, text: str) -> None:
        """Keep nodes whose code, name or owner contains ``text``."""
        self.proxy.setFilterFixedString(text.strip())

    def node_id_at(self, row: int) -> int | None:
        """Node id of visible row ``row``."""
        index = self.proxy.index(row, 0)
        return index.data(NODE_ID_ROLE) if index.isValid() else None

    def row_of(self, node_id: int) -> int:
        """Visible row of ``node_id`` (-1 when filtered out)."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(NODE_ID_ROLE) == node_id:
                return row
        return -1
