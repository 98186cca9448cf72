"""KPI status against target, relative change and arrow colour."""

from __future__ import annotations

import pytest

from okrdesk.domain.entities import Direction, Status
from okrdesk.domain.status import change_is_good, change_ratio, default_thresholds, kpi_status

G, A, R = Status.GREEN, Status.AMBER, Status.RED
H, L, B = Direction.HIGHER, Direction.LOWER, Direction.BAND


@pytest.mark.parametrize(
    "value,expected", [(100, G), (120, G), (95, A), (90, R), (50, R)]
)
def test_higher_default_thresholds(value, expected):
    assert kpi_status(value, 100, H) == expected


@pytest.mark.parametrize("value,expected", [(-100, G), (-105, A), (-110, R), (-90, G)])
def test_higher_negative_target_mirrors(value, expected):
    assert default_thresholds(-100, H) == (-100, -110)
    assert kpi_status(value, -100, H) == expected


@pytest.mark.parametrize("value,expected", [(100, G), (80, G), (105, A), (110, R), (200, R)])
def test_lower_default_thresholds(value, expected):
    assert kpi_status(value, 100, L) == expected


@pytest.mark.parametrize("value,expected", [(100, G), (95, G), (104, G), (107, A), (92, A), (110, R), (85, R)])
def test_band_default_thresholds(value, expected):
    assert kpi_status(value, 100, B) == expected


def test_band_negative_target_uses_absolute_size():
    assert kpi_status(-103, -100, B) == G
    assert kpi_status(-111, -100, B) == R


def test_explicit_thresholds():
    assert kpi_status(80, 100, H, green_from=75, red_from=50) == G
    assert kpi_status(60, 100, H, green_from=75, red_from=50) == A
    assert kpi_status(50, 100, H, green_from=75, red_from=50) == R
    assert kpi_status(3.0, 2.0, L, green_from=2.5, red_from=4) == A
    assert kpi_status(108, 100, B, green_from=10, red_from=20) == G  # distances


def test_only_one_threshold_given_uses_default_for_other():
    assert kpi_status(92, 100, H, green_from=95) == A  # red stays at 90
    assert kpi_status(89, 100, H, green_from=95) == R


def test_missing_value_or_target():
    assert kpi_status(None, 100, H) is None
    assert kpi_status(5, None, H) is None


def test_zero_target_has_no_amber_zone():
    assert kpi_status(0, 0, H) == G
    assert kpi_status(-1, 0, H) == R
    assert kpi_status(0, 0, B) == G
    assert kpi_status(0.1, 0, B) == R


def test_change_ratio():
    assert change_ratio(100, 110) == pytest.approx(0.1)
    assert change_ratio(-100, -50) == pytest.approx(0.5)
    assert change_ratio(0, 5) is None
    assert change_ratio(None, 5) is None
    assert change_ratio(5, None) is None


@pytest.mark.parametrize(
    "prev,cur,direction,target,good",
    [(1, 2, H, None, True), (2, 1, H, None, False), (2, 1, L, None, True), (1, 2, L, None, False),
     (90, 95, B, 100, True), (100, 106, B, 100, False), (95, 105, B, 100, None),
     (90, 95, B, None, None), (3, 3, H, None, None), (None, 3, H, None, None)],
)  # fmt: skip
def test_change_is_good(prev, cur, direction, target, good):
    assert change_is_good(prev, cur, direction, target) is good
