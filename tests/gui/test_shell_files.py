"""File menu behaviour: recent files, Save a Copy, New, refusals shown as messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from okrdesk.store.workspace import Workspace
from okrdesk.ui.main_window import MainWindow
from okrdesk.ui.recent_files import MAX_RECENT, RecentFiles, RecentFilesMenu
from tests.gui.shell_views import SPECS


@pytest.fixture
def window(themed_app, qtbot):
    w = MainWindow(specs=SPECS)
    qtbot.addWidget(w)
    yield w
    w.close()


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


def open_and_paint(window, qtbot, path, read_only=False) -> None:
    window.show()
    with qtbot.waitSignal(window.first_data_paint, timeout=10_000):
        assert window.open_path(path, read_only=read_only)


def test_recent_files_are_persisted_newest_first_and_capped(themed_app, tmp_path):
    recent = RecentFiles()
    files = []
    for i in range(MAX_RECENT + 2):
        f = tmp_path / f"w{i}.okrdesk"
        f.write_bytes(b"x")
        files.append(f)
        recent.add(f)
    recent.add(files[3])  # re-adding moves it to the top
    entries = RecentFiles().entries()  # a new object reads the same settings
    assert len(entries) == MAX_RECENT
    assert entries[0] == str(files[3].resolve())
    assert entries[1] == str(files[-1].resolve())


def test_missing_recent_files_are_pruned_and_menu_can_be_cleared(themed_app, tmp_path):
    recent = RecentFiles()
    kept, gone = tmp_path / "kept.okrdesk", tmp_path / "gone.okrdesk"
    kept.write_bytes(b"x")
    gone.write_bytes(b"x")
    recent.add(kept)
    recent.add(gone)
    recent.add("postgresql://db.example/okr")
    gone.unlink()
    assert recent.entries() == ["postgresql://db.example/okr", str(kept.resolve())]
    menu = RecentFilesMenu(recent)
    menu.rebuild()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&1 postgresql://db.example/okr", "&2 kept.okrdesk", "&Clear Menu"]
    menu.actions()[-1].trigger()
    assert RecentFiles().entries() == []
    assert not [a for a in menu.actions() if a.isEnabled() and a.data()]


def test_opening_a_file_adds_it_to_open_recent(window, qtbot, workspace_file):
    open_and_paint(window, qtbot, workspace_file)
    window.file_actions.recent_menu.rebuild()
    recent_actions = [a for a in window.file_actions.recent_menu.actions() if a.data()]
    assert recent_actions[0].data() == str(workspace_file.resolve())


def test_save_a_copy_writes_a_workspace_that_opens(window, qtbot, workspace_file, tmp_path):
    open_and_paint(window, qtbot, workspace_file)
    written = window.file_actions.save_copy_to(tmp_path / "copy")
    assert written == tmp_path / "copy.okrdesk" and written.is_file()
    with Workspace.open(written, read_only=True) as copy:
        assert copy.service.counts() == window.workspace.service.counts()
        assert [o.title for o in copy.service.objectives()] == [
            o.title for o in window.workspace.service.objectives()
        ]


def test_new_workspace_is_created_and_shown_with_empty_period_list(window, qtbot, tmp_path):
    window.show()
    with qtbot.waitSignal(window.first_data_paint, timeout=10_000):
        assert window.file_actions.create_at(tmp_path / "fresh")
    assert window.workspace.path == tmp_path / "fresh.okrdesk"
    assert window.windowTitle() == "fresh — okrdesk"
    assert window.header.period.labels() == ["All time"]
    assert window.current_view().titles() == []


def test_opening_a_non_workspace_file_explains_and_changes_nothing(
    window, qtbot, workspace_file, tmp_path, message_boxes
):
    shown, _answers = message_boxes
    open_and_paint(window, qtbot, workspace_file)
    before = (window.workspace, window.windowTitle(), window.host.current_view())
    bogus = tmp_path / "notes.okrdesk"
    bogus.write_text("meeting notes, not a database\n" * 20, encoding="utf-8")
    original = bogus.read_bytes()
    assert window.open_path(bogus) is False
    assert len(shown) == 1
    assert shown[0].windowTitle() == "Cannot open workspace"
    assert "notes.okrdesk" in shown[0].text() and "Traceback" not in shown[0].text()
    assert (window.workspace, window.windowTitle(), window.host.current_view()) == before
    assert bogus.read_bytes() == original
    assert str(bogus.resolve()) not in window.recent.entries()


def test_workspace_in_use_offers_to_open_read_only(
    window, themed_app, qtbot, workspace_file, message_boxes
):
    shown, answers = message_boxes
    open_and_paint(window, qtbot, workspace_file)  # holds the writer lock
    second = MainWindow(specs=SPECS)
    qtbot.addWidget(second)
    answers.append("Open Read-Only")
    open_and_paint(second, qtbot, workspace_file)
    assert shown[0].windowTitle() == "Workspace in use"
    assert second.workspace.read_only and second.ctx.read_only
    assert second.status.badge.isVisibleTo(second)
    second.close()


def test_workspace_in_use_can_be_cancelled(window, themed_app, qtbot, workspace_file, message_boxes):
    shown, _answers = message_boxes
    open_and_paint(window, qtbot, workspace_file)
    second = MainWindow(specs=SPECS)
    qtbot.addWidget(second)
    assert second.open_path(workspace_file) is False  # no button clicked: cancelled
    assert len(shown) == 1 and second.workspace is None
    second.close()


def test_opening_a_vanished_recent_file_removes_it(window, tmp_path, message_boxes):
    shown, _answers = message_boxes
    gone = tmp_path / "gone.okrdesk"
    gone.write_bytes(b"x")
    window.recent.add(gone)
    gone.unlink()
    window.file_actions.open_recent(str(gone.resolve()))
    assert shown and "no longer exists" in shown[0].text()
    assert window.workspace is None
    assert window.recent.entries() == []


def test_user_folders_are_redirected_in_tests():
    from okrdesk import paths

    assert paths.is_testing()
    root = Path(paths.user_data_dir()).parent
    assert root.name.startswith("okrdesk-test-")
    assert paths.user_log_dir().parent == root == paths.user_config_dir().parent
    assert paths.resource_path("icons", "search.svg").is_file()
    with pytest.raises(FileNotFoundError, match="nope.svg"):
        paths.resource_path("icons", "nope.svg")
