"""Draw a view of a workspace to a PNG without a screen (``okrdesk render``)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from okrdesk.store.workspace import Workspace
from okrdesk.ui.logging_setup import restore_qt_messages, route_qt_messages, setup_logging
from okrdesk.ui.views_registry import available_specs, render_target

PAINT_TIMEOUT_MS = 30_000


def render_view(
    workspace_path: str | os.PathLike[str],
    view_key: str,
    out_png: str | os.PathLike[str],
    size: tuple[int, int] = (1600, 1000),
) -> Path:
    """Open ``workspace_path`` read-only, show view ``view_key`` at ``size`` and save
    the window as ``out_png``; returns the PNG's path.

    Raises ValueError for an unknown view (naming the valid ones), the store's
    WorkspaceError when the file cannot be opened, and RuntimeError if the view
    never paints.
    """
    specs = available_specs()
    render_target(view_key, specs)  # ValueError listing the valid keys
    width, height = size
    if width <= 0 or height <= 0:
        raise ValueError(f"Image size must be positive, got {width}×{height}.")
    out = Path(out_png)
    if not out.parent.is_dir():
        raise FileNotFoundError(f"The folder '{out.parent}' for {out.name} does not exist.")

    setup_logging()
    previous_handler = route_qt_messages()  # Qt's chatter goes to the log, not the terminal
    try:
        return _render(workspace_path, view_key, specs, out, width, height)
    finally:
        restore_qt_messages(previous_handler)


def _render(workspace_path: str | os.PathLike[str], view_key: str, specs: list, out: Path, width: int, height: int) -> Path:
    from okrdesk.ui.app import application
    from okrdesk.ui.main_window import MainWindow

    application()
    spec, mode = render_target(view_key, specs)
    ws = Workspace.open(os.fspath(workspace_path), read_only=True)
    window = MainWindow(specs=specs, persist=False)
    try:
        window.resize(width, height)
        if window.quality is not None:
            window.quality.hide()  # the picture is of the view, at full width
        loop = QEventLoop()
        painted: list[str] = []
        window.first_data_paint.connect(lambda key: (painted.append(key), loop.quit()))
        timer = QTimer(singleShot=True, interval=PAINT_TIMEOUT_MS)
        timer.timeout.connect(loop.quit)
        window.adopt(ws, spec.key)
        window.show()
        timer.start()
        if not painted:
            loop.exec()
        timer.stop()
        if not painted:
            raise RuntimeError(f"The {view_key} view did not paint within {PAINT_TIMEOUT_MS // 1000} s.")
        # Let late work settle before the grab: the quality count arrives after the first
        # paint, and the layout requests it causes are handled on a later pass.
        for _ in range(3):
            QApplication.processEvents()
        window.resize(width, height)
        if mode is not None:
            _show_mode(window, mode)
        image = window.grab()
        if not image.save(str(out), "PNG"):
            raise OSError(f"Could not write the image '{out}'.")
        return out
    finally:
        window.close()
        window.deleteLater()


def _show_mode(window, mode: str) -> None:
    """Switch the shown view to ``mode`` (e.g. the KPI tree's Canvas, fitted to the window)."""
    view = window.current_view()
    controller = getattr(view, f"{mode}_mode", None)  # e.g. KpiTreeView.canvas_mode
    if controller is None or not hasattr(controller, "show_for_render"):
        raise RuntimeError(f"The current view cannot show {mode!r}.")
    QApplication.processEvents()
    controller.show_for_render()
    QApplication.processEvents()
