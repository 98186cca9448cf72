"""The main window's views, found without importing them.

Each view lives in its own package and is imported the first time it is shown
(Trends and Dashboards import pyqtgraph, which costs start-up time). A view
whose package is not installed is simply not offered.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from okrdesk.ui.view_base import BaseView


@dataclass(frozen=True)
class ViewSpec:
    """Where a view lives and how the switcher shows it."""

    key: str
    title: str
    module: str
    class_name: str
    icon: str
    tooltip: str


def _tr(text: str) -> str:
    return QCoreApplication.translate("views", text)


def all_specs() -> tuple[ViewSpec, ...]:
    """Every view okrdesk knows, in switcher order (titles translated)."""
    return (
        ViewSpec("kpi-tree", _tr("KPI Tree"), "okrdesk.ui.kpi_tree", "KpiTreeView", "network",
                 _tr("The KPI tree: vital signs and the metrics that drive them")),
        ViewSpec("okr-board", _tr("OKR Board"), "okrdesk.ui.okr_board", "OkrBoardView",
                 "square-kanban", _tr("Objectives and key results by team")),
        ViewSpec("trends", _tr("Trends"), "okrdesk.ui.trends", "TrendsView", "chart-line",
                 _tr("KPI measurements and key-result progress over time")),
        ViewSpec("dashboard", _tr("Dashboards"), "okrdesk.ui.dashboards", "DashboardView",
                 "layout-dashboard", _tr("Company overview, team scorecards and branches")),
    )  # fmt: skip


#: Render keys (``okrdesk render WS KEY OUT.png``) that show a mode of another view:
#: key -> (view key, mode passed to the view's ``show_render_mode``).
RENDER_MODES: dict[str, tuple[str, str]] = {
    "kpi-canvas": ("kpi-tree", "canvas"),
}


def render_target(key: str, specs: list[ViewSpec] | None = None) -> tuple[ViewSpec, str | None]:
    """The view that draws render key ``key`` and the mode to switch it to (None: as is);
    ValueError listing the valid keys when unknown."""
    pool = available_specs() if specs is None else specs
    if key in RENDER_MODES:
        view_key, mode = RENDER_MODES[key]
        if any(s.key == view_key for s in pool):
            return spec_for(view_key, pool), mode
    try:
        return spec_for(key, pool), None
    except ValueError:
        keys = [s.key for s in pool] + [k for k, (v, _) in RENDER_MODES.items() if any(s.key == v for s in pool)]
        raise ValueError(f"Unknown view {key!r}; valid views: {', '.join(keys) or '(none installed)'}.") from None


def _installed(module: str) -> bool:
    """True for a real module or package (a folder without ``__init__.py`` is not one)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin not in (None, "namespace")


def available_specs() -> list[ViewSpec]:
    """The views whose packages are present (checked without importing them)."""
    return [spec for spec in all_specs() if _installed(spec.module)]


def spec_for(key: str, specs: list[ViewSpec] | None = None) -> ViewSpec:
    """The spec of view ``key``; ValueError listing the valid keys when unknown."""
    pool = available_specs() if specs is None else specs
    for spec in pool:
        if spec.key == key:
            return spec
    valid = ", ".join(s.key for s in pool) or "(none installed)"
    raise ValueError(f"Unknown view {key!r}; valid views: {valid}.")


def load_view_class(spec: ViewSpec) -> type[BaseView]:
    """Import the view's package and return its BaseView subclass."""
    module = importlib.import_module(spec.module)
    cls = getattr(module, spec.class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, BaseView)):
        raise ImportError(f"{spec.module} has no BaseView subclass named {spec.class_name}.")
    return cls
