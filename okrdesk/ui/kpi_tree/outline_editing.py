"""Editing the Outline: inline cells, keys, the context menu and drops, as undoable commands.

Keys (active while the Outline has focus): Insert adds a sibling below, Ctrl+Insert
a child, Delete deletes (asking first when a subtree or measurements would go, and
saying how many), F2 edits the cell, Ctrl+Up/Down reorder, Tab/Shift+Tab indent
and outdent. Every refused edit leaves the workspace as it was and ``message``
says why (the view shows it in its status line and as a tooltip).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QTreeView, QWidget

from okrdesk.store.errors import ValidationError
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.kpi_tree.outline_model import Column, OutlineModel
from okrdesk.ui.kpi_tree.tree_commands import TreeCommands


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask Yes/No (tests replace this function to answer without a dialog)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def plural(n: int, word: str) -> str:
    """"1 node", "2,400 nodes"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class OutlineEditing(QObject):
    """The Outline's edit actions over ``commands``; ``selected`` gives the selected node
    ids (outline order) and ``select`` selects a node."""

    message = Signal(str)
    #: A node was created: the view selects it and opens its name for editing.
    created = Signal(int)

    def __init__(self, tree: QTreeView, model: OutlineModel, commands: TreeCommands,
                 selected: Callable[[], list[int]], current: Callable[[], int | None],
                 open_view: Callable[[str], object] | None = None,
                 create_key_result: Callable[[int], object] | None = None) -> None:
        super().__init__(tree)
        self._open_view = open_view
        self._create_key_result = create_key_result
        self.tree = tree
        self.model = model
        self.commands = commands
        self._selected = selected
        self._current = current
        model.commit = self.commit_cell
        model.drop = self.drop
        self.actions: dict[str, QAction] = {}
        self._add("add_sibling", "Add node below", QKeySequence(Qt.Key.Key_Insert), self.add_sibling)
        self._add("add_child", "Add child node", QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Insert), self.add_child)
        self._add("rename", "Rename", QKeySequence(Qt.Key.Key_F2), self.edit_name)
        self._add("move_up", "Move up", QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Up), self.move_up)
        self._add("move_down", "Move down", QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Down), self.move_down)
        self._add("indent", "Indent (make child of the node above)", QKeySequence(Qt.Key.Key_Tab), self.indent)
        self._add("outdent", "Outdent", QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Tab), self.outdent)
        self.actions["outdent"].setShortcuts([QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Tab),
                                              QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_Backtab)])
        self._add("delete", "Delete…", QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected)
        self._add("create_kr", "Create key result from this KPI…", QKeySequence(), self.create_key_result)
        self._add("open_trend", "Open its trend", QKeySequence(), self.open_trend)
        self._add("open_branch", "Open branch dashboard", QKeySequence(), self.open_branch)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._menu)

    def _add(self, key: str, text: str, shortcut: QKeySequence, slot: Callable[[], object]) -> None:
        action = QAction(text, self.tree)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.tree.addAction(action)
        self.actions[key] = action

    def build_menu(self) -> QMenu:
        """The Outline's context menu (the same actions as the keys)."""
        menu = QMenu(self.tree)
        for key in ("add_sibling", "add_child", "rename", None, "move_up", "move_down", "indent", "outdent",
                    None, "delete"):
            menu.addSeparator() if key is None else menu.addAction(self.actions[key])
        node_id = self._current()
        if self._create_key_result is not None and node_id is not None:
            menu.addSeparator()
            menu.addAction(self.actions["create_kr"])
        if self._open_view is not None and node_id is not None:
            menu.addSeparator()
            menu.addAction(self.actions["open_trend"])
            if self.model.shape.children.get(node_id):
                menu.addAction(self.actions["open_branch"])  # only a node with a branch under it
        return menu

    def create_key_result(self) -> None:
        """Open the key-result dialog prefilled from the current node."""
        node_id = self._current()
        if self._create_key_result is not None and node_id is not None:
            self._create_key_result(node_id)

    def open_trend(self) -> None:
        """Show the current node in the Trends view."""
        node_id = self._current()
        if self._open_view is None or node_id is None:
            return
        view = self._open_view("trends")
        if view is not None:
            view.show_node(node_id)

    def open_branch(self) -> None:
        """Show the branch dashboard of the current node."""
        node_id = self._current()
        if self._open_view is None or node_id is None:
            return
        view = self._open_view("dashboard")
        if view is not None:
            view.show_branch(node_id)

    def _menu(self, pos) -> None:  # pragma: no cover - needs a real mouse
        self.build_menu().exec(self.tree.viewport().mapToGlobal(pos))

    # -- running commands ------------------------------------------------------------------

    def _run(self, edit: Callable[[], object]) -> object | None:
        try:
            return edit()
        except ValidationError as exc:
            self.message.emit(str(exc))
            return None

    def _place(self, node_id: int) -> tuple[int | None, int]:
        shape = self.model.shape
        return shape.parent[node_id], shape.row[node_id]

    # -- inline edits and drops (model callbacks) -------------------------------------------

    def commit_cell(self, node_id: int, column: Column, text: str) -> str | None:
        """Save an inline edit; the reason when it is refused."""
        row = self.model.row_of(self.model.index_of(node_id))
        if column == Column.CODE:
            changes = {"code": text.strip()}
            if row is not None and row.node.code == changes["code"]:
                return None
        elif column == Column.NAME:
            changes = {"name": text.strip()}
            if not changes["name"]:
                return "A node needs a name."
            if row is not None and row.node.name == changes["name"]:
                return None
        elif column == Column.TARGET:
            try:
                changes = {"target": fmt.parse_number(text)}
            except ValueError as exc:
                return f"Target: {exc}."
            if row is not None and row.node.target == changes["target"]:
                return None
        else:
            return f"The {column.name.lower()} column cannot be edited here."
        try:
            self.commands.update(node_id, **changes)
        except ValidationError as exc:
            return str(exc)
        return None

    def drop(self, ids: list[int], parent_id: int | None, position: int, copy: bool) -> str | None:
        """Move or copy dropped nodes (one undoable command)."""
        try:
            if copy:
                self.commands.copy(ids, parent_id, position)
            else:
                places = self.commands.move(ids, parent_id, position)
                self.model.move_rows(list(places.moved), parent_id, position)
        except ValidationError as exc:
            return str(exc)
        return None

    # -- key actions -------------------------------------------------------------------------

    def add_sibling(self) -> int | None:
        """A new node right below the current one (a new root when nothing is selected)."""
        current = self._current()
        parent, row = self._place(current) if current is not None else (None, len(self.model.shape.children[None]) - 1)
        return self._create(parent, row + 1)

    def add_child(self) -> int | None:
        """A new last child of the current node."""
        current = self._current()
        if current is None:
            return self.add_sibling()
        return self._create(current, len(self.model.shape.children.get(current, [])))

    def _create(self, parent: int | None, position: int) -> int | None:
        node = self._run(lambda: self.commands.create(parent, position))
        if node is None:
            return None
        self.created.emit(node.id)
        return node.id

    def edit_name(self) -> None:
        """Start editing the current row's name (F2)."""
        current = self._current()
        if current is not None:
            self.created.emit(current)

    def move_up(self) -> None:
        """Swap the selected nodes with the sibling above (Ctrl+Up)."""
        self._shift(-1)

    def move_down(self) -> None:
        """Swap the selected nodes with the sibling below (Ctrl+Down)."""
        self._shift(+1)

    def _shift(self, step: int) -> None:
        ids = self._siblings_selected()
        if not ids:
            return
        parent, first = self._place(ids[0])
        last = self._place(ids[-1])[1]
        count = len(self.model.shape.children[parent])
        if (step < 0 and first == 0) or (step > 0 and last == count - 1):
            return
        self._run(lambda: self.commands.move(ids, parent, first + step,
                                             text="Move up" if step < 0 else "Move down"))

    def indent(self) -> None:
        """Make the selected nodes the last children of the sibling above (Tab)."""
        ids = self._siblings_selected()
        if not ids:
            return
        parent, first = self._place(ids[0])
        if first == 0:
            self.message.emit("Indent needs a node above at the same level to go under.")
            return
        above = self.model.shape.children[parent][first - 1]
        self._run(lambda: self.commands.move(ids, above, len(self.model.shape.children.get(above, [])),
                                             text="Indent"))

    def outdent(self) -> None:
        """Make the selected nodes siblings of their parent, right after it (Shift+Tab)."""
        ids = self._siblings_selected()
        if not ids:
            return
        parent = self._place(ids[0])[0]
        if parent is None:
            self.message.emit("These nodes are already at the top level.")
            return
        grand, row = self._place(parent)
        self._run(lambda: self.commands.move(ids, grand, row + 1, text="Outdent"))

    def delete_selected(self) -> bool:
        """Delete the selected nodes, asking first when a subtree or measurements would go."""
        ids = self._top_selected()
        if not ids:
            return False
        nodes, measurements = self.commands.service.subtree_counts(ids)
        if nodes > len(ids) or measurements:
            what = [plural(nodes, "node")]
            if measurements:
                what.append(plural(measurements, "measurement"))
            names = ", ".join(self.model.row_of(self.model.index_of(i)).node.code for i in ids[:3])
            text = f"Delete {names}{' …' if len(ids) > 3 else ''}? This removes {' and '.join(what)}.\n" \
                   "You can undo it with Edit ▸ Undo."
            if not confirm(self.tree, "Delete nodes", text):
                return False
        return self._run(lambda: self.commands.delete(ids)) is not None

    # -- selection helpers -------------------------------------------------------------------

    def _top_selected(self) -> list[int]:
        """Selected ids without those inside another selected node's subtree."""
        ids = self._selected()
        chosen = set(ids)
        out = []
        for nid in ids:
            cur = self.model.shape.parent.get(nid)
            while cur is not None and cur not in chosen:
                cur = self.model.shape.parent.get(cur)
            if cur is None:
                out.append(nid)
        return out

    def _siblings_selected(self) -> list[int]:
        """The selected nodes sharing the current node's parent, in row order."""
        current = self._current()
        if current is None:
            return []
        parent = self.model.shape.parent[current]
        ids = [i for i in self._top_selected() if self.model.shape.parent[i] == parent] or [current]
        return sorted(ids, key=lambda i: self.model.shape.row[i])

