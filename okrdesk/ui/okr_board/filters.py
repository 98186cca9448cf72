"""Which cards the board shows: team, owner, pace and a search text (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from okrdesk.domain.entities import Pace
from okrdesk.store.readmodels.okrs import ObjectiveCard


@dataclass(frozen=True)
class BoardFilter:
    """The filter row's choices; None (or "") means "any"."""

    team_id: int | None = None
    owner_name: str | None = None
    pace: Pace | None = None
    search: str = ""

    @property
    def active(self) -> bool:
        """Whether any filter narrows the board."""
        return bool(self.team_id is not None or self.owner_name or self.pace is not None or self.search.strip())

    def matches(self, card: ObjectiveCard) -> bool:
        """Whether ``card`` passes every chosen filter.

        Owner matches the objective's owner or the owner of any of its key
        results; search looks (case-insensitively) in the objective's title and
        ref and in its key results' titles and refs.
        """
        if self.team_id is not None and card.objective.team_id != self.team_id:
            return False
        if self.pace is not None and card.pace != self.pace:
            return False
        if self.owner_name and card.owner_name != self.owner_name and not any(
            row.owner_name == self.owner_name for row in card.key_results
        ):
            return False
        needle = self.search.strip().casefold()
        if needle:
            texts = [card.objective.title, card.objective.ref]
            for row in card.key_results:
                texts.append(row.kr.title)
                texts.append(row.kr.ref)
            if not any(needle in text.casefold() for text in texts):
                return False
        return True
