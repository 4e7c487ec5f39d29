"""The neutral Document every reader produces and every extractor reads.

A Document is an ordered list of blocks (heading, paragraph, table), each with
the 1-based page it starts on. Readers know their format; extractors only know
this module. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass(slots=True)
class Cell:
    """One cell of a table grid; a merged cell is stored once at its top-left."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class Table:
    """A table as a grid of cells with merged spans.

    ``title`` is the caption printed above the table where the reader saw one
    (e.g. ``收入支出决算总表``), ``unit`` the unit line (``单位：万元``) if any.
    ``captions`` keeps the whole caption lines a reader took off the text flow for
    the title and unit (``部门：某某厅    单位：万元``): they may name who reports.
    A table continued across pages is one Table whose ``pages`` lists them all.
    """

    cells: list[Cell]
    page: int
    title: str = ""
    unit: str = ""
    pages: list[int] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def grid(self, fill_merged: bool = False) -> list[list[str]]:
        """Rows of cell texts; merged areas repeat their text when ``fill_merged``."""
        n_rows, n_cols = self.n_rows, self.n_cols  # each is a pass over the cells
        rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if fill_merged or (r == cell.row and c == cell.col):
                        rows[r][c] = cell.text
        return rows


@dataclass(slots=True)
class Block:
    kind: BlockKind
    page: int
    text: str = ""
    level: int = 0  # heading depth where the format says it (DOCX styles); 0 = unknown
    table: Table | None = None


@dataclass(slots=True)
class Document:
    blocks: list[Block] = field(default_factory=list)
    page_count: int = 0
    warnings: list[str] = field(default_factory=list)
    # Views the extractors derive from the blocks once and share (the text lines);
    # a reader never fills it, and the blocks must not change once it is filled.
    views: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.kind == "table" and b.table is not None]

    def text_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != "table"]

    def plain_text(self) -> str:
        """Headings and paragraphs, one per line (tables left out)."""
        return "\n".join(b.text for b in self.text_blocks())
