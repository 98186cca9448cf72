"""The window on laptop screens: first-launch size, the quality dock and its "Checks"
toggle, and a quiet `okrdesk render`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QRect

from okrdesk.ui.main_window import MainWindow, first_launch_geometry
from okrdesk.ui.settings import app_settings
from tests.gui.shell_views import SPECS


@pytest.fixture
def window(themed_app, qtbot):
    w = MainWindow(specs=SPECS)
    qtbot.addWidget(w)
    yield w
    w.close()


def test_first_launch_takes_90_percent_of_the_screen_capped_and_centred():
    laptop = first_launch_geometry(QRect(0, 0, 1366, 728))
    assert (laptop.width(), laptop.height()) == (1229, 655)
    assert laptop.center() == QRect(0, 0, 1366, 728).center()
    big = first_launch_geometry(QRect(1920, 0, 2560, 1400))  # a second, larger screen
    assert (big.width(), big.height()) == (1600, 1000)
    assert QRect(1920, 0, 2560, 1400).contains(big)


def test_first_launch_fits_the_window_to_the_screen(window):
    available = window.screen().availableGeometry()
    assert window.geometry() == first_launch_geometry(available)


def test_quality_dock_starts_hidden_on_a_1280_window_and_open_on_1600(window, qtbot, workspace_file):
    window.apply_first_launch_layout(QRect(0, 0, 1423, 900))
    assert window.width() == 1280
    window.show()
    assert not window.quality.isVisible()
    window.apply_first_launch_layout(QRect(0, 0, 1800, 1120))
    assert window.width() == 1600
    assert window.quality.isVisible()


def test_checks_toggle_shows_the_number_of_suggestions_and_opens_the_dock(window, qtbot, workspace_file):
    window.apply_first_launch_layout(QRect(0, 0, 1400, 880))
    window.show()
    button = window.header.checks_button
    assert button.count() is None and button.pill_text() == ""
    with qtbot.waitSignal(window.first_data_paint, timeout=10_000):
        assert window.open_path(workspace_file)
    qtbot.waitUntil(lambda: button.count() is not None, timeout=10_000)
    issues = len(window.quality.issues)
    assert button.count() == issues and issues > 0
    assert button.pill_text() == str(issues)
    assert str(issues) in button.accessibleName()
    assert button.sizeHint().width() > button.fontMetrics().horizontalAdvance("Checks") + 20
    assert not window.quality.isVisible()
    button.click()
    assert window.quality.isVisible() and button.isChecked()
    button.click()
    assert not window.quality.isVisible() and not button.isChecked()


def test_a_saved_layout_is_restored_not_refitted(themed_app, qtbot):
    first = MainWindow(specs=SPECS)
    qtbot.addWidget(first)
    first.resize(700, 500)
    first.quality.show()
    first.save_state()
    first.close()
    second = MainWindow(specs=SPECS)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
    assert not second.quality.isHidden(), "the saved dock layout wins over the width rule"
    second.close()
    app_settings().clear()


def test_render_prints_only_its_own_line(workspace_file, tmp_path):
    out = tmp_path / "board.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OKRDESK_TESTING="1")
    result = subprocess.run(
        [sys.executable, "-m", "okrdesk", "render", str(workspace_file), "okr-board", str(out),
         "--size", "1366x768"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [f"Rendered okr-board to {out}"]
    assert out.stat().st_size > 10_000
