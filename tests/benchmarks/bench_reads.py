"""Reads behind start-up and view switches: measurement arrays and the KPI tree.

    .venv/bin/python -m tests.benchmarks reads

* 100,000 measurements of one node into (datetime64[D], float64) arrays, cold
  (first read after opening) and warm, beside a plain sqlite3 fetchall of the
  same rows;
* every measurement of the firm demo (~200,000) in one call;
* ``TreeReadModel.load`` on the firm demo (the first view's read);
* a view switch: ``TreeCache.tree`` for a second view once the first has read it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from okrdesk.store.readmodels.cache import TreeCache
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.workspace import Workspace
from tests.benchmarks.common import AS_OF, Result, demo_workspace, median_time


def _one_big_node() -> tuple[float, float, float]:
    """(cold, warm, baseline) seconds for 100,000 measurements of one node.

    cold: the first read on a freshly opened workspace (new engine and
    connection; the file itself is in the OS cache, having just been written);
    warm: median of 7 later reads; baseline: a plain sqlite3
    ``SELECT date, value ... fetchall()`` of the same rows (no arrays), median
    of 7 in the same run.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.okrdesk"
        ws = Workspace.create(path)
        try:
            svc = ws.service
            svc.create_node("OTHER", "Another node")
            node = svc.create_node("BIG", "Big")
            start = np.datetime64("1800-01-01")
            svc.bulk_set_measurements(
                [(node.id, (start + np.timedelta64(i, "D")).astype(dt.date), i * 0.5)
                 for i in range(100_000)]
            )
        finally:
            ws.close()
        ws = Workspace.open(path)
        try:
            began = time.perf_counter()
            ws.service.measurement_arrays([node.id])
            cold = time.perf_counter() - began
            warm = median_time(lambda: ws.service.measurement_arrays([node.id]), repeat=7)
        finally:
            ws.close()
        con = sqlite3.connect(path)
        try:
            sql = "SELECT date, value FROM measurements WHERE node_id = ? ORDER BY date"
            baseline = median_time(lambda: con.execute(sql, (node.id,)).fetchall(), repeat=7)
        finally:
            con.close()
        return cold, warm, baseline


def run() -> list[Result]:
    cold, big, baseline = _one_big_node()
    ws = Workspace.open(demo_workspace("firm"), read_only=True)
    try:
        svc = ws.service
        count = sum(len(d) for d, _ in svc.measurement_arrays().values())
        everything = median_time(svc.measurement_arrays)
        load = median_time(lambda: TreeReadModel.load(svc, AS_OF))
        cache = TreeCache(svc)
        cache.tree(AS_OF)
        switch = median_time(lambda: cache.tree(None) and cache.tree(AS_OF), repeat=20)
        data = cache.data()
        second_day = median_time(lambda: TreeReadModel.from_data(data, None), repeat=10)
    finally:
        ws.close()
    return [
        Result("reads: 100k measurements of one node", big * 1000, "ms", target=100.0,
               note="measurement_arrays([id]) into arrays, warm, median of 7"),
        Result("reads: 100k measurements of one node, cold", cold * 1000, "ms", target=100.0,
               note="first read after opening (file in the OS cache)"),
        Result("reads: 100k rows, plain sqlite3 fetchall", baseline * 1000, "ms",
               note="baseline: SELECT date, value ... fetchall(), rows only, median of 7"),
        Result("reads: all measurements of firm", everything * 1000, "ms",
               note=f"{count:,} measurements, one call"),
        Result("reads: TreeReadModel.load, firm", load * 1000, "ms", target=300.0,
               note="nodes + measurements + rollup + rows"),
        Result("reads: view switch, tree already read", switch * 1000, "ms", target=5.0,
               note="TreeCache.tree, same workspace revision"),
        Result("reads: view switch, another as-of day", second_day * 1000, "ms", target=50.0,
               note="TreeReadModel.from_data over the shared read"),
    ]
