"""Read model of the OKR board and the dashboards: objectives scored for one period.

Everything here is computed with the domain scoring functions (PRODUCT.md §2):

* a key result's progress is ``scoring.progress(start, target, current, kind)``;
  for a key result linked to a KPI node, *start* is the node's value at the
  period start (``linked_kr.linked_start``: the last bucket that ends before
  the period starts, else the first bucket of the period with a value) and
  *current* is the latest bucket value inside the period up to ``today``, both
  from the ``TreeReadModel``;
  without node values in the period the key result's own numbers are used;
* expected progress is the elapsed share of the objective's period on ``today``;
* a key result's pace is its ``pace_override`` when set, otherwise
  ``scoring.pace_status(progress, expected)``;
* an objective's score is the weight-weighted mean of its key results'
  progress, its band ``scoring.score_band(score)``;
* an objective's pace compares its score with the expected progress; when it
  has no score (no measurable key result) it is the worst pace of its key
  results (e.g. owner overrides), else None;
* an objective's confidence is the weighted mean of its key results'
  confidences (a key result without one takes its latest check-in's);
* a draft objective is not running yet: it and its key results get no pace
  (None, shown as "Draft"), whatever their numbers, so drafts never count as
  off track; a pace override set by the owner still shows on its key result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from okrdesk.domain import scoring
from okrdesk.domain.entities import (
    CheckIn,
    KeyResult,
    Objective,
    ObjectiveState,
    Pace,
    Period,
    Person,
    Status,
    Team,
)
from okrdesk.store.readmodels.linked_kr import linked_numbers, linked_start

if TYPE_CHECKING:
    from okrdesk.store.readmodels.tree import TreeReadModel

#: A check-in as the board scores it: (date, value, confidence).
CheckInPoint = tuple[dt.date, float, float | None]

#: Paces from best to worst, for "the worst of" and for sorting.
PACE_ORDER: tuple[Pace, ...] = (Pace.ON_TRACK, Pace.AT_RISK, Pace.OFF_TRACK)


class OkrSource(Protocol):
    """The part of ``WorkspaceService`` this read model uses."""

    def teams(self) -> Sequence[Team]: ...
    def people(self) -> Sequence[Person]: ...
    def periods(self) -> Sequence[Period]: ...
    def objectives(self, period_id: int | None = None, team_id: int | None = None) -> Sequence[Objective]: ...
    def key_results(
        self, objective_ids: Iterable[int] | None = None, period_id: int | None = None
    ) -> Sequence[KeyResult]: ...
    def check_in_points(self, period_id: int | None = None) -> Sequence[tuple[int, dt.date, float, float | None]]: ...


@dataclass(frozen=True)
class KeyResultRow:
    """One key result with the numbers the board shows."""

    kr: KeyResult
    start: float | None
    current: float | None
    progress: float | None
    pace: Pace | None
    expected: float
    confidence: float | None
    owner_name: str
    history: tuple[tuple[dt.date, float], ...]
    linked_code: str | None


@dataclass(frozen=True)
class ObjectiveCard:
    """One objective, scored, with its key results in board order."""

    objective: Objective
    team_name: str
    owner_name: str
    period: Period | None
    score: float | None
    band: Status | None
    pace: Pace | None
    confidence: float | None
    key_results: tuple[KeyResultRow, ...]
    parent_title: str | None

    @property
    def expected(self) -> float:
        """Expected progress of the objective's period (0.0 without a period)."""
        return self.key_results[0].expected if self.key_results else 0.0

    @property
    def is_draft(self) -> bool:
        """Whether the objective is still a draft (not running: no pace)."""
        return self.objective.state == ObjectiveState.DRAFT


def worst_pace(paces: Iterable[Pace | None]) -> Pace | None:
    """The worst of ``paces`` (off track > at risk > on track); None when none is given."""
    known = [p for p in paces if p is not None]
    if not known:
        return None
    return max(known, key=PACE_ORDER.index)


def team_order(teams: Sequence[Team]) -> list[Team]:
    """Teams depth-first from the roots, siblings by position then name."""
    children: dict[int | None, list[Team]] = defaultdict(list)
    ids = {t.id for t in teams}
    for team in teams:
        parent = team.parent_id if team.parent_id in ids else None
        children[parent].append(team)
    for group in children.values():
        group.sort(key=lambda t: (t.position, t.name.casefold(), t.id))
    ordered: list[Team] = []
    stack = list(reversed(children[None]))
    while stack:
        team = stack.pop()
        ordered.append(team)
        stack.extend(reversed(children.get(team.id, [])))
    return ordered


def _finite(x: float | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


class BoardReadModel:
    """Objectives of one period (or of all periods) scored for the board and dashboards."""

    def __init__(self, cards: list[ObjectiveCard], teams: list[Team], period: Period | None, today: dt.date) -> None:
        self.cards = cards
        self._by_id: dict[int, ObjectiveCard] | None = None  # built on the first ``card()``
        self.teams = teams
        self.period = period
        self.today = today

    @classmethod
    def load(
        cls,
        service: OkrSource,
        period: Period | None,
        today: dt.date,
        tree: TreeReadModel | None = None,
    ) -> BoardReadModel:
        """Read and score the objectives of ``period`` (None: all periods) as of ``today``.

        ``tree`` supplies the values of linked KPI nodes; when it is None and a
        key result is linked, a ``TreeReadModel`` is loaded as of ``today``.
        """
        teams = team_order(list(service.teams()))
        team_names = {t.id: t.name for t in teams}
        people = {p.id: p.name for p in service.people()}
        periods = {p.id: p for p in service.periods()}
        period_id = period.id if period is not None else None
        objectives = sorted(
            service.objectives(period_id=period_id),
            key=lambda o: (o.position, o.ref, o.id),
        )
        titles = {o.id: o.title for o in objectives}
        if any(o.parent_id is not None and o.parent_id not in titles for o in objectives):
            titles.update({o.id: o.title for o in service.objectives()})
        krs_by_objective: dict[int, list[KeyResult]] = defaultdict(list)
        if objectives:
            for kr in service.key_results(objective_ids=[o.id for o in objectives]):
                krs_by_objective[kr.objective_id].append(kr)
        for group in krs_by_objective.values():
            group.sort(key=lambda k: (k.position, k.ref, k.id))
        checkins: dict[int, list[CheckInPoint]] = defaultdict(list)
        for kr_id, day, value, confidence in service.check_in_points(period_id):  # by date already
            checkins[kr_id].append((day, value, confidence))
        if tree is None and any(kr.kpi_node_id is not None for g in krs_by_objective.values() for kr in g):
            from okrdesk.store.readmodels.tree import TreeReadModel

            tree = TreeReadModel.load(service, today)  # type: ignore[arg-type]

        cards = []
        for objective in objectives:
            own_period = periods.get(objective.period_id) if objective.period_id is not None else None
            draft = objective.state == ObjectiveState.DRAFT
            rows = tuple(
                _kr_row(kr, own_period, today, checkins.get(kr.id, []), people, tree, draft=draft)
                for kr in krs_by_objective.get(objective.id, [])
            )
            cards.append(
                score_objective(
                    objective,
                    rows,
                    own_period,
                    team_name=team_names.get(objective.team_id, "") if objective.team_id else "",
                    owner_name=people.get(objective.owner_id, "") if objective.owner_id else "",
                    parent_title=titles.get(objective.parent_id) if objective.parent_id else None,
                )
            )
        return cls(cards, teams, period, today)

    def card(self, objective_id: int) -> ObjectiveCard:
        """The card of one objective (KeyError naming the id when it is not on the board)."""
        if self._by_id is None or len(self._by_id) != len(self.cards):
            self._by_id = {card.objective.id: card for card in self.cards}
        try:
            return self._by_id[objective_id]
        except KeyError:
            raise KeyError(f"objective {objective_id} is not on this board") from None

    def by_team(self) -> list[tuple[Team, list[ObjectiveCard]]]:
        """Cards grouped per team in team-tree order; teams without objectives included.

        Objectives without a team (or of a deleted team) come last under a
        synthetic team "No team" (id 0) when there are any.
        """
        groups: dict[int, list[ObjectiveCard]] = defaultdict(list)
        known = {t.id for t in self.teams}
        orphans: list[ObjectiveCard] = []
        for card in self.cards:
            if card.objective.team_id in known:
                groups[card.objective.team_id].append(card)  # type: ignore[index]
            else:
                orphans.append(card)
        result = [(team, groups.get(team.id, [])) for team in self.teams]
        if orphans:
            result.append((Team(id=0, name="No team"), orphans))
        return result

    def pace_counts(self) -> dict[Pace, int]:
        """Number of objectives per pace (every pace present, zero included)."""
        counts = {pace: 0 for pace in PACE_ORDER}
        for card in self.cards:
            if card.pace is not None:
                counts[card.pace] += 1
        return counts

    def draft_count(self) -> int:
        """Number of draft objectives (they have no pace and are not in ``pace_counts``)."""
        return sum(1 for card in self.cards if card.is_draft)

    def at_risk(self) -> list[ObjectiveCard]:
        """Objectives off track or at risk: off track first, then lowest score first."""
        flagged = [c for c in self.cards if c.pace in (Pace.AT_RISK, Pace.OFF_TRACK)]
        flagged.sort(
            key=lambda c: (
                -PACE_ORDER.index(c.pace),  # type: ignore[arg-type]
                c.score if c.score is not None else -1.0,
                c.objective.ref,
            )
        )
        return flagged

    def team_scores(self) -> list[tuple[Team, float | None, int]]:
        """(team, mean objective score, objective count) for every team with objectives."""
        result = []
        for team, cards in self.by_team():
            if not cards:
                continue
            scores = [c.score for c in cards if c.score is not None]
            mean = sum(scores) / len(scores) if scores else None
            result.append((team, mean, len(cards)))
        return result


@dataclass(frozen=True)
class TeamReview:
    """One team's quarter in review: its scored objectives and how many fall in each band."""

    team: Team
    cards: tuple[ObjectiveCard, ...]
    band_counts: dict[Status, int]
    unscored: int

    @property
    def mean_score(self) -> float | None:
        """Mean final score of the team's scored objectives (None when none is scored)."""
        scores = [c.score for c in self.cards if c.score is not None]
        return sum(scores) / len(scores) if scores else None


#: Bands from worst to best, the order a review lists them.
BAND_ORDER: tuple[Status, ...] = (Status.RED, Status.AMBER, Status.GREEN)


def review_by_team(board: BoardReadModel) -> list[TeamReview]:
    """Per team with objectives (team-tree order): final scores and the count of
    objectives per band (every band present, zero included; unscored apart)."""
    reviews = []
    for team, cards in board.by_team():
        if not cards:
            continue
        counts = {band: 0 for band in BAND_ORDER}
        for card in cards:
            if card.band is not None:
                counts[card.band] += 1
        reviews.append(TeamReview(team, tuple(cards), counts, sum(1 for c in cards if c.band is None)))
    return reviews


def is_unfinished(card: ObjectiveCard) -> bool:
    """Whether an objective is worth carrying forward: its score is below 0.7 (green)
    or it has no score at all."""
    return card.band != Status.GREEN


def carry_start(row: KeyResultRow, tree: TreeReadModel | None, next_start: dt.date,
                next_end: dt.date | None = None) -> float | None:
    """The start value of a key result's copy in the period beginning ``next_start``:
    for a KPI-linked key result ``linked_start`` of that period (the node's value
    when it begins), else — and when the node has no value yet — the key result's
    current value."""
    if row.kr.kpi_node_id is not None and tree is not None:
        value = linked_start(tree, row.kr.kpi_node_id, next_start, next_end)
        if value is not None:
            return value
    return row.current


def _kr_row(
    kr: KeyResult,
    period: Period | None,
    today: dt.date,
    checkins: Sequence[CheckInPoint],
    people: dict[int, str],
    tree: TreeReadModel | None,
    *,
    draft: bool = False,
) -> KeyResultRow:
    start, current = _finite(kr.start), _finite(kr.current)
    history: tuple[tuple[dt.date, float], ...] = tuple((day, float(value)) for day, value, _ in checkins)
    linked_code = None
    if kr.kpi_node_id is not None and tree is not None:
        try:
            linked_code = tree.row(kr.kpi_node_id).node.code
        except KeyError:
            linked_code = None
        if linked_code is not None and period is not None:
            node_start, node_current, node_history = linked_numbers(tree, kr.kpi_node_id, period, today)
            if node_current is not None:
                start = node_start if node_start is not None else start
                current = node_current
                history = node_history
    value = scoring.progress(start, kr.target, current, kr.kind)
    expected = scoring.expected_progress(period.start, period.end, today) if period is not None else 0.0
    if kr.pace_override is not None:
        pace: Pace | None = kr.pace_override
    elif period is not None and not draft:
        pace = scoring.pace_status(value, expected)
    else:
        pace = None
    confidence = _finite(kr.confidence)
    if confidence is None:
        confidence = next((_finite(c) for _, _, c in reversed(checkins) if c is not None), None)
    return KeyResultRow(
        kr=kr,
        start=start,
        current=current,
        progress=value,
        pace=pace,
        expected=expected,
        confidence=confidence,
        owner_name=people.get(kr.owner_id, "") if kr.owner_id else "",
        history=history,
        linked_code=linked_code,
    )


def score_objective(
    objective: Objective,
    rows: Sequence[KeyResultRow],
    period: Period | None,
    *,
    team_name: str = "",
    owner_name: str = "",
    parent_title: str | None = None,
) -> ObjectiveCard:
    """Score an objective from its key-result rows (see the module docstring)."""
    score = scoring.objective_score((row.progress, row.kr.weight) for row in rows)
    band = scoring.score_band(score)
    if objective.state == ObjectiveState.DRAFT:
        pace: Pace | None = None
    elif score is not None and period is not None:
        pace = scoring.pace_status(score, rows[0].expected)
    else:
        pace = worst_pace(row.pace for row in rows)
    confidence = scoring.objective_confidence(replace(row.kr, confidence=row.confidence) for row in rows)
    return ObjectiveCard(
        objective=objective,
        team_name=team_name,
        owner_name=owner_name,
        period=period,
        score=score,
        band=band,
        pace=pace,
        confidence=confidence,
        key_results=tuple(rows),
        parent_title=parent_title,
    )


def key_result_row(
    kr: KeyResult,
    period: Period | None,
    today: dt.date,
    checkins: Sequence[CheckIn],
    tree: TreeReadModel | None,
    *,
    draft: bool = False,
    people: dict[int, str] | None = None,
) -> KeyResultRow:
    """One key result scored as the board scores it (``checkins`` by date), outside a board."""
    points = [(c.date, c.value, c.confidence) for c in checkins]
    return _kr_row(kr, period, today, points, people or {}, tree, draft=draft)
