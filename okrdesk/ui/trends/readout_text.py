"""The words above a trend chart: the node's subtitle, bucket names and the hover read-out."""

from __future__ import annotations

import datetime as dt

from okrdesk.domain.entities import Direction, Grain, KpiNode
from okrdesk.store.readmodels.trend_forecast import ForecastBand
from okrdesk.ui.kpi_tree import formatting as fmt

GRAIN_WORDS = {Grain.WEEK: "weekly", Grain.MONTH: "monthly", Grain.QUARTER: "quarterly", Grain.YEAR: "yearly"}


def bucket_label(day: dt.date, grain: Grain) -> str:
    """A bucket's name: "March 2027", "Q1 2027", "2027", "Week of 01 Mar 2027"."""
    if grain == Grain.MONTH:
        return f"{day:%B %Y}"
    if grain == Grain.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if grain == Grain.YEAR:
        return str(day.year)
    return f"Week of {day:%d %b %Y}"


def subtitle(node: KpiNode, grain: Grain) -> str:
    """"REV · KPI · EUR · higher is better · monthly buckets"."""
    parts = [node.code, fmt.KIND_WORDS[node.kind]]
    if node.unit:
        parts.append(node.unit)
    parts.append(fmt.DIRECTION_WORDS[Direction(node.direction)].lower())
    parts.append(f"{GRAIN_WORDS[grain]} buckets")
    return "  ·  ".join(parts)


def idle_readout(node: KpiNode, raw_differs: bool, forecast: ForecastBand | None, grain: Grain) -> str:
    """What the read-out says while the mouse is away: how to read the chart, the forecast's end."""
    text = "Hover over the chart to read a value"
    if raw_differs:
        text += "  ·  small dots are the individual measurements"
    if forecast is not None:
        centre, low, high = forecast.end_value()
        unit = node.unit
        text += (f"  ·  forecast for {bucket_label(forecast.until, grain)}: {fmt.format_value(centre, unit)}"
                 f" ({fmt.format_value(low, unit)} to {fmt.format_value(high, unit)})")
    return text


def hover_readout(node: KpiNode, grain: Grain, found: tuple[dt.date, float, float | None], window: int) -> str:
    """"March 2027:  1,234 EUR  ·  3-bucket average 1,200 EUR  ·  target 1,300 EUR"."""
    day, value, mean = found
    unit = node.unit
    text = f"{bucket_label(day, grain)}:  {fmt.format_value(value, unit)}"
    if mean is not None:
        text += f"   ·   {window}-bucket average {fmt.format_value(mean, unit)}"
    if node.target is not None:
        text += f"   ·   target {fmt.format_value(node.target, unit)}"
    return text
