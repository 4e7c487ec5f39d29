"""Legacy Excel (.xls) workbooks via python-calamine, laid out like the XLSX reader.

Hidden sheets are not read. Calamine does not say which rows and columns are hidden, so
those are read as the XLSX reader would not.

Calamine gives values and merged ranges but not number formats, so numbers are
printed at Excel's 15 significant digits (``1234.5``, never ``0.30000000000000004``);
decimals a format would add (``1234.50``) cannot be recovered, and the amount is
the same for the extractors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

from ingest.document import Block, Document
from ingest.errors import EncryptedFileError, TruncatedFileError
from ingest.readers.sheets import SheetCell, sheet_blocks
from ingest.readers.xlsx import format_value


def read(path: str | Path) -> Document:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise EncryptedFileError() from exc
    except (CalamineError, OSError, ValueError) as exc:
        raise TruncatedFileError() from exc
    blocks: list[Block] = []
    names = workbook.sheet_names
    try:
        shown = {m.name for m in workbook.sheets_metadata if m.visible == SheetVisibleEnum.Visible}
        for page, name in enumerate(names, start=1):
            if name not in shown:
                continue
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
            blocks += sheet_blocks(name, _cells(rows), merges, page)
    except (CalamineError, ValueError) as exc:
        raise TruncatedFileError() from exc
    finally:
        workbook.close()
    return Document(blocks=blocks, page_count=len(names))


def _cells(rows: Sequence[Sequence[object]]) -> list[SheetCell]:
    cells = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            text = format_value(value, "General")
            if text.strip():
                cells.append(SheetCell(r, c, text))
    return cells
