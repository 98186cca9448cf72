"""sync_shape: any tree shape turns into any other with valid row signals (the model
tester watches every one), and a moved subtree costs one signal, not one per sibling."""

from __future__ import annotations

import shiboken6
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTreeView

from okrdesk.ui.kpi_tree.outline_model import OutlineModel
from okrdesk.ui.kpi_tree.outline_sync import TreeShape, sync_shape


def _shape(parents: list[int | None], order: list[int]) -> TreeShape:
    """A forest: node k's parent is ``parents[k]`` (an earlier node or None); siblings
    in the order of ``order``."""
    children: dict[int | None, list[int]] = {None: []}
    rank = {n: i for i, n in enumerate(order)}
    for node in sorted(range(len(parents)), key=lambda n: rank[n]):
        children.setdefault(parents[node], []).append(node)
    return TreeShape.from_children(children)


@st.composite
def forests(draw, size: int):
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, k - 1))) for k in range(1, size)]
    order = draw(st.permutations(list(range(size))))
    return _shape(parents, order)


def _model(shape: TreeShape) -> OutlineModel:
    model = OutlineModel()
    model.show_shape(shape)
    return model


def _assert_items_match(model: OutlineModel) -> None:
    """Every node's index is where Qt's items have it, and Qt's rows are the shape's."""
    for nid, row in model.shape.row.items():
        index = model.index_of(nid)
        assert index == model.indexFromItem(model._items[nid]), nid
        assert model.node_id(index) == nid and index.row() == row
        assert model.rowCount(index) == len(model.shape.children.get(nid, []))
        assert bool(index.flags() & Qt.ItemFlag.ItemNeverHasChildren) == (not model.shape.children.get(nid))
        assert not shiboken6.ownedByPython(model._items[nid])  # Qt deletes it, never Python too
    assert model.rowCount() == len(model.shape.children[None])


def _normal(shape: TreeShape) -> tuple:
    return {k: v for k, v in shape.children.items() if v}, shape.parent, shape.row


def _sync_and_check(qtmodeltester, before: TreeShape, after: TreeShape, parents=None) -> None:
    """Sync a model showing ``before`` (in an expanded view, watched by the model tester)
    to ``after``; its shape and Qt's items must then be ``after``."""
    model = _model(before)
    qtmodeltester.check(model)
    view = QTreeView()
    view.setModel(model)
    view.expandAll()
    sync_shape(model, after, parents)
    assert _normal(model.shape) == _normal(after)
    _assert_items_match(model)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_shape_becomes_any_other_with_valid_signals(qtmodeltester, qtbot, data) -> None:
    size = data.draw(st.integers(1, 14))
    _sync_and_check(qtmodeltester, data.draw(forests(size)), data.draw(forests(size)))




@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_shape_patched_where_it_differs_is_the_whole_new_shape(qtmodeltester, qtbot, data) -> None:
    """What the Outline does on every reload: only the parents whose children differ are
    patched and visited, and the result is the shape built from scratch."""
    before = data.draw(forests(data.draw(st.integers(1, 12))))
    after = data.draw(forests(data.draw(st.integers(1, 12))))
    children = {k: v for k, v in after.children.items() if v}  # as TreeReadModel.child_ids() gives them
    differing = before.differing(children)
    wanted = before.patched({pid: children.get(pid, []) for pid in differing})
    assert _normal(wanted) == _normal(after)
    _sync_and_check(qtmodeltester, before, wanted, differing)


def test_moving_a_root_under_another_is_one_signal(qtbot) -> None:
    roots = list(range(40))
    before = TreeShape.from_children({None: roots, 3: [100, 101], 100: [200]})
    model = _model(before)
    view = QTreeView()
    view.setModel(model)
    view.expandAll()
    persistent = QPersistentModelIndex(model.index_of(39))
    wanted = TreeShape.from_children({None: [r for r in roots if r != 3], 0: [3], 3: [100, 101], 100: [200]})
    assert sync_shape(model, wanted) == 1
    assert model.shape.parent[3] == 0 and persistent.row() == 38
    back = TreeShape.from_children({None: roots, 3: [100, 101], 100: [200]})
    assert sync_shape(model, back) == 1  # and back, as an undo does
    to_end = TreeShape.from_children({None: roots[1:] + [0], 3: [100, 101], 100: [200]})
    assert sync_shape(model, to_end) == 1  # a reorder: the node that travels moves, not its siblings
    assert sync_shape(model, back) == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_nodes_come_and_go_with_valid_signals(qtmodeltester, qtbot, data) -> None:
    """Inserted and removed nodes (new roots among them), as a create or a delete does."""
    before = data.draw(forests(data.draw(st.integers(1, 12))))
    _sync_and_check(qtmodeltester, before, data.draw(forests(data.draw(st.integers(1, 12)))))


def test_deleting_the_model_lets_go_of_every_item_wrapper(qtbot) -> None:
    """Qt deletes the items with the model; a Python wrapper kept for one would later be
    handed out for whatever new Qt object takes its address."""
    view = QTreeView()
    model = _model(TreeShape.from_children({None: [1, 2], 1: [3, 4], 4: [5]}))
    model.setParent(view)
    view.setModel(model)
    assert len(model._items) == 5
    shiboken6.delete(view)
    assert model._items == {} and model._item_at == {}
