"""How the board writes key-result values, scores and confidences (locale-aware)."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from okrdesk.domain.entities import KeyResultKind, Pace
from okrdesk.ui.okr_board.formatting import format_confidence, format_kr_value, format_score
from okrdesk.ui.widgets.status_badge import StatusBadge, badge_text

US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
DE = QLocale(QLocale.Language.German, QLocale.Country.Germany)


def test_key_result_values_use_locale_separators_and_one_precision() -> None:
    metric = KeyResultKind.METRIC
    assert format_kr_value(1037499.4, 1631137, "EUR", metric, US) == "1,037,499 / 1,631,137\u202fEUR"
    assert format_kr_value(1037499.4, 1631137, "EUR", metric, DE) == "1.037.499 / 1.631.137\u202fEUR"
    assert format_kr_value(7.5, 4, "days", metric, US, start=10) == "7.5 / 4\u202fdays"
    assert format_kr_value(42.63, 48.1, "%", metric, US) == "42.6 / 48.1%"
    assert format_kr_value(None, 10, "", metric, US) == "\u2014 / 10"


def test_a_value_short_of_the_target_never_reads_as_the_target() -> None:
    metric = KeyResultKind.METRIC
    assert format_kr_value(24.17, 24.2, "h", metric, US, start=24.0) == "24.17 / 24.2\u202fh"
    assert format_kr_value(1399999.6, 1400000, "EUR", metric, US) == "1,399,999.6 / 1,400,000\u202fEUR"
    assert format_kr_value(24.2, 24.2, "h", metric, US) == "24.2 / 24.2\u202fh"  # reached: the same text
    assert format_kr_value(24.2000001, 24.2, "h", metric, DE) == "24,2 / 24,2\u202fh"  # beyond four more decimals


def test_milestones_read_done_or_not_done() -> None:
    assert format_kr_value(1, 1, "", KeyResultKind.MILESTONE, US) == "Done"
    assert format_kr_value(0, 1, "", KeyResultKind.MILESTONE, US) == "Not done"


def test_scores_and_confidence() -> None:
    assert format_score(0.5625, US) == "0.56"
    assert format_score(0.5625, DE) == "0,56"
    assert format_score(None) == "\u2014"
    assert format_confidence(8.0, US) == "8/10"
    assert format_confidence(6.26, US) == "6.3/10"


def test_badge_pairs_colour_with_symbol_and_word(qtbot) -> None:
    badge = StatusBadge(Pace.AT_RISK)
    qtbot.addWidget(badge)
    assert badge.text() == badge_text(Pace.AT_RISK) == "\u25b2 At risk"
    assert badge.accessibleName() == "\u25b2 At risk"
    badge.set_status(None)
    assert badge.text() == "\u25cb No data"
    assert badge.sizeHint().width() > 40


def _row(previous, value, direction, target=None):
    from okrdesk.domain.entities import KpiNode
    from okrdesk.domain.status import change_ratio
    from okrdesk.store.readmodels.tree import NodeRow

    node = KpiNode(id=1, code="X", name="X", direction=direction, target=target)
    return NodeRow(node=node, depth=0, value=value, bucket=None, previous=previous,
                   change=change_ratio(previous, value), status=None, sparkline=(), owner_name="",
                   team_name="", error=None, mismatch=False)


def test_a_change_that_reads_as_no_change_is_never_coloured() -> None:
    from okrdesk.domain.entities import Direction
    from okrdesk.ui.kpi_tree.formatting import change_tone, format_change

    tiny = _row(1000.0, 999.9996, Direction.HIGHER)  # −0.00004 %: written "= 0.0%"
    assert format_change(tiny.change).startswith("=") and change_tone(tiny) is None
    assert change_tone(_row(100.0, 101.0, Direction.HIGHER)) is True
    assert change_tone(_row(100.0, 101.0, Direction.LOWER)) is False
    assert change_tone(_row(100.0, 101.0, Direction.BAND, target=105.0)) is True  # closer to the target
    assert change_tone(_row(100.0, 101.0, Direction.BAND)) is None  # a band without a target
    assert change_tone(_row(None, 101.0, Direction.HIGHER)) is None
