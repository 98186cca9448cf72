"""What lies under a point of the board, and what is selected on it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """What lies under a point of the board."""

    kind: str  # "card", "title", "chevron", "kr", "add_kr", "add_objective", "" (nothing)
    objective_id: int | None = None
    key_result_id: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Selection:
    """The selected card, and the selected key result in it (None: the card itself)."""

    objective_id: int
    key_result_id: int | None = None
