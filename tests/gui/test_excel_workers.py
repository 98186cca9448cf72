"""The background ``Job`` the Excel GUI runs its work in: one outcome, delivered in
the GUI thread after the thread ended; cancel and abandon behave."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread, Qt

from okrdesk.ui.excel.controller import safe_file_stem
from okrdesk.ui.excel.import_flow import backup_path
from okrdesk.ui.excel.export_dialog import branch_entries, team_entries
from okrdesk.ui.workers import Job, JobControl


def outcomes_of(job: Job) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    job.succeeded.connect(lambda r: seen.append(("ok", r)))
    job.failed.connect(lambda e: seen.append(("failed", e)))
    job.cancelled.connect(lambda: seen.append(("cancelled", None)))
    return seen


def test_result_arrives_in_the_gui_thread_with_progress(qtbot):
    gui = QThread.currentThread()
    worker_threads: list[object] = []

    def work(control: JobControl) -> int:
        worker_threads.append(threading.current_thread().name)
        for i in range(3):
            control.progress(i + 1, 3)
        return 42

    job = Job(work, name="sum")
    seen = outcomes_of(job)
    delivered_in: list[QThread] = []
    job.succeeded.connect(lambda _r: delivered_in.append(QThread.currentThread()))
    progress: list[tuple[int, int]] = []
    job.progressed.connect(lambda d, t: progress.append((d, t)))
    with qtbot.waitSignal(job.ended, timeout=5_000):
        job.start()
    assert seen == [("ok", 42)]
    assert delivered_in == [gui]
    assert worker_threads and worker_threads[0] != threading.main_thread().name
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert job.done


def test_an_exception_is_delivered_as_failed(qtbot):
    def work(control: JobControl) -> None:
        raise ValueError("Sheet!A1: broken")

    job = Job(work)
    seen = outcomes_of(job)
    with qtbot.waitSignal(job.ended, timeout=5_000):
        job.start()
    assert len(seen) == 1 and seen[0][0] == "failed"
    assert str(seen[0][1]) == "Sheet!A1: broken"


def test_cancel_is_seen_by_the_work_and_reported_once(qtbot):
    started = threading.Event()

    def work(control: JobControl) -> str:
        started.set()
        control.wait_cancelled(10)
        control.check()  # raises JobCancelled
        return "not reached"

    job = Job(work)
    seen = outcomes_of(job)
    job.start()
    assert started.wait(5)
    with qtbot.waitSignal(job.ended, timeout=5_000):
        job.cancel()
    assert seen == [("cancelled", None)]


def test_abandon_joins_and_reports_nothing(qtbot):
    def work(control: JobControl) -> str:
        control.progress(0, 1)
        control.wait_cancelled(10)
        return "finished after the cancel"

    job = Job(work)
    seen = outcomes_of(job)
    reached = threading.Event()
    job.progressed.connect(lambda *_: reached.set(), Qt.ConnectionType.DirectConnection)
    job.start()
    assert reached.wait(5)
    job.abandon()
    assert job.isFinished() and job.done
    qtbot.wait(0)
    assert seen == []


def test_backup_names_and_file_stems(tmp_path):
    import datetime as dt

    when = dt.datetime(2027, 2, 15, 9, 30, 5)
    assert backup_path(tmp_path / "acme.okrdesk", when) == tmp_path / "acme.before-import-20270215-093005.okrdesk"
    assert safe_file_stem('Acme: "Q1/Q2" plan?') == "Acme Q1 Q2 plan"
    assert safe_file_stem("...") == "okrdesk"


def test_branch_and_team_entries_are_indented_depth_first():
    from okrdesk.domain.entities import KpiNode, Team

    nodes = [KpiNode(1, "A", "Alpha"), KpiNode(2, "B", "Beta", parent_id=1, position=1),
             KpiNode(3, "C", "Gamma", parent_id=1, position=0), KpiNode(4, "D", "Delta", parent_id=3)]
    assert [text for _, text in branch_entries(nodes)] == [
        "A — Alpha", "    C — Gamma", "        D — Delta", "    B — Beta"]
    teams = [Team(1, "Org"), Team(2, "Sales", parent_id=1), Team(3, "Guests")]
    assert team_entries(teams) == [(3, "Guests"), (1, "Org"), (2, "    Sales")]


@pytest.mark.parametrize("value, text", [
    (12345.0, "12,345"), (0.125, "0.125"), (None, "(empty)"), (True, "Yes"), (("A", "B"), "A, B"),
])
def test_values_read_as_in_the_workbook(value, text):
    from okrdesk.ui.excel.plan_text import display_value

    assert display_value("KPI Tree", "target", value) == text


def test_enum_values_use_the_workbook_labels():
    from okrdesk.domain.entities import Direction
    from okrdesk.ui.excel.plan_text import display_value, field_label

    assert display_value("KPI Tree", "direction", Direction.HIGHER) == "Higher is better"
    assert field_label("KPI Tree", "green_from") == "Green from"
