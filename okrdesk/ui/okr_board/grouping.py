"""What the board's columns are: teams, pace statuses or periods (no Qt).

``group_cards`` turns the scored cards into lanes (``Lane``) after the filter
row (``BoardFilter``) has been applied, in every grouping:

* **team** — the team tree's order, every team kept when nothing narrows the
  board (so a card can be dragged to an empty team), "No team" last;
* **pace** — On track, At risk, Off track, then "No pace" (drafts and key
  results without numbers). Pace is computed, so these lanes take no drops;
* **period** — every period, oldest first, then "No period". A closed period
  takes no drops (its objectives are read-only until it is reopened).

Within a lane, cards keep the board's order (team tree, then position).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from okrdesk.domain.entities import Pace, Period, Team
from okrdesk.store.readmodels.okrs import PACE_ORDER, BoardReadModel, ObjectiveCard
from okrdesk.ui.okr_board.filters import BoardFilter


class Grouping(str, Enum):
    """What the board's columns stand for."""

    TEAM = "team"
    PACE = "pace"
    PERIOD = "period"


GROUPING_WORDS = {Grouping.TEAM: "Team", Grouping.PACE: "Pace", Grouping.PERIOD: "Period"}

PACE_REFUSAL = ("Pace is worked out from progress, so a card cannot be dropped on it. "
                "Check in a new value, or set a status override in the check-in dialog.")
PACE_REORDER = "Cards keep their team order in pace columns; group the board by team to reorder them."


@dataclass(frozen=True)
class Lane:
    """One column of the board.

    ``id`` is the team id (0: "No team"), the pace's value ("none": no pace) or
    the period id (0: "No period"); ``note`` is a short line under the title
    (a period's dates, "closed"); ``refusal`` says why cards cannot be dropped
    or added here ("" when they can).
    """

    kind: Grouping
    id: int | str
    name: str
    note: str = ""
    refusal: str = ""
    pace: Pace | None = None
    period: Period | None = None

    @property
    def team_id(self) -> int | None:
        """The team of a team lane (None for "No team" and for other lanes)."""
        return self.id or None if self.kind == Grouping.TEAM else None  # type: ignore[return-value]

    @property
    def period_id(self) -> int | None:
        """The period of a period lane (None for "No period" and for other lanes)."""
        return self.id or None if self.kind == Grouping.PERIOD else None  # type: ignore[return-value]


def team_lane(team: Team) -> Lane:
    """The lane of one team."""
    return Lane(Grouping.TEAM, team.id, team.name)


def period_lane(period: Period | None) -> Lane:
    """The lane of one period (None: objectives without a period)."""
    if period is None:
        return Lane(Grouping.PERIOD, 0, "No period")
    note = f"{period.start.day} {period.start:%b} \u2013 {period.end.day} {period.end:%b}"
    refusal = ""
    if period.closed:
        note = "closed, read-only"
        refusal = (f"{period.name} is closed, so nothing can be moved into it. "
                   "Reopen it with \u201cClose quarter\u2026\u201d first.")
    return Lane(Grouping.PERIOD, period.id, period.name, note, refusal, period=period)


def pace_lane(pace: Pace | None, badge: str) -> Lane:
    """The lane of one pace (None: drafts and objectives without a pace)."""
    if pace is None:
        return Lane(Grouping.PACE, "none", "No pace", "drafts", PACE_REFUSAL)
    return Lane(Grouping.PACE, pace.value, badge, "", PACE_REFUSAL, pace=pace)


def group_cards(
    board: BoardReadModel,
    grouping: Grouping,
    board_filter: BoardFilter,
    *,
    periods: list[Period] | None = None,
    pace_words: dict[Pace, str] | None = None,
) -> list[tuple[Lane, list[ObjectiveCard]]]:
    """The board's lanes and their cards after ``board_filter``.

    Team lanes follow ``apply_filter``'s rule (empty team lanes are dropped
    while a filter other than the team narrows the board). Pace and period
    lanes are all kept, empty ones included, so the board's shape does not
    jump while filtering; "No pace" / "No period" only appear with cards.
    """
    if grouping == Grouping.TEAM:
        result = []
        narrowing = board_filter.active
        for team, cards in board.by_team():
            if board_filter.team_id is not None and team.id != board_filter.team_id:
                continue
            kept = [c for c in cards if board_filter.matches(c)]
            if kept or not narrowing or board_filter.team_id is not None:
                result.append((team_lane(team), kept))
        return result
    ordered = [c for _team, cards in board.by_team() for c in cards if board_filter.matches(c)]
    if grouping == Grouping.PACE:
        words = pace_words or {}
        lanes: list[tuple[Lane, list[ObjectiveCard]]] = [
            (pace_lane(p, words.get(p, p.value)), [c for c in ordered if c.pace == p]) for p in PACE_ORDER
        ]
        none = [c for c in ordered if c.pace is None]
        if none:
            lanes.append((pace_lane(None, ""), none))
        return lanes
    chosen = sorted(periods if periods is not None else {c.period.id: c.period for c in board.cards
                                                         if c.period is not None}.values(),
                    key=lambda p: (p.start, p.end, p.id))
    lanes = [(period_lane(p), [c for c in ordered if c.objective.period_id == p.id]) for p in chosen]
    known = {p.id for p in chosen}
    none = [c for c in ordered if c.objective.period_id not in known]
    if none:
        lanes.append((period_lane(None), none))
    return lanes


__all__ = ["GROUPING_WORDS", "Grouping", "Lane", "PACE_REFUSAL", "PACE_REORDER", "group_cards"]
