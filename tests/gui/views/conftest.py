"""Shared fixtures of the view tests: one demo workspace per session, copied per test.

Generating the workshop demo takes a moment, so it is built once
(``demo_workspace_file``) and every test gets its own copy (``demo_workspace``),
which it may change freely. ``demo_ctx`` wraps the copy's service in the
``ViewContext`` the views take. Numbers are formatted in a fixed locale
(English, United States) so expected strings do not depend on the machine.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

DEMO_TODAY = dt.date(2027, 2, 15)
DEMO_SEED = 2027


@pytest.fixture(scope="session", autouse=True)
def _views_qt_setup(qapp):
    """Bundled fonts (so offscreen text renders) and a fixed number locale."""
    from okrdesk.ui.fonts import register_fonts

    register_fonts()
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture(scope="session")
def demo_workspace_file(tmp_path_factory) -> Path:
    """A closed workshop-size demo workspace, generated once per test session."""
    from okrdesk.store.demo import generate_demo
    from okrdesk.store.workspace import Workspace

    path = tmp_path_factory.mktemp("demo") / "workshop.okrdesk"
    ws = Workspace.create(path)
    try:
        generate_demo(ws.engine, size="workshop", as_of=DEMO_TODAY, seed=DEMO_SEED)
    finally:
        ws.close()
    return path


@pytest.fixture
def demo_workspace(demo_workspace_file: Path, tmp_path: Path) -> Iterator[object]:
    """An open copy of the demo workspace that this test alone uses."""
    from okrdesk.store.workspace import Workspace

    copy = tmp_path / demo_workspace_file.name
    shutil.copyfile(demo_workspace_file, copy)
    ws = Workspace.open(copy)
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def demo_ctx(demo_workspace):
    """A ``ViewContext`` over the test's demo workspace, with "today" = ``DEMO_TODAY``."""
    from PySide6.QtGui import QUndoStack

    from okrdesk.ui.view_base import ViewContext

    return ViewContext(service=demo_workspace.service, undo_stack=QUndoStack(), today=DEMO_TODAY)
