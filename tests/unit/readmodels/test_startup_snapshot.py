"""The start-up snapshot: saved in the workspace, read back equal, and only ever used for
the data, schema, okrdesk version and day it was made for."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3

import pytest

from okrdesk.domain.entities import Period, PeriodKind
from okrdesk.store.cache_keys import STARTUP_VIEW_KEY
from okrdesk.store.errors import ValidationError
from okrdesk.store.readmodels import startup
from okrdesk.store.readmodels.startup import StartupView, decode, encode, load_startup_view
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.workspace import Workspace

AS_OF = dt.date(2027, 2, 10)


def _snapshot(small_tree, *, today: dt.date = AS_OF, made_on: dt.date = AS_OF) -> StartupView:
    source = small_tree.service
    source.create_period("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    source.add_link(small_tree.ids["EXP"], small_tree.ids["CHURN"], note="drives")
    return StartupView.of(
        name="Small", today=today, made_on=made_on, periods=source.periods(), counts=source.counts(),
        people=source.people(), teams=source.teams(),
        trees=[TreeReadModel.load(source, AS_OF), TreeReadModel.load(source, None)],
    )


def _stored(path) -> str | None:
    con = sqlite3.connect(path)
    try:
        found = con.execute("SELECT value FROM settings WHERE key = ?", (STARTUP_VIEW_KEY,)).fetchone()
    finally:
        con.close()
    return None if found is None else found[0]


def test_a_snapshot_reads_back_equal_to_the_tree_it_was_made_of(small_tree):
    view = _snapshot(small_tree)
    back = decode(encode(view, "rev-1"), "rev-1")
    assert back == view
    tree = TreeReadModel.load(small_tree.service, AS_OF)
    rows = back.trees[0].rows
    assert rows == tree.rows and any(r.mismatch for r in rows) and any(r.error for r in rows)
    assert back.trees[1].rows == TreeReadModel.load(small_tree.service, None).rows
    assert back.periods[0] == Period(back.periods[0].id, "2027-Q1", PeriodKind.QUARTER,
                                     dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    rev = small_tree.ids["REV"]
    assert back.trees[0].mismatches[rev] == tree.mismatches(rev)


def test_its_tree_fetches_the_rollup_from_the_workspace_on_first_use(small_tree):
    view = _snapshot(small_tree)
    calls = []

    def full() -> TreeReadModel:
        calls.append(1)
        return TreeReadModel.load(small_tree.service, AS_OF)

    tree = view.tree(AS_OF, full)
    assert view.tree(AS_OF + dt.timedelta(days=1), full) is None  # a day it does not hold
    rev = small_tree.ids["REV"]
    assert tree.row(rev).value == 160.0 and tree.drivers(small_tree.ids["CHURN"])[0][1] == "drives"
    assert calls == []  # rows, links and mismatches need no read
    assert tree.value_at(rev, dt.date(2027, 1, 9)) == 180.0
    assert len(tree.raw(small_tree.ids["NEW"])[0]) == 4
    assert calls == [1]


@pytest.mark.parametrize("field, value", [("format", startup.FORMAT + 1), ("okrdesk", "0.0.1"),
                                          ("revision", "older")])
def test_a_snapshot_of_another_format_version_or_schema_is_ignored(small_tree, field, value):
    data = json.loads(encode(_snapshot(small_tree), "rev-1"))
    data[field] = value
    assert decode(json.dumps(data), "rev-1") is None


def test_a_frozen_day_fits_any_date_a_following_day_only_its_own():
    frozen = StartupView("w", dt.date(2027, 2, 15), dt.date(2030, 5, 1), [], {}, [], [], "month", [], [])
    following = StartupView("w", dt.date(2030, 5, 1), dt.date(2030, 5, 1), [], {}, [], [], "month", [], [])
    assert frozen.fits(dt.date(2030, 5, 2)) and frozen.fits(dt.date(2027, 2, 15))
    assert following.fits(dt.date(2030, 5, 1)) and not following.fits(dt.date(2030, 5, 2))


def test_saved_in_the_file_it_is_read_back_only_for_the_same_schema_and_day(small_tree):
    ws = small_tree.ws
    view = _snapshot(small_tree, today=AS_OF, made_on=AS_OF)  # follows the date
    startup.save_startup_view(ws.path, view, ws.revision)
    assert load_startup_view(ws.path, ws.revision, clock=AS_OF) == view
    assert ws.startup_view(AS_OF) == view
    assert load_startup_view(ws.path, ws.revision, clock=AS_OF + dt.timedelta(days=1)) is None
    assert load_startup_view(ws.path, "another-revision", clock=AS_OF) is None


def test_a_damaged_snapshot_is_ignored_with_a_warning(small_tree, caplog):
    ws = small_tree.ws
    con = sqlite3.connect(ws.path)
    with con:
        con.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (STARTUP_VIEW_KEY, '{"format": 1, "rows'))
    con.close()
    with caplog.at_level(logging.WARNING):
        assert load_startup_view(ws.path, ws.revision, clock=AS_OF) is None
    assert "start-up snapshot" in caplog.text


def test_every_write_deletes_it_a_refused_write_does_not(small_tree):
    ws, service = small_tree.ws, small_tree.service
    view = _snapshot(small_tree)
    startup.save_startup_view(ws.path, view, ws.revision)
    assert _stored(ws.path) is not None
    assert "cache.startup_view" not in service.settings()  # derived data, not a setting
    with pytest.raises(ValidationError):
        service.create_node("REV", "Duplicate code")
    assert _stored(ws.path) is not None
    service.set_measurement(small_tree.ids["EXP"], dt.date(2027, 2, 11), 1.0)
    assert _stored(ws.path) is None


def test_opening_a_file_makes_no_engine_until_the_service_is_used(small_tree):
    path = small_tree.ws.path
    small_tree.ws.close()
    ws = Workspace.open(path, read_only=True)
    try:
        assert not ws.service_ready and ws._engine is None
        assert ws.name == "small"  # the service is made on first use
        assert ws.service_ready
    finally:
        ws.close()
