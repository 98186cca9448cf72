"""Scale the base KPI tree to a demo size by splitting nodes into segments.

Splitting node ``N`` by, say, region turns ``N`` into the sum (for additive
flows and stocks) or the average (for rates and per-unit values) of copies
``N.EMEA``, ``N.AMER``, ``N.APAC``, each carrying ``N``'s former formula over
copies of ``N``'s whole subtree. Every formula therefore still holds by
construction, and codes stay readable (``REV.SUB`` -> ``ARR.EMEA.PRO`` ...).
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

from .catalog import NodeSpec, base_nodes


@dataclass(frozen=True)
class Member:
    """One segment of a dimension: code suffix, label and shares of the whole."""

    code: str
    label: str
    count_share: float  # share of counts (customers, tickets, visits)
    value_share: float  # share of money
    value_factor: float = 1.0  # per-unit money (ARPA, ACV) relative to the average
    region: str = ""


REGIONS = [
    Member("EMEA", "EMEA", 0.46, 0.47, 1.02, "EMEA"),
    Member("AMER", "Americas", 0.38, 0.40, 1.05, "AMER"),
    Member("APAC", "APAC", 0.16, 0.13, 0.85, "APAC"),
]
PRODUCTS = [
    Member("STA", "Starter", 0.45, 0.15, 0.33),
    Member("PRO", "Professional", 0.38, 0.45, 1.18),
    Member("ENT", "Enterprise", 0.17, 0.40, 2.35),
]
CHANNELS = [
    Member("DIR", "direct sales", 0.35, 0.60, 1.7),
    Member("PTN", "partners", 0.20, 0.22, 1.1),
    Member("WEB", "self-serve", 0.45, 0.18, 0.4),
]
_MARKETS = {
    "EMEA": [("DACH", "DACH", 0.30), ("UKI", "UK & Ireland", 0.25), ("FRA", "France", 0.15),
             ("NOR", "Nordics", 0.12), ("BNL", "Benelux", 0.10), ("IBE", "Iberia", 0.08)],
    "AMER": [("USA", "United States", 0.72), ("CAN", "Canada", 0.12),
             ("LAT", "Latin America", 0.16)],
    "APAC": [("ANZ", "Australia & NZ", 0.45), ("JPN", "Japan", 0.30),
             ("SEA", "Southeast Asia", 0.25)],
}


def markets(region: str) -> list[Member]:
    """Country markets of ``region`` (all twelve when ``region`` is empty)."""
    out = []
    for reg in REGIONS:
        if region and reg.code != region:
            continue
        scale = 1.0 if region else reg.count_share
        for code, label, share in _MARKETS[reg.code]:
            out.append(Member(code, label, share * scale, share * scale, 1.0, reg.code))
    return out


DIMENSIONS = {"region": REGIONS, "product": PRODUCTS, "channel": CHANNELS}

# (catalog code, dimensions) applied in order; a later step on the same code
# splits the copies made by an earlier one (a deeper level).
MP = ("market", "product")
MPC = ("market", "product", "channel")
SPLIT_PLANS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "workshop": [],
    "firm": [
        ("ARR", ("region", "product", "channel")), ("REV.SRV", ("region",)),
        ("VISITS", ("market",)), ("MQL.SQL", ("product",)), ("WIN.RATE", ("region", "product")),
        ("PIPE", ("region",)), ("PIPE.DISC", ("product", "channel")),
        ("PIPE.QUAL", ("product", "channel")), ("PIPE.PROP", ("product", "channel")),
        ("PIPE.NEG", ("product", "channel")),
        ("CHURN.SMB", MP), ("CHURN.MM", MP), ("CHURN.ENT", MP),
        ("NPS", ("region",)), ("NPS.APP", ("product",)), ("NPS.REL", ("product",)),
        ("TICKETS", ("market",)), ("TICKETS.EMAIL", ("product",)),
        ("TICKETS.CHAT", ("product",)), ("TICKETS.PHONE", ("product",)), ("TTR", ("market",)), ("TTR.P1", ("product",)),
        ("TTR.P2", ("product",)), ("TTR.P3", ("product",)), ("CSAT", MP), ("FRT", MP),
        ("HEALTH", MP), ("ACTIVE", MP), ("OPEX.SM", ("region",)), ("OPEX.SM.ADS", ("market",)),
        ("OPEX.GA", ("region",)), ("HC", ("region",)), ("HC.SALES", ("market",)),
        ("BOOKINGS", MP), ("DEALS.WON", MP), ("SALES.CYCLE", MP), ("CUST.NEW", MP),
        ("CAC.SPEND", ("market",)), ("UPTIME", ("region",)), ("ENG", ("product",)),
        ("TRIAL.ACT", ("market",)), ("TRIAL.CONV", ("market",)), ("QUOTA.ATT", ("market",)),
        ("OPEX.SM.EVT", ("market",)), ("HC.CS", ("market",)), ("CPT", ("market",)),
        ("CPL", ("market",)), ("ONB.DAYS", MP), ("TTV", MP), ("BRAND.SEARCH", ("market",)),
        ("SOV", ("market",)),
    ],
    "stress": [
        ("ARR", ("market",)), ("CUST", ("product", "channel")), ("ARPA", ("product", "channel")),
        ("REV.SRV", ("market",)), ("VISITS", ("market",)), ("VISITS.ORG", ("product",)),
        ("VISITS.PAID", ("product", "channel")), ("VISITS.REF", ("product",)),
        ("VISITS.DIR", ("product",)), ("MQL.SQL", MPC), ("WIN.RATE", MPC),
        ("ARPA.NEW", MP), ("PIPE", ("market",)), ("PIPE.DISC", ("product", "channel")),
        ("PIPE.QUAL", ("product", "channel")), ("PIPE.PROP", ("product", "channel")),
        ("PIPE.NEG", ("product", "channel")),
        ("CHURN.SMB", MPC), ("CHURN.MM", MPC), ("CHURN.ENT", MPC),
        ("NPS", ("market",)), ("NPS.APP", ("product", "channel")),
        ("NPS.REL", ("product", "channel")),
        ("NPS.ONB", ("product",)), ("TICKETS", ("market",)),
        ("TICKETS.EMAIL", ("product", "channel")), ("TICKETS.CHAT", ("product", "channel")),
        ("TICKETS.PHONE", ("product",)), ("TTR", ("market",)),
        ("TTR.P1", ("product", "channel")), ("TTR.P2", ("product", "channel")),
        ("TTR.P3", ("product", "channel")), ("CSAT", MPC), ("FRT", MPC), ("HEALTH", MP),
        ("ACTIVE", MPC), ("OPEX.SM", ("market",)),
        ("OPEX.GA", ("region",)), ("HC", ("region",)), ("HC.SALES", ("market",)),
        ("HC.CS", ("market",)), ("BOOKINGS", MPC), ("DEALS.WON", MPC),
        ("SALES.CYCLE", MPC), ("CUST.NEW", MPC), ("CAC.SPEND", MPC), ("UPTIME", ("market",)),
        ("ENG", MP), ("HEALTH.USE", ("channel",)), ("TRIAL.ACT", MPC), ("TRIAL.CONV", MP),
        ("QUOTA.ATT", MP), ("CPT", ("market",)), ("CPT.SOLVED", ("product",)),
        ("CPT.COST", ("product",)), ("CPL", ("market",)), ("CPL.LEADS", ("product",)),
        ("CPL.SPEND", ("channel",)), ("OPEX.SM.ADS", ("channel",)), ("PIPE.COV", ("market",)),
        ("PIPE.OPEN", ("product", "channel")), ("BRAND.SEARCH", ("market",)),
        ("SOV", ("market",)), ("ONB.DAYS", MPC), ("TTV", MP), ("QBR", ("market",)),
    ],
}

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")


def _members(dims: tuple[str, ...], node: NodeSpec) -> list[Member]:
    """The cartesian product of ``dims`` as combined members (one split level)."""
    lists = [markets(node.region) if d == "market" else DIMENSIONS[d] for d in dims]
    combined = []
    for combo in itertools.product(*lists):
        cs = vs = vf = 1.0
        region = node.region
        for m in combo:
            cs *= m.count_share
            vs *= m.value_share
            vf *= m.value_factor
            region = m.region or region
        combined.append(Member(".".join(m.code for m in combo),
                               " ".join(m.label for m in combo), cs, vs, vf, region))
    return combined


def _scale_leaf(node: NodeSpec, member: Member, rng: random.Random) -> None:
    """Adapt a copied measured leaf's recipe to its segment."""
    jitter = rng.uniform(0.85, 1.15)
    if node.model == "poisson":
        node.level = max(0.05, node.level * member.count_share * jitter)
    elif node.additive:
        share = member.value_share if node.unit == "EUR" else member.count_share
        node.level *= share * jitter
        node.noise = min(0.25, node.noise / max(share, 0.02) ** 0.35)
        if node.unit == "count" and node.level < 1.0:
            node.level = 1.0 + jitter
    elif node.unit == "EUR":
        node.level *= member.value_factor * jitter
    else:
        spread = abs(node.level) * (jitter - 1.0) * 0.8
        node.level += spread
        if node.hi is not None:
            node.level = min(node.level, node.hi - (node.hi - node.level) * 0.5)
        node.noise *= 1.0 + (1.0 - min(member.count_share * 3, 1.0)) * 0.6


def _split(nodes: dict[str, NodeSpec], code: str, dims: tuple[str, ...],
           rng: random.Random) -> None:
    node = nodes[code]
    old_children = list(node.children)
    subtree = _subtree(nodes, code)
    node.children = []
    copies: dict[str, list[NodeSpec]] = {}
    for member in _members(dims, node):
        mapping = {c: f"{c}.{member.code}" for c in subtree}
        for old in subtree:
            src = nodes[old]
            new = src.copy(code=mapping[old], parent=mapping.get(src.parent, src.parent)
                           if old != code else code,
                           name=f"{src.name} \u00b7 {member.label}", region=member.region)
            if src.formula == "expression":
                new.expression = _TOKEN.sub(lambda m: mapping.get(m.group(0), m.group(0)),
                                            src.expression)
            if old == code:
                new.kind = "metric" if src.kind == "kpi" else src.kind
                new.weight = 1.0
            if new.formula == "none":
                _scale_leaf(new, member, rng)
                copies.setdefault(old, []).append(new)
            nodes[new.code] = new
            if old != code:
                nodes[new.parent].children.append(new.code)
        node.children.append(mapping[code])
    _keep_totals(nodes, copies)
    for child in old_children:
        _drop(nodes, child)
    node.formula = "sum" if node.additive else "average"
    node.expression = ""
    node.split = True  # type: ignore[attr-defined]
    if node.kind == "measure":
        node.kind = "metric"


def _keep_totals(nodes: dict[str, NodeSpec], copies: dict[str, list[NodeSpec]]) -> None:
    """Rescale the segments of each additive leaf so they add up to the leaf's level.

    The segment jitter varies the mix, not the company's size: revenue, costs and
    headcount of a split tree stay those of the catalog, and so does the margin.
    """
    for old, parts in copies.items():
        src = nodes[old]
        if not src.additive or src.model == "poisson":
            continue
        total = sum(p.level for p in parts)
        if total > 0:
            for part in parts:
                part.level *= src.level / total


def _subtree(nodes: dict[str, NodeSpec], code: str) -> list[str]:
    out = [code]
    for child in nodes[code].children:
        out.extend(_subtree(nodes, child))
    return out


def _drop(nodes: dict[str, NodeSpec], code: str) -> None:
    for child in nodes[code].children:
        _drop(nodes, child)
    del nodes[code]


def build_tree(size: str, seed: int) -> list[NodeSpec]:
    """The demo KPI tree for ``size``, parents before children, children in order."""
    rng = random.Random(f"{seed}:tree")
    nodes: dict[str, NodeSpec] = {}
    roots: list[str] = []
    for spec in base_nodes():
        nodes[spec.code] = spec
        if spec.parent is None:
            roots.append(spec.code)
        else:
            nodes[spec.parent].children.append(spec.code)
    for base, dims in SPLIT_PLANS[size]:
        targets = [c for c, n in nodes.items()
                   if n.base == base and not getattr(n, "split", False)]
        for code in targets:
            _split(nodes, code, dims, rng)
    ordered: list[NodeSpec] = []
    for root in roots:
        ordered.extend(nodes[c] for c in _subtree(nodes, root))
    return ordered


def depth_of(nodes: list[NodeSpec]) -> int:
    """Number of levels of the deepest branch."""
    by_code = {n.code: n for n in nodes}
    best = 0
    for n in nodes:
        d, p = 1, n.parent
        while p is not None:
            d, p = d + 1, by_code[p].parent
        best = max(best, d)
    return best
