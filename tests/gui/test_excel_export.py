"""File → Export Workbook / New Workshop Template, driven through the menu actions:
the file written opens with openpyxl, a cancelled export leaves no file, failures
are message boxes naming the file, and closing the window joins the worker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

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
    """Record message boxes instead of blocking on them."""
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def save_dialog(monkeypatch):
    """Answer the save-file dialog with the path put in the returned list."""
    answers: list[str] = []
    asked: list[str] = []

    def fake(parent, caption, directory, filter_="", *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        asked.append(directory)
        return (answers.pop(0) if answers else "", filter_)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return answers, asked


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix != ".okrdesk"
                  and not p.name.endswith(("-wal", "-shm", ".lock")))


def run_export_via_menu(window, qtbot, choose=None):  # noqa: ANN001
    """Trigger File → Export Workbook, let ``choose(dialog)`` pick, press Export…;
    returns the job started."""
    fa = window.file_actions
    fa.export_workbook.trigger()
    dialog = fa.excel.selection_dialog
    assert dialog is not None and dialog.isVisible()
    if choose is not None:
        choose(dialog)
    with qtbot.waitSignal(fa.excel.job_started, timeout=5_000) as started:
        dialog.export_button.click()
    return started.args[0]


def test_excel_actions_follow_the_workspace(window, qtbot, workspace_file):
    fa = window.file_actions
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Import Workbook…" in menu_texts and "&Export Workbook…" in menu_texts
    assert "New Workshop &Template…" in menu_texts
    assert fa.import_workbook.shortcut().toString() == "Ctrl+I"
    assert fa.export_workbook.shortcut().toString() == "Ctrl+E"
    for action in (fa.import_workbook, fa.export_workbook, fa.new_template):
        assert not action.isEnabled()
    window.show()
    with qtbot.waitSignal(window.first_data_paint, timeout=10_000):
        window.open_path(workspace_file, read_only=True)
    assert fa.export_workbook.isEnabled() and fa.new_template.isEnabled()
    assert not fa.import_workbook.isEnabled()
    window.close_workspace()
    with qtbot.waitSignal(window.first_data_paint, timeout=10_000):
        window.open_path(workspace_file)
    assert fa.import_workbook.isEnabled()


def test_export_through_the_menu_writes_a_workbook_and_offers_its_folder(
        opened, qtbot, tmp_path, save_dialog, monkeypatch):
    answers, asked = save_dialog
    target = tmp_path / "out" / "client copy"  # no extension typed: .xlsx is added
    target.parent.mkdir()
    answers.append(str(target))
    job = run_export_via_menu(opened, qtbot)
    excel = opened.file_actions.excel
    with qtbot.waitSignal(excel.export_finished, timeout=20_000) as finished:
        pass
    qtbot.waitUntil(lambda: job.isFinished())
    written = target.with_suffix(".xlsx")
    assert finished.args[0].path == written
    assert Path(asked[0]).name == f"{opened.workspace.name} {dt.date.today().isoformat()}.xlsx"
    assert Path(asked[0]).parent == Path(opened.workspace.path).parent

    book = openpyxl.load_workbook(written, read_only=True)
    try:
        assert {"Read me", "KPI Tree", "Measurements", "Check-ins"} <= set(book.sheetnames)
        kpi_rows = sum(1 for _ in book["KPI Tree"].iter_rows(min_row=2))
        assert kpi_rows == opened.workspace.service.counts()["kpi_nodes"]
    finally:
        book.close()
    assert leftovers(target.parent) == ["client copy.xlsx"]

    notice = excel.notice
    assert notice is not None and "client copy.xlsx" in notice.label.text()
    opened_urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened_urls.append(url) or True))
    notice.show_button.click()
    assert opened_urls == [QUrl.fromLocalFile(str(target.parent))]


def test_export_of_a_selection_holds_only_the_chosen_team(opened, qtbot, tmp_path, save_dialog):
    answers, _ = save_dialog
    answers.append(str(tmp_path / "team.xlsx"))
    service = opened.workspace.service
    teams = service.teams()
    leaf = next(t for t in teams if not any(o.parent_id == t.id for o in teams))

    def choose(dialog):  # noqa: ANN001, ANN202
        assert not dialog.selection_box.isEnabled()
        dialog.partial.setChecked(True)
        assert dialog.selection_box.isEnabled()
        dialog.tick(dialog.teams, [leaf.id])

    run_export_via_menu(opened, qtbot, choose)
    with qtbot.waitSignal(opened.file_actions.excel.export_finished, timeout=20_000) as done:
        pass
    assert done.args[0].counts["Teams"] == 1
    book = openpyxl.load_workbook(tmp_path / "team.xlsx", read_only=True)
    try:
        names = [r[0] for r in book["Teams"].iter_rows(min_row=2, values_only=True) if r[0]]
    finally:
        book.close()
    assert names == [leaf.name]


def test_cancel_during_export_leaves_no_file(opened, qtbot, tmp_path, save_dialog):
    answers, _ = save_dialog
    target = tmp_path / "cancelled.xlsx"
    answers.append(str(target))
    started: list[Job] = []
    excel = opened.file_actions.excel

    def cancel_on_first_progress(job: Job) -> None:
        started.append(job)
        # Runs in the worker thread at the export's first progress report: the export is
        # under way when Cancel is pressed (through the progress dialog's own button).
        job.progressed.connect(lambda *_: job.cancel(), Qt.ConnectionType.DirectConnection)

    excel.job_started.connect(cancel_on_first_progress)
    run_export_via_menu(opened, qtbot)
    job = started[0]
    with qtbot.waitSignal(job.cancelled, timeout=20_000):
        pass
    assert job.isFinished()
    assert not target.exists()
    assert leftovers(tmp_path) == []
    assert "Export cancelled" in opened.statusBar().currentMessage()


def test_cancel_button_of_the_progress_dialog_stops_the_export(opened, qtbot, tmp_path):
    target = tmp_path / "stopped.xlsx"
    excel = opened.file_actions.excel

    def hold_until_cancelled(job: Job) -> None:
        job.progressed.connect(lambda *_: job.control.wait_cancelled(10),
                               Qt.ConnectionType.DirectConnection)

    excel.job_started.connect(hold_until_cancelled)
    job = excel.export_to(target)
    dialog = excel.progress
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.cancel_button.isVisible()
    with qtbot.waitSignal(job.cancelled, timeout=20_000):
        dialog.cancel_button.click()
        assert dialog.label.text() == "Cancelling…"
    assert not target.exists() and leftovers(tmp_path) == []


def test_closing_the_window_during_an_export_joins_the_worker(opened, qtbot, tmp_path):
    target = tmp_path / "closing.xlsx"
    excel = opened.file_actions.excel
    running: list[Job] = []

    def hold_until_cancelled(job: Job) -> None:
        running.append(job)
        # The worker blocks inside the export until the close cancels it: it is
        # certainly running when the window closes.
        job.progressed.connect(lambda *_: job.control.wait_cancelled(30),
                               Qt.ConnectionType.DirectConnection)

    excel.job_started.connect(hold_until_cancelled)
    job = excel.export_to(target)
    assert job is not None and job.isRunning()
    outcomes: list[str] = []
    job.succeeded.connect(lambda _r: outcomes.append("ok"))
    job.cancelled.connect(lambda: outcomes.append("cancelled"))
    opened.close()
    assert job.isFinished()
    assert opened.workspace is None
    assert not target.exists() and leftovers(tmp_path) == []
    qtbot.wait(0)  # let any queued delivery run: an abandoned job reports nothing
    assert outcomes == []


def test_export_to_a_missing_folder_names_the_file(opened, qtbot, tmp_path, message_boxes):
    target = tmp_path / "nowhere" / "x.xlsx"
    job = opened.file_actions.excel.export_to(target)
    with qtbot.waitSignal(job.failed, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: len(message_boxes) == 1)
    box = message_boxes[0]
    assert "x.xlsx" in box.text()
    assert str(target.parent) in box.informativeText() or str(target) in box.informativeText()
    assert "Traceback" not in box.text() + box.informativeText()


def test_new_workshop_template_through_the_menu(opened, qtbot, tmp_path, save_dialog):
    answers, asked = save_dialog
    answers.append(str(tmp_path / "workshop"))
    opened.file_actions.new_template.trigger()
    written = tmp_path / "workshop.xlsx"
    assert Path(asked[0]).name == "Workshop template.xlsx"
    book = openpyxl.load_workbook(written, read_only=True)
    try:
        assert "KPI Tree" in book.sheetnames and "Charts" not in book.sheetnames
    finally:
        book.close()
    assert "workshop.xlsx" in opened.file_actions.excel.notice.label.text()
