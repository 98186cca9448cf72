"""Key-result paths through a quarter: check-in dates, values, confidence, comments."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from .okr_text import COMMENTS

PROFILES = (("ahead", 0.2), ("on_track", 0.4), ("behind", 0.25), ("stalled", 0.15))
_FINAL = {"ahead": (0.95, 1.15), "on_track": (0.68, 0.93), "behind": (0.32, 0.62),
          "stalled": (0.0, 0.28)}
_CONFIDENCE = {"ahead": 8.5, "on_track": 7.0, "behind": 4.8, "stalled": 3.0}


@dataclass
class CheckInSpec:
    date: dt.date
    value: float
    confidence: float
    comment: str


def draw_profile(rng: random.Random) -> str:
    """How a key result fares this quarter: ahead, on_track, behind or stalled."""
    x, acc = rng.random(), 0.0
    for name, p in PROFILES:
        acc += p
        if x < acc:
            return name
    return "on_track"


def checkin_dates(start: dt.date, end: dt.date, until: dt.date,
                  rng: random.Random) -> list[dt.date]:
    """Weekly or bi-weekly check-in dates from early in the period up to ``until``."""
    cadence = 7 if rng.random() < 0.6 else 14
    day = start + dt.timedelta(days=rng.randint(3, 9))
    last = min(end, until)
    out = []
    while day <= last:
        out.append(day)
        day += dt.timedelta(days=cadence + rng.choice((0, 0, 0, 1, -1)))
    return out


def round_value(value: float, unit: str) -> float:
    """A check-in value as a person would type it for ``unit``."""
    if unit in ("count", "EUR", ""):
        return float(round(value))
    if unit in ("%", "x", "s", "h", "pts", "days", "min", "years"):
        return round(value, 2 if abs(value) < 10 else 1)
    return round(value, 2)


def profile_from_gap(expected: float, progress: float) -> str:
    """The profile a linked key result's real progress corresponds to."""
    gap = expected - progress
    if gap <= -0.05:
        return "ahead"
    if gap <= 0.10:
        return "on_track"
    if gap <= 0.25:
        return "behind"
    return "stalled"


def _confidence(profile: str, x: float, rng: random.Random) -> float:
    base = _CONFIDENCE[profile]
    if profile in ("behind", "stalled"):
        base -= 1.5 * x
    return float(min(10, max(0, round(base + rng.uniform(-1.2, 1.2)))))


def _comment(profile: str, first: bool, rng: random.Random) -> str:
    if first:
        return rng.choice(COMMENTS["start"])
    if rng.random() < 0.3:
        return ""
    return rng.choice(COMMENTS[profile])


def planned_path(dates: list[dt.date], start: dt.date, end: dt.date, profile: str,
                 begin: float, target: float, unit: str, milestone: bool,
                 rng: random.Random) -> list[CheckInSpec]:
    """Check-ins of an unlinked key result following ``profile``."""
    days = (end - start).days + 1
    final = rng.uniform(*_FINAL[profile])
    shape = rng.uniform(0.8, 1.4)
    out: list[CheckInSpec] = []
    done = False
    for i, day in enumerate(dates):
        x = ((day - start).days + 1) / days
        if profile == "stalled":
            p = final * min(1.0, x / 0.4)
        else:
            p = final * x ** shape
        p = max(0.0, p + rng.gauss(0.0, 0.03))
        if milestone:
            done = done or (p >= 0.9 and x > 0.5)
            value = 1.0 if done else 0.0
            comment = rng.choice(COMMENTS["done"]) if done and out and out[-1].value == 0 \
                else _comment(profile, i == 0, rng)
        else:
            value = round_value(begin + (target - begin) * p, unit)
            comment = _comment(profile, i == 0, rng)
        out.append(CheckInSpec(day, value, _confidence(profile, x, rng), comment))
    return out


def linked_path(dates: list[dt.date], start: dt.date, end: dt.date, begin: float,
                target: float, value_at: dict[dt.date, float],
                rng: random.Random) -> list[CheckInSpec]:
    """Check-ins of a key result linked to a KPI: the KPI's value of the check-in month."""
    days = (end - start).days + 1
    out = []
    for i, day in enumerate(dates):
        value = value_at[day]
        x = ((day - start).days + 1) / days
        span = target - begin
        progress = 0.0 if span == 0 or not math.isfinite(value) else \
            min(1.0, max(0.0, (value - begin) / span))
        profile = profile_from_gap(x, progress)
        out.append(CheckInSpec(day, value, _confidence(profile, x, rng),
                               _comment(profile, i == 0, rng)))
    return out
