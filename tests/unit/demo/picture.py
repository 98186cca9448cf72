"""What the app shows of a demo workspace, read with the app's own read models."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from pathlib import Path

from okrdesk.domain.entities import Pace
from okrdesk.domain.quality import check_okrs
from okrdesk.store.demo import generate_demo
from okrdesk.store.readmodels.okrs import BoardReadModel, ObjectiveCard
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.workspace import Workspace


@dataclass
class Picture:
    """The current quarter's board, every period's cards, the tree and the quality rules."""

    as_of: dt.date
    board: BoardReadModel
    closed: list[ObjectiveCard]
    tree: TreeReadModel
    rules: set[str]

    def pace_shares(self) -> dict[Pace, float]:
        counts = self.board.pace_counts()
        total = sum(counts.values())
        return {pace: n / total for pace, n in counts.items()}

    def kr_progress(self) -> list[float]:
        return [r.progress for c in self.board.cards for r in c.key_results
                if r.progress is not None]

    def series(self, code: str) -> list[tuple[dt.date, float]]:
        row = self.tree.find(code)
        assert row is not None, code
        return self.tree.series(row.node.id)


def look(path: Path, size: str, as_of: dt.date, seed: int = 2027) -> Picture:
    """Generate the demo at ``path`` and read it as the app does on ``as_of``."""
    ws = Workspace.create(path)
    try:
        generate_demo(ws.engine, size, as_of=as_of, seed=seed)
        service = ws.service
        tree = TreeReadModel.load(service, as_of)
        periods = sorted(service.periods(), key=lambda p: p.start)
        board = BoardReadModel.load(service, periods[-1], as_of, tree)
        closed_ids = {p.id for p in periods if p.closed}
        everything = BoardReadModel.load(service, None, as_of, tree)
        closed = [c for c in everything.cards if c.objective.period_id in closed_ids]
        current = [o for o in service.objectives() if o.period_id == periods[-1].id]
        issues = check_okrs(current, service.key_results(period_id=periods[-1].id),
                            service.teams(), periods)
        return Picture(as_of, board, closed, tree, {i.rule for i in issues})
    finally:
        ws.close()


def bands(scores: list[float]) -> dict[str, float]:
    """Mean score and the shares of green (>= 0.7), amber and red (< 0.4) objectives."""
    n = len(scores)
    return {"mean": statistics.mean(scores),
            "green": sum(s >= 0.7 for s in scores) / n,
            "amber": sum(0.4 <= s < 0.7 for s in scores) / n,
            "red": sum(s < 0.4 for s in scores) / n}


def monthly_changes(series: list[tuple[dt.date, float]], months: int) -> list[float]:
    """Relative month-to-month changes over the last ``months`` buckets."""
    values = [v for _, v in series][-(months + 1):]
    return [abs(b / a - 1.0) for a, b in zip(values, values[1:])]
