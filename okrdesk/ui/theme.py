"""The look of okrdesk: one palette (from ``okrdesk.palette``), light and dark.

``apply_theme(app)`` sets the Fusion style, a QPalette, the bundled font and a
restrained style sheet; the scheme follows the system (``QStyleHints``) and can
be forced with ``OKRDESK_THEME=light|dark``. Views read colours through
``current()``, ``status_colour()`` and ``series_colour()`` and fonts through
``title_font()``, ``body_font()`` and ``number_font()``, so the whole app keeps
one set of colours in the tree, the board and the charts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from okrdesk import palette
from okrdesk.domain.entities import Pace, Status
from okrdesk.ui import icons
from okrdesk.ui.fonts import body_font, number_font, register_fonts, title_font
from okrdesk.ui.stylesheet import build_stylesheet

__all__ = [
    "ThemeColours", "LIGHT", "DARK", "current", "apply_theme", "follow_system",
    "notifier", "status_colour", "status_tint", "status_label", "series_colour",
    "qcolor", "body_font", "title_font", "number_font",
]  # fmt: skip

THEME_ENV = "OKRDESK_THEME"


@dataclass(frozen=True)
class ThemeColours:
    """Named colours of one scheme, as ``#RRGGBB`` strings."""

    name: str
    accent: str
    accent_hover: str
    accent_text: str  # text drawn on an accent background
    accent_tint: str  # background of a selected navigation item
    ink: str
    muted_ink: str
    faint_ink: str
    icon: str
    surface: str  # cards, panels, tool bars
    canvas: str  # window background behind cards
    sunken: str  # input fields, code boxes
    border: str
    border_strong: str
    hover: str
    status: Mapping[Status, str] = field(default_factory=dict)
    status_tints: Mapping[Status, str] = field(default_factory=dict)
    no_status: str = palette.NO_STATUS_COLOUR
    series: tuple[str, ...] = palette.SERIES_COLOURS


LIGHT = ThemeColours(
    name="light",
    accent=palette.ACCENT,
    accent_hover="#1D4ED8",
    accent_text="#FFFFFF",
    accent_tint="#E8EFFD",
    ink=palette.INK,
    muted_ink=palette.MUTED_INK,
    faint_ink="#9CA3AF",
    icon="#4B5563",
    surface=palette.SURFACE,
    canvas=palette.CANVAS,
    sunken="#FAFBFC",
    border=palette.BORDER,
    border_strong="#CBD1DA",
    hover="#F0F2F5",
    status=dict(palette.STATUS_COLOURS),
    status_tints=dict(palette.STATUS_TINTS),
)

DARK = ThemeColours(
    name="dark",
    accent="#5B8DEF",
    accent_hover="#7BA3F2",
    accent_text="#FFFFFF",
    accent_tint="#1F2F4D",
    ink="#E6E8EC",
    muted_ink="#A0A7B4",
    faint_ink="#6B7280",
    icon="#C3C8D1",
    surface="#1C1F26",
    canvas="#14161B",
    sunken="#181B21",
    border="#2C313B",
    border_strong="#3A404C",
    hover="#252A33",
    # The same hues, lifted so they keep their contrast on a dark surface.
    status={Status.GREEN: "#4CAF64", Status.AMBER: "#E0A030", Status.RED: "#E5605A"},
    status_tints={Status.GREEN: "#1C3324", Status.AMBER: "#3A2E16", Status.RED: "#3C1F1F"},
    no_status="#7D8696",
    series=(
        "#5B8DEF", "#F0A03A", "#34B889", "#9D7CF0", "#EC5F9C", "#2BB5D1", "#8CC43C", "#D9506F",
    ),
)  # fmt: skip


class ThemeNotifier(QObject):
    """Emits ``changed(ThemeColours)`` after the scheme switched (system or forced)."""

    changed = Signal(object)


_current: ThemeColours = LIGHT
_notifier: ThemeNotifier | None = None


def notifier() -> ThemeNotifier:
    """The object whose ``changed`` signal tells widgets to refresh colours and icons."""
    global _notifier
    if _notifier is None:
        _notifier = ThemeNotifier()
    return _notifier


def current() -> ThemeColours:
    """The colours of the scheme in use."""
    return _current


def _system_wants_dark() -> bool:
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in ("light", "dark"):
        return forced == "dark"
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _qpalette(c: ThemeColours) -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    pairs = {
        role.Window: c.canvas,
        role.WindowText: c.ink,
        role.Base: c.surface,
        role.AlternateBase: c.sunken,
        role.ToolTipBase: c.ink if c.name == "light" else c.surface,
        role.ToolTipText: c.surface if c.name == "light" else c.ink,
        role.PlaceholderText: c.faint_ink,
        role.Text: c.ink,
        role.Button: c.surface,
        role.ButtonText: c.ink,
        role.BrightText: "#FFFFFF",
        role.Highlight: c.accent,
        role.HighlightedText: c.accent_text,
        role.Link: c.accent,
        role.LinkVisited: c.accent,
        role.Light: c.surface,
        role.Midlight: c.hover,
        role.Mid: c.border_strong,
        role.Dark: c.border_strong,
        role.Shadow: "#000000",
    }
    for r, colour in pairs.items():
        pal.setColor(r, QColor(colour))
    for r in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(group.Disabled, r, QColor(c.faint_ink))
    return pal


def apply_theme(app: QApplication, scheme: str | None = None) -> ThemeColours:
    """Style ``app`` in ``scheme`` ("light" or "dark"; default: follow the system)."""
    global _current
    if scheme not in (None, "light", "dark"):
        raise ValueError(f"Unknown colour scheme {scheme!r}; use 'light' or 'dark'.")
    dark = _system_wants_dark() if scheme is None else scheme == "dark"
    _current = DARK if dark else LIGHT
    register_fonts()
    icons.clear_cache()
    app.setStyle("Fusion")
    app.setPalette(_qpalette(_current))
    app.setFont(body_font())
    app.setStyleSheet(build_stylesheet(_current))
    notifier().changed.emit(_current)
    return _current


def follow_system(app: QApplication) -> None:
    """Re-apply the theme whenever the system switches between light and dark."""
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.connect(lambda _scheme: apply_theme(app))


def qcolor(name: str) -> QColor:
    """A named colour of the current scheme as a QColor, e.g. ``qcolor("accent")``."""
    value = getattr(_current, name, None)
    if not isinstance(value, str):
        raise ValueError(f"Unknown theme colour {name!r}.")
    return QColor(value)


def _as_status(status: Status | Pace | str | None) -> Status | None:
    if status is None:
        return None
    if isinstance(status, Pace):
        return palette.PACE_STATUS[status]
    if isinstance(status, Status):
        return status
    try:
        return Status(str(status))
    except ValueError:
        try:
            return palette.PACE_STATUS[Pace(str(status))]
        except ValueError:
            raise ValueError(
                f"Unknown status {status!r}; expected one of "
                f"{[s.value for s in Status] + [p.value for p in Pace]}."
            ) from None


def status_colour(status: Status | Pace | str | None) -> QColor:
    """The colour of a KPI status or pace (None: grey, no status yet)."""
    s = _as_status(status)
    return QColor(_current.no_status if s is None else _current.status[s])


def status_tint(status: Status | Pace | str | None) -> QColor:
    """A light background to go behind ``status_colour`` (cells, bands, chips)."""
    s = _as_status(status)
    return QColor(_current.hover if s is None else _current.status_tints[s])


def status_label(status: Status | Pace | str | None) -> str:
    """Symbol and word for a status, never colour alone: "● On target", "▲ At risk"."""
    if isinstance(status, Pace) or (isinstance(status, str) and status in Pace._value2member_map_):
        pace = Pace(str(status))
        return f"{palette.STATUS_SYMBOLS[palette.PACE_STATUS[pace]]} {palette.PACE_WORDS[pace]}"
    s = _as_status(status)
    if s is None:
        return "\u25cb No status"
    return f"{palette.STATUS_SYMBOLS[s]} {palette.STATUS_WORDS[s]}"


def series_colour(index: int) -> QColor:
    """The chart colour of series ``index`` (cycles through the palette)."""
    return QColor(_current.series[index % len(_current.series)])
