"""Named what-if scenarios in the KPI tree: keep, list, load, rename, delete; deleted nodes reported."""

from __future__ import annotations

import pytest

from okrdesk.domain.entities import FormulaKind
from okrdesk.ui.kpi_tree import whatif_scenarios

from .kpi_support import kpi_view


def _sum_with_two_children(tree):
    for row in tree.rows:
        if row.node.formula == FormulaKind.SUM and row.value is not None:
            kids = [c for c in tree.children(row.node.id)
                    if c.node.formula == FormulaKind.NONE and c.bucket == row.bucket and c.value
                    and not tree.children(c.node.id)]
            if len(kids) >= 2:
                return row, kids[0], kids[1]
    raise AssertionError("no SUM node with two measured leaves")


@pytest.fixture
def answers(monkeypatch):
    """Answers for the name and Yes/No questions, in order."""
    texts: list[str | None] = []
    yes: list[bool] = []
    monkeypatch.setattr(whatif_scenarios, "ask_text", lambda *a, **k: texts.pop(0))
    monkeypatch.setattr(whatif_scenarios, "confirm", lambda *a, **k: yes.pop(0))
    return texts, yes


def test_keep_load_rename_delete(qtbot, demo_ctx, answers):
    texts, yes = answers
    view = kpi_view(qtbot, demo_ctx)
    parent, a, b = _sum_with_two_children(view.read_model)
    menu = view.whatif.scenarios
    view.whatif.override(a.node.id, a.value + 10)
    view.whatif.override(b.node.id, b.value + 20)
    texts.append("  Stretch   plan ")
    kept = menu.save_as()
    assert kept.name == "Stretch plan" and len(kept.values) == 2
    assert "Scenario “Stretch plan” ·" in view.whatif.summary.text()
    view.whatif.override(a.node.id, a.value + 11)
    assert "(changed)" in view.whatif.summary.text()

    view.whatif.set_active(False)
    assert not view.whatif.overrides
    menu.menu.aboutToShow.emit()
    entries = [x.text() for x in menu.menu.actions() if x.text()]
    assert entries == ["Save as scenario…", "Load “Stretch plan” (2 values)", "Manage scenarios…"]
    dropped = menu.load("stretch PLAN")
    assert dropped == {} and view.whatif.active
    assert view.model.tree().row(parent.node.id).value == pytest.approx(parent.value + 30)
    assert "Loaded scenario “Stretch plan”: 2 what-if values." in view.status_line.text()

    texts.append("Stretch plan")  # the same name again: asked to replace, and answered no
    yes.append(False)
    assert menu.save_as() is None
    assert menu.rename("Stretch plan", "Q2 stretch").name == "Q2 stretch"
    assert "Scenario “Q2 stretch”" in view.whatif.summary.text()
    assert menu.delete("Q2 stretch", ask=False)
    assert demo_ctx.service.whatif_scenarios() == []
    assert demo_ctx.undo_stack.count() == 0  # scenario management is not on the undo stack
    assert view.whatif.overrides  # deleting a scenario leaves the values shown


def test_loading_after_a_node_was_deleted_says_which_values_were_left_out(qtbot, demo_ctx, answers):
    texts, _ = answers
    view = kpi_view(qtbot, demo_ctx)
    parent, a, b = _sum_with_two_children(view.read_model)
    view.whatif.override(a.node.id, a.value + 10)
    view.whatif.override(b.node.id, b.value + 20)
    texts.append("Plan")
    view.whatif.scenarios.save_as()
    view.whatif.set_active(False)

    view.commands.delete([b.node.id])  # an ordinary, undoable edit
    view.reload()
    dropped = view.whatif.scenarios.load("Plan")
    assert list(dropped) == [b.node.id]
    message = view.status_line.text()
    assert "1 what-if value" in message and f"1 node deleted since: {b.node.code}" in message
    assert view.whatif.overrides == {a.node.id: (a.bucket, a.value + 10)}

    demo_ctx.undo_stack.undo()  # the node comes back with its id: the whole scenario applies again
    view.reload()
    assert view.whatif.scenarios.load("Plan") == {}
    assert view.model.tree().row(parent.node.id).value == pytest.approx(parent.value + 30)


def test_manage_dialog(qtbot, demo_ctx, answers):
    texts, yes = answers
    view = kpi_view(qtbot, demo_ctx)
    _, a, b = _sum_with_two_children(view.read_model)
    view.whatif.override(a.node.id, 1.0)
    view.whatif.scenarios.save_as("Alpha")
    view.whatif.override(b.node.id, 2.0)
    view.whatif.scenarios.save_as("Beta")
    dialog = view.whatif.scenarios.manage()
    assert [dialog.list.item(i).data(256) for i in range(dialog.list.count())] == ["Alpha", "Beta"]
    assert "1 value" in dialog.list.item(0).text() and "2 values" in dialog.list.item(1).text()
    dialog.list.setCurrentRow(1)
    texts.append("Gamma")
    dialog.rename_selected()
    assert dialog.selected() == "Gamma"
    dialog.list.setCurrentRow(0)
    yes.append(True)
    dialog.delete_selected()
    assert [s.name for s in demo_ctx.service.whatif_scenarios()] == ["Gamma"]
    view.whatif.reset()
    dialog.load_selected()
    assert len(view.whatif.overrides) == 2 and not dialog.isVisible()


def test_nothing_to_keep_and_unreadable_scenarios_say_why(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    view.whatif.set_active(True)
    assert view.whatif.scenarios.save_as("Empty") is None
    assert "no what-if values to keep" in view.status_line.text()
    demo_ctx.service.set_setting("whatif_scenarios", "{broken")
    view.whatif.scenarios.menu.aboutToShow.emit()
    assert "not valid JSON" in view.status_line.text()
    assert demo_ctx.service.setting("whatif_scenarios") == "{broken"
