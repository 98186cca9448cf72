"""File → Import Values Again ▸ profile: next month's file straight to the preview; a
renamed KPI is reported with its cell and fixed in the wizard opened from there; the
import history lists every run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from okrdesk.excel.foreign import load_profile
from okrdesk.ui.main_window import MainWindow
from okrdesk.ui.value_import.mapping_model import TARGET
from tests.gui.shell_views import SPECS
from tests.gui.value_import_support import (
    finance_workspace,
    finish,
    next_page,
    pl_export,
    save_pl_profile,
    values,
)

FEB, MAR, APR = dt.date(2027, 2, 1), dt.date(2027, 3, 1), dt.date(2027, 4, 1)


@pytest.fixture
def boxes(monkeypatch):
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    return shown


@pytest.fixture
def window(themed_app, qtbot, tmp_path, boxes):
    w = MainWindow(specs=SPECS, today=dt.date(2027, 4, 15))
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(finance_workspace(tmp_path / "finance.okrdesk"))
    save_pl_profile(w.workspace.service, tmp_path)  # last month's import, made with the core API
    yield w
    w.close()


def import_again(window, qtbot, monkeypatch, path: Path):  # noqa: ANN001, ANN201
    """File → Import Values Again ▸ Monthly P&L, choosing ``path``."""
    actions = window.file_actions.values
    menu = window.file_actions.import_values_again
    actions.fill_again_menu(menu)
    entry = next(a for a in menu.actions() if a.text() == "Monthly P&&L")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(actions.again_shown, timeout=20_000) as shown:
        entry.trigger()
    return shown.args[0]


def test_renamed_kpi_is_reported_then_fixed_in_the_wizard(window, qtbot, tmp_path, monkeypatch):
    ws = window.workspace
    april = pl_export(tmp_path / "P&L April.xlsx", months=("Feb 2027", "Mar 2027", "Apr 2027"),
                      marketing="Marketing & events")
    dialog = import_again(window, qtbot, monkeypatch, april)
    assert dialog.heading.text() == "Import “P&L April.xlsx” with the profile “Monthly P&L”"
    problems = dialog.panel.problem_lines()
    assert problems[0].startswith("P&L!A7: 'Marketing & events' is not in the profile 'Monthly P&L'")
    assert not dialog.apply_button.isEnabled()
    assert "no longer match the profile" in dialog.blocker.message()
    assert ws.service.value_imports() == []

    actions = window.file_actions.values
    with qtbot.waitSignal(actions.wizard_shown, timeout=10_000) as shown:
        dialog.fix_button.click()
    wizard = shown.args[0]
    assert not dialog.isVisible()
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=20_000)
    assert wizard.state.spec.scale == 1000.0  # the profile's choices, not a fresh guess
    next_page(wizard, qtbot)
    assert wizard.layout_page.header_row.value() == 4
    next_page(wizard, qtbot)
    mapping = wizard.mapping_page
    model = mapping.model
    assert wizard.state.decision("Marketing & events").action == "undecided"
    assert wizard.state.decision("Office plants").action == "skip"  # kept from the profile
    mapping.only_undecided.setChecked(True)  # with hundreds of KPIs, find the new names
    assert mapping.proxy.rowCount() == 1
    assert mapping.proxy.index(0, 0).data() == "Marketing & events"
    assert model.setData(model.index(model.row_of("Marketing & events"), TARGET), "MKT")
    assert mapping.proxy.rowCount() == 0
    next_page(wizard, qtbot)
    preview = wizard.preview_page
    assert preview.profile_name.text() == "Monthly P&L"
    assert "is replaced by these choices" in preview.name_problem.message()
    finish(wizard, window, qtbot)

    assert values(ws, "MKT") == {FEB: 10_000.0, MAR: 12_000.0, APR: 11_500.0}
    assert load_profile(ws.service, "Monthly P&L").mapping["Marketing & events"] == "MKT"
    assert [h.profile_name for h in ws.service.value_imports()] == ["Monthly P&L"]

    # The month after, one click: everything matches, nothing changes, Apply is on.
    again = import_again(window, qtbot, monkeypatch, april)
    assert again.panel.problem_lines() == []
    assert again.panel.hint_lines() == [
        "P&L: 'Marketing' of the profile is not in this file (no values for it this time)"]
    assert again.plan.counts()["unchanged"] == 9 and not again.plan.writes
    assert again.apply_button.isEnabled()
    with qtbot.waitSignal(actions.applied, timeout=20_000):
        again.apply_button.click()
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=5_000)
    assert len(ws.service.value_imports()) == 2
    assert window.undo_stack.count() == 2


def test_history_lists_imports_and_profiles(window, qtbot, tmp_path, monkeypatch, boxes):
    april = pl_export(tmp_path / "P&L April.xlsx", months=("Feb 2027", "Mar 2027", "Apr 2027"),
                      marketing="Marketing")
    actions = window.file_actions.values
    dialog = import_again(window, qtbot, monkeypatch, april)
    assert dialog.plan.ok
    with qtbot.waitSignal(actions.applied, timeout=20_000):
        dialog.apply_button.click()
    assert values(window.workspace, "REV")[APR] == 128_000.0

    with qtbot.waitSignal(actions.history_shown, timeout=5_000) as shown:
        window.file_actions.import_history.trigger()
    history = shown.args[0]
    rows = history.history_rows()
    assert len(rows) == 1
    assert rows[0][1:] == ["P&L April.xlsx", "P&L", "Monthly P&L", "9", "–", "–", "3", "–"]
    assert history.current_profile() == "Monthly P&L"
    assert "headers in row 4" in history.profiles.item(0).toolTip()  # what the profile does
    with qtbot.waitSignal(history.again_requested, timeout=5_000) as again:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
        history.again_button.click()
    assert again.args == ["Monthly P&L"]

    window.undo_stack.undo()
    assert window.workspace.service.value_imports() == []
    assert APR not in values(window.workspace, "REV")
    assert boxes == []


def test_unreadable_next_month_file_gets_a_clear_message(window, qtbot, tmp_path, monkeypatch, boxes):
    bad = tmp_path / "P&L April.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    actions = window.file_actions.values
    menu = window.file_actions.import_values_again
    actions.fill_again_menu(menu)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
    assert boxes[0].windowTitle() == "Cannot import P&L April.xlsx"
    assert "P&L April.xlsx" in boxes[0].text() and "Traceback" not in boxes[0].text()
    assert boxes[0].informativeText() == "Nothing was changed."
    assert window.workspace.service.value_imports() == []


def test_first_page_of_the_wizard_offers_the_saved_profiles(window, qtbot, tmp_path, monkeypatch):
    actions = window.file_actions.values
    with qtbot.waitSignal(actions.wizard_shown, timeout=10_000) as shown:
        window.file_actions.import_values.trigger()
    wizard = shown.args[0]
    panel = wizard.file_page.start_panel
    assert [panel.profiles.item(i).text() for i in range(panel.profiles.count())] == ["Monthly P&L"]
    assert panel.no_recent.isVisibleTo(wizard)
    april = pl_export(tmp_path / "P&L April.xlsx", months=("Feb 2027", "Mar 2027", "Apr 2027"),
                      marketing="Marketing")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(april), ""))
    with qtbot.waitSignal(actions.again_shown, timeout=20_000) as again:
        panel.again_button.click()
    assert actions.wizard is None  # the wizard made way for the one-click import
    assert again.args[0].plan.ok and again.args[0].plan.counts()["new"] == 9
