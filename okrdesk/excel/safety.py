"""Checks a file must pass before any spreadsheet parser touches it (PRODUCT.md §7).

``check_workbook_file(path)`` looks at the file itself, never trusting its
name:

* it must exist, be a regular file, be readable and not be empty;
* its first bytes decide what it is: an ``.xlsx``/``.xlsm`` is a zip
  (``PK``); a legacy ``.xls`` and a *password-protected* ``.xlsx`` are both
  OLE2 compound files (``D0 CF 11 E0``) — the encrypted one carries an
  ``EncryptionInfo`` stream, whose UTF-16 name is searched for; an ``.ods``
  is a zip whose ``mimetype`` member names OpenDocument; anything else is
  text (CSV, HTML) or unknown bytes;
* a zip is judged from its central directory first, without decompressing
  anything: member count, total declared size, and the compression ratio of
  every member over 1 MB (a 300 KB zip can declare ~900 MB). Only then is
  every member streamed once through zlib in 1 MB chunks — catching sizes
  that lie (Python's zip reader stops at the declared size and the CRC then
  fails) and XML parts with a ``<!DOCTYPE``/``<!ENTITY`` declaration, which
  Excel never writes and which entity-expansion ("billion laughs") bombs
  need. This protects calamine and openpyxl alike; openpyxl additionally
  parses through defusedxml (``ensure_defused_xml``).

Every refusal is a ``WorkbookError`` whose message names the file and says
what to do.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = MB
_WORKSHEETS = "xl/worksheets/"
# Cell references `r="AB123"`. Every cell of a real workbook lies in columns A..T and
# above row 210,000, which one fast search per chunk confirms; a sheet with a cell
# outside (or anything looking like one) is measured exactly in a second pass.
_OUTSIDE_USUAL = re.compile(
    rb'r="(?:(?:[U-Z]|[A-Z]{2,3})[0-9]|[A-Z]{1,3}(?:[0-9]{7,}|2[1-9][0-9]{4}|[3-9][0-9]{5})")')
_CELL_REF = re.compile(rb'r="([A-Z]{1,3})([0-9]{1,9})"')


class WorkbookError(Exception):
    """A file that cannot be read as a workbook; the message names the file and the fix."""


@dataclass(frozen=True)
class ZipLimits:
    """What a workbook zip may declare before it is refused unread."""

    max_total_uncompressed: int = 300 * MB
    max_ratio: float = 100.0  # uncompressed / compressed, for members over ratio_min_size
    ratio_min_size: int = 1 * MB
    max_members: int = 10_000
    # A sheet is loaded as one block of rows x columns from its first to its farthest
    # cell: a 1 KB file with one cell at Z1048576 asks for ~27 million cells (~850 MB).
    max_cells: int = 4_000_000  # e.g. 200,000 rows x 20 columns
    max_sheet_rows: int | None = None  # the reader passes its own limit (data rows + header)


DEFAULT_LIMITS = ZipLimits()


def check_workbook_file(path: str | Path, limits: ZipLimits = DEFAULT_LIMITS) -> Path:
    """Return ``path`` as a Path when it is a safe ``.xlsx``/``.xlsm`` zip; else WorkbookError."""
    path = Path(path)
    name = path.name or str(path)
    head = _read_head(path, name)
    if head.startswith(OLE2_MAGIC):
        if _contains(path, _ENCRYPTION_STREAM):
            raise WorkbookError(
                f"{name} is password-protected (encrypted); okrdesk cannot read it. Open it in "
                "Excel, remove the password (File → Info → Protect Workbook) and save it again."
            )
        raise WorkbookError(
            f"{name} is in the old Excel 97-2003 .xls format; open it in Excel or LibreOffice "
            "and save it as an Excel workbook (.xlsx)."
        )
    if head.startswith(ZIP_MAGICS):
        _check_zip(path, name, limits)
        return path
    raise WorkbookError(_describe_other(name, head))


def _read_head(path: Path, name: str) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise WorkbookError(f"{name}: no such file ({path}).") from None
    except OSError as exc:
        raise WorkbookError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise WorkbookError(f"{name} is a folder, not a workbook file.")
    if info.st_size == 0:
        raise WorkbookError(f"{name} is empty (0 bytes); it is not a workbook.")
    try:
        with path.open("rb") as f:
            return f.read(4096)
    except OSError as exc:
        raise WorkbookError(f"{name} cannot be read: {exc.strerror or exc}.") from None


def _contains(path: Path, needle: bytes) -> bool:
    """Whether the file's bytes contain ``needle`` (read in chunks, with overlap)."""
    tail = b""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def _describe_other(name: str, head: bytes) -> str:
    """The message for a file that is neither a zip nor an OLE2 compound file."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table")):
        return (
            f"{name} is an HTML/XML file saved with a spreadsheet name, not an Excel workbook; "
            "open it in Excel and save it as an Excel workbook (.xlsx)."
        )
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    if text and printable >= 0.95 * len(text):
        return (
            f"{name} is a CSV or text file, not an Excel workbook; open it in Excel and save "
            "it as an Excel workbook (.xlsx)."
        )
    return f"{name} is not an Excel workbook (.xlsx): its content is not a spreadsheet format."


def _check_zip(path: Path, name: str, limits: ZipLimits) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_declared_sizes(name, infos, limits)
            names = {i.filename for i in infos}
            _check_kind(zf, name, names)
            for info in infos:
                _stream_member(zf, info, name, limits)
    except zipfile.BadZipFile as exc:
        raise WorkbookError(
            f"{name} is damaged (its zip structure is corrupt: {exc}); it cannot be read. "
            "Ask for the file again or re-save it in Excel."
        ) from None
    except (zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise WorkbookError(f"{name} is damaged and cannot be read ({exc}).") from None
    except OSError as exc:
        raise WorkbookError(f"{name} cannot be read: {exc.strerror or exc}.") from None


def _check_declared_sizes(name: str, infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(infos) > limits.max_members:
        raise WorkbookError(
            f"{name} is refused: its zip holds {len(infos):,} parts (the limit is "
            f"{limits.max_members:,}); a real workbook has far fewer."
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.ratio_min_size:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise WorkbookError(
                    f"{name} is refused as a possible zip bomb: its part {info.filename} "
                    f"expands {ratio:,.0f} times ({info.compress_size:,} bytes to "
                    f"{info.file_size:,}); the limit is {limits.max_ratio:,.0f} times."
                )
    if total > limits.max_total_uncompressed:
        raise WorkbookError(
            f"{name} is refused: it would expand to {total / MB:,.0f} MB; the limit is "
            f"{limits.max_total_uncompressed / MB:,.0f} MB."
        )


def _check_kind(zf: zipfile.ZipFile, name: str, names: set[str]) -> None:
    if "mimetype" in names:
        info = zf.getinfo("mimetype")
        if info.file_size <= 200 and zf.read(info).strip().startswith(ODS_MIMETYPE):
            raise WorkbookError(
                f"{name} is an OpenDocument spreadsheet (.ods); open it in LibreOffice or Excel "
                "and save it as an Excel workbook (.xlsx)."
            )
    if "xl/workbook.bin" in names:
        raise WorkbookError(
            f"{name} is an Excel binary workbook (.xlsb); save it as an Excel workbook (.xlsx)."
        )
    if "xl/workbook.xml" not in names:
        raise WorkbookError(
            f"{name} is a zip archive but not an Excel workbook (it has no xl/workbook.xml); "
            "save it from Excel as an Excel workbook (.xlsx)."
        )


def _stream_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                   limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Decompress one member in chunks (bounded memory), look for DTD declarations and,
    in a worksheet, for cells so far away that loading the sheet would exhaust memory."""
    xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    sheet = xml and info.filename.lower().startswith(_WORKSHEETS)
    unusual = False
    tail = b""
    with zf.open(info) as member:
        while chunk := member.read(_CHUNK):
            if xml:
                window = tail + chunk
                if any(d in window for d in _XML_DECLARATIONS):
                    raise WorkbookError(
                        f"{name} is refused: its part {info.filename} declares a document "
                        "type or entities (<!DOCTYPE/<!ENTITY>), which Excel never writes and "
                        "XML bombs rely on."
                    )
                if sheet and not unusual and _OUTSIDE_USUAL.search(window) is not None:
                    unusual = True  # measured at once: a bomb is refused without reading on
                    _check_sheet_extent(zf, info, name, limits)
                tail = chunk[-32:]


def _check_sheet_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                        limits: ZipLimits) -> None:
    """Refuse a sheet whose farthest cells span more than ``limits.max_cells`` cells."""
    rows = cols = 0
    far = b"A1"
    tail = b""
    with zf.open(info) as member:
        while chunk := member.read(_CHUNK):
            cells = _CELL_REF.findall(tail + chunk)
            tail = chunk[-32:]
            for letters in {c[0] for c in cells}:
                number = 0
                for ch in letters:
                    number = number * 26 + ch - 64
                cols = max(cols, number)
            for letters, digits in cells:
                if int(digits) > rows:
                    rows, far = int(digits), letters + digits
            if limits.max_sheet_rows is not None and rows > limits.max_sheet_rows:
                raise WorkbookError(
                    f"{name} is refused: its part {info.filename} has a cell at {far.decode()}, "
                    f"row {rows:,}; the limit is {limits.max_sheet_rows:,} rows per sheet. "
                    "Split the file."
                )
            if rows * cols > limits.max_cells:
                raise WorkbookError(
                    f"{name} is refused: its part {info.filename} has a cell at {far.decode()}, "
                    f"so the sheet would span {rows:,} rows x {cols:,} columns; the limit is "
                    f"{limits.max_cells:,} cells. Delete the far-away rows and columns in "
                    "Excel, or split the file."
                )


def ensure_defused_xml() -> None:
    """Raise WorkbookError unless openpyxl parses XML through defusedxml."""
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise WorkbookError(
            "okrdesk needs the 'defusedxml' package so that openpyxl reads workbooks safely; "
            "reinstall okrdesk."
        )
