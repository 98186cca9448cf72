"""The quality-checks dock: OKR quality warnings for the selected period.

Lists the issues found by ``okrdesk.domain.quality.check_okrs`` (warnings,
never blockers — PRODUCT.md §2). When there are none it says so, and says
what the rules are. Clicking an issue (or Enter / Space on it) emits
``issue_activated``: the main window shows the objective, key result or team
it is about on the OKR board. The checks run after the first paint and again, debounced,
whenever the period or the data changes.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Period
from okrdesk.ui import icons
from okrdesk.ui.empty_state import EmptyState
from okrdesk.ui.fonts import title_font

log = logging.getLogger(__name__)

QUALITY_MODULE = "okrdesk.domain.quality"
_SEVERITY_ICONS = {"error": "octagon-alert", "warning": "triangle-alert", "info": "info"}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def quality_available() -> bool:
    """True when the quality rules module is installed."""
    try:
        return importlib.util.find_spec(QUALITY_MODULE) is not None
    except (ImportError, ValueError):
        return False


def _severity(issue: Any) -> str:
    value = getattr(issue, "severity", "warning")
    return str(getattr(value, "value", value)).lower()


class IssueRow(QFrame):
    """One issue: its severity icon and its message, wrapped to the panel's width.
    A click, Enter or Space emits ``activated`` (show it on the board)."""

    activated = Signal(object)

    def __init__(self, issue: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IssueRow")
        self.issue = issue
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Show it on the OKR board (click, or Enter)")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        severity = _severity(issue)
        icon = QLabel()
        icon.setPixmap(icons.pixmap(_SEVERITY_ICONS.get(severity, "triangle-alert"), 16))
        icon.setToolTip(severity.capitalize())
        self.text = QLabel(issue.message)
        self.text.setWordWrap(True)
        self.text.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAccessibleName(f"{severity}: {issue.message}")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 6, 6, 6)
        row.setSpacing(10)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        go = QLabel()
        go.setPixmap(icons.pixmap("chevron-right", 14))
        row.addWidget(go, 0, Qt.AlignmentFlag.AlignVCenter)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """A click shows the issue on the board."""
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.issue)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Enter, Return or Space shows the issue on the board."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.issue)
            event.accept()
            return
        super().keyPressEvent(event)


class QualityPanel(QDockWidget):
    """Dock listing the quality issues of the selected period.

    ``count_changed(n)`` fires after every check with the number of issues, and
    with -1 when there is nothing checked (no workspace, or checks pending).
    """

    count_changed = Signal(int)
    #: An issue was clicked (or chosen with the keyboard): show what it is about.
    issue_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Quality checks"), parent)
        self.setObjectName("QualityPanel")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.toggleViewAction().setIcon(icons.icon("list-checks"))
        self.setTitleBarWidget(self._title_bar())
        self.service: Any = None
        self.period: Period | None = None
        self.issues: list[Any] = []

        self.summary = QLabel()
        self.summary.setObjectName("Muted")
        self.summary.setWordWrap(True)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(16, 12, 12, 12)
        list_layout.setSpacing(10)
        list_layout.addWidget(self.summary)
        list_layout.addLayout(self.rows)
        list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(list_page)
        scroll.setAccessibleName(self.tr("Quality issues"))
        self.empty = EmptyState(
            "circle-check",
            self.tr("All clear"),
            self.tr(
                "Every team has 3–5 objectives, each with 2–5 measurable key results, "
                "an owner and a period."
            ),
            icon_size=32,
            text_width=240,
        )
        self.waiting = QLabel(self.tr("Open a workspace to check its OKRs."))
        self.waiting.setObjectName("Muted")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.waiting)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(scroll)
        self.list_page = scroll
        self.setWidget(self.pages)
        self.setMinimumWidth(280)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)

    def _title_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("DockTitle")
        self.title_label = QLabel(self.windowTitle())
        self.title_label.setFont(title_font(3))
        close = QToolButton()
        close.setIcon(icons.icon("x"))
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Hide the quality checks"))
        close.setAccessibleName(self.tr("Close quality checks"))
        close.clicked.connect(self.hide)
        self.windowTitleChanged.connect(self.title_label.setText)
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 8, 8, 8)
        row.addWidget(self.title_label, 1)
        row.addWidget(close)
        return bar

    def set_service(self, service: Any) -> None:
        """Check this workspace (None: nothing to check)."""
        self.service = service
        self._broken_references: list[Any] | None = None  # read once per workspace
        self.issues = []
        self._clear_rows()
        self.pages.setCurrentWidget(self.waiting)
        self.setWindowTitle(self.tr("Quality checks"))
        self.count_changed.emit(-1)
        if service is None:
            self.waiting.setText(self.tr("Open a workspace to check its OKRs."))
        else:
            self.waiting.setText(self.tr("Checking…"))
            self.schedule_refresh()

    def set_period(self, period: Period | None) -> None:
        """Check the objectives of ``period`` (None: all periods)."""
        self.period = period
        self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Run the checks soon (several changes in a row run them once)."""
        self._timer.start()

    def refresh(self) -> None:
        """Run the checks now and show the result."""
        self._timer.stop()
        if self.service is None:
            return
        self.issues = self._check()
        self._show()
        self.count_changed.emit(len(self.issues))

    def _check(self) -> list[Any]:
        quality = importlib.import_module(QUALITY_MODULE)
        s = self.service
        period_id = self.period.id if self.period else None
        objectives = list(s.objectives(period_id=period_id))
        key_results = list(s.key_results(period_id=period_id))
        issues = quality.check_okrs(
            objectives, key_results, list(s.teams()), list(s.periods()), nodes=list(s.kpi_nodes())
        )
        issues = sorted(issues, key=lambda i: (_SEVERITY_ORDER.get(_severity(i), 9), i.message))
        return self._damage() + issues

    def _damage(self) -> list[Any]:
        """Rows no okrdesk edit can make (a file changed by another program), listed first."""
        from okrdesk.store.check import damage_issues

        if getattr(self, "_broken_references", None) is None:
            self._broken_references = damage_issues(self.service, references=True)
            return list(self._broken_references)
        cycles = damage_issues(self.service, references=False)
        return cycles + [i for i in self._broken_references if i.rule != "parent cycle"]

    def messages(self) -> list[str]:
        """The issues' messages as listed (empty when all is clear)."""
        return [
            row.issue.message
            for i in range(self.rows.count())
            if isinstance(row := self.rows.itemAt(i).widget(), IssueRow)
        ]

    def _clear_rows(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _show(self) -> None:
        self._clear_rows()
        if not self.issues:
            self.pages.setCurrentWidget(self.empty)
            self.setWindowTitle(self.tr("Quality checks"))
            return
        where = self.period.name if self.period else self.tr("all periods")
        count = len(self.issues)
        self.summary.setText(
            self.tr("{n} suggestions for {where}. They are advice, never blockers.").format(
                n=count, where=where
            )
            if count != 1
            else self.tr("1 suggestion for {where}. It is advice, never a blocker.").format(
                where=where
            )
        )
        self.setWindowTitle(self.tr("Quality checks ({n})").format(n=count))
        for issue in self.issues:
            row = IssueRow(issue)
            row.activated.connect(self.issue_activated)
            self.rows.addWidget(row)
        self.pages.setCurrentWidget(self.list_page)
