"""Shared set-up of the values-import GUI tests: a small finance workspace with a key
result linked to Revenue, realistic foreign exports made here, and helpers that
drive the wizard page by page the way a user does (waiting on its signals)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from okrdesk.store.readmodels.okrs import BoardReadModel
from okrdesk.store.workspace import Workspace

TODAY = dt.date(2027, 3, 15)


def finance_workspace(path: Path) -> Path:
    """Finance (sum) over Revenue, Cost of sales, Marketing (EUR) and Gross margin (%),
    Headcount; Revenue has a January value of 100,000 and a Q1 key result 100,000 → 200,000."""
    ws = Workspace.create(path, name="Finance")
    try:
        s = ws.service
        fin = s.create_node("FIN", "Finance", kind="kpi", formula="sum")
        rev = s.create_node("REV", "Revenue", parent_id=fin.id, kind="measure", unit="EUR")
        s.create_node("COGS", "Cost of sales", parent_id=fin.id, kind="measure", unit="EUR")
        s.create_node("MKT", "Marketing", parent_id=fin.id, kind="measure", unit="EUR")
        s.create_node("GM.PCT", "Bruttomarge", parent_id=fin.id, kind="measure", unit="%",
                      aggregation="average")
        s.create_node("HC", "Headcount", kind="kpi", aggregation="last")
        s.set_measurement(rev.id, dt.date(2027, 1, 1), 100_000.0)
        period = s.create_period("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
        objective = s.create_objective("Grow revenue", period_id=period.id)
        s.create_key_result(objective.id, "Monthly revenue from 100k to 200k", kind="metric",
                            start=100_000.0, target=200_000.0, kpi_node_id=rev.id)
    finally:
        ws.close()
    return path


def pl_export(path: Path, *, months: tuple[str, ...] = ("Jan 2027", "Feb 2027", "Mar 2027"),
              marketing: str = "Marketng", extra: str = "Office plants") -> Path:
    """An accounting P&L: a merged title, a note row, a blank row, months as columns,
    a typo'd label, a label the tree lacks, a blank separator and a totals row; amounts
    in EUR thousands."""
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "P&L"
    sheet["A1"] = "Acme GmbH — Profit and loss"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "Generated 2027-04-03 · amounts in EUR thousands"
    sheet.append([])
    sheet.append(["Account", *months])
    sheet.append(["Revenue", 120.5, 130.25, 128.0])
    sheet.append(["cost of sales", 40.0, 42.5, 41.0])
    sheet.append([marketing, 10.0, 12.0, 11.5])
    sheet.append([extra, 0.4, 0.5, 0.45])
    sheet.append([])
    sheet.append(["Total", 170.9, 185.25, 180.95])
    wb.save(path)
    return path


def european_csv(path: Path) -> Path:
    """A CRM export in long format from a German Excel: ``;``, decimal commas, dotted
    dates, Windows-1252 umlauts, a note column and a totals line."""
    text = ("Kennzahl;Datum;Wert;Bemerkung\r\n"
            "REV;31.01.2027;118.250,50;Korrektur Jänner\r\n"
            "REV;28.02.2027;121.000,00;\r\n"
            "Bruttomarge;31.01.2027;45,5%;\r\n"
            "Bruttomarge;28.02.2027;46,25%;geschätzt\r\n"
            "Neukunden;28.02.2027;17;\r\n"
            "Summe;;239.262,00;\r\n")
    path.write_bytes(text.encode("cp1252"))
    return path


def values(ws: Workspace, code: str) -> dict[dt.date, float]:
    node = next(n for n in ws.service.kpi_nodes() if n.code == code)
    return {m.date: m.value for m in ws.service.measurements_of([node.id])[node.id]}


def notes(ws: Workspace, code: str) -> dict[dt.date, str]:
    node = next(n for n in ws.service.kpi_nodes() if n.code == code)
    return {m.date: m.note for m in ws.service.measurements_of([node.id])[node.id]}


def linked_kr(window) -> tuple[float | None, float | None]:  # noqa: ANN001
    """(start, current) of the Revenue key result as the views see it (shared tree cache)."""
    service = window.workspace.service
    period = next(p for p in service.periods() if p.name == "2027-Q1")
    board = BoardReadModel.load(service, period, TODAY, tree=window.ctx.tree(TODAY))
    row = board.cards[0].key_results[0]
    return row.start, row.current


def open_wizard(window, qtbot, path: Path):  # noqa: ANN001, ANN201
    """File → Import Values…, then the file chosen on the first page."""
    actions = window.file_actions.values
    with qtbot.waitSignal(actions.wizard_shown, timeout=10_000) as shown:
        window.file_actions.import_values.trigger()
    wizard = shown.args[0]
    assert wizard.isVisible()
    with qtbot.waitSignal(wizard.file_page.loaded, timeout=20_000):
        wizard.load_file(path)
    return wizard


def next_page(wizard, qtbot) -> None:  # noqa: ANN001
    """Click Next and wait for the new page's background step, if it has one."""
    from PySide6.QtWidgets import QWizard

    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), "Next is disabled"
    page_before = wizard.currentPage()
    button.click()
    page = wizard.currentPage()
    assert page is not page_before
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)


def finish(wizard, window, qtbot):  # noqa: ANN001, ANN201
    """Click Apply Import and wait until the import is written and the wizard closed."""
    from PySide6.QtWidgets import QWizard

    actions = window.file_actions.values
    button = wizard.button(QWizard.WizardButton.FinishButton)
    assert button.isEnabled(), "Apply Import is disabled"
    with qtbot.waitSignal(actions.applied, timeout=20_000) as applied:
        button.click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5_000)
    return applied.args[0]


def save_pl_profile(service, folder: Path, name: str = "Monthly P&L"):  # noqa: ANN001, ANN201
    """Save the profile last month's P&L (``pl_export``) was imported with, made with the
    core API: the matched names, "Office plants" skipped, amounts in thousands."""
    from okrdesk.excel.foreign import (
        apply_matches,
        detect_spec,
        match_labels,
        open_source,
        read_table,
        save_profile,
    )

    grid = open_source(pl_export(folder / "P&L March.xlsx", marketing="Marketing")).grid()
    spec = detect_spec(grid, service.kpi_nodes())
    apply_matches(spec, match_labels(read_table(grid, spec).labels, service.kpi_nodes()))
    spec.skip_label("Office plants")
    spec.scale = 1000.0
    save_profile(service, name, spec)
    return spec
