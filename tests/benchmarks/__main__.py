"""Run every benchmark in tests/benchmarks (files bench_*.py with a ``run()``) and
print one table of measured figures beside their targets.

    python -m tests.benchmarks            # all
    python -m tests.benchmarks startup    # only files whose name contains "startup"
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

from tests.benchmarks.common import Result


def _modules(filters: list[str]) -> list[str]:
    here = Path(__file__).parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    return [n for n in names if not filters or any(f in n for f in filters)]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:,.3g} {unit}" if abs(value) < 100 else f"{value:,.0f} {unit}"


def main(argv: list[str]) -> int:
    rows: list[tuple[str, Result]] = []
    for name in _modules(argv):
        started = time.perf_counter()
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"tests.benchmarks.{name}")
            results = module.run()
        except Exception:
            traceback.print_exc()
            results = [Result(f"{name} FAILED", float("nan"), "")]
        rows.extend((name, r) for r in results)
        print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)

    width = max((len(r.name) for _, r in rows), default=10)
    print()
    print(f"{'benchmark':<{width}}  {'measured':>14}  {'target':>12}  verdict  note")
    print("-" * (width + 50))
    for _, r in rows:
        verdict = {True: "ok", False: "MISSED", None: ""}[r.ok]
        target = f"≤ {_fmt(r.target, r.unit)}" if r.target is not None else ""
        print(f"{r.name:<{width}}  {_fmt(r.measured, r.unit):>14}  {target:>12}  {verdict:<7}  {r.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
