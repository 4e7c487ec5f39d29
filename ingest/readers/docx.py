"""Word (.docx) files: body paragraphs and tables in document order.

The body XML is walked once, so a table sits between the paragraphs it sits
between in the file (python-docx's ``doc.paragraphs`` and ``doc.tables`` would
lose that). Headings come from heading styles, outline levels and list
numbering; merged cells from ``gridSpan`` and ``vMerge``; pages from Word's
rendered page breaks when the file has them, else from explicit breaks.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import docx as python_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from core.money import UNIT_DECLARATION
from core.text import caption_shaped, squeeze
from ingest.document import Block, BlockKind, Cell, Document, Table
from ingest.errors import TruncatedFileError
from ingest.readers.archive import check_archive
from ingest.readers.captions import is_name_field

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from lxml.etree import _Element

HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
MAX_NUMBERED_HEADING_CHARS = 40
CHINESE_DIGITS = "〇一二三四五六七八九"
CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographDigital",
                   "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand",
                   "chineseLegalSimplified"}


def read(path: str | Path) -> Document:
    check_archive(path)
    try:
        docx = python_docx.Document(str(path))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise TruncatedFileError() from exc
    walker = _Walker(_styles(docx), _Numbering(docx))
    walker.walk(docx.element.body)
    return Document(blocks=walker.blocks, page_count=walker.page, warnings=[])


# ---------------------------------------------------------------- styles


@dataclass(slots=True)
class _Style:
    level: int  # heading level, 0 = body text
    centered: bool = False
    numbering: tuple[str, int] | None = None  # (numId, ilvl) of a list style (List Number)


def _styles(docx: WordDocument) -> dict[str, _Style]:
    """Heading level by paragraph style id, following ``basedOn`` for outline levels."""
    raw: dict[str, tuple[str, int | None, str | None, bool]] = {}
    for style in docx.styles.element.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId")) or ""
        name_el = style.find(qn("w:name"))
        name = name_el.get(qn("w:val")) if name_el is not None else ""
        based = style.find(qn("w:basedOn"))
        ppr = style.find(qn("w:pPr"))
        raw[style_id] = (name or "", _outline_level(ppr), based.get(qn("w:val"))
                         if based is not None else None, _is_centered(ppr))
    numbering = {style.get(qn("w:styleId")) or "": _num_pr(style.find(qn("w:pPr")))
                 for style in docx.styles.element.findall(qn("w:style"))}
    return {style_id: _Style(_style_level(style_id, raw, 0), raw[style_id][3],
                             numbering.get(style_id))
            for style_id in raw}


def _num_pr(ppr: _Element | None) -> tuple[str, int] | None:
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num_pr is None or num_pr.find(qn("w:numId")) is None:
        return None
    return _val(num_pr, "w:numId", ""), int(_val(num_pr, "w:ilvl", "0"))


def _style_level(
    style_id: str, raw: dict[str, tuple[str, int | None, str | None, bool]], depth: int
) -> int:
    if style_id not in raw or depth > 10:
        return 0
    name, outline, based, _ = raw[style_id]
    match = HEADING_STYLE_RE.match(name.strip())
    if match:
        return int(match.group(1))
    if outline is not None:
        return outline
    return _style_level(based, raw, depth + 1) if based else 0


def _outline_level(ppr: _Element | None) -> int | None:
    if ppr is None:
        return None
    outline = ppr.find(qn("w:outlineLvl"))
    if outline is None:
        return None
    value = int(outline.get(qn("w:val"), "9"))
    return value + 1 if value < 9 else 0


def _is_centered(ppr: _Element | None) -> bool:
    if ppr is None:
        return False
    jc = ppr.find(qn("w:jc"))
    return jc is not None and jc.get(qn("w:val")) == "center"


# ---------------------------------------------------------------- list numbering


class _Numbering:
    """Renders automatic list labels (``一、`` ``（二）`` ``3.``), which Word does not store."""

    def __init__(self, docx: WordDocument) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.abstract_of: dict[str, str] = {}
        try:
            root = docx.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract_levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for lvl in abstract.findall(qn("w:lvl")):
                abstract_levels[(abstract_id, int(lvl.get(qn("w:ilvl"), "0")))] = (
                    _val(lvl, "w:numFmt", "decimal"), _val(lvl, "w:lvlText", ""),
                    int(_val(lvl, "w:start", "1")))
        for num in root.findall(qn("w:num")):
            abstract = num.find(qn("w:abstractNumId"))
            if abstract is not None:
                self.abstract_of[num.get(qn("w:numId"))] = abstract.get(qn("w:val"))
        self.levels = abstract_levels

    def label(self, num_id: str, ilvl: int) -> str:
        abstract = self.abstract_of.get(num_id)
        if abstract is None or (abstract, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(abstract, [0] * 9)
        fmt, text, start = self.levels[(abstract, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt in ("bullet", "none"):
            return ""

        def render(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt = self.levels.get((abstract, level), (fmt, "", 1))[0]
            return _format_number(max(counters[level], 1), level_fmt)

        return re.sub(r"%(\d)", render, text)


def _val(el: _Element, tag: str, default: str) -> str:
    child = el.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _format_number(n: int, fmt: str) -> str:
    if fmt in CHINESE_FORMATS:
        return _chinese(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    return str(n)


def _chinese(n: int) -> str:
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (
            CHINESE_DIGITS[ones] if ones else "")
    return str(n)


# ---------------------------------------------------------------- body walk


@dataclass
class _Walker:
    styles: dict[str, _Style]
    numbering: _Numbering
    blocks: list[Block] = field(default_factory=list)
    page: int = 1
    rendered_breaks: bool = False
    centered: dict[int, bool] = field(default_factory=dict)  # block id → printed centred

    def walk(self, body: _Element) -> None:
        self.rendered_breaks = next(body.iter(qn("w:lastRenderedPageBreak")), None) is not None
        self._walk(body)

    def _walk(self, parent: _Element) -> None:
        for el in _content(parent):
            if el.tag == qn("w:p"):
                self._paragraph(el)
            elif el.tag == qn("w:tbl"):
                self._table(el)

    def _paragraph(self, p: _Element) -> None:
        ppr = p.find(qn("w:pPr"))
        before, after, text = self._text_and_breaks(p)
        if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None and self.blocks:
            before += 1
        self.page += before
        text = text.strip()
        if text:
            self._add_text_block(text, ppr, bold=_all_bold(p))
        self.page += after
        sect_pr = ppr.find(qn("w:sectPr")) if ppr is not None else None
        if sect_pr is not None and not self.rendered_breaks:
            self.page += _section_break_pages(sect_pr)

    def _text_and_breaks(self, p: _Element) -> tuple[int, int, str]:
        """Text of a paragraph, with the page breaks met before and after its first text."""
        parts: list[str] = []
        before = after = 0
        for el in _shown(p, qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"),
                         qn("w:lastRenderedPageBreak")):
            if el.tag == qn("w:t"):
                parts.append(el.text or "")
            elif el.tag == qn("w:tab"):
                parts.append("\t")
            elif el.tag == qn("w:cr") or (el.tag == qn("w:br") and el.get(qn("w:type")) in
                                          (None, "textWrapping")):
                parts.append("\n")
            elif self._is_page_break(el):
                if "".join(parts).strip():
                    after += 1
                else:
                    before += 1
        return before, after, "".join(parts)

    def _is_page_break(self, el: _Element) -> bool:
        if self.rendered_breaks:
            return el.tag == qn("w:lastRenderedPageBreak")
        return el.tag == qn("w:br") and el.get(qn("w:type")) == "page"

    def _add_text_block(self, text: str, ppr: _Element | None, *, bold: bool = False) -> None:
        style_id = _val(ppr, "w:pStyle", "") if ppr is not None else ""
        style = self.styles.get(style_id, _Style(0))
        level = _outline_level(ppr) or style.level
        num_pr = _num_pr(ppr) or style.numbering
        if num_pr is not None:
            num_id, ilvl = num_pr
            label = self.numbering.label(num_id, ilvl)
            text = f"{label}{text}" if label else text
            if not level and label and _short_heading(text):
                level = ilvl + 1
        # Many reports mark headings only by bold type, with the Normal style.
        kind: BlockKind = "heading" if level or (bold and _short_heading(text)) else "paragraph"
        block = Block(kind, self.page, text=text, level=level)
        block_centered = _is_centered(ppr) or style.centered
        self.blocks.append(block)
        self.centered[id(block)] = block_centered

    def _table(self, tbl: _Element) -> None:
        if _is_layout(tbl):
            # A frame around the content (a table holding tables, or a single boxed
            # cell): its cells are read as the body they lay out.
            for tr in _rows(tbl):
                for tc in _row_cells(tr):
                    self._walk(tc)
            return
        table = Table(cells=_cells(tbl), page=self.page, pages=[self.page])
        self._attach_caption(table)
        for line in _lift_caption_rows(table):
            self.blocks.append(Block("paragraph", self.page, text=line))
        self.blocks.append(Block("table", self.page, table=table))

    def _attach_caption(self, table: Table) -> None:
        """Move the unit line and title printed just above the table onto it.

        A line that also names who reports (部门：某局    单位：万元), or names it alone,
        stays in the text for the identity and the title is looked for above it.
        """
        at = len(self.blocks)
        for _ in range(3):
            at -= 1
            if at < 0 or self.blocks[at].kind == "table":
                return
            block = self.blocks[at]
            text = squeeze(block.text)
            unit = UNIT_DECLARATION.search(text)
            if unit and not table.unit:
                table.unit = unit.group(0)
                if len(text) <= len(unit.group(0)) + 2:
                    del self.blocks[at]
                continue
            if is_name_field(text):
                continue
            if not table.title and _looks_like_title(text, self.centered.get(id(block), False)):
                table.title = block.text.strip()
                del self.blocks[at]
            return


def _lift_caption_rows(table: Table) -> list[str]:
    """Title and unit printed as the table's own first rows move onto the Table.

    Returns other caption texts met on those rows (编制单位：…), to print above the table.
    """
    others: list[str] = []
    while table.cells:
        first = [c for c in table.cells if c.row == 0]
        texts = [squeeze(c.text) for c in first if c.text.strip()]
        if any(c.rowspan > 1 for c in first) or not texts or len(texts) > 3:
            break
        declared = [found for t in texts if (found := UNIT_DECLARATION.search(t))]
        units = [found.string for found in declared]
        if units and not table.unit and all(t in units or t.startswith("编制单位") or
                                            t.endswith("年度") for t in texts):
            table.unit = declared[0].group(0)
            table.captions += [c.text.strip() for c in first
                               if UNIT_DECLARATION.search(squeeze(c.text))]
            others += [c.text.strip() for c in first
                       if c.text.strip() and not UNIT_DECLARATION.search(squeeze(c.text))]
        elif len(first) == 1 and not table.title and _looks_like_title(texts[0], True):
            table.title = first[0].text.strip()
        else:
            break
        table.cells = [c for c in table.cells if c.row != 0]
        for cell in table.cells:
            cell.row -= 1
    return others


def _looks_like_title(text: str, centered: bool) -> bool:
    return caption_shaped(text) and (text.endswith("表") or (centered and len(text) <= 30))


def _all_bold(p: _Element) -> bool:
    """Every run with text in the paragraph is bold (direct formatting)."""
    runs = [r for r in _shown(p, qn("w:r")) if _run_text(r).strip()]
    return bool(runs) and all(_run_bold(r) for r in runs)


def _run_text(run: _Element) -> str:
    return "".join(t.text or "" for t in _shown(run, qn("w:t")))


def _run_bold(run: _Element) -> bool:
    rpr = run.find(qn("w:rPr"))
    bold = rpr.find(qn("w:b")) if rpr is not None else None
    return bold is not None and bold.get(qn("w:val"), "true") not in ("0", "false")


def _short_heading(text: str) -> bool:
    return len(text) <= MAX_NUMBERED_HEADING_CHARS and text.rstrip()[-1:] not in "。；;，,"


def _section_break_pages(sect_pr: _Element) -> int:
    kind = _val(sect_pr, "w:type", "nextPage")
    return 0 if kind == "continuous" else 1


# mc:AlternateContent holds a drawing twice: in its mc:Choice for current Word and in its
# mc:Fallback (VML) for older readers. A text box's text is read from the Choice only.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _shown(parent: _Element, *tags: str) -> Iterator[_Element]:
    """``parent.iter(*tags)`` without the copies an mc:Fallback holds."""
    for el in parent.iter(*tags):
        if next(el.iterancestors(_FALLBACK), None) is None:
            yield el


def _inside_paragraph(p: _Element, stop: _Element) -> bool:
    """``p`` sits in a text box of another paragraph below ``stop``."""
    for ancestor in p.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag == qn("w:p"):
            return True
    return False


def _content(parent: _Element) -> Iterator[_Element]:
    """Paragraphs and tables in order, looking inside content controls (w:sdt)."""
    for el in parent:
        if el.tag == qn("w:sdt"):
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                yield from _content(content)
        elif el.tag in (qn("w:p"), qn("w:tbl")):
            yield el


# ---------------------------------------------------------------- tables


def _cells(tbl: _Element) -> list[Cell]:
    """Grid cells with spans: gridSpan gives colspan, vMerge continuations add rowspan."""
    cells: list[Cell] = []
    open_by_col: dict[int, Cell] = {}
    for r, tr in enumerate(el for el in _rows(tbl)):
        tr_pr = tr.find(qn("w:trPr"))
        col = int(_val(tr_pr, "w:gridBefore", "0")) if tr_pr is not None else 0
        for tc in (el for el in _row_cells(tr)):
            tcpr = tc.find(qn("w:tcPr"))
            span = int(_val(tcpr, "w:gridSpan", "1")) if tcpr is not None else 1
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            if vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue" \
                    and col in open_by_col:
                open_by_col[col].rowspan = r - open_by_col[col].row + 1
            else:
                cell = Cell(r, col, _cell_text(tc), colspan=span)
                cells.append(cell)
                open_by_col[col] = cell
            col += span
    return cells


def _is_layout(tbl: _Element) -> bool:
    """A table used to lay content out: one holding tables in its cells, or one cell alone."""
    cells = [tc for tr in _rows(tbl) for tc in _row_cells(tr)]
    return len(cells) == 1 or any(
        el.tag == qn("w:tbl") for tc in cells for el in _content(tc))


def _rows(tbl: _Element) -> Iterator[_Element]:
    for el in tbl:
        if el.tag == qn("w:tr"):
            yield el
        elif el.tag == qn("w:sdt"):
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                yield from _rows(content)


def _row_cells(tr: _Element) -> Iterator[_Element]:
    for el in tr:
        if el.tag == qn("w:tc"):
            yield el
        elif el.tag == qn("w:sdt"):
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                yield from _row_cells(content)


def _cell_text(tc: _Element) -> str:
    lines = []
    for p in _shown(tc, qn("w:p")):
        if not _inside_paragraph(p, tc):  # a text box's: read with the paragraph holding it
            lines.append("".join(t.text or "" for t in _shown(p, qn("w:t"))))
    return "\n".join(line for line in lines if line.strip()).strip()
