"""Reading foreign files: workbooks through calamine after the safety check, CSV with
its encoding, delimiter and decimal mark detected; true A1 places and merged ranges."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from okrdesk.excel.foreign import CsvFormat, SourceError, open_source, sniff_csv

from .files import european_csv, merged_header, pl_export


def test_workbook_grid_keeps_excel_row_numbers_and_letters(tmp_path: Path) -> None:
    book = open_source(pl_export(tmp_path / "pl.xlsx"))
    assert book.kind == "xlsx" and book.sheet_names == ["P&L"]
    grid = book.grid("P&L")
    assert grid.value(3, 0) == "Account"  # Excel row 4, column A
    assert grid.ref(3, 0) == "A4" and grid.place(4, 2) == "P&L!C5"
    assert grid.value(4, 2) == 130.25
    assert grid.is_blank_row(6)


def test_merged_ranges_are_listed_and_filled_across(tmp_path: Path) -> None:
    grid = open_source(merged_header(tmp_path / "m.xlsx")).grid()
    assert [r.ref for r in grid.merged] == ["B2:C2", "D2:E2"]
    assert grid.rows[1][2] == ""  # calamine reads the covered cell as empty
    assert grid.filled_row(1)[1:5] == [2026.0, 2026.0, 2027.0, 2027.0]


def test_unknown_sheet_is_refused_naming_the_sheets(tmp_path: Path) -> None:
    book = open_source(pl_export(tmp_path / "pl.xlsx"))
    with pytest.raises(SourceError, match=r"no sheet 'Data'.*'P&L'"):
        book.grid("Data")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8", "latin-1"])
def test_european_csv_is_read_with_detected_format(tmp_path: Path, encoding: str) -> None:
    path = european_csv(tmp_path / "kpi.csv", "utf-8-sig" if encoding == "utf-8-sig" else encoding)
    book = open_source(path)
    fmt = book.csv_format
    assert fmt.delimiter == ";" and fmt.decimal_comma
    assert fmt.encoding == {"latin-1": "cp1252"}.get(encoding, encoding)
    grid = book.grid()
    assert grid.rows[0] == ["Kennzahl", "Jan 2027", "Feb 2027", "Mär 2027"]
    assert grid.rows[1][1] == "1.234,50" and grid.place(1, 1) == "kpi!B2"


def test_utf16_csv_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bi.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "KPI\tJan 2027\r\nRevenue\t1,5\r\n".encode("utf-16-le"))
    book = open_source(path)
    assert book.csv_format == CsvFormat("utf-16", "\t", True)
    assert book.grid().rows == [["KPI", "Jan 2027"], ["Revenue", "1,5"]]


def test_comma_csv_with_decimal_points() -> None:
    raw = b'Metric,Date,Value\n"Revenue",2027-01-31,"1,234.50"\nChurn,2027-01-31,0.25\n'
    assert sniff_csv(raw) == CsvFormat("utf-8", ",", False)


def test_user_can_override_the_csv_format(tmp_path: Path) -> None:
    path = european_csv(tmp_path / "kpi.csv")
    book = open_source(path, csv_format=CsvFormat("utf-8", ";", True))
    with pytest.raises(SourceError, match="not in the utf-8 encoding"):
        book.grid()


def test_unsafe_or_unreadable_files_are_refused_with_the_file_name(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="missing.xlsx: no such file"):
        open_source(tmp_path / "missing.xlsx")
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    with pytest.raises(SourceError, match="old Excel 97-2003"):
        open_source(legacy)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(SourceError, match="possible zip bomb"):
        open_source(bomb)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match="empty"):
        open_source(empty)


def test_text_export_with_a_workbook_name_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "report.xls"  # what many systems call their tab-separated export
    path.write_bytes("KPI\tJan 2027\tFeb 2027\r\nRevenue\t1.5\t2.5\r\n".encode("utf-8"))
    book = open_source(path)
    assert book.kind == "csv" and book.csv_format.delimiter == "\t"
    assert book.grid().rows[1] == ["Revenue", "1.5", "2.5"]
    html = tmp_path / "report2.xls"
    html.write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    with pytest.raises(SourceError, match="HTML/XML file"):
        open_source(html)


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = pl_export(tmp_path / "pl.xlsx")
    macro = path.rename(tmp_path / "pl.xlsm")
    assert open_source(macro).grid().value(4, 1) == 120.5


def test_reported_places_map_back_to_grid_cells() -> None:
    from okrdesk.excel.foreign import Grid

    assert Grid.index_of("P&L!C7") == (6, 2)
    assert Grid.index_of("AA10") == (9, 26)
    assert Grid.index_of("Sheet!7:9") == (6, None)
    assert Grid.index_of("P&L") is None


@pytest.mark.parametrize(("text", "decimal_comma"), [
    ("Datum;Wert\n31.01.2027;12,5\n28.02.2027;13,75\n", True),  # dotted dates do not vote
    ("Date,Value\n2027-01-31,\"1,234.5\"\n2027-02-28,\"(2,000.25)\"\n", False),
    ("KPI;Jan 2027\nUmsatz;\"€ 1.200,50\"\n", True),
])
def test_decimal_mark_of_a_csv(text: str, decimal_comma: bool) -> None:
    assert sniff_csv(text.encode("utf-8")).decimal_comma is decimal_comma
