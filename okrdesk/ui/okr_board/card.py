"""One objective card: its layout (measured once) and its painting (every frame).

A card is not a widget: ``CardLayout`` measures and elides every text once for a
given width, and ``paint_card`` draws it at any position, so a board of
hundreds of cards costs only the cards in view on each repaint.

Card anatomy (top to bottom): chevron, title (two lines at most, elided), the
score ring at the top right; owner and committed/aspirational tag; pace badge
and confidence; "Contributes to …" when aligned; then (expanded only) one row
per key result: pace symbol, title, "current / target unit", a slim progress
bar with the expected-progress tick, and a sparkline of its history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QTextLayout

from okrdesk.ui import theme
from okrdesk.domain.entities import ObjectiveState, ObjectiveType
from okrdesk.store.readmodels.okrs import KeyResultRow, ObjectiveCard
from okrdesk.ui.okr_board.formatting import format_confidence, format_kr_value, format_score
from okrdesk.ui.widgets.progress import paint_progress, paint_score_ring, status_colour
from okrdesk.ui.widgets.sparkline import paint_sparkline
from okrdesk.ui.widgets.status_badge import badge_parts, badge_width, paint_status_badge

CHEVRON_SIZE = 18.0
RING_SIZE = 48.0
SPARK_WIDTH = 56.0
KR_LINE_HEIGHT = 20.0  # one line of a key-result title
KR_BAR_ZONE = 22.0  # the progress bar and sparkline under the title
KR_GAP = 10.0
BADGE_HEIGHT = 22.0
ADD_KR_HEIGHT = 28.0  # the "+ Key result" link at the foot of an editable card
DRAFT_WORD = "\u270e Draft"  # a draft objective has no pace yet
CLOSED_WORD = "Closed"  # a closed objective (or one of a closed period)


def is_closed(card: ObjectiveCard) -> bool:
    """Whether a card is read-only: its objective or its period is closed."""
    return card.objective.state == ObjectiveState.CLOSED or (card.period is not None and card.period.closed)


def _font(base: QFont, delta: float, weight: QFont.Weight, tabular: bool = False) -> QFont:
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size + delta)
    font.setWeight(weight)
    if tabular:
        font.setFeature(QFont.Tag("tnum"), 1)
    return font


@dataclass
class CardStyle:
    """Fonts, sizes and colours shared by every card of a board."""

    title: QFont
    body: QFont
    small: QFont
    number: QFont
    number_strong: QFont
    ring: QFont
    width: float = 336.0
    editable: bool = False  # cards get a "+ Key result" link at their foot
    padding: float = 16.0
    radius: float = 10.0
    surface: QColor = field(default_factory=lambda: theme.qcolor("surface"))
    border: QColor = field(default_factory=lambda: theme.qcolor("border"))
    ink: QColor = field(default_factory=lambda: theme.qcolor("ink"))
    muted: QColor = field(default_factory=lambda: theme.qcolor("muted_ink"))
    hover: QColor = field(default_factory=lambda: theme.qcolor("hover"))
    aspirational: QColor = field(default_factory=lambda: theme.series_colour(3))

    @classmethod
    def from_font(cls, base: QFont, width: float = 336.0, editable: bool = False) -> CardStyle:
        """A style derived from the widget's font (the app font, larger in presentation mode)."""
        return cls(
            editable=editable,
            title=_font(base, 1.5, QFont.Weight.DemiBold),
            body=_font(base, 0.0, QFont.Weight.Normal),
            small=_font(base, -1.0, QFont.Weight.Normal),
            number=_font(base, -1.0, QFont.Weight.Normal, tabular=True),
            number_strong=_font(base, -1.0, QFont.Weight.DemiBold, tabular=True),
            ring=_font(base, 0.0, QFont.Weight.DemiBold, tabular=True),
            width=width,
        )

    @property
    def inner_width(self) -> float:
        """Width available to content inside the padding."""
        return self.width - 2 * self.padding


def wrap_two_lines(text: str, font: QFont, width: float) -> tuple[list[str], bool]:
    """Word-wrap ``text`` into at most two lines of ``width``; the second is elided.

    Returns the lines and whether anything was cut off.
    """
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(width)
    first_end = line.textStart() + line.textLength()
    layout.endLayout()
    first = text[:first_end].rstrip()
    rest = text[first_end:].strip()
    if not rest:
        return [first], False
    second = QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return [first, second], second != rest


@dataclass
class KrLine:
    """Measured texts of one key-result row."""

    row: KeyResultRow
    title_lines: list[str]
    title_cut: bool
    current_text: str
    target_text: str
    top: float = 0.0  # relative to the card's top

    @property
    def height(self) -> float:
        """Title lines plus the bar zone."""
        return KR_LINE_HEIGHT * len(self.title_lines) + KR_BAR_ZONE


@dataclass
class CardLayout:
    """Everything about a card that depends on text measurement, computed once."""

    card: ObjectiveCard
    style: CardStyle
    title_lines: list[str]
    title_cut: bool
    owner: str
    tag: str
    score_text: str
    confidence_text: str
    parent_line: str | None
    kr_lines: list[KrLine]
    header_height: float
    expanded_height: float

    def height(self, collapsed: bool) -> float:
        """Height of the card, collapsed (header only) or expanded."""
        return self.header_height if collapsed else self.expanded_height

    # Geometry relative to the card's top-left corner -------------------------------------

    def chevron_rect(self) -> QRectF:
        """Where the collapse/expand chevron sits."""
        p = self.style.padding
        return QRectF(p - 4, p, CHEVRON_SIZE + 4, CHEVRON_SIZE + 2)

    def ring_rect(self) -> QRectF:
        """Where the score ring sits."""
        return QRectF(self.style.width - self.style.padding - RING_SIZE, self.style.padding - 2, RING_SIZE, RING_SIZE)

    def title_rect(self) -> QRectF:
        """The title block (one or two lines)."""
        fm = QFontMetricsF(self.style.title)
        return QRectF(self._text_x(), self.style.padding, self._text_width(), fm.lineSpacing() * len(self.title_lines))

    def kr_rect(self, index: int) -> QRectF:
        """The rectangle of key-result row ``index`` (expanded cards only)."""
        if not self.kr_lines:
            return QRectF(self.style.padding, self.header_height + KR_GAP, self.style.inner_width, KR_LINE_HEIGHT)
        line = self.kr_lines[index]
        return QRectF(self.style.padding, line.top, self.style.inner_width, line.height)

    def kr_title_rect(self, index: int) -> QRectF:
        """The title of key-result row ``index`` (right of its pace symbol), for inline renames."""
        row = self.kr_rect(index)
        lines = len(self.kr_lines[index].title_lines) if self.kr_lines else 1
        return QRectF(row.left() + 14, row.top(), row.width() * 0.62, KR_LINE_HEIGHT * lines)

    def add_kr_rect(self) -> QRectF | None:
        """The "+ Key result" link of an expanded editable card (None when read-only)."""
        if not self.style.editable:
            return None
        return QRectF(self.style.padding, self.expanded_height - self.style.padding - ADD_KR_HEIGHT + 6,
                      self.style.inner_width, ADD_KR_HEIGHT - 4)

    def _text_x(self) -> float:
        return self.style.padding + CHEVRON_SIZE + 6

    def _text_width(self) -> float:
        return self.style.width - self._text_x() - self.style.padding - RING_SIZE - 12


def measure_card(card: ObjectiveCard, style: CardStyle) -> CardLayout:
    """Measure and elide every text of ``card`` for ``style.width``."""
    p = style.padding
    text_x = p + CHEVRON_SIZE + 6
    text_width = style.width - text_x - p - RING_SIZE - 12
    title_lines, cut = wrap_two_lines(card.objective.title, style.title, text_width)
    title_fm = QFontMetricsF(style.title)
    small_fm = QFontMetricsF(style.small)
    number_fm = QFontMetricsF(style.number)
    tag = "Aspirational" if card.objective.type == ObjectiveType.ASPIRATIONAL else "Committed"
    owner = small_fm.elidedText(card.owner_name or "No owner", Qt.TextElideMode.ElideRight, text_width - 90)
    parent_line = None
    if card.parent_title:
        label_width = small_fm.horizontalAdvance("\u21b3 Contributes to ")
        parent_line = small_fm.elidedText(
            card.parent_title, Qt.TextElideMode.ElideRight, style.width - p - text_x - label_width
        )
    y = p + title_fm.lineSpacing() * len(title_lines) + 6  # meta line
    y += 20 + 8  # meta row, gap
    y += BADGE_HEIGHT
    if parent_line is not None:
        y += 8 + small_fm.lineSpacing()
    header_height = max(y, p + RING_SIZE) + p

    kr_lines = []
    top = header_height + KR_GAP
    for row in card.key_results:
        value = format_kr_value(row.current, row.kr.target, row.kr.unit, row.kr.kind, start=row.start)
        current_text, sep, rest = value.partition(" / ")
        target_text = f"{sep}{rest}" if sep else ""
        value_width = number_fm.horizontalAdvance(current_text + target_text) + 4
        title_width = style.inner_width - value_width - 12 - 14
        lines, cut = wrap_two_lines(row.kr.title, style.body, title_width)
        line = KrLine(row, lines, cut, current_text, target_text, top)
        kr_lines.append(line)
        top += line.height + KR_GAP
    expanded = (top if kr_lines else header_height + KR_GAP + KR_LINE_HEIGHT + KR_GAP) + p - 2 - KR_GAP + 4
    if style.editable:
        expanded += ADD_KR_HEIGHT
    return CardLayout(
        card=card,
        style=style,
        title_lines=title_lines,
        title_cut=cut,
        owner=owner,
        tag=tag,
        score_text=format_score(card.score),
        confidence_text=format_confidence(card.confidence),
        parent_line=parent_line,
        kr_lines=kr_lines,
        header_height=header_height,
        expanded_height=expanded,
    )


def _paint_chevron(painter: QPainter, rect: QRectF, collapsed: bool, colour: QColor) -> None:
    c = rect.center()
    s = 4.0
    path = QPainterPath()
    if collapsed:  # pointing right
        path.moveTo(c.x() - s / 2, c.y() - s)
        path.lineTo(c.x() + s / 2, c.y())
        path.lineTo(c.x() - s / 2, c.y() + s)
    else:  # pointing down
        path.moveTo(c.x() - s, c.y() - s / 2)
        path.lineTo(c.x(), c.y() + s / 2)
        path.lineTo(c.x() + s, c.y() - s / 2)
    pen = QPen(colour, 1.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def paint_card(
    painter: QPainter,
    origin: QPointF,
    layout: CardLayout,
    collapsed: bool,
    *,
    hovered_chevron: bool = False,
) -> None:
    """Paint ``layout`` with its top-left corner at ``origin``."""
    st = layout.style
    card = layout.card
    p = st.padding
    height = layout.height(collapsed)
    painter.save()
    painter.translate(origin)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    # Surface with a faint shadow.
    shadow = QColor(16, 24, 40, 14)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(shadow)
    painter.drawRoundedRect(QRectF(0, 1.5, st.width, height), st.radius, st.radius)
    painter.setBrush(st.surface)
    painter.setPen(QPen(st.border, 1))
    painter.drawRoundedRect(QRectF(0.5, 0.5, st.width - 1, height - 1), st.radius, st.radius)

    # Chevron.
    chevron = layout.chevron_rect()
    if hovered_chevron:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(st.hover)
        painter.drawRoundedRect(chevron, 5, 5)
    _paint_chevron(painter, chevron, collapsed, st.ink if hovered_chevron else st.muted)

    # Title.
    title_rect = layout.title_rect()
    painter.setFont(st.title)
    painter.setPen(st.ink)
    line_height = QFontMetricsF(st.title).lineSpacing()
    for i, line in enumerate(layout.title_lines):
        painter.drawText(
            QRectF(title_rect.left(), title_rect.top() + i * line_height, title_rect.width() + 2, line_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            line,
        )

    # Score ring.
    paint_score_ring(painter, layout.ring_rect(), card.score, card.band, layout.score_text, font=st.ring, text_colour=st.ink)

    # Owner and tag.
    y = title_rect.bottom() + 6
    painter.setFont(st.small)
    painter.setPen(st.muted)
    small_fm = QFontMetricsF(st.small)
    owner_width = small_fm.horizontalAdvance(layout.owner)
    painter.drawText(QRectF(title_rect.left(), y, owner_width + 2, 20), Qt.AlignmentFlag.AlignVCenter, layout.owner)
    tag_width = small_fm.horizontalAdvance(layout.tag) + 14
    tag_rect = QRectF(title_rect.left() + owner_width + 10, y + 1, tag_width, 18)
    aspirational = card.objective.type == ObjectiveType.ASPIRATIONAL
    tag_colour = st.aspirational if aspirational else st.muted
    painter.setPen(QPen(tag_colour.lighter(150) if aspirational else st.border, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(tag_rect, 9, 9)
    painter.setPen(tag_colour)
    painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, layout.tag)

    # Pace badge and confidence.
    y += 28
    if card.is_draft:
        badge_rect = QRectF(title_rect.left(), y, small_fm.horizontalAdvance(DRAFT_WORD) + 16, BADGE_HEIGHT)
        painter.setPen(QPen(st.border, 1))
        painter.setBrush(st.hover)
        painter.drawRoundedRect(badge_rect, BADGE_HEIGHT / 2, BADGE_HEIGHT / 2)
        painter.setPen(st.muted)
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, DRAFT_WORD)
    else:
        badge_rect = QRectF(title_rect.left(), y, badge_width(st.small, card.pace), BADGE_HEIGHT)
        paint_status_badge(painter, badge_rect, card.pace, font=st.small)
    painter.setFont(st.small)
    painter.setPen(st.muted)
    conf_rect = QRectF(badge_rect.right() + 12, y, max(200.0, title_rect.right() - badge_rect.right() - 12),
                       BADGE_HEIGHT)
    words = [f"Confidence {layout.confidence_text}"] if card.confidence is not None else []
    if is_closed(card):
        words.append(CLOSED_WORD)
    if words:
        painter.drawText(conf_rect, Qt.AlignmentFlag.AlignVCenter, "  \u00b7  ".join(words))
    y += BADGE_HEIGHT

    if layout.parent_line is not None:
        y += 8
        label = "\u21b3 Contributes to "
        label_width = small_fm.horizontalAdvance(label)
        painter.setPen(st.muted)
        x = title_rect.left()
        painter.drawText(QRectF(x, y, label_width + 2, small_fm.lineSpacing()), Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(st.ink)
        painter.drawText(
            QRectF(x + label_width, y, st.width - p - x - label_width + 2, small_fm.lineSpacing()),
            Qt.AlignmentFlag.AlignVCenter,
            layout.parent_line,
        )

    if not collapsed:
        painter.setPen(QPen(st.border, 1))
        painter.drawLine(QPointF(p, layout.header_height), QPointF(st.width - p, layout.header_height))
        if not layout.kr_lines:
            painter.setFont(st.small)
            painter.setPen(st.muted)
            painter.drawText(layout.kr_rect(0), Qt.AlignmentFlag.AlignVCenter, "No key results yet")
        for i, line in enumerate(layout.kr_lines):
            _paint_kr(painter, layout.kr_rect(i), line, st)
        add_rect = layout.add_kr_rect()
        if add_rect is not None:
            painter.setFont(st.small)
            painter.setPen(theme.qcolor("accent"))
            painter.drawText(add_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "+  Key result")
    painter.restore()


def _paint_kr(painter: QPainter, rect: QRectF, line: KrLine, st: CardStyle) -> None:
    row = line.row
    symbol, _, colour, _ = badge_parts(row.pace)
    top_height = KR_LINE_HEIGHT
    # Pace symbol (colour + shape), title on one or two lines.
    painter.setFont(st.small)
    painter.setPen(colour if row.pace is not None else st.muted)
    painter.drawText(QRectF(rect.left(), rect.top(), 12, top_height), Qt.AlignmentFlag.AlignVCenter, symbol)
    painter.setFont(st.body)
    painter.setPen(st.ink)
    for i, text in enumerate(line.title_lines):
        painter.drawText(
            QRectF(rect.left() + 14, rect.top() + i * top_height, rect.width() - 14, top_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
    # "current / target unit", right-aligned, current in ink and target muted.
    number_fm = QFontMetricsF(st.number)
    target_width = number_fm.horizontalAdvance(line.target_text)
    painter.setFont(st.number)
    painter.setPen(st.muted)
    painter.drawText(
        QRectF(rect.right() - target_width - 1, rect.top(), target_width + 2, top_height),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        line.target_text,
    )
    painter.setFont(st.number_strong)
    painter.setPen(st.ink)
    painter.drawText(
        QRectF(rect.left(), rect.top(), rect.width() - target_width, top_height),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        line.current_text,
    )
    # Progress bar with the expected-progress tick, then the sparkline.
    bar_zone = QRectF(rect.left() + 14, rect.bottom() - KR_BAR_ZONE + 4, rect.width() - 14 - SPARK_WIDTH - 12, 16)
    bar = QRectF(bar_zone.left(), bar_zone.center().y() - 3, bar_zone.width(), 6)
    paint_progress(painter, bar, row.progress, row.pace, marker=row.expected if row.kr.kind != "milestone" else None)
    # Check-ins start from the key result's start; a linked KPI's buckets already do.
    lead = [row.start] if row.start is not None and row.linked_code is None else []
    values = lead + [v for _, v in row.history]
    if len(values) >= 2:
        spark = QRectF(rect.right() - SPARK_WIDTH, bar_zone.top(), SPARK_WIDTH, bar_zone.height())
        paint_sparkline(painter, spark, values, status_colour(row.pace) if row.pace else theme.qcolor("accent"))
