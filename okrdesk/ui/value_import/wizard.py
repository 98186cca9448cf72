"""File → Import Values…: a wizard that imports KPI values from any spreadsheet.

Four pages, each showing what okrdesk found and letting the user correct it:
the file and sheet (``FilePage``), the table in it (``LayoutPage``), the KPIs
matched to nodes (``MappingPage``) and what will change (``PreviewPage``). The
wizard holds a ``WizardState``; all reading, detection, matching and planning is
the Qt-free core's. Finish (*Apply Import*) emits ``apply_requested(plan,
profile_name)``: the owner (``ValueImportActions``) applies the plan as one undo
step and calls ``finish_applied()`` or ``apply_failed(message)``.

Opened with ``open()`` (window-modal, no nested event loop) so tests drive it;
a wizard opened from a profile (to fix a mapping that no longer matches) starts
from that profile's choices and may save over it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard

from okrdesk.excel.foreign import ImportSpec
from okrdesk.ui import icons, theme
from okrdesk.ui.value_import.page_base import WizardPage
from okrdesk.ui.value_import.pages_mapping import MappingPage
from okrdesk.ui.value_import.pages_preview import PreviewPage
from okrdesk.ui.value_import.pages_layout import LayoutPage
from okrdesk.ui.value_import.pages_source import FilePage
from okrdesk.ui.value_import.state import WizardState


class ImportValuesWizard(QWizard):
    """See the module notes."""

    apply_requested = Signal(object, str)  # ValuesPlan, profile name to save ("" for none)
    again_requested = Signal(str)  # a saved profile, from the first page
    history_requested = Signal()

    def __init__(self, service: Any, *, profile_name: str = "", profile_spec: ImportSpec | None = None,
                 start_folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-values-wizard")
        self.setWindowTitle(self.tr("Import Values") if not profile_name else
                            self.tr("Import Values — profile “{name}”").format(name=profile_name))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.setMinimumSize(960, 640)
        self.resize(1200, 800)
        self.start_folder = start_folder
        self.state = WizardState(service, profile_name=profile_name, profile_spec=profile_spec)
        self.file_page = FilePage(self.state)
        self.layout_page = LayoutPage(self.state)
        self.mapping_page = MappingPage(self.state)
        self.preview_page = PreviewPage(self.state)
        muted = theme.current().muted_ink
        pages = self.pages()
        for number, page in enumerate(pages, start=1):
            page.setTitle(f'<span style="font-size:15pt; font-weight:600;">{page.title()}</span>'
                          f'&nbsp;&nbsp;&nbsp;<span style="color:{muted};">'
                          + self.tr("Step {n} of {total}").format(n=number, total=len(pages))
                          + "</span>")
            self.addPage(page)
        self.file_page.start_panel.again_requested.connect(self.again_requested)
        self.file_page.start_panel.history_requested.connect(self.history_requested)
        self.file_page.start_panel.profile_renamed.connect(self._profile_renamed)
        self.preview_page.panel.place_activated.connect(self.show_place)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Apply Import"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Back"))
        finish = self.button(QWizard.WizardButton.FinishButton)
        finish.setIcon(icons.icon("check", theme.current().accent_text))  # on the accent colour
        self.applying = False
        self.applied = False  # set once the import is written: Finish then closes

    def pages(self) -> list[WizardPage]:
        return [self.file_page, self.layout_page, self.mapping_page, self.preview_page]

    def load_file(self, path: str | Path) -> None:
        """Read ``path`` on the first page (as if chosen with Choose File…)."""
        self.file_page.load_file(path)

    def show_place(self, place: str) -> bool:
        """Go back to "Find the table" and show the cell ``place`` (``Sheet!C7``) reported
        on the last page; False (staying here) when it is not a cell of the sheet."""
        if self.applying or self.preview_page.busy or self.layout_page.model.grid is None:
            return False
        while self.currentPage() in (self.preview_page, self.mapping_page):
            self.back()
        return self.layout_page.show_place(place)

    def _profile_renamed(self, old: str, new: str) -> None:
        """A profile was renamed on the first page: the one this wizard came from follows."""
        if self.state.profile_name == old:
            self.state.profile_name = new
            self.setWindowTitle(self.tr("Import Values — profile “{name}”").format(name=new))

    # --- apply ------------------------------------------------------------------------

    def request_apply(self) -> None:
        plan = self.preview_page.plan
        if plan is None or self.applying:
            return
        self.set_applying(True)
        self.apply_requested.emit(plan, self.preview_page.chosen_profile_name())

    def set_applying(self, applying: bool) -> None:
        self.applying = applying
        page = self.preview_page
        if applying:
            page.busy_text.setText(self.tr("Importing…"))
            page.cancel_button.hide()  # one transaction: it is written whole or not at all
            page.busy_box.show()
        else:
            page.busy_box.hide()
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not applying)

    def finish_applied(self) -> None:
        """The import is written: close (the last page now lets Finish through)."""
        self.set_applying(False)
        self.applied = True
        self.accept()

    def apply_failed(self, message: str) -> None:
        """The import was refused; say why on the last page (nothing was written)."""
        self.set_applying(False)
        self.preview_page.error.show_message(message)

    # --- closing ----------------------------------------------------------------------

    def reject(self) -> None:  # noqa: D102 - Escape and Cancel; ignored while the import is written
        if not self.applying:
            super().reject()

    def done(self, result: int) -> None:  # noqa: D102 - stop background steps before closing
        for page in self.pages():
            page.abandon()
        super().done(result)

    def discard(self) -> None:
        """Close even while applying (the window is closing)."""
        self.applying = False
        self.reject()
