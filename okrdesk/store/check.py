"""`okrdesk check`: one report on a workspace's integrity, structure and OKR quality.

Opens the workspace read-only (never writes, never takes the lock), then lists:
SQLite's quick_check and foreign_key_check, the format version, row counts,
KPI-tree structure problems (parent cycles break the file; formula problems are
listed as warnings), and the OKR quality rules of PRODUCT.md §2 per period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from okrdesk.domain.quality import QualityIssue, check_okrs
from okrdesk.domain.rollup import Rollup
from okrdesk.store.migrate import FORMAT_VERSION
from okrdesk.store.workspace import IntegrityReport, Workspace

DETAIL_LIMIT = 25  # quality issues listed one by one; the rest are counted by rule
CONTENTS = {  # table: (one, many), in the order a reader expects
    "teams": ("team", "teams"), "people": ("person", "people"),
    "kpi_nodes": ("KPI node", "KPI nodes"), "influence_links": ("influence link", "influence links"),
    "measurements": ("measurement", "measurements"), "periods": ("period", "periods"),
    "objectives": ("objective", "objectives"), "key_results": ("key result", "key results"),
    "check_ins": ("check-in", "check-ins"), "import_profiles": ("import profile", "import profiles"),
    "value_imports": ("values import", "values imports"),
}


@dataclass
class CheckReport:
    target: str
    integrity: IntegrityReport
    counts: dict[str, int]
    structure_errors: list[str] = field(default_factory=list)  # the file is broken
    formula_warnings: list[str] = field(default_factory=list)
    quality: dict[str, list[QualityIssue]] = field(default_factory=dict)  # by period name

    @property
    def ok(self) -> bool:
        return self.integrity.ok and not self.structure_errors

    def text(self) -> str:
        i = self.integrity
        lines = [
            f"Workspace: {self.target}",
            f"Format version: {i.format_version} (this okrdesk reads up to {FORMAT_VERSION})",
            "Integrity: ok" if i.quick_check == ("ok",) else "Integrity: DAMAGED",
        ]
        lines += [f"  quick_check: {line}" for line in i.quick_check if line != "ok"]
        if i.foreign_key_problems:
            lines.append(f"Foreign keys: {len(i.foreign_key_problems)} broken reference(s)")
            lines += [f"  {p[0]} row {p[1]} points to a missing {p[2]} row"
                      for p in i.foreign_key_problems[:DETAIL_LIMIT]]
        else:
            lines.append("Foreign keys: ok")
        lines.append("Contents: " + ", ".join(
            f"{n:,} {one if n == 1 else many}"
            for name, (one, many) in CONTENTS.items() for n in [self.counts.get(name, 0)]))
        lines.append("KPI tree: ok" if not self.structure_errors
                     else f"KPI tree: {len(self.structure_errors)} structural problem(s)")
        lines += [f"  {msg}" for msg in self.structure_errors[:DETAIL_LIMIT]]
        if self.formula_warnings:
            lines.append(f"Formulas: {len(self.formula_warnings)} warning(s)")
            lines += [f"  {msg}" for msg in self.formula_warnings[:DETAIL_LIMIT]]
        total = sum(len(v) for v in self.quality.values())
        lines.append(f"Quality rules: {total} warning(s)" if total else "Quality rules: no warnings")
        shown = 0
        for period_name, issues in self.quality.items():
            if not issues:
                continue
            by_rule = Counter(issue.rule for issue in issues)
            summary = ", ".join(f"{n} {rule}" for rule, n in sorted(by_rule.items()))
            lines.append(f"  {period_name}: {summary}")
            for issue in issues:
                if shown >= DETAIL_LIMIT:
                    break
                lines.append(f"    - {issue.message}")
                shown += 1
        if shown < total:
            lines.append(f"  … {total - shown} more not listed")
        lines.append("Result: ok" if self.ok else "Result: PROBLEMS FOUND")
        return "\n".join(lines)


def check_workspace(target: str | Path) -> CheckReport:
    """Check the workspace at ``target`` (a file path or a PostgreSQL URL), read-only."""
    with Workspace.open(target, read_only=True) as ws:
        service = ws.service
        integrity = ws.check()
        report = CheckReport(str(target), integrity, service.counts())
        nodes = service.kpi_nodes()
        for node_id, message in sorted(Rollup(nodes, {}).errors().items()):
            code = next((n.code for n in nodes if n.id == node_id), str(node_id))
            text = f"{code}: {message}"
            if "parent links form a cycle" in message:
                report.structure_errors.append(text)
            else:
                report.formula_warnings.append(text)
        report.quality = _quality_by_period(service, nodes)
    return report


def _quality_by_period(service, nodes) -> dict[str, list[QualityIssue]]:
    """Quality issues per period, the current period first, then newest to oldest."""
    periods = service.periods()
    issues = check_okrs(service.objectives(), service.key_results(), service.teams(),
                        periods, nodes)
    today = service.today()
    order = sorted(periods, key=lambda p: (not (p.start <= today <= p.end), -p.start.toordinal()))
    grouped: dict[str, list[QualityIssue]] = {p.name: [] for p in order}
    names = {p.id: p.name for p in periods}
    for issue in issues:
        grouped.setdefault(names.get(issue.period_id, "No period"), []).append(issue)
    return grouped


# --- damage the app shows in its quality panel ------------------------------------------

@dataclass(frozen=True)
class DamageIssue:
    """A problem no okrdesk edit can make (rows written by another program): shown first in
    the quality panel, with the severity "error"."""

    message: str
    rule: str = "damaged workspace"
    severity: str = "error"


# Tables checked for broken references when a workspace is opened in the app; measurements
# (millions of rows, ~1.5 s) are left to `okrdesk check`.
REFERENCE_TABLES = ("teams", "people", "kpi_nodes", "influence_links", "periods", "objectives",
                    "key_results", "check_ins")


def parent_cycles(nodes) -> list[list]:  # noqa: ANN001 - KpiNode rows
    """The KPI nodes that are their own ancestors, one list per cycle (in parent order)."""
    by_id = {n.id: n for n in nodes}
    done: set[int] = set()
    cycles = []
    for start in by_id:
        path: list[int] = []
        on_path: set[int] = set()
        current = start
        while current in by_id and current not in done and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = by_id[current].parent_id
        if current in on_path:
            cycles.append([by_id[i] for i in path[path.index(current):]])
        done.update(path)
    return cycles


def damage_issues(service, *, references: bool = True) -> list[DamageIssue]:  # noqa: ANN001
    """Parent cycles in the KPI tree and (with ``references``) rows pointing at rows that do
    not exist, in words for the quality panel."""
    out = [DamageIssue(
        "The KPI nodes " + " → ".join(n.code for n in cycle + cycle[:1]) + " are each other's "
        "parents (the file was changed outside okrdesk); they are shown as top-level nodes. "
        "Move them to where they belong.", "parent cycle") for cycle in parent_cycles(
            service.kpi_nodes())]
    if references:
        with service._engine.connect() as conn:  # noqa: SLF001 - same package, read only
            for table in REFERENCE_TABLES:
                rows = conn.exec_driver_sql(f"PRAGMA foreign_key_check({table})").fetchall()
                for table_name, rowid, parent, _ in rows[:DETAIL_LIMIT]:
                    one = CONTENTS.get(table_name, (table_name, ""))[0]
                    other = CONTENTS.get(parent, (parent, ""))[0]
                    out.append(DamageIssue(
                        f"The {one} with id {rowid} points to {'an' if other[0] in 'aeiou' else 'a'} "
                        f"{other} that does not exist "
                        "(the file was changed outside okrdesk); run 'okrdesk check' for a "
                        "full report.", "broken reference"))
    return out
