"""First guesses: header row under a title block, layout, columns, date order, decimals."""

from __future__ import annotations

from pathlib import Path

from okrdesk.excel.foreign import ColumnRef, detect_header_row, detect_spec, open_source, read_table, redetect

from .files import crm_long, european_csv, merged_header, pl_export, time_series


def test_pl_export_is_wide_with_the_header_below_the_title_block(tmp_path: Path, svc) -> None:
    grid = open_source(pl_export(tmp_path / "pl.xlsx")).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    assert spec.header_row == 4 and spec.layout == "wide" and spec.sheet == "P&L"
    assert spec.label_column == ColumnRef("Account", "A")
    table = read_table(grid, spec)
    assert [p.label() for p in table.periods] == ["Jan 2027", "Feb 2027", "Mar 2027"]
    assert list(table.labels) == ["Revenue", "Cost of sales", "Marketing"]
    assert [str(s) for s in table.skipped] == ["P&L!7: blank separator row",
                                               "P&L!A9: totals row ('Total')"]


def test_crm_export_is_long_with_us_dates_and_a_note_column(tmp_path: Path, svc) -> None:
    grid = open_source(crm_long(tmp_path / "crm.xlsx")).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    assert (spec.layout, spec.header_row) == ("long", 1)
    assert (spec.label_column.header, spec.date_column.header, spec.value_column.header,
            spec.note_column.header) == ("Metric", "Date", "Value", "Comment")
    assert spec.day_first is False  # 01/31/2027 settles it


def test_european_csv_is_wide_with_decimal_comma(tmp_path: Path, svc) -> None:
    grid = open_source(european_csv(tmp_path / "eu.csv")).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    assert (spec.layout, spec.header_row, spec.decimal_comma) == ("wide", 1, True)
    assert (spec.csv_encoding, spec.csv_delimiter) == ("cp1252", ";")
    assert spec.percent == "fraction"  # "45,5%" texts


def test_merged_year_over_month_headers(tmp_path: Path, svc) -> None:
    grid = open_source(merged_header(tmp_path / "m.xlsx")).grid()
    assert detect_header_row(grid) == 3
    spec = detect_spec(grid, svc.kpi_nodes())
    table = read_table(grid, spec)
    assert [p.label() for p in table.periods] == ["Nov 2026", "Dec 2026", "Jan 2027", "Feb 2027"]
    assert table.observations[0].place == "Budget!B4" and table.observations[0].value == 40


def test_time_series_is_one_column_per_kpi(tmp_path: Path, svc) -> None:
    grid = open_source(time_series(tmp_path / "ts.xlsx")).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    assert spec.layout == "columns" and spec.date_column == ColumnRef("Date", "A")
    assert list(read_table(grid, spec).labels) == ["Revenue", "Marketing"]


def test_user_corrections_re_detect_the_columns(tmp_path: Path, svc) -> None:
    grid = open_source(crm_long(tmp_path / "crm.xlsx")).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    spec.map_label("New customers", "CUST.NEW")
    wide = redetect(grid, spec, layout="wide")
    assert wide.layout == "wide" and wide.date_column is None
    assert wide.mapping == {"New customers": "CUST.NEW"}  # choices survive
    assert spec.layout == "long"  # the original is untouched
    moved = redetect(grid, spec, header_row=2)
    assert moved.header_row == 2


def test_a_title_merged_across_the_table_is_not_the_header_row(tmp_path: Path) -> None:
    """A title cell merged over the whole width fills every cell of its row; it counts
    once, so the real header row (more distinct headers) wins."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Acme GmbH — Profit and loss"
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["Account", "Jan 2027", "Feb 2027", "Mar 2027"])
    ws.append(["Revenue", 1.0, 2.0, 3.0])
    wb.save(tmp_path / "merged-title.xlsx")
    grid = open_source(tmp_path / "merged-title.xlsx").grid()
    assert detect_header_row(grid) == 3


def _wide_with_headers(path: Path, headers: list, number_format: str | None = None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Finance KPIs"])
    ws.append(["Line", *headers])
    if number_format:
        for cell in ws[2][1:]:
            cell.number_format = number_format
    ws.append(["Revenue", 1.0, 2.0, 3.0])
    ws.append(["Cost of sales", 4.0, 5.0, 6.0])
    wb.save(path)
    return path


def test_wide_headers_as_real_dates(tmp_path: Path, svc) -> None:
    import datetime as dt

    days = [dt.datetime(2027, 1, 31), dt.datetime(2027, 2, 28), dt.datetime(2027, 3, 31)]
    grid = open_source(_wide_with_headers(tmp_path / "d.xlsx", days, "dd/mm/yyyy")).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    assert (spec.header_row, spec.layout) == (2, "wide")
    assert [p.start for p in read_table(grid, spec).periods] == [d.date() for d in days]


def test_wide_headers_as_excel_serial_numbers(tmp_path: Path, svc) -> None:
    import datetime as dt

    serials = [46418.0, 46446.0, 46477.0]  # 2027-01-31, 2027-02-28, 2027-03-31 as plain numbers
    grid = open_source(_wide_with_headers(tmp_path / "s.xlsx", serials)).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    assert (spec.header_row, spec.layout) == (2, "wide")
    assert [p.start for p in read_table(grid, spec).periods] == [
        dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31)]


def test_long_csv_with_iso_dates(tmp_path: Path, svc) -> None:
    path = tmp_path / "crm.csv"
    path.write_text("Metric,Date,Value\nNew customers,2027-01-31,14\nNew customers,2027-02-28,17\n"
                    "Churned customers,2027-01-31,3\n", encoding="utf-8")
    grid = open_source(path).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    assert (spec.layout, spec.label_column.header, spec.date_column.header,
            spec.value_column.header) == ("long", "Metric", "Date", "Value")
    assert len(read_table(grid, spec).observations) == 3


def test_scale_from_the_title_block(tmp_path: Path, svc) -> None:
    from okrdesk.excel.foreign.detect import detect_scale
    from okrdesk.excel.foreign.source import Grid

    def scale(*titles: str) -> float:
        return detect_scale(Grid("S", [[t, ""] for t in titles] + [["KPI", "Jan 2027"]]), len(titles) + 1)

    assert scale("Report, amounts in EUR thousands") == 1000.0
    assert scale("P&L (000)") == scale("Umsatz in TEUR") == scale("Werte in Tausend") == 1000.0
    assert scale("Revenue k€") == scale("in USD k") == 1000.0
    assert scale("Figures in millions") == scale("Umsatz in Mio. EUR") == scale("EUR m") == 1_000_000.0
    assert scale("Acme GmbH", "Monthly report") == scale("Marketing KPIs") == 1.0
    grid = open_source(pl_export(tmp_path / "pl.xlsx")).grid()
    assert detect_spec(grid, svc.kpi_nodes()).scale == 1000.0  # "amounts in EUR thousands"
