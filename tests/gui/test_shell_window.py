"""The main window on a real workspace: views, period, search, undo/redo, layout."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QKeySequence, QUndoCommand

from okrdesk.domain.entities import Period, PeriodKind
from okrdesk.store.workspace import Workspace
from okrdesk.ui.main_window import MainWindow
from okrdesk.ui.settings import app_settings
from okrdesk.ui.period_selector import default_period
from tests.gui.shell_views import SPECS


@pytest.fixture
def window(themed_app, qtbot):
    w = MainWindow(specs=SPECS)
    qtbot.addWidget(w)
    yield w
    w.close()  # releases the workspace and its writer lock


def open_and_paint(window: MainWindow, qtbot, path) -> None:
    window.show()
    with qtbot.waitSignal(window.first_data_paint, timeout=10_000):
        assert window.open_path(path)


def test_window_opens_on_workspace_and_paints_its_data(window, qtbot, workspace_file):
    open_and_paint(window, qtbot, workspace_file)
    ws = window.workspace
    assert window.windowTitle() == f"{ws.name} — okrdesk"
    counts = ws.service.counts()
    assert f"{counts['teams']} teams" in window.status.counts.text()
    assert window.status.path.text() == str(workspace_file)
    assert not window.status.badge.isVisibleTo(window)
    view = window.current_view()
    period = window.current_period()
    expected = [o.title for o in ws.service.objectives(period_id=period.id if period else None)]
    assert view.titles() == expected and expected


def test_views_are_created_lazily_and_switched_by_shortcut_actions(window, qtbot, workspace_file):
    open_and_paint(window, qtbot, workspace_file)
    assert window.host.current_key() == "objectives"
    assert window.host.view("teams") is None
    action = window.nav.actions_by_key["teams"]
    assert action.shortcut() == QKeySequence("Ctrl+2")
    action.trigger()
    assert window.host.current_key() == "teams"
    assert window.header.title.text() == "Teams"
    teams = window.host.view("teams")
    assert teams.titles() == [t.name for t in window.workspace.service.teams()]
    window.nav.actions_by_key["objectives"].trigger()
    assert window.host.current_key() == "objectives"
    assert window.nav.actions_by_key["objectives"].isChecked()


def test_period_selector_lists_periods_and_all_time(window, qtbot, workspace_file):
    open_and_paint(window, qtbot, workspace_file)
    periods = sorted(window.workspace.service.periods(), key=lambda p: (p.start, p.end, p.name))
    labels = window.header.period.labels()
    assert labels[-1] == "All time"
    assert [label.split(" (")[0] for label in labels[:-1]] == [p.name for p in periods]
    assert window.current_period() == default_period(periods, window.today)
    view = window.current_view()
    window.header.period.select_period(None)
    assert view.period is None
    all_titles = sorted(o.title for o in window.workspace.service.objectives())
    assert sorted(view.titles()) == all_titles


def test_default_period_prefers_the_quarter_containing_today():
    q1 = Period(1, "2027-Q1", PeriodKind.QUARTER, dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    q2 = Period(2, "2027-Q2", PeriodKind.QUARTER, dt.date(2027, 4, 1), dt.date(2027, 6, 30))
    year = Period(3, "2027", PeriodKind.YEAR, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert default_period([year, q2, q1], dt.date(2027, 5, 3)) == q2
    assert default_period([year, q1], dt.date(2027, 5, 3)) == year
    assert default_period([q1, q2], dt.date(2028, 1, 5)) == q2  # latest started
    assert default_period([q1, q2], dt.date(2026, 1, 5)) == q1  # none started yet
    assert default_period([], dt.date(2027, 1, 1)) is None


def test_search_text_is_forwarded_to_the_current_view(window, qtbot, workspace_file):
    open_and_paint(window, qtbot, workspace_file)
    view = window.current_view()
    window.header.period.select_period(None)
    word = view.titles()[0].split()[0]
    window.find_action.trigger()
    assert window.focusWidget() is window.header.search
    qtbot.keyClicks(window.header.search, word)
    qtbot.waitUntil(lambda: view.search == word, timeout=3000)
    assert view.titles() and all(word.lower() in t.lower() for t in view.titles())
    # a view shown later receives the search text when it appears
    window.nav.actions_by_key["teams"].trigger()
    assert window.host.view("teams").search == word


class RenameTeam(QUndoCommand):
    """A real undoable edit through the service, as the views' commands do."""

    def __init__(self, service, team_id: int, new_name: str) -> None:
        super().__init__(f"Rename team to {new_name}")
        self.service, self.team_id, self.new_name = service, team_id, new_name
        self.old_name = next(t.name for t in service.teams() if t.id == team_id)

    def redo(self) -> None:
        self.service.update_team(self.team_id, name=self.new_name)

    def undo(self) -> None:
        self.service.update_team(self.team_id, name=self.old_name)


def test_undo_and_redo_actions_follow_the_stack(window, qtbot, workspace_file):
    open_and_paint(window, qtbot, workspace_file)
    undo, redo = window.header.undo_action, window.header.redo_action
    assert undo.shortcuts()[0] == QKeySequence(QKeySequence.StandardKey.Undo)
    assert not undo.isEnabled() and not redo.isEnabled()
    service = window.workspace.service
    team = service.teams()[0]
    window.nav.actions_by_key["teams"].trigger()  # create the teams view ...
    window.nav.actions_by_key["objectives"].trigger()  # ... then leave it
    window.undo_stack.push(RenameTeam(service, team.id, "Renamed team"))
    assert undo.isEnabled() and not redo.isEnabled()
    assert "Rename team to Renamed team" in undo.text()
    undo.trigger()
    assert next(t.name for t in service.teams() if t.id == team.id) == team.name
    assert redo.isEnabled() and not undo.isEnabled()
    redo.trigger()
    # the other view reloads when shown again
    window.nav.actions_by_key["teams"].trigger()
    teams_view = window.host.view("teams")
    assert ("reload", None) in teams_view.calls
    assert "Renamed team" in teams_view.titles()


def test_layout_and_last_view_persist_between_windows(themed_app, qtbot, workspace_file):
    first = MainWindow(specs=SPECS)
    qtbot.addWidget(first)
    open_and_paint(first, qtbot, workspace_file)
    first.nav.actions_by_key["teams"].trigger()
    first.quality.hide()
    geometry = first.saveGeometry()
    first.close()
    assert app_settings().value("window/geometry") == geometry
    second = MainWindow(specs=SPECS)
    qtbot.addWidget(second)
    open_and_paint(second, qtbot, workspace_file)
    assert second.host.current_key() == "teams"
    assert not second.quality.isVisibleTo(second)  # dock layout restored
    second.close()


def test_warnings_show_in_a_banner_and_read_only_in_the_status_bar(window, qtbot, workspace_file):
    ws = Workspace.open(workspace_file, read_only=True)
    ws.warnings.append("This workspace is on a network drive.")
    window.show()
    with qtbot.waitSignal(window.first_data_paint, timeout=10_000):
        window.adopt(ws)
    assert window.banner.isVisibleTo(window)
    assert "network drive" in window.banner.text.text()
    assert window.status.badge.isVisibleTo(window)
    assert window.ctx.read_only
    window.banner.close_button.click()
    assert not window.banner.isVisibleTo(window)


def test_close_workspace_shows_the_start_page(window, qtbot, workspace_file):
    open_and_paint(window, qtbot, workspace_file)
    ws = window.workspace
    window.file_actions.close.trigger()
    assert ws.closed and window.workspace is None
    assert window.pages.currentWidget() is window.start_page
    assert window.windowTitle() == "okrdesk"
    assert not window.file_actions.save_copy.isEnabled()
    assert not window.nav.actions_by_key["teams"].isEnabled()
    # the start page offers the file just closed
    assert window.recent.entries()[0] == str(workspace_file.resolve())


def test_quality_panel_lists_the_issues_of_the_period_after_first_paint(window, qtbot, workspace_file):
    from okrdesk.domain.quality import check_okrs

    open_and_paint(window, qtbot, workspace_file)
    s = window.workspace.service
    period = window.current_period()
    expected = check_okrs(
        s.objectives(period_id=period.id), s.key_results(period_id=period.id),
        s.teams(), s.periods(), nodes=s.kpi_nodes(),
    )
    qtbot.waitUntil(lambda: window.quality.pages.currentWidget() is not window.quality.waiting)
    assert sorted(window.quality.messages()) == sorted(i.message for i in expected)
    if expected:
        assert window.quality.windowTitle() == f"Quality checks ({len(expected)})"
    else:
        assert window.quality.pages.currentWidget() is window.quality.empty
