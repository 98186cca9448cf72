"""The KPI tree Canvas on the stress demo (~5,000 nodes): layout and panning.

    .venv/bin/python -m tests.benchmarks canvas

* the tidy layout of every node (pure Python, no Qt), target < 1 s;
* building the scene (items for every box, connector and link);
* panning: the view scrolled by 40 px and the viewport repainted, frame by
  frame, at several zoom levels, measured offscreen with QElapsedTimer;
  target 60 frames per second (< 16.7 ms per frame).
"""

from __future__ import annotations

import os
import statistics

from tests.benchmarks.common import AS_OF, Result, demo_workspace, median_time

FRAMES = 40
PAN_STEP = 40
ZOOMS = (1.0, 0.5, 0.25, 0.12, None)  # None: the whole tree fitted


def _pan_frame_ms(canvas, app, zoom: float | None) -> tuple[float, float]:
    from PySide6.QtCore import QElapsedTimer

    view = canvas.view
    if zoom is None:
        canvas.fit()
    else:
        view.zoom_to(zoom)
        top = canvas.scene.tree.top_kpi()
        view.centerOn(canvas.scene.items_by_id[top.node.id])
    app.processEvents()
    bar = view.horizontalScrollBar() if zoom is not None else view.verticalScrollBar()
    view.viewport().repaint()  # warm the item caches at this zoom
    samples = []
    timer = QElapsedTimer()
    direction = 1
    for _ in range(FRAMES):
        if bar.value() + PAN_STEP * direction > bar.maximum() or bar.value() + PAN_STEP * direction < bar.minimum():
            direction = -direction
        timer.start()
        bar.setValue(bar.value() + PAN_STEP * direction)
        view.viewport().repaint()
        samples.append(timer.nsecsElapsed() / 1e6)
    return statistics.median(samples), max(samples)


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import time

    from okrdesk.domain.tree_layout import shelf_layout, tidy_layout
    from okrdesk.store.readmodels.tree import TreeReadModel
    from okrdesk.store.workspace import Workspace
    from okrdesk.ui import theme
    from okrdesk.ui.app import application
    from okrdesk.ui.kpi_tree.canvas import KpiCanvas, style

    app = application()
    theme.apply_theme(app, "light")
    ws = Workspace.open(demo_workspace("stress"), read_only=True)
    try:
        tree = TreeReadModel.load(ws.service, AS_OF)
    finally:
        ws.close()
    n = len(tree.rows)
    children = {r.node.id: [k.node.id for k in tree.children(r.node.id)] for r in tree.rows}
    roots = [r.node.id for r in tree.children(None)]
    sizes = {r.node.id: style.box_size(r.node.kind) for r in tree.rows}
    tidy = median_time(lambda: tidy_layout(roots, children, sizes), repeat=5)
    shelves = median_time(lambda: shelf_layout(roots, children, sizes), repeat=5)

    canvas = KpiCanvas()
    canvas.resize(1600, 1000)
    canvas.show()
    canvas.set_tree(tree)
    started = time.perf_counter()
    canvas.scene.set_collapsed(())  # everything unfolded: every box is an item
    build = time.perf_counter() - started
    app.processEvents()
    results = [
        Result("canvas: tidy layout, stress", tidy * 1000, "ms", target=1000.0,
               note=f"{n:,} nodes, one forest, median of 5"),
        Result("canvas: shelf layout, stress", shelves * 1000, "ms", target=1000.0,
               note=f"{n:,} nodes, trees packed on shelves (what the canvas uses)"),
        Result("canvas: build the scene, stress", build * 1000, "ms",
               note=f"{len(canvas.scene.items_by_id):,} boxes, {len(canvas.scene.connectors):,} connectors, "
                    f"{len(canvas.scene.influences):,} links"),
    ]
    for zoom in ZOOMS:
        median, worst = _pan_frame_ms(canvas, app, zoom)
        label = "fitted" if zoom is None else f"{zoom * 100:.0f}%"
        scale = canvas.view.scale_factor()
        results.append(Result(f"canvas: pan frame at {label}", median, "ms", target=16.7,
                              note=f"scale {scale:.3f}, median of {FRAMES} frames, worst {worst:.1f} ms, 1600×1000"))
    canvas.close()
    canvas.deleteLater()
    return results
