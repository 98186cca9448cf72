"""A second okrdesk process for the concurrency tests: opens a workspace through the app's
open path (``open_workspace``) and keeps it open until its stdin closes.

``python -m tests.reliability.holder WORKSPACE`` prints ``OPEN`` (or ``REFUSED <message>``)
once the open has succeeded; each line ``edit N`` read from stdin records a measurement
and answers ``DONE N`` after the commit.
"""

from __future__ import annotations

import datetime as dt
import sys

from .app_open import app_messages


def main(path: str) -> int:
    workspace, shown = app_messages(path)
    if workspace is None:
        print("REFUSED " + " | ".join(shown), flush=True)
        return 3
    print("OPEN", flush=True)
    node = workspace.service.kpi_nodes()[0].id
    for line in sys.stdin:
        if line.startswith("edit"):
            n = int(line.split()[1])
            workspace.service.set_measurement(node, dt.date(2030, 1, 1) + dt.timedelta(days=n),
                                              float(n))
            print(f"DONE {n}", flush=True)
    workspace.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
