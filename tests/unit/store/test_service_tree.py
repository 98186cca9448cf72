"""KPI nodes: create, update, move, delete and restore, links."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.domain.entities import Direction, FormulaKind, KpiNode, NodeKind
from okrdesk.store.errors import NotFound, ValidationError
from okrdesk.store.service import WorkspaceService
from okrdesk.store.workspace import Workspace

from .conftest import dump


def _codes(svc: WorkspaceService, parent_id: int | None) -> list[str]:
    return [n.code for n in svc.kpi_nodes() if n.parent_id == parent_id]


def test_create_round_trip_with_enums(svc: WorkspaceService) -> None:
    owner = svc.create_person("Ada")
    node = svc.create_node("REV", "Revenue", kind=NodeKind.KPI, direction="lower", unit="EUR",
                           target=1e6, green_from=9e5, red_from=5e5, formula=FormulaKind.SUM,
                           leading=True, owner_id=owner.id, weight=2)
    assert isinstance(node, KpiNode)
    assert node.kind is NodeKind.KPI and node.direction is Direction.LOWER
    assert node.formula is FormulaKind.SUM and node.leading is True and node.weight == 2.0
    assert node.revision == 1 and node.position == 0 and node.owner_id == owner.id
    assert svc.kpi_nodes() == [node]
    assert svc.kpi_node(node.id) == node


def test_create_appends_or_inserts_and_keeps_positions_contiguous(svc: WorkspaceService) -> None:
    root = svc.create_node("R", "Root")
    for code in ("A", "B", "C"):
        svc.create_node(code, code, parent_id=root.id)
    svc.create_node("X", "X", parent_id=root.id, position=1)
    svc.create_node("Z", "Z", parent_id=root.id, position=99)
    kids = [n for n in svc.kpi_nodes() if n.parent_id == root.id]
    assert [n.code for n in kids] == ["A", "X", "B", "C", "Z"]
    assert [n.position for n in kids] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"code": "", "name": "x"}, "code"),
    ({"code": "A B", "name": "x"}, "code"),
    ({"code": "OK", "name": "  "}, "name"),
    ({"code": "OK", "name": "x", "kind": "vital"}, "kind"),
    ({"code": "OK", "name": "x", "target": float("nan")}, "target"),
    ({"code": "OK", "name": "x", "target": "12"}, "target"),
    ({"code": "OK", "name": "x", "colour": "red"}, "colour"),
    ({"code": "OK", "name": "x", "leading": "yes"}, "leading"),
])
def test_create_refuses_bad_input(ws: Workspace, kwargs: dict, field: str) -> None:
    before = dump(ws.path)
    with pytest.raises(ValidationError) as info:
        ws.service.create_node(**kwargs)
    assert info.value.field == field
    assert dump(ws.path) == before


def test_create_refuses_duplicate_code_and_unknown_refs(ws: Workspace) -> None:
    svc = ws.service
    svc.create_node("REV", "Revenue")
    before = dump(ws.path)
    with pytest.raises(ValidationError, match="'rev' is already used"):
        svc.create_node("rev", "Other")
    with pytest.raises(NotFound, match="KPI node with id 999"):
        svc.create_node("X", "X", parent_id=999)
    with pytest.raises(NotFound, match="person with id 5"):
        svc.create_node("X", "X", owner_id=5)
    assert dump(ws.path) == before


def test_update_bumps_revision_only_on_change(ws: Workspace) -> None:
    svc = ws.service
    node = svc.create_node("A", "Alpha")
    same = svc.update_node(node.id, name="Alpha")
    assert same.revision == 1
    changed = svc.update_node(node.id, name="Alpha 2", target=3, kind="kpi")
    assert changed.revision == 2 and changed.name == "Alpha 2" and changed.target == 3.0
    assert svc.update_node(node.id, code="A2").revision == 3
    svc.create_node("B", "Beta")
    before = dump(ws.path)
    with pytest.raises(ValidationError, match="already used"):
        svc.update_node(node.id, code="b")
    with pytest.raises(ValidationError, match="move_node"):
        svc.update_node(node.id, parent_id=None)
    with pytest.raises(NotFound):
        svc.update_node(12345, name="x")
    assert dump(ws.path) == before


def test_move_reorders_reparents_and_renumbers(svc: WorkspaceService) -> None:
    a = svc.create_node("A", "A")
    b = svc.create_node("B", "B")
    a1 = svc.create_node("A1", "A1", parent_id=a.id)
    a2 = svc.create_node("A2", "A2", parent_id=a.id)
    a3 = svc.create_node("A3", "A3", parent_id=a.id)
    moved = svc.move_node(a3.id, a.id, 0)
    assert moved.position == 0 and moved.revision == 2
    assert _codes(svc, a.id) == ["A3", "A1", "A2"]
    svc.move_node(a1.id, b.id, 5)
    assert _codes(svc, a.id) == ["A3", "A2"] and _codes(svc, b.id) == ["A1"]
    assert [n.position for n in svc.kpi_nodes() if n.parent_id == a.id] == [0, 1]
    svc.move_node(a2.id, None, 0)
    assert _codes(svc, None) == ["A2", "A", "B"]
    unchanged = svc.move_node(a2.id, None, 0)
    assert unchanged.revision == 2


def test_move_under_own_descendant_is_refused(ws: Workspace) -> None:
    svc = ws.service
    a = svc.create_node("A", "A")
    b = svc.create_node("B", "B", parent_id=a.id)
    c = svc.create_node("C", "C", parent_id=b.id)
    before = dump(ws.path)
    for target in (a.id, b.id, c.id):
        with pytest.raises(ValidationError, match="under itself or one of its descendants"):
            svc.move_node(a.id, target, 0)
    with pytest.raises(ValidationError):
        svc.move_node(b.id, b.id, 0)
    with pytest.raises(ValidationError, match="position"):
        svc.move_node(c.id, None, -1)
    assert dump(ws.path) == before


def _big_tree(svc: WorkspaceService) -> tuple[int, int]:
    """A root with a 1,000-node subtree below one branch; returns (branch, other)."""
    branch = svc.create_node("BR", "Branch")
    other = svc.create_node("OT", "Other")
    parents = [branch.id]
    count = 0
    while count < 1000:
        nxt = []
        for p in parents:
            for _ in range(10):
                if count >= 1000:
                    break
                nxt.append(svc.create_node(f"N{count}", f"Node {count}", parent_id=p).id)
                count += 1
        parents = nxt
    return branch.id, other.id


def test_move_big_subtree_touches_only_the_node_and_siblings(ws: Workspace) -> None:
    svc = ws.service
    branch, other = _big_tree(svc)
    statements: list[str] = []

    from sqlalchemy import event

    def record(conn, cursor, statement, params, context, executemany):  # noqa: ANN001
        if statement.lstrip().upper().startswith("UPDATE"):
            statements.append(statement)

    event.listen(ws.engine, "before_cursor_execute", record)
    try:
        svc.move_node(branch, other, 0)
    finally:
        event.remove(ws.engine, "before_cursor_execute", record)
    assert len(statements) <= 3  # the node, the old siblings, the new siblings
    nodes = svc.kpi_nodes()
    assert len(nodes) == 1002
    assert next(n for n in nodes if n.id == branch).parent_id == other


def test_delete_and_restore_give_back_exactly_the_same_rows(ws: Workspace) -> None:
    svc = ws.service
    root = svc.create_node("R", "Root")
    a = svc.create_node("A", "A", parent_id=root.id)
    b = svc.create_node("B", "B", parent_id=root.id)
    c = svc.create_node("C", "C", parent_id=root.id)
    b1 = svc.create_node("B1", "B1", parent_id=b.id)
    b11 = svc.create_node("B11", "B11", parent_id=b1.id)
    svc.update_node(b1.id, target=5)
    svc.add_link(b11.id, a.id, note="out")
    svc.add_link(c.id, b1.id, note="in")
    svc.add_link(b11.id, b1.id)
    svc.bulk_set_measurements([(b11.id, dt.date(2027, 1, d), float(d)) for d in range(1, 29)])
    svc.set_measurement(b.id, dt.date(2027, 1, 1), 1.0, note="n")
    obj = svc.create_objective("O")
    kr = svc.create_key_result(obj.id, "KR", kpi_node_id=b11.id)
    before = dump(ws.path)

    snap = svc.delete_node(b.id)
    assert set(snap.node_ids) == {b.id, b1.id, b11.id} and snap.node_ids[0] == b.id
    assert len(snap.measurements) == 29 and len(snap.links) == 3
    assert snap.key_result_links == ((kr.id, b11.id),)
    assert _codes(svc, root.id) == ["A", "C"]
    assert [n.position for n in svc.kpi_nodes() if n.parent_id == root.id] == [0, 1]
    assert svc.key_results()[0].kpi_node_id is None
    assert svc.counts()["measurements"] == 0 and svc.counts()["influence_links"] == 0

    restored = svc.restore_subtree(snap)
    assert restored.id == b.id and restored.position == 1
    assert dump(ws.path) == before


def test_restore_refuses_when_parent_is_gone(ws: Workspace) -> None:
    svc = ws.service
    root = svc.create_node("R", "Root")
    kid = svc.create_node("K", "Kid", parent_id=root.id)
    snap = svc.delete_node(kid.id)
    svc.delete_node(root.id)
    before = dump(ws.path)
    with pytest.raises(ValidationError, match="no longer exists"):
        svc.restore_subtree(snap)
    assert dump(ws.path) == before


def test_delete_big_subtree_and_restore(ws: Workspace) -> None:
    svc = ws.service
    branch, _ = _big_tree(svc)
    before = dump(ws.path)
    snap = svc.delete_node(branch)
    assert len(snap.nodes) == 1001 and svc.counts()["kpi_nodes"] == 1
    svc.restore_subtree(snap)
    assert dump(ws.path) == before


def test_links(ws: Workspace) -> None:
    svc = ws.service
    a = svc.create_node("A", "A")
    b = svc.create_node("B", "B")
    link = svc.add_link(a.id, b.id, note="drives")
    assert svc.influence_links() == [link] and link.note == "drives"
    before = dump(ws.path)
    with pytest.raises(ValidationError, match="already influences"):
        svc.add_link(a.id, b.id)
    with pytest.raises(ValidationError, match="two different"):
        svc.add_link(a.id, a.id)
    with pytest.raises(NotFound):
        svc.add_link(a.id, 77)
    assert dump(ws.path) == before
    assert svc.remove_link(link.id) == link
    assert svc.influence_links() == []
    with pytest.raises(NotFound):
        svc.remove_link(link.id)
