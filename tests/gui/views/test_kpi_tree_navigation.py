"""The outline's context menu opens a node's trend and its branch dashboard in the real
main window (PRODUCT.md §3: "Right-click a node: … Open branch dashboard")."""

from __future__ import annotations

import pytest

from okrdesk.ui.main_window import MainWindow


@pytest.fixture
def window(themed_app, qtbot, workspace_file):
    w = MainWindow()  # every installed view
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.first_data_paint, timeout=20_000):
        assert w.open_path(workspace_file)
    yield w
    w.close()


def _outline(window: MainWindow):
    view = window.show_view("kpi-tree")
    assert view is not None and view.key == "kpi-tree"
    return view


def _node(view, code: str) -> int:
    row = view.ctx.tree(view.ctx.today).find(code)
    assert row is not None
    return row.node.id


def test_menu_offers_trend_and_branch_for_a_node_with_children(window):
    view = _outline(window)
    view.select_node(_node(view, "REV"))
    texts = [a.text() for a in view.editing.build_menu().actions()]
    assert "Open its trend" in texts and "Open branch dashboard" in texts


def test_menu_offers_no_branch_for_a_leaf(window):
    view = _outline(window)
    leaf = next(r for r in view.ctx.tree(view.ctx.today).rows
                if not view.ctx.tree(view.ctx.today).children(r.node.id))
    view.select_node(leaf.node.id)
    texts = [a.text() for a in view.editing.build_menu().actions()]
    assert "Open its trend" in texts and "Open branch dashboard" not in texts


def test_open_trend_shows_the_node_in_trends(window, qtbot):
    view = _outline(window)
    rev = _node(view, "REV")
    view.select_node(rev)
    view.editing.actions["open_trend"].trigger()
    trends = window.current_view()
    assert trends is not None and trends.key == "trends"
    assert trends.selected_node_id() == rev


def test_open_branch_dashboard_shows_that_branch(window):
    view = _outline(window)
    rev = _node(view, "REV")
    view.select_node(rev)
    view.editing.actions["open_branch"].trigger()
    dashboard = window.current_view()
    assert dashboard is not None and dashboard.key == "dashboard"
    assert dashboard.team_combo.currentData() == f"branch:{rev}"
