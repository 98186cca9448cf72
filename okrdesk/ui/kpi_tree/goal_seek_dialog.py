"""Goal seek: the value a driver needs for a KPI to reach a target value.

The drivers offered are every node the target is computed from, measured or
computed (a computed driver is pinned while it is tried: its own formula is set
aside). The dialog works on the tree it is given, what-if values included, and
computes live (a bisection on a copy of the rollup takes well under a
millisecond per step); "Apply as what-if" emits ``applied`` with the driver,
the bucket and the value so the view can show it as a what-if value.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import FormulaKind
from okrdesk.domain.whatif import GoalSeekResult, goal_seek
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui.kpi_tree import formatting as fmt


def driver_ids(tree: TreeReadModel, node_id: int) -> list[int]:
    """Ids of every node ``node_id`` is computed from, directly or not (its inputs, their
    inputs...), in outline order: the drivers goal seek can move."""
    inputs = tree.rollup.precedents(node_id)
    return [row.node.id for row in tree.rows if row.node.id in inputs]


class GoalSeekDialog(QDialog):
    """Choose a target node, a target value and a driver; shows the driver value needed."""

    #: (driver id, bucket, value) — apply the result as a what-if override.
    applied = Signal(int, object, float)

    def __init__(self, tree: TreeReadModel, target_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Goal seek")
        self.setMinimumWidth(480)
        self.tree = tree
        self.result: GoalSeekResult | None = None
        self.target = QComboBox()
        self.target.setAccessibleName("Target node")
        for row in tree.rows:
            if row.node.formula != FormulaKind.NONE and row.value is not None:
                self.target.addItem(f"{'  ' * row.depth}{row.node.code} — {row.node.name}", row.node.id)
        self.value = QLineEdit()
        self.value.setAccessibleName("Target value")
        self.driver = QComboBox()
        self.driver.setAccessibleName("Driver")
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("GoalSeekOutcome")
        form = QFormLayout()
        form.addRow("Target node", self.target)
        form.addRow("Target value", self.value)
        form.addRow("Driver", self.driver)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = QPushButton("Apply as what-if")
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        start = self.target.findData(target_id) if target_id is not None else -1
        self.target.setCurrentIndex(max(0, start))
        self.target.currentIndexChanged.connect(self._target_changed)
        self.value.textChanged.connect(self.compute)
        self.driver.currentIndexChanged.connect(self.compute)
        self._target_changed()

    def _target_changed(self) -> None:
        nid = self.target.currentData()
        self.driver.blockSignals(True)
        self.driver.clear()
        if nid is not None:
            for did in driver_ids(self.tree, nid):
                row = self.tree.row(did)
                computed = " (computed: its formula is set aside)" if row.node.formula != FormulaKind.NONE else ""
                self.driver.addItem(f"{row.node.code} — {row.node.name}{computed}", did)
            row = self.tree.row(nid)
            wanted = row.node.target if row.node.target is not None else row.value
            self.value.blockSignals(True)
            self.value.setText(fmt.edit_number(wanted))
            self.value.blockSignals(False)
        self.driver.blockSignals(False)
        self.compute()

    def bucket(self) -> dt.date | None:
        """The bucket the seek works in: the target's current bucket."""
        nid = self.target.currentData()
        return self.tree.row(nid).bucket if nid is not None else None

    def compute(self) -> GoalSeekResult | None:
        """Run the goal seek for the chosen fields and show the outcome."""
        self.result = None
        self.apply_button.setEnabled(False)
        target, driver, bucket = self.target.currentData(), self.driver.currentData(), self.bucket()
        if target is None:
            self.outcome.setText("No formula node has a value in this period.")
            return None
        if driver is None:
            self.outcome.setText("This node is not computed from other nodes: there is no driver to move.")
            return None
        try:
            wanted = fmt.parse_number(self.value.text())
        except ValueError as error:
            self.outcome.setText(str(error))
            return None
        if wanted is None or bucket is None:
            self.outcome.setText("Type the value the target should reach.")
            return None
        self.result = goal_seek(self.tree.rollup, target, wanted, driver, bucket)
        unit = self.tree.row(driver).node.unit
        if not self.result.reached or self.result.value is None:
            self.outcome.setText(self.result.message)
            return self.result
        needed, current = self.result.value, self.result.current
        text = f"<b>{self.tree.row(driver).node.code}</b> needs <b>{fmt.format_value(needed, unit)}</b>"
        if current is not None:
            change = f" ({(needed - current) / abs(current) * 100:+.1f}%)" if current else ""
            text += (f" in the bucket of {bucket.isoformat()}: now {fmt.format_value(current, unit)},"
                     f" a change of {needed - current:+,.6g}{change}.")
        self.outcome.setText(text)
        self.apply_button.setEnabled(True)
        return self.result

    def apply(self) -> None:
        """Emit the driver value found as a what-if override and close."""
        if self.result is None or self.result.value is None:
            return
        self.applied.emit(self.driver.currentData(), self.bucket(), self.result.value)
        self.accept()
