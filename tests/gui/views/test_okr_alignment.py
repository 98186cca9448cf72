"""The alignment view of the OKR board (workshop demo): company objectives with the
team objectives that contribute to them, orphans under "Not aligned", search, and
double-click opening the objective dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from okrdesk.ui.okr_board import OkrBoardView
from okrdesk.ui.okr_board.alignment import AlignmentModel, ObjectiveIdRole
from okrdesk.ui.okr_board.objective_dialog import ObjectiveDialog

from .conftest import DEMO_TODAY

#: The workshop demo's alignment, by objective ref.
EXPECTED = {
    "O-0001": {"O-0005": {}, "O-0012": {}, "O-0009": {}, "O-0018": {}},
    "O-0002": {"O-0008": {}, "O-0013": {}, "O-0015": {}, "O-0019": {}, "O-0021": {}},
    "O-0003": {"O-0016": {}, "O-0022": {}, "O-0006": {}, "O-0010": {}},
    "O-0004": {"O-0017": {}, "O-0023": {}, "O-0014": {}, "O-0011": {}, "O-0020": {}},
    "Not aligned (1)": {"O-0007": {}},
}


@pytest.fixture
def board_view(qtbot, demo_ctx):
    view = OkrBoardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.set_period(demo_ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    view.alignment_mode.click()
    return view


def _tree(model, parent=QModelIndex()) -> dict:  # noqa: B008
    out = {}
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        text = model.data(index)
        key = text.split(" \u00b7 ")[0]
        out[key] = _tree(model, index)
    return out


def test_alignment_model_passes_modeltester(qtmodeltester, board_view) -> None:
    model = AlignmentModel()
    model.set_board(board_view.board)
    qtmodeltester.check(model)
    qtmodeltester.check(board_view.alignment.proxy)


def test_alignment_tree_of_the_workshop_demo(board_view) -> None:
    assert board_view.stack.currentWidget() is board_view.alignment
    assert _tree(board_view.alignment.proxy) == EXPECTED


def test_alignment_row_shows_score_band_word_pace_team_owner(board_view) -> None:
    view = board_view.alignment
    card = board_view.board.card(board_view.board.cards[4].objective.id)  # a team objective
    index = view.objective_index(card.objective.id)
    cells = [view.proxy.data(index.siblingAtColumn(c)) for c in range(5)]
    assert cells[0] == f"{card.objective.ref} \u00b7 {card.objective.title}"
    assert cells[1].startswith(f"{card.score:.2f}")
    assert cells[1].split()[-1] in ("target", "Watch")  # "Off target" / "On target" / "Watch"
    assert view.proxy.data(index.siblingAtColumn(1), Qt.ItemDataRole.ForegroundRole) is not None
    assert cells[2] in ("On track", "At risk", "Off track")
    assert cells[3] == card.team_name and cells[4] == (card.owner_name or "\u2014")
    draft = view.objective_index(next(c.objective.id for c in board_view.board.cards if c.is_draft))
    assert view.proxy.data(draft.siblingAtColumn(2)) == "Draft"


def test_search_keeps_matches_with_their_ancestors(board_view) -> None:
    board_view.set_search("onboarding effortless")
    assert _tree(board_view.alignment.proxy) == {"O-0002": {"O-0013": {}}}
    board_view.set_search("")
    assert _tree(board_view.alignment.proxy) == EXPECTED


def test_double_click_opens_the_objective_dialog_and_edits_realign(board_view, demo_ctx, qtbot) -> None:
    view = board_view.alignment
    orphan = next(c.objective for c in board_view.board.cards if c.objective.ref == "O-0007")
    index = view.objective_index(orphan.id)
    view.scrollTo(index)
    rect = view.visualRect(index)
    # A double-click is a press-release followed by Qt's double-click event.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = board_view.editing.active_dialog
    assert isinstance(dialog, ObjectiveDialog) and dialog.title_edit.text() == orphan.title
    company = next(c.objective for c in board_view.board.cards if c.objective.ref == "O-0003")
    dialog.parent_combo.setCurrentIndex(dialog.parent_combo.findData(company.id))
    dialog.accept()
    tree = _tree(view.proxy)
    assert "Not aligned (1)" not in tree and "O-0007" in tree["O-0003"]
    demo_ctx.undo_stack.undo()
    assert _tree(view.proxy) == EXPECTED
    assert view.proxy.data(view.objective_index(orphan.id), ObjectiveIdRole) == orphan.id


def _refs(tree: dict) -> set[str]:
    return set(tree) | {ref for sub in tree.values() for ref in _refs(sub)}


def test_board_filters_narrow_the_alignment_keeping_ancestors(board_view) -> None:
    board = board_view.board
    child = board.card(next(c.objective.id for c in board.cards if c.objective.ref == "O-0015"))
    parent_ref = "O-0002"
    # Team: the team's objectives under their (company) parents; nothing else.
    board_view.team_combo.setCurrentIndex(board_view.team_combo.findData(child.objective.team_id))
    tree = _tree(board_view.alignment.proxy)
    team_refs = {c.objective.ref for c in board.cards if c.objective.team_id == child.objective.team_id}
    assert child.objective.ref in tree[parent_ref]
    assert _refs(tree) - team_refs <= set(EXPECTED)  # only ancestors are from other teams
    # Owner and pace narrow further, ancestors still shown.
    board_view.owner_combo.setCurrentIndex(board_view.owner_combo.findData(child.owner_name))
    board_view.pace_combo.setCurrentIndex(board_view.pace_combo.findData(child.pace))
    tree = _tree(board_view.alignment.proxy)
    assert child.objective.ref in tree[parent_ref]
    for ref in _refs(tree) - set(EXPECTED):
        card = next(c for c in board.cards if c.objective.ref == ref)
        assert card.pace == child.pace and card.objective.team_id == child.objective.team_id
    # The search looks into key-result titles too.
    kr_title = child.key_results[0].kr.title
    board_view.clear_filters()
    board_view.set_search(kr_title)
    assert child.objective.ref in _refs(_tree(board_view.alignment.proxy))
    board_view.set_search("no objective says this")
    assert _tree(board_view.alignment.proxy) == {}
    board_view.set_search("")
    assert _tree(board_view.alignment.proxy) == EXPECTED
