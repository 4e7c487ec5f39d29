"""A SyntheticReport as an Excel workbook (openpyxl), one sheet per table.

Statement sheets are named the 财决 way (``Z01 收入支出决算总表(财决01表)``) and
print, above the header: the title (merged across the table), then a line with
``编制单位：<部门>`` on the left, ``2024年度`` in the middle and ``单位：万元`` on the
right. Amounts are real
numbers with a ``#,##0.00`` format; codes are text.

The narrative (cover, headings, sentences) goes in a first one-column sheet
``说明`` with headings in bold when ``layout.narrative_sheet``; otherwise it is
left out and the workbook holds only the tables (see ``expected_for``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ingest.synth.model import Layout, SyntheticReport, TableSpec
from ingest.synth.render import Grid, render, unit_line

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
AMOUNT_FORMAT = "#,##0.00"
INVALID_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", ""))


def write_xlsx(report: SyntheticReport, path: str | Path, *, layout: Layout) -> Path:
    path = Path(path)
    workbook = Workbook()
    first = workbook.active
    if layout.narrative_sheet:
        _narrative_sheet(first, report)
    else:
        workbook.remove(first)
    tables = [p.table for p in report.parts if p.table is not None]
    for index, spec in enumerate(tables, start=1):
        sheet = workbook.create_sheet(sheet_name(spec, index))
        _table_sheet(sheet, spec, report, layout)
    workbook.save(str(path))
    return path


def sheet_name(spec: TableSpec, index: int) -> str:
    title = spec.title.translate(INVALID_SHEET_CHARS)
    if not spec.sheet_code:
        return f"附表{index} {title}"[:31]
    if "决算" not in spec.title:  # a budget's table: its number, no 财决 code
        return f"{spec.number or spec.sheet_code} {title}"[:31]
    name = f"Z{spec.sheet_code} {title}(财决{spec.sheet_code}表)"
    return name if len(name) <= 31 else f"Z{spec.sheet_code} {title}"[:31]


def _narrative_sheet(sheet, report: SyntheticReport) -> None:
    sheet.title = "说明"
    sheet.column_dimensions["A"].width = 120
    row = 1
    for part in report.parts:
        if part.kind not in ("cover", "heading", "paragraph"):
            continue
        cell = sheet.cell(row=row, column=1, value=part.text)
        if part.kind == "heading":
            cell.font = Font(bold=True, size=14 if part.level == 1 else 12)
        elif part.kind == "cover":
            cell.font = Font(size=18)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1


def _table_sheet(sheet, spec: TableSpec, report: SyntheticReport, layout: Layout) -> None:
    grid = render(spec, layout)
    width = grid.n_cols
    top = 1
    if spec.number:  # the table number on a row of its own above the title
        sheet.cell(row=1, column=1, value=spec.number)
        top = 2
    sheet.cell(row=top, column=1, value=spec.printed_title).font = Font(bold=True, size=16)
    sheet.cell(row=top, column=1).alignment = Alignment(horizontal="center")
    if width > 1:
        sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=width)
    label = "部门" if layout.caption_with_department else "编制单位"
    sheet.cell(row=top + 1, column=1, value=f"{label}：{report.department}")
    if width > 3:
        sheet.cell(row=top + 1, column=width // 2 + 1, value=f"{report.fiscal_year}年度")
    if spec.money:
        sheet.cell(row=top + 1, column=max(width, 2), value=unit_line(layout)).alignment = (
            Alignment(horizontal="right")
        )
    _grid_cells(sheet, grid, first_row=top + 2)
    if spec.note:
        sheet.cell(row=top + 2 + grid.n_rows, column=1, value=spec.note)
    for col in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    sheet.column_dimensions["B"].width = 30


def _grid_cells(sheet, grid: Grid, *, first_row: int) -> None:
    for cell in grid.cells:
        row, col = first_row + cell.row, 1 + cell.col
        target = sheet.cell(row=row, column=col)
        if cell.numeric and cell.text:
            # The printed text came from a Decimal; store the number, print it with 2 decimals.
            target.value = float(Decimal(cell.text.replace(",", "")))
            target.number_format = AMOUNT_FORMAT
        elif cell.text:
            target.value = cell.text
            target.number_format = "@"
        if cell.header:
            target.font = Font(bold=True)
            target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        target.border = BOX
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=row, start_column=col,
                              end_row=row + cell.rowspan - 1, end_column=col + cell.colspan - 1)
