"""A layout that wraps equal tiles into balanced rows (6 tiles: 6, 3+3 or 2+2+2 …).

Tiles never get narrower than ``min_tile_width``; when a row cannot hold them
all, the layout picks the fewest rows that fit and spreads the tiles evenly
over them, so there is never a lonely tile on the last row.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


def tile_columns(width: int, count: int, min_tile_width: int, gap: int) -> int:
    """How many tiles to put in a row of ``width`` pixels (at least 1)."""
    if count <= 0:
        return 1
    fit = max(1, (width + gap) // (min_tile_width + gap))
    if fit >= count:
        return count
    rows = math.ceil(count / fit)
    return math.ceil(count / rows)


class TileGridLayout(QLayout):
    """Equal-width tiles of one fixed height, wrapped into balanced rows."""

    def __init__(self, min_tile_width: int, tile_height: int, gap: int = 16, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_tile_width = min_tile_width
        self.tile_height = tile_height
        self.gap = gap
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    # QLayout ---------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        """Append a tile."""
        self._items.append(item)

    def count(self) -> int:
        """Number of tiles."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        """The tile at ``index`` (None past the end)."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        """Remove and return the tile at ``index``."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        """Grows sideways only: rows have a fixed height."""
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        """The height depends on how many rows the width allows."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        """Rows × tile height plus the gaps between rows."""
        return self._rows(width) * (self.tile_height + self.gap) - self.gap if self._items else 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """All tiles in one row at a comfortable width."""
        n = max(1, len(self._items))
        return QSize(n * (self.min_tile_width + 20) + (n - 1) * self.gap, self.tile_height)

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        """One tile wide."""
        return QSize(self.min_tile_width, self.tile_height if self._items else 0)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        """Place the tiles row by row, each row filling the full width."""
        super().setGeometry(rect)
        if not self._items:
            return
        cols = self.columns(rect.width())
        width = (rect.width() - (cols - 1) * self.gap) / cols
        for i, item in enumerate(self._items):
            row, col = divmod(i, cols)
            x = rect.x() + round(col * (width + self.gap))
            right = rect.x() + round(col * (width + self.gap) + width)
            y = rect.y() + row * (self.tile_height + self.gap)
            item.setGeometry(QRect(QPoint(x, y), QSize(right - x, self.tile_height)))

    # Helpers ---------------------------------------------------------------------------

    def columns(self, width: int) -> int:
        """Tiles per row at ``width``."""
        return tile_columns(width, len(self._items), self.min_tile_width, self.gap)

    def _rows(self, width: int) -> int:
        return math.ceil(len(self._items) / self.columns(width)) if self._items else 0
