"""The OKR Board view: team columns of objective cards (PRODUCT.md §3)."""

from okrdesk.ui.okr_board.view import OkrBoardView

__all__ = ["OkrBoardView"]
