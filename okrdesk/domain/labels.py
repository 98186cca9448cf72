"""The words a user reads for the enumerations of PRODUCT.md §2, in the app and in the
workbook alike (one definition: the outline, the editor and the Excel export say the
same "Higher is better")."""

from __future__ import annotations

from okrdesk.domain.entities import Direction, Frequency, NodeKind

KIND_WORDS: dict[NodeKind, str] = {NodeKind.KPI: "KPI", NodeKind.METRIC: "Metric",
                                   NodeKind.MEASURE: "Measure"}
DIRECTION_WORDS: dict[Direction, str] = {
    Direction.HIGHER: "Higher is better",
    Direction.LOWER: "Lower is better",
    Direction.BAND: "Within a band",
}
FREQUENCY_WORDS: dict[Frequency, str] = {
    Frequency.WEEKLY: "Weekly",
    Frequency.MONTHLY: "Monthly",
    Frequency.QUARTERLY: "Quarterly",
    Frequency.YEARLY: "Yearly",
}
