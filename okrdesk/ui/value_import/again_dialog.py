"""Import Values Again ▸ profile: next month's file, straight to what will change.

The plan was made strictly with the profile (``plan_with_profile``): a KPI the
profile does not know (a new or renamed one), a node that is gone, or a column
or header row that moved is a problem with its ``Sheet!Cell`` and blocks Apply;
nothing is guessed. *Fix Mapping…* opens the full wizard on the same file with
the profile's choices (``fix_requested``), where the new names are matched and
the profile saved again. A click on a reported place (``Sheet!Cell``) shows the
sheet around it in a ``PlaceViewer``. *Apply Import* emits ``apply_requested``; the owner
applies the plan (one undo step) and calls ``finish_applied()`` or
``apply_failed(message)``. Opened with ``open()``; tests drive it directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from okrdesk.excel.foreign import ValuesPlan
from okrdesk.ui import icons, theme
from okrdesk.ui.value_import.page_base import MessageLine
from okrdesk.ui.value_import.place_viewer import PlaceViewer
from okrdesk.ui.value_import.plan_panel import PlanPanel


class ImportAgainDialog(QDialog):
    """See the module notes."""

    apply_requested = Signal(object, str)  # ValuesPlan, profile name
    fix_requested = Signal()

    def __init__(self, plan: ValuesPlan, nodes: list[Any], parent: QWidget | None = None, *,
                 source: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-again")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(self.tr("Import Values Again"))
        self.setMinimumSize(820, 520)
        self.resize(1040, 680)
        self.plan = plan
        self.applying = False
        self.heading = QLabel(self.tr("Import “{file}” with the profile “{profile}”").format(
            file=plan.file_name, profile=plan.profile_name))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.panel = PlanPanel()
        self.panel.set_plan(plan, nodes)
        self.source = source  # the file planned, for showing a reported place
        self.viewer: PlaceViewer | None = None
        self.panel.place_activated.connect(self.show_place)
        self.blocker = MessageLine()
        self.note = QLabel(self.tr("Applied in one go: all of it or nothing. Edit → Undo takes the "
                                   "whole import back."))
        self.note.setObjectName("Muted")
        self.fix_button = QPushButton(icons.icon("pencil", theme.current().accent_text
                                                 if not plan.ok else None), self.tr("Fix Mapping…"))
        self.fix_button.setToolTip(self.tr("Open the import wizard on this file with the profile's "
                                           "choices, to match new or renamed KPIs"))
        self.fix_button.clicked.connect(self._fix)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.apply_button = QPushButton(icons.icon("check", theme.current().accent_text),
                                        self.tr("Apply Import"))
        self.apply_button.clicked.connect(self.request_apply)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fix_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.apply_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 18, 20, 16)
        column.setSpacing(10)
        column.addWidget(self.heading)
        column.addWidget(self.panel, 1)
        column.addWidget(self.blocker)
        column.addWidget(self.note)
        column.addLayout(buttons)
        self._update()

    def blocking_reason(self) -> str:
        """Why Apply is off ("" when it is on)."""
        if not self.plan.ok:
            n = len(self.plan.problems)
            return self.tr("{n} place(s) in the file no longer match the profile (listed above "
                           "with their cells). Nothing is guessed: click Fix Mapping… to match "
                           "them in the wizard and save the profile again.").format(n=n)
        return ""

    def _update(self) -> None:
        reason = self.blocking_reason()
        self.blocker.show_message(reason, "error")
        enabled = not reason and not self.applying
        self.apply_button.setEnabled(enabled)
        self.apply_button.setDefault(enabled)
        self.fix_button.setDefault(bool(reason))
        self.fix_button.setEnabled(not self.applying)
        self.cancel_button.setEnabled(not self.applying)

    def request_apply(self) -> None:
        if self.blocking_reason() or self.applying:
            return
        self.applying = True
        self._update()
        self.apply_requested.emit(self.plan, self.plan.profile_name)

    def show_place(self, place: str) -> PlaceViewer | None:
        """Show the sheet around ``place`` (one viewer, reused for the next place)."""
        if self.source is None:
            return None
        if self.viewer is not None:
            self.viewer.show_place(place)
            self.viewer.raise_()
            return self.viewer
        viewer = PlaceViewer(self.source, self.plan.spec, place, self)
        self.viewer = viewer
        viewer.finished.connect(lambda _r: self._viewer_closed(viewer))
        viewer.show()
        return viewer

    def _viewer_closed(self, viewer: PlaceViewer) -> None:
        if self.viewer is viewer:
            self.viewer = None
        viewer.deleteLater()

    def _fix(self) -> None:
        self.fix_requested.emit()
        self.reject()

    def finish_applied(self) -> None:
        self.applying = False
        self.accept()

    def apply_failed(self, message: str) -> None:
        self.applying = False
        self._update()
        self.blocker.show_message(message, "error")

    def reject(self) -> None:  # noqa: D102 - ignored while the import is written
        if not self.applying:
            super().reject()

    def done(self, result: int) -> None:  # noqa: D102 - the viewer goes with the dialog
        if self.viewer is not None:
            self.viewer.reject()
        super().done(result)

    def discard(self) -> None:
        self.applying = False
        self.reject()
