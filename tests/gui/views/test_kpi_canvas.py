"""The KPI tree Canvas on the workshop demo: boxes, connectors, folding, zoom,
selection sharing, drops (through the scene's drop handling) and exports."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage

from okrdesk.domain.entities import FormulaKind, NodeKind
from okrdesk.ui.kpi_tree.canvas import KpiCanvas, SelectionSync
from okrdesk.ui.kpi_tree.canvas import drop, style
from okrdesk.ui.kpi_tree.canvas.edges import ConnectorItem
from okrdesk.ui.kpi_tree.canvas.node_item import DROP_ACCEPT, DROP_NONE, DROP_REFUSE, NodeItem
from okrdesk.ui.kpi_tree import formatting as fmt
from tests.gui.views.conftest import DEMO_TODAY


@pytest.fixture
def canvas(demo_ctx, qtbot, themed_app):
    widget = KpiCanvas()
    qtbot.addWidget(widget)
    widget.set_context(demo_ctx)
    widget.resize(1400, 900)
    widget.scene.set_collapsed(())
    widget.set_tree(demo_ctx.tree(DEMO_TODAY))
    widget.scene.set_collapsed(())
    return widget


def _refresh(canvas, ctx):
    canvas.set_tree(ctx.tree(DEMO_TODAY))


def _positions(canvas) -> dict[int, tuple[float, float]]:
    return {i: (item.pos().x(), item.pos().y()) for i, item in canvas.scene.items_by_id.items()}


def test_every_node_is_a_box_and_no_boxes_overlap(canvas):
    tree = canvas.scene.tree
    assert set(canvas.scene.items_by_id) == set(tree.ids)
    rects = [item.mapRectToScene(item.shape().boundingRect()) for item in canvas.scene.items_by_id.values()]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), f"{a} overlaps {b}"


def test_a_box_shows_value_change_status_and_kpis_stand_out(canvas):
    tree = canvas.scene.tree
    row = next(r for r in tree.rows if r.value is not None and r.change and r.status is not None and r.sparkline)
    item = canvas.scene.items_by_id[row.node.id]
    assert item.name_text.rstrip("…") in row.node.name
    assert item.code_text == row.node.code
    assert item.status_text.endswith(("On target", "Watch", "Off target"))  # a word, never colour alone
    assert item.change_text.startswith(("▲", "▼"))
    assert item.sparkline == row.sparkline
    kpi = next(i for i in canvas.scene.items_by_id.values() if i.kind == NodeKind.KPI)
    metric = next(i for i in canvas.scene.items_by_id.values() if i.kind == NodeKind.METRIC)
    assert kpi.width > metric.width and kpi.height > metric.height


def test_change_colour_follows_the_direction(canvas):
    colours = style.canvas_colours()
    for item in canvas.scene.items_by_id.values():
        good = fmt.change_tone(item.row)
        expected = colours.muted if good is None else (colours.good if good else colours.bad)
        assert item.change_colour == expected


def test_formula_connectors_carry_their_operator(canvas):
    tree = canvas.scene.tree
    labels = {c.parent_box: c.operator for c in canvas.scene.connectors}
    layout = canvas.scene.layout
    for row in tree.rows:
        if not tree.children(row.node.id):
            continue
        kind = FormulaKind(row.node.formula)
        assert labels[layout.boxes[row.node.id]] == style.OPERATOR_LABELS.get(kind, "")
    assert {"Σ", "ƒ"} <= set(labels.values())


def test_influence_links_are_drawn_between_shown_boxes(canvas):
    tree = canvas.scene.tree
    expected = [link for link in tree.links if link.source_id in tree.ids and link.target_id in tree.ids]
    assert expected, "the demo has influence links"
    assert len(canvas.scene.influences) == len(expected)


def test_folding_a_branch_hides_it_and_unfolding_restores_every_box(canvas):
    tree = canvas.scene.tree
    before = _positions(canvas)
    parent = max((r for r in tree.rows if tree.children(r.node.id)), key=lambda r: len(drop.descendants(tree, r.node.id)))
    hidden = drop.descendants(tree, parent.node.id)
    canvas.scene.toggle_branch(parent.node.id)
    assert not hidden & set(canvas.scene.items_by_id)
    toggle = canvas.scene.items_by_id[parent.node.id].toggle
    assert toggle is not None and toggle.label == f"+{len(hidden)}"
    canvas.scene.toggle_branch(parent.node.id)
    assert _positions(canvas) == before


def test_an_unrelated_edit_moves_no_box(canvas, demo_ctx):
    before = _positions(canvas)
    row = next(r for r in canvas.scene.tree.rows if r.depth > 0)
    demo_ctx.service.update_node(row.node.id, name="A much longer name than it had before, to check stability")
    demo_ctx.invalidate()
    _refresh(canvas, demo_ctx)
    assert _positions(canvas) == before
    assert canvas.scene.items_by_id[row.node.id].row.node.name.startswith("A much longer")


def test_zoom_fit_and_the_overview_at_far_zoom(canvas, qtbot):
    canvas.show()
    qtbot.waitExposed(canvas)
    view = canvas.view
    canvas.fit()
    fitted = view.scale_factor()
    rect = view.mapToScene(view.viewport().rect()).boundingRect()
    layout = canvas.scene.layout
    assert rect.width() >= layout.width - 1 or rect.height() >= layout.height - 1
    view.zoom_in()
    assert view.scale_factor() == pytest.approx(fitted * 1.25)
    assert canvas.zoom_label.text() == f"{fitted * 125:.0f}%"
    view.zoom_to(style.OVERVIEW_SCALE / 2)
    assert canvas.scene.overview_on and canvas.scene.overview.isVisible()
    assert not any(i.isVisible() for i in canvas.scene.items_by_id.values())
    view.zoom_to(1.0)
    assert not canvas.scene.overview_on
    assert all(i.isVisible() for i in canvas.scene.items_by_id.values())


def test_selection_is_shared_both_ways(canvas):
    sync = canvas.selection
    seen = []
    sync.changed.connect(lambda ids, source: seen.append((ids, source)))
    some = list(canvas.scene.items_by_id)[:3]
    canvas.scene.items_by_id[some[0]].setSelected(True)
    assert sync.ids == (some[0],) and seen[-1] == ((some[0],), canvas)
    other = object()
    sync.set([some[1], some[2]], source=other)
    assert set(canvas.scene.selected_ids()) == {some[1], some[2]}


def test_selecting_a_folded_node_from_elsewhere_unfolds_its_branch(canvas):
    tree = canvas.scene.tree
    parent = next(r for r in tree.rows if tree.children(r.node.id) and r.depth == 0)
    child = tree.children(parent.node.id)[0].node.id
    canvas.scene.toggle_branch(parent.node.id)
    assert child not in canvas.scene.items_by_id
    canvas.selection.set([child], source="outline")
    assert canvas.scene.selected_ids() == [child]


def test_selection_sync_ignores_repeats_and_keeps_only_live_ids():
    sync = SelectionSync()
    seen = []
    sync.changed.connect(lambda ids, source: seen.append(ids))
    assert sync.set([3, 1, 3]) and sync.ids == (3, 1) and sync.current == 1
    assert not sync.set([3, 1])
    sync.keep_only([1, 2])
    assert sync.ids == (1,) and seen == [(3, 1), (1,)]


# ---------------------------------------------------------------------- drag and drop

def _pick_move(tree):
    """A node with a subtree and a target outside it under a different parent."""
    node = next(r for r in tree.rows if r.depth > 0 and tree.children(r.node.id))
    inside = drop.descendants(tree, node.node.id) | {node.node.id}
    target = next(r for r in tree.rows if r.node.id not in inside and r.node.id != node.node.parent_id)
    return node, target


def _centre(item: NodeItem) -> QPointF:
    return item.mapToScene(QPointF(item.width / 2, item.height / 2))


def test_dropping_a_box_on_another_reparents_it_in_one_undoable_step(canvas, demo_ctx):
    tree = canvas.scene.tree
    node, target = _pick_move(tree)
    old_parent, old_position = node.node.parent_id, node.node.position
    target_item = canvas.scene.items_by_id[target.node.id]
    data = drop.encode_ids([node.node.id])
    assert canvas.scene.drag_over(data, _centre(target_item)) == Qt.DropAction.MoveAction
    assert target_item.drop_state == DROP_ACCEPT
    assert canvas.scene.drop_at(data, _centre(target_item)) == Qt.DropAction.MoveAction
    assert target_item.drop_state == DROP_NONE
    moved = demo_ctx.service.kpi_node(node.node.id)
    assert moved.parent_id == target.node.id
    assert demo_ctx.undo_stack.count() == 1
    _refresh(canvas, demo_ctx)
    assert canvas.scene.tree.row(node.node.id).node.parent_id == target.node.id
    demo_ctx.undo_stack.undo()
    back = demo_ctx.service.kpi_node(node.node.id)
    assert (back.parent_id, back.position) == (old_parent, old_position)
    demo_ctx.undo_stack.redo()
    assert demo_ctx.service.kpi_node(node.node.id).parent_id == target.node.id


def test_a_drop_on_its_own_branch_is_refused_with_red_feedback(canvas, demo_ctx):
    tree = canvas.scene.tree
    parent = next(r for r in tree.rows if tree.children(r.node.id))
    child = tree.children(parent.node.id)[0]
    messages = []
    canvas.scene.drop_message.connect(messages.append)
    for target_id in (parent.node.id, child.node.id):
        item = canvas.scene.items_by_id[target_id]
        action = canvas.scene.drag_over(drop.encode_ids([parent.node.id]), _centre(item))
        assert action == Qt.DropAction.IgnoreAction  # the event is ignored: Qt shows the forbidden cursor
        assert item.drop_state == DROP_REFUSE
        assert messages[-1] and parent.node.name in messages[-1]
    assert not canvas.scene.handle_drop(drop.encode_ids([parent.node.id]), child.node.id)
    assert demo_ctx.undo_stack.count() == 0
    assert demo_ctx.service.kpi_node(parent.node.id).parent_id == parent.node.parent_id
    assert canvas.scene.drop_at(drop.encode_ids([parent.node.id]), _centre(item)) == Qt.DropAction.IgnoreAction
    assert all(i.drop_state == DROP_NONE for i in canvas.scene.items_by_id.values())


def test_several_boxes_move_together_and_undo_as_one(canvas, demo_ctx):
    tree = canvas.scene.tree
    target = tree.rows[0]
    outside = drop.descendants(tree, target.node.id) | {target.node.id}
    movers = [r for r in tree.rows if r.node.id not in outside and r.depth > 0][:3]
    before = {r.node.id: (r.node.parent_id, r.node.position) for r in tree.rows}
    assert canvas.scene.handle_drop(drop.encode_ids([r.node.id for r in movers]), target.node.id)
    assert demo_ctx.undo_stack.count() == 1
    for r in movers:
        assert demo_ctx.service.kpi_node(r.node.id).parent_id in ({target.node.id} | {m.node.id for m in movers})
    demo_ctx.undo_stack.undo()
    after = {n.id: (n.parent_id, n.position) for n in demo_ctx.service.kpi_nodes()}
    assert after == before


def test_drop_payloads_decode_from_either_view():
    from PySide6.QtCore import QMimeData

    assert drop.decode_ids(drop.encode_ids([4, 2])) == [4, 2]
    data = QMimeData()
    data.setData(drop.MIME_TYPE, b'{"ids": [7, 8]}')
    assert drop.decode_ids(data) == [7, 8]
    data.setData(drop.MIME_TYPE, b"5, 6")
    assert drop.decode_ids(data) == [5, 6]
    assert drop.decode_ids(QMimeData()) == []


# ---------------------------------------------------------------------- export

def test_exports_write_the_whole_tree(canvas, tmp_path):
    png = canvas.export_to(tmp_path / "tree.png")
    image = QImage(str(png))
    layout = canvas.scene.layout
    assert image.width() > layout.width  # print quality: more pixels than the scene
    assert len({image.pixel(x, image.height() // 3) for x in range(0, image.width(), 7)}) > 5
    svg = canvas.export_to(tmp_path / "tree.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and canvas.scene.tree.rows[0].node.code in svg
    pdf = canvas.export_to(tmp_path / "tree.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    with pytest.raises(ValueError, match="use a .png, .svg or .pdf"):
        canvas.export_to(tmp_path / "tree.gif")


def test_export_asks_for_a_path(canvas, tmp_path, monkeypatch):
    monkeypatch.setattr(canvas, "_ask_save_path", lambda kind: str(tmp_path / "picked"))
    out = canvas.ask_export("svg")
    assert out == tmp_path / "picked.svg" and out.exists()
    monkeypatch.setattr(canvas, "_ask_save_path", lambda kind: "")
    assert canvas.ask_export("png") is None


# ---------------------------------------------------------------------- in the KPI Tree view

def test_the_kpi_tree_view_switches_to_the_canvas_and_shares_the_selection(demo_ctx, qtbot, themed_app):
    from okrdesk.ui.kpi_tree import KpiTreeView
    from okrdesk.ui.kpi_tree.canvas.integration import CANVAS, OUTLINE

    view = KpiTreeView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    mode = view.canvas_mode
    assert mode.mode() == OUTLINE
    mode.buttons[CANVAS].click()
    assert mode.mode() == CANVAS and mode.canvas.scene.tree is view.read_model
    tree = view.read_model
    row = next(r for r in tree.rows if r.depth == 1)
    mode.canvas.scene.reveal(row.node.id)
    mode.canvas.scene.items_by_id[row.node.id].setSelected(True)
    mode.canvas.scene.select_ids([row.node.id], notify=True)
    assert view.selected_node_id() == row.node.id  # the Outline (and its details panel) follow
    other = next(r for r in tree.rows if r.depth == 0 and r.node.id != row.node.id)
    mode.buttons[OUTLINE].click()
    view.select_node(other.node.id)
    assert mode.selection.ids == (other.node.id,)
    assert mode.canvas.scene.selected_ids() == [other.node.id]


def test_render_key_kpi_canvas_draws_the_canvas(demo_workspace_file, tmp_path, themed_app):
    from okrdesk.ui.render import render_view
    from okrdesk.ui.views_registry import render_target

    spec, mode = render_target("kpi-canvas")
    assert (spec.key, mode) == ("kpi-tree", "canvas")
    with pytest.raises(ValueError, match="kpi-canvas"):
        render_target("nope")
    out = render_view(demo_workspace_file, "kpi-canvas", tmp_path / "canvas.png")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)


def _as_rebuilt(canvas) -> tuple[dict, dict, set, dict]:
    """Positions, shown texts, connector parents and branch toggles of every box."""
    scene = canvas.scene
    toggles = {i: (item.toggle.label if item.toggle is not None else None) for i, item in scene.items_by_id.items()}
    texts = {i: (item.value_text, item.change_text, item.status_text) for i, item in scene.items_by_id.items()}
    parents = {round(c.boundingRect().top()) for c in scene.connectors}
    return _positions(canvas), texts, parents, toggles


def test_edits_update_boxes_in_place_exactly_as_a_fresh_build_shows_them(canvas, demo_ctx):
    """A move, its undo, a value edit and a fold are shown by moving and redrawing the
    boxes that changed (the other box objects stay); the result is what a whole new
    build of the same tree shows."""
    scene = canvas.scene
    tree = scene.tree
    node, target = _pick_move(tree)
    untouched = next(i for i in scene.items_by_id if i not in (node.node.id, target.node.id))
    keep = scene.items_by_id[untouched]
    kept_item = scene.items_by_id[node.node.id]
    before = _positions(canvas)
    demo_ctx.service.move_nodes([node.node.id], target.node.id, 0)
    _refresh(canvas, demo_ctx)
    assert scene.items_by_id[untouched] is keep and scene.items_by_id[node.node.id] is kept_item
    assert _positions(canvas) != before
    shown = _as_rebuilt(canvas)
    canvas.scene._rebuild()
    assert _as_rebuilt(canvas) == shown
    leaf = next(r for r in scene.tree.rows if r.node.formula == FormulaKind.NONE and r.bucket is not None)
    item = scene.items_by_id[leaf.node.id]
    demo_ctx.service.set_measurement(leaf.node.id, leaf.bucket, (leaf.value or 0) + 12345.0)
    _refresh(canvas, demo_ctx)
    assert scene.items_by_id[leaf.node.id] is item and item.row is scene.tree.row(leaf.node.id)
    shown = _as_rebuilt(canvas)
    canvas.scene._rebuild()
    assert _as_rebuilt(canvas) == shown
    parent = next(i for i, it in scene.items_by_id.items() if it.toggle is not None and scene.tree.parent_id(i))
    scene.toggle_branch(parent)
    shown = _as_rebuilt(canvas)
    canvas.scene._rebuild()
    assert _as_rebuilt(canvas) == shown and scene.items_by_id[parent].toggle.folded
