"""Statement tables (收入支出决算总表, 支出决算表, 三公 …) from any reader's Table grid.

Format-agnostic: only the grid, the title and the unit are used, so PDF, DOCX
and XLSX tables go through the same rules. The header band is found by its
header words (科目编码, 科目名称, 项目, 决算数 …), never by position alone; each
value column is labelled with the ``/``-joined path of the header cells above
it; a table printed twice side by side (收入 | 支出) is read left side first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from core.contract import ParsedRow, ParsedTable
from core.money import UNIT_ASIDE, declared_unit, mentioned_unit, parse_amount, to_wan_yuan
from core.text import (
    ROW_NUMBERING,
    TABLE_NUMBER,
    compact,
    is_continuation_mark,
    squeeze,
    without_continued,
)
from ingest.document import Block, Cell, Document, Table
from ingest.extract.balance import imbalances, slips, verify
from ingest.extract.readings import READINGS

# Whole header cells (whitespace removed) that only a header band prints.
HEADER_WORDS = frozenset(
    (
        *("项目", "科目", "科目名称", "科目编码", "类", "款", "项", "决算数", "预算数"),
        *("收入", "支出", "金额", "小计", "序号", "单位名称", "备注", "本年收入", "本年支出"),
        *("经济分类", "功能分类", "执行数", "年初预算数", "全年预算数", "调整预算数"),
        *("预算金额", "决算金额"),
    )
)
HEADER_PARTS = (
    "科目编码", "科目名称", "科目代码", "决算数", "预算数", "功能分类", "经济分类", "名称",
)
CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
# A code at the start of a name cell, not a quantity (100万元以上…, 2024年…).
SPACED_CODE_RE = re.compile(
    r"^([1-9]\d{2}(?:\s*\d{2}){0,2})(?=\s|[^\d\s.,、．万元年月日个人项%]|$)\s*(.*)$"
)
# A code printed in brackets (``[201]``, ``【2010301】行政运行``), as budget systems of some
# provinces print it in the code column or before the name.
BRACKETED_CODE = re.compile(r"^[\[【［]\s*(\d{3}(?:\s*\d{2}){0,2})\s*[\]】］]\s*")
NAME_HEADERS = frozenset({"项目", "科目", "支出项目", "收入项目", "单位名称", "项目名称"})
# A column of words, no amounts, headed like this lists names (采购品目大类, 经济科目);
# other word columns (采购组织形式, 备注) say something about a row, not what it is.
NAME_LIKE_HEADER = re.compile(r"(?:名称|项目|科目|大类|品目)$")
# 项目（按功能分类）, 科目（按经济分类）: a name column with a note on what it lists.
NAME_WITH_NOTE = re.compile(r"^(?:项目|科目|支出项目|收入项目)（[^（）]*）$")
SKIP_HEADERS = frozenset({"序号", "备注", "编号", "行次", "栏次"})
STATEMENT_WORDS = ("收入", "支出", "预算", "决算", "经费", "收支")
NOT_STATEMENT_WORDS = ("绩效", "指标", "评分", "自评")
SCORE_HEADER = re.compile(r"(?:自评)?得分|分值")
EMPTY_NOTES = ("本表无数据", "本表为空", "空表")
# A whole name cell saying there is nothing (an empty 政府性基金 table prints 无 in its first row).
EMPTY_MARKS = frozenset({"无", "无数据", "/", "-", "—", "－"})


@dataclass(slots=True)
class Column:
    index: int
    path: list[str]
    role: str  # "code", "name", "value" or "skip"
    unit: str | None = None  # the unit its heading names (决算数（万元）), taken off the path

    @property
    def label(self) -> str:
        return "/".join(self.path)


@dataclass(slots=True)
class Side:
    """One half of a two-sided table (or the whole of an ordinary one)."""

    codes: list[Column] = field(default_factory=list)
    names: list[Column] = field(default_factory=list)
    values: list[Column] = field(default_factory=list)

    @property
    def columns(self) -> list[Column]:
        return sorted(self.codes + self.names + self.values, key=lambda c: c.index)


def extract_tables(document: Document) -> list[ParsedTable]:
    """One ParsedTable per statement table, in document order.

    Tables printed in 元 (千元, 亿元) are converted to 万元; the conversion is noted in
    ``document.warnings`` so that it reaches the report's warnings.
    """
    parsed: list[ParsedTable] = []
    converted: dict[str, list[str]] = {}  # unit -> the tables printed in it
    blocks = document.blocks
    for index, table in _joined_continuations(blocks):
        result = parse_table(table)
        if result is None:
            continue
        result.note = _note_after(blocks, index)
        parsed.append(verify(result, READINGS))
        unit = _table_unit(table)
        if unit is not None and unit != "万元":
            converted.setdefault(unit, []).append(result.title or f"p{result.page}")
    for unit, titles in converted.items():
        document.warnings.append(
            f"金额单位为{unit}的表格已换算为万元 (amounts printed in {unit} converted to 万元): "
            + "、".join(titles)
        )
    return parsed


def _joined_continuations(blocks: list[Block]) -> list[tuple[int, Table]]:
    """Each table with the tables that continue it, and the index of its last block.

    A table broken over pages may reach the reader as several (a Word document with one
    table per page): a table right after another, with no title of its own and as many
    columns, that starts with data rows or repeats the other's header band, continues it.
    """
    out: list[tuple[int, Table]] = []
    for index, block in enumerate(blocks):
        table = block.table
        if block.kind != "table" or table is None:
            continue
        # Only continuation marks (续表, its title with （续）) between: right after it.
        if out and all(_marks_continuation(b, out[-1][1]) for b in blocks[out[-1][0] + 1:index]):
            repeated = _continues(out[-1][1], table)
            if repeated is not None:
                out[-1] = (index, _appended(out[-1][1], table, repeated))
                continue
            narrower = _narrower_continuation(out[-1][1], table)
            if narrower is not None:
                out[-1] = (index, narrower)
                continue
        out.append((index, table))
    return out


def _marks_continuation(block: Block, table: Table) -> bool:
    """A paragraph saying that ``table`` goes on."""
    return block.kind == "paragraph" and _says_continued(block.text, table)


def _says_continued(text: str, table: Table) -> bool:
    """``text`` is 续表 alone, or ``table``'s title with a 续 mark (支出决算表（续）)."""
    text = compact(text)
    bare = without_continued(text)
    return is_continuation_mark(text) or (
        bare != text and bare == without_continued(compact(table.title)))


def _continues(table: Table, other: Table) -> int | None:
    """How many header rows ``other`` repeats if it continues ``table``, else None."""
    if _titled_otherwise(other, table) or other.n_cols != table.n_cols:
        return None
    grid = [[compact(text) for text in row] for row in table.grid()]
    skip = _caption_rows(grid)[0]
    n_header = _header_rows(grid[skip:])
    if n_header == 0:
        return None
    head = grid[skip:skip + n_header]
    rows = [[compact(text) for text in row] for row in other.grid()]
    repeated = n_header if rows[:n_header] == head else 0
    return repeated if _starts_with_data(rows[repeated:]) else None


def _titled_otherwise(other: Table, table: Table) -> bool:
    """``other`` has a title of its own, not ``table``'s with a 续 mark."""
    return bool(compact(other.title)) and not _says_continued(other.title, table)


def _starts_with_data(rows: list[list[str]]) -> bool:
    """The first row with text holds a code or an amount (cells already compacted)."""
    first = next((row for row in rows if any(row)), None)
    return first is not None and any(CODE_RE.match(t) or parse_amount(t) is not None
                                     for t in first)


# How many columns a continuation may leave out, and the widest table tried that way.
_MAX_LEFT_OUT = 2
_MAX_COLUMNS = 12


def _narrower_continuation(table: Table, other: Table) -> Table | None:
    """``table`` with ``other`` under it, where ``other`` continues it with fewer columns.

    A Word table carried on over a page may be drawn without a column its rows leave
    empty. Which columns it left out is not printed, so every way of leaving out as many
    is tried, and the continuation is kept only when the table then balances where it
    did not without it: its totals, printed on the first part, are what say the rows
    belong together and where each amount goes.
    """
    missing = table.n_cols - other.n_cols
    if (not 0 < missing <= _MAX_LEFT_OUT or table.n_cols > _MAX_COLUMNS
            or _titled_otherwise(other, table)
            or not _starts_with_data([[compact(t) for t in row] for row in other.grid()])):
        return None
    alone = parse_table(table)
    if alone is None or not slips(imbalances(alone)):
        return None
    best: tuple[int, Table] | None = None
    for left_out in combinations(range(table.n_cols), missing):
        kept = [c for c in range(table.n_cols) if c not in left_out]
        widened = Table(cells=[Cell(c.row, kept[c.col], c.text, c.rowspan,
                                    kept[c.col + c.colspan - 1] - kept[c.col] + 1)
                               for c in other.cells], page=other.page, pages=other.pages)
        joined = _appended(table, widened, 0)
        parsed = parse_table(joined)
        if parsed is None or len(parsed.rows) <= len(alone.rows):
            continue
        found = imbalances(parsed)
        if slips(found):
            continue
        if best is None or len(found) < best[0]:
            best = (len(found), joined)
    return best[1] if best is not None else None


def _appended(table: Table, other: Table, skip: int) -> Table:
    """``table`` with the rows of ``other`` under it, less its first ``skip`` rows."""
    shift = table.n_rows - skip
    cells = [*table.cells, *(
        Cell(c.row + shift, c.col, c.text, c.rowspan, c.colspan) for c in other.cells
        if c.row >= skip
    )]
    return Table(cells=cells, page=table.page, title=table.title, unit=table.unit,
                 pages=[*table.pages, *other.pages], captions=table.captions)


# A note printed under a table: 注：…故本表无数据, 说明：….
NOTE = re.compile(
    r"^(?:注|说明|备注)[：:]|本表无数据|本表为空|此表无数据|无此项"
    r"|^[（(]?(?:本单位|本部门)?无[^，。；]{1,24}[）)]?$"  # （无政府性基金支出）
)


def _note_after(blocks: list[Block], index: int) -> str:
    """The note printed right under the table at ``index``, before the next table or heading."""
    for block in blocks[index + 1:index + 3]:
        if block.kind != "paragraph":
            break
        text = compact(block.text)
        if NOTE.search(text):
            return text
    return ""


def parse_table(table: Table) -> ParsedTable | None:
    """The statement table in ``table``, or None when it is not one (单位构成, 绩效 tables)."""
    grid = [[compact(text) for text in row] for row in table.grid()]
    filled = [[compact(text) for text in row] for row in table.grid(fill_merged=True)]
    skip, caption_title, _ = _caption_rows(grid)
    title = compact(table.title) or caption_title
    n_header = _header_rows(grid[skip:])
    if n_header == 0:
        return None
    plain, across = _data_rows(table, skip + n_header)
    columns = _word_columns(_columns(filled[skip:], n_header), plain)
    sides = _sides(columns)
    if not _is_statement(title, columns):
        return None
    unit = _table_unit(table)
    rows: list[ParsedRow] = []
    for n, side in enumerate(sides):
        later = sides[n + 1] if n + 1 < len(sides) else None
        rows.extend(_side_rows(plain, across, side, unit, later))
    return ParsedTable(title=TABLE_NUMBER.sub("", title), rows=rows, page=table.page)


def _word_columns(columns: list[Column], rows: list[list[str]]) -> list[Column]:
    """Columns headed as values that print only words: names, or notes to skip.

    A column of words with no heading of its own right of the names is more of them: the
    heading 项目名称 printed over both a group column (一般公共预算资金, spanning its rows)
    and the names of the rows in it, which the reader saw as the first column's alone.
    """
    for n, col in enumerate(columns):
        if col.role != "value":
            continue
        cells = [row[col.index] for row in rows if col.index < len(row) and row[col.index]]
        words = [t for t in cells if parse_amount(t) is None and t not in EMPTY_MARKS]
        if not words or len(words) < len(cells):
            continue
        named = bool(col.path) and bool(NAME_LIKE_HEADER.search(col.path[-1]))
        beside_names = not col.path and n > 0 and columns[n - 1].role == "name"
        col.role = "name" if named or beside_names else "skip"
    return columns


def _table_unit(table: Table) -> str | None:
    if table.unit:
        return mentioned_unit(table.unit)
    grid = [[compact(text) for text in row] for row in table.grid()]
    return _caption_rows(grid)[2]


def _caption_rows(grid: list[list[str]]) -> tuple[int, str, str | None]:
    """Title and unit lines some formats print as the table's own first rows.

    Returns how many rows they take, the title and the unit found there.
    """
    title, unit, skip = "", None, 0
    for row in grid[:3]:
        texts = list(dict.fromkeys(t for t in row if t))
        if not texts:
            skip += 1
            continue
        unit_text = next((t for t in texts if declared_unit(t)), None)
        if unit_text and not any(_is_header_cell(t, len(texts)) for t in texts):
            unit, skip = declared_unit(unit_text), skip + 1
            continue
        if len(texts) == 1 and texts[0].endswith("表") and not title:
            title, skip = texts[0], skip + 1
            continue
        break
    return skip, title, unit


# ---------------------------------------------------------------- header band


def _is_header_cell(text: str, row_cells: int) -> bool:
    if text in HEADER_WORDS or any(part in text for part in HEADER_PARTS):
        return True
    # 合计 names the totals column only in a row of several headers (三公 table).
    return text in ("合计", "小计", "总计") and row_cells >= 2


def _header_rows(grid: list[list[str]]) -> int:
    """Rows of the header band: from the top, up to the last row of header words."""
    last_header = -1
    for r, row in enumerate(grid):
        cells = [t for t in row if t]
        if not cells:
            continue
        if any(parse_amount(t) is not None and not _small_index(t) for t in cells):
            break
        if any(CODE_RE.match(t) for t in cells):
            break
        if any(ROW_NUMBERING.match(t) for t in cells):
            break
        if any(_is_header_cell(t, len(cells)) for t in cells) or (
            len(cells) >= 2 and last_header >= 0
        ):
            last_header = r
        elif r - last_header > 2:
            break  # a band over the header (财政拨款“三公”经费) counts only if headers follow
        if r > 8:  # header bands are short; a long run of words is a text table
            break
    return last_header + 1


def _small_index(text: str) -> bool:
    """类/款/项 labels and 1-2 digit row numbers are not amounts in a header row."""
    return text.isdigit() and len(text) <= 2


def _columns(filled: list[list[str]], n_header: int) -> list[Column]:
    n_cols = max((len(row) for row in filled), default=0)
    columns: list[Column] = []
    for c in range(n_cols):
        path: list[str] = []
        unit: str | None = None
        for r in range(n_header):
            text = filled[r][c] if c < len(filled[r]) else ""
            # Column numbers (栏次 1 2 3) say nothing about what a column holds.
            if text in ("栏次", "栏号") or _small_index(text):
                continue
            aside = UNIT_ASIDE.search(text)
            if aside:
                unit, text = aside.group(1), UNIT_ASIDE.sub("", text)
            if text and (not path or path[-1] != text):
                path.append(text)
        columns.append(Column(index=c, path=path, role=_role(path), unit=unit))
    return columns


def _role(path: list[str]) -> str:
    if not path:
        return "value"
    last = path[-1]
    if last in SKIP_HEADERS:
        return "skip"
    if last in ("类", "款", "项") or any("编码" in p or "代码" in p for p in path):
        return "code"
    if last in NAME_HEADERS or last.endswith("名称") or NAME_WITH_NOTE.match(last):
        return "name"
    return "value"


def _sides(columns: list[Column]) -> list[Side]:
    """Split at a code or name column that follows a value column (收入 | 支出)."""
    sides = [Side()]
    seen_value = False
    for col in columns:
        if col.role in ("code", "name") and seen_value:
            sides.append(Side())
            seen_value = False
        side = sides[-1]
        if col.role == "code":
            side.codes.append(col)
        elif col.role == "name":
            side.names.append(col)
        elif col.role == "value":
            side.values.append(col)
            seen_value = True
    return [s for s in sides if s.values or s.names or s.codes]


def _is_statement(title: str, columns: list[Column]) -> bool:
    if any(word in title for word in NOT_STATEMENT_WORDS):
        return False
    if any(SCORE_HEADER.fullmatch(part) for c in columns for part in c.path):
        return False  # a 绩效自评表 with no title of its own: statements score nothing
    if title.endswith("表") and any(word in title for word in STATEMENT_WORDS):
        return True
    values = [c for c in columns if c.role == "value" and c.path]
    money = ("数", "合计", "支出", "收入", "经费", "金额")
    return bool(values) and any(any(w in c.label for w in money) for c in values)


# ---------------------------------------------------------------- data rows


def _data_rows(table: Table, first: int) -> tuple[list[list[str]], list[list[str]]]:
    """Data rows twice: each cell once at its top-left, and merged cells repeated across.

    Codes and amounts come from the first (a merged code cell must not be read three
    times); names from the second, since a 合计 cell merged over the code and name
    columns must reach the name column. Nothing is repeated down a row span.
    """
    n_rows, n_cols = table.n_rows, table.n_cols  # each is a pass over the cells
    plain = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    across = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for cell in table.cells:
        text = compact(cell.text)
        plain[cell.row][cell.col] = text
        for c in range(cell.col, cell.col + cell.colspan):
            across[cell.row][c] = text
    return plain[first:], across[first:]


def _side_rows(
    plain: list[list[str]], across: list[list[str]], side: Side, unit: str | None,
    later: Side | None = None,
) -> list[ParsedRow]:
    rows: list[ParsedRow] = []
    last_code: str | None = None
    for row, filled in zip(plain, across, strict=True):
        if later is not None and _spans_into(row, filled, side, later):
            continue
        parsed = _row(row, filled, side, unit)
        if parsed is None:
            continue
        parsed.code = _inherit_code(row, side, parsed.code, last_code)
        last_code = parsed.code or last_code
        rows.append(parsed)
    if rows and all(not r.values for r in rows) and _only_totals(rows):
        return []  # 本表无数据: a header and an empty 合计 line
    return rows


# Digits of the 类, 款 and 项 parts of a functional or economic classification code.
CODE_PART_WIDTHS = (3, 2, 2)


def _inherit_code(row: list[str], side: Side, code: str | None, last: str | None) -> str | None:
    """A code printed by level (201 / 06 / 01 on rows of their own) leaves the parts of
    the rows above blank: they are the leading parts of the code above."""
    if code is None or last is None or not 2 <= len(side.codes) <= len(CODE_PART_WIDTHS):
        return code
    blank = next((n for n, c in enumerate(side.codes) if row[c.index]), 0)
    keep = sum(CODE_PART_WIDTHS[:blank])
    if blank == 0 or len(last) < keep or len(code) != CODE_PART_WIDTHS[blank]:
        return code
    return last[:keep] + code


def _spans_into(row: list[str], filled: list[str], side: Side, later: Side) -> bool:
    """A name cell merged across into the next side's name column (当年支出小计 printed
    across the whole 支出 half) names a row of that side, not of this one."""
    if not side.names or not later.names:
        return False
    here, there = side.names[0].index, later.names[0].index
    return bool(filled[here]) and not row[there] and filled[there] == filled[here]


def _only_totals(rows: list[ParsedRow]) -> bool:
    return all(r.code is None and r.name in ("合计", "总计", "") for r in rows)


def _row(row: list[str], filled: list[str], side: Side, unit: str | None) -> ParsedRow | None:
    code, name = _code_and_name(row, filled, side)
    values: dict[str, str] = {}
    for col in side.values:
        amount = parse_amount(row[col.index])
        if amount is not None:
            value_unit = col.unit or mentioned_unit(col.label) or unit
            values[col.label] = to_wan_yuan(amount, value_unit) or amount
    if code is None and not name and not values:
        return None
    return ParsedRow(code=code, name=name, values=values)


def _code_and_name(row: list[str], filled: list[str], side: Side) -> tuple[str | None, str]:
    parts = [_code_part(_unbracket(row[c.index]), n) for n, c in enumerate(side.codes)
             if row[c.index]]
    code = _joined_code(parts)
    name = ""
    for col in side.names:
        text = _unbracket(filled[col.index])
        if code is None and CODE_RE.match(text):
            code = text  # a code column headed 项目 together with the names
        elif text:
            name = text  # the right-most: 一般公共预算资金 | 小计 is the 小计 row
    if not name:
        # A 合计 row printed across the code columns: its words are the name.
        words = (filled[c.index] for c in side.codes)
        name = next((t for t in words if t and not t.isdigit() and t not in "类款项"), "")
    if code is None and name:
        code, name = _split_code(name)
    if any(note in name for note in EMPTY_NOTES) or (code is None and name in EMPTY_MARKS):
        name = ""
    return code, name


def _unbracket(text: str) -> str:
    """``[201]`` → ``201``; ``【2010301】行政运行`` → ``2010301 行政运行``."""
    return BRACKETED_CODE.sub(r"\1 ", text).rstrip() if text[:1] in "[【［" else text


def _joined_code(parts: list[str]) -> str | None:
    """The code from its 类, 款, 项 cells; some print each level's full code (201 | 20106)."""
    if not parts or not all(p.isdigit() for p in parts):
        return None
    if all(len(b) > len(a) and b.startswith(a) for a, b in pairwise(parts)):
        return parts[-1]
    return "".join(parts)


def _code_part(text: str, position: int) -> str:
    """A 款 or 项 printed in its own column is two digits; spreadsheets drop the 0 (``2``)."""
    if position > 0 and len(text) == 1 and text.isdigit():
        return "0" + text
    return text


def _split_code(name: str) -> tuple[str | None, str]:
    """A code printed inside the name cell (``30101基本工资``, ``201 06 01 行政运行``)."""
    match = SPACED_CODE_RE.match(name)
    if match and match.group(2):
        return squeeze(match.group(1)), match.group(2)
    if CODE_RE.match(name):
        return name, ""
    return None, name
