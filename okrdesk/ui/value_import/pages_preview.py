"""The last page of the Import values wizard: what the import will change, and the
choice to save everything chosen as an import profile.

The plan (``WizardState.plan`` — the core's ``plan_import``) is made in a
background step and shown in a ``PlanPanel``. *Apply Import* (the wizard's
Finish button) asks the wizard's owner to apply it — one transaction, one undo
step — and, when the box is ticked, to save the profile under the name typed
here (not empty, at most 200 characters, not the name of another profile; the
profile the wizard was opened from may be replaced).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from okrdesk.excel.foreign import ValuesPlan, profile_names
from okrdesk.ui.value_import.page_base import MessageLine, WizardPage
from okrdesk.ui.value_import.plan_panel import PlanPanel
from okrdesk.ui.value_import.state import WizardState

MAX_NAME = 200


def profile_name_problem(name: str, taken: list[str], replaceable: str = "") -> str:
    """Why ``name`` cannot name a new profile ("" when it can)."""
    name = name.strip()
    if not name:
        return "Give the profile a name, such as “Monthly P&L”."
    if len(name) > MAX_NAME:
        return f"The name is {len(name)} characters long; keep it to {MAX_NAME}."
    if name in taken and name != replaceable:
        return f"A profile named “{name}” already exists; choose another name."
    return ""


class PreviewPage(WizardPage):
    """The plan and the profile (module notes)."""

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(
            "Check and apply",
            "What the import will change. Nothing is written until you click Apply Import; "
            "afterwards Edit → Undo takes the whole import back.", parent)
        self.state = state
        self.plan: ValuesPlan | None = None
        self.panel = PlanPanel()
        self.save_profile = QCheckBox("Save these choices as an import profile named")
        self.save_profile.setToolTip("Next month, File → Import Values Again imports the new file "
                                     "with the same choices in one click")
        self.save_profile.setChecked(True)
        self.profile_name = QLineEdit()
        self.profile_name.setObjectName("profile-name")
        self.profile_name.setMaxLength(MAX_NAME + 20)
        self.profile_name.setPlaceholderText("Monthly P&L")
        self.profile_name.textChanged.connect(lambda _t: self._check_name())
        self.save_profile.toggled.connect(self._profile_toggled)
        self.name_problem = MessageLine()
        row = QHBoxLayout()
        row.addWidget(self.save_profile)
        row.addWidget(self.profile_name, 1)
        self.profile_hint = QLabel("Next month, File → Import Values Again ▸ <name> imports the new "
                                   "file with these choices in one click.")
        self.profile_hint.setObjectName("Muted")
        self.body.addWidget(self.panel, 1)
        self.body.addLayout(row)
        self.body.addWidget(self.profile_hint)
        self.body.addWidget(self.name_problem)
        self._taken: list[str] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.plan = None
        self.panel.set_plan(None)
        self._taken = profile_names(self.state.service)
        if not self.profile_name.text():
            self.profile_name.setText(self.state.profile_name or self._suggested_name())
        self._check_name()
        self.start(self.state.plan, self._planned, "Comparing the file with the workspace…")

    def _suggested_name(self) -> str:
        stem = self.state.path.stem if self.state.path is not None else "Import"
        name, n = stem, 2
        while name in self._taken:
            name, n = f"{stem} ({n})", n + 1
        return name

    def _planned(self, plan: ValuesPlan) -> None:
        self.plan = plan
        self.panel.set_plan(plan, self.state.nodes)
        if not plan.ok:
            self.error.show_message("The import cannot be applied until these problems are solved: "
                                    "go back and check the layout and the columns.")

    def _profile_toggled(self, on: bool) -> None:
        self.profile_name.setEnabled(on)
        self._check_name()

    def chosen_profile_name(self) -> str:
        """The profile to save ("" when the box is not ticked)."""
        return self.profile_name.text().strip() if self.save_profile.isChecked() else ""

    def name_error(self) -> str:
        if not self.save_profile.isChecked():
            return ""
        return profile_name_problem(self.profile_name.text(), self._taken, self.state.profile_name)

    def _check_name(self) -> None:
        problem = self.name_error()
        name = self.profile_name.text().strip()
        if problem:
            self.name_problem.show_message(problem, "warning")
        elif self.save_profile.isChecked() and name in self._taken:
            self.name_problem.show_message(f"The profile “{name}” is replaced by these choices.", "note")
        else:
            self.name_problem.show_message("")
        self.completeChanged.emit()

    def set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self.save_profile, self.profile_name):
            widget.setEnabled(enabled)
        if enabled:
            self.profile_name.setEnabled(self.save_profile.isChecked())

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return (not self.busy and self.plan is not None and self.plan.ok
                and not self.name_error())

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Finish asks the wizard to apply; it closes itself once the import is written."""
        wizard = self.wizard()
        if getattr(wizard, "applied", False):
            return True
        if not self.isComplete() or wizard is None:
            return False
        wizard.request_apply()  # type: ignore[attr-defined]
        return False
