"""Key-result paths through a quarter: outcomes, check-in dates, values, comments.

Every key result draws its *attainment*: the progress it will have reached at
the end of its period (0.7 is a good outcome, above 1 means the target was
beaten early). Objectives draw a *fortune* around which their key results'
attainments scatter, so that some objectives go well as a whole and some
badly, as in a real company. A key result's progress moves with time toward
its attainment along a concave curve (fast start, slower finish), so a board
looked at mid-quarter shows most objectives on track or close to it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from statistics import NormalDist

from .okr_text import COMMENTS

# Mean objective fortune by objective type, its spread, and the spread of the
# key results around it: committed objectives end near 0.7, aspirational ones
# a little lower ("70% is the new 100%").
FORTUNE = {"committed": 0.71, "aspirational": 0.62}
FORTUNE_SD = 0.28
KR_SD = 0.14
SHAPE = (0.5, 0.85)  # exponent of progress = attainment * elapsed ** shape
_GOLDEN = (5 ** 0.5 - 1) / 2
_NORMAL = NormalDist()
_CONFIDENCE = {"ahead": 8.5, "on_track": 7.0, "behind": 4.8, "stalled": 3.0}


@dataclass
class CheckInSpec:
    date: dt.date
    value: float
    confidence: float
    comment: str


@dataclass(frozen=True)
class Outcome:
    """How a key result fares: final attainment and the shape of its path."""

    attainment: float
    shape: float

    @property
    def profile(self) -> str:
        """ahead, on_track, behind or stalled (for comments and confidence)."""
        return profile_of(self.attainment)

    def progress_at(self, x: float) -> float:
        """Planned progress after the elapsed share ``x`` of the period."""
        x = min(1.0, max(0.0, x))
        if self.attainment < 0.2:  # stalled: a little early movement, then nothing
            return self.attainment * min(1.0, x / 0.35)
        return self.attainment * x ** self.shape


class FortuneSequence:
    """Objective fortunes of one period, spread evenly over their distribution.

    The k-th objective takes the quantile ``frac(u0 + k * golden ratio)`` of a
    normal distribution, so even the few dozen objectives of a small demo show
    the intended mix of good, middling and poor outcomes, not a lucky or
    unlucky draw.
    """

    def __init__(self, rng: random.Random) -> None:
        self.u = rng.random()

    def next(self, objective_type: str) -> float:
        """The expected attainment of the next objective, of ``objective_type``."""
        self.u = (self.u + _GOLDEN) % 1.0
        z = _NORMAL.inv_cdf(min(0.995, max(0.005, self.u)))
        return min(1.05, max(0.1, FORTUNE[objective_type] + FORTUNE_SD * z))


def draw_outcome(rng: random.Random, fortune: float) -> Outcome:
    """A key result's outcome scattered around its objective's ``fortune``."""
    attainment = min(1.15, max(0.04, fortune + rng.gauss(0.0, KR_SD)))
    return Outcome(attainment, rng.uniform(*SHAPE))


def profile_of(attainment: float) -> str:
    """The profile a final attainment corresponds to."""
    if attainment >= 0.95:
        return "ahead"
    if attainment >= 0.65:
        return "on_track"
    if attainment >= 0.3:
        return "behind"
    return "stalled"


def elapsed(start: dt.date, end: dt.date, day: dt.date) -> float:
    """Elapsed share of the period on ``day`` (the app's day counting, both ends in)."""
    days = (end - start).days + 1
    return min(1.0, max(0.0, ((day - start).days + 1) / days))


def checkin_dates(start: dt.date, end: dt.date, until: dt.date,
                  rng: random.Random) -> list[dt.date]:
    """Weekly or bi-weekly check-in dates of a period, the last one a few days before ``until``.

    Teams check in on a fixed rhythm; counting back from the latest check-in
    keeps the board's current values fresh on any day it is looked at.
    """
    cadence = 7 if rng.random() < 0.7 else 14
    last = min(end, until) - dt.timedelta(days=rng.randint(0, 3))
    first = start + dt.timedelta(days=3)
    out = []
    day = last
    while day >= first:
        out.append(day)
        day -= dt.timedelta(days=cadence + rng.choice((0, 0, 0, 1, -1)))
    return out[::-1]


def round_value(value: float, unit: str, span: float = 0.0) -> float:
    """A check-in value as a person would type it for ``unit``.

    ``span`` (target - start) asks for enough decimals to show progress in
    steps of 1% of it (uptime moves in hundredths of a percent).
    """
    if unit in ("count", "EUR", ""):
        return float(round(value))
    digits = 2 if unit not in ("%", "x", "s", "h", "pts", "days", "min", "years") \
        or abs(value) < 10 else 1
    while span and digits < 4 and 10.0 ** -digits > abs(span) / 100:
        digits += 1
    return round(value, digits)


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


def planned_path(dates: list[dt.date], start: dt.date, end: dt.date, outcome: Outcome,
                 begin: float, target: float, unit: str, rng: random.Random) -> list[CheckInSpec]:
    """Check-ins of an unlinked numeric key result moving toward ``outcome``."""
    out: list[CheckInSpec] = []
    best = 0.0
    for i, day in enumerate(dates):
        x = elapsed(start, end, day)
        p = max(0.0, outcome.progress_at(x) + rng.gauss(0.0, 0.015))
        if outcome.attainment >= 0.2:
            best = p = max(p, best * 0.97)  # small setbacks, no collapse
        value = round_value(begin + (target - begin) * p, unit, target - begin)
        out.append(CheckInSpec(day, value, _confidence(outcome.profile, x, rng),
                               _comment(outcome.profile, i == 0, rng)))
    return out


def milestone_path(dates: list[dt.date], start: dt.date, end: dt.date, outcome: Outcome,
                   rng: random.Random) -> list[CheckInSpec]:
    """Check-ins of a done/not-done key result: done at some point when the outcome is good."""
    due = rng.uniform(0.2, 0.7) if outcome.attainment >= 0.6 else \
        rng.uniform(0.6, 1.3) if outcome.attainment >= 0.35 else math.inf
    out: list[CheckInSpec] = []
    for i, day in enumerate(dates):
        x = elapsed(start, end, day)
        value = 1.0 if x >= due else 0.0
        if value and out and out[-1].value == 0:
            comment = rng.choice(COMMENTS["done"])
        else:
            comment = _comment(outcome.profile, i == 0, rng)
        out.append(CheckInSpec(day, value, _confidence(outcome.profile, x, rng), comment))
    return out


def linked_path(dates: list[dt.date], start: dt.date, end: dt.date, begin: float,
                target: float, value_at: dict[dt.date, float],
                rng: random.Random) -> list[CheckInSpec]:
    """Check-ins of a key result linked to a KPI: the KPI's value of the check-in month."""
    out = []
    for i, day in enumerate(dates):
        value = value_at[day]
        x = elapsed(start, end, day)
        span = target - begin
        progress = 0.0 if span == 0 or not math.isfinite(value) else \
            min(1.0, max(0.0, (value - begin) / span))
        profile = profile_from_gap(x, progress)
        out.append(CheckInSpec(day, value, _confidence(profile, x, rng),
                               _comment(profile, i == 0, rng)))
    return out
