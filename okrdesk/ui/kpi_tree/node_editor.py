"""The node editor: every field of a KPI node (PRODUCT.md §2) in a compact form.

Shown in the details panel under the node's headline. A field is saved when it is
committed (Enter or leaving a text field, choosing in a list): one undoable
command per field. A refused value shows the reason under the form and the field
goes back to the stored value. The formula field validates while typing (unknown
codes, parse errors with their position, cycles) and shows the value it gives.
Influence links are added and removed at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Aggregation, Category, Direction, FormulaKind, Frequency, NodeKind
from okrdesk.store.errors import ValidationError
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.kpi_tree.formula_check import check_formula
from okrdesk.ui.kpi_tree.tree_commands import TreeCommands

_TEXT_FIELDS = {"code": "Code", "name": "Name", "description": "Description", "unit": "Unit"}
_NUMBER_FIELDS = {"target": "Target", "green_from": "Green from", "red_from": "Red from", "weight": "Weight"}


def _choices(field: str) -> list[tuple[str, Any]]:
    if field == "kind":
        return [(fmt.KIND_WORDS[k], k.value) for k in NodeKind]
    if field == "direction":
        return [(fmt.DIRECTION_WORDS[d], d.value) for d in Direction]
    if field == "aggregation":
        return [(fmt.AGGREGATION_WORDS[a], a.value) for a in Aggregation]
    if field == "frequency":
        return [(fmt.FREQUENCY_WORDS[f], f.value) for f in Frequency]
    if field == "leading":
        return [("Leading", True), ("Lagging", False)]
    if field == "category":
        return [("Strategic metric", Category.STRATEGIC.value), ("Health metric", Category.HEALTH.value)]
    if field == "formula":
        return [(fmt.FORMULA_WORDS[k], k.value) for k in FormulaKind]
    raise KeyError(field)


class NodeEditor(QWidget):
    """Editable fields of one node; ``show_node(row, tree)`` fills them."""

    #: A problem with the last committed value ("" when it was saved).
    message = Signal(str)

    def __init__(self, commands: TreeCommands, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NodeEditor")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)  # never squashed
        self.commands = commands
        self.row: NodeRow | None = None
        self.tree: TreeReadModel | None = None
        self.fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # width follows the panel
        muted = theme.current().muted_ink
        self.setStyleSheet(f"QLabel#FieldName {{ color: {muted}; }} QLabel#FieldHint {{ color: {muted}; }}")
        self._forms: dict[str, QFormLayout] = {}
        for section in ("Definition", "Target", "Ownership", "Formula"):
            layout.addWidget(_section(section))
            form = QFormLayout()
            form.setHorizontalSpacing(12)
            form.setVerticalSpacing(6)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            layout.addLayout(form)
            self._forms[section] = form
        for key in ("code", "name", "kind", "description", "unit", "direction", "aggregation", "frequency",
                    "leading", "category"):
            self._add("Definition", key)
        for key in ("target", "green_from", "red_from"):
            self._add("Target", key)
        self.owner = self._combo("owner_id")
        self.team = self._combo("team_id")
        self._forms["Ownership"].addRow(_name("Owner"), self.owner)
        self._forms["Ownership"].addRow(_name("Team"), self.team)
        self._add("Formula", "formula")
        self._add("Formula", "expression")
        self._add("Formula", "weight")
        self.formula_hint = QLabel("")
        self.formula_hint.setObjectName("FieldHint")
        self.formula_hint.setWordWrap(True)
        self.formula_hint.setFont(fmt_font())
        self.formula_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._forms["Formula"].addRow(self.formula_hint)
        layout.addWidget(_section("Influence links"))
        self.links_box = QVBoxLayout()
        self.links_box.setSpacing(2)
        layout.addLayout(self.links_box)
        add = QHBoxLayout()
        self.link_code = QLineEdit()
        self.link_code.setPlaceholderText("Driver code, e.g. REV.NEW")
        self.link_code.setAccessibleName("Code of a driver to link")
        self.link_code.returnPressed.connect(self.add_driver)
        add_button = QToolButton()
        add_button.setText("Link")
        add_button.setToolTip("Link this node to the driver whose code is typed")
        add_button.clicked.connect(self.add_driver)
        add.addWidget(self.link_code, 1)
        add.addWidget(add_button)
        layout.addLayout(add)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setObjectName("EditorError")
        self.error.setStyleSheet(f"color: {theme.current().status['red']};")
        self.error.setVisible(False)
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.error)

    # -- building ------------------------------------------------------------------------

    def _add(self, section: str, key: str) -> None:
        if key in _TEXT_FIELDS or key in _NUMBER_FIELDS or key == "expression":
            edit = QLineEdit()
            edit.editingFinished.connect(lambda k=key: self._commit_text(k))
            if key == "expression":
                edit.setPlaceholderText("e.g. VISITS * CONV * AOV")
                edit.textEdited.connect(lambda _t: self._check_formula())
            widget: QWidget = edit
            label = {**_TEXT_FIELDS, **_NUMBER_FIELDS, "expression": "Expression"}[key]
        else:
            widget = self._combo(key)
            label = {"kind": "Kind", "direction": "Direction", "aggregation": "Time aggregation",
                     "frequency": "Reporting", "leading": "Indicator", "category": "Category",
                     "formula": "Computed as"}[key]
            for text, value in _choices(key):
                widget.addItem(text, value)
        widget.setAccessibleName(label)
        widget.setMinimumWidth(60)
        widget.setMinimumHeight(widget.sizeHint().height())  # rows never squashed together
        self.fields[key] = widget
        self._forms[section].addRow(_name(label), widget)

    def _combo(self, key: str) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        combo.setMinimumHeight(combo.sizeHint().height())
        combo.activated.connect(lambda _i, k=key: self._commit_choice(k))
        self.fields[key] = combo
        return combo

    # -- showing -------------------------------------------------------------------------

    def show_node(self, row: NodeRow, tree: TreeReadModel, people: list[tuple[str, int]],
                  teams: list[tuple[str, int]]) -> None:
        """Fill the fields from ``row`` (``people``/``teams``: (name, id) to choose from)."""
        self.row, self.tree = row, tree
        node = row.node
        for key in _TEXT_FIELDS:
            self.fields[key].setText(getattr(node, key))
        for key in _NUMBER_FIELDS:
            self.fields[key].setText(fmt.edit_number(getattr(node, key)))
        self.fields["expression"].setText(node.expression)
        for key in (*_TEXT_FIELDS, *_NUMBER_FIELDS, "expression"):
            self.fields[key].setCursorPosition(0)  # long texts show their beginning
        for key in ("kind", "direction", "aggregation", "frequency", "leading", "category", "formula"):
            value = getattr(node, key)
            combo: QComboBox = self.fields[key]
            combo.setCurrentIndex(max(0, combo.findData(value.value if hasattr(value, "value") and
                                                         not isinstance(value, bool) else value)))
        for combo, options, current, nobody in ((self.owner, people, node.owner_id, "Nobody yet"),
                                                (self.team, teams, node.team_id, "No team")):
            combo.clear()
            combo.addItem(nobody, None)
            for name, oid in options:
                combo.addItem(name, oid)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        self._show_links()
        self._check_formula()
        self.error.setVisible(False)
        self._fit_height()

    def _fit_height(self) -> None:
        """Keep the whole form visible (the details panel scrolls instead of squashing it)."""
        self.layout().invalidate()
        self.setMinimumSize(0, self.layout().sizeHint().height())
        self.updateGeometry()

    def _show_links(self) -> None:
        while self.links_box.count():
            item = self.links_box.takeAt(0)
            if item.widget() is not None:
                item.widget().setParent(None)  # gone at once, not at the next event loop turn
        assert self.tree is not None and self.row is not None
        node_id = self.row.node.id
        links = [lk for lk in self.tree.links if node_id in (lk.source_id, lk.target_id)]
        if not links:
            self.links_box.addWidget(_hint("No influence links yet: type a driver's code below."))
        for link in links:
            other = link.source_id if link.target_id == node_id else link.target_id
            if other not in self.tree.ids:
                continue
            arrow = "driven by" if link.target_id == node_id else "drives"
            line = QHBoxLayout()
            holder = QWidget()
            holder.setLayout(line)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(f"{arrow}  {self.tree.row(other).node.code}  {self.tree.row(other).node.name}")
            text.setWordWrap(True)
            remove = QToolButton()
            remove.setText("×")
            remove.setAutoRaise(True)
            remove.setToolTip("Remove this influence link")
            remove.setAccessibleName(f"Remove link to {self.tree.row(other).node.code}")
            remove.clicked.connect(lambda _c=False, lid=link.id: self._run(lambda: self.commands.remove_link(lid)))
            line.addWidget(text, 1)
            line.addWidget(remove)
            self.links_box.addWidget(holder)

    # -- committing ----------------------------------------------------------------------

    def _run(self, edit: Callable[[], object]) -> bool:
        try:
            edit()
        except ValidationError as exc:
            self._refuse(str(exc))
            return False
        self.error.setVisible(False)
        self.message.emit("")
        return True

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self._fit_height()
        self.message.emit(text)
        if self.row is not None and self.tree is not None:
            self._restore(self.row, self.tree)

    def _restore(self, row: NodeRow, tree: TreeReadModel) -> None:
        text = self.error.text()
        people = [(self.owner.itemText(i), self.owner.itemData(i)) for i in range(1, self.owner.count())]
        teams = [(self.team.itemText(i), self.team.itemData(i)) for i in range(1, self.team.count())]
        self.show_node(row, tree, people, teams)
        self.error.setText(text)
        self.error.setVisible(True)

    def commit(self, key: str, value: Any) -> bool:
        """Save one field (one undoable command); False when it is refused."""
        if self.row is None:
            return False
        node = self.row.node
        current = getattr(node, key)
        current = current.value if hasattr(current, "value") and not isinstance(current, bool) else current
        if current == value:
            return True
        if key == "name" and not str(value).strip():
            self._refuse("A node needs a name.")
            return False
        return self._run(lambda: self.commands.update(node.id, **{key: value}))

    def _commit_text(self, key: str) -> None:
        text = self.fields[key].text()
        if key in _NUMBER_FIELDS:
            try:
                value = fmt.parse_number(text)
            except ValueError as exc:
                self._refuse(f"{_NUMBER_FIELDS[key]}: {exc}.")
                return
            if key == "weight" and value is None:
                value = 1.0
            self.commit(key, value)
        elif key == "expression":
            if self._check_formula():
                self.commit(key, text.strip())
        else:
            self.commit(key, text.strip() if key in ("code", "name") else text)

    def _commit_choice(self, key: str) -> None:
        combo: QComboBox = self.fields[key]
        if key == "formula":
            if not self._check_formula():
                return
            changes: dict[str, Any] = {"formula": combo.currentData()}
            if combo.currentData() == FormulaKind.EXPRESSION.value:
                changes["expression"] = self.fields["expression"].text().strip()
            if self.row is not None:
                self._run(lambda: self.commands.update(self.row.node.id, **changes))
            return
        self.commit(key, combo.currentData())

    def add_driver(self) -> bool:
        """Link the driver whose code is typed to this node (one undoable command)."""
        if self.row is None or self.tree is None:
            return False
        code = self.link_code.text().strip()
        driver = next((r for r in self.tree.rows if r.node.code.lower() == code.lower()), None)
        if driver is None:
            self._refuse(f"No KPI node has the code “{code}”.")
            return False
        ok = self._run(lambda: self.commands.add_link(driver.node.id, self.row.node.id))
        if ok:
            self.link_code.clear()
        return ok

    def _check_formula(self) -> bool:
        """Validate the formula as typed; shows the problems or the value it gives."""
        if self.row is None or self.tree is None:
            return False
        kind = FormulaKind(self.fields["formula"].currentData())
        expression = self.fields["expression"].text()
        self.fields["expression"].setEnabled(kind == FormulaKind.EXPRESSION)
        result = check_formula(self.tree, self.row.node.id, kind, expression)
        colour = theme.current().status["red"] if not result.ok else theme.current().muted_ink
        self.formula_hint.setStyleSheet(f"color: {colour};")
        if not result.ok:
            self.formula_hint.setText("\n".join(result.problems))
        elif kind == FormulaKind.NONE:
            self.formula_hint.setText("Measured: values come from measurements.")
        else:
            self.formula_hint.setText(f"Gives {fmt.format_value(result.value, self.row.node.unit)}"
                                      + (f" for {self.row.bucket:%B %Y}" if self.row.bucket else ""))
        self._fit_height()
        return result.ok


def _section(title: str) -> QLabel:
    label = QLabel(title.upper())
    label.setObjectName("SectionTitle")
    return label


def _name(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("FieldName")
    label.setMinimumWidth(96)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("FieldHint")
    label.setWordWrap(True)
    return label


def fmt_font():
    """The number font for the formula hint (equations read better in it)."""
    from okrdesk.ui.fonts import number_font

    return number_font(9.5)
