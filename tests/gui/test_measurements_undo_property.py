"""Random sequences of measurement edits, undone back to the start, leave the store as it was
(ids, sources and revisions included), and redone reach the same end state."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from okrdesk.store.workspace import Workspace
from okrdesk.ui.measurements.edits import MeasurementEdits
from okrdesk.ui.measurements.paste import PastedRow

START = dt.date(2027, 1, 1)
days = st.integers(0, 12).map(lambda i: START + dt.timedelta(days=i))
values = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
notes = st.sampled_from(["", "a", "note"])
ops = st.one_of(
    st.tuples(st.just("add"), days, values, notes),
    st.tuples(st.just("change"), st.integers(0, 20), days, values, notes),
    st.tuples(st.just("delete"), st.lists(days, min_size=1, max_size=4)),
    st.tuples(st.just("paste"), st.lists(st.tuples(days, values, notes), min_size=1, max_size=5,
                                         unique_by=lambda r: r[0])),
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, qapp):
    ws = Workspace.create(tmp_path_factory.mktemp("undo") / "undo.okrdesk")
    try:
        yield ws
    finally:
        ws.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(ops, min_size=1, max_size=8))
def test_undo_everything_restores_the_measurements(workspace, steps):
    svc = workspace.service
    node = svc.create_node(f"N{svc.kpi_nodes().__len__()}", "Node")
    for i in range(0, 12, 3):
        svc.set_measurement(node.id, START + dt.timedelta(days=i), float(i), note="seed")
    original = svc.measurements(node.id)
    stack = QUndoStack()
    edits = MeasurementEdits(svc, stack, node)
    for step in steps:
        kind = step[0]
        if kind == "add":
            edits.add(step[1], step[2], step[3])
        elif kind == "change":
            current = svc.measurements(node.id)
            if current:
                old = current[step[1] % len(current)]
                if step[2] == old.date or all(m.date != step[2] for m in current):
                    edits.change(old, step[2], step[3], step[4])
        elif kind == "delete":
            edits.delete(step[1])
        else:
            edits.paste([PastedRow(i, d, v, n) for i, (d, v, n) in enumerate(step[1])])
    final = [(m.date, m.value, m.note) for m in svc.measurements(node.id)]
    while stack.canUndo():
        stack.undo()
    assert svc.measurements(node.id) == original
    while stack.canRedo():
        stack.redo()
    assert [(m.date, m.value, m.note) for m in svc.measurements(node.id)] == final
