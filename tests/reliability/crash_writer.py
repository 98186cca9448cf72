"""The writer that the crash harness kills: a burst of realistic edits through the service.

Run as ``python -m tests.reliability.crash_writer WORKSPACE RUN_ID SEED``. It opens the
workspace for writing (recovering it after the previous kill, as the app would), prints
``READY``, then loops over random edits — tree moves, measurement edits, check-ins —
each announced by ``BEGIN <id> <kind> <args…>`` before it starts and acknowledged by
``ACK <id>`` only after the service has committed it. Every line is flushed at once, so
the harness knows exactly which edits were acknowledged when the SIGKILL arrives.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from okrdesk.store.workspace import Workspace

FIRST_DAY = dt.date(2027, 1, 1)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _subtree(node_id: int, children: dict[int, list[int]]) -> set[int]:
    seen, stack = set(), [node_id]
    while stack:
        current = stack.pop()
        seen.add(current)
        stack.extend(children.get(current, ()))
    return seen


def main(argv: list[str]) -> int:
    path, run_id, seed = Path(argv[0]), argv[1], int(argv[2])
    limit = int(argv[3]) if len(argv) > 3 else 1_000_000
    rng = random.Random(seed)
    ws = Workspace.open(path)
    s = ws.service
    nodes = s.kpi_nodes()
    parent = {n.id: n.parent_id for n in nodes}
    node_ids = sorted(parent)
    movable = [n for n in node_ids if parent[n] is not None]
    key_results = [kr.id for kr in s.key_results()]
    _say("READY")
    for op in range(limit):
        kind = rng.choice("mmmcv")
        if kind == "m":
            node = rng.choice(node_ids)
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(60))
            value = float(op)
            _say(f"BEGIN {op} m {node} {day.isoformat()} {value}")
            s.set_measurement(node, day, value, note=f"{run_id}-{op}")
        elif kind == "c":
            kr = rng.choice(key_results)
            _say(f"BEGIN {op} c {kr}")
            s.add_check_in(kr, FIRST_DAY + dt.timedelta(days=rng.randrange(80)), float(op),
                           confidence=rng.randrange(11), comment=f"{run_id}-{op}", author="crash")
        else:
            node = rng.choice(movable)
            children: dict[int, list[int]] = {}
            for child, p in parent.items():
                children.setdefault(p, []).append(child)
            forbidden = _subtree(node, children)
            target = rng.choice([n for n in node_ids if n not in forbidden])
            _say(f"BEGIN {op} v {node} {target}")
            s.move_node(node, target, rng.randrange(4))
            parent[node] = target
        _say(f"ACK {op}")
    ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
