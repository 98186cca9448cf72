"""The Trends view's tool row: moving-average window, forecast horizon, compare, edit values, export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from okrdesk.store.readmodels.trend import MOVING_AVERAGE_WINDOWS
from okrdesk.store.readmodels.trend_forecast import FORECAST_HORIZONS
from okrdesk.ui import icons


class TrendTools(QWidget):
    """Combos and buttons above the chart; the view connects to them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_combo = QComboBox()
        for window in MOVING_AVERAGE_WINDOWS:
            self.window_combo.addItem(f"Average of {window}", window)
        self.window_combo.setAccessibleName("Moving-average window")
        self.window_combo.setToolTip("The moving average spans 3, 6 or 12 buckets")
        self.forecast_combo = QComboBox()
        self.forecast_combo.addItem("No forecast", 0)
        for quarters in FORECAST_HORIZONS:
            self.forecast_combo.addItem(f"Forecast {quarters}Q", quarters)
        self.forecast_combo.setAccessibleName("Forecast horizon")
        self.forecast_combo.setToolTip(
            "A straight line fitted to the latest two years of buckets, projected 1 to 4 quarters "
            "ahead with its 95 % prediction band"
        )
        self.compare_button = QPushButton(icons.icon("chart-line"), "Compare")
        self.compare_button.setCheckable(True)
        self.compare_button.setToolTip("Tick several KPIs in the list and compare them on one chart")
        self.compare_button.setAccessibleName("Compare several KPIs")
        self.edit_button = QPushButton(icons.icon("pencil"), "Edit values…")
        self.edit_button.setToolTip("Add, change, delete or paste the measurements of this KPI")
        self.edit_button.setAccessibleName("Edit the measurements of this KPI")
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setIcon(icons.icon("download"))
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setAccessibleName("Export the chart or its values")
        menu = QMenu(self.export_button)
        self.png_action = menu.addAction(icons.icon("download"), "Chart as PNG picture…")
        self.png_action.setToolTip("Save the chart as a PNG picture")
        self.pdf_action = menu.addAction(icons.icon("download"), "Chart as PDF (A4 landscape)…")
        self.pdf_action.setToolTip("Print the chart to a PDF page with the KPI's name, unit and dates")
        self.csv_action = menu.addAction(icons.icon("file-spreadsheet"), "Values as CSV…")
        self.csv_action.setToolTip("Save the values as CSV (date, value, bucketed, moving average, forecast)")
        self.export_button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.window_combo)
        layout.addWidget(self.forecast_combo)
        layout.addStretch(1)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.edit_button)
        layout.addWidget(self.export_button)

    def window(self) -> int:
        """The moving-average window chosen, in buckets."""
        return int(self.window_combo.currentData())

    def horizon(self) -> int:
        """The forecast horizon chosen, in quarters (0: no forecast)."""
        return int(self.forecast_combo.currentData())

    def set_single_controls_visible(self, visible: bool) -> None:
        """Show the one-KPI controls (hidden while comparing)."""
        for widget in (self.window_combo, self.forecast_combo, self.edit_button):
            widget.setVisible(visible)
        self.csv_action.setVisible(visible)
        self.pdf_action.setVisible(visible)
