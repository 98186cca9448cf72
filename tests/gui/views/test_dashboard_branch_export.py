"""The branch dashboard (small multiples of a tree branch) and PNG/PDF export of every dashboard page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui.dashboards import DashboardView
from okrdesk.ui.dashboards.branch_data import branch_choices, branch_rows, branch_tiles, mini_trend

from .conftest import DEMO_TODAY


@pytest.fixture
def dashboard(qtbot, demo_ctx):
    view = DashboardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.set_period(demo_ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    return view


def _biggest_branch(tree: TreeReadModel) -> int:
    return max(branch_choices(tree), key=lambda r: len(branch_rows(tree, r.node.id))).node.id


def test_branch_rows_are_the_node_and_its_descendants_in_tree_order(demo_ctx):
    tree = TreeReadModel.load(demo_ctx.service, DEMO_TODAY)
    top = _biggest_branch(tree)
    rows = branch_rows(tree, top)
    assert rows[0].node.id == top
    order = [r.node.id for r in tree.rows]
    assert [r.node.id for r in rows] == sorted((r.node.id for r in rows), key=order.index)
    ids = {r.node.id for r in rows}
    assert all(r.node.parent_id in ids for r in rows[1:])
    below = [r for r in tree.rows if r.node.parent_id in ids and r.node.id not in ids]
    assert below == []
    tiles = branch_tiles(tree, top)
    assert tiles[0].level == 0 and all(t.level >= 1 for t in tiles[1:])
    trend = mini_trend(tree, top)
    assert 0 < len(trend) <= 24 and all(d <= DEMO_TODAY for d, _ in trend)
    assert trend[-1][1] == pytest.approx(tree.row(top).value)
    with pytest.raises(KeyError, match="no KPI node with id 999999"):
        branch_rows(tree, 999999)


def test_show_branch_draws_a_tile_per_node(dashboard):
    tree = dashboard.tree
    top = _biggest_branch(tree)
    dashboard.show_branch(top)
    assert dashboard.pages.currentIndex() == 2
    rows = branch_rows(tree, top)
    assert [t.data.row.node.id for t in dashboard.branch_page.tiles] == [r.node.id for r in rows]
    assert tree.row(top).node.name in dashboard.heading.text()
    assert f"{len(rows)} nodes" in dashboard.branch_page.panel.caption_label.text()
    tile = dashboard.branch_page.tiles[0]
    assert tile.value_text() and tile.data.row.node.name in tile.toolTip()
    # Every tile is laid out (the grid is as tall as its rows).
    last = dashboard.branch_page.tiles[-1]
    assert last.geometry().bottom() <= dashboard.branch_page.grid_box.height()
    # Any node works, also one not offered in the list; the list keeps it.
    leaf = rows[-1].node.id
    dashboard.show_branch(leaf)
    assert [t.data.node_id for t in dashboard.branch_page.tiles] == [leaf]
    assert dashboard.team_combo.currentText().startswith("Branch:")
    with pytest.raises(KeyError, match="KPI node 999999"):
        dashboard.show_branch(999999)


def test_leaving_a_long_branch_gives_the_room_back(dashboard, qtbot):
    dashboard.show_team(None)
    qtbot.waitUntil(lambda: dashboard._content.height() > 0)
    overview_height = dashboard.pages.sizeHint().height()
    dashboard.show_branch(_biggest_branch(dashboard.tree))
    dashboard.show_team(None)
    assert dashboard.pages.sizeHint().height() == overview_height


def test_branch_search_keeps_matching_nodes(dashboard):
    tree = dashboard.tree
    top = _biggest_branch(tree)
    rows = branch_rows(tree, top)
    needle = rows[-1].node.code
    dashboard.show_branch(top)
    dashboard.set_search(needle)
    kept = [t.data.row.node.code for t in dashboard.branch_page.tiles]
    assert kept[0] == rows[0].node.code and needle in kept
    assert all(needle.lower() in c.lower() or c == rows[0].node.code for c in kept)


@pytest.mark.parametrize("page", ["overview", "team", "branch"])
def test_every_page_exports_png_and_pdf(dashboard, tmp_path, monkeypatch, page):
    if page == "team":
        team, _ = max(dashboard.board.by_team(), key=lambda tc: len(tc[1]))
        dashboard.show_team(team.id)
    elif page == "branch":
        dashboard.show_branch(_biggest_branch(dashboard.tree))
    png = tmp_path / f"{page}.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(png), "PNG pictures (*.png)"))
    dashboard.png_action.trigger()
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 1300
    assert dashboard.export_button.isVisible()
    pdf = tmp_path / f"{page}.pdf"
    assert dashboard.export_pdf(pdf) == pdf
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/MediaBox [0 0 842" in data  # A4 landscape (842 x 595 pt)
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page>>") + data.count(b"/Type /Page ") >= 1
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert dashboard.export_pdf() is None


def test_a_tall_page_continues_on_further_pages_without_cutting_tiles(qtbot, tmp_path):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from okrdesk.ui.dashboards.export import page_breaks, save_widget_pdf

    tall = QWidget()
    qtbot.addWidget(tall)
    layout = QVBoxLayout(tall)
    blocks = []
    for _ in range(12):
        block = QWidget()
        block.setFixedHeight(300)
        layout.addWidget(block)
        blocks.append(block)
    tall.resize(1400, 12 * 300 + 11 * layout.spacing() + 20)
    tall.show()
    qtbot.waitExposed(tall)
    breaks = page_breaks(tall)
    assert [b.y() for b in blocks][1:] == [b for b in breaks if b in {x.y() for x in blocks}][1:]
    pages = save_widget_pdf(tall, tmp_path / "tall.pdf", "Tall")
    assert pages >= 3
    short = QWidget()
    qtbot.addWidget(short)
    short.resize(1400, 900)
    assert save_widget_pdf(short, tmp_path / "short.pdf") == 1
