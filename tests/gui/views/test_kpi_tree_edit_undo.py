"""Random sequences of tree edits made through the editor's command path, all undone,
leave every table exactly as it was; redone, they give the same tables again."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from okrdesk.domain.entities import FormulaKind
from okrdesk.store.errors import ValidationError
from okrdesk.store.workspace import Workspace
from okrdesk.ui.kpi_tree.tree_commands import TreeCommands
from tests.unit.store.conftest import dump

OPS = ("create", "rename", "move", "copy", "delete", "formula", "link")


def _seed(service) -> None:
    """A small tree with measurements, a link and an expression to start from."""
    rev = service.create_node("REV", "Revenue", formula="sum", target=100.0)
    new = service.create_node("REV.NEW", "New", parent_id=rev.id)
    old = service.create_node("REV.OLD", "Existing", parent_id=rev.id)
    service.create_node("REV.OLD.X", "Expansion", parent_id=old.id)
    service.create_node("COST", "Cost", formula="expression", expression="REV.NEW * 2")
    service.set_measurement(new.id, __import__("datetime").date(2026, 1, 31), 10.0)
    service.set_measurement(old.id, __import__("datetime").date(2026, 1, 31), 5.0)
    service.add_link(new.id, old.id, "drives")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 99), st.integers(0, 99),
                                st.integers(0, 5)), min_size=1, max_size=12))
def test_random_edits_undo_to_the_exact_start(qapp, steps):
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace.create(Path(folder) / "undo.okrdesk")
        try:
            _seed(ws.service)
            start = dump(ws.path)
            stack = QUndoStack()
            commands = TreeCommands(ws.service, stack)
            for n, (op, a, b, pos) in enumerate(steps):
                nodes = ws.service.kpi_nodes()
                if not nodes and op != "create":
                    continue
                pick = nodes[a % len(nodes)] if nodes else None
                other = nodes[b % len(nodes)] if nodes else None
                try:
                    if op == "create":
                        commands.create(other.id if other and b % 3 else None, pos, code=f"N{n}", name=f"Node {n}")
                    elif op == "rename":
                        commands.update(pick.id, name=f"Renamed {n}", code=f"{pick.code}R")
                    elif op == "move":
                        ids = [pick.id] + ([other.id] if b % 2 else [])
                        commands.move(ids, None if b % 5 == 0 else nodes[(a + b) % len(nodes)].id, pos)
                    elif op == "copy":
                        commands.copy([pick.id], other.id if b % 2 else None, pos)
                    elif op == "delete":
                        commands.delete([pick.id])
                    elif op == "formula":
                        kind = list(FormulaKind)[b % len(FormulaKind)]
                        expr = f"{other.code} + 1" if kind == FormulaKind.EXPRESSION else ""
                        commands.update(pick.id, formula=kind.value, expression=expr)
                    elif op == "link":
                        commands.add_link(pick.id, other.id)
                except ValidationError:
                    pass  # refused edits (moves under a descendant...) push nothing
            done = dump(ws.path)
            count = stack.count()
            while stack.canUndo():
                stack.undo()
            assert dump(ws.path) == start
            while stack.canRedo():
                stack.redo()
            assert dump(ws.path) == done and stack.count() == count
        finally:
            ws.close()
