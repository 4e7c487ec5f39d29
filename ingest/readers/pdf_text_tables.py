"""Tables printed without rules: columns from text alignment.

Some reports draw no table borders. Such a table shows up as a run of lines
that break into several pieces at wide gaps, most of them ending in amounts.
Columns are the x-ranges those pieces share; the lines just above are the
header (pieces spanning several columns are bands such as 收入 | 支出); a line
with no amounts between two rows is a name broken across lines and goes to the
nearest row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from core.money import UNIT_LABEL, parse_amount
from core.statements import TOTAL_WORDS
from core.text import ROW_NUMBERING, is_column_numbers, squeeze
from ingest.document import Cell, Table
from ingest.readers.pdf_layout import Char, Line, split_runs

# Header words that are complete on their own: a fragment below them is the next level.
WHOLE_HEADERS = frozenset(
    {"项目", "科目编码", "科目名称", "类", "款", "项", "合计", "小计", "决算数", "预算数"}
)
MIN_ROWS = 3
# A code at the start of a row (2010601), not a year (2024年).
_CODE_START = re.compile(r"^\d{3,7}(?![\d年])")
# Three header rows with headings wrapped over three lines, and a 栏次 line.
MAX_HEADER_LINES = 10


@dataclass(slots=True)
class TextTable:
    top: float
    bottom: float
    table: Table
    used: list[Line]
    cols: list[tuple[float, float]]


def _row_start(text: str) -> bool:
    """A row's name or code, never a heading: 一、… （一）… 1. … 2010601 …"""
    return bool(ROW_NUMBERING.match(text) or _CODE_START.match(text))


def _is_amount(text: str) -> bool:
    return parse_amount(text) is not None and ("." in text or "," in text)


def _is_data(runs: list[Line]) -> bool:
    """Several pieces, one of them after the first an amount with decimals or separators."""
    return len(runs) >= 2 and any(_is_amount(r.text) for r in runs[1:])


class _Runs(list):  # type: ignore[type-arg]
    """Each line's pieces, split only when first asked for (most lines never are)."""

    def __init__(self, lines: list[Line]) -> None:
        super().__init__([None] * len(lines))
        self.lines = lines

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        value = super().__getitem__(i)
        if value is None:
            value = split_runs(self.lines[i])
            self[i] = value
        return value


def find_text_tables(lines: list[Line], page: int) -> list[TextTable]:
    ordered = sorted(lines, key=lambda ln: ln.top)
    # Only lines with a digit can be rows; most pages are prose, so look no further there.
    maybe = [i for i, line in enumerate(ordered) if any(ch.isdigit() for ch in line.text)]
    titled = any("表" in line.text[-12:] for line in ordered)
    if not maybe and not titled:
        return []
    runs = _Runs(ordered)
    data_idx = [i for i in maybe if _is_data(runs[i])]
    tables: list[TextTable] = []
    for group in _across_blank_rows(ordered, runs, _blocks(ordered, data_idx)):
        if len(group) < MIN_ROWS and not _headed(ordered, runs, group):
            continue
        table = _build(ordered, runs, group, page)
        if table is not None:
            tables.append(table)
    return tables + _captioned_tables(ordered, runs, set(data_idx), tables, page)


def _headed(lines: list[Line], runs: list[list[Line]], group: list[int]) -> bool:
    """A few amount lines under table headings (a table's last rows on a new page)."""
    cols = _columns([p for i in group for p in runs[i]])
    above = _rows_above(lines, runs, group, cols)
    header = _header_lines(lines, runs, above[0] if above else group[0])
    return any(_is_heading_word(p.text) for i in header for p in runs[i])


def _captioned_tables(
    lines: list[Line], runs: list[list[Line]], data: set[int], found: list[TextTable], page: int
) -> list[TextTable]:
    """Short or empty tables (三公, 本表无数据) found from their title and header lines.

    Too few amount lines to stand out as a table on their own, they are trusted
    only under a title ending in 表 and over a header of table headings.
    """
    used = {id(line) for table in found for line in table.used}
    tables: list[TextTable] = []
    for i, line in enumerate(lines):
        if id(line) in used or not _is_title(line, runs[i]):
            continue
        header, rows = _under_title(lines, runs, data, i)
        if not header or not any(_is_heading_word(p.text) for k in header for p in runs[k]):
            continue
        if any(id(lines[k]) in used for k in header + rows):
            continue
        table = _build(lines, runs, rows, page) if rows else _header_only(lines, runs, header, page)
        if table is not None:
            tables.append(table)
            used.update(id(ln) for ln in table.used)
    return tables


def _under_title(
    lines: list[Line], runs: list[list[Line]], data: set[int], title: int
) -> tuple[list[int], list[int]]:
    """Header lines, then amount lines, following a title (and its unit line)."""
    k = title + 1
    while k < len(lines) and UNIT_LABEL.search(squeeze(lines[k].text)):
        k += 1
    header: list[int] = []
    while k < len(lines) and k not in data and len(header) < MAX_HEADER_LINES:
        if _ends_block(lines, k) or _is_prose(lines[k]) or _has_values(runs[k]):
            break
        text = squeeze(lines[k].text)
        if _is_title(lines[k], runs[k]) or _row_start(text):
            break  # the next title (a 目录 line) or a numbered row is no heading
        header.append(k)
        k += 1
    body: list[int] = []
    while k < len(lines) and not _ends_block(lines, k) and not _is_prose(lines[k]):
        if _is_title(lines[k], runs[k]):
            break
        body.append(k)
        k += 1
    # Rows: amount lines, or lines about as full as the fullest (指标 tables print 13
    # and 36项); a line of a piece or two between rows labels rows merged under it.
    most = max((len(runs[i]) for i in body), default=0)
    rows = [i for i in body if i in data or (len(runs[i]) > 1 and 2 * len(runs[i]) >= most)]
    return header, rows


def _is_title(line: Line, pieces: list[Line]) -> bool:
    """A table title: one short piece ending in 表, maybe with a note in brackets after it."""
    text = re.sub(r"[（(][^（()）]*[）)]$", "", squeeze(line.text))
    return text.endswith("表") and len(text) <= 50 and len(pieces) == 1


def _has_values(pieces: list[Line]) -> bool:
    """A row of figures (13, 36项, ≥95%), not headings; column numbers 1 2 3 are headings."""
    texts = [squeeze(p.text) for p in pieces]
    if all((t.isdigit() and len(t) <= 2) or t in ("栏次", "行次") for t in texts):
        return False
    # Years in headings (2024年预算数) are words, not figures.
    texts = [re.sub(r"(?:19|20)\d\d年(?:度)?", "", t) for t in texts]
    return any(any(ch.isdigit() for ch in t) for t in texts)


def _is_index_line(pieces: list[Line]) -> bool:
    """A 栏次 line: column numbers 1 2 3 …, maybe after the word 栏次 or 行次."""
    return is_column_numbers([p.text for p in pieces])


def _ends_block(lines: list[Line], k: int) -> bool:
    text = squeeze(lines[k].text)
    far = k > 0 and lines[k].top - lines[k - 1].bottom > 3.5 * lines[k - 1].size
    return far or text.startswith(("注", "说明"))


def _is_heading_word(text: str) -> bool:
    squashed = squeeze(text)
    words = ("项目", "科目", "合计", "预算数", "决算数", "小计", "本年", "指标", "分值", "得分")
    return any(w in squashed for w in words)


def _header_only(
    lines: list[Line], runs: list[list[Line]], header: list[int], page: int
) -> TextTable | None:
    """A table printed without rows: its columns are its headings."""
    pieces = [runs[i] for i in header]
    leaves = _leaf_lines(pieces)
    cols = _columns_from_ranges([[p.x0, p.x1] for line in leaves for p in line])
    if len(cols) < 2:
        return None
    heads = [(x0, x1, c) for c, (x0, x1) in enumerate(cols)]
    cells = [
        Cell(r, c0, text, 1, c1 - c0 + 1)
        for r, row in enumerate(_header_cells(cols, pieces, heads, leaves))
        for c0, c1, text in row
    ]
    table = Table(cells=cells, page=page, pages=[page])
    used = [lines[i] for i in header]
    edges = [(x0, x1) for x0, x1 in cols]
    return TextTable(lines[header[0]].top, lines[header[-1]].bottom, table, used, edges)


def _blocks(lines: list[Line], data_idx: list[int]) -> list[list[int]]:
    """Runs of amount lines with nothing but table lines between them (no blank band, no prose)."""
    groups: list[list[int]] = []
    for i in data_idx:
        if groups and _joined(lines, groups[-1][-1], i):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _across_blank_rows(
    lines: list[Line], runs: list[list[Line]], groups: list[list[int]]
) -> list[list[int]]:
    """Join blocks split by a blank row or two: nothing printed between, amounts aligned."""
    out: list[list[int]] = []
    for group in groups:
        prev = out[-1] if out else None
        if (
            prev is not None
            and group[0] == prev[-1] + 1
            and _blank_rows_apart(lines, runs, prev, group)
        ):
            prev.extend(group)
        else:
            out.append(list(group))
    return out


def _blank_rows_apart(
    lines: list[Line], runs: list[list[Line]], above: list[int], below: list[int]
) -> bool:
    pitch = _pitch(lines, above)
    if not pitch:
        return False
    if lines[below[0]].base - lines[above[-1]].base > 3.2 * pitch:
        return False
    # The same table goes on: its amounts end at the same right edges.
    edges = {round(p.x1) for i in above for p in runs[i][1:] if _is_amount(p.text)}
    ends = [round(p.x1) for p in runs[below[0]][1:] if _is_amount(p.text)]
    return bool(ends) and all(any(abs(e - x) <= 2 for x in edges) for e in ends)


def _joined(lines: list[Line], a: int, b: int) -> bool:
    for k in range(a, b):
        if lines[k + 1].top - lines[k].bottom > 3.5 * lines[k].size:
            return False
        if k > a and (_is_prose(lines[k]) or _is_title(lines[k], [lines[k]])):
            return False  # prose or the next table's title between two amount lines
    return True


def _is_prose(line: Line) -> bool:
    text = squeeze(line.text)
    return len(text) > 30 and text[-1] in "。；：，"


def _rows_above(
    lines: list[Line], runs: list[list[Line]], group: list[int], cols: list[list[float]]
) -> list[int]:
    """Name-only rows above the first amount line (a continued table's first rows)."""
    starts = [x0 for x0, _ in cols]
    rows: list[int] = []
    below = lines[group[0]]
    for i in range(group[0] - 1, -1, -1):
        line = lines[i]
        if below.top - line.bottom > 2.5 * line.size or _is_title(line, runs[i]):
            break
        text = squeeze(line.text)
        numbered = bool(_row_start(text))
        aligned = any(abs(runs[i][0].x0 - x) < line.size for x in starts)
        if aligned and not numbered and _wraps_onto(lines, runs, i):
            below = line  # the end of the name above it, wrapped: part of that row
            continue
        if not (numbered and aligned):
            break
        rows.insert(0, i)
        below = line
    return rows


def _wraps_onto(lines: list[Line], runs: list[list[Line]], i: int) -> bool:
    """Line ``i`` goes on with a numbered name just above it, at its left edge."""
    if i == 0 or len(runs[i]) != 1:
        return False
    above, line = lines[i - 1], lines[i]
    return (
        line.top - above.bottom < 0.6 * line.size
        and bool(_row_start(squeeze(above.text)))
        and abs(runs[i - 1][0].x0 - runs[i][0].x0) < 0.5 * line.size
    )


def _header_lines(lines: list[Line], runs: list[list[Line]], first: int) -> list[int]:
    picked: list[int] = []
    below = lines[first]
    for i in range(first - 1, max(first - 1 - MAX_HEADER_LINES, -1), -1):
        line = lines[i]
        if below.top - line.bottom > 2.5 * line.size:
            break
        if UNIT_LABEL.search(squeeze(line.text)) or _is_title(line, runs[i]):
            break
        if (
            _is_prose(line)
            or _has_values(runs[i])
            or _row_start(squeeze(line.text))
        ):
            break  # a row of figures or a numbered row above: this is no header
        picked.insert(0, i)
        below = line
    return picked


def _columns(pieces: list[Line]) -> list[list[float]]:
    """x-ranges shared by the row pieces: overlapping pieces are one column."""
    return _columns_from_ranges([[p.x0, p.x1] for p in pieces])


Heads = list[tuple[float, float, int]]  # a heading's x-range and the column it heads
Lower = tuple[int, int, float, float]  # a placed band: its columns, their middle, its top


def _align_columns(
    cols: list[list[float]], leaves: list[list[Line]], amounts: list[bool]
) -> tuple[list[list[float]], Heads]:
    """Match column headings to the data columns below them, in order.

    Headings are centred (or printed at the left of their cell) while amounts are
    right-aligned, so a heading need not overlap its column: it heads the column whose
    cell holds its middle. A cell of amounts ends where they end, a cell of names or
    codes starts where they start (``amounts``: which data columns hold amounts). A
    heading left over heads a column empty in every row (上级补助收入), a data column
    left over has its heading in a band line.
    """
    heads = _columns_from_ranges([[p.x0, p.x1] for line in leaves for p in line])
    if not heads:
        return cols, []
    centres = [(x0 + x1) / 2 for x0, x1 in cols]
    pitches = sorted(b - a for a, b in pairwise(centres))
    skip = 0.35 * pitches[len(pitches) // 2] if pitches else 30.0
    inner = _cell_bounds(cols, amounts)
    cells = list(zip([float("-inf"), *inner], [*inner, float("inf")], strict=True))

    def cost(head: list[float], j: int) -> float:
        # Outside the column's cell, by how far; inside it, nearer its text is better.
        middle, (left, right) = (head[0] + head[1]) / 2, cells[j]
        return max(0.0, left - middle, middle - right) + 0.1 * _gap(head, cols[j])

    merged: list[tuple[list[float], list[float] | None]] = []
    for head, data in _align(heads, cols, skip, cost):
        if head and data:
            merged.append(([min(head[0], data[0]), max(head[1], data[1])], head))
        else:
            merged.append((list(head or data or []), head))
    merged.sort(key=lambda pair: pair[0][0])
    columns = [rng for rng, _ in merged]
    assigned = [(head[0], head[1], i) for i, (_, head) in enumerate(merged) if head]
    return columns, assigned


def _cell_bounds(cols: list[list[float]], amounts: list[bool]) -> list[float]:
    """Where each data column's cell ends and the next one's begins: a cell of amounts
    ends where they end, a cell of names or codes starts where they start, and between
    names and the amounts after them, midway."""
    return [a[1] if amount else b[0] if not later else (a[1] + b[0]) / 2
            for a, b, amount, later in zip(cols, cols[1:], amounts, amounts[1:], strict=False)]


def _split_at_bounds(piece: Line, bounds: list[float]) -> list[Line]:
    """A header piece cut where it crosses from one column's cell into the next at a gap
    between its characters: headings of narrow columns closer than a word gap (基本支出 |
    项目支出 read as one piece). Only a gap well wider than the piece's other gaps cuts
    (a heading printed letter-spaced, 项    目, is one), and never beside punctuation,
    whose glyphs leave gaps of their own (财政拨款“三公”经费)."""
    chars = piece.chars
    gaps = sorted(b.x0 - a.x1 for a, b in pairwise(chars))
    if not gaps:
        return [piece]
    usual = gaps[len(gaps) // 2]
    cuts = [
        k
        for k, (a, b) in enumerate(pairwise(chars), start=1)
        if b.x0 - a.x1 > 2 * max(usual, 0.0) + 0.2 * piece.size
        and a.text.isalnum() and b.text.isalnum()  # glyphs of punctuation sit apart
        and any(a.x1 - piece.size <= x <= b.x0 + piece.size for x in bounds)
    ]
    if not cuts:
        return [piece]
    parts = [chars[i:j] for i, j in pairwise([0, *cuts, len(chars)])]
    return [Line.of(part) for part in parts]


def _leaf_lines(
    header: list[list[Line]], cols: list[list[float]] | None = None
) -> list[list[Line]]:
    """Header lines of column headings, without band lines (收入 | 支出, 项目 over two).

    ``cols``: the data columns under the header, when known; they tell a band narrower
    than the gap between its columns' headings from a column heading. Such a band can
    share its line with the middle line of a taller heading beside it (科目编码 beside
    本年 / 支出 / 合计): the line keeps that heading and drops the band.
    """
    leaves = []
    bands: set[int] = set()
    everything = [p for line in header for p in line]
    for n, line in enumerate(header):
        if n == 0 and _is_band_line(line, header[1:]):
            continue
        below = [p for lower in header[n + 1 :] for p in lower]
        if any(_spans_several(p, below) for p in line):
            continue
        # Only a line of bands alone: headings of taller cells share a band's baseline.
        if all(_row_above(p, header[n + 1 :]) for p in line):
            continue
        for piece in line:
            # A band wrapped over lines (本年 / 收入) is judged by its last line.
            chain = _wrapped_chain(header, n, piece)
            m, last = chain[-1]
            under = [p for lower in header[m + 1 :] for p in lower]
            if _centred_over_several(last, header[m], under, cols or [], everything):
                bands.update(id(p) for _, p in chain)
        heads = [p for p in line if id(p) not in bands]
        if heads:
            leaves.append(heads)
    return leaves


def _wrapped_chain(header: list[list[Line]], n: int, piece: Line) -> list[tuple[int, Line]]:
    """A heading's lines from ``piece`` (on header line ``n``) down, with their line."""
    chain = [(n, piece)]
    while True:
        m, last = chain[-1]
        nxt = next(((k, q) for k in range(m + 1, len(header)) for q in header[k]
                    if _goes_on_in(last, q) and not _middle_child(last, header[m], q, header[k])),
                   None)
        if nxt is None:
            return chain
        chain.append(nxt)


def _ids(lines: list[list[Line]]) -> set[int]:
    return {id(p) for line in lines for p in line}


def _row_above(piece: Line, lower: list[list[Line]]) -> bool:
    """A band in a header row of its own: a full row above a line of several headings.

    A short band (一般公共预算支出 over 合计 | 基本支出 | 项目支出) overlaps only the
    middle heading; a wrapped heading's next line would follow at a line's leading.
    """
    under = [q for line in lower for q in line if piece.x0 < q.x1 and q.x0 < piece.x1]
    if len(under) != 1:
        return False
    (head,) = under
    line = next(line for line in lower if head in line)
    return len(line) >= 3 and head.base - piece.base > 1.6 * max(piece.size, head.size)


def _spans_several(piece: Line, below: list[Line]) -> bool:
    """A band: lower headings side by side under it (stacked ones are its wrapped lines)."""
    under = [q for q in below if piece.x0 < q.x1 and q.x0 < piece.x1]
    return any(a.x1 <= b.x0 or b.x1 <= a.x0 for a in under for b in under)


def _centred_over_several(
    piece: Line, line: list[Line], below: list[Line], cols: list[list[float]],
    header: list[Line],
) -> bool:
    """A band centred over headings it overlaps not at all or only in the middle.

    Over narrow columns a band is narrower than the gap between its outer headings
    (本年支出 over 合计 | 基本支出, 科目编码 over 类 | 款 | 项). It is still one: lower
    headings sit evenly on either side of its middle, no other heading of its line is
    nearer to them, and the data column under it is headed by a lower heading (one
    nearer to that column than to any other). A column heading between two others
    (科目名称, centred in a taller cell) stands over a column no lower heading heads.
    ``cols``: the data columns under the header; ``header``: all its headings.
    """
    if not cols or any(
        _goes_on_in(piece, q)
        and not _middle_child(piece, line, q, [r for r in below if abs(r.base - q.base) < 1])
        for q in below
    ):
        return False
    middle = _mid(piece)
    others = [q for q in line if q is not piece]
    centre = _mid

    def mine(q: Line) -> bool:
        return all(abs(centre(r) - centre(q)) > abs(middle - centre(q)) for r in others)

    nearest = {id(q): _nearest_column(cols, q) for q in below}
    under = [c for c, (x0, x1) in enumerate(cols) if piece.x0 < x1 and x0 < piece.x1]
    if not all(c in nearest.values() for c in under or [_nearest_column(cols, piece)]):
        return False
    # A heading's later lines are no headings of their own (附属单位上缴收 / 入).
    lower = [q for q in below if mine(q) and not any(_goes_on_in(r, q) for r in header)]
    left = [q for q in lower if centre(q) < middle - piece.size / 2]
    right = [q for q in lower if centre(q) > middle + piece.size / 2]

    def even(lo: float, hi: float) -> bool:
        return abs((lo + hi) / 2 - middle) <= 0.15 * (hi - lo)

    # Evenly between the outer headings, or between the outer edges of their columns
    # (a wide name column beside a narrow amount column).
    return any(
        a.x1 < b.x0 and (
            even(centre(a), centre(b))
            or even(min(a.x0, cols[nearest[id(a)]][0]), max(b.x1, cols[nearest[id(b)]][1]))
        )
        for a in left
        for b in right
    )


def _nearest_column(cols: list[list[float]], piece: Line) -> int:
    """The column nearest a heading: the smallest gap, then the nearest middle."""
    return min(range(len(cols)), key=lambda c: (_gap(cols[c], [piece.x0, piece.x1]),
                                                abs((cols[c][0] + cols[c][1]) / 2 - _mid(piece))))


def _middle_child(piece: Line, line: list[Line], lower: Line, lower_line: list[Line]) -> bool:
    """Whether ``lower``, right under ``piece``, is the middle one of the headings under a
    band (拨款支出 over 合计 | 基本支出 | 项目支出) rather than the band's next line: its
    neighbours on its line sit evenly either side of it, nearer ``piece`` than any other
    heading on ``piece``'s line."""
    centre = _mid
    left = [q for q in lower_line if q.x1 < lower.x0]
    right = [q for q in lower_line if q.x0 > lower.x1]
    if not left or not right:
        return False
    a, b = max(left, key=lambda q: q.x1), min(right, key=lambda q: q.x0)
    if abs((centre(a) + centre(b)) / 2 - centre(lower)) > 0.15 * (centre(b) - centre(a)):
        return False
    middle = centre(piece)
    return all(abs(centre(r) - centre(q)) > abs(middle - centre(q))
               for q in (a, b) for r in line if r is not piece)


def _mid(piece: Line) -> float:
    return (piece.x0 + piece.x1) / 2


def _goes_on_in(piece: Line, lower: Line) -> bool:
    """Whether ``lower`` is the next line of the heading ``piece`` (本年 / 支出 / 合计):
    right under it at a line's leading, centred with it or starting where it starts."""
    size = max(piece.size, lower.size)
    tight = 0 < lower.base - piece.base <= 1.4 * size
    centred = abs(_mid(piece) - _mid(lower)) <= size
    return tight and (centred or abs(lower.x0 - piece.x0) <= size / 2)


def _gap(a: list[float], b: list[float]) -> float:
    return max(0.0, max(a[0], b[0]) - min(a[1], b[1]))


def _align(
    heads: list[list[float]], cols: list[list[float]], skip: float,
    gap: Callable[[list[float], int], float],
) -> list[tuple[list[float] | None, list[float] | None]]:
    """Order-keeping alignment (edit distance) of headings with data columns."""
    n, m = len(heads), len(cols)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = i * skip
    for j in range(1, m + 1):
        cost[0][j] = j * skip
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(
                cost[i - 1][j - 1] + gap(heads[i - 1], j - 1),
                cost[i - 1][j] + skip,
                cost[i][j - 1] + skip,
            )
    pairs: list[tuple[list[float] | None, list[float] | None]] = []
    i, j = n, m
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + gap(heads[i - 1], j - 1):
            pairs.append((heads[i - 1], cols[j - 1]))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + skip:
            pairs.append((heads[i - 1], None))
            i -= 1
        else:
            pairs.append((None, cols[j - 1]))
            j -= 1
    return pairs[::-1]


def _columns_from_ranges(ranges: list[list[float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for x0, x1 in sorted(ranges):
        if merged and x0 <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return merged


def _overlapping(cols: list[list[float]], piece: Line) -> list[int]:
    hits = [c for c, (x0, x1) in enumerate(cols) if piece.x0 < x1 and piece.x1 > x0]
    if hits:
        return hits
    centre = (piece.x0 + piece.x1) / 2
    nearest = min(range(len(cols)), key=lambda c: abs((cols[c][0] + cols[c][1]) / 2 - centre))
    return [nearest]


def _best_column(cols: list[list[float]], piece: Line) -> int:
    def overlap(c: int) -> float:
        return min(piece.x1, cols[c][1]) - max(piece.x0, cols[c][0])

    return max(_overlapping(cols, piece), key=overlap)


def _build(
    lines: list[Line], runs: list[list[Line]], group: list[int], page: int
) -> TextTable | None:
    cols = _columns([p for i in group for p in runs[i]])
    if len(cols) < 2:
        return None
    group = _rows_above(lines, runs, group, cols) + group
    first, last = group[0], group[-1]
    found = _header_lines(lines, runs, first)
    # Column numbers (栏次 1 2 3) are centred where amounts are right-aligned: kept as
    # headings they would open columns of their own, and they name nothing.
    header = [i for i in found if not _is_index_line(runs[i])]
    printed = [p for i in group for p in runs[i]]
    amounts = [all(_is_amount(p.text) for p in printed if p.x0 < x1 and x0 < p.x1)
               for x0, x1 in cols]
    bounds = _cell_bounds(cols, amounts)
    pieces = [[q for p in runs[i] for q in _split_at_bounds(p, bounds)] for i in header]
    leaves = _leaf_lines(pieces, cols)
    cols, heads = _align_columns(cols, leaves, amounts)
    header_rows = _header_cells(cols, pieces, heads, leaves)
    tail = _wrapped_tail(lines, runs, group)
    last = tail[-1] if tail else last
    body, merged = _body_rows(lines, runs, group, cols, last)
    cells: list[Cell] = []
    for r, spans in enumerate(header_rows):
        for c0, c1, text in spans:
            cells.append(Cell(r, c0, text, 1, c1 - c0 + 1))
    offset = len(header_rows)
    for r, row in enumerate(body):
        for c, text in enumerate(row):
            if text:
                cells.append(Cell(offset + r, c, text))
    for r, c, rowspan, text in merged:
        cells.append(Cell(offset + r, c, text, rowspan, 1))
    used = [lines[i] for i in found] + lines[first : last + 1]
    top = lines[found[0]].top if found else lines[first].top
    table = Table(cells=cells, page=page, pages=[page])
    edges = [(x0, x1) for x0, x1 in cols]
    return TextTable(top=top, bottom=lines[last].bottom, table=table, used=used, cols=edges)


def _header_cells(
    cols: list[list[float]], header: list[list[Line]], heads: Heads, leaves: list[list[Line]]
) -> list[list[tuple[int, int, str]]]:
    """Band rows (headings over several columns) first, then the column headings by level."""
    leaf_ids = _ids(leaves)
    chains = _wrapped_bands(header, leaf_ids)
    wrapped = {id(chain[0]): chain for chain in chains}
    tails = {id(p) for chain in chains for p in chain[1:]}
    spans = _band_spans(cols, header, heads, leaves, chains)
    bands: list[list[tuple[int, int, str]]] = []
    levels: list[list[str]] = [[] for _ in cols]
    last_piece: dict[int, Line] = {}
    for n, pieces in enumerate(header):
        if n == 0 and _is_band_line(pieces, header[1:]):
            sides = _side_spans(cols, pieces, header, heads)
            if sides:
                bands.append(sides)  # 收入 | 支出 over a two-sided table
                continue
        band_row: list[tuple[int, int, str]] = []
        for piece in pieces:
            is_leaf = id(piece) in leaf_ids
            if id(piece) in tails:
                continue  # a band's next line: read with its first
            text = squeeze(piece.text)
            if id(piece) in wrapped:
                text = "".join(squeeze(p.text) for p in wrapped[id(piece)])
            col = _head_column(piece, heads) if is_leaf else None
            hit = [col] if col is not None else _overlapping(cols, piece)
            if len(hit) > 1 or not is_leaf:
                lo, hi = spans.get(id(piece), (hit[0], hit[-1]))
                band_row.append((lo, hi, text))
                continue
            stack = levels[hit[0]]
            if stack and _wraps(stack[-1], last_piece[hit[0]], piece):
                stack[-1] += text  # a heading broken across lines
            else:
                stack.append(text)
            last_piece[hit[0]] = piece
        if band_row:
            bands.append(band_row)
    depth = max((len(s) for s in levels), default=0)
    leaf_rows: list[list[tuple[int, int, str]]] = [[] for _ in range(depth)]
    for c, stack in enumerate(levels):
        for level, text in enumerate(stack):
            leaf_rows[level].append((c, c, text))
    return bands + leaf_rows


def _wrapped_bands(header: list[list[Line]], leaf_ids: set[int]) -> list[list[Line]]:
    """Band headings wrapped over lines (本年 / 收入), each its lines top down."""
    chains: list[list[Line]] = []
    seen: set[int] = set()
    for n, line in enumerate(header):
        for piece in line:
            if id(piece) in leaf_ids or id(piece) in seen:
                continue
            chain = [p for _, p in _wrapped_chain(header, n, piece)]
            if len(chain) > 1 and not any(id(p) in leaf_ids for p in chain):
                chains.append(chain)
                seen.update(id(p) for p in chain)
    return chains


def _wraps(upper: str, above: Line, piece: Line) -> bool:
    """Whether ``piece`` continues the heading above it rather than naming a level below.

    A complete heading word (项目, 合计) is a level of its own, unless a short tail
    follows at a line's leading, as in a cell wrapped over lines (项目 / 支出).
    """
    if upper not in WHOLE_HEADERS:
        return True
    tight = piece.base - above.base <= 1.4 * max(piece.size, above.size)
    return tight and len(squeeze(piece.text)) <= 2


def _head_column(piece: Line, heads: Heads) -> int | None:
    return next((c for x0, x1, c in heads if x0 - 0.5 <= piece.x0 and piece.x1 <= x1 + 0.5), None)


def _head_lines(
    header: list[list[Line]], heads: Heads, leaves: list[list[Line]]
) -> dict[int, int]:
    """For each headed column, the first header line its heading starts on."""
    top: dict[int, int] = {}
    for n, piece in _head_pieces(header, leaves):
        col = _head_column(piece, heads)
        if col is not None:
            top.setdefault(col, n)
    return top


def _head_middles(
    header: list[list[Line]], heads: Heads, leaves: list[list[Line]]
) -> dict[int, float]:
    """For each headed column, the middle of its heading, from its first line to its last."""
    extent: dict[int, tuple[float, float]] = {}
    for _, piece in _head_pieces(header, leaves):
        col = _head_column(piece, heads)
        if col is not None:
            top, bottom = extent.get(col, (piece.top, piece.bottom))
            extent[col] = (min(top, piece.top), max(bottom, piece.bottom))
    return {col: (top + bottom) / 2 for col, (top, bottom) in extent.items()}


def _head_pieces(
    header: list[list[Line]], leaves: list[list[Line]]
) -> list[tuple[int, Line]]:
    """The pieces of the column headings' lines (not the band lines), with their line."""
    ids = _ids(leaves)
    return [(n, piece) for n, line in enumerate(header) for piece in line if id(piece) in ids]


def _band_spans(
    cols: list[list[float]], header: list[list[Line]], heads: Heads, leaves: list[list[Line]],
    chains: list[list[Line]],
) -> dict[int, tuple[int, int]]:
    """Columns under each band heading, worked out from the lowest band line up.

    A band heading is centred over its columns and over the bands below it, and
    covers only columns whose headings start on a lower line (本年支出 spans 小计 |
    基本支出 | 项目支出 but not 本年收入, centred on a line of its own).
    """
    top = _head_lines(header, heads, leaves)
    middles = _head_middles(header, heads, leaves)
    edges = _cell_edges(cols)
    spans: dict[int, tuple[int, int]] = {}
    lower: list[Lower] = []  # bands already placed
    leaf_ids = _ids(leaves)
    # A wrapped band's upper lines span what its last line spans.
    last_line = {id(p): chain[-1] for chain in chains for p in chain[:-1]}
    for n in range(len(header) - 1, -1, -1):
        for p in header[n]:
            if id(p) in last_line:
                spans[id(p)] = spans[id(last_line[id(p)])]
        pieces = [p for p in header[n] if id(p) not in leaf_ids and id(p) not in last_line]
        if not pieces:
            continue
        # A band over the whole table, unless it starts at a column's left edge inside.
        if n == 0 and len(header[0]) == 1 and len(header) > 1 and _centred(pieces[0], cols) \
                and (_left_start(pieces[0], cols) or 0) == 0:
            spans[id(pieces[0])] = (0, len(cols) - 1)
            continue
        starts = {id(p): _initial_span(p, cols, lower) for p in pieces}
        for piece in sorted(pieces, key=lambda q: q.x0):
            # Bands of one line never share a column: those placed (left of this one) hold
            # their columns, the others the columns they start from.
            taken = {
                c
                for q in pieces
                if q is not piece
                for lo, hi in [spans.get(id(q), starts[id(q)])]
                for c in range(lo, hi + 1)
            }
            lo, hi = _widen(starts[id(piece)], piece, edges, (top, middles), n, taken,
                            lower, _left_start(piece, cols))
            spans[id(piece)] = (lo, hi)
        lower += [(*spans[id(p)], (edges[spans[id(p)][0]] + edges[spans[id(p)][1] + 1]) / 2,
                   p.top) for p in pieces]
    return spans


def _cell_edges(cols: list[list[float]]) -> list[float]:
    """Where each column's cell begins and the last ends: the table's outer edges, and
    between two columns the middle of the gap between what they print (headings are
    centred in their cells; names start at a cell's left, amounts end at its right)."""
    inner = [(a[1] + b[0]) / 2 for a, b in pairwise(cols)]
    return [cols[0][0], *inner, cols[-1][1]]


def _centred(piece: Line, cols: list[list[float]]) -> bool:
    left, right = cols[0][0], cols[-1][1]
    return abs((piece.x0 + piece.x1) / 2 - (left + right) / 2) < 0.1 * (right - left)


def _initial_span(
    piece: Line, cols: list[list[float]], lower: list[Lower]
) -> tuple[int, int]:
    hit = _overlapping(cols, piece)
    for lo, hi, centre, _ in lower:
        # A band centred over a lower band, or over some of its columns: never over a part.
        if piece.x0 <= centre <= piece.x1 or any(lo <= c <= hi for c in hit):
            hit += [lo, hi]
    return min(hit), max(hit)


def _widen(
    span: tuple[int, int],
    piece: Line,
    edges: list[float],
    starts: tuple[dict[int, int], dict[int, float]],
    line: int,
    taken: set[int],
    lower: list[Lower],
    left: int | None = None,
) -> tuple[int, int]:
    """Grow a band's columns while that keeps it centred under its heading.

    ``left``: the column at whose left edge the heading starts, if it does. Printed
    there, not centred over one column, it heads the columns from there rightwards
    that are free to take (本年支出 at the left of 合计 | 基本支出 | 项目支出).
    """
    centre = (piece.x0 + piece.x1) / 2
    reach = 2 * (piece.x1 - piece.x0)
    # A lower band a line's height or more below us is in a header row under ours (项目支出
    # under 本年支出); one closer is centred in a taller cell that our row shares.
    below = [(lo, hi) for lo, hi, _, b_top in lower if b_top >= piece.bottom + piece.size]
    # The columns under one band have their headings start on the same line, or, centred
    # in one row, share their middle (其中：教育收费 wrapped over two lines beside 小计);
    # columns under a band in a row below ours are that band's, one heading under us.
    top, middles = starts
    under = [c for c in range(span[0], span[1] + 1) if c in top]
    level = min((top[c] for c in under), default=None)
    middle = next((middles[c] for c in under if top[c] == level), None)

    def same_level(c: int) -> bool:
        if level is None or top.get(c, level) == level:
            return True
        if any(b_lo <= c <= b_hi for b_lo, b_hi in below):
            return True
        return middle is not None and abs(middles[c] - middle) < 0.5 * piece.size

    def grown(lo: int, hi: int) -> tuple[int, int] | None:
        # Taking a column under a lower band takes that whole band, if it sits under us.
        for b_lo, b_hi, b_centre, _ in lower:
            if b_lo <= hi and lo <= b_hi and not (lo <= b_lo and b_hi <= hi):
                if abs(b_centre - centre) > reach and (b_lo, b_hi) not in below:
                    return None
                lo, hi = min(lo, b_lo), max(hi, b_hi)
        if lo < 0 or hi >= len(edges) - 1:
            return None
        cols = range(lo, hi + 1)
        if any(c in taken or top.get(c, line + 1) <= line for c in cols):
            return None
        if not all(same_level(c) for c in cols):
            return None
        return lo, hi

    def off(lo: int, hi: int) -> float:
        return abs((edges[lo] + edges[hi + 1]) / 2 - centre)

    centres = [(a + b) / 2 for a, b in pairwise(edges)]
    pitches = sorted(b - a for a, b in pairwise(centres))
    tolerance = 0.3 * pitches[len(pitches) // 2] if pitches else 0.0
    lo, hi = span
    while True:
        # One more column on one side if that centres the band better (小计 over two) …
        sides = [g for g in (grown(lo - 1, hi), grown(lo, hi + 1)) if g]
        better = [g for g in sides if off(*g) < off(lo, hi) - 0.5]
        if better:
            lo, hi = min(better, key=lambda g: off(*g))
            continue
        # … else one on each side while it stays centred (本年支出 over three).
        both = grown(lo - 1, hi + 1)
        if not both or off(*both) > off(lo, hi) + tolerance:
            break
        lo, hi = both
    if left is None or lo != left or (lo < hi and off(lo, hi) <= tolerance):
        return lo, hi
    while (wider := grown(lo, hi + 1)) is not None and wider[0] == lo:
        hi = wider[1]
    return lo, hi


def _left_start(piece: Line, cols: list[list[float]]) -> int | None:
    """The column whose left edge a heading starts at: after the column before it ends,
    not after it starts."""
    for k, (x0, _) in enumerate(cols):
        if piece.x0 <= x0 + piece.size / 2:
            return k if k == 0 or cols[k - 1][1] < piece.x0 else None
    return None


def _side_spans(
    cols: list[list[float]], pieces: list[Line], header: list[list[Line]], heads: Heads
) -> list[tuple[int, int, str]]:
    """收入 | 支出 over a two-sided table: each side starts at its code or name column."""
    keys = {
        col
        for line in header
        for piece in line
        if _is_key_heading(squeeze(piece.text))
        and (col := _head_column(piece, heads)) is not None
    }
    starts = [c for c in sorted(keys) if c - 1 not in keys]
    if len(starts) != len(pieces):
        return []
    ends = [s - 1 for s in starts[1:]] + [len(cols) - 1]
    sides = list(zip(pieces, starts, ends, strict=True))
    if not all(_heads_side(piece, cols[c0][0], cols[c1][1]) for piece, c0, c1 in sides):
        return []  # bands of another kind (项目 over the code columns, 本年支出 over amounts)
    return [(c0, c1, squeeze(piece.text)) for piece, c0, c1 in sides]


def _heads_side(piece: Line, left: float, right: float) -> bool:
    """Whether a band heading stands over the side from ``left`` to ``right``: centred
    over it, or printed at its left edge."""
    return abs(_mid(piece) - (left + right) / 2) <= 0.25 * (right - left) or \
        abs(piece.x0 - left) <= 2 * piece.size


def _is_key_heading(text: str) -> bool:
    """Headings of the columns that identify a row: code and name."""
    # 款 and 项 alone may be the wrapped end of a heading (…财政拨 / 款); a side starts at 类.
    return _is_name_heading(text) or "编码" in text or text == "类"


def _is_name_heading(text: str) -> bool:
    return text in ("项目", "科目", "项目名称") or text.endswith("名称")


def _is_band_line(pieces: list[Line], below: list[list[Line]]) -> bool:
    """A first header line of a few words over a line of many (收入 | 支出)."""
    most = max((len(line) for line in below), default=0)
    if len(pieces) < 2 or most < 2 * len(pieces):
        return False
    # A heading wrapped onto the next line (附属单位上缴收 / 入) is not a band.
    tails = [p for line in below for p in line if len(squeeze(p.text)) <= 2]
    return not any(p.x0 <= (q.x0 + q.x1) / 2 <= p.x1 for p in pieces for q in tails)


Merged = list[tuple[int, int, int, str]]  # (row, col, rowspan, text)


def _pitch(lines: list[Line], group: list[int]) -> float:
    """The usual distance between the baselines of neighbouring amount lines (0: unknown)."""
    pitches = sorted(lines[b].base - lines[a].base for a, b in pairwise(group) if b == a + 1)
    return pitches[len(pitches) // 2] if pitches else 0.0


def _wrapped_tail(lines: list[Line], runs: list[list[Line]], group: list[int]) -> list[int]:
    """Lines just under the last row, closer than a row pitch: the end of its wrapped name."""
    pitch = _pitch(lines, group)
    if not pitch:
        return []
    tail: list[int] = []
    k = group[-1] + 1
    while k < len(lines) and lines[k].base - lines[k - 1].base < 0.5 * pitch:
        text = squeeze(lines[k].text)
        if _is_prose(lines[k]) or _has_values(runs[k]) or text.startswith(("注", "说明")):
            break
        tail.append(k)
        k += 1
    return tail


def _body_rows(
    lines: list[Line],
    runs: list[list[Line]],
    group: list[int],
    cols: list[list[float]],
    last: int,
) -> tuple[list[list[str]], Merged]:
    """One row per data line and per name-only line, and the labels of merged rows.

    A line without amounts between rows is either the broken-off end of a cell
    that has text (joined to the nearest row) or a label for a column the rows
    leave empty, printed centred on the rows it covers (产出指标 over three
    indicators): that becomes one cell spanning those rows.
    """
    row_idx = _row_lines(lines, runs, group, cols)
    pitch = _pitch(lines, group)
    rows = {i: [""] * len(cols) for i in row_idx}
    for i in row_idx:
        for piece in runs[i]:
            c = _best_column(cols, piece)
            rows[i][c] = f"{rows[i][c]} {piece.text}".strip()
    labels: dict[int, list[tuple[float, str]]] = {}
    previous: dict[int, int] = {}  # column → line of its last label, to join wrapped labels
    for i in range(group[0], last + 1):
        if i in rows:
            continue
        nearest = min(row_idx, key=lambda g: abs(lines[g].base - lines[i].base))
        tight = abs(lines[nearest].base - lines[i].base) < 0.4 * pitch
        for piece in runs[i]:
            c = _best_column(cols, piece)
            cell = rows[nearest][c]
            if not cell and tight and 2 * sum(1 for r in rows.values() if r[c]) > len(rows):
                # A column of names: the piece is part of its nearest row's name, printed
                # above and below the amounts when the row is centred vertically. A label
                # over two rows sits half a pitch from both, a wrapped name nearer its row.
                rows[nearest][c] = piece.text
            elif cell:
                rows[nearest][c] = cell + piece.text if i > nearest else piece.text + cell
            elif previous.get(c) == i - 1 and labels[c]:
                base, text = labels[c][-1]
                labels[c][-1] = ((base + lines[i].base) / 2, text + piece.text)
                previous[c] = i
            else:
                labels.setdefault(c, []).append((lines[i].base, piece.text))
                previous[c] = i
    row_idx = _amounts_under_names(lines, row_idx, rows, pitch)
    row_idx = _amounts_over_parents(lines, row_idx, rows, pitch)
    merged = _merged_labels(lines, row_idx, rows, labels)
    return [rows[i] for i in row_idx], merged


def _amounts_under_names(
    lines: list[Line], row_idx: list[int], rows: dict[int, list[str]], pitch: float
) -> list[int]:
    """Join a line of amounts alone to the row of names alone just above it.

    A row drawn taller than the rest (a 类 over its first 款) prints its amounts centred
    lower, on a line of their own, closer to its name than a row's pitch: one row, not a
    named row of nothing and an unnamed row of amounts. The end of a coded row's name,
    wrapped onto that line of amounts, goes back onto its name.
    """
    def coded(row: list[str]) -> bool:
        return any(_CODE_START.match(t) for t in row if t)

    kept: list[int] = []
    for i in row_idx:
        if kept and pitch:
            above, row = rows[kept[-1]], rows[i]
            texts = [t for t in row if t]
            if (
                texts
                and any(parse_amount(t) is not None for t in texts)
                and all(_amount_or_tail(t, above[c], coded(above)) for c, t in enumerate(row) if t)
                and any(above)
                and not any(_is_amount(t) for t in above if t)  # codes are no amounts
                and lines[i].base - lines[kept[-1]].base < 0.9 * pitch
            ):
                for c, t in enumerate(row):
                    if t:
                        above[c] = above[c] + t
                continue
        kept.append(i)
    return kept


def _amounts_over_parents(
    lines: list[Line], row_idx: list[int], rows: dict[int, list[str]], pitch: float
) -> list[int]:
    """Join a line of amounts alone to the 类 (or 款) row of names alone just under it.

    A 类 row drawn taller than the rest can print its amounts at its top and its code and
    name at its foot, right over its first 款 row: read as lines, an unnamed row of amounts
    over a named row of nothing. The code hierarchy tells them one row: the row under the
    amounts holds a 类 or 款 code (3 or 5 digits) and no amount, the row after it a code one
    level down under it, and the amounts stand in columns that row leaves empty, closer to
    it than a row's pitch. Up to two pitches off (a row three lines high) the accounting
    identity decides: joined only when, with every such join made, the amounts are the
    sums of the rows one level down, as a 类 row's are. Amounts under a row of names alone
    were joined up before.
    """
    if not pitch:
        return row_idx
    joins = {n: lines[row_idx[n + 1]].base - lines[row_idx[n]].base
             for n in range(len(row_idx) - 2) if _parent_below(rows, row_idx, n)}
    joins = {n: d for n, d in joins.items() if d < 2 * pitch}
    if not joins:
        return row_idx
    joined = {i: list(cells) for i, cells in rows.items()}
    for n in joins:
        below = joined[row_idx[n + 1]]
        for c, text in enumerate(rows[row_idx[n]]):
            if text:
                below[c] = text
    kept = [i for n, i in enumerate(row_idx) if n not in joins]
    for n, distance in joins.items():
        parent = row_idx[n + 1]
        if distance >= 0.9 * pitch and not _sums_of_children(
            joined, kept[kept.index(parent) + 1:], rows[row_idx[n]], _parents(rows[parent])
        ):
            joined[parent] = rows[parent]  # the identity does not hold: two rows after all
            kept.insert(kept.index(parent), row_idx[n])
    rows.update({i: joined[i] for i in kept})
    return kept


def _parents(names: list[str]) -> dict[int, str]:
    """The 类 and 款 codes of a row, by column."""
    return {c: _code_of(t) for c, t in enumerate(names) if len(_code_of(t)) in (3, 5)}


def _parent_below(rows: dict[int, list[str]], row_idx: list[int], n: int) -> bool:
    """Whether the amounts-only row ``row_idx[n]`` may be the top line of the coded row under
    it: a parent code there, a child code right under that, amounts where it has none."""
    amounts, names, child = rows[row_idx[n]], rows[row_idx[n + 1]], rows[row_idx[n + 2]]
    if not any(amounts) or not all(_is_amount(t) for t in amounts if t):
        return False
    if any(_is_amount(t) for t in names if t) or any(t and names[c] for c, t in enumerate(amounts)):
        return False
    return any(_code_of(child[c]).startswith(code) and len(_code_of(child[c])) == len(code) + 2
               for c, code in _parents(names).items())


def _code_of(text: str) -> str:
    match = _CODE_START.match(text)
    return match.group(0) if match else ""


def _sums_of_children(
    rows: dict[int, list[str]], below: list[int], amounts: list[str], parents: dict[int, str]
) -> bool:
    """Whether each amount is the sum of the rows one level down under the parent code on its
    left (a two-sided table has a code column per side), in the amount's column; an amount
    of a row with none under it (the other side's, level with the parent) is not checked,
    but one amount at least must be."""
    checked = False
    starts = sorted(parents)
    for c, text in enumerate(amounts):
        if not text:
            continue
        side = max((s for s in starts if s < c), default=None)
        if side is None:
            return False
        code, total, seen = parents[side], Decimal(0), False
        for k in below:
            child = _code_of(rows[k][side])
            if not child.startswith(code):
                break
            if len(child) == len(code) + 2 and rows[k][c]:
                value = parse_amount(rows[k][c])
                if value is None:
                    return False
                total += Decimal(value)
                seen = True
        if not seen:
            continue  # a row with nothing under it, level with the parent on the other side
        if total != Decimal(parse_amount(text) or "0"):
            return False
        checked = True
    return checked


def _amount_or_tail(text: str, above: str, coded: bool) -> bool:
    """An amount under an empty cell, or (under a row with a code) the end of its name
    wrapped onto the line of its amounts: a 类 row's name too long for its column."""
    if not above:
        return parse_amount(text) is not None
    return coded and not (
        _row_start(text) or TOTAL_WORDS.search(text) or parse_amount(text) is not None
    )


def _merged_labels(
    lines: list[Line],
    row_idx: list[int],
    rows: dict[int, list[str]],
    labels: dict[int, list[tuple[float, str]]],
) -> Merged:
    """Give each label the run of rows, empty in its column, that it is centred on."""
    merged: Merged = []
    for c, found in labels.items():
        bases = [lines[i].base for i in row_idx]
        free = [not rows[i][c] for i in row_idx]
        start = 0
        for base, text in sorted(found):
            best: tuple[float, int, int] | None = None
            for s in range(start, len(row_idx)):
                if not free[s]:
                    continue
                for e in range(s, len(row_idx)):
                    if not free[e]:
                        break
                    miss = abs((bases[s] + bases[e]) / 2 - base)
                    if best is None or miss < best[0] - 0.5:
                        best = (miss, s, e)
            if best is None:
                continue
            _, s, e = best
            merged.append((s, c, e - s + 1, text))
            start = e + 1
    return merged


def _row_lines(
    lines: list[Line], runs: list[list[Line]], group: list[int], cols: list[list[float]]
) -> list[int]:
    """Data lines, plus lines without amounts that sit a full row pitch below the row above.

    A name broken across lines is set tighter than the pitch between rows, so a
    line closer than that to the row above continues it.
    """
    pitch = _pitch(lines, group)
    starts = [x0 for x0, _ in cols]
    picked: list[int] = []
    for i in range(group[0], group[-1] + 1):
        if i in group or isinstance(lines[i], CentredRow):
            picked.append(i)
            continue
        above = lines[picked[-1]].base if picked else lines[i].base
        below = lines[next(g for g in group if g > i)].base
        aligned = any(abs(runs[i][0].x0 - x) < 2 * lines[i].size for x in starts)
        # A name wrapped in a row centred vertically prints just above its amounts.
        apart = lines[i].base - above >= 0.75 * pitch and below - lines[i].base >= 0.5 * pitch
        if pitch and apart and (aligned or len(runs[i]) > 1):
            picked.append(i)
        elif aligned and _row_start(squeeze(lines[i].text)):
            picked.append(i)  # a code or a number in its column starts a row, however near
        elif (not pitch and aligned and not _wrapped_from_above(lines, runs, i, group)
              and not _wraps_into_below(lines, i, group)):
            # No pitch to go by: a name that goes on neither from above nor into the
            # amounts below.
            picked.append(i)
    return picked


def _wraps_into_below(lines: list[Line], i: int, group: list[int]) -> bool:
    """Line ``i`` is the start of a name centred on the line of amounts just below it: it
    is set at a line's leading above that line, and farther from the line above it."""
    if i == 0 or i + 1 not in group:
        return False
    size = max(lines[i].size, 1.0)
    below = lines[i + 1].top - lines[i].bottom
    above = lines[i].top - lines[i - 1].bottom
    return below <= 0.6 * size and above > below + 0.25 * size


def _wrapped_from_above(
    lines: list[Line], runs: list[list[Line]], i: int, group: list[int]
) -> bool:
    """Line ``i`` is the end of a name on the line just above, which fills its column."""
    piece, size = runs[i][0], max(lines[i].size, 1.0)
    if i == 0 or lines[i].top - lines[i - 1].bottom > 0.6 * size:
        return False
    same = [p for k in range(group[0], group[-1] + 1) for p in runs[k]
            if abs(p.x0 - piece.x0) < 0.5 * size]
    widest = max(p.x1 for p in same)
    return any(
        abs(p.x0 - piece.x0) < 0.5 * size and p.x1 >= widest - 1.5 * size for p in runs[i - 1]
    )


# A line taken as a table row: the line, and each of its pieces with the column it is in.
Row = tuple[Line, list[tuple[int, Line]]]


def continuation_rows(
    cols: list[tuple[float, float]], lines: list[Line], *, ruled: bool = False
) -> list[Row]:
    """Lines at the top of a page that go on with a table from the page before.

    Printed without its header again, the rest of such a table can be bare lines: names
    alone (二十、粮油物资储备支出) and a totals row or two, too few amount lines to stand
    out as a table of their own (or, ruled, a single row: no grid). A line is one of its
    rows when each of its pieces falls in one of the table's columns; the run is trusted
    only up to its last row whose amounts end on their columns' right edges (inside the
    cell's padding when ruled), as the table's own amounts do, so a heading or a line of
    prose after a table is never taken for a row.
    """
    rows = fitting_rows(cols, lines)
    aligned = [
        k for k, (_line, pieces) in enumerate(rows)
        if any(_is_amount(p.text) and _ends_on(p, cols[c], ruled) for c, p in pieces)
    ]
    return rows[: aligned[-1] + 1] if aligned else []


def fitting_rows(cols: list[tuple[float, float]], lines: list[Line]) -> list[Row]:
    """The run of lines, top down, each piece of which falls in a column of its own.

    The run stops at prose, a title, a note, a blank band or a line that does not fit.
    """
    rows: list[Row] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        text = squeeze(line.text)
        if _is_prose(line) or _is_title(line, [line]) or text.startswith(("注", "说明")):
            break
        if rows and line.top - rows[-1][0].bottom > 3.5 * line.size:
            break  # a blank band: the table has ended
        pieces: list[tuple[int, Line]] = []
        for piece in split_runs(line):
            col = widest_overlap(cols, (piece.x0, piece.x1))
            if col is None or any(c == col for c, _ in pieces):
                return rows
            pieces.append((col, piece))
        rows.append((line, pieces))
    return rows


def _ends_on(piece: Line, col: tuple[float, float], ruled: bool) -> bool:
    """Whether an amount is right-aligned in its column (before the cell's padding if ruled)."""
    short = col[1] - piece.x1
    if ruled:
        return 0 <= short <= 2 * piece.size
    return abs(short) <= max(3.0, piece.size / 2)


def widest_overlap(cols: list[tuple[float, float]], col: tuple[float, float]) -> int | None:
    """The column ``col`` (an x-range) overlaps most, by at least half its width."""
    best, best_overlap = None, 0.0
    for i, (x0, x1) in enumerate(cols):
        overlap = min(x1, col[1]) - max(x0, col[0])
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    if best is None or best_overlap < 0.5 * min(col[1] - col[0], 1e9):
        return None
    return best


# ---------------------------------------------------------------- rows centred on wrapped cells


def centred_rows(lines: list[Line]) -> list[Line]:
    """Lines with each table row of wrapped, vertically centred cells made one line again.

    When several cells of an unruled row wrap their text over lines of their own and every
    cell is centred in the row's height (a two-sided summary whose long names break on
    both sides), the printed lines interleave: a name's first line, the other side's
    one-line name and the amounts half a line lower, the name's end below them. Read as
    lines, the rows of the two sides come apart. Here a cell's lines are joined (a line
    that fills its column and goes on, just below, at the same left edge, in a line that
    does not start a row of its own) and every cell whose middle is level with another's
    becomes one line, its characters moved onto the row's middle.

    This is done only where some other cell sits between a wrapped cell's lines, which
    never happens in a table read right line by line.
    """
    ordered = sorted(lines, key=lambda ln: ln.top)
    pieces = [split_runs(line) if len(line.chars) > 1 else [line] for line in ordered]
    wrapped = _wrapped_cells(ordered, pieces)
    spans: list[list[int]] = []  # [first, last] line of each table with such rows
    for (i, _), (chain, between) in sorted(wrapped.items()):
        if not between:
            continue
        if spans and i <= _table_goes_on(ordered, pieces, *spans[-1]):
            spans[-1][1] = max(spans[-1][1], chain[-1][0])
        else:
            spans.append([i, chain[-1][0]])
    if not spans:
        return lines
    spans = [[first, _table_goes_on(ordered, pieces, first, last)] for first, last in spans]
    kept: list[Line] = []
    done = 0
    for first, last in spans:
        if first < done:
            continue
        # A cell that starts inside the span is joined too, wherever it ends.
        last = max([last] + [chain[-1][0] for (i, _), (chain, _) in wrapped.items()
                             if first <= i <= last])
        kept += ordered[done:first] + _rows_of(ordered, pieces, wrapped, first, last)
        done = last + 1
    return sorted(kept + ordered[done:], key=lambda ln: ln.top)


def _rows_of(
    lines: list[Line],
    pieces: list[list[Line]],
    wrapped: dict[tuple[int, int], tuple[list[tuple[int, int]], bool]],
    first: int,
    last: int,
) -> list[Line]:
    """Lines ``first``..``last`` as rows: each cell whole, cells level with each other one row."""
    units: list[tuple[float, list[tuple[int, Line]]]] = []  # (middle, the cell's lines)
    taken: set[tuple[int, int]] = set()
    for i in range(first, last + 1):
        for p in range(len(pieces[i])):
            if (i, p) in taken:
                continue
            found = wrapped.get((i, p))
            chain = found[0] if found else [(i, p)]
            taken.update(chain)
            cell = [(k, pieces[k][q]) for k, q in chain]
            units.append(((cell[0][1].top + cell[-1][1].bottom) / 2, cell))
    units.sort(key=lambda u: u[0])
    rows: list[list[tuple[float, list[tuple[int, Line]]]]] = []
    for unit in units:
        if rows and unit[0] - rows[-1][0][0] <= 0.35 * unit[1][0][1].size:
            rows[-1].append(unit)
        else:
            rows.append([unit])
    made: list[Line] = []
    for row in rows:
        middle = sum(m for m, _ in row) / len(row)
        made.append(CentredRow.of([ch for _, cell in row for ch in _cell_chars(cell, middle)]))
    return made


class CentredRow(Line):
    """A row made one line again by ``centred_rows``: a row, whatever its pitch."""

    __slots__ = ()


def _table_goes_on(lines: list[Line], pieces: list[list[Line]], first: int, last: int) -> int:
    """The last line of the rows under ``last``: names in the same columns, and amounts."""
    starts = [p.x0 for k in range(first, last + 1) for p in pieces[k] if not _is_amount(p.text)]
    k = last + 1
    while k < len(lines):
        line, size = lines[k], max(lines[k].size, 1.0)
        if line.top - lines[k - 1].bottom > 3.5 * size or _is_prose(line):
            break
        if not all(
            _is_amount(p.text) or any(abs(p.x0 - x) < 0.5 * size for x in starts)
            for p in pieces[k]
        ):
            break
        k += 1
    return k - 1


def _wrapped_cells(
    lines: list[Line], pieces: list[list[Line]]
) -> dict[tuple[int, int], tuple[list[tuple[int, int]], bool]]:
    """Each wrapped cell by its first piece: its pieces, and whether another cell sits
    between its first and last line."""
    widest: dict[int, float] = {}  # a column's left edge (rounded) → its widest right edge
    for row in pieces:
        for piece in row:
            key = round(piece.x0 / max(piece.size, 1.0))
            widest[key] = max(widest.get(key, 0.0), piece.x1)
    below: dict[tuple[int, int], tuple[int, int]] = {}
    for i, row in enumerate(pieces):
        for p, piece in enumerate(row):
            nxt = _continued_in(lines, pieces, i, piece, widest)
            if nxt is not None:
                below[(i, p)] = nxt
    cells: dict[tuple[int, int], tuple[list[tuple[int, int]], bool]] = {}
    continued = set(below.values())
    for start in below:
        if start in continued:
            continue
        chain = [start]
        while chain[-1] in below:
            chain.append(below[chain[-1]])
        top, end = pieces[start[0]][start[1]], pieces[chain[-1][0]][chain[-1][1]]
        # Amounts or another row's name between the lines of one cell (never a header's).
        between = any(
            (other.x1 < top.x0 or other.x0 > top.x1)
            and (_is_amount(other.text) or _row_start(squeeze(other.text)))
            for k in range(start[0] + 1, chain[-1][0])
            if all(k != c[0] for c in chain)
            for other in pieces[k]
            if other.top > top.top and other.bottom < end.bottom
        )
        cells[start] = (chain, between)
    return cells


def _continued_in(
    lines: list[Line], pieces: list[list[Line]], i: int, piece: Line, widest: dict[int, float]
) -> tuple[int, int] | None:
    """The piece just below ``piece`` that goes on with its text, if any."""
    size = max(piece.size, 1.0)
    text = piece.text
    if (
        parse_amount(text) is not None
        or text.endswith(("：", ":", "。"))
        or piece.x1 < widest[round(piece.x0 / size)] - 1.5 * size  # the line did not fill it
    ):
        return None
    for k in range(i + 1, len(lines)):
        if lines[k].top - piece.bottom > 0.6 * size:
            return None
        for q, other in enumerate(pieces[k]):
            if other.x1 < piece.x0 or other.x0 > piece.x1:
                continue  # another column
            if (
                abs(other.x0 - piece.x0) < 0.5 * size
                and other.top > piece.bottom - 0.2 * size
                and abs(other.size - piece.size) < 0.2 * size
                and not _row_start(other.text)
                and parse_amount(other.text) is None
            ):
                return (k, q)
            return None
    return None


def _cell_chars(cell: list[tuple[int, Line]], middle: float) -> list[Char]:
    """The cell's characters on one line centred on ``middle``, squeezed into its width."""
    chars = [ch for _, piece in cell for ch in piece.chars]
    left = min(piece.x0 for _, piece in cell)
    width = (max(piece.x1 for _, piece in cell) - left) / len(chars)
    moved: list[Char] = []
    for n, ch in enumerate(chars):
        shift = middle - ch.cy
        x0 = ch.x0 if len(cell) == 1 else left + n * width
        x1 = ch.x1 if len(cell) == 1 else x0 + width
        moved.append(Char(ch.text, x0, x1, ch.top + shift, ch.bottom + shift,
                          ch.base + shift, ch.size))
    return moved
