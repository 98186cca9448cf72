"""The Canvas inside the KPI Tree view: an "Outline | Canvas" switch, one tree,
one selection, one details panel.

``CanvasMode.attach(view)`` puts a segmented switch above the view, swaps the
Outline's place in the splitter for a stack of Outline and Canvas, and keeps
both views on the same ``SelectionSync``. The view calls ``tree_changed(tree)``
whenever it shows another tree; the canvas builds its scene only while it is
on screen (a firm-size scene takes a few hundred milliseconds).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QStackedWidget, QToolButton, QWidget

from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui import icons, theme
from okrdesk.ui.kpi_tree.canvas.canvas_actions import CanvasActions
from okrdesk.ui.kpi_tree.canvas.selection import SelectionSync
from okrdesk.ui.kpi_tree.canvas.widget import KpiCanvas
from okrdesk.ui.settings import app_settings

MODE_SETTING = "kpi_tree/mode"
OUTLINE, CANVAS = "outline", "canvas"


class CanvasMode(QObject):
    """Switches the KPI Tree view between its Outline and its Canvas."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.selection = SelectionSync(self)
        self.canvas = KpiCanvas(selection=self.selection)
        self.canvas.set_context(view.ctx)
        self._pending: TreeReadModel | None = None
        self._applying = False
        #: The tree the canvas draws for the view's tree (what-if mode draws its what-if tree).
        self.shown_tree: Callable[[TreeReadModel], TreeReadModel] = lambda tree: tree
        self.switch, self.buttons = self._switch()
        self.modes = QStackedWidget()
        splitter = view.splitter
        index = splitter.indexOf(view.tree_view)
        splitter.replaceWidget(index, self.modes)
        self.modes.addWidget(view.tree_view)
        self.modes.addWidget(self.canvas)
        view.layout().insertWidget(0, self.switch)
        view.tree_view.selectionModel().selectionChanged.connect(self._outline_selected)
        self.selection.changed.connect(self._selection_changed)
        self.actions = CanvasActions(self.canvas, view)  # context menu, influence-link mode
        wanted = app_settings().value(MODE_SETTING, OUTLINE)
        self.set_mode(CANVAS if wanted == CANVAS else OUTLINE, remember=False)

    @classmethod
    def attach(cls, view) -> CanvasMode:
        """Add the Canvas to ``view`` (a KpiTreeView after its widgets are built)."""
        return cls(view)

    def _switch(self) -> tuple[QWidget, dict[str, QToolButton]]:
        c = theme.current()
        bar = QWidget()
        bar.setObjectName("KpiModeBar")
        bar.setStyleSheet(
            f"QWidget#KpiModeBar {{ background: {c.surface}; border-bottom: 1px solid {c.border}; }}"
            f"QToolButton[segment=\"true\"] {{ border: 1px solid {c.border_strong}; padding: 4px 16px;"
            f" background: {c.surface}; color: {c.muted_ink}; font-weight: 600; }}"
            f"QToolButton[segment=\"true\"]:checked {{ background: {c.accent}; color: {c.accent_text};"
            f" border-color: {c.accent}; }}"
            f"QToolButton#SegmentOutline {{ border-top-left-radius: 7px; border-bottom-left-radius: 7px; }}"
            f"QToolButton#SegmentCanvas {{ border-top-right-radius: 7px; border-bottom-right-radius: 7px;"
            f" border-left: none; }}"
        )
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(0)
        group = QButtonGroup(bar)
        group.setExclusive(True)
        buttons = {}
        for key, text, tip in ((OUTLINE, "Outline", "The tree as rows with columns"),
                               (CANVAS, "Canvas", "The tree as boxes and connectors")):
            button = QToolButton()
            button.setObjectName(f"Segment{text}")
            button.setProperty("segment", True)
            button.setText(text)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setAccessibleName(f"Show the {text}")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, k=key: self.set_mode(k))
            group.addButton(button)
            row.addWidget(button)
            buttons[key] = button
        row.addStretch(1)
        details = QToolButton()
        details.setObjectName("ModeBarDetails")
        details.setIcon(icons.icon("info"))
        details.setCheckable(True)
        details.setAutoRaise(True)
        details.setToolTip("Show or hide the details of the selected node")
        details.setAccessibleName("Details panel")
        details.setChecked(self.view.details_toggle.isChecked())
        details.toggled.connect(self.view.details_toggle.setChecked)
        self.view.details_toggle.toggled.connect(details.setChecked)
        row.addWidget(details)
        return bar, buttons

    # ------------------------------------------------------------------ mode

    def mode(self) -> str:
        """OUTLINE or CANVAS."""
        return CANVAS if self.modes.currentWidget() is self.canvas else OUTLINE

    def set_mode(self, mode: str, *, remember: bool = True) -> None:
        """Show the Outline or the Canvas (remembered for next time)."""
        if mode not in (OUTLINE, CANVAS):
            raise ValueError(f"Unknown KPI tree mode {mode!r}; use 'outline' or 'canvas'.")
        self.buttons[mode].setChecked(True)
        self.modes.setCurrentWidget(self.canvas if mode == CANVAS else self.view.tree_view)
        if mode == CANVAS:
            self._bring_canvas_up_to_date()
            self.canvas.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if remember:
            app_settings().setValue(MODE_SETTING, mode)

    def show_canvas(self) -> KpiCanvas:
        """Switch to the Canvas and return it."""
        self.set_mode(CANVAS)
        return self.canvas

    def show_for_render(self) -> None:
        """Show the Canvas fitted to the window, without remembering the choice
        (``okrdesk render WS kpi-canvas OUT.png``)."""
        self.set_mode(CANVAS, remember=False)
        self.canvas.scene.select_ids((), notify=False)  # a picture without a selection halo
        self.canvas.fit()

    # ------------------------------------------------------------------ tree

    def tree_changed(self, tree: TreeReadModel | None) -> None:
        """The view shows ``tree`` now: the canvas follows (at once when on screen)."""
        self._pending = tree
        if self.mode() == CANVAS:
            self._bring_canvas_up_to_date()

    def _bring_canvas_up_to_date(self) -> None:
        tree = self._pending if self._pending is not None else self.view.read_model
        if tree is not None:
            tree = self.shown_tree(tree)
        if tree is not None and tree is not self.canvas.scene.tree:
            self._pending = None
            self.canvas.set_tree(tree)
            current = self.view.selected_node_ids() if hasattr(self.view, "selected_node_ids") else []
            if current:
                self.selection.set(current, source=self.view)

    # ------------------------------------------------------------------ selection

    def _outline_selected(self, *_args) -> None:
        if self._applying:
            return
        ids = (self.view.selected_node_ids() if hasattr(self.view, "selected_node_ids")
               else [i for i in [self.view.selected_node_id()] if i is not None])
        self.selection.set(ids, source=self.view)

    def _selection_changed(self, ids: tuple[int, ...], source: object) -> None:
        if source is self.view or not ids:
            return
        self._applying = True
        try:
            self.view.select_node(ids[-1])  # the Outline follows, and the details panel with it
        finally:
            self._applying = False
