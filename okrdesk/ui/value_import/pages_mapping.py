"""The mapping page of the Import values wizard: which KPI node each name in the
file goes to, new measure nodes, unit scaling, and the rows left out.

The sheet is read through the spec chosen so far (``WizardState.read`` — the
core's ``read_table`` and ``match_labels`` — in a background step); the labels
are listed in a ``MappingModel`` (tick to import, pick a node in a searchable
list). Labels not found can be left out or created as new measure nodes under a
parent chosen here. Values in thousands or millions are scaled; percentages
written as 0–1 or 0–100 are told apart. Totals rows and blank separator rows are
listed as left out, each with its ``Sheet!Cell``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from okrdesk.ui import icons, theme
from okrdesk.ui.value_import.mapping_model import (
    TARGET,
    LabelFilter,
    MappingModel,
    NodePickerDelegate,
    combo_data,
    node_choices,
    node_text,
    searchable_combo,
)
from okrdesk.ui.value_import.page_base import WizardPage
from okrdesk.ui.value_import.state import WizardState

SCALES = ((1.0, "As written"), (1000.0, "In thousands (× 1,000)"), (1_000_000.0, "In millions (× 1,000,000)"))
PERCENTS = (("fraction", "As 0–1 (0.45 is 45 %)"), ("points", "As 0–100 (45 is 45 %)"))
TOP_LEVEL = "\x00top"


class MappingPage(WizardPage):
    """KPI names to nodes, units, rows left out (module notes)."""

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(
            "Match the KPIs",
            "Each KPI in the file and the node its values go to. Ticked rows are imported. "
            "Check the suggestions, click a node to change it, and leave out or create "
            "what is not in the tree yet.", parent)
        self.state = state
        self.model = MappingModel(state, self)
        self.model.dataChanged.connect(lambda *_a: self._update_counts())
        self.proxy = LabelFilter(self)
        self.proxy.setSourceModel(self.model)
        self.choices = node_choices(state.nodes, self)
        self.view = QTableView()
        self.view.setObjectName("label-mapping")
        self.view.setModel(self.proxy)
        self.view.setItemDelegateForColumn(TARGET, NodePickerDelegate(self.choices, self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.CurrentChanged
                                  | QAbstractItemView.EditTrigger.SelectedClicked
                                  | QAbstractItemView.EditTrigger.DoubleClicked)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(30)
        header = self.view.horizontalHeader()
        for col, width in enumerate((240, 110, 170)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the KPIs of the file")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.counts = QLabel()
        self.counts.setObjectName("mapping-counts")
        self.skip_rest = QPushButton(icons.icon("minus"), "Leave Out Those Not Found")
        self.skip_rest.setToolTip("Leave out every KPI of the file that matches no node")
        self.skip_rest.clicked.connect(lambda: self.model.decide_all("skip"))
        self.create_rest = QPushButton(icons.icon("plus"), "Create Those Not Found")
        self.create_rest.setToolTip("Create a new measure node for every KPI of the file that "
                                    "matches no node, under the parent chosen below")
        self.create_rest.clicked.connect(lambda: self.model.decide_all("create"))
        self.only_undecided = QCheckBox("Only those to decide")
        self.only_undecided.setToolTip("Show only the KPIs that are neither matched, created nor "
                                       "left out yet")
        self.only_undecided.toggled.connect(self.proxy.set_only_undecided)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.only_undecided)
        top.addWidget(self.skip_rest)
        top.addWidget(self.create_rest)

        self.parent_picker = searchable_combo(self._parent_choices(), self)
        self.parent_picker.setObjectName("new-node-parent")
        self.parent_picker.setCurrentIndex(0)
        self.parent_picker.activated.connect(lambda _i: self._parent_chosen())
        self.scale = QComboBox()
        for value, text in SCALES:
            self.scale.addItem(text, value)
        self.scale.activated.connect(lambda _i: self.state.set_option(scale=self.scale.currentData()))
        self.percent = QComboBox()
        for value, text in PERCENTS:
            self.percent.addItem(text, value)
        self.percent.activated.connect(lambda _i: self.state.set_option(percent=self.percent.currentData()))
        options = QFormLayout()
        options.setContentsMargins(0, 0, 0, 0)
        options.addRow("New nodes go under", self.parent_picker)
        options.addRow("Values in the file are", self.scale)
        options.addRow("Percentages are written", self.percent)
        self.options_box = QWidget()
        self.options_box.setLayout(options)

        self.left_out = QListWidget()
        self.left_out.setObjectName("rows-left-out")
        self.left_out.setAlternatingRowColors(True)
        self.left_out.setWordWrap(True)
        left_out_box = QWidget()
        left_column = QVBoxLayout(left_out_box)
        left_column.setContentsMargins(0, 0, 0, 0)
        self.left_out_title = QLabel()
        font = self.left_out_title.font()
        font.setBold(True)
        self.left_out_title.setFont(font)
        left_column.addWidget(self.left_out_title)
        left_column.addWidget(self.left_out, 1)

        table_box = QWidget()
        table_column = QVBoxLayout(table_box)
        table_column.setContentsMargins(0, 0, 0, 0)
        table_column.addLayout(top)
        table_column.addWidget(self.view, 1)
        table_column.addWidget(self.counts)
        options_heading = QLabel("Units and new nodes")
        options_heading.setFont(font)
        options_column = QVBoxLayout()
        options_column.addWidget(options_heading)
        options_column.addWidget(self.options_box)
        options_column.addStretch(1)
        bottom = QHBoxLayout()
        bottom.setSpacing(20)
        bottom.addLayout(options_column, 1)
        bottom.addWidget(left_out_box, 1)
        bottom_box = QWidget()
        bottom_box.setLayout(bottom)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(table_box)
        split.addWidget(bottom_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.body.addWidget(split, 1)

    def _parent_choices(self):  # noqa: ANN202 - a QStandardItemModel
        from PySide6.QtGui import QStandardItem, QStandardItemModel

        model = QStandardItemModel(self)
        top = QStandardItem("Top level (no parent)")
        top.setData(TOP_LEVEL, Qt.ItemDataRole.UserRole)
        model.appendRow(top)
        for node in sorted(self.state.nodes, key=lambda n: n.code.casefold()):
            item = QStandardItem(node_text(node))
            item.setData(node.code, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        return model

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.model.reload()
        self.left_out.clear()
        self.left_out_title.setText("")
        state = self.state
        self.start(state.read, lambda _t: self._read(), "Reading the KPIs of the file…")

    def _read(self) -> None:
        state = self.state
        table, spec = state.table, state.spec
        assert table is not None and spec is not None
        self.model.reload()
        if not table.ok:
            self.error.show_message("\n".join(str(p) for p in table.problems))
        elif not table.labels:
            self.error.show_message("No KPI with values was found under the header row; go back "
                                    "and check the header row, the layout and the columns.")
        self.scale.setCurrentIndex(max(0, self.scale.findData(spec.scale)))
        self.percent.setCurrentIndex(max(0, self.percent.findData(spec.percent)))
        index = self.parent_picker.findData(spec.new_parent or TOP_LEVEL, Qt.ItemDataRole.UserRole)
        self.parent_picker.setCurrentIndex(max(0, index))
        muted = icons.icon("minus", theme.current().muted_ink)
        for skip in table.skipped:
            self.left_out.addItem(str(skip))
            self.left_out.item(self.left_out.count() - 1).setIcon(muted)
        self.left_out_title.setText(f"Rows and cells left out ({len(table.skipped):,})"
                                    if table.skipped else "Rows and cells left out: none")
        self._update_counts()

    def _parent_chosen(self) -> None:
        choice = combo_data(self.parent_picker)
        if choice is not None:
            self.state.set_option(new_parent=None if choice == TOP_LEVEL else choice)

    def set_new_parent(self, code: str | None) -> None:
        """Create new nodes under ``code`` (None: at the top level)."""
        index = self.parent_picker.findData(code or TOP_LEVEL, Qt.ItemDataRole.UserRole)
        self.parent_picker.setCurrentIndex(index)
        self._parent_chosen()

    def set_scale(self, scale: float) -> None:
        self.scale.setCurrentIndex(self.scale.findData(scale))
        self.state.set_option(scale=scale)

    def set_percent(self, mode: str) -> None:
        self.percent.setCurrentIndex(self.percent.findData(mode))
        self.state.set_option(percent=mode)

    def _update_counts(self) -> None:
        c = self.state.counts()
        total = sum(c.values())
        parts = [f"{total:,} KPIs in the file", f"{c['map']:,} matched"]
        if c["create"]:
            parts.append(f"{c['create']:,} new")
        if c["skip"]:
            parts.append(f"{c['skip']:,} left out")
        if c["undecided"]:
            parts.append(f"{c['undecided']:,} to decide (left out unless you choose a node)")
        self.counts.setText(" · ".join(parts))
        self.skip_rest.setEnabled(c["undecided"] > 0 and not self.busy)
        self.create_rest.setEnabled(c["undecided"] > 0 and not self.busy)

    def set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self.view, self.search, self.skip_rest, self.create_rest, self.options_box):
            widget.setEnabled(enabled)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        table = self.state.table
        return not self.busy and table is not None and table.ok and bool(table.labels)
