"""Edits of the KPI tree made by the tree editor: several nodes moved or copied in one
transaction, and exact restores for undo (places and fields with their revisions).

``TreeService`` builds on this mixin; its sibling helpers (``_sibling_ids``,
``_renumber``) live here so both share them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from okrdesk.domain.entities import FormulaKind, InfluenceLink, KpiNode
from okrdesk.domain.node_codes import copied_codes, rename_references

from .convert import LINKS, NODES, to_entity
from .errors import ValidationError
from .service_base import ServiceBase
from .validation import Position, Ref

_ANCESTORS = text(
    "WITH RECURSIVE anc(id, parent_id) AS ("
    " SELECT id, parent_id FROM kpi_nodes WHERE id = :start"
    " UNION ALL SELECT k.id, k.parent_id FROM kpi_nodes k JOIN anc ON k.id = anc.parent_id)"
    " SELECT id FROM anc"
)
_SUBTREE_ORDERED = text(
    "WITH RECURSIVE sub(id, depth) AS ("
    " SELECT id, 0 FROM kpi_nodes WHERE id = :root"
    " UNION ALL SELECT k.id, sub.depth + 1 FROM kpi_nodes k JOIN sub ON k.parent_id = sub.id)"
    " SELECT id, depth FROM sub"
)
#: KpiNode fields ``replace_node`` writes back (place fields go through ``restore_places``).
_FIELD_NAMES = tuple(f.name for f in fields(KpiNode) if f.name not in ("id", "parent_id", "position"))


def chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    """``ids`` in slices small enough for an SQL ``IN`` list."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


@dataclass(frozen=True)
class NodePlaces:
    """Where some nodes sit: ``(id, parent_id, position, revision)`` per node.

    ``move_nodes`` returns the places before the move of every row it changed;
    ``restore_places`` puts them back and returns the places it replaced, so
    undo and redo are each one call and restore revisions exactly.
    """

    rows: tuple[tuple[int, int | None, int, int], ...]
    moved: tuple[int, ...] = ()  # the nodes the user moved, in their new order

    @property
    def ids(self) -> tuple[int, ...]:
        """Ids of every row whose place is recorded."""
        return tuple(r[0] for r in self.rows)


class TreeEditService(ServiceBase):
    """Multi-node moves and copies, and exact restores for undo."""

    # --- moves ------------------------------------------------------------------------

    def move_nodes(self, node_ids: Sequence[int], new_parent_id: int | None, position: int) -> NodePlaces:
        """Move nodes (each with its subtree) under ``new_parent_id``, side by side in the
        given order, the first at index ``position`` among the new siblings (clamped).

        Nodes that lie inside another moved node's subtree move with it and are left
        out. A move under one of the moved nodes or their descendants is refused and
        changes nothing. Returns the places before the move (the undo token).
        """
        label = "Move"
        position = Position().clean(position, "position", label)
        new_parent = Ref("kpi_nodes", "KPI node").clean(new_parent_id, "parent_id", label)
        if not node_ids:
            raise ValidationError("Move: no KPI nodes given.", "node_ids")
        with self._session(write=True) as s:
            rows = {nid: self._row(s, NODES, nid, "KPI node") for nid in dict.fromkeys(node_ids)}
            ancestors_of: dict[int, set[int]] = {
                nid: {r[0] for r in s.execute(_ANCESTORS, {"start": nid})} - {nid} for nid in rows
            }
            moving = [nid for nid in rows if not (ancestors_of[nid] & set(rows))]
            if new_parent is not None:
                self._row(s, NODES, new_parent, "KPI node")
                above = {r[0] for r in s.execute(_ANCESTORS, {"start": new_parent})}
                inside = [nid for nid in moving if nid in above]
                if inside:
                    code = rows[inside[0]]["code"]
                    raise ValidationError(
                        f"{code} cannot be moved under itself or one of its descendants.", "parent_id"
                    )
            parents = {rows[nid]["parent_id"] for nid in moving} | {new_parent}
            before = self._places(s, parents)
            remaining = [i for i in self._sibling_ids(s, new_parent) if i not in set(moving)]
            at = min(position, len(remaining))
            self._renumber(s, remaining[:at] + moving + remaining[at:])
            was = {r[0]: (r[1], r[2]) for r in before}
            changed = [nid for k, nid in enumerate(moving) if was[nid] != (new_parent, at + k)]
            if changed:
                s.execute(
                    text("UPDATE kpi_nodes SET parent_id = :p, revision = revision + 1 WHERE id = :i"),
                    [{"p": new_parent, "i": nid} for nid in changed],
                )
            for old_parent in parents - {new_parent}:
                self._renumber(s, self._sibling_ids(s, old_parent))
            after = {r[0]: r for r in self._places(s, parents)}
            touched = tuple(r for r in before if after.get(r[0]) != r)
            self._wrote_nodes([r[0] for r in touched])
            return NodePlaces(touched, tuple(moving))

    def restore_places(self, places: NodePlaces) -> NodePlaces:
        """Put nodes back where ``places`` says (parent, position and revision exactly);
        returns the places it replaced (restore those to redo)."""
        ids = list(places.ids)
        with self._session(write=True) as s:
            current: dict[int, tuple[int, int | None, int, int]] = {}
            for chunk in chunks(ids):
                for r in s.execute(select(NODES.c.id, NODES.c.parent_id, NODES.c.position, NODES.c.revision)
                                   .where(NODES.c.id.in_(chunk))):
                    current[r[0]] = (r[0], r[1], r[2], r[3])
            missing = [i for i in ids if i not in current]
            if missing:
                raise ValidationError(f"Cannot move back: KPI node {missing[0]} no longer exists.", "id")
            self._wrote_nodes(ids)
            if places.rows:
                s.execute(
                    text("UPDATE kpi_nodes SET parent_id = :p, position = :o, revision = :r WHERE id = :i"),
                    [{"i": i, "p": p, "o": o, "r": r} for i, p, o, r in places.rows],
                )
            return NodePlaces(tuple(current[i] for i in ids), places.moved)

    # --- fields -----------------------------------------------------------------------

    def replace_node(self, node: KpiNode) -> KpiNode:
        """Write every field of ``node`` (not its place) back exactly, revision included;
        returns the node as it was (undo of ``update_node``: replace with the old node)."""
        with self._session(write=True) as s:
            row = self._row(s, NODES, node.id, "KPI node")
            if row["code"].lower() != node.code.lower():
                self._check_unique(s, NODES, "code", node.code, node.id, "KPI node")
            values: dict[str, Any] = {}
            for name in _FIELD_NAMES:
                value = getattr(node, name)
                values[name] = value.value if hasattr(value, "value") and not isinstance(value, bool) else value
            self._wrote_nodes([node.id])
            s.execute(update(NODES).where(NODES.c.id == node.id).values(**values))
            return to_entity(KpiNode, row)

    def kpi_nodes_by_id(self, node_ids: Sequence[int]) -> list[KpiNode]:
        """The nodes with these ids (those that exist), in the order asked."""
        wanted = list(dict.fromkeys(node_ids))
        found: dict[int, KpiNode] = {}
        with self._session() as s:
            for chunk in chunks(wanted):
                for row in s.execute(select(NODES).where(NODES.c.id.in_(chunk))).mappings():
                    found[row["id"]] = to_entity(KpiNode, row)
        return [found[i] for i in wanted if i in found]

    def subtree_counts(self, node_ids: Sequence[int]) -> tuple[int, int]:
        """(nodes, measurements) a delete of ``node_ids`` would remove, subtrees included."""
        with self._session() as s:
            ids: set[int] = set()
            for nid in node_ids:
                ids |= {r[0] for r in s.execute(_SUBTREE_ORDERED, {"root": nid})}
            measurements = 0
            for chunk in chunks(sorted(ids)):
                measurements += s.execute(
                    text(f"SELECT count(*) FROM measurements WHERE node_id IN ({','.join(map(str, chunk))})")
                ).scalar_one()
            return len(ids), int(measurements)

    # --- links ------------------------------------------------------------------------

    def restore_link(self, link: InfluenceLink) -> InfluenceLink:
        """Put back a removed influence link with its id (undo of ``remove_link``)."""
        with self._session(write=True) as s:
            self._row(s, NODES, link.source_id, "KPI node")
            self._row(s, NODES, link.target_id, "KPI node")
            if s.execute(select(LINKS.c.id).where(LINKS.c.id == link.id)).first() is not None:
                raise ValidationError(f"Cannot restore: influence link id {link.id} is in use.", "id")
            s.execute(LINKS.insert().values(id=link.id, source_id=link.source_id,
                                            target_id=link.target_id, note=link.note))
            return to_entity(InfluenceLink, self._row(s, LINKS, link.id, "influence link"))

    # --- copies -----------------------------------------------------------------------

    def copy_nodes(self, node_ids: Sequence[int], new_parent_id: int | None, position: int) -> list[KpiNode]:
        """Copy nodes with their subtrees under ``new_parent_id`` from index ``position``;
        returns the new roots. Copies get new unique codes (``REV.SUB-2``), keep every
        field, their internal influence links and expressions (renamed to the new
        codes); measurements stay with the originals. A copy into the copied node
        itself or a descendant is refused."""
        label = "Copy"
        position = Position().clean(position, "position", label)
        new_parent = Ref("kpi_nodes", "KPI node").clean(new_parent_id, "parent_id", label)
        if not node_ids:
            raise ValidationError("Copy: no KPI nodes given.", "node_ids")
        with self._session(write=True) as s:
            above: set[int] = set()
            if new_parent is not None:
                self._row(s, NODES, new_parent, "KPI node")
                above = {r[0] for r in s.execute(_ANCESTORS, {"start": new_parent})}
            taken = set(c.lower() for c in s.execute(select(NODES.c.code)).scalars())
            roots: list[int] = []
            at = min(position, len(self._sibling_ids(s, new_parent)))
            for offset, nid in enumerate(dict.fromkeys(node_ids)):
                root = self._row(s, NODES, nid, "KPI node")
                if nid in above:
                    raise ValidationError(
                        f"{root['code']} cannot be copied into itself or one of its descendants.", "parent_id"
                    )
                roots.append(self._copy_one(s, nid, new_parent, at + offset, taken))
            return [to_entity(KpiNode, self._row(s, NODES, r, "KPI node")) for r in roots]

    def _copy_one(self, s: Session, root_id: int, parent: int | None, at: int, taken: set[str]) -> int:
        depth = {r[0]: r[1] for r in s.execute(_SUBTREE_ORDERED, {"root": root_id})}
        rows: list[dict[str, Any]] = []
        for chunk in chunks(list(depth)):
            rows += [dict(r) for r in s.execute(select(NODES).where(NODES.c.id.in_(chunk))).mappings()]
        rows.sort(key=lambda r: (depth[r["id"]], r["position"], r["id"]))
        codes = copied_codes([r["code"] for r in rows], rows[0]["code"], taken)
        taken.update(c.lower() for c in codes.values())
        new_ids: dict[int, int] = {}
        for row in rows:
            new = {k: v for k, v in row.items() if k != "id"}
            new["code"] = codes[row["code"]]
            new["revision"] = 1
            if row["formula"] == FormulaKind.EXPRESSION.value:
                new["expression"] = rename_references(row["expression"], codes)
            if row["id"] == root_id:
                new["parent_id"], new["position"] = parent, at
            else:
                new["parent_id"] = new_ids[row["parent_id"]]
            new_ids[row["id"]] = s.execute(NODES.insert().values(**new)).inserted_primary_key[0]
        siblings = [i for i in self._sibling_ids(s, parent) if i != new_ids[root_id]]
        self._renumber(s, siblings[:at] + [new_ids[root_id]] + siblings[at:])
        inner = list(new_ids)
        links = []
        for chunk in chunks(inner):
            links += [dict(r) for r in s.execute(
                select(LINKS).where(LINKS.c.source_id.in_(chunk))).mappings()]
        copies = [{"source_id": new_ids[r["source_id"]], "target_id": new_ids[r["target_id"]], "note": r["note"]}
                  for r in links if r["target_id"] in new_ids]
        if copies:
            s.execute(LINKS.insert(), copies)
        return new_ids[root_id]

    # --- helpers ----------------------------------------------------------------------

    def _places(self, s: Session, parents: Iterable[int | None]) -> list[tuple[int, int | None, int, int]]:
        out: list[tuple[int, int | None, int, int]] = []
        for parent in parents:
            out += [
                (r[0], r[1], r[2], r[3]) for r in s.execute(
                    select(NODES.c.id, NODES.c.parent_id, NODES.c.position, NODES.c.revision)
                    .where(self._same_parent(NODES.c.parent_id, parent))
                )
            ]
        return out

    def _sibling_ids(self, s: Session, parent_id: int | None) -> list[int]:
        return list(
            s.execute(
                select(NODES.c.id).where(self._same_parent(NODES.c.parent_id, parent_id))
                .order_by(NODES.c.position, NODES.c.id)
            ).scalars()
        )

    def _renumber(self, s: Session, ordered_ids: list[int | None]) -> None:
        """Give ``ordered_ids`` positions 0..n-1 (a None keeps its slot free)."""
        real = [i for i in ordered_ids if i is not None]
        if not real:
            return
        current: dict[int, int] = {}
        for chunk in chunks(real):
            current.update(s.execute(select(NODES.c.id, NODES.c.position).where(NODES.c.id.in_(chunk))).all())
        changes = [
            {"i": node_id, "p": pos}
            for pos, node_id in enumerate(ordered_ids)
            if node_id is not None and current.get(node_id) != pos
        ]
        if changes:
            s.execute(text("UPDATE kpi_nodes SET position = :p WHERE id = :i"), changes)

