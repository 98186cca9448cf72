"""Random sequences of tree edits keep the tree acyclic with contiguous positions,
and undoing a delete restores exactly the rows that were there."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from okrdesk.store.errors import ValidationError
from okrdesk.store.workspace import Workspace

from .conftest import dump


class TreeMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._dir = tempfile.TemporaryDirectory()
        self.ws = Workspace.create(Path(self._dir.name) / "tree.okrdesk")
        self.svc = self.ws.service
        self.counter = 0
        self.undo: list[tuple[object, dict]] = []  # (snapshot, dump before delete)

    def teardown(self) -> None:
        self.ws.close()
        self._dir.cleanup()

    def _ids(self) -> list[int]:
        return [n.id for n in self.svc.kpi_nodes()]

    @rule(parent=st.integers(0, 50), position=st.none() | st.integers(0, 10))
    def create(self, parent: int, position: int | None) -> None:
        ids = self._ids()
        parent_id = None if not ids or parent % (len(ids) + 1) == len(ids) else ids[parent % (len(ids) + 1)]
        self.counter += 1
        self.svc.create_node(f"N{self.counter}", f"Node {self.counter}", parent_id=parent_id,
                             position=position)
        self.undo.clear()

    @precondition(lambda self: self.svc.counts()["kpi_nodes"] > 0)
    @rule(node=st.integers(0, 50), parent=st.integers(0, 51), position=st.integers(0, 10))
    def move(self, node: int, parent: int, position: int) -> None:
        ids = self._ids()
        node_id = ids[node % len(ids)]
        choice = parent % (len(ids) + 1)
        parent_id = None if choice == len(ids) else ids[choice]
        nodes = {n.id: n for n in self.svc.kpi_nodes()}
        ancestors, cur = set(), parent_id
        while cur is not None:
            ancestors.add(cur)
            cur = nodes[cur].parent_id
        before = dump(self.ws.path)
        try:
            self.svc.move_node(node_id, parent_id, position)
        except ValidationError:
            assert node_id in ancestors  # refused only for moves under itself
            assert dump(self.ws.path) == before
        else:
            assert node_id not in ancestors
            self.undo.clear()

    @precondition(lambda self: self.svc.counts()["kpi_nodes"] > 0)
    @rule(node=st.integers(0, 50))
    def delete(self, node: int) -> None:
        ids = self._ids()
        before = dump(self.ws.path)
        self.undo.append((self.svc.delete_node(ids[node % len(ids)]), before))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def restore(self) -> None:
        snap, before = self.undo.pop()
        self.svc.restore_subtree(snap)
        assert dump(self.ws.path) == before

    @invariant()
    def tree_is_sound(self) -> None:
        nodes = self.svc.kpi_nodes()
        by_id = {n.id: n for n in nodes}
        siblings: dict[int | None, list[int]] = {}
        for n in nodes:
            siblings.setdefault(n.parent_id, []).append(n.position)
            seen, cur = set(), n.parent_id
            while cur is not None:
                assert cur not in seen and cur != n.id, "cycle"
                seen.add(cur)
                cur = by_id[cur].parent_id
        for positions in siblings.values():
            assert sorted(positions) == list(range(len(positions)))


TestTree = TreeMachine.TestCase
TestTree.settings = settings(
    max_examples=20, stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
