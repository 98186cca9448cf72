"""Influence links drawn and removed on the Canvas (through the scene and the view's
events), each one undo step; self-links and duplicates refused with a hint; the
Canvas's context menu offers the node actions."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent

from okrdesk.ui.kpi_tree import KpiTreeView


def _canvas_view(qtbot, ctx):
    view = KpiTreeView(ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.show()
    canvas = view.canvas_mode.show_canvas()
    canvas.expand_all()
    return view, canvas, view.canvas_mode.actions


def _centre(canvas, node_id: int) -> QPointF:
    return canvas.scene.items_by_id[node_id].sceneBoundingRect().center()


def _unlinked_pair(tree):
    linked = {(l.source_id, l.target_id) for l in tree.links}
    rows = tree.rows
    return next((a.node.id, b.node.id) for a in rows[1:] for b in rows[3:]
                if a.node.id != b.node.id and (a.node.id, b.node.id) not in linked)


def test_draw_a_link_with_a_rubber_band_then_undo_and_redo(qtbot, demo_ctx) -> None:
    view, canvas, actions = _canvas_view(qtbot, demo_ctx)
    source, target = _unlinked_pair(view.read_model)
    links = len(demo_ctx.service.influence_links())
    steps = demo_ctx.undo_stack.count()
    actions.start_link(source)
    assert actions.rubber is not None and actions.rubber.isVisible()
    actions.link_move(_centre(canvas, target))
    assert actions.rubber.line().p2() == _centre(canvas, target)
    assert actions.finish_link(_centre(canvas, target))
    assert actions.rubber is None and actions.linking_from is None
    made = [l for l in demo_ctx.service.influence_links() if (l.source_id, l.target_id) == (source, target)]
    assert len(made) == 1 and demo_ctx.undo_stack.count() == steps + 1
    assert any(i.link_id == made[0].id for i in canvas.scene.influences)  # drawn, dashed
    demo_ctx.undo_stack.undo()
    assert len(demo_ctx.service.influence_links()) == links
    demo_ctx.undo_stack.redo()
    assert len(demo_ctx.service.influence_links()) == links + 1


def test_self_links_and_duplicates_are_refused_and_esc_cancels(qtbot, demo_ctx) -> None:
    view, canvas, actions = _canvas_view(qtbot, demo_ctx)
    source, target = _unlinked_pair(view.read_model)
    demo_ctx.service.add_link(source, target)
    view.reload()
    links, steps = len(demo_ctx.service.influence_links()), demo_ctx.undo_stack.count()
    actions.start_link(source)
    assert not actions.finish_link(_centre(canvas, source))
    assert "cannot influence itself" in canvas.hint.text() and actions.linking_from == source
    assert not actions.finish_link(_centre(canvas, target))
    assert "already influences" in canvas.hint.text() and "already influences" in view.status_line.text()
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert actions.eventFilter(canvas.view, key)
    assert actions.linking_from is None and actions.rubber is None
    assert len(demo_ctx.service.influence_links()) == links and demo_ctx.undo_stack.count() == steps


def test_right_click_on_a_dashed_link_removes_it_in_one_undo_step(qtbot, demo_ctx) -> None:
    view, canvas, actions = _canvas_view(qtbot, demo_ctx)
    source, target = _unlinked_pair(view.read_model)
    view.commands.add_link(source, target)
    item = next(i for i in canvas.scene.influences if i.link_id is not None
                and any(l.id == i.link_id and (l.source_id, l.target_id) == (source, target)
                        for l in view.read_model.links))
    on_line = item.path.pointAtPercent(0.5)
    menu = actions.menu_at(on_line)
    assert [a.text() for a in menu.actions()] == ["Remove influence link"]
    menu.actions()[0].trigger()
    assert all(l.id != item.link_id for l in demo_ctx.service.influence_links())
    demo_ctx.undo_stack.undo()
    assert any(l.id == item.link_id for l in demo_ctx.service.influence_links())


def test_a_box_menu_offers_the_node_actions(qtbot, demo_ctx) -> None:
    view, canvas, actions = _canvas_view(qtbot, demo_ctx)
    parent = next(r for r in view.read_model.rows if view.read_model.children(r.node.id))
    texts = [a.text() for a in actions.menu_at(_centre(canvas, parent.node.id)).actions() if a.text()]
    assert texts[:2] == ["Create key result from this KPI…", "Add influence link…"]
    assert view.selected_node_id() == parent.node.id  # the Outline follows the box
    actions.add_link_action.trigger()
    assert actions.linking_from == parent.node.id
