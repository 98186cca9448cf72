"""Which Outline columns fit: Name keeps a readable width, lower-priority columns give way.

When the Outline is too narrow for every column, Owner is hidden first, then
Kind, then Trend, then Target; they come back when there is room again. The header's context
menu lets the user pin any column shown or hidden (Code and Name always stay),
and remembers that choice in the settings.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTreeView

from okrdesk.ui.kpi_tree.outline_model import HEADERS, Column
from okrdesk.ui.settings import app_settings

NAME_MIN_WIDTH = 180
CODE_MIN_WIDTH = 120  # Code gives up width (codes elide) before Name does
#: Hidden first to last when the Outline is narrow (the details panel shows them all).
AUTO_HIDE_ORDER = (Column.OWNER, Column.KIND, Column.TREND, Column.TARGET)
ALWAYS_SHOWN = (Column.CODE, Column.NAME)
SETTINGS_KEY = "kpi_tree/pinned_columns"


def code_width(available: int, widths: Mapping[Column, int], shown: set[Column], name_min: int = NAME_MIN_WIDTH) -> int:
    """Code's width: as wide as its codes want, narrower (down to ``CODE_MIN_WIDTH``)
    when Name would otherwise get less than ``name_min``."""
    wanted = widths.get(Column.CODE, CODE_MIN_WIDTH)
    others = sum(widths.get(c, 0) for c in shown if c not in (Column.NAME, Column.CODE))
    room = available - name_min - others
    return max(min(wanted, CODE_MIN_WIDTH), min(wanted, room))


def columns_to_show(
    available: int,
    widths: Mapping[Column, int],
    pinned: Mapping[Column, bool],
    name_min: int = NAME_MIN_WIDTH,
) -> set[Column]:
    """The columns to show in ``available`` pixels.

    ``widths``: each column's width when shown (Name excluded: it takes the rest);
    ``pinned``: columns the user chose to always show (True) or hide (False).
    Automatic columns are dropped in ``AUTO_HIDE_ORDER`` until Name gets ``name_min``
    (after that, Code gives up width: see ``code_width``).
    """
    shown = {c for c in Column if pinned.get(c, True) or c in ALWAYS_SHOWN}

    def needed() -> int:
        return name_min + sum(widths.get(c, 0) for c in shown if c != Column.NAME)

    for column in AUTO_HIDE_ORDER:
        if needed() <= available:
            break
        if column in shown and column not in pinned:
            shown.discard(column)
    return shown


class ColumnFitter(QObject):
    """Keeps the Outline's columns fitted to its width (see the module docstring)."""

    def __init__(self, tree: QTreeView, widths: Mapping[Column, int], *, persist: bool = True) -> None:
        super().__init__(tree)
        self.tree = tree
        self.widths: dict[Column, int] = dict(widths)
        self.persist = persist
        self.pinned: dict[Column, bool] = self._load_pins() if persist else {}
        self._fitting = False
        header = tree.header()
        header.sectionResized.connect(self._section_resized)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        tree.viewport().installEventFilter(self)

    # Public ----------------------------------------------------------------------------

    def set_width(self, column: Column, width: int) -> None:
        """Use ``width`` for ``column`` from now on (e.g. Code fitted to its codes)."""
        self.widths[column] = width
        if not self.tree.header().isSectionHidden(column):
            self.tree.header().resizeSection(column, width)
        self.fit()

    def visible_columns(self) -> list[Column]:
        """The columns shown now, left to right."""
        header = self.tree.header()
        return [c for c in Column if not header.isSectionHidden(c)]

    def pin(self, column: Column, shown: bool | None) -> None:
        """Always show (True) or hide (False) ``column``; None: show it when it fits."""
        if column in ALWAYS_SHOWN:
            raise ValueError(f"The {HEADERS[column]} column is always shown.")
        if shown is None:
            self.pinned.pop(column, None)
        else:
            self.pinned[column] = shown
        self._save_pins()
        self.fit()

    def unpin_all(self) -> None:
        """Let every column come and go with the width again."""
        self.pinned.clear()
        self._save_pins()
        self.fit()

    def fit(self) -> None:
        """Show the columns that fit the Outline's current width."""
        if self._fitting:
            return
        self._fitting = True
        try:
            header = self.tree.header()
            available = self.tree.viewport().width()
            shown = columns_to_show(available, self.widths, self.pinned)
            for column in Column:
                hide = column not in shown
                if header.isSectionHidden(column) != hide:
                    header.setSectionHidden(column, hide)
                    if not hide and column != Column.NAME:
                        header.resizeSection(column, self.widths[column])
            code = code_width(available, self.widths, shown)
            if header.sectionSize(Column.CODE) != code:
                header.resizeSection(Column.CODE, code)
            others = code + sum(self.widths[c] for c in shown if c not in (Column.NAME, Column.CODE))
            if others + NAME_MIN_WIDTH > available:
                # Still too narrow: Name keeps its minimum and the Outline scrolls sideways.
                header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(Column.NAME, NAME_MIN_WIDTH)
            else:
                header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        finally:
            self._fitting = False

    # Qt --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Refit when the Outline's viewport changes width."""
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    # Internals -------------------------------------------------------------------------

    def _section_resized(self, index: int, _old: int, new: int) -> None:
        column = Column(index)
        if not self._fitting and column != Column.NAME and new > 0:
            self.widths[column] = new

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.build_menu()
        menu.exec(self.tree.header().mapToGlobal(pos))

    def build_menu(self) -> QMenu:
        """The header's context menu: a check per column, and "fit automatically"."""
        menu = QMenu(self.tree)
        header = self.tree.header()
        for column in Column:
            if column in ALWAYS_SHOWN:
                continue
            action = QAction(HEADERS[column], menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.pin(c, on))
            menu.addAction(action)
        menu.addSeparator()
        auto = menu.addAction("Fit columns to the width")
        auto.setToolTip("Hide Owner, Kind, Trend and Target automatically when the outline is narrow")
        auto.setEnabled(bool(self.pinned))
        auto.triggered.connect(self.unpin_all)
        return menu

    def _load_pins(self) -> dict[Column, bool]:
        raw = app_settings().value(SETTINGS_KEY, "")
        pins: dict[Column, bool] = {}
        for part in str(raw or "").split(","):
            name, _, value = part.partition("=")
            if name in Column.__members__ and Column[name] not in ALWAYS_SHOWN and value in ("1", "0"):
                pins[Column[name]] = value == "1"
        return pins

    def _save_pins(self) -> None:
        if self.persist:
            app_settings().setValue(SETTINGS_KEY, ",".join(f"{c.name}={int(v)}" for c, v in self.pinned.items()))
