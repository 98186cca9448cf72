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
