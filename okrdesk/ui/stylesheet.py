"""The application style sheet: quiet surfaces, thin borders, generous spacing.

Only what Fusion and the palette do not already do well is styled here. Views
can tag widgets with these object names / properties to match the shell:
``#EmptyState`` (with ``#EmptyTitle``, ``#EmptyText``), ``#Card``,
``QPushButton[primary="true"]``, ``#Badge``, ``#Banner``, ``#Muted``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrdesk.domain.entities import Status
from okrdesk.ui import icons

if TYPE_CHECKING:
    from okrdesk.ui.theme import ThemeColours


def build_stylesheet(c: ThemeColours) -> str:
    """The style sheet for colour scheme ``c``."""
    chevron = icons.icon_file("chevron-down", c.muted_ink).as_posix()
    return f"""
QMainWindow, QDialog {{ background: {c.canvas}; }}
QMainWindow::separator {{ background: {c.border}; width: 1px; height: 1px; }}

QToolBar#NavBar {{
    background: {c.surface}; border: none; border-right: 1px solid {c.border};
    padding: 12px 8px; spacing: 6px;
}}
QToolBar#NavBar QToolButton {{
    color: {c.muted_ink}; border: none; border-radius: 8px;
    padding: 10px 4px 8px 4px; margin: 0px; min-width: 76px;
}}
QToolBar#NavBar QToolButton:hover {{ background: {c.hover}; color: {c.ink}; }}
QToolBar#NavBar QToolButton:checked {{ background: {c.accent_tint}; color: {c.accent}; }}
QLabel#Wordmark {{ color: {c.ink}; }}

QToolBar#HeaderBar {{
    background: {c.surface}; border: none; border-bottom: 1px solid {c.border};
    padding: 10px 16px; spacing: 10px;
}}
QToolBar#HeaderBar QToolButton {{ border: 1px solid transparent; border-radius: 6px; padding: 5px; }}
QToolBar#HeaderBar QToolButton:hover {{ background: {c.hover}; border-color: {c.border}; }}
QToolBar#HeaderBar QToolButton:checked {{ background: {c.accent_tint}; border-color: {c.accent_tint}; }}
QLabel#ViewTitle {{ color: {c.ink}; padding-right: 12px; }}

QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit {{
    background: {c.surface}; color: {c.ink}; border: 1px solid {c.border_strong};
    border-radius: 6px; padding: 5px 8px; min-height: 20px;
    selection-background-color: {c.accent}; selection-color: {c.accent_text};
}}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus {{
    border: 1px solid {c.accent};
}}
QLineEdit:disabled, QComboBox:disabled {{ color: {c.faint_ink}; background: {c.sunken}; }}
QComboBox {{ padding-right: 26px; }}
QComboBox::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; width: 24px; border: none;
}}
QComboBox::down-arrow {{ image: url("{chevron}"); width: 14px; height: 14px; }}
QComboBox QAbstractItemView {{
    background: {c.surface}; color: {c.ink}; border: 1px solid {c.border};
    selection-background-color: {c.accent_tint}; selection-color: {c.ink}; outline: 0;
    padding: 4px;
}}

QPushButton {{
    background: {c.surface}; color: {c.ink}; border: 1px solid {c.border_strong};
    border-radius: 6px; padding: 6px 14px; min-height: 20px;
}}
QPushButton:hover {{ background: {c.hover}; }}
QPushButton:pressed {{ background: {c.border}; }}
QPushButton:disabled {{ color: {c.faint_ink}; border-color: {c.border}; }}
QPushButton[primary="true"], QPushButton:default {{
    background: {c.accent}; color: {c.accent_text}; border: 1px solid {c.accent};
}}
QPushButton[primary="true"]:hover, QPushButton:default:hover {{
    background: {c.accent_hover}; border-color: {c.accent_hover};
}}
QPushButton[flat="true"] {{ border: none; background: transparent; color: {c.accent}; }}
QPushButton[flat="true"]:hover {{ background: {c.hover}; }}

QStatusBar {{
    background: {c.surface}; color: {c.muted_ink}; border-top: 1px solid {c.border};
}}
QStatusBar::item {{ border: none; }}
QStatusBar QLabel {{ color: {c.muted_ink}; padding: 3px 10px; }}
QLabel#Badge {{
    color: {c.ink}; background: {c.hover};
    border: 1px solid {c.border_strong}; border-radius: 9px; padding: 1px 9px;
}}

QDockWidget {{ color: {c.ink}; }}
QWidget#DockTitle {{
    background: {c.surface}; border-bottom: 1px solid {c.border}; border-left: 1px solid {c.border};
}}
QWidget#DockTitle QToolButton {{ border: none; border-radius: 4px; padding: 3px; }}
QWidget#DockTitle QToolButton:hover {{ background: {c.hover}; }}
QDockWidget > QWidget {{ background: {c.surface}; border-left: 1px solid {c.border}; }}

QFrame#Banner {{
    background: {c.status_tints[Status.AMBER]}; border: none;
    border-bottom: 1px solid {c.border};
}}
QFrame#Banner QLabel {{ color: {c.ink}; }}

QWidget#EmptyState {{ background: transparent; }}
QLabel#EmptyTitle {{ color: {c.ink}; }}
QLabel#EmptyText, QLabel#Muted {{ color: {c.muted_ink}; }}
QFrame#Card {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 10px;
}}
QFrame#IssueRow {{ border-radius: 6px; }}
QFrame#IssueRow:hover {{ background: {c.hover}; }}
QFrame#IssueRow:focus {{ background: {c.accent_tint}; }}

QTreeView, QListView, QTableView, QTreeWidget, QListWidget {{
    background: {c.surface}; color: {c.ink}; border: none; outline: 0;
    selection-background-color: {c.accent_tint}; selection-color: {c.ink};
    alternate-background-color: {c.sunken};
}}
QHeaderView::section {{
    background: {c.surface}; color: {c.muted_ink}; border: none;
    border-bottom: 1px solid {c.border}; padding: 6px 8px;
}}
QTextEdit, QPlainTextEdit {{
    background: {c.sunken}; color: {c.ink}; border: 1px solid {c.border};
    border-radius: 6px; padding: 6px;
}}
QToolTip {{
    background: {c.ink if c.name == "light" else c.surface};
    color: {c.surface if c.name == "light" else c.ink};
    border: 1px solid {c.border_strong}; border-radius: 4px; padding: 4px 8px;
}}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle {{ background: {c.border_strong}; border-radius: 3px; min-height: 28px; min-width: 28px; }}
QScrollBar::handle:hover {{ background: {c.faint_ink}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
"""

