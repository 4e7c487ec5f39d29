"""Excel (.xlsx) workbooks: one Table per sheet of figures, text sheets as paragraphs.

Read-only openpyxl streams the cells; merged ranges and hidden rows and columns, which
read-only mode does not expose, are read from the sheet XML. Only what the workbook
shows is read: hidden sheets, rows and columns (lookup data, last year's figures, helper
sums) are not part of the report. Numbers come back as the sheet prints them (``1234.5``
with format ``#,##0.00`` is ``1,234.50``), so extractors never see float noise.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from ingest.document import Block, Cell, Document, Table
from ingest.errors import EncryptedFileError, TruncatedFileError
from ingest.readers import formulas
from ingest.readers.archive import check_archive
from ingest.readers.sheets import SheetCell, sheet_blocks

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAX_COLUMNS = 16384  # XFD: a <col> range may run to the sheet's last column
_F_CELL, _F_FORMULA, _F_VALUE = (f"{{{MAIN_NS}}}{tag}" for tag in ("c", "f", "v"))


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
    warnings: list[str] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for page, sheet in enumerate(workbook.worksheets, start=1):
                if getattr(sheet, "sheet_state", "visible") != "visible":
                    continue
                layout = _layout(archive, getattr(sheet, "_worksheet_path", None))
                cells, unknown = _sheet_cells(sheet, layout)
                blocks += sheet_blocks(sheet.title, cells, layout.shown_merges(), page)
                if unknown:
                    warnings.append(
                        f"工作表「{sheet.title}」有 {unknown} 个公式没有保存计算结果，"
                        "也无法在此算出，已留空：请用 Excel 或 WPS 打开并保存后重新上传 "
                        f"(sheet {sheet.title}: "
                        f"{unknown} formulas without a stored result were left empty)")
    except (IndexError, KeyError) as exc:
        # openpyxl on parts that contradict each other (a cell's style or shared
        # string that a missing or cut part should hold): damaged, not a bug of ours.
        raise TruncatedFileError() from exc
    finally:
        workbook.close()
    return Document(blocks=blocks, page_count=len(workbook.worksheets), warnings=warnings)


@dataclass(slots=True)
class _Layout:
    """What a sheet's XML says beside its cells (0-based indexes)."""

    # (min_row, min_col, max_row, max_col) of each merged range
    merges: list[tuple[int, ...]] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # sorted
    hidden_cols: list[int] = field(default_factory=list)  # sorted
    # Formulas stored without their result, by (row, col); shared ones written out.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def shown(self, row: int, col: int) -> tuple[int, int] | None:
        """Where a cell sits once hidden rows and columns are taken out (None: hidden)."""
        rows_before, hidden_row = _place(self.hidden_rows, row)
        cols_before, hidden_col = _place(self.hidden_cols, col)
        if hidden_row or hidden_col:
            return None
        return row - rows_before, col - cols_before

    def shown_merges(self) -> list[tuple[int, ...]]:
        """The merged ranges once hidden rows and columns are taken out."""
        merges: list[tuple[int, ...]] = []
        for min_row, min_col, max_row, max_col in self.merges:
            rows = [r for r in range(min_row, max_row + 1) if not _place(self.hidden_rows, r)[1]]
            cols = [c for c in range(min_col, max_col + 1) if not _place(self.hidden_cols, c)[1]]
            first = self.shown(rows[0], cols[0]) if rows and cols else None
            last = self.shown(rows[-1], cols[-1]) if rows and cols else None
            if first is not None and last is not None:
                merges.append((*first, *last))
        return merges


def _place(hidden: list[int], index: int) -> tuple[int, bool]:
    """How many of the sorted ``hidden`` come before ``index``, and whether it is one."""
    before = bisect_left(hidden, index)
    return before, before < len(hidden) and hidden[before] == index


def _sheet_cells(sheet: Any, layout: _Layout) -> tuple[list[SheetCell], int]:
    """The shown cells of a sheet, and how many formulas without a stored result could
    not be worked out (``ingest.readers.formulas``)."""
    # Some writers store a wrong <dimension> (often just A1); read-only mode would trust it.
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    cells: list[SheetCell] = []
    values: dict[tuple[int, int], object] = {}  # every stored value, hidden cells too
    pending: list[Any] = []  # formula cells without a stored result
    for row in sheet.iter_rows():
        for cell in row:
            if getattr(cell, "row", None) is None:
                continue
            value = getattr(cell, "value", None)
            if value is None:
                key = (cell.row - 1, cell.column - 1)
                if key in layout.formulas and layout.shown(*key) is not None:
                    pending.append(cell)
                continue
            values[cell.row - 1, cell.column - 1] = value
            _add_cell(cells, cell, value, layout)
    unknown = 0
    if pending:
        results = _Results(layout.formulas, values)
        for cell in pending:
            result = results.get(cell.row - 1, cell.column - 1)
            if result is None:
                unknown += 1
            else:
                _add_cell(cells, cell, float(result), layout)
        cells.sort(key=lambda c: (c.row, c.col))
    return cells, unknown


def _add_cell(cells: list[SheetCell], cell: Any, value: object, layout: _Layout) -> None:
    place = layout.shown(cell.row - 1, cell.column - 1)
    if place is None:
        return
    text = format_value(value, getattr(cell, "number_format", "General") or "General")
    if text.strip():
        font = getattr(cell, "font", None)
        cells.append(SheetCell(*place, text, bool(font is not None and font.b)))


class _Results:
    """Formula results worked out on demand, each once, a formula referring to itself
    (however indirectly) unknown."""

    def __init__(self, formulas: dict[tuple[int, int], str],
                 values: dict[tuple[int, int], object]) -> None:
        self.formulas, self.values = formulas, values
        self.done: dict[tuple[int, int], Decimal | None] = {}
        self.open: set[tuple[int, int]] = set()

    def get(self, row: int, col: int) -> Decimal | None:
        try:
            return self._value(row, col)
        except formulas.UnknownFormulaError:
            return None

    def _value(self, row: int, col: int) -> Decimal | None:
        key = (row, col)
        if key in self.values:
            return formulas.number(self.values[key])
        if key not in self.formulas:
            return None
        if key in self.done:
            if self.done[key] is None:
                raise formulas.UnknownFormulaError(self.formulas[key])
            return self.done[key]
        if key in self.open:
            raise formulas.UnknownFormulaError(self.formulas[key])
        self.open.add(key)
        try:
            result: Decimal | None = formulas.evaluate(self.formulas[key], self._value)
        except formulas.UnknownFormulaError:
            result = None
        self.open.discard(key)
        self.done[key] = result
        if result is None:
            raise formulas.UnknownFormulaError(self.formulas[key])
        return result


def _layout(archive: zipfile.ZipFile, sheet_path: str | None) -> _Layout:
    """The merged ranges and the hidden rows and columns of one sheet."""
    layout = _Layout()
    hidden_rows: set[int] = set()
    hidden_cols: set[int] = set()
    stored: dict[str, str | tuple[str, str]] = {}  # cell → formula, or a shared one's si
    shared: dict[str, tuple[str, str]] = {}  # si → (formula, the cell it is written in)
    if not sheet_path:
        return layout
    try:
        handle = archive.open(sheet_path.lstrip("/"))
    except KeyError:
        return layout
    tags = [f"{{{MAIN_NS}}}{tag}" for tag in ("mergeCell", "col", "row")]
    with handle:
        for _, el in etree.iterparse(handle, tag=tags):
            tag = etree.QName(el).localname
            if tag == "mergeCell":
                ref = el.get("ref")
                if ref and ":" in ref:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                    layout.merges.append((min_row - 1, min_col - 1, max_row - 1, max_col - 1))
            if tag == "row":
                _row_formulas(el, stored, shared)
            if tag != "mergeCell" and _true(el.get("hidden")):
                if tag == "row" and (el.get("r") or "").isdigit():
                    hidden_rows.add(int(el.get("r") or 0) - 1)
                elif tag == "col" and (el.get("min") or "").isdigit():
                    first = int(el.get("min") or 0)
                    last = int(el.get("max") or first) if (el.get("max") or "").isdigit() \
                        else first
                    hidden_cols.update(range(first - 1, min(last, MAX_COLUMNS)))
            el.clear()
    layout.hidden_rows, layout.hidden_cols = sorted(hidden_rows), sorted(hidden_cols)
    layout.formulas = _written_out(stored, shared)
    return layout


def _row_formulas(row: Any, stored: dict[str, str | tuple[str, str]],
                  shared: dict[str, tuple[str, str]]) -> None:
    """The formulas of a row's cells that store no result; every shared formula's text."""
    for cell in row.iterchildren(_F_CELL):
        formula = cell.find(_F_FORMULA)
        ref = cell.get("r")
        if formula is None or not ref:
            continue
        si = formula.get("si")
        if formula.get("t") == "shared" and si is not None and formula.text:
            shared[si] = (formula.text, ref)
        value = cell.find(_F_VALUE)
        if value is not None and (value.text or "").strip():
            continue
        if formula.text:
            stored[ref] = formula.text
        elif si is not None:
            stored[ref] = ("shared", si)


def _written_out(stored: dict[str, str | tuple[str, str]],
                 shared: dict[str, tuple[str, str]]) -> dict[tuple[int, int], str]:
    """Formulas by 0-based (row, col), each shared one translated to its own cell."""
    found: dict[tuple[int, int], str] = {}
    for ref, formula in stored.items():
        if isinstance(formula, tuple):
            if formula[1] not in shared:
                continue
            text, origin = shared[formula[1]]
            try:
                formula = Translator(f"={text}", origin=origin).translate_formula(ref)
            except ValueError:
                continue
        col, row = _column_row(ref)
        if row:
            found[row - 1, col - 1] = formula
    return found


def _column_row(ref: str) -> tuple[int, int]:
    """(column, row), 1-based, of an A1 reference; (0, 0) when it is not one."""
    try:
        min_col, min_row, _, _ = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0, 0
    return min_col or 0, min_row or 0


def _true(value: str | None) -> bool:
    return value in ("1", "true")


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
