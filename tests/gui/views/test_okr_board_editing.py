"""Editing on the OKR board (workshop demo): dialogs with validation next to the
fields, inline rename, delete and restore, drafts; every change one undo step."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt

from okrdesk.domain.entities import ObjectiveState, ObjectiveType
from okrdesk.store.readmodels.linked_kr import linked_current, linked_start
from okrdesk.ui.okr_board import OkrBoardView
from okrdesk.ui.okr_board.card import DRAFT_WORD
from okrdesk.ui.okr_board.editable_canvas import Selection
from okrdesk.ui.kpi_tree.formatting import edit_number, parse_number
from okrdesk.ui.okr_board.key_result_dialog import KeyResultDialog
from okrdesk.ui.okr_board.objective_dialog import ObjectiveDialog

from .conftest import DEMO_TODAY


@pytest.fixture
def board_view(qtbot, demo_ctx):
    view = OkrBoardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.set_period(demo_ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    return view


def _column_of(view, team_name: str) -> int:
    return next(i for i, (team, _) in enumerate(view.canvas.columns()) if team.name == team_name)


def test_plus_objective_slot_opens_a_dialog_preset_to_its_team(board_view, demo_ctx, qtbot) -> None:
    canvas = board_view.canvas
    column = 1
    team = canvas.column_lane(column)
    slot = canvas.add_slot_rect(column)
    canvas.horizontalScrollBar().setValue(0)
    canvas.verticalScrollBar().setValue(0)
    slot = canvas.add_slot_rect(column)
    if slot.bottom() > canvas.viewport().height():
        canvas.verticalScrollBar().setValue(int(slot.top()) - 200)
        slot = canvas.add_slot_rect(column)
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=slot.center().toPoint())
    dialog = board_view.editing.active_dialog
    assert isinstance(dialog, ObjectiveDialog)
    assert dialog.team_combo.currentData() == team.id
    assert dialog.period_combo.currentData() == board_view.shown_period.id
    # An empty title is refused next to the title field; nothing is written.
    dialog.accept()
    assert dialog.isVisible()
    assert "needs a title" in dialog.form.error_text("title")
    assert demo_ctx.undo_stack.count() == 0
    dialog.title_edit.setText("Make onboarding effortless")
    dialog.aspirational.setChecked(True)
    dialog.state_combo.setCurrentIndex(dialog.state_combo.findData(ObjectiveState.DRAFT.value))
    dialog.accept()
    assert not dialog.isVisible()
    created = [o for o in demo_ctx.service.objectives(team_id=team.id) if o.title == "Make onboarding effortless"]
    assert len(created) == 1
    objective = created[0]
    assert objective.type == ObjectiveType.ASPIRATIONAL and objective.state == ObjectiveState.DRAFT
    assert demo_ctx.undo_stack.count() == 1
    # The board shows it at once, in its team's column, as a draft without a pace.
    card = board_view.board.card(objective.id)
    assert card.is_draft and card.pace is None
    assert objective.id in canvas.column_card_ids(column)
    assert canvas.selected == Selection(objective.id)
    demo_ctx.undo_stack.undo()
    assert objective.id not in {o.id for o in demo_ctx.service.objectives()}
    assert objective.id not in canvas.column_card_ids(column)
    demo_ctx.undo_stack.redo()
    assert demo_ctx.service.objective(objective.id).title == "Make onboarding effortless"


def test_edit_objective_dialog_and_service_errors_next_to_fields(board_view, demo_ctx) -> None:
    card = board_view.board.cards[0]
    other = board_view.board.cards[1]
    dialog = board_view.editing.edit_objective(other.objective.id)
    # Aligning an objective under one aligned under it is refused by the service, shown at the field.
    demo_ctx.service.update_objective(other.objective.id, parent_id=None)
    demo_ctx.service.update_objective(card.objective.id, parent_id=other.objective.id)
    dialog.parent_combo.setCurrentIndex(dialog.parent_combo.findData(card.objective.id))
    dialog.accept()
    assert dialog.isVisible()
    assert "cannot be aligned" in dialog.form.error_text("parent_id")
    dialog.parent_combo.setCurrentIndex(0)
    dialog.title_edit.setText("A better title")
    dialog.accept()
    assert not dialog.isVisible()
    assert demo_ctx.service.objective(other.objective.id).title == "A better title"
    assert demo_ctx.service.objective(other.objective.id).parent_id is None


def test_key_result_dialog_numbers_picker_and_linked_fields(board_view, demo_ctx) -> None:
    card = board_view.board.cards[0]
    dialog = board_view.editing.new_key_result(card.objective.id)
    assert isinstance(dialog, KeyResultDialog)
    dialog.title_edit.setText("Weekly active teams")
    dialog.start_edit.setText("1,200")
    dialog.target_edit.setText("abc")
    dialog.accept()
    assert dialog.isVisible()
    assert "not a number" in dialog.form.error_text("target")
    dialog.target_edit.setText("1,850.5")
    dialog.confidence_edit.setText("12")
    dialog.accept()
    assert "0 to 10" in dialog.form.error_text("confidence")
    dialog.confidence_edit.setText("7")
    # The KPI picker is searched by code or name; a linked key result takes start/current from the tree.
    node = demo_ctx.service.kpi_nodes()[3]
    dialog.kpi_combo.setEditText(f"{node.code} \u00b7 {node.name}")
    dialog.kpi_combo.setCurrentIndex(dialog.kpi_combo.findData(node.id))
    assert dialog.linked and not dialog.start_edit.isEnabled() and not dialog.current_edit.isEnabled()
    # ... shown prefilled: the node's value at the period start (the December bucket for
    # 2027-Q1) and its latest value in the period, by the one rule ``linked_start``.
    tree = demo_ctx.tree(DEMO_TODAY)
    q1 = demo_ctx.service.period_for(DEMO_TODAY)
    december = dict(tree.series(node.id)).get(dt.date(2026, 12, 1))
    assert december is not None and linked_start(tree, node.id, q1.start, q1.end) == december
    assert dialog.start_edit.value() == pytest.approx(december, rel=1e-3)
    assert dialog.current_edit.value() == pytest.approx(linked_current(tree, node.id, q1, DEMO_TODAY), rel=1e-3)
    dialog.kpi_combo.setCurrentIndex(0)
    assert dialog.start_edit.isEnabled()
    assert dialog.start_edit.value() == 1200.0  # what was typed comes back when unlinked
    dialog.accept()
    assert not dialog.isVisible()
    kr = next(k for k in demo_ctx.service.key_results(objective_ids=[card.objective.id])
              if k.title == "Weekly active teams")
    assert (kr.start, kr.target, kr.confidence) == (1200.0, 1850.5, 7.0)
    assert board_view.canvas.selected == Selection(card.objective.id, kr.id)
    # Typing text that is no KPI is refused next to the picker.
    edit = board_view.editing.edit_key_result(kr.id)
    edit.kpi_combo.setEditText("NO-SUCH-KPI")
    edit.accept()
    assert "Pick a KPI" in edit.form.error_text("kpi_node_id")
    edit.reject()


def test_numbers_follow_the_users_locale() -> None:
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert parse_number("1.234,5", german) == 1234.5
    assert parse_number("1234.5", german) == 1234.5  # plain notation works everywhere
    assert parse_number("  ", german) is None
    assert parse_number("12 %", german) == 12.0 and parse_number("1\u00a0234,5", german) == 1234.5
    assert edit_number(1234.5, german) == "1234,5"
    assert edit_number(3783764.3217, german) == "3783764,3217"
    with pytest.raises(ValueError, match="not a number"):
        parse_number("12x", german)


def test_inline_rename_is_one_undo_step(board_view, demo_ctx, qtbot) -> None:
    canvas = board_view.canvas
    card = board_view.board.cards[2]
    oid = card.objective.id
    canvas.select(Selection(oid))
    board_view.editing.rename_action.trigger()
    edit = canvas.rename_editor
    assert edit is not None and edit.text() == card.objective.title
    edit.setText("Renamed inline")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert demo_ctx.service.objective(oid).title == "Renamed inline"
    assert demo_ctx.undo_stack.count() == 1
    assert canvas.layout_of(oid).card.objective.title == "Renamed inline"
    demo_ctx.undo_stack.undo()
    assert demo_ctx.service.objective(oid).title == card.objective.title
    # Escape cancels.
    edit = canvas.start_rename(oid)
    edit.setText("Not kept")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert demo_ctx.service.objective(oid).title == card.objective.title


def test_inline_rename_of_a_key_result_with_f2(board_view, demo_ctx, qtbot) -> None:
    canvas = board_view.canvas
    card = board_view.board.cards[3]
    kr = card.key_results[1].kr
    canvas.select(Selection(card.objective.id, kr.id))
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_F2)
    edit = canvas.rename_editor
    assert edit is not None and edit.text() == kr.title and edit.accessibleName() == "Key result title"
    assert canvas.kr_rect(card.objective.id, kr.id).intersects(edit.geometry().toRectF())
    edit.setText("Weekly active teams from 40 to 60")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert demo_ctx.service.key_result(kr.id).title == "Weekly active teams from 40 to 60"
    assert demo_ctx.undo_stack.count() == 1
    demo_ctx.undo_stack.undo()
    assert demo_ctx.service.key_result(kr.id).title == kr.title


def test_delete_objective_and_restore_same_ids(board_view, demo_ctx) -> None:
    card = max(board_view.board.cards, key=lambda c: len(c.key_results))
    oid = card.objective.id
    kr_ids = [r.kr.id for r in card.key_results]
    check_ins = demo_ctx.service.check_ins(kr_ids[0])
    board_view.canvas.select(Selection(oid))
    board_view.editing.delete_action.trigger()
    assert oid not in {o.id for o in demo_ctx.service.objectives()}
    assert oid not in {c.objective.id for c in board_view.board.cards}
    assert board_view.canvas.selected is None
    demo_ctx.undo_stack.undo()
    assert [r.kr.id for r in board_view.board.card(oid).key_results] == kr_ids
    assert demo_ctx.service.check_ins(kr_ids[0]) == check_ins


def test_delete_key_result_by_keyboard_selection(board_view, demo_ctx, qtbot) -> None:
    card = max(board_view.board.cards, key=lambda c: len(c.key_results))
    kr = card.key_results[1].kr
    board_view.canvas.select(Selection(card.objective.id, kr.id))
    board_view.canvas.setFocus()
    qtbot.keyClick(board_view.canvas, Qt.Key.Key_Delete)
    assert kr.id not in [k.id for k in demo_ctx.service.key_results(objective_ids=[card.objective.id])]
    demo_ctx.undo_stack.undo()
    assert kr.id in [k.id for k in demo_ctx.service.key_results(objective_ids=[card.objective.id])]


def test_arrow_keys_walk_cards_and_key_results(board_view, qtbot) -> None:
    canvas = board_view.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    first = canvas.selected
    assert first is not None and first.key_result_id is None
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected.objective_id == first.objective_id
    assert canvas.selected.key_result_id == canvas.key_result_ids(first.objective_id)[0]
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected.objective_id != first.objective_id


def test_draft_card_says_draft_and_keeps_out_of_pace_counts(board_view, demo_ctx) -> None:
    card = next(c for c in board_view.board.cards if c.pace is not None)
    counts = board_view.board.pace_counts()
    board_view.editing.commands.edit_objective(card.objective.id, state=ObjectiveState.DRAFT)
    shown = board_view.board.card(card.objective.id)
    assert shown.is_draft and shown.pace is None
    after = board_view.board.pace_counts()
    assert after[card.pace] == counts[card.pace] - 1
    assert board_view.board.draft_count() >= 1
    assert DRAFT_WORD.endswith("Draft")


def test_objective_confidence_shows_on_the_card(board_view) -> None:
    card = next(c for c in board_view.board.cards if c.confidence is not None)
    layout = board_view.canvas.layout_of(card.objective.id)
    assert layout.confidence_text.endswith("/10")


def test_context_menu_offers_the_actions_of_what_is_under_the_pointer(board_view) -> None:
    canvas = board_view.canvas
    card = board_view.board.cards[0]
    canvas.ensure_visible(card.objective.id)
    kr = card.key_results[0].kr
    hit = canvas.hit_at(canvas.kr_rect(card.objective.id, kr.id).center())
    assert hit.kind == "kr" and hit.key_result_id == kr.id
    canvas.select(Selection(card.objective.id, kr.id))
    texts = [a.text() for a in board_view.editing.context_menu(hit).actions() if a.text()]
    assert texts[0] == "Check in\u2026" and "Delete" in texts
    empty = board_view.editing.context_menu(canvas.hit_at(canvas.add_slot_rect(0).center()))
    assert [a.text() for a in empty.actions()] == ["New objective\u2026"]
