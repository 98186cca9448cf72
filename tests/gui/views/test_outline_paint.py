"""The Outline's own cell painting and the leaf flags that keep its layout cheap."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from okrdesk.ui import theme
from okrdesk.ui.kpi_tree.outline_model import Column
from tests.gui.views.kpi_support import kpi_view

LEAF = Qt.ItemFlag.ItemNeverHasChildren


def _leaf_with_leaf_sibling(view):
    """(leaf, the leaf right below it under the same parent)."""
    shape = view.model.shape
    for pid, kids in shape.children.items():
        for above, below in zip(kids, kids[1:]):
            if not shape.children.get(above) and not shape.children.get(below):
                return above, below
    raise AssertionError("no two leaves side by side")


def _view_index(view, node_id, column=Column.CODE):
    return view.proxy.from_source(view.model.index_of(node_id, column))


def test_leaves_say_they_never_have_children_and_parents_do_not(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    shape = view.model.shape
    parent = next(nid for nid, kids in shape.children.items() if nid is not None and kids)
    leaf = next(nid for nid, kids in shape.children.items() if nid is not None and not kids)
    assert not view.model.index_of(parent).flags() & LEAF
    assert view.model.index_of(leaf).flags() & LEAF
    assert view.model.rowCount(view.model.index_of(parent, Column.NAME)) == 0  # only the first column has children


def test_the_model_refuses_structural_edits_from_outside(qtbot, demo_ctx):
    """After a move drop Qt's view asks the model to remove the dragged rows: the model
    moved them already, so it must refuse (the rows and the workspace stay)."""
    view = kpi_view(qtbot, demo_ctx, shown=True)
    roots = list(view.model.shape.children[None])
    count = len(demo_ctx.service.kpi_nodes())
    assert not view.model.removeRows(0, 1)
    assert not view.model.insertRows(0, 1)
    assert view.model.shape.children[None] == roots and view.model.rowCount() == len(roots)
    assert [view.model.node_id(view.model.index(r, 0)) for r in range(len(roots))] == roots  # Qt's rows too
    assert len(demo_ctx.service.kpi_nodes()) == count


def test_a_leaf_that_receives_a_child_opens_and_shows_it(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    above, below = _leaf_with_leaf_sibling(view)
    view.select_node(below)
    view.editing.indent()  # Tab: ``below`` becomes the only child of the leaf ``above``
    assert view.model.shape.children[above] == [below]
    assert not view.model.index_of(above).flags() & LEAF
    assert view.tree_view.isExpanded(_view_index(view, above))
    assert view.tree_view.visualRect(_view_index(view, below)).isValid()  # laid out, in sight
    demo_ctx.undo_stack.undo()
    assert view.model.index_of(above).flags() & LEAF
    assert view.tree_view.visualRect(_view_index(view, below)).isValid()


def _pixel(image, view, node_id, column, x_offset=4):
    rect = view.tree_view.visualRect(_view_index(view, node_id, column))
    return image.pixelColor(QPoint(rect.left() + x_offset, rect.top() + 3)), rect


def test_cells_are_painted_with_selection_tint_hairline_text_and_pill(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    rows = view.model.shape.children[None]
    first = rows[0]
    second = view.model.shape.children[first][0]
    view.select_node(first)
    image = view.tree_view.viewport().grab().toImage()
    colours = theme.current()
    selected, rect = _pixel(image, view, first, Column.NAME)
    assert selected == QColor(colours.accent_tint)
    plain, rect2 = _pixel(image, view, second, Column.NAME)
    assert plain == QColor(colours.surface)
    hairline = image.pixelColor(QPoint(rect2.left() + 4, rect2.bottom()))
    assert hairline == QColor(colours.hover)
    # The name is written: some pixels of the text line are much darker than the surface.
    y = rect2.center().y()
    darkest = min(image.pixelColor(QPoint(x, y)).lightness() for x in range(rect2.left(), rect2.right()))
    assert darkest < 120
    # The status pill: its tint fills the middle of the pill's left part.
    status = view.model.row_by_id(second).status
    tint = theme.status_tint(status)
    pill_rect = view.tree_view.visualRect(_view_index(view, second, Column.STATUS))
    assert image.pixelColor(QPoint(pill_rect.left() + 9, pill_rect.center().y() - 6)) == tint


def test_a_long_name_is_elided_inside_its_cell(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    view.tree_view.header().setSectionResizeMode(Column.NAME, view.tree_view.header().ResizeMode.Interactive)
    view.tree_view.setColumnWidth(Column.NAME, 90)
    node = next(r.node for r in view.read_model.rows if len(r.node.name) > 20)
    view.select_node(node.id)
    view.tree_view.scrollTo(_view_index(view, node.id))
    image = view.tree_view.viewport().grab().toImage()
    rect = view.tree_view.visualRect(_view_index(view, node.id, Column.NAME))
    y = rect.center().y()
    inside = [image.pixelColor(QPoint(x, y)).lightness() for x in range(rect.left() + 11, rect.right() - 11)]
    margin = [image.pixelColor(QPoint(x, y)).name() for x in range(rect.right() - 8, rect.right() + 1)]
    assert min(inside) < 150  # text is there
    assert set(margin) == {QColor(theme.current().accent_tint).name()}  # and stops before the cell's edge
