"""Editing the KPI tree in the Outline: inline cells, keys, drag and drop, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from okrdesk.ui.kpi_tree import KpiTreeView, outline_editing
from okrdesk.ui.kpi_tree.outline_dnd import MIME_TYPE, decode_ids
from okrdesk.ui.kpi_tree.outline_model import Column


@pytest.fixture
def view(qtbot, demo_ctx):
    view = KpiTreeView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.show()
    resets = []
    view.model.modelAboutToBeReset.connect(lambda: resets.append(1))
    view.resets = resets
    return view


def _node(view, code):
    row = view.read_model.find(code)
    assert row is not None, code
    return row.node


def _src(view, code, column=Column.CODE):
    return view.model.index_of(_node(view, code).id, column)


def _children_codes(view, code):
    parent = None if code is None else _node(view, code).id
    return [view.model.row_of(view.model.index_of(i)).node.code for i in view.model.shape.children[parent]]


def _structure(service):
    return sorted((n.id, n.code, n.parent_id, n.position) for n in service.kpi_nodes())


def test_model_tester_passes_while_editing_and_no_edit_resets(qtmodeltester, view, demo_ctx):
    qtmodeltester.check(view.model)
    rev = _node(view, "REV")
    kids = view.model.shape.children[rev.id]
    view.commands.update(kids[0], name="Renamed child")
    view.commands.move([kids[0]], None, 0)
    view.commands.copy([rev.id], None, 1)
    view.commands.delete([kids[-1]])
    qtmodeltester.check(view.model)
    for _ in range(4):
        demo_ctx.undo_stack.undo()
    qtmodeltester.check(view.model)
    assert view.resets == []
    assert view.model.row_of(view.model.index_of(kids[0])).node.name != "Renamed child"


def test_inline_rename_is_one_undoable_command(view, demo_ctx):
    index = _src(view, "REV", Column.NAME)
    assert view.model.column_editable(Column.NAME) and not view.model.column_editable(Column.KIND)
    assert view.model.setData(index, "Total revenue")
    assert view.cell_text(_node(view, "REV").id, Column.NAME) == "Total revenue"
    assert demo_ctx.undo_stack.count() == 1
    demo_ctx.undo_stack.undo()
    assert view.cell_text(_node(view, "REV").id, Column.NAME) != "Total revenue"
    assert view.resets == []


@pytest.mark.parametrize("column, text, reason", [
    (Column.CODE, "rev.sub", "already used"),
    (Column.CODE, "HAS SPACE", "spaces"),
    (Column.NAME, "   ", "needs a name"),
    (Column.TARGET, "12x", "not a number"),
])
def test_refused_inline_edits_say_why_and_change_nothing(view, demo_ctx, column, text, reason):
    assert view.read_model.find("REV.SUB") is not None
    before = _structure(demo_ctx.service)
    messages = []
    view.model.edit_refused.connect(messages.append)
    assert not view.model.setData(_src(view, "REV", column), text)
    assert messages and reason in messages[-1]
    assert view.status_line.isVisible() and reason in view.status_line.text()
    assert demo_ctx.undo_stack.count() == 0 and _structure(demo_ctx.service) == before


def test_target_is_parsed_in_the_users_locale(view, demo_ctx):
    rev = _node(view, "REV")
    assert view.model.setData(_src(view, "REV", Column.TARGET), "1,234,567.5")
    assert demo_ctx.service.kpi_node(rev.id).target == 1234567.5
    assert view.model.setData(_src(view, "REV", Column.TARGET), "")
    assert demo_ctx.service.kpi_node(rev.id).target is None


def test_keys_add_reorder_indent_outdent(qtbot, view, demo_ctx):
    rev = _node(view, "REV")
    first, second = view.model.shape.children[rev.id][:2]
    view.select_node(first)
    view.tree_view.setFocus()
    view.editing.actions["add_sibling"].trigger()
    new_id = view.model.shape.children[rev.id][1]
    assert demo_ctx.service.kpi_node(new_id).code.startswith("REV.NEW")
    assert view.tree_view.state() == view.tree_view.State.EditingState  # name opens for typing
    view.tree_view.closePersistentEditor(view.tree_view.currentIndex())
    view.select_node(second)
    view.editing.actions["move_up"].trigger()
    assert view.model.shape.children[rev.id][:3] == [first, second, new_id]
    view.editing.actions["indent"].trigger()  # second goes under first
    assert view.model.shape.parent[second] == first
    assert view.model.shape.children[first][-1] == second
    view.editing.actions["outdent"].trigger()
    assert view.model.shape.parent[second] == rev.id and view.model.shape.row[second] == 1
    view.editing.actions["add_child"].trigger()
    assert len(view.model.shape.children[second]) >= 1
    assert view.resets == []
    while demo_ctx.undo_stack.canUndo():
        demo_ctx.undo_stack.undo()
    assert view.model.shape.children[rev.id][:2] == [first, second]
    assert new_id not in view.model.shape.parent


def test_delete_asks_with_counts_and_undo_restores(view, demo_ctx, monkeypatch):
    rev = _node(view, "REV")
    before = _structure(demo_ctx.service)
    asked = []
    monkeypatch.setattr(outline_editing, "confirm", lambda parent, title, text: asked.append(text) or False)
    view.select_node(rev.id)
    assert not view.editing.delete_selected()
    assert _structure(demo_ctx.service) == before
    nodes, measurements = demo_ctx.service.subtree_counts([rev.id])
    assert f"{nodes:,} nodes" in asked[0] and f"{measurements:,} measurements" in asked[0]
    monkeypatch.setattr(outline_editing, "confirm", lambda *a: True)
    assert view.editing.delete_selected()
    assert rev.id not in view.model.shape.parent and view.read_model.find("REV") is None
    demo_ctx.undo_stack.undo()
    assert _structure(demo_ctx.service) == before
    assert view.model.index_of(rev.id).isValid() and view.resets == []


def test_drop_moves_between_parents_as_one_command(view, demo_ctx):
    rev = _node(view, "REV")
    roots = list(view.model.shape.children[None])
    kids = view.model.shape.children[rev.id][:2]
    data = view.model.mimeData([view.model.index_of(k) for k in kids])
    assert data.hasFormat(MIME_TYPE) and decode_ids(data) == kids
    target = next(r for r in view.read_model.rows if r.depth == 1 and r.node.parent_id != rev.id)
    parent = view.model.index_of(target.node.id)
    assert view.model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, parent)
    assert view.model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, parent)
    assert view.model.shape.children[target.node.id][:2] == kids
    assert demo_ctx.undo_stack.count() == 1
    demo_ctx.undo_stack.undo()
    assert view.model.shape.children[rev.id][:2] == kids
    # Move between roots: drop a root between others.
    data = view.model.mimeData([view.model.index_of(roots[0])])
    assert view.model.dropMimeData(data, Qt.DropAction.MoveAction, len(roots), 0, QModelIndex())
    assert view.model.shape.children[None] == roots[1:] + roots[:1]
    assert demo_ctx.undo_stack.count() == 1
    assert view.resets == []


def test_drop_on_itself_or_a_descendant_is_refused_with_a_reason(view, demo_ctx):
    rev = _node(view, "REV")
    child = view.model.shape.children[rev.id][0]
    data = view.model.mimeData([view.model.index_of(rev.id)])
    before = _structure(demo_ctx.service)
    for target in (rev.id, child):
        assert not view.model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, view.model.index_of(target))
        assert "REV cannot be moved into itself" in view.model.refusal
        assert not view.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, view.model.index_of(target))
    assert not view.model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, view.model.index_of(child))
    assert "copied" in view.model.refusal
    assert view.status_line.isVisible() and "itself" in view.status_line.text()
    assert _structure(demo_ctx.service) == before and demo_ctx.undo_stack.count() == 0


def test_ctrl_drop_copies_a_subtree_with_new_codes(view, demo_ctx):
    rev = _node(view, "REV")
    sub = view.model.shape.children[rev.id][0]
    sub_code = demo_ctx.service.kpi_node(sub).code
    size = len(view.model.shape.subtree(sub))
    count = len(demo_ctx.service.kpi_nodes())
    data = view.model.mimeData([view.model.index_of(sub)])
    assert view.model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, view.model.index_of(rev.id))
    copy_id = view.model.shape.children[rev.id][-1]
    copy = demo_ctx.service.kpi_node(copy_id)
    assert copy.code == f"{sub_code}-2" and len(view.model.shape.subtree(copy_id)) == size
    assert len(demo_ctx.service.kpi_nodes()) == count + size
    assert view.tree_view.isExpanded(view.proxy.from_source(view.model.index_of(copy_id))) or size == 1
    demo_ctx.undo_stack.undo()
    assert len(demo_ctx.service.kpi_nodes()) == count and copy_id not in view.model.shape.parent
    demo_ctx.undo_stack.redo()
    assert demo_ctx.service.kpi_node(copy_id).code == f"{sub_code}-2"


def test_search_filter_keeps_working_after_edits(view, demo_ctx):
    rev = _node(view, "REV")
    view.commands.update(rev.id, name="Zebra revenue")
    view.set_search("zebra")
    depth = view.read_model.row(rev.id).depth
    assert view.visible_row_count() == 1 + depth  # the match and its ancestors
    view.commands.create(rev.id, 0, code="REV.ZEBRA2", name="Zebra two")
    assert view.visible_row_count() == 2 + depth
    view.set_search("")
    assert view.visible_row_count() == len(demo_ctx.service.kpi_nodes())
    QApplication.processEvents()
