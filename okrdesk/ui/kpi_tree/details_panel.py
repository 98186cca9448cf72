"""The read-only details of the selected KPI node, beside the Outline.

Shows every field of a node (PRODUCT.md §2) in calm sections: the headline
value and status, the definition, the target and thresholds, ownership, the
formula with its children, and influence links. Editing arrives with the node
editor; this panel has no buttons.
"""

from __future__ import annotations

import math
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Category, Direction, FormulaKind, Status
from okrdesk.domain.status import default_thresholds
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel
from okrdesk.ui import theme
from okrdesk.ui.fonts import body_font, number_font, title_font
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.kpi_tree.node_text import formula_text, problem_text
from okrdesk.ui.widgets.status_badge import StatusBadge

PANEL_WIDTH = 300


def _label(text: str = "", *, muted: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        label.setObjectName("Muted")
    return label


class DetailsPanel(QScrollArea):
    """Every field of one node, read-only; ``show_row(None)`` shows a hint instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KpiDetails")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(300)  # the editor and the children table need ~250 px inside
        self._fields: dict[str, QLabel] = {}
        #: The node editor shown instead of the read-only sections (None: read-only).
        self.editor: QWidget | None = None
        self.people: list[tuple[str, int]] = []
        self.teams: list[tuple[str, int]] = []
        self._restyle()
        self.show_row(None, None)

    def _restyle(self) -> None:
        c = theme.current()
        self.setStyleSheet(
            f"QScrollArea#KpiDetails {{ background: {c.surface}; border: none;"
            f" border-left: 1px solid {c.border}; }}"
            f"QWidget#KpiDetailsBody {{ background: {c.surface}; }}"
            f"QLabel#SectionTitle {{ color: {c.muted_ink}; padding-top: 14px; }}"
            f"QLabel#FieldName {{ color: {c.muted_ink}; }}"
            f"QFrame#Warning {{ background: {c.status_tints[Status.AMBER]}; border-radius: 6px; }}"
        )

    def field_text(self, name: str) -> str:
        """Text of field ``name`` as shown (tests and accessibility)."""
        label = self._fields.get(name)
        if label is None and self.editor is not None:
            widget = self.editor.fields.get({"owner": "owner_id", "team": "team_id"}.get(name, name))
            if widget is not None:
                return widget.currentText() if hasattr(widget, "currentText") else widget.text()
        return label.text() if label is not None else ""

    # ------------------------------------------------------------------ content

    def _clear(self) -> None:
        """Start from a fresh body widget (the scroll area deletes the old one at once)."""
        self._fields = {}
        if self.editor is not None:
            self.editor.setParent(None)  # kept: the old body is deleted with setWidget
        self._body = QWidget()
        self._body.setObjectName("KpiDetailsBody")
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(16, 20, 16, 24)
        self._layout.setSpacing(6)
        self.setWidget(self._body)

    def show_row(self, row: NodeRow | None, tree: TreeReadModel | None) -> None:
        """Show ``row`` (None: a sentence asking to select a node)."""
        self._clear()
        if row is None or tree is None:
            hint = _label("Select a node in the tree to see its definition, target, formula and links.", muted=True)
            self._layout.addWidget(hint)
            self._layout.addStretch(1)
            return
        node = row.node
        c = theme.current()

        code = _label(f"{node.code}  ·  {fmt.KIND_WORDS[node.kind]}", muted=True)
        code.setFont(body_font(9.5))
        self._fields["code"] = code
        badge = StatusBadge(row.status)
        self._fields["status"] = _label(badge.text())
        top = QHBoxLayout()
        top.addWidget(code, 1)
        top.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        name = _label(node.name)
        name.setFont(title_font(1))
        self._fields["name"] = name
        self._layout.addLayout(top)
        self._layout.addWidget(name)

        headline = QHBoxLayout()
        headline.setSpacing(12)
        value = _label(fmt.format_value(row.value, node.unit), wrap=False)
        value.setFont(number_font(20.0, bold=True))
        self._fields["value"] = value
        headline.addWidget(value, 0, Qt.AlignmentFlag.AlignBottom)
        change = _label(fmt.format_change(row.change), wrap=False)
        change.setFont(number_font(11.0))
        good = fmt.change_tone(row)
        colour = c.muted_ink if good is None else c.status[Status.GREEN if good else Status.RED]
        change.setStyleSheet(f"color: {colour};")
        self._fields["change"] = change
        headline.addStretch(1)
        self._layout.addSpacing(6)
        self._layout.addLayout(headline)
        # The change goes under the value: both on one line are wider than the panel for
        # large values, and the panel never scrolls sideways.
        self._layout.addWidget(change)
        as_of = f"Bucket of {row.bucket:%B %Y}" if row.bucket is not None else "No value yet"
        if row.bucket is not None and tree.grain.value == "week":
            as_of = f"Week of {row.bucket:%d %B %Y}"
        if row.previous is not None:
            as_of += f"  ·  before: {fmt.format_value(row.previous, node.unit)}"
        self._layout.addWidget(_label(as_of, muted=True))

        problem = problem_text(row)
        if problem:
            self._layout.addSpacing(8)
            self._layout.addWidget(self._warning(problem, row, tree))

        if self.editor is not None:
            self._layout.addWidget(self.editor)
            self.editor.show_node(row, tree, self.people, self.teams)
            self.editor.show()
            self._section("Children")
            self._formula_rows(self._form(), node, tree, equation=FormulaKind(node.formula) != FormulaKind.NONE)
            self._layout.addStretch(1)
            return

        self._section("Definition")
        form = self._form()
        self._row(form, "description", "Description", node.description or "No description yet.")
        self._row(form, "unit", "Unit", node.unit or "None")
        self._row(form, "direction", "Direction", fmt.DIRECTION_WORDS[Direction(node.direction)])
        self._row(form, "aggregation", "Time aggregation", fmt.AGGREGATION_WORDS[node.aggregation])
        self._row(form, "frequency", "Reporting", fmt.FREQUENCY_WORDS[node.frequency])
        self._row(form, "leading", "Indicator", "Leading" if node.leading else "Lagging")
        self._row(form, "category", "Category",
                  "Strategic metric" if node.category == Category.STRATEGIC else "Health metric")

        self._section("Target")
        form = self._form()
        self._row(form, "target", "Target",
                  fmt.format_value(node.target, node.unit) if node.target is not None else "No target set")
        green, red = _thresholds_text(row)
        self._row(form, "green_from", "Green from", green)
        self._row(form, "red_from", "Red from", red)

        self._section("Ownership")
        form = self._form()
        self._row(form, "owner", "Owner", row.owner_name or "Nobody yet")
        self._row(form, "team", "Team", row.team_name or "No team")

        self._section("Formula")
        form = self._form()
        kind = FormulaKind(node.formula)
        self._row(form, "formula", "Computed as", fmt.FORMULA_WORDS[kind])
        self._formula_rows(form, node, tree, equation=kind != FormulaKind.NONE)

        self._section("Influence links")
        form = self._form()
        drivers = tree.drivers(node.id)
        influenced = tree.influenced(node.id)
        self._row(form, "drivers", "Driven by", _links_text(drivers) or "No drivers linked")
        self._row(form, "influences", "Influences", _links_text(influenced) or "Nothing linked")
        self._layout.addStretch(1)

    # ------------------------------------------------------------------ pieces

    def _formula_rows(self, form: QFormLayout, node, tree: TreeReadModel, *, equation: bool) -> None:
        """The equation (for formula nodes) and a small table of the children's values."""
        if equation:
            text = _label(formula_text(node, tree))
            text.setFont(number_font(10.0))
            self._fields["equation"] = text
            form.addRow(self._name("Equation"), text)
        children = tree.children(node.id)
        if children:
            form.addRow(self._name(f"Children ({len(children)})"))
            table = _label(_children_html(children, theme.current().muted_ink))
            table.setTextFormat(Qt.TextFormat.RichText)
            self._fields["children"] = table
            form.addRow(table)
        else:
            self._row(form, "children", "Children", "None")

    def _section(self, title: str) -> None:
        label = QLabel(title.upper())
        label.setObjectName("SectionTitle")
        font = title_font(3)
        font.setLetterSpacing(font.SpacingType.PercentageSpacing, 108)
        label.setFont(font)
        self._layout.addWidget(label)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet(f"color: {theme.current().border};")
        self._layout.addWidget(line)

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(7)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout.addLayout(form)
        return form

    def _name(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("FieldName")
        label.setMinimumWidth(110)
        return label

    def _row(self, form: QFormLayout, key: str, name: str, text: str) -> None:
        value = _label(text)
        value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._fields[key] = value
        form.addRow(self._name(name), value)

    def _warning(self, problem: str, row: NodeRow, tree: TreeReadModel) -> QFrame:
        frame = QFrame()
        frame.setObjectName("Warning")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(12, 10, 12, 10)
        text = problem
        found = tree.mismatches(row.node.id)
        if found and not row.error:
            last = found[-1]
            unit = row.node.unit
            text += (f"\nLatest: {last.bucket:%B %Y} — formula {fmt.format_value(last.computed, unit)}, "
                     f"measured {fmt.format_value(last.measured, unit)}"
                     + (f" ({len(found)} buckets differ)" if len(found) > 1 else ""))
        label = _label(f"⚠  {text}")
        label.setStyleSheet(f"color: {theme.current().ink};")
        self._fields["problem"] = label
        layout.addWidget(label)
        return frame


def _thresholds_text(row: NodeRow) -> tuple[str, str]:
    node = row.node
    if node.target is None or not math.isfinite(node.target):
        return "Set a target first", "Set a target first"
    default_green, default_red = default_thresholds(node.target, Direction(node.direction))
    band = node.direction == Direction.BAND

    def show(value: float | None, default: float) -> str:
        text = fmt.format_value(default if value is None else value, node.unit)
        if band:
            text = f"within ± {text} of the target"
        return f"{text} (default)" if value is None else text

    return show(node.green_from, default_green), show(node.red_from, default_red)


def _children_html(children: list[NodeRow], muted: str, limit: int = 12) -> str:
    """A small table of child code, name and value (rich text for a QLabel)."""
    cells = []
    for child in children[:limit]:
        value = fmt.format_value(child.value, child.node.unit)
        cells.append(
            f"<tr><td style='color:{muted}; padding-right:8px'>{escape(child.node.code)}</td>"
            f"<td style='padding-right:8px'>{escape(_shorten(child.node.name, 26))}</td>"
            f"<td align='right' style='white-space:nowrap'>{escape(value)}</td></tr>"
        )
    more = f"<tr><td colspan='3' style='color:{muted}'>… and {len(children) - limit} more</td></tr>" if len(children) > limit else ""
    return f"<table cellspacing='0' cellpadding='1' width='100%'>{''.join(cells)}{more}</table>"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _links_text(links: list[tuple[NodeRow, str]]) -> str:
    return "\n".join(f"{row.node.code}  {row.node.name}" + (f"  — {note}" if note else "") for row, note in links)


__all__ = ["DetailsPanel", "PANEL_WIDTH"]
