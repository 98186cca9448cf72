"""The values import's finishing touches, driven as a user does on real files made here:
renaming a saved profile (Import History… and the wizard's first page) with its name
checked; a reported ``Sheet!Cell`` clicked on the last page or in Import Again showing
that cell in the sheet; a long read cancelled from the busy bar."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWizard

from okrdesk.excel.foreign import Grid, ProfileError, load_profile, profile_names, save_profile
from okrdesk.ui.main_window import MainWindow
from okrdesk.ui.value_import import page_base
from okrdesk.ui.value_import.mapping_model import TARGET
from okrdesk.ui.value_import.plan_panel import PLACE_COLUMN, PlaceRole
from tests.gui.shell_views import SPECS
from tests.gui.value_import_support import (
    finance_workspace,
    next_page,
    open_wizard,
    pl_export,
    save_pl_profile,
)


@pytest.fixture
def window(themed_app, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"message box: {box.text()}"))
    w = MainWindow(specs=SPECS, today=dt.date(2027, 4, 15))
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(finance_workspace(tmp_path / "finance.okrdesk"))
    save_pl_profile(w.workspace.service, tmp_path)
    yield w
    w.close()
    qtbot.waitUntil(lambda: not page_base._ORPHANS, timeout=10_000)


def again_menu(window) -> list[str]:  # noqa: ANN001
    """File → Import Values Again ▸ as it opens."""
    menu = window.file_actions.import_values_again
    window.file_actions.values.fill_again_menu(menu)
    return [a.text() for a in menu.actions()]


def open_history(window, qtbot):  # noqa: ANN001, ANN201
    actions = window.file_actions.values
    with qtbot.waitSignal(actions.history_shown, timeout=5_000) as shown:
        window.file_actions.import_history.trigger()
    return shown.args[0]


# --- renaming a profile -------------------------------------------------------------------


def test_history_renames_a_profile_and_checks_the_name(window, qtbot):
    service = window.workspace.service
    save_profile(service, "Weekly CRM", load_profile(service, "Monthly P&L"))
    history = open_history(window, qtbot)
    history.profiles.setCurrentRow(0)
    assert history.current_profile() == "Monthly P&L" and history.rename_button.isEnabled()
    dialog = history.rename_current()
    assert dialog.isVisible() and dialog.name_edit.text() == "Monthly P&L"
    assert not dialog.rename_button.isEnabled()  # the same name: nothing to rename

    dialog.name_edit.setText("   ")
    assert not dialog.rename_button.isEnabled()
    assert dialog.problem.message() == "Give the profile a name, such as “Monthly P&L”."
    dialog.name_edit.setText("x" * 201)
    assert dialog.problem.message() == "The name is 201 characters long; keep it to 200."
    assert not dialog.rename_button.isEnabled()
    dialog.name_edit.setText("Weekly CRM")
    assert dialog.problem.message() == "A profile named “Weekly CRM” already exists; choose another name."
    assert not dialog.rename_button.isEnabled()
    dialog.rename_button.click()  # refused: nothing changes
    assert profile_names(service) == ["Monthly P&L", "Weekly CRM"]

    dialog.name_edit.setText("  Finance P&L, monthly ")
    assert dialog.problem.message() == "" and dialog.rename_button.isEnabled()
    dialog.rename_button.click()
    assert not dialog.isVisible()
    assert profile_names(service) == ["Finance P&L, monthly", "Weekly CRM"]
    assert history.current_profile() == "Finance P&L, monthly"  # still the one selected
    assert load_profile(service, "Finance P&L, monthly").scale == 1000.0  # same choices
    with pytest.raises(ProfileError):
        load_profile(service, "Monthly P&L")
    assert again_menu(window) == ["Finance P&&L, monthly", "Weekly CRM"]


def test_a_name_taken_meanwhile_is_refused_in_the_dialog(window, qtbot):
    """The service checks again: a refusal is shown in the dialog, which stays open."""
    service = window.workspace.service
    history = open_history(window, qtbot)
    dialog = history.rename_current()
    dialog.name_edit.setText("Quarterly")
    assert dialog.rename_button.isEnabled()
    save_profile(service, "Quarterly", load_profile(service, "Monthly P&L"))  # meanwhile
    dialog.rename_button.click()
    assert dialog.isVisible()
    assert dialog.problem.message() == ("Not renamed: Import profile 'Quarterly' already exists; "
                                        "choose another name.")
    assert profile_names(service) == ["Monthly P&L", "Quarterly"]
    dialog.reject()
    assert history.current_profile() == "Monthly P&L"


def test_rename_in_a_read_only_workspace_is_off(themed_app, qtbot, tmp_path):
    from okrdesk.ui.value_import.history_dialog import ImportHistoryDialog
    from okrdesk.store.workspace import Workspace

    ws = Workspace.open(finance_workspace(tmp_path / "f.okrdesk"))
    try:
        save_pl_profile(ws.service, tmp_path)
        dialog = ImportHistoryDialog(ws.service, read_only=True)
        qtbot.addWidget(dialog)
        assert dialog.current_profile() == "Monthly P&L"
        assert not dialog.rename_button.isEnabled() and dialog.rename_current() is None
    finally:
        ws.close()


def test_wizard_first_page_renames_a_profile(window, qtbot):
    actions = window.file_actions.values
    with qtbot.waitSignal(actions.wizard_shown, timeout=10_000) as shown:
        window.file_actions.import_values.trigger()
    panel = shown.args[0].file_page.start_panel
    assert panel.rename_button.isEnabled()
    dialog = panel.rename_current()
    dialog.name_edit.setText("P&L from DATEV")
    with qtbot.waitSignal(panel.profile_renamed, timeout=5_000) as renamed:
        dialog.rename_button.click()
    assert renamed.args == ["Monthly P&L", "P&L from DATEV"]
    assert [panel.profiles.item(i).text() for i in range(panel.profiles.count())] == ["P&L from DATEV"]
    assert panel.current_profile() == "P&L from DATEV"
    assert again_menu(window) == ["P&&L from DATEV"]


# --- a reported place shows its cell ------------------------------------------------------


def click_item(view, item, qtbot) -> None:  # noqa: ANN001
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center())


def test_a_skipped_row_on_the_last_page_jumps_to_its_cell(window, qtbot, tmp_path):
    wizard = open_wizard(window, qtbot, pl_export(tmp_path / "P&L April.xlsx"))
    next_page(wizard, qtbot)
    next_page(wizard, qtbot)
    next_page(wizard, qtbot)
    panel = wizard.preview_page.panel
    counts = wizard.preview_page.plan.counts()
    skipped = panel.skipped
    totals = next(skipped.item(i) for i in range(skipped.count())
                  if skipped.item(i).text() == "P&L!A10: totals row ('Total')")
    assert totals.data(PlaceRole) == "P&L!A10"
    panel.tabs.setCurrentIndex(1)
    click_item(skipped, totals, qtbot)

    layout = wizard.layout_page
    assert wizard.currentPage() is layout
    assert layout.model.marked == (9, 0) == Grid.index_of("P&L!A10")
    assert layout.view.currentIndex().row() == 9 and layout.view.currentIndex().column() == 0
    assert layout.model.index(9, 0).data() == "Total"
    assert layout.model.index(9, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert layout.place_note.message().startswith("P&L!A10 is marked in the sheet")
    assert layout.header_row.value() == 4  # the jump chose nothing

    next_page(wizard, qtbot)  # and back to the check, with the same outcome
    next_page(wizard, qtbot)
    assert wizard.currentPage() is wizard.preview_page
    assert wizard.preview_page.plan.counts() == counts

    changes = panel.changes  # a value's "From cell" jumps too
    first = panel.changes_model.rows[0]
    index = panel.changes_model.index(0, PLACE_COLUMN)
    changes.scrollTo(index)
    qtbot.mouseClick(changes.viewport(), Qt.MouseButton.LeftButton,
                     pos=changes.visualRect(index).center())
    assert wizard.currentPage() is layout
    assert layout.model.marked == Grid.index_of(first.place)
    assert wizard.layout_page.show_place("Other sheet!B2") is False  # not this sheet
    assert wizard.layout_page.show_place("P&L!A9999") is False  # not in it


def test_a_mismatch_in_import_again_opens_the_sheet_around_it(window, qtbot, tmp_path, monkeypatch):
    april = pl_export(tmp_path / "P&L April.xlsx", months=("Feb 2027", "Mar 2027", "Apr 2027"),
                      marketing="Marketing & events")
    actions = window.file_actions.values
    menu = window.file_actions.import_values_again
    actions.fill_again_menu(menu)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(april), ""))
    with qtbot.waitSignal(actions.again_shown, timeout=20_000) as shown:
        menu.actions()[0].trigger()
    dialog = shown.args[0]
    problems = dialog.panel.problems
    item = problems.item(0)
    assert item.text().startswith("P&L!A7: 'Marketing & events' is not in the profile")
    dialog.panel.tabs.setCurrentIndex(2)
    with qtbot.waitSignal(dialog.panel.place_activated, timeout=5_000):
        click_item(problems, item, qtbot)
    viewer = dialog.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.model.grid is not None, timeout=20_000)
    assert viewer.model.marked == (6, 0)
    assert viewer.model.index(6, 0).data() == "Marketing & events"
    assert viewer.model.header_row == 4 and viewer.model.row_kind(3) == "header"
    assert "P&L!A7" in viewer.heading.text() and "P&L April.xlsx" in viewer.windowTitle()
    assert viewer.show_place("P&L!A10") and viewer.model.marked == (9, 0)  # the same viewer
    assert not viewer.show_place("P&L!Z500") and viewer.model.marked is None
    assert "is not a cell of the sheet P&L" in viewer.heading.text()
    dialog.reject()
    assert dialog.viewer is None

    with qtbot.waitSignal(actions.again_shown, timeout=20_000) as shown:  # closed while reading
        menu.actions()[0].trigger()
    dialog = shown.args[0]
    viewer = dialog.show_place("P&L!A7")
    assert viewer.model.grid is None and "Reading P&L April.xlsx" in viewer.heading.text()
    dialog.reject()  # does not wait for the read; the window's teardown joins it
    assert not dialog.isVisible() and dialog.viewer is None


# --- cancelling a long step ---------------------------------------------------------------


def test_cancel_on_the_busy_bar_stops_a_read_and_keeps_nothing(window, qtbot, tmp_path):
    first = pl_export(tmp_path / "P&L March.xlsx")
    wizard = open_wizard(window, qtbot, first)
    page = wizard.file_page
    second = pl_export(tmp_path / "P&L April.xlsx", months=("Feb 2027", "Mar 2027", "Apr 2027"))
    page.load_file(second)
    assert page.busy and page.cancel_button.isVisible() and not page.browse.isEnabled()
    page.cancel_button.click()
    assert not page.busy and not page.busy_box.isVisible()
    assert page.browse.isEnabled()
    assert page.stopped.message() == "Stopped: Reading P&L April.xlsx. Nothing was changed."
    assert page.retry_button.isVisible()
    assert page.path_edit.text() == str(first)  # what was read before stays
    assert page.isComplete() and wizard.state.path == first
    qtbot.waitUntil(lambda: not page_base._ORPHANS, timeout=10_000)  # the worker stopped
    assert wizard.state.path == first and wizard.state.grid.sheet == "P&L"

    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.retry_button.click()
    assert wizard.state.path == second and not page.stopped_box.isVisible()


def test_cancel_while_matching_leaves_the_wizard_usable(window, qtbot, tmp_path):
    wizard = open_wizard(window, qtbot, pl_export(tmp_path / "P&L April.xlsx"))
    next_page(wizard, qtbot)
    wizard.button(QWizard.WizardButton.NextButton).click()  # reading the KPIs starts
    mapping = wizard.mapping_page
    assert wizard.currentPage() is mapping and mapping.busy
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    mapping.cancel_button.click()
    assert not mapping.busy and not mapping.isComplete()
    assert mapping.stopped.message() == "Stopped: Reading the KPIs of the file. Nothing was changed."
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    with qtbot.waitSignal(mapping.job_done, timeout=20_000):
        mapping.retry_button.click()
    assert mapping.isComplete()
    assert mapping.model.labels == ["Revenue", "cost of sales", "Marketng", "Office plants"]
    assert wizard.state.decision("Revenue").action == "map"
    assert mapping.model.index(mapping.model.row_of("Marketng"), TARGET).data() == "MKT — Marketing?"


def test_a_step_that_is_cancelled_stops_at_its_next_check(window, qtbot):
    """The worker is told: ``check()`` raises at its next step, so it ends soon."""
    import threading

    actions = window.file_actions.values
    with qtbot.waitSignal(actions.wizard_shown, timeout=10_000) as shown:
        window.file_actions.import_values.trigger()
    page = shown.args[0].file_page
    reached, release, steps = threading.Event(), threading.Event(), []

    def work(check):  # noqa: ANN001, ANN202
        steps.append("first")
        reached.set()
        release.wait(10)
        check()
        steps.append("second")  # never reached once cancelled

    page.start(work, lambda _r: pytest.fail("outcome of a cancelled step"), "Reading…")
    assert reached.wait(10)
    page.cancel_button.click()
    assert not page.busy
    release.set()
    qtbot.waitUntil(lambda: not page_base._ORPHANS, timeout=10_000)
    assert steps == ["first"]
