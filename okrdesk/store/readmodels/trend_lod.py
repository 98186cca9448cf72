"""Levels of detail for very long series: min/max ("peak") pyramids, built once.

A chart never needs more than about two points per screen pixel. Peak
downsampling at every frame (pyqtgraph's ``downsampleMethod="peak"``) scans
every point in view, which for ten million points costs more than a frame.
``PeakPyramid`` does that scan once: level *k* holds, for blocks of
``BASE × 2^k`` points, the block's first x and its maximum and minimum y.
``view(x0, x1, pixels)`` then answers with a slice of the coarsest level that
still has two blocks per pixel — the same picture peak downsampling draws, in
microseconds. NaN values (gaps) are skipped within a block; a block of only
NaN stays NaN so the line breaks there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BASE = 4  # points per block at level 0
#: Series shorter than this are drawn as they are (pyqtgraph's own clipping suffices).
LOD_FROM = 200_000


@dataclass(frozen=True)
class _Level:
    block_x: np.ndarray  # x of each block's first point, ascending
    high: np.ndarray  # max of each block (NaN when the block holds no value)
    low: np.ndarray  # min of each block


class PeakPyramid:
    """Min/max pyramids of one series with ascending ``x``."""

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if x.shape != y.shape or x.ndim != 1:
            raise ValueError(f"x and y must be 1-D arrays of one length, not {x.shape} and {y.shape}")
        self.x, self.y = x, y
        self.levels: list[_Level] = []
        high = low = y
        bx = x
        block = 1
        factor = BASE
        while high.size >= 2 * factor:
            n = high.size // factor
            cut = n * factor
            with np.errstate(all="ignore"):
                new_high = _fold(np.fmax, high[:cut], factor)
                new_low = _fold(np.fmin, low[:cut], factor)
            if cut < high.size:  # the ragged tail is a block of its own
                new_high = np.append(new_high, np.fmax.reduce(high[cut:]))
                new_low = np.append(new_low, np.fmin.reduce(low[cut:]))
            bx = np.append(bx[:cut:factor], bx[cut]) if cut < bx.size else bx[:cut:factor]
            block *= factor
            self.levels.append(_Level(bx, new_high, new_low))
            high, low = new_high, new_low
            factor = 2

    def block_sizes(self) -> list[int]:
        """Points per block of every level, finest first (for tests and the benchmark)."""
        sizes, size = [], BASE
        for _ in self.levels:
            sizes.append(size)
            size *= 2
        return sizes

    def view(self, x0: float, x1: float, pixels: int) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) to draw ``x0``..``x1`` on ``pixels`` pixels: raw points when few enough,
        else the coarsest level with at least two blocks per pixel, as a max/min zigzag.
        One point beyond each edge is kept so the line reaches the border."""
        pixels = max(int(pixels), 1)
        i0, i1 = self._edges(self.x, x0, x1)
        if i1 - i0 <= 4 * pixels or not self.levels:
            return self.x[i0:i1], self.y[i0:i1]
        chosen = self.levels[0]
        for level in self.levels:
            j0, j1 = self._edges(level.block_x, x0, x1)
            if j1 - j0 < 2 * pixels:
                break
            chosen = level
        j0, j1 = self._edges(chosen.block_x, x0, x1)
        bx = chosen.block_x[j0:j1]
        xs = np.repeat(bx, 2)
        ys = np.empty(xs.size, dtype=np.float64)
        ys[0::2] = chosen.high[j0:j1]
        ys[1::2] = chosen.low[j0:j1]
        return xs, ys

    @staticmethod
    def _edges(xs: np.ndarray, x0: float, x1: float) -> tuple[int, int]:
        i0 = max(int(np.searchsorted(xs, x0, "left")) - 1, 0)
        i1 = min(int(np.searchsorted(xs, x1, "right")) + 1, xs.size)
        return i0, i1


def _fold(combine: np.ufunc, values: np.ndarray, factor: int) -> np.ndarray:
    """``combine`` over consecutive blocks of ``factor`` values (``values.size`` is a multiple).

    Element-wise over strided views: much faster than ``reduce(axis=1)`` over
    rows of two or four values."""
    out = np.array(values[0::factor])
    for k in range(1, factor):
        combine(out, values[k::factor], out=out)
    return out
