"""Excel (.xlsx) workbooks: one Table per sheet of figures, text sheets as paragraphs.

Read-only openpyxl streams the cells; merged ranges, which read-only mode does
not expose, are read from the sheet XML's ``<mergeCells>``. Numbers come back as
the sheet prints them (``1234.5`` with format ``#,##0.00`` is ``1,234.50``), so
extractors never see float noise.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from ingest.document import Block, Cell, Document, Table
from ingest.errors import EncryptedFileError, TruncatedFileError
from ingest.readers.archive import check_archive
from ingest.readers.sheets import SheetCell, sheet_blocks

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def read(path: str | Path) -> Document:
    check_archive(path)
    try:
        workbook = load_workbook(str(path), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, EOFError, etree.XMLSyntaxError) as exc:
        raise TruncatedFileError() from exc
    except InvalidFileException as exc:
        raise EncryptedFileError() if "encrypt" in str(exc).lower() else TruncatedFileError() \
            from exc
    blocks: list[Block] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for page, sheet in enumerate(workbook.worksheets, start=1):
                merges = _merged_ranges(archive, getattr(sheet, "_worksheet_path", None))
                blocks += sheet_blocks(sheet.title, _sheet_cells(sheet), merges, page)
    except (IndexError, KeyError) as exc:
        # openpyxl on parts that contradict each other (a cell's style or shared
        # string that a missing or cut part should hold): damaged, not a bug of ours.
        raise TruncatedFileError() from exc
    finally:
        workbook.close()
    return Document(blocks=blocks, page_count=len(workbook.worksheets))


def _sheet_cells(sheet: Any) -> list[SheetCell]:
    # Some writers store a wrong <dimension> (often just A1); read-only mode would trust it.
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    cells: list[SheetCell] = []
    for row in sheet.iter_rows():
        for cell in row:
            value = getattr(cell, "value", None)
            if value is None or getattr(cell, "row", None) is None:
                continue
            text = format_value(value, getattr(cell, "number_format", "General") or "General")
            if text.strip():
                font = getattr(cell, "font", None)
                bold = bool(font is not None and font.b)
                cells.append(SheetCell(cell.row - 1, cell.column - 1, text, bold))
    return cells


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str | None) -> list[tuple[int, ...]]:
    """(min_row, min_col, max_row, max_col), 0-based, of each merged range of one sheet."""
    if not sheet_path:
        return []
    name = sheet_path.lstrip("/")
    try:
        handle = archive.open(name)
    except KeyError:
        return []
    ranges: list[tuple[int, ...]] = []
    with handle:
        for _, el in etree.iterparse(handle, tag=f"{{{MAIN_NS}}}mergeCell"):
            ref = el.get("ref")
            if ref and ":" in ref:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
                ranges.append((min_row - 1, min_col - 1, max_row - 1, max_col - 1))
            el.clear()
    return ranges


def format_value(value: Any, number_format: str) -> str:
    """A cell value as the sheet prints it, for numbers using the cell's number format."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(value, number_format)
    return str(value).strip()


def format_number(value: float, number_format: str) -> str:
    section = _first_section(number_format)
    if section.lower() in ("general", "", "@"):
        return _plain(value)
    percent = "%" in section
    if percent:
        value *= 100
    decimals = _decimals(section)
    thousands = bool(re.search(r"[#0],[#0]", section))
    text = f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"
    return text + ("%" if percent else "")


def _first_section(number_format: str) -> str:
    # Drop colour/condition brackets and quoted literals; keep the positive-number section.
    section = number_format.split(";")[0]
    section = re.sub(r"\[[^\]]*\]", "", section)
    return re.sub(r'"[^"]*"|\\.', "", section).strip()


def _decimals(section: str) -> int:
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


def _plain(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    # 15 significant digits is what Excel shows; it hides binary float noise.
    return format(value, ".15g")


__all__ = ["Cell", "Table", "format_number", "format_value", "read"]
