"""Structure of a KPI tree for the rollup: children, formula dependencies, cycles.

Dependencies of a node are what its value is computed from: its children (in
position order) for the built-in formulas, the referenced codes for an
expression, nothing for a measured node. Cycles in parent links or in
dependencies are reported as errors naming the codes in the cycle; the nodes
in a cycle get no value, and everything else still computes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

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
        kids = g.children[i]
        if kind == FormulaKind.RATIO and len(kids) != 2:
            g.errors[i] = f"Ratio needs exactly two child nodes; this node has {len(kids)}"
            continue
        if not kids:
            g.errors[i] = f"{kind_label(kind)} formula but no child nodes"
            continue
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
