"""Start-up: wall time of `okrdesk WORKSPACE --exit-after-first-paint` on a `firm`
workspace, beside a bare PySide6 window process measured in the same run.
Target (issue 2): at most 4x the bare window."""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time

from tests.benchmarks.common import ROOT, Result, demo_workspace

BARE_WINDOW = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel("hello")
w.resize(1600, 1000)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
f = F(); w.installEventFilter(f)
w.show()
app.exec()
"""


def _wall(cmd: list[str], repeat: int = 5) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               OKRDESK_TESTING="1")  # fresh settings: the default view, no restored layout
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its .pyc files
    samples = []
    for _ in range(repeat + 1):  # first run warms the disk cache
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples[1:])


def run() -> list[Result]:
    workspace = demo_workspace("firm")
    compileall.compile_dir(ROOT / "okrdesk", quiet=1)  # as pip does when it installs
    bare = _wall([sys.executable, "-c", BARE_WINDOW])
    app = _wall([sys.executable, "-m", "okrdesk", str(workspace), "--read-only",
                 "--exit-after-first-paint"])
    return [
        Result("start-up: bare PySide6 window", bare * 1000, "ms"),
        Result("start-up: okrdesk firm, first paint", app * 1000, "ms"),
        Result("start-up: okrdesk / bare window", app / bare, "x", target=4.0,
               note="median of 5 runs each, offscreen"),
    ]
