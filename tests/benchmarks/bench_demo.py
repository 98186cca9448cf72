"""Time demo generation: ``python tests/benchmarks/bench_demo.py [size ...]``.

Defaults to workshop and firm; pass ``stress`` to include the big one. Each
size is generated into a fresh workspace file in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from okrdesk.store.demo import SIZES, generate_demo
from okrdesk.store.workspace import Workspace
from tests.benchmarks.common import Result

AS_OF = dt.date(2026, 11, 18)


def bench(size: str, folder: Path) -> Result:
    started = time.perf_counter()
    ws = Workspace.create(folder / f"{size}.okrdesk")
    try:
        summary = generate_demo(ws.engine, size, as_of=AS_OF)
    finally:
        ws.close()
    total = time.perf_counter() - started
    size_mb = (folder / f"{size}.okrdesk").stat().st_size / 1e6
    assert summary.kpi_nodes > 0 and summary.measurements > 0
    print(f"{size:9} generate {summary.elapsed_seconds:7.2f} s  (with create+close "
          f"{total:6.2f} s)  file {size_mb:7.1f} MB  nodes {summary.kpi_nodes:,}  "
          f"measurements {summary.measurements:,}  objectives {summary.objectives:,}  "
          f"key results {summary.key_results:,}  check-ins {summary.check_ins:,}  "
          f"history {summary.months_of_history} months")
    return Result(f"demo generation: {size}", summary.elapsed_seconds, "s",
                  target=60.0 if size == "firm" else None,
                  note=f"{summary.kpi_nodes:,} nodes, {summary.measurements:,} measurements")


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        return [bench(size, Path(tmp)) for size in ("workshop", "firm")]


def main(argv: list[str]) -> None:
    sizes = argv or ["workshop", "firm"]
    for size in sizes:
        if size not in SIZES:
            raise SystemExit(f"unknown size {size!r}; choose from {', '.join(SIZES)}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            bench(size, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
