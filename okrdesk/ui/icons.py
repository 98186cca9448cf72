"""One icon set for the whole app: Lucide (ISC licence), bundled as SVG files.

``icon(name)`` returns a QIcon drawn in the current theme's ink colour (so it
reads on the dark theme too), with a faded variant for disabled actions and an
accent variant for checked ones. A small QIconEngine renders each variant from
the SVG only when Qt first asks for it, at the size and pixel ratio asked for, so
icons stay crisp on high-DPI screens and projectors and cost nothing at start-up.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from okrdesk.paths import resource_path, resources_dir

SIZES = (16, 20, 24, 32, 48)  # sizes offered to Qt; each is rendered on first use

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


class _SvgIconEngine(QIconEngine):
    """Draws one icon in three colours (normal, disabled, checked), each rendered from
    the SVG the first time a size of it is asked for, then kept."""

    def __init__(self, name: str, normal: str, disabled: str, checked: str) -> None:
        super().__init__()
        self.name, self.normal, self.disabled, self.checked = name, normal, disabled, checked
        self._pixmaps: dict[tuple[str, int, float], QPixmap] = {}

    def _colour(self, mode: QIcon.Mode, state: QIcon.State) -> str:
        if mode == QIcon.Mode.Disabled:
            return self.disabled
        return self.checked if state == QIcon.State.On else self.normal

    def _pixmap(self, side: int, ratio: float, colour: str) -> QPixmap:
        key = (colour, side, ratio)
        cached = self._pixmaps.get(key)
        if cached is None:
            cached = self._pixmaps[key] = _render(self.name, colour, side, ratio)
        return cached

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._pixmap(min(size.width(), size.height()), _device_ratio(), self._colour(mode, state))

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802
                     scale: float) -> QPixmap:
        side = max(1, round(min(size.width(), size.height()) / max(scale, 1.0)))
        return self._pixmap(side, max(scale, 1.0), self._colour(mode, state))

    def paint(self, painter: QPainter, rect, mode: QIcon.Mode, state: QIcon.State) -> None:  # noqa: ANN001
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        pix = self._pixmap(min(rect.width(), rect.height()), max(ratio, 1.0), self._colour(mode, state))
        painter.drawPixmap(rect, pix)

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal,  # noqa: N802
                       state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return [QSize(side, side) for side in SIZES]

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self.name, self.normal, self.disabled, self.checked)


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
    _svg_text(name)  # an unknown name fails here, not later inside a paint
    normal = colour or colours.icon
    result = QIcon(_SvgIconEngine(name, normal, _faded(normal, 0.35), colour or colours.accent))
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
