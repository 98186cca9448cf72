"""The Dashboards view: the company overview, or one team's scorecard.

Company overview: headline KPI tiles; objective scores by team; objectives by
pace; objectives at risk or off track; the KPIs that moved most this bucket.
Team scorecard: the team's health metrics and its objectives of the period.
Branch dashboard: a tile per node of a tree branch (``show_branch``).
"All time" (no period) shows the current period, like the OKR board.
Every page exports as PNG and prints to an A4-landscape PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Category, Period
from okrdesk.store.readmodels.okrs import PACE_ORDER, BoardReadModel, ObjectiveCard
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui import theme
from okrdesk.ui.dashboards.branch_data import branch_choices
from okrdesk.ui.dashboards.branch_page import BranchPage
from okrdesk.ui.dashboards.charts import PaceSummary, TeamScoreChart
from okrdesk.ui.dashboards.export_menu import DashboardExport
from okrdesk.ui.dashboards.lists import MoversList, ObjectiveList, ScorecardTable
from okrdesk.ui.dashboards.overview_data import Mover, headline_kpis, movers, team_health_rows
from okrdesk.ui.dashboards.page_stack import PageStack
from okrdesk.ui.dashboards.panel import DashFonts, Panel
from okrdesk.ui.dashboards.tile_grid import TileGridLayout
from okrdesk.ui.dashboards.tiles import TILE_HEIGHT, TILE_MIN_WIDTH, KpiTile
from okrdesk.ui.okr_board.view import current_period
from okrdesk.ui.view_base import BaseView, ViewContext
from okrdesk.ui.widgets.elided_label import ElidedLabel

AT_RISK_LIMIT = 8
#: Content width (inside the margins) from which the overview uses two columns.
TWO_COLUMNS_FROM = 1040
MARGIN_X = 24
GAP = 16
OVERVIEW = None  # team selector value of the company overview
BRANCH = "branch:"  # prefix of a branch's selector value ("branch:<node id>")


def _node_label(node) -> str:
    """"CODE Name", or just the name when it is the code."""
    return node.name if node.name.strip() == node.code.strip() else f"{node.code} {node.name}"


class DashboardView(BaseView):
    """Company overview and team scorecards (read-only)."""

    key = "dashboard"
    title = "Dashboards"

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._period: Period | None = None
        self._shown_period: Period | None = None
        self._board: BoardReadModel | None = None
        self._tree: TreeReadModel | None = None
        self._search = ""
        self._filling = False
        fonts = DashFonts.of(self)

        self.heading = QLabel("Company overview", self)
        heading_font = fonts.heading
        heading_font.setPointSizeF(heading_font.pointSizeF() + 3)
        self.heading.setFont(heading_font)
        self.caption = ElidedLabel("", self)
        self.caption.setObjectName("Muted")
        self.team_combo = QComboBox(self)
        self.team_combo.setAccessibleName("Show the company overview, a team's scorecard or a branch")
        self.team_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.team_combo.setMinimumContentsLength(24)
        self.team_combo.addItem("Company overview", OVERVIEW)
        self.team_combo.currentIndexChanged.connect(self._team_changed)
        show_label = QLabel("Show", self)
        show_label.setObjectName("Muted")

        head = QHBoxLayout()
        head.setSpacing(10)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.heading)
        titles.addWidget(self.caption)
        head.addLayout(titles, 1)
        head.addSpacing(16)
        head.addWidget(show_label)
        head.addWidget(self.team_combo)
        self.scroll = QScrollArea(self)
        self.exporter = DashboardExport(self, self.scroll, self.heading.text)
        self.export_button = self.exporter.button
        self.png_action = self.exporter.png_action
        self.pdf_action = self.exporter.pdf_action
        head.addWidget(self.export_button)

        # Company overview.
        self.tiles_box = QWidget()
        self.tiles_row = TileGridLayout(TILE_MIN_WIDTH, TILE_HEIGHT, GAP, self.tiles_box)
        self.tiles: list[KpiTile] = []
        self.score_chart = TeamScoreChart()
        self.pace_summary = PaceSummary()
        self.at_risk_list = ObjectiveList("Nothing at risk: every objective is on pace.")
        self.rising = MoversList("No KPI rose this period.")
        self.falling = MoversList("No KPI fell this period.")
        movers_body = QWidget()
        movers_layout = QVBoxLayout(movers_body)
        movers_layout.setContentsMargins(0, 0, 0, 0)
        movers_layout.setSpacing(6)
        self.rising_label = QLabel("\u25b2 Biggest rises")
        self.falling_label = QLabel("\u25bc Biggest falls")
        for label, widget in ((self.rising_label, self.rising), (self.falling_label, self.falling)):
            label.setFont(fonts.strong)
            movers_layout.addWidget(label)
            movers_layout.addWidget(widget)
            movers_layout.addSpacing(8)
        movers_layout.addStretch(1)
        self.scores_panel = Panel("Objective scores by team", self._top_aligned(self.score_chart))
        self.pace_panel = Panel("Objectives by pace", self._top_aligned(self.pace_summary))
        self.at_risk_panel = Panel("At risk and off track", self._top_aligned(self.at_risk_list))
        self.movers_panel = Panel("Biggest KPI movers", movers_body)

        overview = QWidget()
        column = QVBoxLayout(overview)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(GAP)
        column.addWidget(self.tiles_box)
        self.left_column = QVBoxLayout()
        self.left_column.setSpacing(GAP)
        self.right_column = QVBoxLayout()
        self.right_column.setSpacing(GAP)
        self.columns = QHBoxLayout()
        self.columns.setSpacing(GAP)
        self.columns.addLayout(self.left_column, 3)
        self.columns.addLayout(self.right_column, 2)
        column.addLayout(self.columns, 1)
        self._one_column: bool | None = None
        self._arrange(one_column=False)

        # Team scorecard.
        self.scorecard = ScorecardTable()
        self.team_objectives = ObjectiveList("This team has no objectives in this period.")
        self.scorecard_panel = Panel("Team metrics", self._top_aligned(self.scorecard))
        self.team_objectives_panel = Panel("Objectives", self._top_aligned(self.team_objectives))
        scorecard_page = QWidget()
        sc_layout = QVBoxLayout(scorecard_page)
        sc_layout.setContentsMargins(0, 0, 0, 0)
        sc_layout.setSpacing(16)
        sc_layout.addWidget(self.scorecard_panel)
        sc_layout.addWidget(self.team_objectives_panel)
        sc_layout.addStretch(1)

        self.branch_page = BranchPage()
        self.pages = PageStack()
        self.pages.addWidget(overview)
        self.pages.addWidget(scorecard_page)
        self.pages.addWidget(self.branch_page)

        content = QWidget()
        content.setObjectName("DashboardContent")
        body = QVBoxLayout(content)
        body.setContentsMargins(MARGIN_X, 20, MARGIN_X, 24)
        body.setSpacing(18)
        body.addLayout(head)
        body.addWidget(self.pages, 1)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(content)
        self._content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._apply_colours()

    # Layout --------------------------------------------------------------------------------

    def is_one_column(self) -> bool:
        """Whether the overview's panels are stacked in one column (a narrow window)."""
        return bool(self._one_column)

    def _arrange(self, *, one_column: bool) -> None:
        """Two columns (scores and at-risk | pace and movers), or one column when narrow
        (pace first: its three numbers are the headline)."""
        if one_column == self._one_column:
            return
        self._one_column = one_column
        panels = (self.scores_panel, self.at_risk_panel, self.pace_panel, self.movers_panel)
        for layout in (self.left_column, self.right_column):
            while layout.count():
                layout.takeAt(0)
        if one_column:
            for panel in (self.pace_panel, self.scores_panel, self.at_risk_panel, self.movers_panel):
                self.left_column.addWidget(panel)
            self.columns.setStretch(1, 0)
        else:
            self.left_column.addWidget(self.scores_panel)
            self.left_column.addWidget(self.at_risk_panel, 1)
            self.right_column.addWidget(self.pace_panel)
            self.right_column.addWidget(self.movers_panel, 1)
            self.columns.setStretch(1, 2)
        for panel in panels:
            panel.show()

    def _reflow(self) -> None:
        width = self.scroll.viewport().width() - 2 * MARGIN_X
        self._arrange(one_column=width < TWO_COLUMNS_FROM)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Switch between one and two columns with the width."""
        super().resizeEvent(event)
        self._reflow()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Lay out for the width the view is shown at."""
        super().showEvent(event)
        self._reflow()

    @staticmethod
    def _top_aligned(widget: QWidget) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        box.addStretch(1)
        return holder

    def _apply_colours(self) -> None:
        c = theme.current()
        self._content.setStyleSheet(f"QWidget#DashboardContent {{ background: {c.canvas}; }}")
        self.heading.setStyleSheet(f"color: {c.ink};")
        self.caption.setStyleSheet(f"color: {c.muted_ink};")
        for label in (self.rising_label, self.falling_label):
            label.setStyleSheet(f"color: {c.ink};")

    # BaseView -----------------------------------------------------------------------------

    def set_period(self, period: Period | None) -> None:
        """Show ``period`` (None: the current period, with a note in the caption)."""
        self._period = period
        self.reload()

    def set_search(self, text: str) -> None:
        """Keep only objectives and KPIs whose title, name or code contains ``text``."""
        self._search = text
        self._refresh()

    def reload(self) -> None:
        """Read the workspace again."""
        service = self.ctx.service
        shown = self._period if self._period is not None else current_period(list(service.periods()), self.ctx.today)
        self._shown_period = shown
        as_of = min(self.ctx.today, shown.end) if shown is not None else self.ctx.today
        self._tree = self.ctx.tree(as_of)
        self._board = BoardReadModel.load(service, shown, self.ctx.today, tree=self._tree)
        self._fill_team_combo()
        self._refresh()

    # Public helpers -----------------------------------------------------------------------

    @property
    def board(self) -> BoardReadModel | None:
        """The scored objectives behind the dashboard."""
        return self._board

    @property
    def tree(self) -> TreeReadModel | None:
        """The KPI values behind the dashboard."""
        return self._tree

    def show_branch(self, node_id: int) -> None:
        """Show the branch dashboard of ``node_id`` (any node of the tree; the KPI tree's
        "Open branch dashboard" calls this). KeyError naming an unknown node."""
        if self._tree is None or node_id not in self._tree.ids:
            raise KeyError(f"KPI node {node_id} is not in this workspace")
        key = f"{BRANCH}{node_id}"
        index = self.team_combo.findData(key)
        if index < 0:
            node = self._tree.row(node_id).node
            self._filling = True
            self.team_combo.addItem(f"Branch: {_node_label(node)}", key)
            self._filling = False
            index = self.team_combo.count() - 1
        self.team_combo.setCurrentIndex(index)

    def show_team(self, team_id: int | None) -> None:
        """Switch to a team's scorecard (None: the company overview)."""
        index = self.team_combo.findData(team_id)
        if index < 0:
            raise KeyError(f"team {team_id} is not in this workspace")
        self.team_combo.setCurrentIndex(index)

    # Internals ----------------------------------------------------------------------------

    def _fill_team_combo(self) -> None:
        assert self._board is not None
        current = self.team_combo.currentData()
        self._filling = True
        self.team_combo.clear()
        self.team_combo.addItem("Company overview", OVERVIEW)
        for team in self._board.teams:
            self.team_combo.addItem(f"Team scorecard: {team.name}", team.id)
        assert self._tree is not None
        choices = branch_choices(self._tree)
        if isinstance(current, str) and current.startswith(BRANCH):
            kept = int(current[len(BRANCH):])
            if kept in self._tree.ids and all(r.node.id != kept for r in choices):
                choices.append(self._tree.row(kept))
        for row in choices:
            self.team_combo.addItem(f"Branch: {_node_label(row.node)}", f"{BRANCH}{row.node.id}")
        index = self.team_combo.findData(current)
        self.team_combo.setCurrentIndex(index if index >= 0 else 0)
        self._filling = False

    def _team_changed(self) -> None:
        if not self._filling:
            self._refresh()

    def _matches(self, text: str) -> bool:
        needle = self._search.strip().casefold()
        return not needle or needle in text.casefold()

    def _card_matches(self, card: ObjectiveCard) -> bool:
        return self._matches(card.objective.title) or any(self._matches(r.kr.title) for r in card.key_results)

    def _mover_matches(self, mover: Mover) -> bool:
        return self._matches(mover.row.node.name) or self._matches(mover.row.node.code)

    def _refresh(self) -> None:
        if self._board is None or self._tree is None:
            return
        self.caption.setText(self._caption_text())
        team_id = self.team_combo.currentData()
        if not (isinstance(team_id, str) and team_id.startswith(BRANCH)):
            self.branch_page.clear()
        if team_id is OVERVIEW:
            self.heading.setText("Company overview")
            self._refresh_overview()
            self.pages.setCurrentIndex(0)
        elif isinstance(team_id, str) and team_id.startswith(BRANCH):
            node_id = int(team_id[len(BRANCH):])
            node = self._tree.row(node_id).node
            self.heading.setText(f"{node.name} branch")
            self.branch_page.set_branch(self._tree, node_id,
                                        lambda row: self._matches(row.node.name) or self._matches(row.node.code))
            self.pages.setCurrentIndex(2)
        else:
            team = next(t for t in self._board.teams if t.id == team_id)
            self.heading.setText(f"{team.name} scorecard")
            self._refresh_scorecard(team_id)
            self.pages.setCurrentIndex(1)

    def _caption_text(self) -> str:
        period = self._shown_period
        parts = []
        if period is not None:
            prefix = "All time: showing the current period, " if self._period is None else ""
            parts.append(f"{prefix}{period.name}, {period.start:%d %b} \u2013 {period.end:%d %b %Y}")
        as_of = self._tree.as_of if self._tree is not None else None
        if as_of is not None:
            parts.append(f"KPI values as of {as_of:%d %b %Y}")
        return "  \u00b7  ".join(parts)

    def _refresh_overview(self) -> None:
        assert self._board is not None and self._tree is not None
        for tile in self.tiles:
            self.tiles_row.removeWidget(tile)
            tile.deleteLater()
        self.tiles = [KpiTile(row, self._tree.grain) for row in headline_kpis(self._tree)]
        for tile in self.tiles:
            self.tiles_row.addWidget(tile)
        self.tiles_row.invalidate()

        cards = [c for c in self._board.cards if self._card_matches(c)]
        team_rows = []
        for team, team_cards in self._board.by_team():
            kept = [c for c in team_cards if c in cards]
            if kept:
                scores = [c.score for c in kept if c.score is not None]
                team_rows.append((team.name, sum(scores) / len(scores) if scores else None, len(kept)))
        self.score_chart.set_scores(team_rows)
        self.scores_panel.set_caption(f"mean score of {len(cards)} objectives")
        counts = {pace: 0 for pace in PACE_ORDER}
        for card in cards:
            if card.pace is not None:
                counts[card.pace] += 1
        self.pace_summary.set_counts(counts)
        expected = cards[0].expected if cards else 0.0
        self.pace_panel.set_caption(f"{round(expected * 100)}% of the period elapsed" if self._shown_period else "")
        flagged = [c for c in self._board.at_risk() if c in cards]
        self.at_risk_list.set_cards(flagged[:AT_RISK_LIMIT])
        shown = min(len(flagged), AT_RISK_LIMIT)
        self.at_risk_panel.set_caption(
            f"{shown} of {len(flagged)}, worst first" if len(flagged) > shown else f"{len(flagged)} objectives"
        )
        ups, downs = movers(self._tree, limit=10_000)
        self.rising.set_movers([m for m in ups if self._mover_matches(m)][:5])
        self.falling.set_movers([m for m in downs if self._mover_matches(m)][:5])
        bucket = max((r.bucket for r in self._tree.rows if r.bucket is not None), default=None)
        self.movers_panel.set_caption(f"change {bucket:%b %Y} vs previous" if bucket else "")

    def _refresh_scorecard(self, team_id: int) -> None:
        assert self._board is not None and self._tree is not None
        rows = [r for r in team_health_rows(self._tree, team_id) if self._matches(r.node.name) or self._matches(r.node.code)]
        self.scorecard.set_rows(rows)
        health = sum(1 for r in rows if r.node.category == Category.HEALTH)
        self.scorecard_panel.set_caption(f"{health} health, {len(rows) - health} strategic")
        cards = [c for c in self._board.cards if c.objective.team_id == team_id and self._card_matches(c)]
        cards.sort(key=lambda c: (-PACE_ORDER.index(c.pace) if c.pace else 1, c.score if c.score is not None else -1))
        self.team_objectives.set_cards(cards)
        self.team_objectives_panel.set_caption(f"{len(cards)} objectives")

    # Export ---------------------------------------------------------------------------------

    def export_png(self, path: str | Path | None = None) -> Path | None:
        """Save the page shown as PNG; asks for a file when ``path`` is None."""
        return self.exporter.export_png(path)

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        """Print the page shown to an A4-landscape PDF (fitted; long pages continue); asks
        for a file when ``path`` is None."""
        return self.exporter.export_pdf(path)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Follow theme changes."""
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._apply_colours()


__all__ = ["DashboardView"]
