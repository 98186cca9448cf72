"""Fixtures for the GUI tests: a themed QApplication, a real workshop-size demo
workspace (generated once per session, copied per test) and clean settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okrdesk.store.workspace import Workspace


@pytest.fixture(scope="session")
def themed_app(qapp):
    """The test QApplication, named, with the bundled fonts and the light theme."""
    from okrdesk.ui import theme
    from okrdesk.ui.app import application

    app = application()
    theme.apply_theme(app, "light")
    return app


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A workshop-size demo workspace, generated once for the whole session."""
    from okrdesk.store.demo import generate_demo

    path = tmp_path_factory.mktemp("demo-template") / "workshop.okrdesk"
    ws = Workspace.create(path, name="Workshop demo")
    try:
        generate_demo(ws.engine, size="workshop")
    finally:
        ws.close()
    return path


@pytest.fixture
def workspace_file(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo workspace for one test."""
    dest = tmp_path / "workshop.okrdesk"
    shutil.copyfile(demo_template, dest)
    return dest


@pytest.fixture(autouse=True)
def clean_settings(qapp):
    """Every test starts with empty settings (an INI file in a temp folder in tests)."""
    from okrdesk.ui.settings import app_settings

    settings = app_settings()
    settings.clear()
    settings.sync()
    yield
    settings = app_settings()
    settings.clear()
    settings.sync()
