"""The main window paints its first view from the start-up snapshot saved when the
workspace was last closed, then loads the workspace and shows the same rows."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from okrdesk.store.cache_keys import STARTUP_VIEW_KEY
from okrdesk.ui.kpi_tree.outline_model import Column
from okrdesk.ui.main_window import MainWindow
from tests.gui.views.conftest import DEMO_TODAY


@pytest.fixture
def copy(demo_workspace_file: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "demo.okrdesk"
    shutil.copyfile(demo_workspace_file, dest)
    return dest


def _stored(path: Path) -> bool:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT 1 FROM settings WHERE key = ?", (STARTUP_VIEW_KEY,)).fetchone() is not None
    finally:
        con.close()


def _open(qtbot, path: Path, read_only: bool = False) -> tuple[MainWindow, dict]:
    """A window on ``path`` whose first paint is done; ``seen`` tells what it was painted from."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    seen: dict = {}

    def painted(_key: str) -> None:
        view = window.current_view()
        seen.update(from_snapshot=window.ctx.startup is not None, service=window.workspace.service_ready,
                    cells=_cells(view), title=window.windowTitle(), counts=window.status.counts.text(),
                    period=window.current_period())

    window.first_data_paint.connect(painted)
    with qtbot.waitSignal(window.first_data_paint, timeout=20_000):
        assert window.open_path(path, read_only=read_only)
    return window, seen


def _cells(view) -> list[tuple[str, ...]]:
    columns = (Column.CODE, Column.NAME, Column.VALUE, Column.CHANGE, Column.TARGET, Column.STATUS, Column.OWNER)
    return [tuple(view.cell_text(r.node.id, c) for c in columns) for r in view.read_model.rows]


def test_the_next_start_paints_the_same_rows_from_the_snapshot_then_from_the_workspace(qtbot, copy):
    first, seen_first = _open(qtbot, copy)
    assert not seen_first["from_snapshot"] and seen_first["service"]
    assert first.today == DEMO_TODAY
    selected = first.current_view().selected_node_id()
    first.close()
    assert _stored(copy)

    second, seen = _open(qtbot, copy, read_only=True)
    assert seen["from_snapshot"] and not seen["service"]  # painted without SQLAlchemy
    assert seen["cells"] == seen_first["cells"] and len(seen["cells"]) > 50
    assert (seen["title"], seen["counts"], seen["period"]) == (
        seen_first["title"], seen_first["counts"], seen_first["period"])
    view = second.current_view()
    qtbot.waitUntil(lambda: second.ctx.startup is None, timeout=20_000)  # right after the paint
    assert second.workspace.service_ready and second.ctx.trees.loads == 1
    assert view.read_model is second.ctx.tree(view._as_of)  # the workspace's own read now
    assert _cells(view) == seen_first["cells"] and view.selected_node_id() == selected
    second.close()


def test_an_edit_deletes_the_snapshot_and_closing_saves_the_edited_rows(qtbot, copy):
    _open(qtbot, copy)[0].close()
    window, seen = _open(qtbot, copy)
    assert seen["from_snapshot"]
    qtbot.waitUntil(lambda: window.ctx.startup is None, timeout=20_000)
    view = window.current_view()
    node_id = view.read_model.rows[0].node.id
    view.commands.update(node_id, name="Renamed at the workshop")
    assert not _stored(copy)  # stale from the edit on
    window.close()
    assert _stored(copy)
    again, seen = _open(qtbot, copy, read_only=True)
    assert seen["from_snapshot"]
    assert again.current_view().model.index_of(node_id, Column.NAME).data(Qt.ItemDataRole.DisplayRole) \
        == "Renamed at the workshop"
    again.close()


def test_a_read_only_session_leaves_the_file_as_it_was(qtbot, copy):
    before = copy.read_bytes()
    window, seen = _open(qtbot, copy, read_only=True)
    assert not seen["from_snapshot"]
    window.close()
    assert not _stored(copy) and copy.read_bytes() == before


def test_the_snapshot_is_answered_only_until_the_service_is_made(qtbot, copy):
    from PySide6.QtGui import QUndoStack

    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.view_base import DeferredService, ViewContext

    _open(qtbot, copy)[0].close()  # leaves the snapshot in the file
    ws = Workspace.open(copy, read_only=True)
    try:
        startup = ws.startup_view()
        assert startup is not None
        ctx = ViewContext(DeferredService(lambda: ws.service), QUndoStack(), startup.today, True,
                          startup=startup)
        day = startup.trees[0].as_of
        shown = ctx.tree(day)
        assert shown.rows == startup.trees[0].rows and ctx.tree(day) is shown
        assert ctx.trees.loads == 0 and not ws.service_ready
        assert [p.name for p in ctx.people()] == [p.name for p in startup.people]
        ctx.service.kpi_nodes()  # the service is made: the workspace may change from now on
        read = ctx.tree(day)
        assert read is not shown and ctx.trees.loads == 1 and read.rows == shown.rows
    finally:
        ws.close()
