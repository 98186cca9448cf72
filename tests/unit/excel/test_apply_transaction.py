"""apply_plan is all or nothing; service.transaction() joins every call into one."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.excel import format as fmt
from okrdesk.excel.apply import ApplyError, apply_plan
from okrdesk.excel.plan import plan_import
from okrdesk.store.errors import ValidationError
from tests.unit.excel.bad_workbooks import good_sheets, write_book
from tests.unit.excel.conftest import dump


def test_failure_on_the_last_row_writes_nothing(tmp_path, workspace):
    sheets = good_sheets()
    # The last check-in's comment is valid for the reader and the plan but the KR title
    # is over... instead: make the store refuse the last write with a too-long author.
    sheets[fmt.CHECK_INS].append([dt.date(2027, 3, 1), "KR-0001", 1.0, 5.0, "", "A" * 300])
    path = write_book(tmp_path / "g.xlsx", sheets)
    before = dump(workspace.path)
    plan = plan_import(workspace.service, path)
    assert plan.ok, plan.summary_lines()
    with pytest.raises(ApplyError, match=r"Check-ins row 3: .*author.*Nothing was imported"):
        apply_plan(workspace.service, plan)
    assert dump(workspace.path) == before


def test_transaction_commits_together_and_rolls_back_together(workspace):
    s = workspace.service
    with s.transaction():
        team = s.create_team("A")
        s.create_person("P", team_id=team.id)
        assert s.in_transaction and [t.name for t in s.teams()] == ["A"]
    assert [p.name for p in s.people()] == ["P"]
    with pytest.raises(ValidationError):
        with s.transaction():
            s.create_team("B")
            s.create_team("A")  # duplicate name: refused by the service's own check
    assert [t.name for t in s.teams()] == ["A"]
    assert not s.in_transaction


def test_upsert_measurements_checks_types_and_nodes(workspace):
    s = workspace.service
    node = s.create_node("N", "Node")
    assert s.upsert_measurements([(node.id, dt.date(2027, 1, 1), 1.0, "")]) == 1
    assert s.upsert_measurements([(node.id, dt.date(2027, 1, 1), 2.0, "again")]) == 1
    [m] = s.measurements(node.id)
    assert (m.value, m.note, m.revision, m.source) == (2.0, "again", 2, "import")
    with pytest.raises(ValidationError, match="finite float"):
        s.upsert_measurements([(node.id, dt.date(2027, 1, 1), float("nan"), "")])
    with pytest.raises(ValidationError, match="no KPI node"):
        s.upsert_measurements([(999, dt.date(2027, 1, 1), 1.0, "")])
