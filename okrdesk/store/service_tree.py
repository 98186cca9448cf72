"""The KPI tree: nodes, their order among siblings, influence links, undoable deletes.

Positions among siblings are kept contiguous (0..n-1) by every tree edit.
Renumbering siblings is a side effect and does not raise their revision; only
the row the user edited gets ``revision + 1``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, func, or_, select, text, update

from okrdesk.domain.entities import (
    Aggregation,
    Category,
    Direction,
    FormulaKind,
    Frequency,
    InfluenceLink,
    KpiNode,
    NodeKind,
)

from .convert import KEY_RESULTS, LINKS, MEASUREMENTS, NODES, TABLES, to_entity
from .errors import ValidationError
from .service_tree_edit import TreeEditService, chunks as _chunks
from .snapshots import NodeSubtreeSnapshot
from .validation import Choice, Code, Flag, Number, Position, Ref, Rule, Text, check_refs, clean

NODE_RULES: dict[str, Rule] = {
    "code": Code(64),
    "name": Text(200, required=True),
    "kind": Choice(NodeKind),
    "description": Text(),
    "unit": Text(32),
    "direction": Choice(Direction),
    "owner_id": Ref("people", "person"),
    "team_id": Ref("teams", "team"),
    "leading": Flag(),
    "category": Choice(Category),
    "frequency": Choice(Frequency),
    "aggregation": Choice(Aggregation),
    "target": Number(optional=True),
    "green_from": Number(optional=True),
    "red_from": Number(optional=True),
    "formula": Choice(FormulaKind),
    "expression": Text(),
    "weight": Number(),
}
NODE_DEFAULTS: dict[str, Any] = {
    "kind": NodeKind.METRIC.value,
    "description": "",
    "unit": "",
    "direction": Direction.HIGHER.value,
    "owner_id": None,
    "team_id": None,
    "leading": False,
    "category": Category.STRATEGIC.value,
    "frequency": Frequency.MONTHLY.value,
    "aggregation": Aggregation.SUM.value,
    "target": None,
    "green_from": None,
    "red_from": None,
    "formula": FormulaKind.NONE.value,
    "expression": "",
    "weight": 1.0,
}

_SUBTREE = text(
    "WITH RECURSIVE sub(id, depth) AS ("
    " SELECT id, 0 FROM kpi_nodes WHERE id = :root"
    " UNION ALL SELECT k.id, sub.depth + 1 FROM kpi_nodes k JOIN sub ON k.parent_id = sub.id)"
    " SELECT id, depth FROM sub"
)
_ANCESTORS = text(
    "WITH RECURSIVE anc(id, parent_id) AS ("
    " SELECT id, parent_id FROM kpi_nodes WHERE id = :start"
    " UNION ALL SELECT k.id, k.parent_id FROM kpi_nodes k JOIN anc ON k.id = anc.parent_id)"
    " SELECT id FROM anc"
)


class TreeService(TreeEditService):
    """KPI nodes and influence links (multi-node moves, copies and exact restores
    come from ``TreeEditService``)."""

    # --- reads ----------------------------------------------------------------------

    def kpi_nodes(self) -> list[KpiNode]:
        """Every node, ordered by parent (roots first), then position, then id."""
        with self._session() as s:
            rows = s.execute(
                select(NODES).order_by(NODES.c.parent_id.is_not(None), NODES.c.parent_id,
                                       NODES.c.position, NODES.c.id)
            ).mappings()
            return [to_entity(KpiNode, r) for r in rows]

    def kpi_node(self, node_id: int) -> KpiNode:
        """One node by id (NotFound when it does not exist)."""
        with self._session() as s:
            return to_entity(KpiNode, self._row(s, NODES, node_id, "KPI node"))

    def influence_links(self) -> list[InfluenceLink]:
        """Every influence link, by id."""
        with self._session() as s:
            rows = s.execute(select(LINKS).order_by(LINKS.c.id)).mappings()
            return [to_entity(InfluenceLink, r) for r in rows]

    # --- node edits -----------------------------------------------------------------

    def create_node(
        self, code: str, name: str, parent_id: int | None = None, position: int | None = None,
        **fields: Any,
    ) -> KpiNode:
        """Add a node under ``parent_id`` at ``position`` (appended when None).

        ``fields`` are any other KpiNode fields (kind, unit, target, formula...).
        """
        label = f"KPI node {code!r}" if isinstance(code, str) else "KPI node"
        values = clean(NODE_RULES, {**fields, "code": code, "name": name}, label)
        if position is not None:
            position = Position().clean(position, "position", label)
        parent = Ref("kpi_nodes", "KPI node").clean(parent_id, "parent_id", label)
        with self._session(write=True) as s:
            check_refs(s, NODE_RULES, values, TABLES)
            self._check_unique(s, NODES, "code", values["code"], None, "KPI node")
            if parent is not None:
                self._row(s, NODES, parent, "KPI node")
            siblings = self._sibling_ids(s, parent)
            at = len(siblings) if position is None else min(position, len(siblings))
            row = {**NODE_DEFAULTS, **values, "parent_id": parent, "position": at, "revision": 1}
            new_id = s.execute(NODES.insert().values(**row)).inserted_primary_key[0]
            self._renumber(s, siblings[:at] + [new_id] + siblings[at:])
            return to_entity(KpiNode, self._row(s, NODES, new_id, "KPI node"))

    def update_node(self, node_id: int, **changes: Any) -> KpiNode:
        """Change fields of a node (not its place: use ``move_node``)."""
        misplaced = {"parent_id", "position"} & set(changes)
        if misplaced:
            raise ValidationError(
                f"KPI node {node_id}: {', '.join(sorted(misplaced))} changes with move_node().",
                sorted(misplaced)[0],
            )
        values = clean(NODE_RULES, changes, f"KPI node {node_id}")
        with self._session(write=True) as s:
            row = self._row(s, NODES, node_id, "KPI node")
            check_refs(s, NODE_RULES, values, TABLES)
            if "code" in values:
                self._check_unique(s, NODES, "code", values["code"], node_id, "KPI node")
            self._wrote_nodes([node_id])
            return to_entity(KpiNode, self._apply_update(s, NODES, row, values))

    def move_node(self, node_id: int, new_parent_id: int | None, position: int) -> KpiNode:
        """Put a node (with its subtree) under ``new_parent_id`` at ``position``.

        ``position`` is the node's index among its new siblings after the move
        (clamped to the end). A move under the node itself or one of its
        descendants is refused. Costs one UPDATE of the node plus renumbering of
        the old and new sibling lists, whatever the size of the subtree.
        """
        label = f"KPI node {node_id}"
        position = Position().clean(position, "position", label)
        new_parent = Ref("kpi_nodes", "KPI node").clean(new_parent_id, "parent_id", label)
        with self._session(write=True) as s:
            row = self._row(s, NODES, node_id, "KPI node")
            if new_parent is not None:
                self._row(s, NODES, new_parent, "KPI node")
                ancestors = {r[0] for r in s.execute(_ANCESTORS, {"start": new_parent})}
                if node_id in ancestors:
                    raise ValidationError(
                        f"{label} ({row['code']}) cannot be moved under itself or one of its "
                        "descendants.",
                        "parent_id",
                    )
            old_parent = row["parent_id"]
            new_siblings = [i for i in self._sibling_ids(s, new_parent) if i != node_id]
            at = min(position, len(new_siblings))
            if old_parent == new_parent and row["position"] == at:
                return to_entity(KpiNode, row)
            s.execute(
                update(NODES).where(NODES.c.id == node_id)
                .values(parent_id=new_parent, position=at, revision=NODES.c.revision + 1)
            )
            self._renumber(s, new_siblings[:at] + [node_id] + new_siblings[at:])
            if old_parent != new_parent:
                self._renumber(s, self._sibling_ids(s, old_parent))
            return to_entity(KpiNode, self._row(s, NODES, node_id, "KPI node"))

    def delete_node(self, node_id: int) -> NodeSubtreeSnapshot:
        """Delete a node with its subtree, measurements and links; returns what undo needs.

        Key results linked to a deleted node keep existing, unlinked.
        """
        with self._session(write=True) as s:
            root = self._row(s, NODES, node_id, "KPI node")
            depth = {r[0]: r[1] for r in s.execute(_SUBTREE, {"root": node_id})}
            ids = list(depth)
            nodes, measurements, links, kr_links = [], [], [], []
            for chunk in _chunks(ids):
                nodes += [dict(r) for r in s.execute(select(NODES).where(NODES.c.id.in_(chunk))).mappings()]
                measurements += [
                    dict(r) for r in s.execute(
                        select(MEASUREMENTS).where(MEASUREMENTS.c.node_id.in_(chunk))
                        .order_by(MEASUREMENTS.c.id)
                    ).mappings()
                ]
                links += [
                    dict(r) for r in s.execute(
                        select(LINKS).where(or_(LINKS.c.source_id.in_(chunk), LINKS.c.target_id.in_(chunk)))
                    ).mappings()
                ]
                kr_links += [
                    (r[0], r[1]) for r in s.execute(
                        select(KEY_RESULTS.c.id, KEY_RESULTS.c.kpi_node_id)
                        .where(KEY_RESULTS.c.kpi_node_id.in_(chunk))
                    )
                ]
            nodes.sort(key=lambda r: (depth[r["id"]], r["parent_id"] or 0, r["position"], r["id"]))
            unique_links = {r["id"]: r for r in links}
            s.execute(delete(NODES).where(NODES.c.id == node_id))  # FK cascades do the rest
            self._renumber(s, self._sibling_ids(s, root["parent_id"]))
            return NodeSubtreeSnapshot(
                root_id=node_id,
                parent_id=root["parent_id"],
                position=root["position"],
                nodes=tuple(nodes),
                measurements=tuple(measurements),
                links=tuple(sorted(unique_links.values(), key=lambda r: r["id"])),
                key_result_links=tuple(sorted(kr_links)),
            )

    def restore_subtree(self, snapshot: NodeSubtreeSnapshot) -> KpiNode:
        """Undo ``delete_node``: put back the same rows with the same ids and positions.

        Influence links whose other end has been deleted since, and key results
        deleted or re-linked since, are left as they are now.
        """
        with self._session(write=True) as s:
            parent = snapshot.parent_id
            if parent is not None and s.execute(
                select(NODES.c.id).where(NODES.c.id == parent)
            ).first() is None:
                raise ValidationError(
                    f"Cannot restore KPI node {snapshot.root_id}: its parent {parent} no longer exists.",
                    "parent_id",
                )
            ids = list(snapshot.node_ids)
            codes = [r["code"] for r in snapshot.nodes]
            for chunk in _chunks(ids):
                taken = s.execute(select(NODES.c.id).where(NODES.c.id.in_(chunk))).first()
                if taken is not None:
                    raise ValidationError(f"Cannot restore: KPI node id {taken[0]} is in use.", "id")
            for chunk in _chunks([c.lower() for c in codes]):
                clash = s.execute(select(NODES.c.code).where(func.lower(NODES.c.code).in_(chunk))).first()
                if clash is not None:
                    raise ValidationError(
                        f"Cannot restore: code {clash[0]!r} is now used by another KPI node.", "code"
                    )
            siblings = self._sibling_ids(s, parent)
            at = min(snapshot.position, len(siblings))
            self._renumber(s, siblings[:at] + [None] + siblings[at:])  # free the slot
            rows = [dict(r) for r in snapshot.nodes]
            rows[0] = {**rows[0], "position": at}
            self._insert_rows(s, NODES, rows)
            self._insert_rows(s, MEASUREMENTS, snapshot.measurements)
            restored = set(ids)
            others = {
                r["source_id"] if r["source_id"] not in restored else r["target_id"]
                for r in snapshot.links
            } - restored
            existing = set()
            for chunk in _chunks(sorted(others)):
                existing |= {r[0] for r in s.execute(select(NODES.c.id).where(NODES.c.id.in_(chunk)))}
            self._insert_rows(s, LINKS, [
                r for r in snapshot.links
                if (r["source_id"] in restored or r["source_id"] in existing)
                and (r["target_id"] in restored or r["target_id"] in existing)
            ])
            for kr_id, kpi_id in snapshot.key_result_links:
                s.execute(
                    update(KEY_RESULTS)
                    .where(and_(KEY_RESULTS.c.id == kr_id, KEY_RESULTS.c.kpi_node_id.is_(None)))
                    .values(kpi_node_id=kpi_id)
                )
            return to_entity(KpiNode, self._row(s, NODES, snapshot.root_id, "KPI node"))

    # --- influence links ------------------------------------------------------------

    def add_link(self, source_id: int, target_id: int, note: str = "") -> InfluenceLink:
        """Draw an influence link from the driver ``source_id`` to ``target_id``."""
        note = Text().clean(note, "note", "Influence link")
        with self._session(write=True) as s:
            self._row(s, NODES, source_id, "KPI node")
            self._row(s, NODES, target_id, "KPI node")
            if source_id == target_id:
                raise ValidationError("An influence link needs two different KPI nodes.", "target_id")
            if s.execute(select(LINKS.c.id).where(
                and_(LINKS.c.source_id == source_id, LINKS.c.target_id == target_id)
            )).first() is not None:
                raise ValidationError(
                    f"KPI node {source_id} already influences KPI node {target_id}.", "target_id"
                )
            new_id = s.execute(
                LINKS.insert().values(source_id=source_id, target_id=target_id, note=note)
            ).inserted_primary_key[0]
            return to_entity(InfluenceLink, self._row(s, LINKS, new_id, "influence link"))

    def remove_link(self, link_id: int) -> InfluenceLink:
        """Delete an influence link; returns it (re-add with ``add_link`` to undo)."""
        with self._session(write=True) as s:
            row = self._row(s, LINKS, link_id, "influence link")
            s.execute(delete(LINKS).where(LINKS.c.id == link_id))
            return to_entity(InfluenceLink, row)
