"""File → Import Workbook: reading off the GUI thread, the preview (counts, field
changes, problems, conflicts side by side, report), merge/replace, apply with a
backup copy first, and clear messages for unreadable files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from okrdesk.excel.writer import export_workbook
from okrdesk.store.workspace import Workspace
from okrdesk.ui.excel.preview_dialog import ImportPreviewDialog
from okrdesk.ui.main_window import MainWindow
from okrdesk.ui.workers import Job
from tests.gui.shell_views import SPECS


@pytest.fixture
def window(themed_app, qtbot):
    w = MainWindow(specs=SPECS)
    qtbot.addWidget(w)
    yield w
    w.close()


@pytest.fixture
def opened(window, qtbot, workspace_file):
    window.show()
    with qtbot.waitSignal(window.first_data_paint, timeout=10_000):
        assert window.open_path(workspace_file)
    return window


@pytest.fixture
def message_boxes(monkeypatch):
    """Record message boxes instead of blocking on them; click a button if asked."""
    shown: list[QMessageBox] = []
    answers: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        if answers:
            wanted = answers.pop(0)
            for button in box.buttons():
                if button.text() == wanted:
                    button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown, answers


def cell_of(sheet, header: str, row: int):  # noqa: ANN001, ANN201
    headers = [c.value for c in sheet[1]]
    return sheet.cell(row, headers.index(header) + 1)


def export_and_edit(ws: Workspace, folder: Path, edit) -> Path:  # noqa: ANN001
    """Export ``ws`` to a workbook, let ``edit(book)`` change it (as a client would in
    Excel) and save it; returns its path."""
    path = folder / "client.xlsx"
    export_workbook(ws.service, path)
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def node(ws: Workspace, code: str):  # noqa: ANN201
    return next(n for n in ws.service.kpi_nodes() if n.code == code)


def preview_of(window, qtbot, path: Path) -> ImportPreviewDialog:  # noqa: ANN001
    """Import ``path`` through File → Import Workbook (dialog patched) and wait for the preview."""
    excel = window.file_actions.excel
    with qtbot.waitSignal(excel.preview_shown, timeout=20_000) as shown:
        original = QFileDialog.getOpenFileName
        QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(path), ""))
        try:
            window.file_actions.import_workbook.trigger()
        finally:
            QFileDialog.getOpenFileName = original
    dialog = shown.args[0]
    assert dialog.isVisible()
    return dialog


def apply(dialog: ImportPreviewDialog, window, qtbot):  # noqa: ANN001, ANN201
    excel = window.file_actions.excel
    with qtbot.waitSignal(excel.import_applied, timeout=20_000) as applied:
        dialog.apply_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return applied.args[0]


def edit_name_value_and_add_team(book) -> None:  # noqa: ANN001
    cell_of(book["KPI Tree"], "Name", 2).value = "EBITDA (client view)"
    cell_of(book["Measurements"], "Value", 2).value = 999
    book["Teams"].append(["Workshop guests", None, "Added in the workshop"])


def test_import_of_an_edited_export_previews_and_applies(opened, qtbot, tmp_path, message_boxes):
    shown, _ = message_boxes
    ws = opened.workspace
    path = export_and_edit(ws, tmp_path, edit_name_value_and_add_team)
    dialog = preview_of(opened, qtbot, path)

    counts = dialog.counts
    assert counts.count("KPI Tree", "changed") == 1
    assert counts.count("Measurements", "changed") == 1
    assert counts.count("Teams", "new") == 1
    assert counts.count("Teams", "unchanged") == 6
    assert counts.count("KPI Tree", "conflict") == 0
    assert counts.count("All sheets", "changed") == 2
    changes = dialog.changes
    rows = {changes.topLevelItem(i).text(0): changes.topLevelItem(i) for i in range(changes.topLevelItemCount())}
    ebitda = rows["KPI Tree!row 2 EBITDA"]
    assert ebitda.text(1) == "changed"
    assert [ebitda.child(0).text(c) for c in range(3) if c != 1] == ["Name", "EBITDA"]
    assert ebitda.child(0).text(3) == "EBITDA (client view)"
    assert any(k.startswith("Teams!row 8 Workshop guests") for k in rows)
    assert dialog.apply_button.isEnabled()
    assert "cannot be undone with Ctrl+Z" in dialog.note.text()

    stack = opened.undo_stack
    with qtbot.waitSignal(stack.indexChanged, timeout=5_000):  # views are told to reload
        outcome = apply(dialog, opened, qtbot)
    assert node(ws, "EBITDA").name == "EBITDA (client view)"
    assert "Workshop guests" in [t.name for t in ws.service.teams()]
    assert outcome.backup is not None and outcome.backup.exists()
    assert outcome.backup.parent == ws.path.parent
    assert outcome.backup.name.startswith("workshop.before-import-")
    with Workspace.open(outcome.backup, read_only=True) as before:
        assert node(before, "EBITDA").name == "EBITDA"
    box = shown[-1]
    assert box.text() == "Imported client.xlsx."
    assert str(outcome.backup) in box.informativeText()
    assert "Ctrl+Z" in box.informativeText()


def test_errors_disable_apply_and_are_listed_by_cell(opened, qtbot, tmp_path):
    def break_it(book) -> None:  # noqa: ANN001
        cell_of(book["KPI Tree"], "Target", 3).value = "lots"
        cell_of(book["KPI Tree"], "Parent code", 4).value = "NOPE"
        book["Teams"].append(["Guests", None, "fine row"])

    ws = opened.workspace
    before = node(ws, "REV")
    path = export_and_edit(ws, tmp_path, break_it)
    dialog = preview_of(opened, qtbot, path)
    assert not dialog.apply_button.isEnabled()
    assert dialog.tabs.currentWidget() is dialog.problems
    texts = dialog.problems.texts()
    assert "KPI Tree!M3: expected a number, found the text 'lots'" in texts
    assert any(t.startswith("KPI Tree!B4: unknown KPI code 'NOPE'") for t in texts)
    assert "2 error(s)" in dialog.blocker.text() and dialog.blocker.isVisible()
    dialog.request_apply()  # refused, not just greyed out
    assert dialog.isVisible()
    assert node(ws, "REV") == before
    assert "Guests" not in [t.name for t in ws.service.teams()]
    assert "KPI Tree!M3: expected a number" in dialog.report()


def test_warnings_alone_do_not_block(opened, qtbot, tmp_path):
    def extra_sheet(book) -> None:  # noqa: ANN001
        book.create_sheet("Scribbles")["A1"] = "notes of the day"
        cell_of(book["KPI Tree"], "Name", 2).value = "EBITDA (renamed)"

    path = export_and_edit(opened.workspace, tmp_path, extra_sheet)
    dialog = preview_of(opened, qtbot, path)
    assert dialog.plan.warnings and not dialog.plan.errors
    assert any(t.startswith("Scribbles: warning:") for t in dialog.problems.texts())
    assert dialog.apply_button.isEnabled()


@pytest.mark.parametrize("side", ["workbook", "workspace"])
def test_conflict_shows_both_values_and_the_chosen_side_wins(opened, qtbot, tmp_path, message_boxes, side):
    ws = opened.workspace
    gp = node(ws, "GP")
    path = export_and_edit(ws, tmp_path, lambda book: setattr(
        cell_of(book["KPI Tree"], "Target", 3), "value", 12345))
    ws.service.update_node(gp.id, target=777)  # the workspace changed too since the export
    dialog = preview_of(opened, qtbot, path)

    assert dialog.tabs.currentWidget() is dialog.conflicts
    assert dialog.counts.count("KPI Tree", "conflict") == 1
    tree = dialog.conflicts.tree
    row = tree.topLevelItem(0)
    assert row.text(0) == "KPI Tree!row 3 GP"
    assert [row.child(0).text(c) for c in range(3)] == ["Target", "777", "12,345"]
    assert not dialog.apply_button.isEnabled()
    assert "1 conflicting row" in dialog.blocker.text()
    choice = tree.itemWidget(row, 3)
    (choice.keep_workbook if side == "workbook" else choice.keep_workspace).click()
    assert dialog.resolutions() == {("KPI Tree", "gp"): side}
    chosen_column = 2 if side == "workbook" else 1
    assert row.child(0).font(chosen_column).bold()
    assert row.child(0).font(3 - chosen_column).strikeOut()
    assert f"keep {side}" in dialog.report()
    assert dialog.apply_button.isEnabled()
    apply(dialog, opened, qtbot)
    assert node(ws, "GP").target == (12345 if side == "workbook" else 777)


def test_keep_for_all_resolves_every_conflict(opened, qtbot, tmp_path, message_boxes):
    ws = opened.workspace

    def two(book) -> None:  # noqa: ANN001
        cell_of(book["KPI Tree"], "Target", 3).value = 1
        cell_of(book["KPI Tree"], "Unit", 4).value = "kEUR"

    path = export_and_edit(ws, tmp_path, two)
    ws.service.update_node(node(ws, "GP").id, target=2)
    ws.service.update_node(node(ws, "REV").id, unit="USD")
    dialog = preview_of(opened, qtbot, path)
    assert dialog.conflicts.unresolved() == 2
    dialog.conflicts.all_workbook.click()
    assert dialog.conflicts.unresolved() == 0
    assert set(dialog.resolutions().values()) == {"workbook"}
    dialog.conflicts.all_workspace.click()
    assert set(dialog.resolutions().values()) == {"workspace"}
    apply(dialog, opened, qtbot)
    assert node(ws, "GP").target == 2 and node(ws, "REV").unit == "USD"


def test_replace_mode_confirms_with_the_number_of_deletions(opened, qtbot, tmp_path, message_boxes):
    shown, answers = message_boxes
    ws = opened.workspace
    path = export_and_edit(ws, tmp_path, lambda book: book["Measurements"].delete_rows(2, 2))
    total = ws.service.counts()["measurements"]
    dialog = preview_of(opened, qtbot, path)
    assert not dialog.apply_button.isEnabled()  # merge: nothing to change
    excel = opened.file_actions.excel
    with qtbot.waitSignal(excel.job_started, timeout=5_000):
        dialog.replace.click()
    assert not dialog.apply_button.isEnabled() and dialog.busy_bar.isVisible()
    qtbot.waitUntil(lambda: dialog.plan.mode == "replace", timeout=20_000)
    assert excel.preview is dialog  # the same dialog shows the new plan
    assert dialog.counts.count("Measurements", "delete") == 2
    assert dialog.apply_button.text() == "Replace Workspace"

    answers.append("Cancel")
    dialog.apply_button.click()
    assert "deletes 2 row(s)" in shown[-1].text()
    assert ws.service.counts()["measurements"] == total

    answers.append("Delete 2 Rows and Replace")
    with qtbot.waitSignal(excel.import_applied, timeout=20_000):
        dialog.apply_button.click()
    assert ws.service.counts()["measurements"] == total - 2


def test_report_can_be_copied_and_saved(opened, qtbot, tmp_path, monkeypatch):
    path = export_and_edit(opened.workspace, tmp_path, edit_name_value_and_add_team)
    dialog = preview_of(opened, qtbot, path)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "KPI Tree!row 2 EBITDA" in copied
    assert "Name: EBITDA → EBITDA (client view)" in copied
    assert "Teams: 1 new, 6 unchanged" in copied
    target = tmp_path / "report.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    dialog.save_button.click()
    assert target.read_text(encoding="utf-8") == dialog.report()


@pytest.mark.parametrize("content, expected", [
    (b"Name;Target\nRevenue;12\n", "not an Excel workbook"),
    (b"", "empty"),
])
def test_unreadable_files_get_a_clear_message(opened, qtbot, tmp_path, message_boxes, content, expected):
    shown, _ = message_boxes
    bad = tmp_path / "client.xlsx"
    bad.write_bytes(content)
    job = opened.file_actions.excel.import_from(bad)
    with qtbot.waitSignal(job.failed, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    box = shown[-1]
    assert box.windowTitle() == "Cannot import client.xlsx"
    assert expected in box.text().lower() or expected in box.text()
    assert "Traceback" not in box.text()
    assert box.informativeText() == "Nothing was changed."
    assert opened.file_actions.excel.preview is None


def test_closing_the_window_during_reading_joins_the_worker(opened, qtbot, tmp_path):
    path = export_and_edit(opened.workspace, tmp_path, edit_name_value_and_add_team)
    excel = opened.file_actions.excel
    held: list[Job] = []

    def hold(job: Job) -> None:
        held.append(job)
        job.staged.connect(lambda _t: job.control.wait_cancelled(30), Qt.ConnectionType.DirectConnection)

    excel.job_started.connect(hold)
    job = excel.import_from(path)
    assert job.isRunning()
    opened.close()
    assert job.isFinished() and excel.preview is None
