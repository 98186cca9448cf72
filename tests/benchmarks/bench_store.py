"""Store benchmarks: prints measured figures beside their targets.

Run: make bench (all benchmarks), or .venv/bin/python -m tests.benchmarks store
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okrdesk.store.workspace import Workspace
from tests.benchmarks.common import Result

_results: list[Result] = []


def _best(fn: Callable[[], Any], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def _report(label: str, ms: float, target_ms: float | None = None) -> None:
    target = f"(target < {target_ms:,.0f} ms)" if target_ms else ""
    verdict = "" if target_ms is None else ("ok" if ms < target_ms else "SLOW")
    print(f"{label:<58} {ms:>9,.1f} ms {target} {verdict}")
    _results.append(Result(label, ms, "ms", target=target_ms))


def main() -> None:
    """Build a firm-sized workspace and time the store's hot paths."""
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        ws = Workspace.create(Path(folder) / "bench.okrdesk")
        _report("create workspace (migrate to head)", (time.perf_counter() - t0) * 1000)
        s = ws.service
        big = s.create_node("BIG", "Big series")
        branch = s.create_node("BRANCH", "Branch")
        other = s.create_node("OTHER", "Other root")
        t0 = time.perf_counter()
        ids, parents = [], [branch.id]
        while len(ids) < 1000:
            nxt = []
            for p in parents:
                for _ in range(10):
                    if len(ids) < 1000:
                        nxt.append(s.create_node(f"N{len(ids)}", f"Node {len(ids)}", parent_id=p).id)
                        ids.append(nxt[-1])
            parents = nxt
        _report("create 1,000 nodes one by one", (time.perf_counter() - t0) * 1000)
        start = dt.date(1800, 1, 1)
        rows = [(big.id, start + dt.timedelta(days=i), i * 0.5) for i in range(100_000)]
        t0 = time.perf_counter()
        s.bulk_set_measurements(rows)
        _report("bulk_set_measurements 100,000 rows (one node)", (time.perf_counter() - t0) * 1000)
        rows = [(ids[i % 1000], dt.date(2020, 1, 1) + dt.timedelta(days=i // 1000), float(i))
                for i in range(100_000)]
        t0 = time.perf_counter()
        s.bulk_set_measurements(rows)
        _report("bulk_set_measurements 100,000 rows (1,000 nodes)", (time.perf_counter() - t0) * 1000)
        _report("measurement_arrays: 100,000 of one node", _best(lambda: s.measurement_arrays([big.id])), 100)
        _report("measurement_arrays: all 200,000 of the workspace", _best(s.measurement_arrays), 400)
        _report("measurement_arrays: 1,000 nodes x 100", _best(lambda: s.measurement_arrays(ids)), 250)
        _report("kpi_nodes(): 1,003 nodes", _best(s.kpi_nodes), 100)
        flip = iter(range(1000))
        _report("move_node with a 1,000-node subtree",
                _best(lambda: s.move_node(branch.id, other.id if next(flip) % 2 == 0 else None, 0)), 50)
        _report("set_measurement (one edit)",
                _best(lambda: s.set_measurement(big.id, dt.date(2027, 1, 1), 1.0)), 20)
        t0 = time.perf_counter()
        snap = s.delete_node(branch.id)
        _report("delete_node: 1,001-node subtree + 100,000 measurements", (time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        s.restore_subtree(snap)
        _report("restore_subtree of the same", (time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        ws.snapshot(Path(folder) / "copy.okrdesk")
        _report("snapshot (backup API) of the workspace", (time.perf_counter() - t0) * 1000)
        ws.close()


def run() -> list[Result]:
    _results.clear()
    main()
    return list(_results)


if __name__ == "__main__":
    main()
