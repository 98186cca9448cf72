"""safety.check_workbook_file and read_workbook refuse every unreadable kind of file clearly."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from okrdesk.excel.reader import read_workbook
from okrdesk.excel.safety import OLE2_MAGIC, WorkbookError, check_workbook_file, ensure_defused_xml
from tests.unit.excel.bad_workbooks import entity_bomb, good_sheets, write_book, zip_bomb

ROOT = Path(__file__).resolve().parents[3]


def refused(path: Path) -> str:
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert path.name in str(info.value)
    return str(info.value)


def test_missing_empty_and_folder(tmp_path):
    assert "no such file" in refused(tmp_path / "nope.xlsx")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert "empty" in refused(tmp_path / "empty.xlsx")
    (tmp_path / "dir.xlsx").mkdir()
    assert "folder" in refused(tmp_path / "dir.xlsx")


def test_legacy_xls_and_password_protected_are_told_apart(tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(OLE2_MAGIC + b"\0" * 1000 + "Workbook".encode("utf-16-le") + b"\0" * 600)
    assert "97-2003 .xls" in refused(xls)
    enc = tmp_path / "secret.xlsx"
    enc.write_bytes(OLE2_MAGIC + b"\0" * 3000 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 99)
    assert "password-protected" in refused(enc)


def test_ods_csv_html_docx_and_corrupt(tmp_path):
    ods = tmp_path / "sheet.ods"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    assert "OpenDocument" in refused(ods)
    csv = tmp_path / "data.xlsx"
    csv.write_text("Code;Date;Value\nREV;2027-01-31;1,5\n", encoding="utf-8")
    assert "CSV" in refused(csv)
    html = tmp_path / "report.xls"
    html.write_text("<html><table><tr><td>1</td></tr></table></html>")
    assert "HTML" in refused(html)
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert "not an Excel workbook" in refused(docx)
    good = write_book(tmp_path / "good.xlsx", good_sheets())
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "damaged" in refused(broken)


def test_lying_member_size_is_caught_by_the_crc(tmp_path):
    good = write_book(tmp_path / "good.xlsx", good_sheets())
    data = bytearray(good.read_bytes())
    # Flip a byte inside the compressed data of the first member: inflate or CRC fails.
    with zipfile.ZipFile(good) as zf:
        info = zf.infolist()[0]
        offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 5
    data[offset] ^= 0xFF
    bad = tmp_path / "flipped.xlsx"
    bad.write_bytes(bytes(data))
    assert "damaged" in refused(bad)


def test_zip_bomb_refused_fast_with_little_memory(tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx", expanded_mb=300)
    assert bomb.stat().st_size < 400_000
    script = textwrap.dedent(f"""
        import sys, time, tracemalloc
        from okrdesk.excel.reader import read_workbook
        from okrdesk.excel.safety import WorkbookError
        tracemalloc.start()
        t = time.perf_counter()
        try:
            read_workbook({str(bomb)!r})
        except WorkbookError as exc:
            print("REFUSED", exc)
        print("SECONDS", time.perf_counter() - t)
        print("PEAK_BYTES", tracemalloc.get_traced_memory()[1])
        rss = [l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1]
        print("RSS_KB", rss)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, timeout=60, check=True).stdout
    lines = dict(line.split(" ", 1) for line in out.splitlines())
    assert "zip bomb" in lines["REFUSED"]
    assert float(lines["SECONDS"]) < 1.0
    assert int(lines["PEAK_BYTES"]) < 100 * 1024 * 1024  # Python allocations during the check
    assert int(lines["RSS_KB"]) < 100 * 1024  # the whole process afterwards


def test_too_many_members_and_too_big_total(tmp_path):
    from okrdesk.excel.safety import ZipLimits

    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(30):
            zf.writestr(f"xl/p{i}.xml", "<p/>")
    with pytest.raises(WorkbookError, match="30|31 parts"):
        check_workbook_file(many, ZipLimits(max_members=20))
    with pytest.raises(WorkbookError, match="would expand"):
        check_workbook_file(many, ZipLimits(max_total_uncompressed=50))


def test_entity_expansion_refused_by_safety_and_by_openpyxl(tmp_path):
    good = write_book(tmp_path / "good.xlsx", good_sheets())
    bomb = entity_bomb(tmp_path / "laughs.xlsx", good)
    assert "<!DOCTYPE" in refused(bomb)
    ensure_defused_xml()
    from openpyxl.xml import DEFUSEDXML
    from openpyxl.xml.functions import fromstring

    assert DEFUSEDXML is True
    from tests.unit.excel.bad_workbooks import BILLION_LAUGHS
    with pytest.raises(Exception) as info:
        fromstring(BILLION_LAUGHS.encode())
    assert "defusedxml" in type(info.value).__module__ or "Forbidden" in type(info.value).__name__


def test_a_good_workbook_passes(tmp_path):
    good = write_book(tmp_path / "good.xlsx", good_sheets())
    started = time.perf_counter()
    assert check_workbook_file(good) == good
    assert time.perf_counter() - started < 1
