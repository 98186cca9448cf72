"""The long run of the crash and workbook suites: ``python -m tests.reliability.soak``.

    python -m tests.reliability.soak --kills 2000 --workbooks 5000 [--seed N] [--size firm]

Kills the edit burst and ``okrdesk import`` with SIGKILL ``--kills`` times (two edit
bursts for every import, as in CI), then runs ``--workbooks`` hostile workbooks of the
corpus (seeded; fixed cases first). Prints progress and, at the end, the figures
RELIABILITY.md quotes: kills survived, acknowledged edits checked, imports found whole or
absent, workbooks tried by outcome, slowest case and largest peak memory. Exit code 0
when every promise held, 1 otherwise (each failure is printed).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("OKRDESK_TESTING", "1")
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.soak")
    parser.add_argument("--kills", type=int, default=2000)
    parser.add_argument("--workbooks", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--size", choices=("workshop", "firm"), default="workshop",
                        help="demo size of the workbook the import kills use")
    args = parser.parse_args(argv)

    from .app_open import open_in_app
    from .crash_harness import CrashFailure, burst_kill, import_kill, prepare_import
    from .files import build_small_workspace
    from .workbook_corpus import build_base
    from .workbook_runner import run_cases

    root = Path(tempfile.mkdtemp(prefix="okrdesk-soak-"))
    failures: list[str] = []
    started = time.monotonic()
    print(f"soak: seed {args.seed}, {args.kills} kills, {args.workbooks} workbooks, in {root}")
    rng = random.Random(args.seed)
    burst = build_small_workspace(root / "burst.okrdesk")
    stats: Counter = Counter()
    if args.kills:
        setup = prepare_import(root / "import", args.size)
        print(f"soak: import reference {setup.seconds:.1f} s ({setup.reference['measurements']:,} "
              "measurements)")
    for n in range(args.kills):
        try:
            if n % 3 == 2:
                outcome = import_kill(setup, root / "import" / "killed.okrdesk", rng,
                                      app_open=open_in_app)
                stats[f"import {outcome.import_state}"] += 1
            else:
                outcome = burst_kill(burst, f"s{n}", rng, app_open=open_in_app)
                stats["burst kills"] += 1
                stats["acknowledged edits checked"] += outcome.acknowledged
                stats["kills with an edit in flight"] += outcome.in_flight
        except (CrashFailure, AssertionError) as exc:
            failures.append(f"kill {n}: {exc}")
            print(f"FAIL kill {n}: {exc}", flush=True)
        if (n + 1) % 50 == 0:
            print(f"soak: {n + 1} kills, {dict(stats)}", flush=True)
    kills_done = args.kills

    outcomes: Counter = Counter()
    slowest = (0.0, "")
    peak = (0.0, "")
    if args.workbooks:
        base = build_base(root / "corpus")

        def seen(result) -> None:  # noqa: ANN001
            nonlocal slowest, peak
            outcomes[f"exit {result.code}"] += 1
            if result.seconds > slowest[0]:
                slowest = (result.seconds, f"case {result.index} ({result.label})")
            if result.peak_mb > peak[0]:
                peak = (result.peak_mb, f"case {result.index} ({result.label})")
            if result.problems:
                failures.append(f"workbook {result.index} ({result.label}): {result.problems}")
                print(f"FAIL workbook {result.index} ({result.label}): {result.problems} "
                      f"{(result.stderr + result.stdout)[-300:]}", flush=True)
            if sum(outcomes.values()) % 250 == 0:
                print(f"soak: {sum(outcomes.values())} workbooks, {dict(outcomes)}", flush=True)

        run_cases(range(args.workbooks), args.seed, base, burst_template(root, build_small_workspace),
                  root / "cases", on_result=seen)
    minutes = (time.monotonic() - started) / 60
    print("\n=== soak figures ===")
    print(f"seed {args.seed}; {minutes:.1f} min")
    print(f"kills survived: {kills_done - sum(1 for f in failures if f.startswith('kill'))} of "
          f"{kills_done} ({stats['burst kills']} edit bursts, "
          f"{stats['import absent'] + stats['import present'] + stats['import finished']} imports: "
          f"{stats['import absent']} absent, {stats['import present']} present, "
          f"{stats['import finished']} finished before the kill)")
    print(f"acknowledged edits checked after kills: {stats['acknowledged edits checked']:,}; "
          f"kills with an edit in flight: {stats['kills with an edit in flight']}")
    print(f"workbooks tried: {sum(outcomes.values())} ({dict(outcomes)}); slowest "
          f"{slowest[0]:.2f} s {slowest[1]}; largest peak {peak[0]:.0f} MB {peak[1]}")
    print(f"broken promises: {len(failures)}")
    for failure in failures:
        print("  " + failure)
    if not failures:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failures else 0


def burst_template(root: Path, build) -> Path:  # noqa: ANN001
    """A fresh small workspace for the workbook cases (the burst one has been edited)."""
    path = root / "corpus-target.okrdesk"
    if not path.exists():
        build(path)
    return path


if __name__ == "__main__":
    sys.exit(main())
