"""Fixtures of the reliability suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from .files import build_small_workspace


@pytest.fixture(scope="session")
def small_template(tmp_path_factory) -> Path:
    """A small workspace with a little of everything, built once per session."""
    return build_small_workspace(tmp_path_factory.mktemp("small") / "small.okrdesk")
