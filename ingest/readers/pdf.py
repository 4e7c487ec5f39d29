"""PDF reader: a text PDF into a neutral Document (headings, paragraphs, tables).

pypdfium2 supplies characters with their boxes and the path objects that draw
table rules; lines are rebuilt from character baselines (the text layer's own
order interleaves lines in some reports), ruled tables are cut along their
rules, and the rest of the page becomes headings and paragraphs. A table that
runs onto the next page is merged into one Table, and a paragraph cut by a page
break is joined back.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium

from core.money import NUMBER, UNIT_DECLARATION
from core.text import (
    CLAUSE_END,
    ITEM_NUMBER,
    MAX_CAPTION,
    PAGE_NUMBER,
    ROW_NUMBERING,
    caption_shaped,
    is_continuation_mark,
    numbering,
    squeeze,
    without_continued,
)
from ingest.document import Block, Cell, Document, Table
from ingest.errors import (
    DamagedPageError,
    EmptyFileError,
    EncryptedFileError,
    NoTextFoundError,
    ScannedPageError,
    TruncatedFileError,
    UnmappedTextError,
)
from ingest.readers.limits import check_pages
from ingest.readers.pdf_layout import (
    Char,
    Frame,
    Grid,
    Line,
    Rule,
    find_grids,
    group_lines,
    image_coverage,
    join_chars,
    page_chars,
    page_rules,
    split_runs,
)
from ingest.readers.pdf_text_tables import (
    Row,
    centred_rows,
    continuation_rows,
    find_text_tables,
    fitting_rows,
    widest_overlap,
)

PDFIUM_PASSWORD_ERROR = 4
# The file is refused as a scan when at least one page in this many is a scan.
SCANNED_SHARE = 3
# A page whose text layer draws at least this many characters without a character map
# (a font embedded without its ToUnicode table), and at least this share of all it
# draws, has no usable text: it is read by OCR like a scan. A stray symbol is not.
UNMAPPED_MIN = 5
UNMAPPED_SHARE = 0.3

# Dot leaders (and a page number) closing a contents line.
LEADERS_RE = re.compile(r"(?:…{4,}|\.{4,}|·{4,})\s*\d*$")


@dataclass(slots=True)
class PageTable:
    top: float
    bottom: float
    table: Table
    cols: list[tuple[float, float]]  # x-range of each grid column, to match continuations
    ruled: bool = True  # drawn as a grid; False: columns from text alignment


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    scanned: bool = False  # no text layer, covered by an image
    unmapped: bool = False  # a text layer whose fonts do not say which characters it draws
    # Pictures of tables (x0, top, x1, bottom) pasted into a text page, and what the page
    # was laid out from, kept until OCR has read them (``ocr.read_pictured_tables``).
    pictures: list[tuple[float, ...]] = field(default_factory=list)
    source: tuple[list[Char], list[Rule], list[Rule]] | None = None
    ocr_tried: bool = False  # a scan OCR read without finding text


def read(path: str | Path) -> Document:
    path = Path(path)
    pdf = _open(path)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise EmptyFileError()
        check_pages(n_pages)
        pages = [_read_numbered_page(pdf, i + 1) for i in range(n_pages)]
        scans = [p for p in pages if p.scanned]
        pictured = [p for p in pages if p.pictures]
        ocr_pages: list[int] = []
        if (scans or pictured) and _ocr_enabled():
            from ingest.readers import ocr

            ocr_pages = ocr.read_scanned_pages(pdf, scans)
            ocr_pages = sorted(ocr_pages + ocr.read_pictured_tables(pdf, pictured))
    finally:
        pdf.close()
    return document_of(pages, n_pages, ocr_pages=ocr_pages)


def _skipped(page: Page) -> str:
    n = page.number
    if page.unmapped:
        return (f"第 {n} 页的文字无法提取（字体缺少字符映射），已跳过 "
                f"(page {n}: its fonts do not map to characters, skipped)")
    return f"第 {n} 页是扫描页，没有文字层，已跳过 (page {n} is a scan without text, skipped)"


def _ocr_enabled() -> bool:
    from ingest.readers.ocr import options

    return options().enabled


def document_of(
    pages: list[Page], n_pages: int, *, ocr_pages: Sequence[int] = ()
) -> Document:
    """The Document of read pages (from a text layer or from OCR)."""
    scanned = [p.number for p in pages if p.scanned]
    readable = [p for p in pages if p.lines or p.tables]
    # A report that is mostly scans needs OCR; one scanned page in a text report (a
    # sealed cover, a signature page) is skipped with a warning rather than refusing
    # the whole file.
    if scanned and len(scanned) * SCANNED_SHARE >= len(scanned) + len(readable):
        if any(p.ocr_tried for p in pages):
            raise NoTextFoundError()
        first = next(p for p in pages if p.scanned)
        raise UnmappedTextError(first.number) if first.unmapped else ScannedPageError(first.number)
    if not readable:
        if ocr_pages:
            raise NoTextFoundError()
        raise EmptyFileError()
    _drop_running_heads(pages)
    _continue_text_tables(pages)
    document = Document(page_count=n_pages)
    pictured = [p.number for p in pages if p.pictures and p.number in ocr_pages]
    scans_read = [n for n in ocr_pages if n not in pictured]
    if scans_read:
        listed = "、".join(str(n) for n in scans_read)
        document.warnings.append(
            f"第 {listed} 页由扫描件识别 (OCR)，数字请对照原件核对 "
            f"(pages {', '.join(str(n) for n in scans_read)} were read from scans by OCR)"
        )
    if pictured:
        listed = "、".join(str(n) for n in pictured)
        document.warnings.append(
            f"第 {listed} 页的表格是图片，已由 OCR 识别，数字请对照原件核对 "
            f"(tables pasted as pictures on pages {', '.join(str(n) for n in pictured)} "
            "were read by OCR)"
        )
    document.warnings += [_skipped(p) for p in pages if p.scanned]
    columns = {id(pt.table): pt.cols for page in pages for pt in page.tables}
    edges = {id(pt.table): _at_edges(pt, page) for page in pages for pt in page.tables}
    blocks = _merge_continued_tables(_build_blocks(pages), columns, edges)
    document.blocks = _adopt_orphan_rows(_adopt_captions(blocks, edges))
    if ocr_pages:
        from ingest.readers.ocr_amounts import repair_amounts

        document.warnings += repair_amounts(document, set(ocr_pages))
    return document


# ---------------------------------------------------------------- opening


def _open(path: Path) -> pdfium.PdfDocument:
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFileError()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == PDFIUM_PASSWORD_ERROR:
            raise EncryptedFileError() from exc
        raise TruncatedFileError() from exc
    # pdfium quietly rebuilds a cut-off file; a PDF always ends with %%EOF, so its
    # absence near the end means the upload was truncated and pages may be missing.
    if b"%%EOF" not in data[-2048:]:
        pdf.close()
        raise TruncatedFileError()
    return pdf


def _read_numbered_page(pdf: pdfium.PdfDocument, number: int) -> Page:
    """Page ``number`` (1-based); a page pdfium cannot load or read is named as damaged."""
    try:
        return _read_page(pdf[number - 1], number)
    except pdfium.PdfiumError as exc:
        raise DamagedPageError(number) from exc


def _read_page(page: pdfium.PdfPage, number: int) -> Page:
    frame = Frame.of(page)
    width, height = frame.size
    chars, unmapped = page_chars(page, frame)
    if unmapped >= UNMAPPED_MIN and unmapped >= UNMAPPED_SHARE * (unmapped + len(chars)):
        # The glyphs are drawn but their text cannot be had: read the page as a scan.
        return Page(number=number, width=width, height=height, scanned=True, unmapped=True)
    if not chars:
        result = Page(number=number, width=width, height=height)
        result.scanned = image_coverage(page, width, height) > 0.3
        return result
    images: list[tuple[float, ...]] = []
    horizontal, vertical = page_rules(page, frame, images)
    page.close()
    result = layout_page(chars, horizontal, vertical, number=number, width=width, height=height)
    result.pictures = _pictures(images, chars, width, height)
    if result.pictures:
        result.source = (chars, horizontal, vertical)
    return result


# A picture with no text over it may be a table pasted as an image (a screenshot of a
# spreadsheet); OCR tells by its rules, at a cost of some 40 ms a picture. Looked at: one
# taking at least PICTURE_SHARE of the page, or SMALL_PICTURE_SHARE of a page with little
# text of its own (a chart beside a report's paragraphs is not).
PICTURE_SHARE = 0.3
SMALL_PICTURE_SHARE = 0.08
FEW_CHARS = 300


def _pictures(images: list[tuple[float, ...]], chars: list[Char], width: float,
              height: float) -> list[tuple[float, ...]]:
    found: list[tuple[float, ...]] = []
    least = SMALL_PICTURE_SHARE if len(chars) < FEW_CHARS else PICTURE_SHARE
    for x0, top, x1, bottom in images:
        if (x1 - x0) * (bottom - top) < least * width * height:
            continue
        if any(x0 < ch.cx < x1 and top < ch.cy < bottom for ch in chars):
            continue  # text over an image: a background, not a picture of text
        found.append((max(x0, 0.0), max(top, 0.0), min(x1, width), min(bottom, height)))
    return found


def layout_page(
    chars: list[Char], horizontal: list[Rule], vertical: list[Rule], *,
    number: int, width: float, height: float,
) -> Page:
    """A page from its characters and rules: ruled grids, text tables and lines."""
    result = Page(number=number, width=width, height=height)
    grids = [g for g in find_grids(horizontal, vertical) if len(g.xs) >= 3 and len(g.ys) >= 3]
    loose = _assign_to_grids(chars, grids, result)
    lines = group_lines(loose)
    lines = centred_rows(lines)
    text_tables = find_text_tables(lines, number)
    used = {id(line) for tt in text_tables for line in tt.used}
    result.lines = [line for line in lines if id(line) not in used]
    result.tables += [
        PageTable(tt.top, tt.bottom, tt.table, tt.cols, ruled=False) for tt in text_tables
    ]
    result.tables.sort(key=lambda pt: pt.top)
    return result


def _assign_to_grids(chars: list[Char], grids: list[Grid], page: Page) -> list[Char]:
    """Put each character in its table cell; return those outside every table."""
    per_grid: list[dict[tuple[int, int], list[Char]]] = [{} for _ in grids]
    loose: list[Char] = []
    for ch in chars:
        for i, grid in enumerate(grids):
            spot = grid.locate(ch.cx, ch.cy)
            # A character standing on a baseline above the top rule (the colon of a
            # 部门： line just over the table) is a caption's, whatever its box says.
            if spot is not None and ch.base > grid.ys[0]:
                per_grid[i].setdefault(spot, []).append(ch)
                break
        else:
            loose.append(ch)
    for grid, by_spot in zip(grids, per_grid, strict=True):
        grid, by_spot = _split_unruled_columns(grid, by_spot)
        grid, by_spot = _split_unruled_rows(grid, by_spot)
        table = _grid_table(grid, by_spot, page.number)
        cols = list(pairwise(grid.xs))
        page.tables.append(PageTable(grid.ys[0], grid.ys[-1], table, cols))
    return loose


Spots = dict[tuple[int, int], list[Char]]


def _split_unruled_columns(grid: Grid, by_spot: Spots) -> tuple[Grid, Spots]:
    """Columns whose vertical rule the table forgot: the cells of one grid column hold two
    texts side by side (小计 | 公务用车购置费 over 183.60 | 0), with a gap at the same place
    in every row that has both. The column is split there."""
    for c in range(len(grid.xs) - 2, -1, -1):
        x = _gap_in_column(grid, by_spot, c)
        if x is None:
            continue
        areas = []
        for row, col, rowspan, colspan in grid.areas:
            if col > c:
                areas.append((row, col + 1, rowspan, colspan))
            elif col == c and colspan == 1:
                areas += [(row, c, rowspan, 1), (row, c + 1, rowspan, 1)]
            elif col <= c < col + colspan:
                areas.append((row, col, rowspan, colspan + 1))
            else:
                areas.append((row, col, rowspan, colspan))
        moved: Spots = {}
        for (row, col), chars in by_spot.items():
            for ch in chars:
                spot = (row, col + 1) if col > c or (col == c and ch.cx > x) else (row, col)
                moved.setdefault(spot, []).append(ch)
        grid = Grid(xs=[*grid.xs[: c + 1], x, *grid.xs[c + 1:]], ys=grid.ys, areas=areas)
        by_spot = moved
    return grid, by_spot


# Rows that must show the same gap before a column is split at it.
MIN_SPLIT_ROWS = 2
# A classification code alone on its line: 类 (3 digits), 款 (5) or 项 (7), maybe spaced.
_CODE_LINE = re.compile(r"^\d{3}(?:\s?\d{2}){0,2}$")


def _split_unruled_rows(grid: Grid, by_spot: Spots) -> tuple[Grid, Spots]:
    """Rows whose rule the table forgot: a cell holding a code on each of its lines, one of
    them the parent of the next (301 over 30101: a 类 row over its first 款 row), is
    several rows; read as one, their codes run together (30130101) and their amounts
    too. The code hierarchy tells: the row is split right above each code's line after
    the first, so a 类 row's amounts printed on a line of their own stay with it."""
    # Cells of digits alone on more than one line; most tables have none.
    stacked = sorted({spot for spot, chars in by_spot.items() if _stacked_digits(chars)},
                     reverse=True)
    for r, c in stacked:
        cuts = _code_cuts(grid, by_spot, r, c)
        for y in sorted(cuts, reverse=True):
            areas = []
            for row, col, rowspan, colspan in grid.areas:
                if row > r:
                    areas.append((row + 1, col, rowspan, colspan))
                elif row == r and rowspan == 1:
                    areas += [(r, col, 1, colspan), (r + 1, col, 1, colspan)]
                elif row <= r < row + rowspan:
                    areas.append((row, col, rowspan + 1, colspan))
                else:
                    areas.append((row, col, rowspan, colspan))
            moved: Spots = {}
            for (row, col), chars in by_spot.items():
                for ch in chars:
                    spot = (row + 1, col) if row > r or (row == r and ch.cy > y) else (row, col)
                    moved.setdefault(spot, []).append(ch)
            grid = Grid(xs=grid.xs, ys=[*grid.ys[: r + 1], y, *grid.ys[r + 1:]], areas=areas)
            by_spot = moved
    return grid, by_spot


def _stacked_digits(chars: list[Char]) -> bool:
    """Whether a cell holds digits alone, on more than one line."""
    return bool(chars) and all(ch.text.isdigit() for ch in chars) and (
        max(ch.base for ch in chars) - min(ch.base for ch in chars) > 0.35 * chars[0].size)


def _code_cuts(grid: Grid, by_spot: Spots, r: int, c: int) -> list[float]:
    """Where row ``r`` breaks into rows, when its cell ``c`` holds codes alone, some code the
    parent of the one after it: between each two code lines, in the widest gap between the
    row's lines there (a row's padding, wider than a line's leading; a name wrapped round
    its code starts above it)."""
    chars = by_spot.get((r, c), [])  # a row split already leaves its other cells one line
    lines = group_lines(chars) if chars else []
    codes = [line.text.replace(" ", "") for line in lines]
    if len(lines) < 2 or not all(_CODE_LINE.match(line.text) for line in lines):
        return []
    if not any(b.startswith(a) and len(b) == len(a) + 2 for a, b in pairwise(codes)):
        return []
    row = group_lines([ch for col in range(len(grid.xs) - 1) for ch in by_spot.get((r, col), [])])
    cuts = []
    for upper, lower in pairwise(lines):
        between = [line for line in row if upper.base <= line.base <= lower.base]
        gap, y = max(((b.top - a.bottom, (a.bottom + b.top) / 2)
                      for a, b in pairwise(between)), default=(0.0, lower.top))
        cuts.append(y if gap > 0 else lower.top - 0.2 * lower.size)
    return cuts


def _gap_in_column(grid: Grid, by_spot: Spots, c: int) -> float | None:
    """Where the texts of column ``c``'s single cells part, if they all part there."""
    single = {row for row, col, _rowspan, colspan in grid.areas if col == c and colspan == 1}
    left_ends: list[float] = []
    right_starts: list[float] = []
    for row in single:
        chars = by_spot.get((row, c), [])
        if not _has_wide_gap(chars):
            continue  # most cells: one word or one number
        for line in group_lines(chars) if chars else []:
            runs = split_runs(line, gap=2.0)
            if len(runs) == 2:
                left_ends.append(runs[0].x1)
                right_starts.append(runs[1].x0)
            elif len(runs) > 2:
                return None
    if len(left_ends) < MIN_SPLIT_ROWS or max(left_ends) >= min(right_starts):
        return None
    x = (max(left_ends) + min(right_starts)) / 2
    straddling = any(
        ch.x0 < x < ch.x1 for row in single for ch in by_spot.get((row, c), [])
    )
    return None if straddling else x


def _has_wide_gap(chars: list[Char]) -> bool:
    """Whether some two characters of a cell stand apart by more than two of their widths."""
    ordered = sorted(chars, key=lambda ch: ch.x0)
    return any(b.x0 - a.x1 > 2.0 * max(a.size, 1.0) for a, b in pairwise(ordered))


def _grid_table(grid: Grid, by_spot: Spots, page: int) -> Table:
    cells: list[Cell] = []
    for row, col, rowspan, colspan in grid.areas:
        spots = [(r, c) for r in range(row, row + rowspan) for c in range(col, col + colspan)]
        chars = [ch for spot in spots for ch in by_spot.get(spot, [])]
        if colspan > 1 and _holds_several_columns(chars):
            # Rules drawn only in the header: the body's columns are still apart.
            for c in range(col, col + colspan):
                part = [ch for r in range(row, row + rowspan) for ch in by_spot.get((r, c), [])]
                cells.append(Cell(row, c, _cell_text(part), rowspan, 1))
            continue
        cells.append(Cell(row, col, _cell_text(chars), rowspan, colspan))
    return Table(cells=cells, page=page, pages=[page])


def _holds_several_columns(chars: list[Char]) -> bool:
    """Text in a merged area that breaks at wide gaps is several cells without rules between;
    a word set with its characters spread out (支    出) is one."""
    for line in group_lines(chars) if chars else []:
        runs = split_runs(line, gap=2.0)
        if len(runs) > 1 and any(len(squeeze(run.text)) > 1 for run in runs):
            return True
    return False


def _cell_text(chars: list[Char]) -> str:
    """A cell's lines joined: a name broken across lines in one cell is one name."""
    if not chars:
        return ""
    return _join_texts([line.text for line in group_lines(chars)])


def _join_texts(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[:1].isascii()
            and (part[:1].isalnum())
        ):
            out += " "
        out += part
    return out


# ---------------------------------------------------------------- running heads


def _drop_running_heads(pages: list[Page]) -> None:
    """Remove page numbers and lines repeated at the top or bottom of many pages."""
    margin_texts: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page):
                margin_texts[squeeze(line.text)] += 1
    repeated = {t for t, n in margin_texts.items() if n >= 3 and len(pages) >= 4}
    for page in pages:
        edges = _edge_lines(page)
        page.lines = [
            line
            for line in page.lines
            if not (
                (_in_margin(line, page) or id(line) in edges)
                and (PAGE_NUMBER.match(squeeze(line.text)) or squeeze(line.text) in repeated)
            )
        ]


def _in_margin(line: Line, page: Page) -> bool:
    return line.bottom < page.height * 0.08 or line.top > page.height * 0.92


def _edge_lines(page: Page) -> set[int]:
    """The first and last line of the page, when nothing (no table) lies beyond them.

    A page number printed high above the bottom margin is still the last thing on the
    page; left in, it would stand between a table and its continuation.
    """
    if not page.lines:
        return set()
    top = min(page.lines, key=lambda ln: ln.top)
    bottom = max(page.lines, key=lambda ln: ln.bottom)
    edges = set()
    if all(pt.top >= top.bottom for pt in page.tables):
        edges.add(id(top))
    if all(pt.bottom <= bottom.top for pt in page.tables):
        edges.add(id(bottom))
    return edges


# ---------------------------------------------------------------- blocks


@dataclass(slots=True)
class _Metrics:
    left: float
    right: float


def _page_metrics(page: Page) -> _Metrics:
    lines = [line for line in page.lines if len(line.text) >= 8]
    if not lines:
        return _Metrics(left=0.0, right=page.width)
    lefts = Counter(round(line.x0 / 3) * 3 for line in lines)
    rights = sorted(line.x1 for line in lines)
    return _Metrics(left=float(lefts.most_common(1)[0][0]), right=rights[int(len(rights) * 0.9)])


def _document_metrics(pages: list[Page]) -> dict[int, _Metrics]:
    """Body margins per page width; table pages have too few text lines to measure their own."""
    by_width: dict[int, Page] = {}
    for page in pages:
        key = round(page.width)
        merged = by_width.setdefault(key, Page(0, page.width, page.height))
        merged.lines.extend(page.lines)
    return {key: _page_metrics(page) for key, page in by_width.items()}


def _build_blocks(pages: list[Page]) -> list[Block]:
    builder = _BlockBuilder()
    metrics_by_width = _document_metrics(pages)
    for page in pages:
        consumed = _attach_captions(page)
        metrics = metrics_by_width[round(page.width)]
        items: list[tuple[float, Line | PageTable]] = [
            (line.top, line) for line in page.lines if id(line) not in consumed
        ]
        items += [(pt.top, pt) for pt in page.tables]
        builder.new_page(page, metrics)
        for _, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, PageTable):
                builder.add_table(item.table)
            else:
                builder.add_line(item)
    builder.flush()
    return builder.blocks


def _attach_captions(page: Page) -> set[int]:
    """Give each table the title and unit lines printed just above it."""
    consumed: set[int] = set()
    floor = 0.0
    for pt in page.tables:
        top = pt.top
        above = sorted(
            (ln for ln in page.lines if floor <= ln.bottom <= top + 2 and id(ln) not in consumed),
            key=lambda ln: -ln.bottom,
        )
        for line in above[:4]:
            if top - line.bottom > 120:
                break
            text = squeeze(line.text)
            unit = UNIT_DECLARATION.search(text)
            if unit and not pt.table.unit:
                pt.table.unit = unit.group(0)
                pt.table.captions.append(line.text.strip())
                consumed.add(id(line))
                # 收入支出决算总表 … 单位：万元 printed on one line.
                rest = re.sub(r"编制(?:单位|部门)[:：]\S*", "", text.replace(unit.group(0), ""))
                if rest.endswith("表") and len(rest) <= MAX_CAPTION:
                    pt.table.title = rest
                    break
                continue
            if _looks_like_title(line, text, page):
                pt.table.title = line.text.strip()
                consumed.add(id(line))
                head = _wrapped_head(line, page, consumed)
                if head is not None:
                    pt.table.title = head.text.strip() + pt.table.title
                    consumed.add(id(head))
                break
        floor = pt.bottom
    return consumed


def _wrapped_head(line: Line, page: Page, consumed: set[int]) -> Line | None:
    """The first line of a title wrapped over two (…支出预算 / 表), if ``line`` ends one."""
    above = [ln for ln in page.lines if ln.bottom <= line.top + 1 and id(ln) not in consumed]
    if not above:
        return None
    head = max(above, key=lambda ln: ln.bottom)
    text = squeeze(head.text)
    close = line.top - head.bottom < 1.0 * line.size
    centred = abs((head.x0 + head.x1) / 2 - (line.x0 + line.x1) / 2) < 3 * line.size
    wraps = len(squeeze(line.text)) <= 3 and caption_shaped(text) and not text.endswith("表")
    return head if close and centred and wraps else None


def _looks_like_title(line: Line, text: str, page: Page) -> bool:
    if not caption_shaped(text):
        return False
    if text.endswith(("表", "）", ")")) and "表" in text:
        return True
    if "，" in text or "," in text or line.x1 - line.x0 > 0.6 * page.width:
        return False  # a justified line of prose is centred too
    centre = (line.x0 + line.x1) / 2
    return abs(centre - page.width / 2) < page.width * 0.08 and len(text) <= 30


def _heading_level(text: str) -> int:
    """1–3 for the numbering of parts and sections (第一部分, 一、, （一）); 9 otherwise."""
    found = numbering(text)
    return found[0] if found else 9


class _BlockBuilder:
    """Streams lines and tables into blocks, keeping paragraphs open across pages."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.para: list[str] = []
        self.para_page = 0
        self.prev: Line | None = None
        self.prev_metrics = _Metrics(0.0, 0.0)
        self.page: Page | None = None
        self.metrics = _Metrics(0.0, 0.0)
        self.page_start = False
        self.heading_line: Line | None = None  # the last line read as a heading

    def new_page(self, page: Page, metrics: _Metrics) -> None:
        self.page, self.metrics, self.page_start = page, metrics, True

    def add_table(self, table: Table) -> None:
        self.flush()
        self.heading_line = None
        self.blocks.append(Block(kind="table", page=table.page, table=table))
        self.prev = None

    def add_line(self, line: Line) -> None:
        assert self.page is not None
        text = line.text.strip()
        if self._continues_heading(line, text):
            self.blocks[-1].text += text
            self.heading_line = line
            return
        self.heading_line = None
        if self._is_heading(line, text):
            self.flush()
            self.blocks.append(Block(kind="heading", page=self.page.number, text=text))
            self.prev, self.heading_line = None, line
            self.page_start = False
            return
        if self.para and self._continues(line):
            self.para.append(text)
        else:
            self.flush()
            self.para, self.para_page = [text], self.page.number
        self.prev, self.prev_metrics, self.page_start = line, self.metrics, False

    def flush(self) -> None:
        if self.para:
            text = _join_texts(self.para)
            self.blocks.append(Block(kind="paragraph", page=self.para_page, text=text))
        self.para = []

    def _continues_heading(self, line: Line, text: str) -> bool:
        """A centred title broken over two lines (…部门决算情况 / 说明)."""
        head = self.heading_line
        if head is None or not self.blocks or self.blocks[-1].kind != "heading":
            return False
        assert self.page is not None
        if self.page_start or self.blocks[-1].page != self.page.number:
            return False
        squashed = squeeze(text)
        if not squashed or len(squashed) > 12 or _heading_level(squashed) <= 3:
            return False
        centre = (line.x0 + line.x1) / 2
        head_centre = (head.x0 + head.x1) / 2
        # Only a centred title wraps onto a centred second line; under a heading at
        # the margin (六、年度预算安排) a short line is the section's text.
        if abs(head_centre - self.page.width / 2) > 2 * head.size:
            return False
        close = line.top - head.bottom < 1.0 * line.size
        return close and abs(centre - head_centre) < 3 * line.size

    def _is_heading(self, line: Line, text: str) -> bool:
        squashed = squeeze(text)
        if not squashed or len(squashed) > 40 or squashed[-1] in "。；;，,":
            return False
        runs_to_margin = line.x1 >= self.metrics.right - 1.5 * line.size
        level = _heading_level(squashed)
        if level == 1:
            return True
        if level <= 3:
            return not runs_to_margin or len(squashed) <= 20
        assert self.page is not None
        centre = (line.x0 + line.x1) / 2
        centred = abs(centre - self.page.width / 2) < 2 * line.size
        short = line.x0 > self.metrics.left + 4 * line.size
        return centred and short and len(squashed) <= 30

    def _continues(self, line: Line) -> bool:
        prev = self.prev
        if prev is None:
            return False
        prev_text = prev.text.rstrip()
        if not prev_text or line.x0 > self.metrics.left + 1.2 * line.size:
            return False  # an indented line opens a new paragraph
        if LEADERS_RE.search(prev_text):
            return False  # a contents line: its leaders run to the margin
        if prev_text[-1] in CLAUSE_END and ITEM_NUMBER.match(squeeze(line.text)):
            return False  # the next numbered item, set flush left
        right = self.prev_metrics.right
        full = prev.x1 >= right - 1.5 * prev.size
        # Lines with Latin digits are not always justified to the margin: a line a few
        # characters short that does not end a sentence still runs on.
        nearly = prev.x1 >= right - 6 * prev.size and prev_text[-1] not in CLAUSE_END
        if not (full or nearly):
            return False
        if self.page_start:
            # A centred line (a cover's title) ends its page; 目录 opens a page of its own.
            centred = prev.x0 > self.prev_metrics.left + 4 * prev.size
            return prev_text[-1] not in "。！？!?" and not centred and squeeze(
                line.text) not in ("目录", "目次")
        return line.top - prev.bottom < 1.2 * line.size


# ---------------------------------------------------------------- tables across pages


Columns = dict[int, list[tuple[float, float]]]
# Per table: whether it starts at the top of its page, and whether it runs to the bottom.
Edges = dict[int, tuple[bool, bool]]
# Lines a table page prints over its table: 部门：… 单位：万元, 编制单位：…
_CAPTION_FIELD = re.compile(r"^(?:部门|单位|编制单位|编制部门|金额单位|单位名称)[:：]?")
# A table within this share of the page height from an edge reaches that edge.
EDGE_SHARE = 0.25


def _continue_text_tables(pages: list[Page]) -> None:
    """Give a table ending a page the bare rows that go on at the top of the next.

    Rows without amounts printed under an unruled table at the foot of its page (the
    empty categories of a summary) are its rows too when the table goes on overleaf.
    """
    for before, page in pairwise(pages):
        if page.number != before.number + 1 or not before.tables:
            continue
        last = max(before.tables, key=lambda pt: pt.bottom)
        foot = _foot_rows(last, before)
        if foot is None:
            continue
        first_top = min((pt.top for pt in page.tables), default=page.height)
        lines = [
            ln for ln in page.lines
            if ln.bottom <= first_top and not PAGE_NUMBER.match(squeeze(ln.text))
        ]
        rows = continuation_rows(last.cols, lines, ruled=last.ruled)
        goes_on = bool(rows) or (
            not lines and any(_at_edges(pt, page)[0] for pt in page.tables)
        )
        if not goes_on:
            continue
        _add_rows(last.table, foot, before)
        _add_rows(last.table, rows, page)


def _foot_rows(pt: PageTable, page: Page) -> list[Row] | None:
    """The rows under a table down to the foot of its page; None: it ends above the foot."""
    below = [
        ln for ln in page.lines
        if ln.top >= pt.bottom and not PAGE_NUMBER.match(squeeze(ln.text))
    ]
    if not below:
        return [] if _at_edges(pt, page)[1] else None
    if pt.ruled:
        return None
    rows = fitting_rows(pt.cols, below)
    lowest = max(ln.bottom for ln in below)
    if len(rows) != len(below) or lowest < (1 - EDGE_SHARE) * page.height:
        return None
    if below[0].top - pt.bottom > 2.5 * below[0].size:
        return None
    return rows


def _add_rows(table: Table, rows: list[Row], page: Page) -> None:
    if not rows:
        return
    start = table.n_rows
    for r, (_line, pieces) in enumerate(rows):
        table.cells += [Cell(start + r, c, piece.text.strip()) for c, piece in pieces]
    if page.number not in (table.pages or [table.page]):
        table.pages = [*(table.pages or [table.page]), page.number]
    taken = {id(line) for line, _pieces in rows}
    page.lines = [ln for ln in page.lines if id(ln) not in taken]


def _at_edges(pt: PageTable, page: Page) -> tuple[bool, bool]:
    text_top = min((ln.top for ln in page.lines), default=pt.top)
    above = [ln for ln in page.lines if ln.bottom <= pt.top]
    below = [ln for ln in page.lines if ln.top >= pt.bottom and not PAGE_NUMBER.match(
        squeeze(ln.text))]
    starts_page = pt.top - text_top < EDGE_SHARE * page.height and all(
        _CAPTION_FIELD.match(squeeze(ln.text)) for ln in above)
    return starts_page, not below and pt.bottom > (1 - EDGE_SHARE) * page.height


def _merge_continued_tables(
    blocks: list[Block], columns: Columns, edges: Edges | None = None
) -> list[Block]:
    """Join a table continued on the next page onto the one it continues."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if _continuation_mark(block) and 0 < i < len(blocks) - 1 and \
                blocks[i - 1].kind == blocks[i + 1].kind == "table":
            continue  # 续表 between a table and its continuation: no text of the report
        prev = out[-1] if out else None
        if (
            block.kind == "table"
            and block.table is not None
            and prev is not None
            and prev.kind == "table"
            and prev.table is not None
        ):
            mapping = _continuation_columns(prev.table, block.table, columns, edges or {})
            if mapping is not None:
                _append_rows(prev.table, block.table, mapping)
                continue
        out.append(block)
    return out


def _adopt_captions(blocks: list[Block], edges: Edges) -> list[Block]:
    """A title and unit line printed at the foot of a page whose table starts the next."""
    out: list[Block] = []
    for block in blocks:
        table = block.table
        if block.kind == "table" and table is not None and not table.title and edges.get(
            id(table), (False, False)
        )[0]:
            while out and out[-1].kind != "table" and out[-1].page == block.page - 1:
                text = squeeze(out[-1].text)
                unit = UNIT_DECLARATION.search(text)
                if unit and not table.unit:
                    table.unit = unit.group(0)
                    table.captions.append(out[-1].text.strip())
                elif caption_shaped(text) and text.endswith("表") and not table.title:
                    table.title = out[-1].text.strip()
                else:
                    break
                out.pop()
        out.append(block)
    return out


# The cells of a table row printed as text: runs of figures and runs of words.
_TEXT_CELL = re.compile(rf"{NUMBER}|[^\d\s]+")


def _adopt_orphan_rows(blocks: list[Block]) -> list[Block]:
    """Lines at the top of a page that continue the table ending the page before."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1].table if out and out[-1].kind == "table" else None
        if block.kind == "paragraph" and prev is not None and block.page == max(
            prev.pages or [prev.page]
        ) + 1:
            cells = [_TEXT_CELL.findall(squeeze(line)) for line in block.text.split("\n")]
            if cells and all(len(c) == prev.n_cols and _has_amount(c) for c in cells):
                start = prev.n_rows
                for r, row in enumerate(cells):
                    prev.cells += [Cell(start + r, c, text) for c, text in enumerate(row)]
                prev.pages.append(block.page)
                continue
        out.append(block)
    return out


def _has_amount(cells: list[str]) -> bool:
    return any("." in c and c[0].isdigit() for c in cells)


def _continuation_columns(
    first: Table, second: Table, columns: Columns, edges: Edges
) -> list[int] | None:
    """For a table continuing ``first``, the column of ``first`` each of its columns falls in."""
    if second.page != max(first.pages or [first.page]) + 1:
        return None
    title = squeeze(second.title)
    if is_continuation_mark(title):
        title = ""  # 续表 and nothing else: the page says it continues a table
    if title and without_continued(title) != without_continued(squeeze(first.title)):
        return None
    old, new = columns.get(id(first), []), columns.get(id(second), [])
    if len(old) == len(new) and all(
        abs(a[0] - b[0]) < 6 and abs(a[1] - b[1]) < 6 for a, b in zip(old, new, strict=True)
    ):
        return list(range(len(new)))
    by_heading = _map_by_headings(first, second)
    if by_heading is not None:
        return by_heading
    if not new or not old:
        return None
    # Text-aligned tables lose empty columns on a page: map by position. Ruled tables
    # drawn differently on the next page are another table.
    if _is_ruled(first, columns):
        mapping = [_column_in(old, col) for col in new]
        if any(m is None for m in mapping) or len(set(mapping)) != len(mapping):
            return None
        found = [m for m in mapping if m is not None]
        # Drawn with other columns (类|款|项 merged into one code column), a ruled table
        # continues the first only when it starts with rows, in the first's column order.
        # …or when the first runs to the bottom of its page and the other starts the next.
        page_break = edges.get(id(first), (False, False))[1] and edges.get(id(second),
                                                                          (False, False))[0]
        if first.n_cols != second.n_cols and not title and not (
            (_starts_with_data(second) or page_break) and found == sorted(found)
        ):
            return None
        return found
    return _text_mapping(old, new, second)


def _text_mapping(
    old: list[tuple[float, float]], new: list[tuple[float, float]], second: Table
) -> list[int] | None:
    """Columns of a text-aligned continuation: by overlap, else the nearest column.

    A 合计 printed left of the codes, or centred under two columns, is a column of
    its own on that page; it joins the nearest column when no row fills both.
    """
    mapping = []
    strays = 0
    for col in new:
        best = widest_overlap(old, col)
        if best is None:
            strays += 1
            centre = (col[0] + col[1]) / 2
            best = min(range(len(old)), key=lambda i: abs((old[i][0] + old[i][1]) / 2 - centre))
        mapping.append(best)
    if strays > max(1, len(new) // 4):
        return None  # mostly elsewhere: another table
    rows = second.grid()
    for a, b in pairwise(range(len(mapping))):
        if mapping[a] > mapping[b]:
            return None  # columns out of order: another table
        if mapping[a] == mapping[b] and any(row[a] and row[b] for row in rows):
            return None
    return mapping


def _column_headings(table: Table) -> list[str]:
    """Each column's heading text: the rows above the first row holding a digit."""
    rows = table.grid(fill_merged=True)
    head = next((i for i, row in enumerate(rows) if any(re.search(r"\d", t) for t in row)), 0)
    width = max((len(row) for row in rows), default=0)
    return ["".join(squeeze(row[c]) for row in rows[:head]) for c in range(width)]


def _starts_with_data(table: Table) -> bool:
    """The table's first row already holds figures: a continuation without a header."""
    rows = table.grid()
    return bool(rows) and any(re.search(r"\d", t) for t in rows[0])


def _map_by_headings(first: Table, second: Table) -> list[int] | None:
    """A continuation that repeats the header: columns match by their heading text."""
    old, new = _column_headings(first), _column_headings(second)
    if not any(new) or len(set(filter(None, old))) != len([h for h in old if h]):
        return None
    if not all(heading in old for heading in new if heading) or not all(new):
        return None
    mapping = [old.index(heading) for heading in new]
    return mapping if len(set(mapping)) == len(mapping) else None


def _column_in(cols: list[tuple[float, float]], col: tuple[float, float]) -> int | None:
    found = widest_overlap(cols, col)
    return found if found is not None else _spanned(cols, col)


def _spanned(cols: list[tuple[float, float]], col: tuple[float, float]) -> int | None:
    """The first of several columns that ``col`` covers whole (类 | 款 | 项 drawn as one)."""
    inside = [i for i, (x0, x1) in enumerate(cols) if x0 >= col[0] - 1 and x1 <= col[1] + 1]
    if len(inside) < 2 or inside != list(range(inside[0], inside[-1] + 1)):
        return None
    covered = cols[inside[-1]][1] - cols[inside[0]][0]
    return inside[0] if covered >= 0.8 * (col[1] - col[0]) else None


def _is_ruled(table: Table, columns: Columns) -> bool:
    """Grid tables cover their width edge to edge; text-aligned columns leave gaps."""
    cols = columns.get(id(table), [])
    return all(abs(a[1] - b[0]) < 0.5 for a, b in pairwise(cols))


def _continuation_mark(block: Block) -> bool:
    return block.kind == "paragraph" and is_continuation_mark(block.text)


def _append_rows(first: Table, second: Table, mapping: list[int]) -> None:
    first_rows = first.grid()
    width = first.n_cols
    second_rows = [_remap(row, mapping, width) for row in second.grid()]
    skip = 0
    # A repeated header band: leading rows identical to the first table's leading rows.
    while (
        skip < min(len(second_rows), len(first_rows))
        and any(second_rows[skip])
        and [squeeze(t) for t in second_rows[skip]] == [squeeze(t) for t in first_rows[skip]]
    ):
        skip += 1
    if _is_cut_row(second_rows, skip, first_rows):
        # The first row of the page is the rest of the last row of the one before, a cell
        # cut by the page break (八、社会保障和就 | 业支出): its texts join that row's.
        last = first.n_rows - 1
        for cell in second.cells:
            if cell.row == skip and cell.text.strip():
                target = next(c for c in first.cells if c.row <= last < c.row + c.rowspan
                              and c.col <= mapping[cell.col] < c.col + c.colspan)
                target.text = target.text.rstrip() + cell.text.strip()
        skip += 1
    offset = first.n_rows - skip
    for cell in second.cells:
        if cell.row < skip:
            continue
        col = mapping[cell.col]
        last = mapping[min(cell.col + cell.colspan, len(mapping)) - 1]
        first.cells.append(Cell(cell.row + offset, col, cell.text, cell.rowspan, last - col + 1))
    first.pages.append(second.page)


# The tail of a cell cut by a page break is short: the cell wrapped at its last words.
MAX_CUT_TAIL = 3


def _is_cut_row(rows: list[list[str]], index: int, first_rows: list[list[str]]) -> bool:
    """Whether row ``index`` holds only short word tails of the first table's last row."""
    if index >= len(rows) or not first_rows:
        return False
    texts = [(c, squeeze(t)) for c, t in enumerate(rows[index]) if squeeze(t)]
    last = first_rows[-1]
    return bool(texts) and all(
        len(t) <= MAX_CUT_TAIL and not re.search(r"\d", t) and not ROW_NUMBERING.match(t)
        and c < len(last) and squeeze(last[c])
        for c, t in texts
    )


def _remap(row: list[str], mapping: list[int], width: int) -> list[str]:
    out = [""] * width
    for c, text in enumerate(row):
        if c < len(mapping) and text:
            out[mapping[c]] = text
    return out


__all__ = ["join_chars", "read"]
