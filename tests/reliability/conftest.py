"""Fixtures of the reliability suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from .files import build_small_workspace


@pytest.fixture(scope="session")
def small_template(tmp_path_factory) -> Path:
    """A small workspace with a little of everything, built once per session."""
    return build_small_workspace(tmp_path_factory.mktemp("small") / "small.okrdesk")


@pytest.fixture(scope="session")
def themed_app(qapp):
    """The test QApplication, named, with the bundled fonts and the light theme."""
    from okrdesk.ui import theme
    from okrdesk.ui.app import application

    app = application()
    theme.apply_theme(app, "light")
    return app
