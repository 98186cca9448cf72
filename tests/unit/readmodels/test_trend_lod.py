"""Peak pyramids for very long series: the same extremes as the raw data, few points per pixel."""

from __future__ import annotations

import numpy as np
import pytest

from okrdesk.store.readmodels.trend_lod import BASE, PeakPyramid


def _walk(n: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return np.arange(n, dtype=np.float64) * 60.0, np.cumsum(rng.normal(0, 1, n))


def test_levels_halve_and_keep_every_extreme():
    x, y = _walk(100_003)
    pyramid = PeakPyramid(x, y)
    sizes = pyramid.block_sizes()
    assert sizes[0] == BASE and sizes[1] == 2 * BASE
    for level, size in zip(pyramid.levels, sizes):
        assert level.high.size == -(-x.size // size) or level.high.size == x.size // size + 1
        assert level.high.max() == y.max() and level.low.min() == y.min()
        assert np.all(np.diff(level.block_x) > 0)
    first = pyramid.levels[0]
    assert first.high[1] == y[4:8].max() and first.low[1] == y[4:8].min() and first.block_x[1] == x[4]


def test_view_has_two_blocks_per_pixel_and_the_window_extremes():
    x, y = _walk(1_000_000)
    pyramid = PeakPyramid(x, y)
    x0, x1 = x[200_000], x[700_000]
    vx, vy = pyramid.view(x0, x1, 1000)
    assert 2 * 2 * 1000 <= vx.size <= 2 * 4 * 1000 + 8
    inside = (x >= x0) & (x <= x1)
    assert vy.max() >= y[inside].max() and vy.min() <= y[inside].min()
    assert vx[0] <= x0 and vx[-1] >= x1 - 60 * 1024
    # Zoomed in far enough: the raw points themselves.
    rx, ry = pyramid.view(x[500], x[900], 1000)
    assert np.array_equal(rx, x[499:902]) and np.array_equal(ry, y[499:902])


def test_gaps_stay_gaps_and_bad_shapes_are_refused():
    y = np.ones(64)
    y[8:16] = np.nan
    y[20] = np.nan
    pyramid = PeakPyramid(np.arange(64.0), y)
    first = pyramid.levels[0]
    assert np.isnan(first.high[2]) and np.isnan(first.high[3])
    assert first.high[5] == 1.0  # a block with one NaN keeps its values
    with pytest.raises(ValueError, match="one length"):
        PeakPyramid(np.arange(3.0), np.arange(4.0))
