"""The Canvas in what-if mode: tinted boxes with the delta against actual, values set on a box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from okrdesk.domain.entities import Status
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree.whatif_canvas import ValueEditor

from .kpi_support import kpi_view, sum_with_child


def _box_fill(scene, node_id) -> QColor:
    """The colour painted inside a box, away from its text (render of the real item)."""
    item = scene.items_by_id[node_id]
    item.full_detail = True
    try:
        image = QImage(int(item.width), int(item.height), QImage.Format.Format_RGB32)
        image.fill(QColor("black"))
        painter = QPainter(image)
        item.paint(painter, QStyleOptionGraphicsItem(), None)
        painter.end()
    finally:
        item.full_detail = False
    return image.pixelColor(int(item.width / 2), int(item.height) - 3)


def _show_branch(view, *ids):
    canvas = view.canvas_mode.show_canvas()
    for node_id in ids:
        canvas.scene.reveal(node_id)
    return canvas


def test_canvas_shows_what_if_values_tinted_with_the_delta(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    parent, child = sum_with_child(view.read_model)
    canvas = _show_branch(view, child.node.id)
    plain = _box_fill(canvas.scene, parent.node.id)
    view.whatif.override(child.node.id, child.value + 500)
    assert view.canvas_mode.mode() == "canvas"  # what-if no longer sends the user back to the Outline
    scene = canvas.scene
    assert scene.tree is view.whatif.shown
    parent_box, child_box = scene.items_by_id[parent.node.id], scene.items_by_id[child.node.id]
    assert parent_box.row.value == pytest.approx(parent.value + 500)
    assert parent_box.change_text.startswith("Δ +") and parent_box.change_text.endswith("vs actual")
    assert parent_box.change_text == view.whatif.delta_text(parent.node.id) + " vs actual"  # as in the Outline
    c = theme.current()
    assert _box_fill(scene, parent.node.id) == QColor(c.accent_tint) != plain
    assert _box_fill(scene, child.node.id) == QColor(c.status_tints[Status.AMBER])
    assert "actual" in child_box.toolTip()
    view.whatif.set_active(False)
    assert scene.tree is view.read_model and _box_fill(scene, parent.node.id) == plain


def test_double_click_on_a_box_sets_a_value(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    parent, child = sum_with_child(view.read_model)
    canvas = _show_branch(view, child.node.id)
    qtbot.mouseDClick(canvas.view.viewport(), Qt.MouseButton.LeftButton, pos=_centre(canvas, child.node.id))
    assert not [e for e in canvas.view.viewport().findChildren(ValueEditor) if e.isVisible()]  # what-if off
    view.whatif.set_active(True)
    canvas.view.centerOn(canvas.scene.items_by_id[child.node.id])
    qtbot.mouseDClick(canvas.view.viewport(), Qt.MouseButton.LeftButton, pos=_centre(canvas, child.node.id))
    editor = view.whatif.canvas.editor
    assert editor is not None and editor.isVisible() and editor.node_id == child.node.id
    editor.selectAll()
    qtbot.keyClicks(editor, "not a number")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "is not a number" in canvas.hint.text() and editor.isVisible() and not view.whatif.overrides
    editor.selectAll()
    qtbot.keyClicks(editor, f"{child.value * 2}")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.whatif.overrides[child.node.id][1] == pytest.approx(child.value * 2)
    assert canvas.scene.items_by_id[parent.node.id].row.value == pytest.approx(parent.value + child.value)
    assert not editor.isVisible() and demo_ctx.undo_stack.count() == 0

    editor = view.whatif.canvas.edit(parent.node.id)  # a formula node's box takes a value too
    editor.setText("12")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert parent.node.id not in view.whatif.overrides and not editor.isVisible()


def test_context_menu_restores_and_opens_the_dialogs(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    parent, child = sum_with_child(view.read_model)
    canvas = _show_branch(view, child.node.id)
    view.whatif.override(child.node.id, child.value + 1)
    menu = view.whatif.canvas.menu(child.node.id)
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert list(actions) == ["Set what-if value…", "Restore actual value", "Goal seek…", "Root cause…"]
    actions["Restore actual value"].trigger()
    assert not view.whatif.overrides
    assert canvas.scene.items_by_id[parent.node.id].row.value == parent.value
    assert not view.whatif.canvas.menu(child.node.id).actions()[1].isEnabled()
    view.whatif.canvas.menu(parent.node.id).actions()[3].trigger()
    assert view.whatif.last_dialog.target.currentData() == parent.node.id
    view.whatif.last_dialog.reject()


def _centre(canvas, node_id) -> QPoint:
    item = canvas.scene.items_by_id[node_id]
    canvas.view.centerOn(item)
    return canvas.view.mapFromScene(item.mapToScene(QRectF(0, 0, item.width, item.height).center()))


def _picture(scene):
    """What every box shows, and the overview's status blocks."""
    boxes = {nid: (item.value_text, item.change_text, item.change_colour.name(), item.status_text,
                   item.whatif_fill.name() if item.whatif_fill is not None else None, item.toolTip())
             for nid, item in scene.items_by_id.items()}
    blocks = sorted((colour.name(), sorted((r.x(), r.y()) for r in rects)) for colour, rects in scene.overview._groups)
    return boxes, blocks


def test_values_redrawn_in_place_match_a_full_rebuild(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    parent, child = sum_with_child(view.read_model)
    canvas = _show_branch(view, child.node.id)
    scene = canvas.scene
    items = dict(scene.items_by_id)
    for value in (child.value * 50, 0.0, child.value + 1):
        view.whatif.override(child.node.id, value)
        assert scene.items_by_id == items  # the same boxes, redrawn in place
        in_place = _picture(scene)
        scene.set_tree(scene.tree)  # a full rebuild from the same tree
        assert _picture(scene) == in_place
        items = dict(scene.items_by_id)
    statuses = {scene.items_by_id[parent.node.id].status_text}
    view.whatif.override(parent.node.id, -1e12)  # far off target: the status (and its block) changes
    statuses.add(scene.items_by_id[parent.node.id].status_text)
    assert len(statuses) == 2
    in_place = _picture(scene)
    scene.set_tree(scene.tree)
    assert _picture(scene) == in_place
