"""Which rows of a document's tables are a project's (项目支出绩效自评表), not the unit's.

A 部门整体支出绩效自评报告 often appends the self-evaluation tables of its projects.
Their 年度资金总额, 总分 and indicators are the project's, never the unit's own. A
table is a project's from the row that names its 项目名称 (a form row: 项目名称 | the
name), or from its start where its caption (its title, or the short line just before
it) calls it a 项目…自评表. The project's rows go on into the tables that follow until a
caption or a row names the unit again (…整体支出绩效自评表, 单位名称 | …) or a section
heading starts.
"""

from __future__ import annotations

import re

from core.text import squeeze
from ingest.document import Document, Table

_PROJECT_CAPTION = re.compile(
    r"项目(?:支出)?(?:绩效)?(?:目标)?(?:自评|评价|完成情况)[^。；，]{0,4}表")
_UNIT_CAPTION = re.compile(r"整体(?:支出)?绩效|部门（单位）(?:绩效)?(?:自评|评价)")
_PROJECT_TITLE = re.compile(r"项目(?:支出)?(?:绩效)?(?:目标)?(?:自评|评价)")
_ACCOUNTS_TITLE = re.compile(r"(?:部门|单位)(?:决算|预算)")
_PROJECT_FIELD = re.compile(r"^项目名称[：:]?")
_UNIT_FIELD = re.compile(r"(?:单位|部门)(?:（单位）)?名称|单位（盖章）|部门（盖章）")
_CAPTION_LENGTH = 60  # a caption line; a longer line is a sentence
_FORM_WORDS = re.compile(
    r"资金总额|全年执行数|预算执行数|执行率|一级指标|绩效指标|得分|分值")
_FORM_ROWS = 6  # how far below its 项目名称 a project's form shows its fund block


def project_rows(document: Document) -> dict[int, set[int]]:
    """For each table (by ``id``) with project rows, the indices of those rows."""
    out: dict[int, set[int]] = {}
    project = False
    for block in document.blocks:
        table = block.table
        if block.kind != "table" or table is None:
            caption = _caption(block.text)
            if caption is not None:
                project = caption
            elif block.kind == "heading":
                project = False
            continue
        caption = _caption(" ".join([table.title, *table.captions]))
        if caption is not None:
            project = caption
        rows: set[int] = set()
        grid = table.grid()
        for index, row in enumerate(grid):
            only = _only_cell(row)
            if only:  # a sheet holds its captions as rows of one cell (附件2 项目…自评表)
                field = _caption(only)
            else:
                field = _field(row)
                if field and not _self_evaluation_form(grid[index:index + _FORM_ROWS]):
                    field = None  # 项目名称 | 金额 heading a list of projects' amounts
            if field is not None:
                project = field
            if project:
                rows.add(index)
        if rows:
            out[id(table)] = rows
    return out


def _self_evaluation_form(rows: list[list[str]]) -> bool:
    """Whether rows are a self-evaluation form's: its fund block or indicator header."""
    return any(_FORM_WORDS.search(squeeze(cell)) for row in rows for cell in row)


def _caption(text: str) -> bool | None:
    """True for a project table's caption, False for the unit's, None for neither."""
    text = squeeze(text)
    if not text or len(text) > _CAPTION_LENGTH:
        return None
    unit, project = _UNIT_CAPTION.search(text), _PROJECT_CAPTION.search(text)
    if unit and project:
        return None  # a list of the appended tables names both
    return True if project else (False if unit else None)


def _field(row: list[str]) -> bool | None:
    """True for a row naming a project (项目名称 | 某某项目), False for one naming the unit."""
    cells = [squeeze(c) for c in row if squeeze(c)]
    for i, cell in enumerate(cells):
        if _PROJECT_FIELD.match(cell) and (cell[4:].strip("：:") or (
                i + 1 < len(cells) and len(set(cells)) <= 4)):
            return True
    if any(_UNIT_FIELD.search(cell) for cell in cells) and len(set(cells)) <= 4:
        return False
    return None


def _only_cell(row: list[str]) -> str | None:
    cells = {squeeze(c) for c in row if squeeze(c)}
    return cells.pop() if len(cells) == 1 else None


def about_one_project(document: Document) -> bool:
    """Whether the document is one project's self-evaluation: its title lines (text, or a
    sheet's first one-cell rows) name a 项目…自评 and not the unit's whole spending."""
    lines = [b.text for b in document.text_blocks()[:8]]
    tables = document.tables()
    if tables and (not lines or document.blocks[0].kind == "table"):
        first = tables[0]
        lines += [first.title, *first.captions]
        lines += [cell for row in first.grid()[:8] if (cell := _only_cell(row))]
    titles = [squeeze(line) for line in lines if len(squeeze(line)) <= _CAPTION_LENGTH]
    return (any(_PROJECT_TITLE.search(t) for t in titles)
            and not any(_UNIT_CAPTION.search(t) or _ACCOUNTS_TITLE.search(t) for t in titles))


def is_project_table(table: Table, rows: dict[int, set[int]]) -> bool:
    """Whether every row of the table is a project's."""
    return len(rows.get(id(table), ())) == table.n_rows > 0
