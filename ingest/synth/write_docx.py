"""A SyntheticReport as a Word document (python-docx)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ingest.synth.model import Layout, SyntheticReport, TableSpec
from ingest.synth.render import caption_line, render, unit_line, with_caption_rows

EAST_ASIAN_FONT = "宋体"


def write_docx(report: SyntheticReport, path: str | Path, *, layout: Layout) -> Path:
    path = Path(path)
    doc = docx.Document()
    _set_fonts(doc)
    for part in report.parts:
        if part.kind == "cover":
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(part.text)
            run.bold = True
            run.font.size = Pt(22)
        elif part.kind == "heading":
            doc.add_heading(part.text, level=part.level)
        elif part.kind == "paragraph":
            doc.add_paragraph(part.text)
        elif part.kind == "page_break":
            doc.add_page_break()
        elif part.table is not None:
            _add_table(doc, part.table, layout, report.department)
    doc.save(str(path))
    return path


def _set_fonts(doc) -> None:
    # Chinese text needs an East Asian font set on the run properties, not just the name.
    for style_name in ("Normal", "Heading 1", "Heading 2"):
        style = doc.styles[style_name]
        style.font.name = EAST_ASIAN_FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _add_table(doc, spec: TableSpec, layout: Layout, department: str) -> None:
    grid = render(spec, layout)
    if layout.captions_in_table and spec.money:
        grid = with_caption_rows(grid, spec.printed_title, unit_line(layout))
    else:
        if spec.number:
            doc.add_paragraph(spec.number)
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(spec.printed_title).bold = True
        caption = caption_line(layout, department, spec.money)
        if caption:
            unit = doc.add_paragraph(caption)
            unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # table.cell() rebuilds the whole cell list on each call; take the rows' cells once.
    cells = [list(row.cells) for row in table.rows]
    for cell in grid.cells:
        target = cells[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(
                cells[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1]
            )
        target.text = cell.text
        if cell.numeric:
            target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if spec.note:
        doc.add_paragraph(spec.note)
