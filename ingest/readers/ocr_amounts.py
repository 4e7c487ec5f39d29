"""Amounts OCR misread: repaired only where the table's own sums confirm it, else flagged.

OCR confuses ``l``/``I`` with ``1``, ``O``/``o`` with ``0`` and reads a decimal point as
``，``. A cell that would be an amount after such a substitution is changed only when,
with the repaired value, it takes part in a sum that holds in its row (one figure the
sum of all the others) or its column (a figure the sum of the run of figures just
below it). Otherwise the cell keeps what was read, and staff get a warning naming
the page and the text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.money import to_decimal
from ingest.document import Document, Table

# What OCR reads for a digit or a decimal point inside an amount.
CONFUSABLE = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "D": "0"})
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")
_SUSPECT = re.compile(r"^-?[\dlIO|oD,，.]*\d[\dlIO|oD,，.]*$")
CENT = Decimal("0.01")


def candidate(text: str) -> str | None:
    """The amount ``text`` would be with its misread characters put right, if any."""
    stripped = text.strip()
    if not stripped or _AMOUNT.match(stripped) or not _SUSPECT.match(stripped):
        return None
    fixed = stripped.translate(CONFUSABLE)
    if "，" in fixed:
        # A full-width comma before the last two digits was the decimal point.
        head, _sep, tail = fixed.rpartition("，")
        fixed = (head.replace("，", ",") + "." + tail) if len(tail) == 2 and "." not in fixed \
            else fixed.replace("，", ",")
    return fixed if _AMOUNT.match(fixed) else None


def repair_amounts(document: Document, ocr_pages: set[int]) -> list[str]:
    """Repair confirmed misreadings in the tables of OCR'd pages; warnings for the rest."""
    warnings: list[str] = []
    for table in document.tables():
        if not (set(table.pages or [table.page]) & ocr_pages):
            continue
        warnings += _repair_table(table)
    return warnings


def _value(text: str) -> Decimal | None:
    text = text.strip()
    if not _AMOUNT.match(text):
        return None
    return to_decimal(text.replace(",", ""))


def _repair_table(table: Table) -> list[str]:
    grid = table.grid()
    cells = {(c.row, c.col): c for c in table.cells}
    suspects = [
        (r, c, fixed)
        for r, row in enumerate(grid)
        for c, text in enumerate(row)
        if (fixed := candidate(text)) is not None
    ]
    warnings = []
    for r, c, fixed in suspects:
        values = [[_value(t) for t in row] for row in grid]
        values[r][c] = _value(fixed)
        cell = cells.get((r, c))
        if cell is None:
            continue
        if _row_confirms(values[r], c) or _column_confirms([row[c] if c < len(row) else None
                                                            for row in values], r):
            grid[r][c] = fixed
            cell.text = fixed
            continue
        title = table.title or "未命名"
        warnings.append(
            f"第 {table.page} 页表格“{title}”中“{cell.text}”可能识别有误，请对照原件核对 "
            f"(page {table.page}: '{cell.text}' may be misread)"
        )
    return warnings


def _row_confirms(row: list[Decimal | None], index: int) -> bool:
    """Some figure of the row is the sum of all the others, the repaired one included."""
    known = [(i, v) for i, v in enumerate(row) if v is not None]
    if len(known) < 3 or row[index] is None:
        return False
    total = sum(v for _i, v in known)
    return any(abs(2 * v - total) < CENT for _i, v in known)


def _column_confirms(column: list[Decimal | None], index: int) -> bool:
    """The repaired figure heads, or belongs to, a run of figures summed just above them."""
    for head in range(len(column)):
        top = column[head]
        if top is None:
            continue
        running = Decimal(0)
        for below in range(head + 1, len(column)):
            value = column[below]
            if value is None:
                break
            running += value
            if abs(running - top) < CENT and below > head + 1 and head <= index <= below:
                return True
    return False
