"""Test-only views for the shell tests: small BaseView subclasses that list real
data from the service, so the window can be tested without the real views."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from okrdesk.domain.entities import Period
from okrdesk.ui.view_base import BaseView, ViewContext
from okrdesk.ui.views_registry import ViewSpec


class ObjectivesList(BaseView):
    """Lists the objectives of the selected period, filtered by the search text."""

    key = "objectives"
    title = "Objectives"

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.period: Period | None = None
        self.search = ""
        self.calls: list[tuple[str, object]] = []
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)

    def set_period(self, period: Period | None) -> None:
        self.calls.append(("period", period))
        self.period = period
        self._fill()

    def set_search(self, text: str) -> None:
        self.calls.append(("search", text))
        self.search = text
        self._fill()

    def reload(self) -> None:
        self.calls.append(("reload", None))
        self._fill()

    def titles(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _fill(self) -> None:
        period_id = self.period.id if self.period else None
        self.list.clear()
        for o in self.ctx.service.objectives(period_id=period_id):
            if self.search.lower() in o.title.lower():
                self.list.addItem(o.title)


class TeamsList(ObjectivesList):
    """Lists the teams."""

    key = "teams"
    title = "Teams"

    def _fill(self) -> None:
        self.list.clear()
        for t in self.ctx.service.teams():
            if self.search.lower() in t.name.lower():
                self.list.addItem(t.name)


SPECS = [
    ViewSpec("objectives", "Objectives", __name__, "ObjectivesList", "target", "Objectives"),
    ViewSpec("teams", "Teams", __name__, "TeamsList", "network", "Teams"),
]
