"""Theme, icons, fonts and the About box."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QPalette

from okrdesk import __version__, palette
from okrdesk.domain.entities import Pace, Status
from okrdesk.ui import icons, theme
from okrdesk.ui.about import AboutDialog
from okrdesk.ui.fonts import number_font, register_fonts


def test_status_colours_come_from_the_one_palette(themed_app):
    theme.apply_theme(themed_app, "light")
    assert theme.status_colour(Status.RED).name().upper() == palette.STATUS_COLOURS[Status.RED]
    assert theme.status_colour(Pace.AT_RISK) == theme.status_colour(Status.AMBER)
    assert theme.status_colour("green") == theme.status_colour(Status.GREEN)
    assert theme.status_colour(None).name().upper() == palette.NO_STATUS_COLOUR
    assert theme.status_label(Status.RED) == "\u25a0 Off target"
    assert theme.status_label(Pace.ON_TRACK) == "\u25cf On track"
    with pytest.raises(ValueError, match="Unknown status 'purple'"):
        theme.status_colour("purple")


def test_dark_scheme_changes_palette_and_icons(themed_app):
    try:
        dark = theme.apply_theme(themed_app, "dark")
        assert theme.current() is dark and dark.name == "dark"
        window = themed_app.palette().color(QPalette.ColorRole.Window)
        assert window.lightness() < 60
        img = icons.icon("search").pixmap(24, 24).toImage()
        lit = [img.pixelColor(x, y) for x in range(img.width()) for y in range(img.height())]
        assert max(c.lightness() for c in lit if c.alpha() > 200) > 150  # light strokes
    finally:
        theme.apply_theme(themed_app, "light")
    assert themed_app.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_every_icon_named_in_the_ui_is_bundled():
    used: set[str] = set()
    pattern = re.compile(r'(?:icon|pixmap|icon_file)\(\s*"([a-z0-9-]+)"|EmptyState\(\s*"([a-z0-9-]+)"')
    for source in Path(icons.__file__).parent.glob("*.py"):
        for match in pattern.finditer(source.read_text(encoding="utf-8")):
            used.add(match.group(1) or match.group(2))
    used.update(icons.VIEW_ICONS.values())
    assert used and used <= set(icons.available())
    with pytest.raises(ValueError, match="No bundled icon named 'nope'"):
        icons.icon("nope")


def test_bundled_font_is_registered_with_tabular_figures(themed_app):
    assert "Inter" in register_fonts()
    assert "Inter" in QFontDatabase.families()
    assert themed_app.font().family() == "Inter"
    font = number_font()
    assert any(tag.toString() == "tnum" for tag in font.featureTags())


def test_about_box_names_version_qt_and_log_folder(themed_app, qtbot):
    from PySide6.QtCore import qVersion

    from okrdesk.paths import user_log_dir

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.details.text()
    assert __version__ in text and qVersion() in text and "MIT" in text
    assert str(user_log_dir()) in text
