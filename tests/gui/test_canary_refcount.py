"""Canary for the Qt binding we pin.

PySide6 6.12.0 on Python 3.11 leaks a reference to ``None`` on every QPainter
draw call and aborts the process after ~20,000 calls. The pinned binding must
leave ``sys.getrefcount(None)`` unchanged over 100,000 calls.
"""

import sys

from PySide6.QtGui import QImage, QPainter


def test_qpainter_draw_calls_keep_none_refcount(qapp):
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for i in range(100_000):
            painter.drawLine(0, 0, i % 64, 32)
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # A handful of unrelated references may come and go; the bug adds 100,000.
    assert abs(after - before) < 100
