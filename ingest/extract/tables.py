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

from ingest.document import Document, Table
from ingest.extract.numbers import parse_amount, to_wanyuan, unit_of
from ingest.parsed import ParsedRow, ParsedTable

# Whole header cells (whitespace removed) that only a header band prints.
HEADER_WORDS = frozenset(
    (
        *("项目", "科目", "科目名称", "科目编码", "类", "款", "项", "决算数", "预算数"),
        *("收入", "支出", "金额", "小计", "序号", "单位名称", "备注", "本年收入", "本年支出"),
        *("经济分类", "功能分类", "执行数", "年初预算数", "全年预算数", "调整预算数"),
        *("预算金额", "决算金额"),
    )
)
HEADER_PARTS = ("科目编码", "科目名称", "科目代码", "决算数", "预算数", "功能分类", "经济分类")
CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
SPACED_CODE_RE = re.compile(r"^(\d{3}(?:\s*\d{2}){0,2})(?=\s|[^\d\s.,]|$)\s*(.*)$")
CN_NUMBER = "[一二三四五六七八九十]+"
NUMBERED_NAME_RE = re.compile(rf"^(?:{CN_NUMBER}、|[（(]{CN_NUMBER}[）)]|\d+[、.．])")
NAME_HEADERS = frozenset({"项目", "科目", "支出项目", "收入项目", "单位名称", "项目名称"})
SKIP_HEADERS = frozenset({"序号", "备注", "编号", "行次", "栏次"})
STATEMENT_WORDS = ("收入", "支出", "预算", "决算", "经费", "收支")
NOT_STATEMENT_WORDS = ("绩效", "指标", "评分", "自评")
EMPTY_NOTES = ("本表无数据", "本表为空", "空表")


@dataclass(slots=True)
class Column:
    index: int
    path: list[str]
    role: str  # "code", "name", "value" or "skip"

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
    """One ParsedTable per statement table, in document order."""
    parsed: list[ParsedTable] = []
    for table in document.tables():
        result = parse_table(table)
        if result is not None:
            parsed.append(result)
    return parsed


def parse_table(table: Table) -> ParsedTable | None:
    """The statement table in ``table``, or None when it is not one (单位构成, 绩效 tables)."""
    grid = [[_squash(text) for text in row] for row in table.grid()]
    filled = [[_squash(text) for text in row] for row in table.grid(fill_merged=True)]
    title = _squash(table.title)
    n_header = _header_rows(grid)
    if n_header == 0:
        return None
    columns = _columns(filled, n_header)
    sides = _sides(columns)
    if not _is_statement(title, columns):
        return None
    unit = unit_of(table.unit) if table.unit else None
    rows: list[ParsedRow] = []
    data = _fill_across(table, n_header)
    for side in sides:
        rows.extend(_side_rows(data, side, unit))
    return ParsedTable(title=title, rows=rows, page=table.page)


BRACKETS = str.maketrans({"(": "（", ")": "）"})


def _squash(text: str) -> str:
    """Whitespace removed and brackets folded to full width, as the contract keeps text."""
    return re.sub(r"\s+", "", text or "").translate(BRACKETS)


# ---------------------------------------------------------------- header band


def _is_header_cell(text: str, row_cells: int) -> bool:
    if text in HEADER_WORDS or any(part in text for part in HEADER_PARTS):
        return True
    # 合计 names the totals column only in a row of several headers (三公 table).
    return text in ("合计", "小计") and row_cells >= 2


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
        if any(NUMBERED_NAME_RE.match(t) for t in cells):
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
        for r in range(n_header):
            text = filled[r][c] if c < len(filled[r]) else ""
            if text and (not path or path[-1] != text):
                path.append(text)
        columns.append(Column(index=c, path=path, role=_role(path)))
    return columns


def _role(path: list[str]) -> str:
    if not path:
        return "value"
    last = path[-1]
    if last in SKIP_HEADERS:
        return "skip"
    if last in ("类", "款", "项") or any("编码" in p or "代码" in p for p in path):
        return "code"
    if last in NAME_HEADERS or last.endswith("名称"):
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
    if title.endswith("表") and any(word in title for word in STATEMENT_WORDS):
        return True
    values = [c for c in columns if c.role == "value" and c.path]
    money = ("数", "合计", "支出", "收入", "经费", "金额")
    return bool(values) and any(any(w in c.label for w in money) for c in values)


# ---------------------------------------------------------------- data rows


def _fill_across(table: Table, n_header: int) -> list[list[str]]:
    """Data rows with a merged cell's text repeated across its columns only.

    A 合计 cell merged over the code and name columns must reach the name column;
    repeating it down a row span would invent rows.
    """
    rows = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for cell in table.cells:
        for c in range(cell.col, cell.col + cell.colspan):
            rows[cell.row][c] = _squash(cell.text)
    return rows[n_header:]


def _side_rows(data: list[list[str]], side: Side, unit: str | None) -> list[ParsedRow]:
    rows: list[ParsedRow] = []
    for row in data:
        parsed = _row(row, side, unit)
        if parsed is not None:
            rows.append(parsed)
    if rows and all(not r.values for r in rows) and _only_totals(rows):
        return []  # 本表无数据: a header and an empty 合计 line
    return rows


def _only_totals(rows: list[ParsedRow]) -> bool:
    return all(r.code is None and r.name in ("合计", "总计", "") for r in rows)


def _row(row: list[str], side: Side, unit: str | None) -> ParsedRow | None:
    code_texts = [row[c.index] for c in side.codes if c.index < len(row)]
    name = next((row[c.index] for c in side.names if c.index < len(row) and row[c.index]), "")
    code: str | None = None
    if code_texts and all(t.isdigit() for t in code_texts if t) and any(code_texts):
        code = "".join(t for t in code_texts if t)
    elif not name:
        # A 合计 row printed across the code columns: its words are the name.
        name = next((t for t in code_texts if t and not t.isdigit()), "")
    if code is None and name:
        code, name = _split_code(name)
    if name in ("类", "款", "项") or any(note in name for note in EMPTY_NOTES):
        name = ""
    values: dict[str, str] = {}
    for col in side.values:
        text = row[col.index] if col.index < len(row) else ""
        amount = parse_amount(text)
        if amount is None:
            continue
        values[col.label] = to_wanyuan(amount, unit_of(col.label) or unit)
    if code is None and not name and not values:
        return None
    return ParsedRow(code=code, name=name, values=values)


def _split_code(name: str) -> tuple[str | None, str]:
    """A code printed inside the name cell (``30101基本工资``, ``201 06 01 行政运行``)."""
    match = SPACED_CODE_RE.match(name)
    if match and match.group(2):
        return re.sub(r"\s+", "", match.group(1)), match.group(2)
    if CODE_RE.match(name):
        return name, ""
    return None, name
