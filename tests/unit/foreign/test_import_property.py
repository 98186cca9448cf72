"""Property: importing any wide sheet writes exactly its values, a second import of the same
sheet changes nothing, and undo puts the workspace back as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrdesk.excel.foreign import ImportSpec, apply_plan, plan_import, undo_import
from okrdesk.excel.foreign.periods import month
from okrdesk.excel.foreign.source import Grid
from okrdesk.excel.foreign.spec import ColumnRef
from okrdesk.store.workspace import Workspace

from ..store.conftest import dump

CODES = ["A", "B", "C", "D"]
values = st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(values, min_size=4, max_size=4), min_size=1, max_size=4),
       st.lists(st.tuples(st.sampled_from(CODES), st.integers(0, 3), values), max_size=4))
def test_import_is_exact_idempotent_and_undoable(rows: list[list[float | None]], existing) -> None:
    headers = [month(2027, m).label() for m in range(1, 5)]
    grid = Grid("S", [["KPI", *headers]] + [[CODES[i], *("" if v is None else v for v in row)]
                                            for i, row in enumerate(rows)])
    spec = ImportSpec(layout="wide", label_column=ColumnRef("KPI", "A"))
    for code in CODES[:len(rows)]:
        spec.map_label(code, code)
    with tempfile.TemporaryDirectory() as tmp, Workspace.create(Path(tmp) / "p.okrdesk") as ws:
        s = ws.service
        ids = {code: s.create_node(code, f"Node {code}", kind="measure").id for code in CODES}
        for code, m, value in existing:
            if value is not None:
                s.set_measurement(ids[code], month(2027, m + 1).date, value)
        before = dump(ws.path)
        plan = plan_import(s, grid, spec)
        assert plan.ok
        applied = apply_plan(s, plan)
        for i, row in enumerate(rows):
            stored = {m.date: m.value for m in s.measurements(ids[CODES[i]])}
            for m, value in enumerate(row):
                if value is not None:  # equal to 1e-9 relative counts as unchanged (plan notes)
                    got = stored[month(2027, m + 1).date]
                    assert abs(got - value) <= 1e-9 * max(1.0, abs(got))
        again = plan_import(s, grid, spec)
        assert not again.new and not again.changed
        assert len(again.unchanged) == sum(v is not None for row in rows for v in row)
        undo_import(s, applied)
        assert dump(ws.path) == before
