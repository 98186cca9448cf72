"""Shared pieces of the benchmarks: a result row, timing helpers, cached demo workspaces.

Benchmarks are not tests: they print measured figures beside their targets and
never fail the test suite. Run them all with `make bench`.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "out" / "bench"
AS_OF = dt.date(2027, 2, 15)  # fixed, so every run measures the same data


@dataclass
class Result:
    name: str
    measured: float
    unit: str  # "ms", "s", "x", "MB"
    target: float | None = None  # upper bound; None: informative only
    note: str = ""

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.measured <= self.target


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in seconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _demo_stamp() -> str:
    """What a cached demo depends on: the workspace format and the generator's source."""
    import hashlib

    from okrdesk.store.migrate import FORMAT_VERSION

    digest = hashlib.sha256()
    for source in sorted((ROOT / "okrdesk" / "store" / "demo").rglob("*.py")):
        digest.update(source.read_bytes())
    return f"f{FORMAT_VERSION}-{digest.hexdigest()[:10]}"


def demo_workspace(size: str) -> Path:
    """A demo workspace of ``size`` generated once per format and generator version and
    kept under out/bench/ (older copies are removed)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    stem = f"{size}-{AS_OF.isoformat()}"
    path = CACHE / f"{stem}-{_demo_stamp()}.okrdesk"
    if not path.exists():
        for old in CACHE.glob(f"{stem}*.okrdesk*"):
            old.unlink()
        subprocess.run(
            [sys.executable, "-m", "okrdesk", "demo", str(path), "--size", size,
             "--as-of", AS_OF.isoformat()],
            check=True, cwd=ROOT,
        )
    return path
