"""Measurements: upserts, bulk writes, array reads."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from okrdesk.store.errors import NotFound, ValidationError
from okrdesk.store.workspace import Workspace

from .conftest import dump

D = dt.date


def test_set_measurement_upserts_on_node_and_date(ws: Workspace) -> None:
    svc = ws.service
    node = svc.create_node("A", "A")
    first = svc.set_measurement(node.id, D(2027, 1, 31), 10, note="first")
    assert first.value == 10.0 and first.revision == 1 and first.source == "manual"
    second = svc.set_measurement(node.id, D(2027, 1, 31), 12.5, source="import:crm")
    assert second.id == first.id and second.value == 12.5 and second.revision == 2
    assert second.note == "" and second.source == "import:crm"
    svc.set_measurement(node.id, D(2026, 12, 31), 9)
    assert [m.date for m in svc.measurements(node.id)] == [D(2026, 12, 31), D(2027, 1, 31)]
    assert [m.value for m in svc.measurements(node.id, start=D(2027, 1, 1))] == [12.5]
    assert [m.value for m in svc.measurements(node.id, end=D(2027, 1, 1))] == [9.0]


def test_set_measurement_refuses_bad_input(ws: Workspace) -> None:
    svc = ws.service
    node = svc.create_node("A", "A")
    before = dump(ws.path)
    with pytest.raises(NotFound):
        svc.set_measurement(99, D(2027, 1, 1), 1)
    with pytest.raises(ValidationError, match="date"):
        svc.set_measurement(node.id, dt.datetime(2027, 1, 1, 12), 1)
    with pytest.raises(ValidationError, match="finite"):
        svc.set_measurement(node.id, D(2027, 1, 1), float("inf"))
    with pytest.raises(ValidationError, match="number"):
        svc.set_measurement(node.id, D(2027, 1, 1), "12")
    assert dump(ws.path) == before


def test_update_and_delete_measurement(ws: Workspace) -> None:
    svc = ws.service
    node = svc.create_node("A", "A")
    m = svc.set_measurement(node.id, D(2027, 1, 1), 1)
    updated = svc.update_measurement(m.id, value=2, note="fixed")
    assert updated.value == 2 and updated.note == "fixed" and updated.revision == 2
    assert svc.delete_measurement(m.id) == updated
    assert svc.measurements(node.id) == []
    with pytest.raises(NotFound):
        svc.delete_measurement(m.id)


def test_bulk_set_measurements(ws: Workspace) -> None:
    svc = ws.service
    a = svc.create_node("A", "A")
    b = svc.create_node("B", "B")
    n = svc.bulk_set_measurements([
        (a.id, D(2027, 1, 1), 1),
        (a.id, D(2027, 2, 1), 2, "note"),
        {"node_id": b.id, "date": D(2027, 1, 1), "value": 3.5, "source": "import:erp"},
        (a.id, D(2027, 1, 1), 1.5),  # a later row for the same date wins
    ], source="import:x")
    assert n == 4
    got = svc.measurements(a.id)
    assert [(m.value, m.note, m.source) for m in got] == [(1.5, "", "import:x"), (2.0, "note", "import:x")]
    assert got[0].revision == 2
    assert svc.measurements(b.id)[0].source == "import:erp"
    assert svc.bulk_set_measurements([]) == 0


def test_bulk_refuses_whole_batch_on_one_bad_row(ws: Workspace) -> None:
    svc = ws.service
    a = svc.create_node("A", "A")
    before = dump(ws.path)
    with pytest.raises(ValidationError, match="row 1: value"):
        svc.bulk_set_measurements([(a.id, D(2027, 1, 1), 1), (a.id, D(2027, 1, 2), None)])
    with pytest.raises(ValidationError, match="no KPI node with id 42"):
        svc.bulk_set_measurements([(a.id, D(2027, 1, 1), 1), (42, D(2027, 1, 2), 1)])
    with pytest.raises(ValidationError, match="expected"):
        svc.bulk_set_measurements([(a.id, D(2027, 1, 1))])
    assert dump(ws.path) == before


def test_measurement_arrays(ws: Workspace) -> None:
    svc = ws.service
    a = svc.create_node("A", "A")
    b = svc.create_node("B", "B")
    c = svc.create_node("C", "C")
    days = [D(2026, 12, 31), D(1999, 3, 1), D(2027, 2, 28)]
    svc.bulk_set_measurements([(a.id, d, float(i)) for i, d in enumerate(days)])
    svc.set_measurement(b.id, D(2027, 1, 1), -4.25)
    arrays = svc.measurement_arrays()
    assert set(arrays) == {a.id, b.id}
    dates, values = arrays[a.id]
    assert dates.dtype == np.dtype("datetime64[D]") and values.dtype == np.float64
    assert dates.tolist() == sorted(days)
    assert values.tolist() == [1.0, 0.0, 2.0]
    assert arrays[b.id][1].tolist() == [-4.25]
    some = svc.measurement_arrays([a.id, c.id], start=D(2000, 1, 1), end=D(2027, 1, 31))
    assert set(some) == {a.id, c.id}
    assert some[a.id][0].tolist() == [D(2026, 12, 31)]
    assert len(some[c.id][0]) == 0 and some[c.id][0].dtype == np.dtype("datetime64[D]")
    assert svc.measurement_arrays([]) == {}


def test_measurement_arrays_with_many_ids(ws: Workspace) -> None:
    svc = ws.service
    ids = [svc.create_node(f"N{i}", f"N{i}").id for i in range(1000)]
    svc.bulk_set_measurements([(i, D(2027, 1, 1), float(i)) for i in ids])
    arrays = svc.measurement_arrays(ids)
    assert len(arrays) == 1000 and all(arrays[i][1].tolist() == [float(i)] for i in ids)


def test_measurement_arrays_read_100k_in_date_order(ws: Workspace) -> None:
    # Speed is measured by `make bench` (tests/benchmarks/bench_reads.py), not here.
    svc = ws.service
    node = svc.create_node("BIG", "Big")
    start = np.datetime64("1800-01-01")
    rows = [(node.id, (start + np.timedelta64(i, "D")).astype(dt.date), i * 0.5) for i in range(100_000)]
    svc.bulk_set_measurements(rows[::-1])  # written newest first
    dates, values = svc.measurement_arrays([node.id])[node.id]
    assert len(dates) == 100_000 and dates.dtype == np.dtype("datetime64[D]")
    assert dates[0] == start and values[-1] == 99_999 * 0.5
    assert bool(np.all(np.diff(dates.astype("int64")) == 1))


def test_measurement_arrays_keep_every_bit_of_the_values(ws: Workspace) -> None:
    svc = ws.service
    node = svc.create_node("X", "X")
    rng = np.random.default_rng(7)
    values = np.concatenate([
        rng.normal(size=500) * 10.0 ** rng.integers(-300, 300, 500),
        [0.1, 1 / 3, 5e-324, 1.7976931348623157e308, -2.5, 0.0, 123456789.123456789],
    ])
    first = np.datetime64("2000-01-01")
    svc.bulk_set_measurements(
        [(node.id, (first + np.timedelta64(i, "D")).astype(dt.date), float(v)) for i, v in enumerate(values)]
    )
    dates, read = svc.measurement_arrays([node.id])[node.id]
    assert read.view(np.int64).tolist() == values.view(np.int64).tolist()
    assert dates[0] == first and dates[-1] == first + np.timedelta64(len(values) - 1, "D")


def test_measurement_arrays_read_dates_written_by_other_tools(ws: Workspace) -> None:
    # okrdesk writes YYYY-MM-DD; a file edited by another tool may hold another
    # text form for some rows: the read still returns every row, in date order.
    svc = ws.service
    a = svc.create_node("A", "A")
    b = svc.create_node("B", "B")
    svc.bulk_set_measurements([(a.id, D(2027, 1, 31), 1.0), (a.id, D(2027, 3, 31), 3.0),
                               (b.id, D(2027, 1, 31), 7.0)])
    with ws.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO measurements (node_id, date, value, note, source, revision)"
            " VALUES (?, '2027-02-28 00:00:00', 2.0, '', 'other tool', 1)", (a.id,)
        )
    arrays = svc.measurement_arrays()
    assert arrays[a.id][0].tolist() == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31)]
    assert arrays[a.id][1].tolist() == [1.0, 2.0, 3.0]
    assert arrays[b.id][1].tolist() == [7.0]
