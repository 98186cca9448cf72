"""Launching the app where Qt cannot open a window must say why, not die silently."""

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 platform plugin is Linux's")
def test_no_display_gets_a_readable_reason(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb", OKRDESK_TESTING="1")
    result = subprocess.run([sys.executable, "-m", "okrdesk", str(tmp_path / "x.okrdesk")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode != 0
    assert "there is no screen to open a window on" in result.stderr
    assert "Traceback" not in result.stderr
