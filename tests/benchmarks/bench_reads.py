"""Reads behind start-up and view switches: measurement arrays and the KPI tree.

    .venv/bin/python -m tests.benchmarks reads

* 100,000 measurements of one node into (datetime64[D], float64) arrays;
* every measurement of the firm demo (~200,000) in one call;
* ``TreeReadModel.load`` on the firm demo (the first view's read);
* a view switch: ``TreeCache.tree`` for a second view once the first has read it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np

from okrdesk.store.readmodels.cache import TreeCache
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.workspace import Workspace
from tests.benchmarks.common import AS_OF, Result, demo_workspace, median_time


def _one_big_node() -> float:
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace.create(Path(folder) / "big.okrdesk")
        try:
            svc = ws.service
            node = svc.create_node("BIG", "Big")
            start = np.datetime64("1800-01-01")
            svc.bulk_set_measurements(
                [(node.id, (start + np.timedelta64(i, "D")).astype(dt.date), i * 0.5)
                 for i in range(100_000)]
            )
            return median_time(lambda: svc.measurement_arrays([node.id]), repeat=7)
        finally:
            ws.close()


def run() -> list[Result]:
    big = _one_big_node()
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
               note="measurement_arrays([id]), median of 7"),
        Result("reads: all measurements of firm", everything * 1000, "ms",
               note=f"{count:,} measurements, one call"),
        Result("reads: TreeReadModel.load, firm", load * 1000, "ms", target=300.0,
               note="nodes + measurements + rollup + rows"),
        Result("reads: view switch, tree already read", switch * 1000, "ms", target=5.0,
               note="TreeCache.tree, same workspace revision"),
        Result("reads: view switch, another as-of day", second_day * 1000, "ms", target=50.0,
               note="TreeReadModel.from_data over the shared read"),
    ]
