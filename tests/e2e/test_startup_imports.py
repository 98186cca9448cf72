"""Start-up stays lean: the first paint of the KPI tree loads no exporter, chart or
migration code (CRAFT.md: import pyqtgraph lazily; the start-up target is 4x a bare window).
Painted from the start-up snapshot (every start after the first), it loads neither
SQLAlchemy nor numpy either: they come right after the first paint."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from okrdesk.store.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
NOT_BEFORE_FIRST_PAINT = ("alembic", "mako", "pyqtgraph", "openpyxl")
NOT_BEFORE_SNAPSHOT_PAINT = (*NOT_BEFORE_FIRST_PAINT, "sqlalchemy", "numpy", "calamine", "python_calamine")

#: Opens WORKSPACE (argv[1]; argv[2] "ro": read-only) in the main window and prints what
#: was imported when its first paint was done, and whether it came from the snapshot.
PROBE = f"""
import json, sys
import okrdesk.cli
from okrdesk.ui.app import application
from okrdesk.ui.main_window import MainWindow
app = application()
window = MainWindow()
seen = {{}}
def painted(key):
    seen.update(key=key, snapshot=window.ctx.startup is not None,
                loaded=sorted(m for m in sys.modules if m.split('.')[0] in {NOT_BEFORE_SNAPSHOT_PAINT!r}))
    app.exit(0)
window.first_data_paint.connect(painted)
window.show()
assert window.open_path(sys.argv[1], read_only=sys.argv[2] == 'ro')
app.exec()
window.close()
print(json.dumps(seen))
"""


def _workspace(path: Path) -> Path:
    with Workspace.create(path, name="Lean") as ws:
        svc = ws.service
        node = svc.create_node("REV", "Revenue", kind="kpi")
        svc.bulk_set_measurements([(node.id, dt.date(2027, 1, d), float(d)) for d in range(1, 29)])
    return path


def _imported(args: list[str]) -> set[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OKRDESK_TESTING="1")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "okrdesk", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", done.stderr, re.MULTILINE)
    assert "okrdesk.ui.main_window" in found, "no import trace: -X importtime did not report"
    return set(found)


def test_first_paint_imports_no_alembic_pyqtgraph_or_openpyxl(tmp_path: Path) -> None:
    path = _workspace(tmp_path / "lean.okrdesk")
    for extra in ([], ["--read-only"]):
        imported = _imported([str(path), *extra, "--exit-after-first-paint"])
        loaded = sorted(m for m in imported if m.split(".")[0] in NOT_BEFORE_FIRST_PAINT)
        assert loaded == [], f"imported before the first paint ({extra}): {loaded[:5]}"
        assert "okrdesk.ui.kpi_tree.view" in imported  # the KPI tree really was shown


def test_opening_a_current_workspace_does_not_import_alembic(tmp_path: Path) -> None:
    path = _workspace(tmp_path / "current.okrdesk")
    code = (
        "import sys\n"
        "from okrdesk.store.workspace import Workspace\n"
        f"ws = Workspace.open({str(path)!r})\n"
        "assert [n.code for n in ws.service.kpi_nodes()] == ['REV']\n"
        "ws.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env=dict(os.environ, OKRDESK_TESTING="1"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_painting_from_the_start_up_snapshot_imports_no_sqlalchemy_or_numpy(tmp_path: Path) -> None:
    path = _workspace(tmp_path / "snap.okrdesk")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OKRDESK_TESTING="1")
    done = subprocess.run([sys.executable, "-m", "okrdesk", str(path), "--exit-after-first-paint"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]  # this session saves the snapshot on closing
    for mode in ("ro", "rw"):
        done = subprocess.run([sys.executable, "-c", PROBE, str(path), mode], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        seen = json.loads(done.stdout.strip().splitlines()[-1])
        assert seen == {"key": "kpi-tree", "snapshot": True, "loaded": []}, mode
