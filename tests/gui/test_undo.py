"""ServiceCommand / push_edit: edits through the service, undone and redone on one stack."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from okrdesk.store.errors import ValidationError
from okrdesk.store.workspace import Workspace
from okrdesk.ui.undo import push_edit


@pytest.fixture
def service(tmp_path):
    with Workspace.create(tmp_path / "u.okrdesk") as ws:
        yield ws.service


def _codes(service) -> list[str]:
    return sorted(n.code for n in service.kpi_nodes())


def test_create_undo_redo_then_delete_restore(qapp, service):
    stack = QUndoStack()
    node = push_edit(stack, "Add REV", lambda: service.create_node("REV", "Revenue"),
                     lambda created: service.delete_node(created.id),
                     lambda snapshot: service.restore_subtree(snapshot) or service.kpi_node(node.id))
    assert _codes(service) == ["REV"] and stack.count() == 1
    stack.undo()
    assert _codes(service) == []
    stack.redo()
    assert [(n.id, n.code) for n in service.kpi_nodes()] == [(node.id, "REV")]  # same id
    rev = service.kpi_nodes()[0]
    push_edit(stack, "Delete REV", lambda: service.delete_node(rev.id),
              lambda snapshot: service.restore_subtree(snapshot))
    assert _codes(service) == []
    stack.undo()
    assert [n.id for n in service.kpi_nodes()] == [rev.id]  # the same row, restored
    assert node.code == "REV"


def test_refused_edit_leaves_no_undo_entry(qapp, service):
    stack = QUndoStack()
    service.create_node("REV", "Revenue")
    with pytest.raises(ValidationError):
        push_edit(stack, "Duplicate", lambda: service.create_node("REV", "Again"),
                  lambda created: service.delete_node(created.id))
    assert stack.count() == 0 and _codes(service) == ["REV"]
