"""Named what-if scenarios in the settings table: save, list, rename, delete, reopen."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.domain.scenarios import Scenario, ScenarioValue, decode, encode
from okrdesk.store.errors import ValidationError, WorkspaceReadOnly
from okrdesk.store.service_scenarios import SCENARIOS_KEY
from okrdesk.store.workspace import Workspace

from .conftest import dump

B = dt.date(2027, 2, 1)
SAVED = dt.datetime(2027, 2, 15, 10, 4)


def v(node_id=1, code="REV", value=10.0, bucket=B):
    return ScenarioValue(node_id, code, bucket, value)


def test_save_list_rename_delete(svc):
    assert svc.whatif_scenarios() == []
    first = svc.save_whatif_scenario("  Q2   push ", [v(), v(2, "COST", -3.5)], saved=SAVED)
    assert first == Scenario("Q2 push", (v(), v(2, "COST", -3.5)), SAVED)
    svc.save_whatif_scenario("austerity", [v(value=1.0)], saved=SAVED)
    assert [s.name for s in svc.whatif_scenarios()] == ["austerity", "Q2 push"]
    assert svc.whatif_scenario("q2 PUSH") == first
    svc.rename_whatif_scenario("Q2 push", "Q2 stretch")
    assert [s.name for s in svc.whatif_scenarios()] == ["austerity", "Q2 stretch"]
    assert svc.whatif_scenario("Q2 stretch").values == first.values
    assert svc.delete_whatif_scenario("AUSTERITY").name == "austerity"
    assert [s.name for s in svc.whatif_scenarios()] == ["Q2 stretch"]


def test_same_name_needs_replace(svc):
    svc.save_whatif_scenario("Plan", [v()])
    with pytest.raises(ValidationError, match="“Plan” already exists"):
        svc.save_whatif_scenario("plan", [v(value=2.0)])
    assert svc.whatif_scenario("Plan").values == (v(),)
    svc.save_whatif_scenario("plan", [v(value=2.0)], replace=True)
    assert [(s.name, s.values) for s in svc.whatif_scenarios()] == [("plan", (v(value=2.0),))]
    svc.save_whatif_scenario("Other", [v()])
    with pytest.raises(ValidationError, match="“Other” already exists"):
        svc.rename_whatif_scenario("plan", "OTHER")


def test_bad_input_changes_nothing(svc, ws):
    svc.save_whatif_scenario("Plan", [v()])
    before = dump(ws.path)
    for call, message in [
        (lambda: svc.save_whatif_scenario("   ", [v()]), "needs a name"),
        (lambda: svc.save_whatif_scenario("x" * 101, [v()]), "101 characters long"),
        (lambda: svc.save_whatif_scenario("Empty", []), "no what-if values"),
        (lambda: svc.save_whatif_scenario("Inf", [v(value=math.inf)]), "REV.*not a finite number"),
        (lambda: svc.rename_whatif_scenario("Missing", "New"), "no scenario called “Missing”"),
        (lambda: svc.delete_whatif_scenario("Missing"), "no scenario called “Missing”"),
        (lambda: svc.save_whatif_scenario(3, [v()]), "must be text"),
    ]:
        with pytest.raises(ValidationError, match=message):
            call()
    assert dump(ws.path) == before


def test_scenarios_survive_closing_and_are_not_data(tmp_path):
    path = tmp_path / "w.okrdesk"
    ws = Workspace.create(path, name="W")
    try:
        node = ws.service.create_node("REV", "Revenue")
        ws.service.save_whatif_scenario("Plan", [v(node.id, "REV", 5.0)], saved=SAVED)
        assert ws.service.measurement_arrays() == {}  # never measurements
    finally:
        ws.close()
    ws = Workspace.open(path)
    try:
        assert ws.service.whatif_scenarios() == [Scenario("Plan", (v(node.id, "REV", 5.0),), SAVED)]
        assert json.loads(ws.service.setting(SCENARIOS_KEY))["version"] == 1
    finally:
        ws.close()
    ws = Workspace.open(path, read_only=True)
    try:
        assert [s.name for s in ws.service.whatif_scenarios()] == ["Plan"]
        with pytest.raises(WorkspaceReadOnly):
            ws.service.delete_whatif_scenario("Plan")
    finally:
        ws.close()


def test_unreadable_setting_is_reported_and_left_alone(svc):
    svc.set_setting(SCENARIOS_KEY, '{"version": 1, "scenarios": [{"name": "A", "values": [{"node": "x"}]}]}')
    with pytest.raises(ValidationError, match="whatif_scenarios.*scenario “A”, value 1: node id 'x'"):
        svc.whatif_scenarios()
    with pytest.raises(ValidationError, match="left as they are"):
        svc.save_whatif_scenario("B", [v()])
    assert "node" in svc.setting(SCENARIOS_KEY)
    svc.set_setting(SCENARIOS_KEY, "not json")
    with pytest.raises(ValidationError, match="not valid JSON"):
        svc.whatif_scenarios()
    svc.set_setting(SCENARIOS_KEY, '{"version": 7, "scenarios": []}')
    with pytest.raises(ValidationError, match="format version 7"):
        svc.whatif_scenarios()


NAMES = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=30).filter(
    lambda s: s.strip() and " ".join(s.split()) == s)
VALUES = st.builds(ScenarioValue, st.integers(1, 10**9), st.text(max_size=12),
                   st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
                   st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.builds(Scenario, NAMES, st.lists(VALUES, max_size=5).map(tuple),
                          st.one_of(st.none(), st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1))
                                    .map(lambda d: d.replace(microsecond=0)))), max_size=4))
def test_encode_decode_round_trip(scenarios):
    from okrdesk.domain.text import keepable

    scenarios = [s for s in scenarios if keepable(s.name) == s.name]
    assert decode(encode(scenarios)) == scenarios
