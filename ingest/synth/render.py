"""A TableSpec laid out as a printed grid for a Layout; shared by all writers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from core.contract import ParsedRow
from ingest.synth.model import Column, HeaderCell, Layout, TableSpec


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    numeric: bool = False


@dataclass(slots=True)
class Grid:
    cells: list[GridCell]
    n_rows: int
    n_cols: int
    header_rows: int


def unit_line(layout: Layout) -> str:
    return f"单位：{layout.unit}"


def caption_line(layout: Layout, department: str, money: bool) -> str:
    """The line under a table's title: its unit, after the department where the layout
    names it there (``部门：某某局    单位：万元``); empty when there is nothing to print."""
    unit = unit_line(layout) if money else ""
    if layout.caption_with_department:
        return f"部门：{department}    {unit}".rstrip()
    return unit


def format_amount(value: str, layout: Layout) -> str:
    amount = Decimal(value)
    if layout.unit == "元":
        amount *= 10000
    return f"{amount:,.2f}"


def format_code(code: str | None, layout: Layout) -> str:
    if not code:
        return ""
    if layout.code_style == "spaced":
        return " ".join([code[:3], *[code[i : i + 2] for i in range(3, len(code), 2)]])
    return code


CODE_PART_NAMES = ("类", "款", "项")


def render(spec: TableSpec, layout: Layout) -> Grid:
    if (layout.code_style == "columns" or spec.split_codes) and _has_codes(spec):
        spec = _split_code_columns(spec)
    cells = [_header_cell(c) for c in spec.header]
    n_cols = max(c.col + c.colspan for c in cells)
    body = _body_from_cells(spec) if spec.body else _body_from_sides(spec, layout)
    n_body = max((c.row + c.rowspan for c in body), default=0)
    for cell in body:
        cell.row += spec.header_rows
    cells += body
    grid = Grid(cells, spec.header_rows + n_body, n_cols, spec.header_rows)
    return grid if layout.merged_headers else _unmerge(grid)


def with_caption_rows(grid: Grid, title: str, unit: str) -> Grid:
    """The grid with its title and unit as two full-width rows on top."""
    moved = [GridCell(c.row + 2, c.col, c.text, c.rowspan, c.colspan, c.header, c.numeric)
             for c in grid.cells]
    captions = [GridCell(0, 0, title, colspan=grid.n_cols, header=True),
                GridCell(1, 0, unit, colspan=grid.n_cols, numeric=True)]
    return Grid(captions + moved, grid.n_rows + 2, grid.n_cols, grid.header_rows + 2)


def _has_codes(spec: TableSpec) -> bool:
    return not spec.body and any(col.kind == "code" for side in spec.sides for col in side)


def _split_code_columns(spec: TableSpec) -> TableSpec:
    """The spec with each code column split into 类/款(/项) columns, header rebuilt."""
    from ingest.synth.tables import build_header  # tables builds specs; avoid an import cycle

    sides: list[list[Column]] = []
    for columns, rows in zip(spec.sides, spec.side_rows, strict=True):
        longest = max((len(r.code) for r in rows if r.code), default=7)
        parts = (longest - 1) // 2  # 3 digits: 1 part, 5: 2, 7: 3
        side: list[Column] = []
        for col in columns:
            if col.kind != "code":
                side.append(col)
                continue
            side += [Column("code", str(i), (*col.path, CODE_PART_NAMES[i])) for i in range(parts)]
        sides.append(side)
    flat = [col for side in sides for col in side]
    names = frozenset(i for i, col in enumerate(flat) if col.kind == "name")
    header, depth = build_header([col.path for col in flat], stretch_last=names)
    return replace(spec, header=header, header_rows=depth, sides=sides)


def _header_cell(c: HeaderCell) -> GridCell:
    return GridCell(c.row, c.col, c.text, c.rowspan, c.colspan, header=True)


def _body_from_cells(spec: TableSpec) -> list[GridCell]:
    return [GridCell(c.row, c.col, c.text, c.rowspan, c.colspan) for c in spec.body]


def _body_from_sides(spec: TableSpec, layout: Layout) -> list[GridCell]:
    n_body = max((len(rows) for rows in spec.side_rows), default=0)
    cells: list[GridCell] = []
    offset = 0
    for side, (columns, rows) in enumerate(zip(spec.sides, spec.side_rows, strict=True)):
        positions = list(range(len(rows)))
        if spec.align_last and rows and side not in spec.unaligned_sides:
            positions[-1] = n_body - 1
        for position, row in zip(positions, rows, strict=True):
            for j, column in enumerate(columns):
                text, numeric = _cell_text(column.kind, column.label, row, layout)
                cells.append(GridCell(position, offset + j, text, numeric=numeric))
        offset += len(columns)
    return cells


def _cell_text(kind: str, label: str, row: ParsedRow, layout: Layout) -> tuple[str, bool]:
    if kind == "code" and label:  # one part of a code split into 类/款/项 columns
        part = int(label)
        code = row.code or ""
        return code[: 3] if part == 0 else code[1 + 2 * part: 3 + 2 * part], False
    if kind == "code":
        return format_code(row.code, layout), False
    if kind == "name":
        return row.name, False
    if kind == "text":  # a text column (政府采购: 采购物品名称 …), from the row's own texts
        return getattr(row, "texts", {}).get(label, ""), False
    value = row.values.get(label)
    return (format_amount(value, layout), True) if value is not None else ("", True)


def _unmerge(grid: Grid) -> Grid:
    """Merged cells as separate ones: a header band repeats across its columns and a tall
    header keeps its text in its top cell; a body cell repeats down its rows (一级指标) and
    keeps its text in its first column (总分)."""
    cells: list[GridCell] = []
    for c in grid.cells:
        for r in range(c.row, c.row + c.rowspan):
            for col in range(c.col, c.col + c.colspan):
                keep = (r == c.row) if c.header else (col == c.col)
                cells.append(GridCell(r, col, c.text if keep else "", header=c.header,
                                      numeric=c.numeric))
    return Grid(cells, grid.n_rows, grid.n_cols, grid.header_rows)
