"""ImportsService: the values-import history, profile renames, per-node measurement reads."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.store.errors import NotFound, ValidationError


def test_history_is_listed_newest_first_and_survives_delete_restore(svc) -> None:
    first = svc.record_value_import("jan.xlsx", sheet="P&L", profile_name="Monthly", new_count=9,
                                    skipped_count=2, imported_at=dt.datetime(2027, 2, 1, 9, 0))
    second = svc.record_value_import("feb.csv", changed_count=3, unchanged_count=6,
                                     imported_at=dt.datetime(2027, 3, 1, 9, 0))
    assert svc.value_imports() == [second, first]
    assert svc.value_imports(limit=1) == [second]
    assert (first.file_name, first.sheet, first.profile_name, first.new_count,
            first.skipped_count) == ("jan.xlsx", "P&L", "Monthly", 9, 2)
    gone = svc.delete_value_import(first.id)
    assert svc.value_imports() == [second]
    assert svc.restore_value_import(gone) == first
    now = svc.record_value_import("mar.xlsx")
    assert now.imported_at.tzinfo is None and abs(
        now.imported_at - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=5)


def test_history_refuses_bad_input(svc) -> None:
    with pytest.raises(ValidationError, match="file_name"):
        svc.record_value_import("")
    with pytest.raises(ValidationError, match="new_count must be a whole number"):
        svc.record_value_import("a.xlsx", new_count=-1)
    with pytest.raises(NotFound):
        svc.delete_value_import(999)
    assert svc.value_imports() == []


def test_rename_import_profile(svc) -> None:
    svc.save_import_profile("A", {"layout": "wide"})
    svc.save_import_profile("B", {})
    renamed = svc.rename_import_profile("A", "Finance monthly")
    assert renamed.definition == '{"layout": "wide"}'
    assert [p.name for p in svc.import_profiles()] == ["B", "Finance monthly"]
    with pytest.raises(ValidationError, match="already exists"):
        svc.rename_import_profile("B", "Finance monthly")
    with pytest.raises(ValidationError):
        svc.rename_import_profile("B", "  ")
    with pytest.raises(NotFound):
        svc.rename_import_profile("nope", "C")


def test_measurements_of_many_nodes(svc) -> None:
    a = svc.create_node("A", "A", kind="measure")
    b = svc.create_node("B", "B", kind="measure")
    svc.set_measurement(a.id, dt.date(2027, 2, 1), 2.0, note="n")
    svc.set_measurement(a.id, dt.date(2027, 1, 1), 1.0)
    got = svc.measurements_of([a.id, b.id, a.id])
    assert got == {a.id: svc.measurements(a.id), b.id: []}
    assert [m.date for m in got[a.id]] == [dt.date(2027, 1, 1), dt.date(2027, 2, 1)]
