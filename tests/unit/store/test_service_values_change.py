"""ValuesService.change_measurements: deletes and upserts of one node in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.store.errors import ValidationError
from okrdesk.store.workspace import Workspace

D = dt.date


@pytest.fixture
def svc(tmp_path):
    ws = Workspace.create(tmp_path / "values.okrdesk")
    try:
        yield ws.service
    finally:
        ws.close()


def _pairs(svc, node_id):
    return [(m.date, m.value, m.note) for m in svc.measurements(node_id)]


def test_change_moves_a_row_and_returns_what_was_there(svc):
    node = svc.create_node("K", "KPI")
    svc.set_measurement(node.id, D(2027, 1, 31), 10.0, note="old")
    before = svc.change_measurements(node.id, upserts=[(D(2027, 2, 28), 11.0, "moved")], deletes=[D(2027, 1, 31)])
    assert [(m.date, m.value, m.note) for m in before] == [(D(2027, 1, 31), 10.0, "old")]
    assert _pairs(svc, node.id) == [(D(2027, 2, 28), 11.0, "moved")]
    # Undo: delete the new date, put the old row back.
    svc.change_measurements(node.id, upserts=[(m.date, m.value, m.note, m.source) for m in before],
                            deletes=[D(2027, 2, 28)])
    assert _pairs(svc, node.id) == [(D(2027, 1, 31), 10.0, "old")]


def test_one_bad_row_changes_nothing(svc):
    node = svc.create_node("K", "KPI")
    svc.set_measurement(node.id, D(2027, 1, 31), 10.0)
    with pytest.raises(ValidationError, match="row 1"):
        svc.change_measurements(node.id, upserts=[(D(2027, 2, 28), 1.0), (D(2027, 3, 31), float("nan"))],
                                deletes=[D(2027, 1, 31)])
    assert _pairs(svc, node.id) == [(D(2027, 1, 31), 10.0, "")]
    with pytest.raises(ValidationError, match="KPI node"):
        svc.change_measurements(99999, upserts=[(D(2027, 2, 28), 1.0)])


def test_restore_puts_back_ids_and_revisions(svc):
    node = svc.create_node("K", "KPI")
    kept = svc.set_measurement(node.id, D(2027, 1, 31), 10.0, note="a")
    svc.set_measurement(node.id, D(2027, 1, 31), 12.0, note="b")  # revision 2
    original = svc.measurements(node.id)
    touched = [D(2027, 1, 31), D(2027, 2, 28)]
    before = svc.change_measurements(node.id, upserts=[(D(2027, 2, 28), 5.0)], deletes=[D(2027, 1, 31)])
    svc.change_measurements(node.id, deletes=touched, restore=before)
    assert svc.measurements(node.id) == original
    assert original[0].id == kept.id and original[0].revision == 2
    with pytest.raises(ValidationError, match="among the deletes"):
        svc.change_measurements(node.id, restore=before)
