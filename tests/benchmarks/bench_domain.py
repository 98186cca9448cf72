"""Benchmarks of the domain core; run as a script, prints figures (not a test).

    make bench            (all benchmarks, one table)
    .venv/bin/python -m tests.benchmarks domain

* bucket_arrays on 1,000,000 unsorted daily points, per grain and aggregation;
* full rollup of a 5,000-node tree × 60 monthly buckets;
* set_measured on a deep leaf of that tree (incremental recompute).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

import numpy as np

from okrdesk.domain.bucketing import bucket_arrays
from okrdesk.domain.entities import Aggregation, FormulaKind, Grain, KpiNode
from okrdesk.domain.rollup import Rollup
from tests.benchmarks.common import Result


def _timed(fn, repeat: int) -> tuple[float, float]:
    """(median, best) wall time of ``fn`` in seconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def make_tree(n_nodes: int, seed: int = 7) -> list[KpiNode]:
    """A tree with 1 root, fan-out 3–8, mixed formulas, some expressions."""
    rng = random.Random(seed)
    nodes = [KpiNode(1, "N1", "root", formula=FormulaKind.SUM)]
    frontier = [1]
    next_id = 2
    # no PRODUCT: products of thousands of values overflow and stop the propagation
    kinds = [FormulaKind.SUM, FormulaKind.SUM, FormulaKind.AVERAGE, FormulaKind.WEIGHTED_SUM]
    while next_id <= n_nodes:
        parent = frontier.pop(0)
        for k in range(rng.randint(3, 8)):
            if next_id > n_nodes:
                break
            nodes.append(KpiNode(next_id, f"N{next_id}", f"node {next_id}", parent_id=parent,
                                 position=k, formula=rng.choice(kinds), weight=rng.uniform(0.5, 2)))
            frontier.append(next_id)
            next_id += 1
    parents = {n.parent_id for n in nodes}
    out = []
    for n in nodes:
        if n.id not in parents:
            n = KpiNode(n.id, n.code, n.name, parent_id=n.parent_id, position=n.position,
                        weight=n.weight)
        elif rng.random() < 0.1:
            kids = [m.code for m in nodes if m.parent_id == n.id]
            n = KpiNode(n.id, n.code, n.name, parent_id=n.parent_id, position=n.position,
                        formula=FormulaKind.EXPRESSION,
                        expression=f"({' + '.join(kids[:-1])}) / max(1, {kids[-1]})")
        out.append(n)
    return out


def bench_bucketing() -> list[Result]:
    rng = np.random.default_rng(1)
    n = 1_000_000
    dates = (np.datetime64("2020-01-01") + rng.integers(0, 3650, n)).astype("datetime64[D]")
    values = rng.normal(100, 10, n)
    sorted_dates = np.sort(dates)
    print(f"bucket_arrays, {n:,} points (median / best of 5):")
    for grain in Grain:
        for agg in Aggregation:
            med, best = _timed(lambda: bucket_arrays(dates, values, grain, agg), 5)
            print(f"  {grain:7} {agg:7} unsorted {med * 1000:7.1f} ms / {best * 1000:7.1f} ms")
    med, best = _timed(lambda: bucket_arrays(sorted_dates, values, Grain.MONTH, Aggregation.SUM), 5)
    print(f"  month   sum     sorted   {med * 1000:7.1f} ms / {best * 1000:7.1f} ms")
    med, _ = _timed(lambda: bucket_arrays(dates, values, Grain.MONTH, Aggregation.LAST), 5)
    return [Result("bucket 1,000,000 unsorted points (month, last)", med * 1000, "ms",
                   note="median of 5")]


def bench_rollup() -> list[Result]:
    nodes = make_tree(5000)
    buckets = [dt.date(2022 + m // 12, m % 12 + 1, 1) for m in range(60)]
    parents = {n.parent_id for n in nodes}
    rng = random.Random(3)
    measured = {n.id: {b: rng.uniform(1, 100) for b in buckets} for n in nodes if n.id not in parents}
    print(f"rollup: {len(nodes):,} nodes ({len(measured):,} measured leaves) × {len(buckets)} buckets")
    full, best = _timed(lambda: Rollup(nodes, measured), 7)
    print(f"  full rollup         median {full * 1000:8.1f} ms, best {best * 1000:8.1f} ms (7 runs)")
    rollup = Rollup(nodes, measured)
    depth = {}
    by_id = {n.id: n for n in nodes}
    for leaf in measured:
        d, p = 0, by_id[leaf].parent_id
        while p is not None:
            d, p = d + 1, by_id[p].parent_id
        depth[leaf] = d
    deep_leaf = max(depth, key=depth.get)
    bucket = buckets[30]
    values = iter([rng.uniform(1, 100) for _ in range(2000)])
    med, best = _timed(lambda: rollup.set_measured(deep_leaf, bucket, next(values)), 1000)
    changed = rollup.set_measured(deep_leaf, bucket, 12345.0)
    print(f"  set_measured leaf (depth {depth[deep_leaf]}, {len(changed)} values changed) "
          f"median {med * 1000:.3f} ms, best {best * 1000:.3f} ms (1000 runs)")
    return [
        Result("full rollup 5,000 nodes x 60 buckets", full * 1000, "ms", note="median of 7"),
        Result("recompute after one leaf change (5,000 nodes)", med * 1000, "ms", target=5.0,
               note=f"depth {depth[deep_leaf]}, median of 1000"),
    ]


def run() -> list[Result]:
    return bench_bucketing() + bench_rollup()


if __name__ == "__main__":
    run()
