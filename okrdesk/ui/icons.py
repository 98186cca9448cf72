"""One icon set for the whole app: Lucide (ISC licence), bundled as SVG files.

``icon(name)`` returns a QIcon drawn in the current theme's ink colour (so it
reads on the dark theme too), with a faded variant for disabled actions and an
accent variant for checked ones. Icons are rendered from the SVG at each size
asked for, so they stay crisp on high-DPI screens and projectors.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from okrdesk.paths import resource_path, resources_dir

SIZES = (16, 20, 24, 32, 48)

# What each part of the UI uses, so a view never hard-codes a file name.
VIEW_ICONS = {
    "kpi-tree": "network",
    "okr-board": "square-kanban",
    "trends": "chart-line",
    "dashboard": "layout-dashboard",
}


def available() -> list[str]:
    """Names of every bundled icon (file names without ``.svg``)."""
    return sorted(p.stem for p in (resources_dir() / "icons").glob("*.svg"))


@lru_cache(maxsize=None)
def _svg_text(name: str) -> str:
    try:
        return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(
            f"No bundled icon named {name!r}; available: {', '.join(available())}"
        ) from None


def svg_data(name: str, colour: str) -> bytes:
    """The SVG of icon ``name`` with its strokes drawn in ``colour`` (e.g. ``"#1F2937"``)."""
    return _svg_text(name).replace("currentColor", colour).encode("utf-8")


def _render(name: str, colour: str, size: int, ratio: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg_data(name, colour)))
    side = max(1, round(size * ratio))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _device_ratio() -> float:
    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen() if app else None
    return max(2.0, screen.devicePixelRatio() if screen else 1.0)


def _faded(colour: str, alpha: float) -> str:
    c = QColor(colour)
    # SVG has no alpha in a hex colour for every renderer: blend towards the surface.
    from okrdesk.ui import theme  # late: theme imports this module

    surface = QColor(theme.current().surface)
    mix = QColor(
        round(c.red() * alpha + surface.red() * (1 - alpha)),
        round(c.green() * alpha + surface.green() * (1 - alpha)),
        round(c.blue() * alpha + surface.blue() * (1 - alpha)),
    )
    return mix.name()


_cache: dict[tuple[str, str | None, str], QIcon] = {}


def icon(name: str, colour: str | None = None) -> QIcon:
    """The bundled icon ``name`` in ``colour`` (default: the theme's ink colour).

    Raises ValueError listing the available names when ``name`` is unknown.
    """
    from okrdesk.ui import theme  # late: theme imports this module

    colours = theme.current()
    key = (name, colour, colours.name)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    normal = colour or colours.icon
    disabled = _faded(normal, 0.35)
    checked = colour or colours.accent
    ratio = _device_ratio()
    result = QIcon()
    for size in SIZES:
        result.addPixmap(_render(name, normal, size, ratio), QIcon.Mode.Normal, QIcon.State.Off)
        result.addPixmap(_render(name, disabled, size, ratio), QIcon.Mode.Disabled)
        result.addPixmap(_render(name, checked, size, ratio), QIcon.Mode.Normal, QIcon.State.On)
        result.addPixmap(_render(name, checked, size, ratio), QIcon.Mode.Active, QIcon.State.On)
    _cache[key] = result
    return result


def pixmap(name: str, size: int, colour: str | None = None) -> QPixmap:
    """A single pixmap of icon ``name`` at ``size`` logical pixels (for labels)."""
    return icon(name, colour).pixmap(QSize(size, size))


def clear_cache() -> None:
    """Forget rendered icons (after the theme changed)."""
    _cache.clear()


@lru_cache(maxsize=1)
def _files_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="okrdesk-icons-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def icon_file(name: str, colour: str) -> Path:
    """A recoloured copy of icon ``name`` on disk, for style sheets (``image: url(...)``)."""
    path = _files_dir() / f"{name}-{colour.lstrip('#')}.svg"
    if not path.exists():
        path.write_bytes(svg_data(name, colour))
    return path
