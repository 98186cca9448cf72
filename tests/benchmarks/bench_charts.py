"""Charts with large data, measured offscreen with QElapsedTimer over repeated repaints.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks charts

* a 1,000,000-point series in the Trends chart: first paint after the data is
  loaded (``set_series`` + fit + repaint of a new chart), then pan frames
  (shift the x range by 2 % and repaint), whole series in view and a 10 % window;
* the same with 10,000,000 points;
* each beside a plain ``pg.PlotWidget().plot(x, y)`` of the same data in the same run;
* the branch dashboard of a ~50-node branch of the ``firm`` demo: ``show_branch`` + paint;
(A node's 100,000 measurements read into arrays is measured by bench_reads.py:
cold, warm and beside a plain sqlite3 fetchall.)
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable

import numpy as np

from tests.benchmarks.common import AS_OF, Result, demo_workspace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1400, 800)
PAN_FRAMES = 30


def _app():
    from okrdesk.ui import theme
    from okrdesk.ui.app import application
    from okrdesk.ui.fonts import register_fonts

    app = application()
    theme.apply_theme(app, "light")
    register_fonts()
    return app


def _elapsed_ms(fn: Callable[[], object]) -> float:
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    fn()
    return timer.nsecsElapsed() / 1e6


def _series(n: int):
    """A random walk of ``n`` points: days for 1e6 (≈ 2,700 years), minutes for 1e7."""
    from okrdesk.store.readmodels.trend import TrendSeries, moving_average

    rng = np.random.default_rng(42)
    values = 1_000.0 + np.cumsum(rng.normal(0, 1, n))
    unit = "D" if n <= 1_000_000 else "m"
    start = np.datetime64("1700-01-01", unit) if unit == "D" else np.datetime64("2000-01-01T00:00", unit)
    dates = start + np.arange(n).astype(f"timedelta64[{unit}]")
    return TrendSeries(1, dates, values, moving_average(values, 3), np.array([], dtype="datetime64[D]"),
                       np.array([], dtype=np.float64), False)


def _pan(widget, set_range: Callable[[float, float], None], x0: float, x1: float, frames: int) -> float:
    """Median ms of ``frames`` pan steps of 2 % of the window, each with a synchronous repaint."""
    step = (x1 - x0) * 0.02
    times = []
    for i in range(frames):
        a, b = x0 + (i % 10) * step, x1 + (i % 10) * step
        times.append(_elapsed_ms(lambda: (set_range(a, b), widget.viewport().repaint())))
    return statistics.median(times)


def _trend_chart(n: int, app) -> dict[str, float]:
    from okrdesk.domain.entities import KpiNode
    from okrdesk.ui.trends.chart import TrendChart, epoch_seconds

    series = _series(n)
    node = KpiNode(1, "BIG", "Big series", target=float(series.values.mean()))
    firsts = []
    for _ in range(3):
        chart = TrendChart()
        chart.resize(*SIZE)
        chart.show()
        app.processEvents()
        firsts.append(_elapsed_ms(lambda: (chart.set_series(series, node), chart.show_window(None, None),
                                           chart.plot_widget.viewport().repaint())))
        chart.close()
        chart.deleteLater()
        app.processEvents()
    chart = TrendChart()
    chart.resize(*SIZE)
    chart.show()
    chart.set_series(series, node)
    chart.show_window(None, None)
    app.processEvents()
    x = epoch_seconds(series.buckets)
    x0, x1 = float(x[0]), float(x[-1])
    set_range = lambda a, b: chart.plot.setXRange(a, b, padding=0)  # noqa: E731
    whole = _pan(chart.plot_widget, set_range, x0, x1, PAN_FRAMES)
    tenth = _pan(chart.plot_widget, set_range, x0 + (x1 - x0) * 0.45, x0 + (x1 - x0) * 0.55, PAN_FRAMES)
    chart.close()
    chart.deleteLater()
    app.processEvents()
    return {"first": statistics.median(firsts), "whole": whole, "tenth": tenth}


def _plain_plot(n: int, app, frames: int) -> dict[str, float]:
    import pyqtgraph as pg

    from okrdesk.ui.trends.chart import epoch_seconds

    series = _series(n)
    x = epoch_seconds(series.buckets)
    y = series.values
    widget = pg.PlotWidget()
    widget.resize(*SIZE)
    widget.show()
    app.processEvents()
    first = _elapsed_ms(lambda: (widget.plot(x, y), widget.viewport().repaint()))
    x0, x1 = float(x[0]), float(x[-1])
    set_range = lambda a, b: widget.setXRange(a, b, padding=0)  # noqa: E731
    whole = _pan(widget, set_range, x0, x1, frames)
    tenth = _pan(widget, set_range, x0 + (x1 - x0) * 0.45, x0 + (x1 - x0) * 0.55, frames)
    widget.close()
    widget.deleteLater()
    app.processEvents()
    return {"first": first, "whole": whole, "tenth": tenth}


def _branch_dashboard(app) -> tuple[float, float, int, str]:
    from PySide6.QtGui import QUndoStack

    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.dashboards import DashboardView
    from okrdesk.ui.dashboards.branch_data import branch_choices, branch_rows
    from okrdesk.ui.view_base import ViewContext

    ws = Workspace.open(demo_workspace("firm"), read_only=True)
    try:
        ctx = ViewContext(ws.service, QUndoStack(), AS_OF, read_only=True)
        cold_view: list = []

        def cold() -> None:
            view = DashboardView(ctx)
            view.resize(1500, 1000)
            view.set_period(ws.service.period_for(AS_OF))
            view.show()
            cold_view.append(view)

        cold_ms = _elapsed_ms(cold)
        view = cold_view[0]
        app.processEvents()
        tree = view.tree
        sizes = [(abs(len(branch_rows(tree, r.node.id)) - 50), r) for r in branch_choices(tree)]
        _, row = min(sizes, key=lambda p: p[0])
        count = len(branch_rows(tree, row.node.id))
        times = []
        for _ in range(5):
            view.show_team(None)
            app.processEvents()
            times.append(_elapsed_ms(lambda: (view.show_branch(row.node.id), view.repaint())))
        view.close()
        return statistics.median(times), cold_ms, count, row.node.code
    finally:
        ws.close()


def run() -> list[Result]:
    app = _app()
    big = _trend_chart(1_000_000, app)
    big_plain = _plain_plot(1_000_000, app, frames=10)
    huge = _trend_chart(10_000_000, app)
    huge_plain = _plain_plot(10_000_000, app, frames=3)
    branch_ms, cold_ms, count, code = _branch_dashboard(app)

    def vs(plain: dict[str, float], key: str) -> str:
        return f"plain plot(): {plain[key]:,.1f} ms"

    return [
        Result("charts: 1M points, first paint", big["first"], "ms", target=200.0, note=vs(big_plain, "first")),
        Result("charts: 1M points, pan, all in view", big["whole"], "ms", target=16.0, note=vs(big_plain, "whole")),
        Result("charts: 1M points, pan, 10% in view", big["tenth"], "ms", target=16.0, note=vs(big_plain, "tenth")),
        Result("charts: 10M points, first paint", huge["first"], "ms", note=vs(huge_plain, "first")),
        Result("charts: 10M points, pan, all in view", huge["whole"], "ms", target=33.0, note=vs(huge_plain, "whole")),
        Result("charts: 10M points, pan, 10% in view", huge["tenth"], "ms", target=33.0, note=vs(huge_plain, "tenth")),
        Result(f"charts: branch dashboard, {count} nodes ({code})", branch_ms, "ms", target=1000.0,
               note=f"show_branch + paint; cold view with tree read {cold_ms:,.0f} ms"),
    ]


if __name__ == "__main__":
    for r in run():
        print(f"{r.name:<48} {r.measured:>10,.1f} {r.unit}  target {r.target}  {r.note}")
