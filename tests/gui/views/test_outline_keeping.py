"""A moved branch keeps its open and folded nodes and its selection (Qt items move by
take and insert, which would lose both)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.views.kpi_support import kpi_view


def _deep_branch(shape):
    """A non-root node with a grandchild (a branch with a branch inside), and a root elsewhere."""
    for nid, parent in shape.parent.items():
        if parent is None:
            continue
        inner = [k for k in shape.children.get(nid, []) if shape.children.get(k)]
        if inner:
            top = nid
            while shape.parent[top] is not None:
                top = shape.parent[top]
            other = next(r for r in shape.children[None] if r != top)
            return nid, inner, other
    raise AssertionError("no branch with a branch inside")


def test_a_dropped_branch_keeps_folds_and_selection_and_undo_too(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    model, front, tree_view = view.model, view.proxy, view.tree_view
    branch, inner, target = _deep_branch(model.shape)
    folded, opened = inner[0], inner[1:]

    def index(nid):
        return front.from_source(model.index_of(nid))

    tree_view.collapse(index(folded))
    view.select_node(branch)
    data = front.mimeData([index(branch)])
    assert front.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, index(target))
    assert model.shape.parent[branch] == target
    for _ in range(2):  # after the drop, then after its undo
        assert not tree_view.isExpanded(index(folded))
        assert tree_view.isExpanded(index(branch))
        assert all(tree_view.isExpanded(index(n)) for n in opened)
        assert view.selected_node_id() == branch and view.selected_node_ids() == [branch]
        demo_ctx.undo_stack.undo()
    assert model.shape.parent[branch] != target
