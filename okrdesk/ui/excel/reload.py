"""Telling every view that the workspace changed outside the undo stack (an import).

Views reload when the window's undo stack moves (``indexChanged``). An import is
not an undoable command, and commands already on the stack were recorded against
the data the import replaced, so the history is cleared: Ctrl+Z never reaches
back across an import. Clearing a non-empty stack emits ``indexChanged``; an
empty stack emits nothing, so the signal is emitted once by hand.
"""

from __future__ import annotations

from okrdesk.ui.view_base import ViewContext


def announce_workspace_replaced(ctx: ViewContext) -> None:
    """Drop the shared read model and the undo history; every view reloads once."""
    ctx.invalidate()
    stack = ctx.undo_stack
    if stack.count():
        stack.clear()  # emits indexChanged(0)
    else:
        stack.indexChanged.emit(stack.index())
