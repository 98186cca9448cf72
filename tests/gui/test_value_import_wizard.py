"""File → Import Values…: the wizard driven end to end on realistic exports made here —
a P&L with a title block, months as columns, a typo, an unknown line and a totals row;
a European CSV — with the workspace checked after Apply, after Undo and after Redo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from okrdesk.excel.foreign import CsvFormat, load_profile
from okrdesk.ui.main_window import MainWindow
from okrdesk.ui.value_import.grid_model import GridModel
from okrdesk.ui.value_import.mapping_model import CREATE, LABEL, TARGET, MappingModel
from okrdesk.ui.value_import.state import WizardState
from tests.gui.shell_views import SPECS
from tests.gui.value_import_support import (
    european_csv,
    finance_workspace,
    finish,
    linked_kr,
    next_page,
    notes,
    open_wizard,
    pl_export,
    values,
)

JAN, FEB, MAR = dt.date(2027, 1, 1), dt.date(2027, 2, 1), dt.date(2027, 3, 1)


@pytest.fixture
def window(themed_app, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"message box: {box.text()}"))
    w = MainWindow(specs=SPECS, today=dt.date(2027, 3, 15))
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(finance_workspace(tmp_path / "finance.okrdesk"))
    yield w
    w.close()


def click_row(view, row: int, qtbot) -> None:  # noqa: ANN001
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_pl_with_title_block_is_imported_in_one_undo_step(window, qtbot, tmp_path):
    ws = window.workspace
    wizard = open_wizard(window, qtbot, pl_export(tmp_path / "P&L March.xlsx"))
    assert wizard.file_page.sheet.currentText() == "P&L"
    assert not wizard.file_page.csv_box.isVisibleTo(wizard)

    next_page(wizard, qtbot)  # the table
    layout = wizard.layout_page
    assert layout.header_row.value() == 4
    assert [layout.model.row_kind(r) for r in range(5)] == ["title", "title", "title", "header", "data"]
    assert layout.layout_buttons["wide"].isChecked()
    assert layout.columns["label_column"].currentText() == "A: Account"
    assert "3 columns read as months" in layout.dates_found.text()
    assert layout.model.headerData(0, Qt.Orientation.Horizontal) == "A · KPI"
    click_row(layout.view, 0, qtbot)  # a title row is not the header: no periods under it
    assert layout.header_row.value() == 1
    assert layout.model.row_kind(3) == "data"
    click_row(layout.view, 3, qtbot)  # back on the real header row
    assert layout.header_row.value() == 4 and layout.layout_buttons["wide"].isChecked()
    assert layout.isComplete()

    next_page(wizard, qtbot)  # the mapping
    mapping = wizard.mapping_page
    model = mapping.model
    checked = {label: model.index(model.row_of(label), LABEL).data(Qt.ItemDataRole.CheckStateRole)
               for label in model.labels}
    assert model.labels == ["Revenue", "cost of sales", "Marketng", "Office plants"]
    assert checked["Revenue"] == Qt.CheckState.Checked  # name
    assert checked["cost of sales"] == Qt.CheckState.Checked  # case-insensitive
    assert checked["Marketng"] == Qt.CheckState.Unchecked  # fuzzy: suggested, not taken
    assert model.index(model.row_of("Marketng"), TARGET).data() == "MKT — Marketing?"
    assert checked["Office plants"] == Qt.CheckState.Unchecked
    left_out = [mapping.left_out.item(i).text() for i in range(mapping.left_out.count())]
    assert "P&L!9: blank separator row" in left_out
    assert "P&L!A10: totals row ('Total')" in left_out
    model.setData(model.index(model.row_of("Marketng"), LABEL), Qt.CheckState.Checked.value,
                  Qt.ItemDataRole.CheckStateRole)  # the user confirms the suggestion
    assert model.setData(model.index(model.row_of("Office plants"), TARGET), CREATE)
    mapping.set_new_parent("FIN")
    assert mapping.scale.currentData() == 1000.0  # "amounts in EUR thousands" in the title
    assert "4 KPIs in the file · 3 matched · 1 new" in mapping.counts.text()

    next_page(wizard, qtbot)  # the preview
    preview = wizard.preview_page
    plan = preview.plan
    assert plan.counts() == {"new": 11, "changed": 1, "unchanged": 0, "skipped": 2, "nodes_created": 1}
    assert preview.panel.summary.text().startswith("11 new · 1 changed · 0 unchanged · 2 skipped")
    assert "P&L!A10: totals row ('Total')" in preview.panel.skipped_lines()
    jan = next(c for c in plan.changed if c.code == "REV")
    assert (jan.old, jan.new, jan.place) == (100_000.0, 120_500.0, "P&L!B5")
    assert preview.profile_name.text() == "P&L March"
    preview.profile_name.setText("Monthly P&L")

    applied = finish(wizard, window, qtbot)
    assert applied.counts["changed"] == 1
    assert values(ws, "REV") == {JAN: 120_500.0, FEB: 130_250.0, MAR: 128_000.0}
    assert values(ws, "MKT") == {JAN: 10_000.0, FEB: 12_000.0, MAR: 11_500.0}
    plants = next(n for n in ws.service.kpi_nodes() if n.code == "FIN.OFFICE_PLANTS")
    fin = next(n for n in ws.service.kpi_nodes() if n.code == "FIN")
    assert (plants.name, plants.parent_id, plants.kind) == ("Office plants", fin.id, "measure")
    assert values(ws, "FIN.OFFICE_PLANTS") == {JAN: 400.0, FEB: 500.0, MAR: 450.0}
    history = ws.service.value_imports()
    assert [(h.file_name, h.profile_name, h.new_count, h.changed_count) for h in history] == [
        ("P&L March.xlsx", "Monthly P&L", 11, 1)]
    profile = load_profile(ws.service, "Monthly P&L")
    assert profile.mapping["Marketng"] == "MKT" and profile.scale == 1000.0
    assert linked_kr(window) == (120_500.0, 128_000.0)  # the views' shared read model followed
    stack = window.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Import Values from P&L March.xlsx"
    assert "Imported P&L March.xlsx" in window.statusBar().currentMessage()

    stack.undo()
    assert values(ws, "REV") == {JAN: 100_000.0}
    assert values(ws, "MKT") == {}
    assert all(n.code != "FIN.OFFICE_PLANTS" for n in ws.service.kpi_nodes())
    assert ws.service.value_imports() == []
    assert linked_kr(window) == (100_000.0, 100_000.0)

    stack.redo()
    assert values(ws, "REV")[JAN] == 120_500.0
    assert next(n for n in ws.service.kpi_nodes() if n.code == "FIN.OFFICE_PLANTS").id == plants.id
    assert len(ws.service.value_imports()) == 1


def test_european_csv_is_read_with_its_detected_format_and_corrected(window, qtbot, tmp_path):
    ws = window.workspace
    wizard = open_wizard(window, qtbot, european_csv(tmp_path / "Kennzahlen Februar.csv"))
    page = wizard.file_page
    assert page.csv_box.isVisibleTo(wizard)
    assert (page.encoding.currentData(), page.delimiter.currentData(), page.decimal.currentData()) \
        == ("cp1252", ";", True)
    assert "cp1252, ';' separated, decimal comma" in page.detected.text()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.set_csv_format(CsvFormat("cp1252", ",", True))  # a wrong correction: one column
    assert wizard.state.grid.width == 2  # "118.250,50" split at its comma, nothing else
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.set_csv_format(CsvFormat("cp1252", ";", True))
    assert wizard.state.grid.width == 4

    next_page(wizard, qtbot)
    layout = wizard.layout_page
    assert layout.layout_buttons["long"].isChecked()
    assert [layout.columns[n].currentText() for n in
            ("label_column", "date_column", "value_column", "note_column")] == [
        "A: Kennzahl", "B: Datum", "C: Wert", "D: Bemerkung"]
    assert "“31.01.2027” → 2027-01-31" in layout.dates_found.text()

    next_page(wizard, qtbot)
    mapping = wizard.mapping_page
    assert mapping.model.labels == ["REV", "Bruttomarge", "Neukunden"]
    assert mapping.model.index(2, 2).data() == "Not found"
    mapping.skip_rest.click()
    assert wizard.state.decision("Neukunden").action == "skip"

    next_page(wizard, qtbot)
    preview = wizard.preview_page
    # Day dates keep their day: the 1 January value of REV stays beside the new ones.
    assert preview.plan.counts()["new"] == 4 and preview.plan.counts()["changed"] == 0
    skipped = preview.panel.skipped_lines()
    assert any(line.startswith("Kennzahlen Februar!A7: totals row") for line in skipped)
    assert any(line.startswith("Kennzahlen Februar!A6: 'Neukunden' is left out") for line in skipped)
    preview.save_profile.setChecked(False)
    finish(wizard, window, qtbot)

    assert values(ws, "REV") == {JAN: 100_000.0, dt.date(2027, 1, 31): 118_250.5,
                                 dt.date(2027, 2, 28): 121_000.0}
    assert notes(ws, "REV")[dt.date(2027, 1, 31)] == "Korrektur Jänner"
    assert values(ws, "GM.PCT") == {dt.date(2027, 1, 31): 45.5, dt.date(2027, 2, 28): 46.25}
    assert ws.service.import_profiles() == []
    assert ws.service.value_imports()[0].profile_name == ""
    window.undo_stack.undo()
    assert values(ws, "GM.PCT") == {} and values(ws, "REV") == {dt.date(2027, 1, 1): 100_000.0}


def test_profile_name_must_be_new_and_not_empty(window, qtbot, tmp_path):
    window.workspace.service.save_import_profile("Monthly P&L", "{}")
    wizard = open_wizard(window, qtbot, pl_export(tmp_path / "pl.xlsx"))
    for _ in range(3):
        next_page(wizard, qtbot)
    preview = wizard.preview_page
    preview.profile_name.setText("  ")
    assert not preview.isComplete() and "Give the profile a name" in preview.name_problem.message()
    preview.profile_name.setText("Monthly P&L")
    assert not preview.isComplete() and "already exists" in preview.name_problem.message()
    preview.profile_name.setText("Monthly P&L (wide)")
    assert preview.isComplete() and preview.name_problem.message() == ""


def test_unreadable_file_is_named_on_the_first_page(window, qtbot, tmp_path):
    bad = tmp_path / "export.xlsx"
    bad.write_text("this is not a workbook")
    actions = window.file_actions.values
    with qtbot.waitSignal(actions.wizard_shown, timeout=10_000) as shown:
        window.file_actions.import_values.trigger()
    wizard = shown.args[0]
    with qtbot.waitSignal(wizard.file_page.job_done, timeout=10_000):
        wizard.load_file(bad)
    message = wizard.file_page.error.message()
    assert "export.xlsx" in message and "Traceback" not in message
    assert not wizard.file_page.isComplete()
    assert window.workspace.service.value_imports() == []
    wizard.reject()


def test_models_pass_the_model_tester(themed_app, qtmodeltester, tmp_path):
    from okrdesk.store.workspace import Workspace

    ws = Workspace.open(finance_workspace(tmp_path / "f.okrdesk"))
    try:
        state = WizardState(ws.service)
        state.open(pl_export(tmp_path / "pl.xlsx"))
        state.load_sheet()
        grid_model = GridModel()
        grid_model.set_grid(state.grid, state.spec.header_row)
        grid_model.set_roles({0: "KPI"})
        qtmodeltester.check(grid_model)
        state.read()
        mapping = MappingModel(state)
        mapping.reload()
        qtmodeltester.check(mapping)
    finally:
        ws.close()


def test_grid_row_numbers_and_letters_are_excel_s(themed_app, tmp_path):
    from okrdesk.excel.foreign import open_source

    grid = open_source(pl_export(tmp_path / "pl.xlsx")).grid()
    model = GridModel()
    model.set_grid(grid, 4)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["A", "B", "C", "D"]
    assert model.headerData(9, Qt.Orientation.Vertical) == "10"
    assert model.index(4, 1).data() == "120.5"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # dimmed title


def test_menu_entries_follow_the_workspace(window, qtbot):
    actions = window.file_actions
    assert actions.import_values.isEnabled() and actions.import_history.isEnabled()
    window.close_workspace()
    assert not actions.import_values.isEnabled() and not actions.import_history.isEnabled()


def test_cancelling_during_a_read_does_not_wait_for_it(window, qtbot, tmp_path):
    """Cancel while a step still runs: the wizard closes at once, the step's outcome is
    dropped, and its thread is joined when the window closes."""
    from okrdesk.ui.value_import import page_base

    actions = window.file_actions.values
    with qtbot.waitSignal(actions.wizard_shown, timeout=10_000) as shown:
        window.file_actions.import_values.trigger()
    wizard = shown.args[0]
    page = wizard.file_page
    release = __import__("threading").Event()
    page.start(lambda _check: release.wait(10), lambda _r: pytest.fail("outcome of a cancelled step"),
               "Reading…")
    assert page.busy and not page.isComplete()
    wizard.reject()
    assert actions.wizard is None or not wizard.isVisible()
    assert len(page_base._ORPHANS) == 1
    release.set()
    qtbot.waitUntil(lambda: not page_base._ORPHANS, timeout=10_000)
