"""The demo tells a believable story: paces, closed-quarter scores, KPI movement, quality.

Everything is read through the app's read models (``TreeReadModel``,
``BoardReadModel``) and quality rules, so these bands hold for what a user
actually sees. The bands leave room for the sampling noise of a few dozen
objectives; PRODUCT.md §2 defines scores and paces.
"""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from okrdesk.domain.entities import Pace

from .picture import bands, look, monthly_changes

MID_Q1 = dt.date(2027, 2, 15)  # day 46 of 90
TOP_KPIS = ("EBITDA", "REV", "ARR", "NRR", "NPS", "GM.PCT")
QUALITY_RULES = {"team-too-few-objectives", "team-too-many-objectives",
                 "objective-too-few-krs", "objective-too-many-krs", "kr-reads-like-task"}


@pytest.fixture(scope="module")
def firm_mid(tmp_path_factory):
    return look(tmp_path_factory.mktemp("firm") / "firm.okrdesk", "firm", MID_Q1)


def _assert_mid_quarter(picture, on: tuple, risk: tuple, off: tuple) -> None:
    shares = picture.pace_shares()
    assert on[0] <= shares[Pace.ON_TRACK] <= on[1], shares
    assert risk[0] <= shares[Pace.AT_RISK] <= risk[1], shares
    assert off[0] <= shares[Pace.OFF_TRACK] <= off[1], shares
    scores = [c.score for c in picture.board.cards if c.score is not None]
    assert 0.3 <= statistics.median(scores) <= 0.65, statistics.median(scores)
    assert sum(s == 0 for s in scores) <= 0.05 * len(scores)
    progress = picture.kr_progress()
    stalled = [r.progress for c in picture.board.cards for r in c.key_results
               if c.objective.state == "active" and r.kr.kind != "milestone"]
    assert sum(p == 0 for p in stalled) <= 0.05 * len(stalled)  # a few stalled key results
    assert sum(c.objective.state == "draft" for c in picture.board.cards) == 1
    ranked = sorted(progress)  # a spread around the expected progress, not a few values
    assert ranked[len(ranked) // 10] <= 0.35 and ranked[9 * len(ranked) // 10] >= 0.5
    assert len({round(p, 2) for p in progress}) >= min(30, len(progress) / 3)


def test_firm_mid_quarter_board_is_mostly_on_track(firm_mid):
    _assert_mid_quarter(firm_mid, on=(0.42, 0.72), risk=(0.15, 0.42), off=(0.04, 0.25))


def test_linked_key_results_progress_with_their_kpi_mid_quarter(firm_mid):
    rows = [r for c in firm_mid.board.cards for r in c.key_results if r.linked_code]
    assert len(rows) >= 40
    progress = [r.progress for r in rows]
    assert sum(p == 0 for p in progress) <= 0.08 * len(progress)
    assert 0.25 <= statistics.median(progress) <= 0.65
    assert sum(r.pace == Pace.ON_TRACK for r in rows) >= 0.35 * len(rows)


@pytest.mark.parametrize("seed", [2027, 7, 11])
def test_workshop_mid_quarter_board_is_mostly_on_track(tmp_path, seed):
    picture = look(tmp_path / "w.okrdesk", "workshop", MID_Q1, seed)
    _assert_mid_quarter(picture, on=(0.3, 0.8), risk=(0.05, 0.45), off=(0.0, 0.35))


@pytest.mark.parametrize("as_of", [dt.date(2027, 1, 15), dt.date(2027, 3, 21)])
def test_workshop_early_and_late_boards_are_plausible(tmp_path, as_of):
    picture = look(tmp_path / "w.okrdesk", "workshop", as_of)
    shares = picture.pace_shares()
    if as_of.month == 1:  # two weeks in: nobody is far behind yet
        assert shares[Pace.OFF_TRACK] == 0 and shares[Pace.ON_TRACK] >= 0.3, shares
    else:  # late: the scores approach the final ones, spread around 0.6
        scores = [c.score for c in picture.board.cards if c.score is not None]
        assert 0.45 <= statistics.mean(scores) <= 0.8
        assert shares[Pace.ON_TRACK] >= 0.15 and shares[Pace.OFF_TRACK] <= 0.75, shares


def test_closed_quarters_end_like_real_okrs(firm_mid):
    scores = [c.score for c in firm_mid.closed if c.score is not None]
    assert len(scores) >= 400
    got = bands(scores)
    assert 0.58 <= got["mean"] <= 0.72, got
    assert 0.38 <= got["green"] <= 0.56, got
    assert 0.28 <= got["amber"] <= 0.46, got
    assert 0.10 <= got["red"] <= 0.28, got
    by_type = {kind: statistics.mean(c.score for c in firm_mid.closed if c.score is not None
                                     and c.objective.type == kind)
               for kind in ("committed", "aspirational")}
    assert by_type["aspirational"] < by_type["committed"], by_type


def _assert_calm_kpis(picture) -> None:
    for code in TOP_KPIS:
        changes = monthly_changes(picture.series(code), 24)
        assert len(changes) == 24, code
        assert max(changes) <= 0.35, (code, [round(c, 3) for c in changes])
    revenue = dict(picture.series("REV"))
    margins = [100 * v / revenue[day] for day, v in picture.series("EBITDA") if day in revenue]
    steps = [abs(b - a) for a, b in zip(margins, margins[1:])]
    assert max(steps) <= 4.5, max(steps)  # the EBITDA margin moves a few points at most
    assert 5 <= margins[-1] <= 25, margins[-1]
    assert min(margins[-24:]) > 0


def test_firm_top_kpis_move_plausibly_month_to_month(firm_mid):
    _assert_calm_kpis(firm_mid)


@pytest.mark.parametrize("seed", [2027, 7, 11])
def test_workshop_top_kpis_move_plausibly_month_to_month(tmp_path, seed):
    _assert_calm_kpis(look(tmp_path / "w.okrdesk", "workshop", dt.date(2026, 11, 18), seed))


@pytest.mark.parametrize("as_of", [
    dt.date(2026, 1, 3), dt.date(2026, 2, 15), dt.date(2026, 3, 31), dt.date(2026, 11, 18),
    dt.date(2027, 5, 20), dt.date(2027, 8, 10)])
def test_workshop_quality_panel_always_has_each_warning(tmp_path, as_of):
    picture = look(tmp_path / "w.okrdesk", "workshop", as_of)
    assert QUALITY_RULES <= picture.rules, QUALITY_RULES - picture.rules


def test_firm_current_quarter_has_each_quality_warning(firm_mid):
    assert QUALITY_RULES <= firm_mid.rules, QUALITY_RULES - firm_mid.rules
