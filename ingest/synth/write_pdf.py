"""A SyntheticReport as a text PDF (reportlab platypus, built-in CJK font).

Narrative pages are portrait, table pages landscape, as published reports do.
``layout.ruled`` draws the table grid (else only rules above and below the
header); ``layout.split_tables`` lets tables follow each other on a page and
break across pages with the header repeated, instead of one table per page;
``layout.continued`` breaks them without the header repeated, each page ending in its
bare number; ``layout.wrapped_rows`` breaks long names and sets 类 rows' amounts apart.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import Flowable

from ingest.synth.model import Layout, SyntheticReport, TableSpec
from ingest.synth.render import Grid, caption_line, render, unit_line, with_caption_rows

FONT = "STSong-Light"
MARGIN = 40
TABLE_FONT_SIZE = 7.5

_registered = False


def _register_font() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, firstLineIndent=22,
                          wordWrap="CJK")
    return {
        "body": base,
        "cover": ParagraphStyle("cover", parent=base, fontSize=24, leading=40, alignment=TA_CENTER,
                                firstLineIndent=0, spaceBefore=30),
        "h1": ParagraphStyle("h1", parent=base, fontSize=16, leading=26, alignment=TA_CENTER,
                             firstLineIndent=0, spaceBefore=12, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontSize=13, leading=22, firstLineIndent=0,
                             spaceBefore=8, spaceAfter=4),
        "title": ParagraphStyle("title", parent=base, fontSize=14, leading=22, alignment=TA_CENTER,
                                firstLineIndent=0, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "unit": ParagraphStyle("unit", parent=base, fontSize=9, leading=12, alignment=TA_RIGHT,
                               firstLineIndent=0, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=TABLE_FONT_SIZE,
                               leading=TABLE_FONT_SIZE + 2, firstLineIndent=0),
        "head": ParagraphStyle("head", parent=base, fontSize=TABLE_FONT_SIZE,
                               leading=TABLE_FONT_SIZE + 2, firstLineIndent=0, alignment=TA_CENTER),
        "note": ParagraphStyle("note", parent=base, fontSize=9, leading=13, firstLineIndent=0),
        "code": ParagraphStyle("code", parent=base, fontSize=TABLE_FONT_SIZE,
                               leading=TABLE_FONT_SIZE + 2, firstLineIndent=0, alignment=TA_RIGHT),
        "number": ParagraphStyle("number", parent=base, fontSize=9, leading=12, firstLineIndent=0,
                                 keepWithNext=1),
    }


def write_pdf(report: SyntheticReport, path: str | Path, *, layout: Layout) -> Path:
    _register_font()
    path = Path(path)
    doc = BaseDocTemplate(str(path), pagesize=A4, title=report.department, author="juesuan synth")
    portrait_size, landscape_size = A4, landscape(A4)
    # A continued layout prints the bare number after the page's rows, as the text runs.
    numbering = ({"onPageEnd": _bare_page_number} if layout.continued
                 else {"onPage": _page_number})
    templates = [
        PageTemplate("portrait", [_frame(portrait_size)], pagesize=portrait_size, **numbering),
        PageTemplate("landscape", [_frame(landscape_size)], pagesize=landscape_size,
                     **numbering),
    ]
    if report.parts and report.parts[0].kind == "table":  # a tables-only file opens landscape
        templates.reverse()
    doc.addPageTemplates(templates)
    doc.build(_story(report, layout, _styles(), landscape_size[0] - 2 * MARGIN))
    return path


def _frame(size: tuple[float, float]) -> Frame:
    return Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id="body")


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    width = canvas._pagesize[0]
    canvas.drawCentredString(width / 2, MARGIN / 2, f"- {doc.page} -")
    canvas.restoreState()


def _bare_page_number(canvas, doc) -> None:
    """The page's number alone, close under the frame: a table run to the foot of the page
    has it right under its last row."""
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(canvas._pagesize[0] / 2, MARGIN - 12, str(doc.page))
    canvas.restoreState()


def _story(
    report: SyntheticReport, layout: Layout, styles: dict[str, ParagraphStyle], table_width: float
) -> list[Flowable]:
    story: list[Flowable] = []
    in_tables = False
    parts = report.parts
    for index, part in enumerate(parts):
        nxt = parts[index + 1] if index + 1 < len(parts) else None
        if part.kind == "table" and part.table is not None:
            if not in_tables:
                # A file that opens with a table is already on a landscape page.
                story += [NextPageTemplate("landscape"), PageBreak()] if story else []
                in_tables = True
            story += _table_flowables(part.table, layout, styles, table_width,
                                      report.department)
            continue
        if part.kind == "page_break":
            if nxt is not None and nxt.kind == "table":
                if in_tables:
                    story.append(Spacer(1, 16) if layout.split_tables else PageBreak())
                continue
            if in_tables:
                story.append(NextPageTemplate("portrait"))
                in_tables = False
            story.append(PageBreak())
            continue
        if in_tables:
            story += [NextPageTemplate("portrait"), PageBreak()]
            in_tables = False
        style = {"cover": "cover", "paragraph": "body"}.get(part.kind) or (
            "h1" if part.level == 1 else "h2")
        story.append(Paragraph(escape(part.text), styles[style]))
    return story


def _table_flowables(
    spec: TableSpec, layout: Layout, styles: dict[str, ParagraphStyle], width: float,
    department: str,
) -> list[Flowable]:
    grid = render(spec, layout)
    out: list[Flowable] = []
    if layout.captions_in_table and spec.money:
        grid = with_caption_rows(grid, spec.printed_title, unit_line(layout))
    else:
        if spec.number:
            out.append(Paragraph(escape(spec.number), styles["number"]))
        out.append(Paragraph(escape(spec.printed_title), styles["title"]))
        caption = caption_line(layout, department, spec.money)
        if caption:
            out.append(Paragraph(escape(caption), styles["unit"]))
    out.append(_table(grid, layout, styles, width,
                      wrap_rows=layout.wrapped_rows and bool(spec.sheet_code)))
    if spec.note:
        out += [Spacer(1, 4), Paragraph(escape(spec.note), styles["note"])]
    return out


def _table(
    grid: Grid, layout: Layout, styles: dict[str, ParagraphStyle], width: float,
    *, wrap_rows: bool = False,
) -> Table:
    data: list[list[object]] = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    class_rows = _class_rows_over_items(grid) if wrap_rows else set()
    if layout.fused_rows:
        # Three lines high only where the row has amounts to print there, and only 类 rows
        # on every side (a 款 row level with it keeps its amounts on its name's line).
        class_rows = {row for row in class_rows
                      if any(c.row == row and c.numeric and c.text for c in grid.cells)
                      and all(len(c.text) == 3 for c in grid.cells if c.row == row
                              and not c.numeric and c.text.isdigit())}
    # Split layouts print airy rows, so long tables run over onto a second page.
    padding = 6 if layout.split_tables or layout.continued else 2
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), FONT, TABLE_FONT_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    for cell in grid.cells:
        if cell.numeric:
            data[cell.row][cell.col] = cell.text
            commands.append(("ALIGN", (cell.col, cell.row), (cell.col, cell.row), "RIGHT"))
        elif cell.text:
            style = styles["head"] if cell.header else styles["cell"]
            text = escape(cell.text)
            if wrap_rows and layout.fused_rows and not cell.header and cell.text.isdigit():
                style = styles["code"]  # codes right-aligned in their column
            above = (2 if layout.fused_rows else 1) * (
                layout.amounts_over and cell.row in class_rows and not cell.header)
            if wrap_rows and not cell.header and not cell.text.isdigit():
                text = _wrapped(cell.text, tall=cell.row in class_rows, above=above)
            elif above:  # the code as low as its name's first line
                text = "<br/>".join(["\u00a0"] * above + [text])
            data[cell.row][cell.col] = Paragraph(text, style)
        if cell.rowspan > 1 or cell.colspan > 1:
            end = (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)
            commands.append(("SPAN", (cell.col, cell.row), end))
    for row in sorted(class_rows):
        if layout.amounts_over:
            # The other way up: the amounts at the 类 row's top, a line of their own; its
            # code and name under them (empty lines over them in their cells), right on top
            # of the first 款 row's code and name.
            commands += [("VALIGN", (0, row), (-1, row), "TOP")]
            continue
        # The 类 row's code and name at its top, its amounts at its foot: a line of their own
        # right above the first 款 row's line.
        commands += [("VALIGN", (0, row), (-1, row), "TOP")]
        commands += [("VALIGN", (c.col, row), (c.col, row), "BOTTOM")
                     for c in grid.cells if c.row == row and c.numeric]
    header_end = grid.header_rows - 1
    if layout.ruled and layout.open_rules:
        # No rule under a 类 row over its first 款 row: the two share one grid cell.
        commands += [("BOX", (0, 0), (-1, -1), 0.5, colors.black),
                     ("LINEAFTER", (0, 0), (-2, -1), 0.5, colors.black)]
        commands += [("LINEBELOW", (0, r), (-1, r), 0.5, colors.black)
                     for r in range(grid.n_rows - 1) if r not in class_rows]
    elif layout.ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    else:
        commands += [("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                     ("LINEBELOW", (0, header_end), (-1, header_end), 0.5, colors.black)]
    widths = _column_widths(grid, width)
    # A continued table prints its header once, on its first page only.
    repeat = 0 if layout.continued else grid.header_rows
    return Table(data, colWidths=widths, style=commands, repeatRows=repeat, splitByRow=1)


WRAP_AT = 9  # characters of a name on its first line (Layout.wrapped_rows)


def _wrapped(text: str, *, tall: bool = False, above: int = 0) -> str:
    """A name cell's markup broken after ``WRAP_AT`` characters; ``tall``: with an empty
    line under it, so the row is two lines high (``above``: that many empty lines over it,
    the name at the row's foot)."""
    lines = [text[:WRAP_AT], text[WRAP_AT:]] if len(text) > WRAP_AT else [text]
    if above:
        lines = ["\u00a0"] * above + lines
    elif tall and len(lines) == 1:
        lines.append("\u00a0")
    return "<br/>".join(escape(line) for line in lines)


def _class_rows_over_items(grid: Grid) -> set[int]:
    """Body rows holding a 类 code (3 digits) whose next row holds one of its 款 codes."""
    codes = {(c.row, c.col): c.text for c in grid.cells
             if not c.header and not c.numeric and c.text.isdigit()}
    return {row for (row, col), code in codes.items()
            if len(code) == 3 and len(codes.get((row + 1, col), "")) > 3
            and codes[(row + 1, col)].startswith(code)}


def _column_widths(grid: Grid, width: float) -> list[float]:
    """Share the page width by how wide each column's longest single-column text is."""
    need = [30.0] * grid.n_cols
    for cell in grid.cells:
        if cell.colspan == 1 and not cell.header:
            need[cell.col] = max(need[cell.col], _text_width(cell.text) + 8)
    need = [min(n, 150.0) for n in need]
    total = sum(need)
    return [n * width / total for n in need] if total > width else [
        n + (width - total) / grid.n_cols for n in need]


def _text_width(text: str) -> float:
    return sum(TABLE_FONT_SIZE if ord(ch) > 0x2E80 else TABLE_FONT_SIZE * 0.55 for ch in text)
