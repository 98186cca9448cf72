"""Start-up and offscreen rendering with the real views."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from okrdesk.paths import demo_workspace_path
from okrdesk.ui.app import run_gui
from okrdesk.ui.render import render_view
from okrdesk.ui.views_registry import available_specs


def distinct_colours(image: QImage, step: int = 7) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


@pytest.fixture
def first_view_key() -> str:
    specs = available_specs()
    if not specs:
        pytest.fail("No view package is installed; the app would have nothing to show.")
    return specs[0].key


def test_render_view_writes_a_full_size_picture_with_content(
    themed_app, workspace_file, tmp_path, first_view_key
):
    out = render_view(workspace_file, first_view_key, tmp_path / "view.png")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    assert distinct_colours(image) > 40  # text, icons, lines — not a blank window


def test_render_view_rejects_an_unknown_view_and_names_the_valid_ones(
    themed_app, workspace_file, tmp_path, first_view_key
):
    with pytest.raises(ValueError, match=f"Unknown view 'nope'.*{first_view_key}"):
        render_view(workspace_file, "nope", tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_exit_after_first_paint_returns_zero_and_restores_hooks(themed_app, workspace_file):
    hooks = (sys.excepthook, threading.excepthook)
    assert run_gui(str(workspace_file), exit_after_first_paint=True) == 0
    assert (sys.excepthook, threading.excepthook) == hooks


def test_first_launch_without_a_path_creates_and_opens_the_demo(themed_app):
    demo = demo_workspace_path()
    demo.unlink(missing_ok=True)
    assert run_gui(None, exit_after_first_paint=True) == 0
    assert demo.is_file()
    assert not demo.with_name(demo.name + ".partial").exists()
    assert run_gui(None, exit_after_first_paint=True) == 0  # second launch reuses it


def test_run_gui_on_a_bad_file_shows_a_message_not_a_traceback(
    themed_app, tmp_path, monkeypatch
):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    bogus = tmp_path / "budget.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not a workspace")
    assert run_gui(str(bogus), exit_after_first_paint=True) == 3
    assert len(shown) == 1 and "budget.xlsx" in shown[0]
