"""Structure of a KPI tree for the rollup: children, formula dependencies, cycles.

Dependencies of a node are what its value is computed from: its children (in
position order) for the built-in formulas, the referenced codes for an
expression, nothing for a measured node. Cycles in parent links or in
dependencies are reported as errors naming the codes in the cycle; the nodes
in a cycle get no value, and everything else still computes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from okrdesk.domain.entities import FormulaKind, KpiNode
from okrdesk.domain.formula_syntax import Expr, FormulaError, parse
from okrdesk.domain.formulas import kind_label, suggest_code


@dataclass(slots=True)
class TreeGraph:
    """Index-based view of a KPI tree; node ``i`` is ``nodes[i]``."""

    nodes: list[KpiNode]
    index: dict[int, int]  # node id -> i
    code_index: dict[str, int]
    children: list[list[int]]  # formula children in position order
    deps: list[list[int]]  # what node i is computed from (empty: not computed)
    dependants: list[list[int]]  # live nodes computed from node i
    exprs: list[Expr | None]
    errors: dict[int, str] = field(default_factory=dict)  # i -> message (structural)
    dead: set[int] = field(default_factory=set)  # nodes in a cycle: no value at all
    order: list[int] = field(default_factory=list)  # live nodes, dependencies first
    rank: dict[int, int] = field(default_factory=dict)  # i -> place in order


def _cycle_text(codes: Sequence[str]) -> str:
    return " → ".join([*codes, codes[0]])


def _parent_cycles(g: TreeGraph) -> None:
    """Mark nodes whose parent links loop back to themselves."""
    parent = [g.index.get(n.parent_id) if n.parent_id is not None else None for n in g.nodes]
    state = [0] * len(g.nodes)  # 0 unseen, 1 on current walk, 2 done
    for start in range(len(g.nodes)):
        walk: list[int] = []
        i: int | None = start
        while i is not None and state[i] == 0:
            state[i] = 1
            walk.append(i)
            i = parent[i]
        if i is not None and state[i] == 1:
            loop = walk[walk.index(i):]
            codes = [g.nodes[j].code for j in reversed(loop)]  # parent first
            first = codes.index(min(codes))
            codes = codes[first:] + codes[:first]
            message = f"parent links form a cycle: {_cycle_text(codes)}"
            for j in loop:
                g.dead.add(j)
                g.errors[j] = message
        for j in walk:
            state[j] = 2


def _strongly_connected(deps: list[list[int]], live: Sequence[bool]) -> list[list[int]]:
    """Tarjan's strongly connected components (iterative) of the live nodes."""
    n = len(deps)
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1 or not live[root]:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            v, k = work[-1]
            edges = deps[v]
            if k < len(edges):
                work[-1] = (v, k + 1)
                w = edges[k]
                if not live[w]:
                    continue
                if index[w] == -1:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == v:
                        break
                components.append(component)
    return components


def _cycle_path(g: TreeGraph, members: list[int]) -> list[str]:
    """Codes along one cycle through the smallest code of a component."""
    inside = set(members)
    start = min(members, key=lambda i: g.nodes[i].code)
    came_from: dict[int, int] = {}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        for w in g.deps[v]:
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [g.nodes[i].code for i in reversed(path)]
            if w in inside and w not in came_from:
                came_from[w] = v
                queue.append(w)
    return [g.nodes[start].code]  # unreachable for a true cycle


def _formula_dependencies(g: TreeGraph) -> None:
    for i, node in enumerate(g.nodes):
        if i in g.dead or node.formula == FormulaKind.NONE:
            continue
        kind = FormulaKind(node.formula)
        if kind == FormulaKind.EXPRESSION:
            if not node.expression.strip():
                g.errors[i] = "the expression is empty"
                continue
            try:
                expr = parse(node.expression)
            except FormulaError as exc:
                g.errors[i] = f"expression cannot be read: {exc}"
                continue
            unknown = sorted(c for c in expr.references() if c not in g.code_index)
            if unknown:
                hints = []
                for code in unknown:
                    hint = suggest_code(code, g.code_index)
                    hints.append(f"'{code}'" + (f" (did you mean '{hint}'?)" if hint else ""))
                g.errors[i] = "unknown code " + ", ".join(hints) + " in the expression"
                continue
            g.exprs[i] = expr
            g.deps[i] = sorted(g.code_index[c] for c in expr.references())
            continue
        _builtin_dependencies(g, i, kind)


def _builtin_dependencies(g: TreeGraph, i: int, kind: FormulaKind) -> None:
    """Node ``i`` with a built-in formula depends on its children (or has an error)."""
    kids = g.children[i]
    if kind == FormulaKind.RATIO and len(kids) != 2:
        g.errors[i] = f"Ratio needs exactly two child nodes; this node has {len(kids)}"
    elif not kids:
        g.errors[i] = f"{kind_label(kind)} formula but no child nodes"
    else:
        g.deps[i] = list(kids)


def _order_live(g: TreeGraph) -> bool:
    """Fill ``dependants``, ``order`` and ``rank`` for the live nodes (Kahn's algorithm:
    dependencies first; dependencies on dead nodes stay and read as missing values).
    False when some live nodes never became ready: they are in a formula cycle or
    depend on one. A tree without formula cycles (the usual case) so needs no search
    for strongly connected components at all."""
    n = len(g.nodes)
    g.dependants = [[] for _ in range(n)]
    g.order, g.rank = [], {}
    dead = g.dead
    pending = [0] * n
    for i, deps in enumerate(g.deps):
        if not deps or i in dead:
            continue
        for d in deps:
            if d not in dead:
                pending[i] += 1
                g.dependants[d].append(i)
    order, rank, dependants = g.order, g.rank, g.dependants
    ready = deque(i for i in range(n) if i not in dead and pending[i] == 0)
    while ready:
        v = ready.popleft()
        rank[v] = len(order)
        order.append(v)
        for w in dependants[v]:
            pending[w] -= 1
            if pending[w] == 0:
                ready.append(w)
    return len(order) == n - len(dead)


def build_graph(nodes: Sequence[KpiNode]) -> TreeGraph:
    """Index the tree, resolve formulas and find cycles; never raises for cycles.

    Raises ValueError for duplicate node ids or codes (the store forbids both).
    """
    nodes = list(nodes)
    index: dict[int, int] = {}
    code_index: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if node.id in index:
            raise ValueError(f"node id {node.id} appears twice")
        if node.code in code_index:
            raise ValueError(f"node code '{node.code}' appears twice")
        index[node.id] = i
        code_index[node.code] = i
    n = len(nodes)
    g = TreeGraph(
        nodes=nodes,
        index=index,
        code_index=code_index,
        children=[[] for _ in range(n)],
        deps=[[] for _ in range(n)],
        dependants=[[] for _ in range(n)],
        exprs=[None] * n,
    )
    _parent_cycles(g)
    for i, node in enumerate(nodes):
        if node.parent_id is None:
            continue
        p = index.get(node.parent_id)
        if p is None:
            g.errors[i] = f"parent node id {node.parent_id} does not exist"
        else:
            g.children[p].append(i)
    for kids in g.children:
        kids.sort(key=lambda c: (nodes[c].position, nodes[c].id))
    _formula_dependencies(g)
    if not _order_live(g):  # some nodes never became ready: a formula cycle among them
        live = [i not in g.dead and i not in g.rank for i in range(n)]
        for component in _strongly_connected(g.deps, live):
            if len(component) == 1 and component[0] not in g.deps[component[0]]:
                continue
            message = f"formula cycle: {_cycle_text(_cycle_path(g, component))}"
            for i in component:
                g.dead.add(i)
                g.errors[i] = message
        _order_live(g)
    return g


def moved_graph(old: TreeGraph, nodes: Sequence[KpiNode],
                candidates: Iterable[int] | None = None) -> TreeGraph | None:
    """The graph of ``nodes`` built from ``old`` when they differ from ``old.nodes`` only
    in the places (parent, position) of some nodes, as after a move, a reorder or their
    undo: only the children and dependencies of the parents concerned are redone, the
    rest (and the evaluation order, when it still puts every dependency first) is shared
    with ``old``, which stays as it was. None when the graph must be built afresh:
    another field that shapes it changed, a node or parent concerned has an error, the
    tree has cycles, or the order no longer fits. ``candidates``: the only indices where
    ``nodes`` may differ from ``old.nodes`` (the others must be the same objects), so
    that nothing scans the whole tree."""
    found = moved_graph_and_parents(old, list(nodes), candidates)
    return None if found is None else found[0]


def moved_graph_and_parents(old: TreeGraph, nodes: list[KpiNode], candidates: Iterable[int] | None = None
                            ) -> tuple[TreeGraph, set[int]] | None:
    """``moved_graph`` and the indices of the nodes whose dependencies changed. The graph
    keeps ``nodes`` itself (the caller's own list, not to be changed afterwards)."""
    if old.dead or len(nodes) != len(old.nodes):
        return None
    index = old.index
    if candidates is None:
        changed = [i for i, (a, b) in enumerate(zip(nodes, old.nodes)) if a is not b and a != b]
    else:
        changed = sorted(i for i in set(candidates) if nodes[i] is not old.nodes[i] and nodes[i] != old.nodes[i])
    parents: set[int] = set()
    for i in changed:
        a, b = nodes[i], old.nodes[i]
        if a.id != b.id or (a.code, a.formula, a.expression) != (b.code, b.formula, b.expression):
            return None
        if (a.parent_id, a.position) == (b.parent_id, b.position):
            continue
        if i in old.errors or (a.parent_id is not None and a.parent_id not in index):
            return None
        parents.update(index[p] for p in (a.parent_id, b.parent_id) if p is not None)
    if not parents:
        return replace(old, nodes=nodes), set()
    if any(p in old.errors for p in parents) or _parent_loop(nodes, index, changed):
        return None
    g = replace(old, nodes=nodes, children=list(old.children), deps=list(old.deps),
                dependants=list(old.dependants), errors=dict(old.errors))
    moved = {i for i in changed if nodes[i].parent_id != old.nodes[i].parent_id}
    redone: set[int] = set()
    for p in parents:
        kids = [c for c in old.children[p] if c not in moved]
        kids += [c for c in moved if index.get(nodes[c].parent_id) == p]
        kids.sort(key=lambda c: (nodes[c].position, nodes[c].id))
        g.children[p] = kids
        formula = nodes[p].formula
        if formula in (FormulaKind.NONE, FormulaKind.EXPRESSION):
            continue
        g.deps[p] = []
        _builtin_dependencies(g, p, FormulaKind(formula))
        before, after = old.deps[p], g.deps[p]
        if before == after:
            continue
        redone.add(p)
        if any(old.rank[d] > old.rank[p] for d in after):
            return None  # a new dependency comes later in the order: build afresh
        for d in set(before) - set(after):
            g.dependants[d] = [j for j in g.dependants[d] if j != p]
        for d in set(after) - set(before):
            g.dependants[d] = [*g.dependants[d], p]
    return g, redone


def _parent_loop(nodes: list[KpiNode], index: dict[int, int], starts: Sequence[int]) -> bool:
    """Whether walking up the parents from any of ``starts`` comes back to it."""
    for start in starts:
        i, steps = nodes[start].parent_id, 0
        while i is not None and steps <= len(nodes):
            if i == nodes[start].id:
                return True
            k = index.get(i)
            i = nodes[k].parent_id if k is not None else None
            steps += 1
    return False
