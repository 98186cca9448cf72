"""Undoable edits: every change a user makes is a ``ServiceCommand`` pushed on the
window's one QUndoStack (CRAFT.md: commands call the service, never poke a
QModelIndex; a compound edit is one command or one macro).

A command is built from callables over the service: ``apply`` does the edit and
returns what ``revert`` needs to take it back (an entity, a snapshot). Rows keep
their ids across undo and redo, because later commands on the stack hold those
ids: where doing the edit again would make new rows (a create), ``revert`` returns
a snapshot and ``reapply(snapshot)`` restores exactly those rows. Errors from the
service (``ValidationError``) propagate from ``push_edit`` before anything is
put on the stack, so a refused edit leaves no undo entry.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

Apply = Callable[[], Any]
Revert = Callable[[Any], Any]
Reapply = Callable[[Any], Any]


class ServiceCommand(QUndoCommand):
    """One undoable edit: ``apply()`` -> token; ``revert(token)`` -> undo token;
    redo is ``reapply(undo token)`` when given, else ``apply()`` again."""

    def __init__(self, text: str, apply: Apply, revert: Revert, reapply: Reapply | None = None,
                 *, merge_id: int = -1) -> None:
        super().__init__(text)
        self._apply = apply
        self._revert = revert
        self._reapply = reapply
        self._merge_id = merge_id
        self._token: Any = None
        self._undo_token: Any = None
        self._done_once = False

    def run_first(self) -> None:
        """Do the edit for the first time (before the command is on the stack)."""
        self._token = self._apply()
        self._done_once = True

    def redo(self) -> None:  # called by QUndoStack.push and by Redo
        if self._done_once:
            self._done_once = False  # push() calls redo right after run_first: skip that one
            return
        if self._reapply is not None:
            self._token = self._reapply(self._undo_token)
        else:
            self._token = self._apply()

    def undo(self) -> None:
        self._undo_token = self._revert(self._token)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._merge_id

    @property
    def token(self) -> Any:
        """What the last ``apply`` returned (e.g. the created entity)."""
        return self._token


def push_edit(stack: QUndoStack, text: str, apply: Apply, revert: Revert,
              reapply: Reapply | None = None) -> Any:
    """Do an edit and put it on ``stack``; returns what ``apply`` returned.

    If ``apply`` raises, nothing is pushed and the exception propagates.
    """
    command = ServiceCommand(text, apply, revert, reapply)
    command.run_first()
    stack.push(command)
    return command.token
