"""A seeded corpus of hostile workbooks: mutations of a real export made by the app's
exporter, plus hand-made bombs.

``make_case(index, seed, base, folder)`` writes case number ``index`` to ``folder`` and
returns its path and a label. The first ``len(FIXED)`` indexes are fixed cases (zip and
XML bombs, a 1,048,576-row sheet, a wrong type in every column...); later indexes draw
a random mutation. The same (index, seed) always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from xml.sax.saxutils import escape as xml_escape

DATA_SHEETS = ("Teams", "People", "KPI Tree", "Measurements", "Periods", "Objectives",
               "Key Results", "Check-ins")
MB = 1024 * 1024


# --- the base export ------------------------------------------------------------------

def build_base(folder: Path) -> Path:
    """Export a small, complete workspace with the app's exporter (``export_workbook``)."""
    from okrdesk.excel.writer import export_workbook
    from okrdesk.store.workspace import Workspace

    from .files import build_small_workspace

    folder.mkdir(parents=True, exist_ok=True)
    workspace = build_small_workspace(folder / "corpus-source.okrdesk")
    out = folder / "base.xlsx"
    with Workspace.open(workspace, read_only=True) as ws:
        export_workbook(ws.service, out)
    return out


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            zf.writestr(name, data)
    return buf.getvalue()


def _rezip(base: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The base zip with each part passed through ``change`` (None drops the part)."""
    parts = []
    for info, data in _members(base):
        new = change(info.filename, data)
        if new is not None:
            parts.append((info.filename, new))
    return _zip(parts)


# --- byte and zip mutations -------------------------------------------------------------

def truncate(rng, base, out, _):  # noqa: ANN001
    out.write_bytes(base[: rng.randrange(1, len(base))])


def flip_bytes(rng, base, out, _):  # noqa: ANN001
    data = bytearray(base)
    for _ in range(rng.choice((1, 2, 8, 64))):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    out.write_bytes(bytes(data))


def flip_xml(rng, base, out, _):  # noqa: ANN001
    """Valid zip, damaged XML inside one part."""
    names = [i.filename for i, _ in _members(base) if i.filename.endswith(".xml")]
    victim = rng.choice(names)

    def change(name: str, data: bytes) -> bytes:
        if name != victim:
            return data
        b = bytearray(data)
        for _ in range(rng.choice((1, 4, 32))):
            b[rng.randrange(len(b))] = rng.choice(b"<>&\"'/=x\x00\xff")
        return bytes(b)
    out.write_bytes(_rezip(base, change))


def delete_part(rng, base, out, _):  # noqa: ANN001
    victim = rng.choice([i.filename for i, _ in _members(base)])
    out.write_bytes(_rezip(base, lambda n, d: None if n == victim else d))


def duplicate_part(rng, base, out, _):  # noqa: ANN001
    members = _members(base)
    info, data = rng.choice(members)
    other = rng.choice(members)[1]
    parts = [(i.filename, d) for i, d in members] + [(info.filename, other)]
    rng.shuffle(parts)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        out.write_bytes(_zip(parts))


def swap_parts(rng, base, out, _):  # noqa: ANN001
    members = _members(base)
    a, b = rng.sample(range(len(members)), 2)
    names = [i.filename for i, _ in members]
    names[a], names[b] = names[b], names[a]
    out.write_bytes(_zip([(n, d) for n, (_, d) in zip(names, members)]))


# --- cell-level mutations, written straight into the sheet XML (fast) -------------------

_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
_SHEET_ENTRY = re.compile(rb'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"')
_REL = re.compile(rb'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet title -> part name, read from the workbook and its relationships."""
    targets = {rid.decode(): target.decode().lstrip("/")
               for target, rid in _REL.findall(parts["xl/_rels/workbook.xml.rels"])}
    return {name.decode(): targets[rid.decode()]
            for name, rid in _SHEET_ENTRY.findall(parts["xl/workbook.xml"])}


def _cell(ref: str, value: object) -> bytes:
    """One cell element holding ``value`` (a string starting with '=' becomes a formula
    without a cached value, as Excel leaves them before calculating)."""
    r = ref.encode()
    if isinstance(value, bool):
        return b'<c r="%s" t="b"><v>%d</v></c>' % (r, value)
    if isinstance(value, (int, float)):
        return b'<c r="%s" t="n"><v>%s</v></c>' % (r, repr(float(value)).encode())
    if isinstance(value, dt.datetime):
        serial = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
        return b'<c r="%s" s="4" t="n"><v>%s</v></c>' % (r, repr(serial).encode())
    text = str(value)
    if text.startswith("=") and len(text) > 1:
        return b'<c r="%s"><f>%s</f></c>' % (r, xml_escape(text[1:]).encode())
    return b'<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (
        r, xml_escape(text).encode("utf-8", "surrogatepass"))


def _mutate_sheets(base: bytes, out: Path, change: Callable[[str, bytes], bytes],
                   workbook: Callable[[bytes], bytes] | None = None) -> None:
    """Rewrite the base with ``change(sheet_title, xml)`` applied to each data sheet."""
    members = _members(base)
    parts = {i.filename: d for i, d in members}
    by_part = {part: title for title, part in _sheet_parts(parts).items() if title in DATA_SHEETS}

    def each(name: str, data: bytes) -> bytes:
        if name in by_part:
            return change(by_part[name], data)
        if name == "xl/workbook.xml" and workbook is not None:
            return workbook(data)
        return data
    out.write_bytes(_rezip(base, each))


def _cells_of(xml: bytes) -> list[tuple[str, int]]:
    return [(c.decode(), int(r)) for c, r in _CELL.findall(xml)]


def _set_cells(xml: bytes, values: dict[tuple[str, int], object]) -> bytes:
    def swap(m: re.Match) -> bytes:
        key = (m.group(1).decode(), int(m.group(2)))
        return _cell(f"{key[0]}{key[1]}", values[key]) if key in values else m.group(0)
    return _CELL.sub(swap, xml)


WRONG_VALUES = ("not a number", "12,34,56", -1e308, 1e308, True, "#DIV/0!", "2027-02-30",
                "31/31/2027", "", " ", "'=1/0", "0x1F", "NaN", "inf", dt.datetime(1899, 12, 30),
                "∞", 3.5, "🙂", "‏שלום", "NULL", -0.0, 1e-320, 2**63)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def wrong_type(rng, base, out, base_path, sheet=None, column=None):  # noqa: ANN001
    """A wrong value in (nearly) every data cell of one column."""
    target = sheet or rng.choice(DATA_SHEETS)

    def change(title: str, xml: bytes) -> bytes:
        if title != target:
            return xml
        cells = _cells_of(xml)
        width = max((ord(c[-1]) - 64 for c, _ in cells), default=1)
        letter = _column_letter(column if column is not None else rng.randrange(width))
        return _set_cells(xml, {(c, r): rng.choice(WRONG_VALUES)
                                for c, r in cells if c == letter and r > 1})
    _mutate_sheets(base, out, change)


def formulas_without_cache(rng, base, out, base_path):  # noqa: ANN001
    target = rng.choice(DATA_SHEETS)

    def change(title: str, xml: bytes) -> bytes:
        cells = [k for k in _cells_of(xml) if k[1] > 1]
        if title != target or not cells:
            return xml
        picked = rng.sample(cells, min(len(cells), rng.randrange(1, 20)))
        return _set_cells(xml, {k: rng.choice(("=1+1", "=A2*2", "=SUM(C:C)", "=NOW()", "=#REF!",
                                               '=INDIRECT("Z9")', "=1/0")) for k in picked})
    _mutate_sheets(base, out, change)


def dates_1904(rng, base, out, base_path):  # noqa: ANN001
    """The 1904 date system, with some dates as bare serial numbers."""
    def change(title: str, xml: bytes) -> bytes:
        if title not in ("Measurements", "Check-ins", "Periods"):
            return xml
        cells = [k for k in _cells_of(xml) if k[0] in "AB" and k[1] > 1]
        return _set_cells(xml, {k: float(rng.randrange(0, 60000)) for k in cells
                                if rng.random() < 0.3})
    _mutate_sheets(base, out, change,
                   workbook=lambda x: x.replace(b"<workbookPr />", b'<workbookPr date1904="1" />'))


def merged_cells(rng, base, out, base_path):  # noqa: ANN001
    target = rng.choice(DATA_SHEETS)

    def change(title: str, xml: bytes) -> bytes:
        cells = _cells_of(xml)
        if title != target or not cells:
            return xml
        refs = []
        for _ in range(rng.randrange(1, 6)):
            c, r = rng.choice(cells)
            c2 = chr(min(ord(c[-1]) + rng.randrange(0, 3), 90))
            refs.append(f"{c}{r}:{c2}{r + rng.randrange(0, 4)}")
        merges = b'<mergeCells count="%d">%s</mergeCells>' % (
            len(refs), b"".join(b'<mergeCell ref="%s"/>' % ref.encode() for ref in refs))
        at = xml.find(b"</sheetData>") + len(b"</sheetData>")
        at2 = xml.find(b"<autoFilter", at)
        at = at2 + xml[at2:].find(b"/>") + 2 if at2 >= 0 else at
        return xml[:at] + merges + xml[at:]
    _mutate_sheets(base, out, change)


def hidden_sheets(rng, base, out, base_path):  # noqa: ANN001
    hide = rng.sample(DATA_SHEETS, rng.randrange(1, 4))

    def workbook(xml: bytes) -> bytes:
        for name in hide:
            xml = xml.replace(b'name="%s" sheetId' % name.encode(), b'name="%s" sheetId' % name.encode())
            xml = re.sub(rb'(<sheet name="%s" sheetId="\d+" state=")visible' % re.escape(name.encode()),
                         rb"\1" + rng.choice((b"hidden", b"veryHidden")), xml)
        return xml
    _mutate_sheets(base, out, lambda t, x: x, workbook=workbook)


TEXTS = (
    "x" * 32767, "Ω" * 40000, "tab\there", "line\nbreak", "\u202eRTL override",
    "مؤشر الأداء الرئيسي", "מדד ביצועים", "📈🚀💰 growth", "👨‍👩‍👧‍👦" * 100,
    "=HYPERLINK(\"http://example.com\")", "@SUM(1)", "+1", "-1+2", " REV ", "REV\u00a0",
    "N001", "N001 ", "n001", "_x0041_", "\u0000", "\u0007bell", "\ud83d",
)


def strange_text(rng, base, out, base_path):  # noqa: ANN001
    """Very long strings, right-to-left text, emoji, escapes and stray characters."""
    target = rng.choice(DATA_SHEETS)

    def change(title: str, xml: bytes) -> bytes:
        cells = [k for k in _cells_of(xml) if k[1] > 1]
        if title != target or not cells:
            return xml
        picked = rng.sample(cells, min(len(cells), rng.randrange(1, 12)))
        return _set_cells(xml, {k: rng.choice(TEXTS) for k in picked})
    _mutate_sheets(base, out, change)


def control_characters(rng, base, out, _):  # noqa: ANN001
    """Raw control characters and escapes written straight into text cells (invalid XML
    for some: a corrupt file, which must still get a clear message)."""
    target = rng.choice(DATA_SHEETS)

    def change(title: str, xml: bytes) -> bytes:
        if title != target:
            return xml
        b = bytearray(xml)
        for _ in range(rng.randrange(1, 10)):
            at = b.find(b"<t", rng.randrange(len(b)))
            if at > 0:
                end = b.find(b">", at) + 1
                b[end:end] = rng.choice((b"\x01\x02", b"_x0000_", b"_x001F_", b"\x1b[31m", b"\x7f",
                                         "\u200f\u202e".encode(), b"\xc3\x28", b"&#1;", b"&#xFFFE;"))
        return bytes(b)
    _mutate_sheets(base, out, change)


def structure(rng, base, out, base_path):  # noqa: ANN001
    """Wrong columns, duplicate codes, cycles, missing sheets, stray rows above the header,
    references to rows that do not exist."""
    choice = rng.randrange(6)
    victim = rng.choice(DATA_SHEETS)

    def change(title: str, xml: bytes) -> bytes:
        cells = _cells_of(xml)
        if choice == 0 and title == "KPI Tree":  # duplicate codes
            first = next((k for k in cells if k == ("A", 2)), None)
            return _set_cells(xml, {k: "REV" for k in cells if k[0] == "A" and k[1] > 2
                                    and k[1] % 2}) if first else xml
        if choice == 1 and title == "KPI Tree":  # a cycle through parent codes
            rows = sorted({r for c, r in cells if r > 2})
            a, b = rng.sample(rows, 2)
            codes = {r: m.group(1).decode() for r in (a, b) for m in [re.search(
                rb'<c r="A%d"[^>]*><is><t[^>]*>([^<]*)</t>' % r, xml)] if m}
            if len(codes) < 2:
                return xml
            return _set_cells(xml, {("B", a): codes[b], ("B", b): codes[a]})
        if choice == 2 and title == victim:  # headers renamed
            return _set_cells(xml, {k: rng.choice(("", "???", "Code", "Value", "Code ", "Näme"))
                                    for k in cells if k[1] == 1 and rng.random() < 0.5})
        if choice == 4 and title == victim:  # rows inserted above the header
            k = rng.randrange(1, 40)
            return re.sub(rb'(<row r="|<c r="[A-Z]{1,3})([0-9]+)"',
                          lambda m: m.group(1) + str(int(m.group(2)) + k).encode() + b'"', xml)
        if choice == 5 and title == "Key Results":  # references to missing objectives
            return _set_cells(xml, {k: f"O-MISSING-{k[1]}" for k in cells
                                    if k[0] == "B" and k[1] > 1})
        return xml

    def workbook(xml: bytes) -> bytes:  # a sheet removed
        if choice != 3:
            return xml
        return re.sub(rb'<sheet name="%s"[^>]*/>' % re.escape(victim.encode()), b"", xml)
    _mutate_sheets(base, out, change, workbook=workbook)


# --- fixed cases: bombs and extremes ------------------------------------------------------

_CT = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
       b'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
       b'"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
       b'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="appl'
       b'ication/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override Par'
       b'tName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedo'
       b'cument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlf'
         b'ormats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
         b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workb'
         b'ook.xml"/></Relationships>')
_WB = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
       b'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
       b'2006/relationships"><sheets><sheet name="Measurements" sheetId="1" r:id="rId1"/></sheet'
       b's></workbook>')
_WB_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openx'
            b'mlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sc'
            b'hemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="wor'
            b'ksheets/sheet1.xml"/></Relationships>')
_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformat'
         b's.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Co'
         b'de</t></is></c><c r="B1" t="inlineStr"><is><t>Date</t></is></c><c r="C1" t="inlineStr">'
         b'<is><t>Value</t></is></c></row>')
_TAIL = b"</sheetData></worksheet>"


def _one_sheet(sheet_xml: bytes, out: Path, workbook_xml: bytes = _WB) -> None:
    out.write_bytes(_zip([("[Content_Types].xml", _CT), ("_rels/.rels", _RELS),
                          ("xl/workbook.xml", workbook_xml), ("xl/_rels/workbook.xml.rels", _WB_RELS),
                          ("xl/worksheets/sheet1.xml", sheet_xml)]))


def million_rows_dense(rng, base, out, _):  # noqa: ANN001
    """A sheet filled down to row 1,048,576, Excel's last row."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>REV</t></is></c><c r="C%d"><v>%d'
                    b'</v></c></row>' % (r, r, r, r) for r in range(2, 1_048_577))
    _one_sheet(_HEAD + rows + _TAIL, out)


def million_rows_sparse(rng, base, out, _, column=b"A"):  # noqa: ANN001
    """One cell at row 1,048,576 (a tiny file that claims a huge sheet)."""
    _one_sheet(_HEAD + b'<row r="1048576"><c r="%s1048576"><v>1</v></c></row>' % column + _TAIL, out)


def far_corner_odd_markup(rng, base, out, _):  # noqa: ANN001
    """The far-corner cell written with its attributes in another order and a prefix."""
    _one_sheet(_HEAD.replace(b"<worksheet ", b"<x:worksheet xmlns:x=\"http://schemas.openxmlformats"
                             b".org/spreadsheetml/2006/main\" ")
               + b'<row r="1048576"><c s="0"\n r="XFD1048576"><v>1</v></c></row>' + _TAIL, out)


def _bomb_member(size: int) -> tuple[bytes, int, int]:
    """Deflate ``size`` zero bytes without holding them: (data, crc, size)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(MB)
    chunks, crc = [], 0
    for _ in range(size // MB):
        chunks.append(comp.compress(block))
        crc = zlib.crc32(block, crc)
    chunks.append(comp.flush())
    return b"".join(chunks), crc, size


def _raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from pre-deflated members: (name, data, crc, size, declared_size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size, declared in entries:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data),
                              declared, len(raw), 0) + raw + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                                  len(data), declared, len(raw), 0, 0, 0, 0, 0, offset) + raw)
    cd = central.getvalue()
    start = out.tell()
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd),
                          start, 0))
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush()


def _stored_parts(sheet_name: str = "xl/worksheets/sheet1.xml") -> list[tuple[str, bytes, int, int, int]]:
    parts = []
    for name, data in (("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WB),
                       ("xl/_rels/workbook.xml.rels", _WB_RELS)):
        parts.append((name, _deflate(data), zlib.crc32(data), len(data), len(data)))
    return parts


def zip_bomb_honest(rng, base, out, _):  # noqa: ANN001
    """A sheet part that really expands ~1000 times (200 MB of zeros)."""
    data, crc, size = _bomb_member(200 * MB)
    out.write_bytes(_raw_zip(_stored_parts() + [("xl/worksheets/sheet1.xml", data, crc, size, size)]))


def zip_bomb_lying(rng, base, out, _):  # noqa: ANN001
    """The same part declaring a small size: the stream must stop at the declared size."""
    data, crc, size = _bomb_member(200 * MB)
    out.write_bytes(_raw_zip(_stored_parts() + [("xl/worksheets/sheet1.xml", data, crc, size, 50_000)]))


def zip_bomb_many_parts(rng, base, out, _):  # noqa: ANN001
    parts = _stored_parts()
    empty = _deflate(b"")
    parts += [(f"xl/media/p{i}.xml", empty, 0, 0, 0) for i in range(12_000)]
    parts.append(("xl/worksheets/sheet1.xml", _deflate(_HEAD + _TAIL), zlib.crc32(_HEAD + _TAIL),
                  len(_HEAD + _TAIL), len(_HEAD + _TAIL)))
    out.write_bytes(_raw_zip(parts))


def _laughs(depth: int = 10) -> bytes:
    ents = [b'<!ENTITY lol0 "lol">'] + [
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10)))
        for i in range(1, depth)]
    return (b'<?xml version="1.0"?><!DOCTYPE lolz [' + b"".join(ents) + b"]>")


def billion_laughs(rng, base, out, _):  # noqa: ANN001
    """Entity expansion in the shared strings (and, in a second variant, the sheet)."""
    where = rng.choice(("xl/workbook.xml", "xl/worksheets/sheet4.xml", "xl/worksheets/sheet5.xml",
                        "xl/styles.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"))

    def change(name: str, data: bytes) -> bytes:
        if name != where:
            return data
        body = data.split(b"?>", 1)[-1] if data.startswith(b"<?xml") else data
        return _laughs() + body.replace(b"<t>", b"<t>&lol9;", 1)
    out.write_bytes(_rezip(base, change))


def external_entity(rng, base, out, _):  # noqa: ANN001
    def change(name: str, data: bytes) -> bytes:
        if name != "xl/workbook.xml":
            return data
        body = data.split(b"?>", 1)[-1]
        return (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                + body)
    out.write_bytes(_rezip(base, change))


def password_protected(rng, base, out, _):  # noqa: ANN001
    """An OLE2 compound file carrying an EncryptionInfo stream, as Excel writes them."""
    out.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "EncryptionInfo".encode("utf-16-le")
                    + bytes(4096))


def not_a_workbook(rng, base, out, _):  # noqa: ANN001
    out.write_bytes(rng.choice((b"", b"Code;Date;Value\nREV;2027-01-01;1\n", b"<html><table/></html>",
                                b"\x89PNG\r\n\x1a\n" + bytes(100), bytes(range(256)) * 8,
                                _zip([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")]),
                                _zip([("xl/workbook.bin", b"\0" * 10), ("[Content_Types].xml", _CT)]))))


def every_column_wrong(sheet: str, column: int) -> Callable:
    def case(rng, base, out, base_path):  # noqa: ANN001
        wrong_type(rng, base, out, base_path, sheet=sheet, column=column)
    case.__name__ = f"wrong type in {sheet} column {column + 1}"
    return case


COLUMNS = {"Teams": 4, "People": 4, "KPI Tree": 16, "Measurements": 4, "Periods": 5,
           "Objectives": 9, "Key Results": 13, "Check-ins": 6}

def million_rows_sparse_z(rng, base, out, p):  # noqa: ANN001
    million_rows_sparse(rng, base, out, p, column=b"Z")


def million_rows_sparse_xfd(rng, base, out, p):  # noqa: ANN001
    million_rows_sparse(rng, base, out, p, column=b"XFD")


FIXED: list[Callable] = [
    million_rows_dense, million_rows_sparse, million_rows_sparse_z, million_rows_sparse_xfd,
    far_corner_odd_markup, zip_bomb_honest, zip_bomb_lying, zip_bomb_many_parts,
    billion_laughs, billion_laughs, billion_laughs, external_entity, password_protected,
    *[every_column_wrong(sheet, c) for sheet, n in COLUMNS.items() for c in range(n)],
]

RANDOM: list[Callable] = [
    truncate, flip_bytes, flip_xml, delete_part, duplicate_part, swap_parts, wrong_type,
    formulas_without_cache, dates_1904, merged_cells, hidden_sheets, strange_text,
    control_characters, structure, not_a_workbook, billion_laughs,
]


def make_case(index: int, seed: int, base_path: Path, folder: Path) -> tuple[Path, str]:
    """Write case ``index`` of the corpus seeded ``seed``; return (path, label)."""
    rng = random.Random(f"{seed}:{index}")
    maker = FIXED[index] if index < len(FIXED) else rng.choice(RANDOM)
    out = folder / f"case-{index:05d}.xlsx"
    base = base_path.read_bytes()
    maker(rng, base, out, base_path)
    return out, getattr(maker, "__name__", "case")


