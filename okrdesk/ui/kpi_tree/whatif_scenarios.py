"""Named what-if scenarios in the what-if bar: keep the current values, load, rename, delete.

The "Scenarios" button of the what-if bar opens a menu: *Save as scenario…*,
one entry per kept scenario (click to load it), and *Manage scenarios…* (a
list with Load, Rename… and Delete…). Scenarios are kept in the workspace's
settings through the service (``store/service_scenarios.py``), so they survive
closing the workspace, but they are never data: loading one only shows its
values as what-if values, and neither saving nor loading touches the undo
stack. Loading a scenario whose nodes were deleted since says which values
were left out. ``ask_text`` and ``confirm`` are module functions so tests can
answer them without a dialog.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.scenarios import Scenario, ScenarioValue
from okrdesk.store.errors import WorkspaceError
from okrdesk.ui.kpi_tree.outline_editing import confirm, plural  # noqa: F401 - confirm: tests replace it here


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """Ask for a line of text; None when cancelled (tests replace this function)."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


class ScenarioMenu(QObject):
    """The scenario entries of a WhatIfMode, on ``button``'s menu."""

    def __init__(self, mode, button: QPushButton) -> None:
        super().__init__(button)
        self.mode = mode
        self.service = mode.view.ctx.service
        self.read_only = mode.view.ctx.read_only
        self.button = button
        self.current: str | None = None  # the scenario loaded or saved last
        self._current_version = -1
        self.menu = QMenu(button)
        self.menu.aboutToShow.connect(self._fill_menu)
        button.setMenu(self.menu)

    # ------------------------------------------------------------------ state

    def forget(self) -> None:
        """The what-if values were dropped: no scenario is shown any more."""
        self.current = None

    def describe(self, summary: str) -> str:
        """``summary`` prefixed with the scenario shown (marked when its values were changed since)."""
        if self.current is None:
            return summary
        changed = "" if self._current_version == self.mode._version else " (changed)"
        return f"Scenario “{self.current}”{changed} · {summary}"

    def _say(self, text: str) -> None:
        self.mode.view.show_message(text)

    def scenarios(self) -> list[Scenario] | None:
        """The kept scenarios; None (and a message) when they cannot be read."""
        try:
            return self.service.whatif_scenarios()
        except WorkspaceError as error:
            self._say(str(error))
            return None

    # ------------------------------------------------------------------ menu

    def _fill_menu(self) -> None:
        self.menu.clear()
        save = self.menu.addAction("Save as scenario…")
        save.triggered.connect(lambda: self.save_as())
        save.setEnabled(bool(self.mode.overrides) and not self.read_only)
        if self.read_only:
            save.setToolTip("The workspace is open read-only")
        scenarios = self.scenarios() or []
        if scenarios:
            self.menu.addSeparator()
        for scenario in scenarios:
            action = QAction(f"Load “{scenario.name}” ({plural(len(scenario.values), 'value')})", self.menu)
            action.triggered.connect(lambda _=False, name=scenario.name: self.load(name))
            self.menu.addAction(action)
        self.menu.addSeparator()
        manage = self.menu.addAction("Manage scenarios…")
        manage.triggered.connect(lambda: self.manage())
        manage.setEnabled(bool(scenarios))

    # ------------------------------------------------------------------ actions

    def current_values(self) -> list[ScenarioValue]:
        """The what-if values shown now, ready to keep (those of nodes in the tree)."""
        tree = self.mode.view.read_model
        if tree is None:
            return []
        return [ScenarioValue(nid, tree.row(nid).node.code, bucket, value)
                for nid, (bucket, value) in self.mode.overrides.items() if nid in tree.ids]

    def save_as(self, name: str | None = None) -> Scenario | None:
        """Keep the current what-if values under a name (asked when not given)."""
        values = self.current_values()
        if not values:
            self._say("There are no what-if values to keep: set some first.")
            return None
        if name is None:
            name = ask_text(self.mode.view, "Save scenario", "Keep these what-if values as:", self.current or "")
            if name is None:
                return None
        existing = {s.name.casefold(): s.name for s in (self.scenarios() or [])}
        replace = False
        if " ".join(name.split()).casefold() in existing:
            old = existing[" ".join(name.split()).casefold()]
            if not confirm(self.mode.view, "Replace scenario", f"A scenario called “{old}” exists. Replace it?"):
                return None
            replace = True
        try:
            scenario = self.service.save_whatif_scenario(name, values, replace=replace)
        except WorkspaceError as error:
            self._say(str(error))
            return None
        self._show_as_current(scenario.name)
        self._say(f"Kept {plural(len(values), 'what-if value')} as scenario “{scenario.name}”.")
        return scenario

    def load(self, name: str) -> dict[int, str] | None:
        """Show the scenario's values as the what-if values (replacing the current ones);
        returns the values left out (node id -> why), None when it cannot be loaded."""
        try:
            scenario = self.service.whatif_scenario(name)
        except WorkspaceError as error:
            self._say(str(error))
            return None
        codes = {v.node_id: v.code for v in scenario.values}
        dropped = self.mode.replace_all({v.node_id: (v.bucket, v.value) for v in scenario.values})
        self._show_as_current(scenario.name)
        kept = len(scenario.values) - len(dropped)
        text = f"Loaded scenario “{scenario.name}”: {plural(kept, 'what-if value')}."
        if dropped:
            gone = [codes[i] for i, why in dropped.items() if "no longer in the tree" in why]
            other = [f"{codes[i]} ({why})" for i, why in dropped.items() if "no longer in the tree" not in why]
            parts = []
            if gone:
                parts.append(f"{plural(len(gone), 'node')} deleted since: {', '.join(gone)}")
            parts += other
            text += f" Left out {plural(len(dropped), 'value')}: " + "; ".join(parts) + "."
        self._say(text)
        return dropped

    def _show_as_current(self, name: str) -> None:
        self.current = name
        self._current_version = self.mode._version
        self.mode.refresh()

    def rename(self, name: str, new_name: str | None = None) -> Scenario | None:
        """Rename a kept scenario (the new name asked when not given)."""
        if new_name is None:
            new_name = ask_text(self.mode.view, "Rename scenario", f"New name for “{name}”:", name)
            if new_name is None:
                return None
        try:
            renamed = self.service.rename_whatif_scenario(name, new_name)
        except WorkspaceError as error:
            self._say(str(error))
            return None
        if self.current is not None and self.current.casefold() == name.casefold():
            self.current = renamed.name
            self.mode.refresh()
        return renamed

    def delete(self, name: str, *, ask: bool = True) -> bool:
        """Delete a kept scenario (after asking); the values shown stay."""
        if ask and not confirm(self.mode.view, "Delete scenario",
                               f"Delete the scenario “{name}”? Saving and deleting scenarios cannot be undone."):
            return False
        try:
            self.service.delete_whatif_scenario(name)
        except WorkspaceError as error:
            self._say(str(error))
            return False
        if self.current is not None and self.current.casefold() == name.casefold():
            self.current = None
            self.mode.refresh()
        return True

    def manage(self) -> ScenarioDialog:
        """Open the list of kept scenarios."""
        dialog = ScenarioDialog(self, self.mode.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog


class ScenarioDialog(QDialog):
    """Kept scenarios with Load, Rename… and Delete…."""

    def __init__(self, scenarios: ScenarioMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("What-if scenarios")
        self.setMinimumSize(460, 320)
        self.owner = scenarios
        self.list = QListWidget()
        self.list.setAccessibleName("Kept scenarios")
        self.list.itemDoubleClicked.connect(lambda _item: self.load_selected())
        note = QLabel("Scenarios keep what-if values under a name in this workspace. They are not data:"
                      " loading one changes nothing in the workspace.")
        note.setWordWrap(True)
        self.load_button = QPushButton("Load")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete…")
        self.load_button.clicked.connect(self.load_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.rename_button, self.delete_button):
            button.setEnabled(not scenarios.read_only)
        actions = QHBoxLayout()
        for button in (self.load_button, self.rename_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.fill()

    def fill(self, select: str | None = None) -> None:
        """List the kept scenarios (selecting ``select``, else the first)."""
        self.list.clear()
        for scenario in self.owner.scenarios() or []:
            saved = f", saved {scenario.saved:%Y-%m-%d %H:%M}" if isinstance(scenario.saved, dt.datetime) else ""
            item = QListWidgetItem(f"{scenario.name}  —  {plural(len(scenario.values), 'value')}{saved}")
            item.setData(Qt.ItemDataRole.UserRole, scenario.name)
            self.list.addItem(item)
            if select is not None and scenario.name == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        for button in (self.load_button, self.rename_button, self.delete_button):
            button.setEnabled(self.list.count() > 0 and (button is self.load_button or not self.owner.read_only))

    def selected(self) -> str | None:
        """The name of the selected scenario."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def load_selected(self) -> None:
        """Load the selected scenario and close."""
        name = self.selected()
        if name is not None and self.owner.load(name) is not None:
            self.accept()

    def rename_selected(self) -> None:
        """Rename the selected scenario."""
        name = self.selected()
        if name is not None:
            renamed = self.owner.rename(name)
            self.fill(renamed.name if renamed is not None else name)

    def delete_selected(self) -> None:
        """Delete the selected scenario (after asking)."""
        name = self.selected()
        if name is not None and self.owner.delete(name):
            self.fill()
