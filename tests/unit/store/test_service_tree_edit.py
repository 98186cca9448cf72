"""TreeEditService (store/service_tree_edit.py) directly: multi-node moves and their
exact undo, copies with new codes, deletes with measurements, reorders, indent and
outdent as moves, and bad input refused with nothing changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okrdesk.domain.entities import FormulaKind
from okrdesk.store.errors import NotFound, ValidationError
from okrdesk.store.service import WorkspaceService
from okrdesk.store.service_tree_edit import NodePlaces
from okrdesk.store.workspace import Workspace

from .conftest import dump

D = dt.date


@pytest.fixture
def tree(svc: WorkspaceService) -> dict[str, int]:
    """REV (sum) with NEW, EXP (EXP.A, EXP.B) under it, CHURN a second root."""
    ids: dict[str, int] = {}
    ids["REV"] = svc.create_node("REV", "Revenue", formula=FormulaKind.SUM).id
    ids["NEW"] = svc.create_node("REV.NEW", "New business", parent_id=ids["REV"], unit="€", target=10.0).id
    ids["EXP"] = svc.create_node("REV.EXP", "Expansion", parent_id=ids["REV"], formula=FormulaKind.SUM).id
    ids["EXP.A"] = svc.create_node("REV.EXP.A", "Upsell", parent_id=ids["EXP"]).id
    ids["EXP.B"] = svc.create_node("REV.EXP.B", "Cross-sell", parent_id=ids["EXP"]).id
    ids["CHURN"] = svc.create_node("CHURN", "Churn").id
    svc.add_link(ids["EXP.A"], ids["EXP.B"], "upsell feeds cross-sell")
    svc.add_link(ids["NEW"], ids["CHURN"])
    for day, value in ((D(2027, 1, 5), 3.0), (D(2027, 2, 5), 4.0)):
        svc.set_measurement(ids["EXP.A"], day, value)
        svc.set_measurement(ids["EXP.B"], day, value * 2)
    return ids


def _kids(svc: WorkspaceService, parent_id: int | None) -> list[str]:
    return [n.code for n in sorted((n for n in svc.kpi_nodes() if n.parent_id == parent_id),
                                   key=lambda n: n.position)]


def _path(ws: Workspace) -> Path:
    return Path(ws.path)


# --- moves -------------------------------------------------------------------------------


def test_move_several_nodes_side_by_side_and_restore_exactly(ws: Workspace, svc, tree) -> None:
    before = dump(_path(ws))
    places = svc.move_nodes([tree["EXP.B"], tree["NEW"]], tree["CHURN"], 0)
    assert _kids(svc, tree["CHURN"]) == ["REV.EXP.B", "REV.NEW"]
    assert _kids(svc, tree["REV"]) == ["REV.EXP"] and _kids(svc, tree["EXP"]) == ["REV.EXP.A"]
    assert places.moved == (tree["EXP.B"], tree["NEW"])
    assert {r[0] for r in places.rows} >= {tree["EXP.B"], tree["NEW"]}
    redo = svc.restore_places(places)
    assert dump(_path(ws)) == before  # parents, positions and revisions exactly as they were
    svc.restore_places(redo)
    assert _kids(svc, tree["CHURN"]) == ["REV.EXP.B", "REV.NEW"]


def test_a_node_inside_another_moved_node_moves_with_it(svc, tree) -> None:
    places = svc.move_nodes([tree["EXP"], tree["EXP.A"]], None, 1)
    assert places.moved == (tree["EXP"],)
    assert _kids(svc, None) == ["REV", "REV.EXP", "CHURN"]
    assert _kids(svc, tree["EXP"]) == ["REV.EXP.A", "REV.EXP.B"]


def test_reorder_within_a_parent_and_positions_stay_contiguous(svc, tree) -> None:
    svc.move_nodes([tree["NEW"]], tree["REV"], 5)  # past the end: clamped to last
    assert _kids(svc, tree["REV"]) == ["REV.EXP", "REV.NEW"]
    svc.move_nodes([tree["NEW"]], tree["REV"], 0)
    assert _kids(svc, tree["REV"]) == ["REV.NEW", "REV.EXP"]
    assert sorted(n.position for n in svc.kpi_nodes() if n.parent_id == tree["REV"]) == [0, 1]


def test_indent_and_outdent_are_moves_under_the_sibling_above_and_after_the_parent(svc, tree) -> None:
    # Indent REV.EXP: last child of REV.NEW, the sibling above it.
    svc.move_nodes([tree["EXP"]], tree["NEW"], len(_kids(svc, tree["NEW"])))
    assert _kids(svc, tree["NEW"]) == ["REV.EXP"] and _kids(svc, tree["REV"]) == ["REV.NEW"]
    # Outdent it again: right after its parent.
    new = svc.kpi_node(tree["NEW"])
    svc.move_nodes([tree["EXP"]], new.parent_id, new.position + 1)
    assert _kids(svc, tree["REV"]) == ["REV.NEW", "REV.EXP"]


def test_a_move_under_itself_or_a_descendant_changes_nothing(ws: Workspace, svc, tree) -> None:
    before = dump(_path(ws))
    for parent in (tree["EXP"], tree["EXP.A"]):
        with pytest.raises(ValidationError, match="REV.EXP cannot be moved under itself"):
            svc.move_nodes([tree["EXP"]], parent, 0)
    assert dump(_path(ws)) == before


@pytest.mark.parametrize(("ids", "parent", "position", "message"), [
    ([], None, 0, "no KPI nodes given"),
    (["x"], None, 0, "must be an int"),
    ([10_000], None, 0, "10000"),
    ([1], 10_000, 0, "10000"),
    ([1], None, -1, "position"),
])
def test_bad_moves_are_refused_naming_the_problem(ws: Workspace, svc, tree, ids, parent, position, message) -> None:
    before = dump(_path(ws))
    with pytest.raises(ValidationError, match=message):
        svc.move_nodes(ids, parent, position)
    assert dump(_path(ws)) == before


def test_restoring_places_of_a_deleted_node_is_refused(svc, tree) -> None:
    places = svc.move_nodes([tree["NEW"]], tree["CHURN"], 0)
    svc.delete_node(tree["NEW"])
    with pytest.raises(ValidationError, match="no longer exists"):
        svc.restore_places(places)
    assert svc.restore_places(NodePlaces(())).rows == ()


# --- copies ------------------------------------------------------------------------------


def test_copy_gets_new_codes_keeps_fields_and_inner_links_not_measurements(svc, tree) -> None:
    roots = svc.copy_nodes([tree["EXP"]], tree["CHURN"], 0)
    assert [r.code for r in roots] == ["REV.EXP-2"]
    copy = roots[0]
    assert copy.formula == FormulaKind.SUM and copy.parent_id == tree["CHURN"] and copy.revision == 1
    assert _kids(svc, copy.id) == ["REV.EXP-2.A", "REV.EXP-2.B"]
    by_code = {n.code: n for n in svc.kpi_nodes()}
    assert by_code["REV.EXP-2.A"].name == "Upsell"
    copied_links = [(l.source_id, l.target_id, l.note) for l in svc.influence_links()]
    assert (by_code["REV.EXP-2.A"].id, by_code["REV.EXP-2.B"].id, "upsell feeds cross-sell") in copied_links
    assert svc.measurements(by_code["REV.EXP-2.A"].id) == []
    assert len(svc.measurements(tree["EXP.A"])) == 2  # the originals keep theirs
    assert _kids(svc, tree["EXP"]) == ["REV.EXP.A", "REV.EXP.B"]


def test_copy_renames_expression_references_inside_the_copy(svc, tree) -> None:
    svc.update_node(tree["EXP"], formula=FormulaKind.EXPRESSION, expression="REV.EXP.A * 2 + REV.NEW")
    copy = svc.copy_nodes([tree["EXP"]], None, 0)[0]
    assert copy.expression == "REV.EXP-2.A * 2 + REV.NEW"  # inner code renamed, outer kept
    assert _kids(svc, None)[0] == "REV.EXP-2"


def test_copying_twice_and_several_roots_never_reuses_a_code(svc, tree) -> None:
    first = svc.copy_nodes([tree["NEW"], tree["CHURN"]], None, 5)
    second = svc.copy_nodes([tree["NEW"]], None, 0)
    codes = [n.code for n in svc.kpi_nodes()]
    assert len(codes) == len({c.lower() for c in codes})
    assert [r.code for r in first] == ["REV.NEW-2", "CHURN-2"] and second[0].code == "REV.NEW-3"
    assert _kids(svc, None)[-2:] == ["REV.NEW-2", "CHURN-2"]


def test_a_copy_into_itself_is_refused_and_changes_nothing(ws: Workspace, svc, tree) -> None:
    before = dump(_path(ws))
    with pytest.raises(ValidationError, match="cannot be copied into itself"):
        svc.copy_nodes([tree["EXP"]], tree["EXP.B"], 0)
    with pytest.raises(ValidationError, match="no KPI nodes given"):
        svc.copy_nodes([], None, 0)
    with pytest.raises(NotFound):
        svc.copy_nodes([10_000], None, 0)
    assert dump(_path(ws)) == before


# --- deletes, counts, field and link restores -----------------------------------------------


def test_delete_counts_subtree_and_measurements_and_restore_brings_all_back(ws: Workspace, svc, tree) -> None:
    assert svc.subtree_counts([tree["EXP"]]) == (3, 4)
    assert svc.subtree_counts([tree["REV"], tree["EXP"]]) == (5, 4)  # a subtree counted once
    before = dump(_path(ws))
    snapshot = svc.delete_node(tree["EXP"])
    assert _kids(svc, tree["REV"]) == ["REV.NEW"]
    assert svc.measurements(tree["EXP.A"]) == [] and len(svc.influence_links()) == 1
    svc.restore_subtree(snapshot)
    assert dump(_path(ws)) == before


def test_replace_node_writes_every_field_back_with_its_revision(ws: Workspace, svc, tree) -> None:
    old = svc.kpi_node(tree["NEW"])
    svc.update_node(tree["NEW"], name="New logos", target=12.0, code="REV.LOGOS")
    after = svc.replace_node(old)
    assert after.code == "REV.LOGOS" and svc.kpi_node(tree["NEW"]) == old
    svc.create_node("TAKEN", "Taken")
    with pytest.raises(ValidationError, match="already used"):
        svc.replace_node(type(old)(**{**{f: getattr(old, f) for f in old.__slots__}, "code": "TAKEN"}))


def test_restore_link_puts_back_the_same_id_once(svc, tree) -> None:
    link = svc.influence_links()[0]
    svc.remove_link(link.id)
    assert svc.restore_link(link) == link
    with pytest.raises(ValidationError, match="is in use"):
        svc.restore_link(link)


def test_nodes_by_id_in_the_order_asked_and_unknown_ids_left_out(svc, tree) -> None:
    got = svc.kpi_nodes_by_id([tree["CHURN"], 10_000, tree["REV"], tree["CHURN"]])
    assert [n.code for n in got] == ["CHURN", "REV"]


def test_moves_and_restores_declare_exactly_the_nodes_they_change(svc, tree) -> None:
    log = svc.tree_writes
    start = log.revision
    places = svc.move_nodes([tree["NEW"]], tree["CHURN"], 0)
    svc.restore_places(places)
    changes = log.since(start)
    assert changes is not None and all(kind == "nodes" for kind, *_ in changes)
    assert tree["NEW"] in changes[0][1] and set(changes[1][1]) == set(places.ids)
    svc.copy_nodes([tree["NEW"]], None, 0)  # new rows: the tree must be read again
    assert log.since(start) is None
