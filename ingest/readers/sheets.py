"""Turning one spreadsheet sheet (XLSX or XLS) into Document blocks.

A sheet whose rows each hold one text is narrative: its cells become paragraphs
(bold ones headings). Otherwise the sheet is a table: the title and unit lines
above the header go to ``Table.title`` / ``Table.unit`` (the title falls back to
the sheet name without ``Z01 `` and ``(财决01表)``), other lines above or below
the grid (编制单位, 注) become paragraphs around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.money import UNIT_DECLARATION
from core.text import TABLE_NUMBER, squeeze
from ingest.document import Block, Cell, Table
from ingest.readers.captions import is_name_field

SHEET_PREFIX_RE = re.compile(r"^[A-Za-z]\d+(?:-\d+)?\s*")
SHEET_SUFFIX_RE = re.compile(r"[（(]\s*财决[\w-]*表\s*[）)]\s*$")
NOTE_PREFIXES = ("注", "说明", "备注：", "填表人", "单位负责人")


@dataclass(slots=True)
class SheetCell:
    row: int
    col: int
    text: str
    bold: bool = False


def sheet_title(name: str) -> str:
    """``Z01 收入支出决算总表(财决01表)`` → ``收入支出决算总表``."""
    return SHEET_SUFFIX_RE.sub("", SHEET_PREFIX_RE.sub("", name.strip())).strip()


def sheet_blocks(
    name: str, cells: list[SheetCell], merges: Sequence[tuple[int, ...]], page: int
) -> list[Block]:
    if not cells:
        return []
    rows = _by_row(cells)
    if all(len(row) == 1 for row in rows.values()):
        return [_text_block(row[0], page) for _, row in sorted(rows.items())]
    blocks: list[Block] = []
    for part in _stacked_tables(rows):
        blocks += _table_blocks(name, part, merges, page)
    return blocks


def _stacked_tables(rows: dict[int, list[SheetCell]]) -> list[dict[int, list[SheetCell]]]:
    """The tables of a sheet printed one under another: each starts at its title, a lone
    text ending in 表 after a blank row under a grid (一般公共预算财政拨款基本支出决算表 under
    支出决算表)."""
    parts: list[dict[int, list[SheetCell]]] = [{}]
    for r in sorted(rows):
        row = rows[r]
        title = len(row) == 1 and squeeze(row[0].text).endswith("表")
        if title and r - 1 not in rows and any(len(x) > 1 for x in parts[-1].values()):
            parts.append({})
        parts[-1][r] = row
    return parts


def _by_row(cells: list[SheetCell]) -> dict[int, list[SheetCell]]:
    rows: dict[int, list[SheetCell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    for row in rows.values():
        row.sort(key=lambda c: c.col)
    return rows


def _text_block(cell: SheetCell, page: int) -> Block:
    return Block("heading" if cell.bold else "paragraph", page, text=cell.text)


def _table_blocks(
    name: str, rows: dict[int, list[SheetCell]], merges: Sequence[tuple[int, ...]], page: int
) -> list[Block]:
    width = max(c.col for row in rows.values() for c in row) + 1
    order = sorted(rows)
    title, unit = "", ""
    captions: list[str] = []  # the unit cells, which may also name who reports
    before: list[Block] = []
    start = 0
    # Lines above the grid: a title, a unit, an 编制单位 line; each holds at most three texts.
    while start < len(order) and _is_caption_row(rows[order[start]], width, bool(title)):
        # A row naming who reports (编制单位：… 2024年度 单位：万元) is the table's caption
        # whole: none of its cells is narrative.
        fields = any(is_name_field(cell.text) for cell in rows[order[start]])
        for cell in rows[order[start]]:
            found = UNIT_DECLARATION.search(squeeze(cell.text))
            if found and not unit:
                unit = found.group(0)
                captions.append(cell.text.strip())
            elif (not title and len(rows[order[start]]) == 1 and not _is_note(cell.text)
                  and not _is_table_number(cell.text) and not is_name_field(cell.text)):
                title = cell.text.strip()
            elif fields:
                captions.append(cell.text.strip())
            else:
                before.append(Block("paragraph", page, text=cell.text))
        start += 1
    end = len(order)
    after: list[Block] = []
    while end > start and _is_note_row(rows[order[end - 1]]):
        after.insert(0, Block("paragraph", page, text=rows[order[end - 1]][0].text))
        end -= 1
    grid_rows = order[start:end]
    table = _table(rows, grid_rows, merges, page)
    table.title = title or sheet_title(name)
    table.unit = unit
    table.captions = captions
    return [*before, Block("table", page, table=table), *after]


def _is_caption_row(row: list[SheetCell], width: int, have_title: bool) -> bool:
    """A title, unit or 编制单位 line; once the title is found, a lone text is a header band."""
    if len(row) > 3 or width < 2:
        return False
    if any(UNIT_DECLARATION.search(squeeze(c.text)) or is_name_field(c.text) for c in row):
        return True
    return len(row) == 1 and not have_title


def _is_table_number(text: str) -> bool:
    """A line holding only the table's number (公开01表, 表2, 附表1-3) above its title."""
    folded = squeeze(text)
    match = TABLE_NUMBER.match(folded)
    return match is not None and not folded[match.end():]


def _is_note(text: str) -> bool:
    return text.strip().startswith(NOTE_PREFIXES)


def _is_note_row(row: list[SheetCell]) -> bool:
    return len(row) == 1 and row[0].col == 0 and (_is_note(row[0].text) or len(row[0].text) > 30)


def _table(
    rows: dict[int, list[SheetCell]], grid_rows: list[int], merges: Sequence[tuple[int, ...]],
    page: int,
) -> Table:
    if not grid_rows:
        return Table(cells=[], page=page, pages=[page])
    first, last = grid_rows[0], grid_rows[-1]
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges
             if first <= r0 <= last}
    covered = {(r, c) for (r0, c0), (rs, cs) in spans.items()
               for r in range(r0, r0 + rs) for c in range(c0, c0 + cs) if (r, c) != (r0, c0)}
    cells: list[Cell] = []
    min_col = min(c.col for r in grid_rows for c in rows[r])
    index = {r: i for i, r in enumerate(range(first, last + 1))}
    for r in grid_rows:
        for cell in rows[r]:
            if (r, cell.col) in covered:
                continue
            rowspan, colspan = spans.get((r, cell.col), (1, 1))
            rowspan = min(rowspan, last - r + 1)
            cells.append(Cell(index[r], cell.col - min_col, cell.text, rowspan, colspan))
    # A merged header whose top-left is blank still spans: keep it as an empty cell.
    for (r0, c0), (rs, cs) in spans.items():
        if not any(c.row == index[r0] and c.col == c0 - min_col for c in cells) and c0 >= min_col:
            cells.append(Cell(index[r0], c0 - min_col, "", min(rs, last - r0 + 1), cs))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(cells=cells, page=page, pages=[page])
