"""The node editor panel: one undoable command per field, live formula checks, links."""

from __future__ import annotations

from okrdesk.domain.entities import FormulaKind
from okrdesk.ui.kpi_tree import KpiTreeView
from okrdesk.ui.kpi_tree.formula_check import check_formula


def _view(qtbot, ctx):
    view = KpiTreeView(ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.show()
    return view


def test_each_field_commit_is_one_undoable_command(qtbot, demo_ctx):
    view = _view(qtbot, demo_ctx)
    rev = view.read_model.find("REV").node
    view.select_node(rev.id)
    editor = view.editor
    editor.fields["unit"].setText("kEUR")
    editor.fields["unit"].editingFinished.emit()
    editor.fields["green_from"].setText("1,500")
    editor.fields["green_from"].editingFinished.emit()
    combo = editor.fields["direction"]
    combo.setCurrentIndex(combo.findData("lower"))
    combo.activated.emit(combo.currentIndex())
    stored = demo_ctx.service.kpi_node(rev.id)
    assert (stored.unit, stored.green_from, stored.direction) == ("kEUR", 1500.0, "lower")
    assert demo_ctx.undo_stack.count() == 3
    demo_ctx.undo_stack.undo()
    assert demo_ctx.service.kpi_node(rev.id).direction == rev.direction
    assert view.editor.fields["direction"].currentData() == rev.direction.value


def test_a_refused_field_says_why_and_goes_back(qtbot, demo_ctx):
    view = _view(qtbot, demo_ctx)
    rev = view.read_model.find("REV").node
    other = view.read_model.children(rev.id)[0].node
    view.select_node(rev.id)
    view.editor.fields["code"].setText(other.code.lower())
    view.editor.fields["code"].editingFinished.emit()
    assert "already used" in view.editor.error.text() and view.editor.error.isVisibleTo(view)
    assert view.editor.fields["code"].text() == "REV"
    assert demo_ctx.undo_stack.count() == 0


def test_formula_validates_live_and_shows_its_value(qtbot, demo_ctx):
    view = _view(qtbot, demo_ctx)
    tree = view.read_model
    rev = tree.find("REV")
    kids = [r.node.code for r in tree.children(rev.node.id)]
    check = check_formula(tree, rev.node.id, FormulaKind.EXPRESSION, " + ".join(kids))
    assert check.ok and check.value is not None and abs(check.value - rev.value) < 1e-6 * abs(rev.value)
    unknown = check_formula(tree, rev.node.id, FormulaKind.EXPRESSION, f"{kids[0]} + NOPE")
    assert not unknown.ok and "NOPE" in unknown.problems[0]
    broken = check_formula(tree, rev.node.id, FormulaKind.EXPRESSION, f"{kids[0]} + * 2")
    assert not broken.ok and "^" in broken.problems[0]
    cycle = check_formula(tree, tree.find(kids[0]).node.id, FormulaKind.EXPRESSION, "REV * 2")
    assert not cycle.ok and "REV" in cycle.problems[0]
    view.select_node(rev.node.id)
    editor = view.editor
    formula = editor.fields["formula"]
    formula.setCurrentIndex(formula.findData("expression"))
    editor.fields["expression"].setText("REV.NOPE * 2")
    editor.fields["expression"].textEdited.emit("REV.NOPE * 2")
    assert "REV.NOPE" in editor.formula_hint.text()
    formula.activated.emit(formula.currentIndex())
    assert demo_ctx.undo_stack.count() == 0  # an invalid formula is not saved
    editor.fields["expression"].setText(" + ".join(kids))
    editor.fields["expression"].textEdited.emit("x")
    assert editor.formula_hint.text().startswith("Gives ")
    formula.activated.emit(formula.currentIndex())
    assert demo_ctx.service.kpi_node(rev.node.id).formula == "expression"
    demo_ctx.undo_stack.undo()
    assert demo_ctx.service.kpi_node(rev.node.id).formula == rev.node.formula


def test_links_are_added_and_removed_undoably(qtbot, demo_ctx):
    view = _view(qtbot, demo_ctx)
    rev = view.read_model.find("REV").node
    driver = view.read_model.rows[-1].node
    before = len(demo_ctx.service.influence_links())
    view.select_node(rev.id)
    view.editor.link_code.setText(driver.code)
    assert view.editor.add_driver()
    links = demo_ctx.service.influence_links()
    assert len(links) == before + 1
    new = next(lk for lk in links if lk.source_id == driver.id and lk.target_id == rev.id)
    view.commands.remove_link(new.id)
    assert len(demo_ctx.service.influence_links()) == before
    demo_ctx.undo_stack.undo()
    assert any(lk.id == new.id for lk in demo_ctx.service.influence_links())
