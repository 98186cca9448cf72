"""Help → About okrdesk: version, Qt and PySide6 versions, licences, log folder."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from okrdesk import __version__
from okrdesk.paths import user_log_dir
from okrdesk.ui import icons
from okrdesk.ui.fonts import title_font


class AboutDialog(QDialog):
    """A small, calm About box with selectable version details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About okrdesk"))
        logo = QLabel()
        logo.setPixmap(icons.pixmap("target", 48, icons_colour()))
        name = QLabel("okrdesk")
        name.setFont(title_font(1))
        tagline = QLabel(self.tr("KPI trees and OKRs on your desktop, with a round trip to Excel."))
        tagline.setObjectName("Muted")
        tagline.setWordWrap(True)

        log_url = QUrl.fromLocalFile(str(user_log_dir())).toString()
        details = QLabel(
            "<table cellspacing='0' cellpadding='3'>"
            + _row(self.tr("Version"), __version__)
            + _row("Qt", qVersion())
            + _row("PySide6", pyside_version)
            + _row("Python", platform.python_version())
            + _row(self.tr("Licence"), "MIT")
            + _row(
                self.tr("Log folder"),
                f"<a href='{html.escape(log_url)}'>{html.escape(str(user_log_dir()))}</a>",
                escape=False,
            )
            + "</table>"
        )
        details.setTextFormat(Qt.TextFormat.RichText)
        details.setOpenExternalLinks(True)
        details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.details = details
        credits = QLabel(
            self.tr(
                "Icons: Lucide (ISC licence). Typeface: Inter by Rasmus Andersson "
                "(SIL Open Font License 1.1)."
            )
        )
        credits.setObjectName("Muted")
        credits.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        head = QHBoxLayout()
        head.setSpacing(14)
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(name)
        text.addWidget(tagline)
        head.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(16)
        layout.addLayout(head)
        layout.addWidget(details)
        layout.addWidget(credits)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)


def icons_colour() -> str:
    """The accent colour of the current theme (the logo is drawn in it)."""
    from okrdesk.ui import theme

    return theme.current().accent


def _row(label: str, value: str, *, escape: bool = True) -> str:
    shown = html.escape(value) if escape else value
    return f"<tr><td style='padding-right:18px'><b>{html.escape(label)}</b></td><td>{shown}</td></tr>"
