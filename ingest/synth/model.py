"""What the generator hands to its writers: the truth plus how to print it.

``SyntheticReport`` IS a ``ParsedReport`` (the truth a perfect parser gives back)
with the printed content stream added: cover lines, headings, paragraphs and
tables in reading order. Writers only render that stream, so every format says
the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from core.contract import ParsedReport, ParsedRow

# A printed header cell is a table cell of the neutral Document, spans and all.
from ingest.document import Cell as HeaderCell

Unit = Literal["万元", "元"]
CodeStyle = Literal["joined", "spaced", "columns"]
ColumnKind = Literal["code", "name", "value", "text"]


@dataclass(frozen=True, slots=True)
class Layout:
    """How a report is printed; varied on purpose so readers meet real variety.

    ``unit``: statement tables in 万元 or 元 (元 values are ×10000, with thousands
    separators). ``code_style``: ``2010601``, ``201 06 01``, or ``columns``: the 财决
    way, one column each for 类, 款 and 项 under a ``科目编码`` band. ``ruled``: PDF grid
    lines. ``split_tables``: PDF tables may break across pages (header repeated).
    ``merged_headers``: header bands as merged cells, or their text repeated in
    each column. ``narrative_sheet``: XLSX puts the narrative in a first sheet.
    ``text_thousands``: narrative amounts printed ``1,234.56`` instead of ``1234.56``.
    ``captions_in_table``: DOCX/PDF print the title and unit as the table's first two rows
    (merged across it) instead of lines above it, as many Word reports do.
    ``tables_only``: no cover, contents or narrative, only the tables, each on its own page,
    titled with the year (``2024年收入支出决算总表``) over a ``部门：<name>    单位：万元`` line.
    ``numbered``: a table number (``公开01表``, or ``表一`` for odd department indexes) on a
    line (a row in XLSX) of its own above each statement table's title.
    ``continued``: PDF tables run over page breaks without their header repeated, and each
    page ends with its bare number (``7``, not ``- 7 -``) just under the rows.
    ``of_which``: the unit's non-fiscal income is 事业收入, printed in the 收入决算表 as a
    ``事业收入`` band of ``金额`` and ``其中：教育收费``; the 收入支出决算总表 lists one
    ``一、财政拨款收入`` row with ``其中：政府性基金预算财政拨款`` under it. Parts of
    (其中) are never added into any total.
    ``university``: a central-level 高等学校 决算 (a final account only): a university's
    name, the four ``表1：高等学校…`` tables (a 栏次 row under the 收支决算总表's header,
    事业收入 with its 其中：教育收费, codes in 类/款/项 columns in the 财政拨款 table with an
    of-which 基本建设资金支出 column) and a 决算报表说明 narrative.
    ``wrapped_rows`` (PDF): a statement table's names wrap after 9 characters, the row's
    amounts printed on a line between the name's two; a 类 row directly above its first 款
    row is two lines high, its code and name on the first, its amounts on the second (the
    setup for codes a reader fuses, 30130101). Other formats print as the default.
    ``components``: the 支出决算表 prints amounts beyond 基本/项目 (上缴上级支出, 经营支出,
    对附属单位补助支出), paid from 事业收入 and 经营收入, and the narrative names them;
    本年支出合计 = 基本 + 项目 + those.
    ``unit_scope``: a unit's own report (单位决算 / 单位预算, 本级) instead of the department's
    consolidated one: the cover, the part headings and a district budget's table titles say
    单位, and the truth's ``scope`` is ``unit``.
    ``mid_year``: a unit set up during the year: it had no 年初预算, so each narrative line
    states its 全年预算 and its 决算 (the line's ``budget`` stays empty, its
    ``budget_full_year`` carries the 全年预算), and the unit's 年初预算 is never stated.
    ``procurement``: a budget's set ends with a 政府采购预算表: text columns (采购品目大类,
    专项名称, 经济科目, 采购物品名称, 采购组织形式) and amounts (总计, 财政拨款, 其他资金); a
    row's name is its right-most filled name column; the narrative states the procurement
    totals.
    ``amounts_over`` (PDF): as ``wrapped_rows``, but a 类 row over its first 款 row prints its
    amounts at its top, a line of their own, and its code and name at its foot, right over
    the 款 row's.
    ``fused_rows`` (PDF): as ``amounts_over`` with a 类 row that has amounts three lines high
    (its amounts two lines over its code and name, which sit nearer the first 款 row than
    its own amounts) and codes right-aligned in their column: read by nearness alone, the
    类 row gets nothing and its amounts an unnamed row; only the code hierarchy and the 类
    row's sums tell them one row.
    ``open_rules`` (PDF): ruled, names wrapped as in ``wrapped_rows``, but the rule under a 类
    row over its first 款 row is left out, so the two share one grid cell: read as one row,
    their codes run together (301 over 30101: 30130101) and their amounts too.
    """

    name: str = "default"
    unit: Unit = "万元"
    code_style: CodeStyle = "joined"
    ruled: bool = True
    split_tables: bool = False
    merged_headers: bool = True
    narrative_sheet: bool = True
    text_thousands: bool = True
    captions_in_table: bool = False
    # Layouts met in other regions' reports (issue 10); all off for the layouts above.
    tables_only: bool = False
    numbered: bool = False
    continued: bool = False
    of_which: bool = False
    components: bool = False
    university: bool = False
    wrapped_rows: bool = False
    unit_scope: bool = False
    mid_year: bool = False
    procurement: bool = False
    amounts_over: bool = False
    fused_rows: bool = False
    open_rules: bool = False

    @property
    def caption_with_department(self) -> bool:
        """Whether the line under a table's title names the department (``部门：…``)."""
        return self.tables_only


LAYOUTS: dict[str, Layout] = {
    "default": Layout(),
    "yuan_spaced": Layout(name="yuan_spaced", unit="元", code_style="spaced", text_thousands=False),
    "split": Layout(name="split", split_tables=True, text_thousands=False),
    "unruled": Layout(name="unruled", ruled=False),
    "unruled_split": Layout(name="unruled_split", ruled=False, split_tables=True),
    "captions_inside": Layout(name="captions_inside", captions_in_table=True, unit="元"),
    "code_columns": Layout(name="code_columns", code_style="columns"),
    "flat_headers": Layout(
        name="flat_headers", merged_headers=False, narrative_sheet=False, code_style="spaced"
    ),
    # No cover and no narrative: the tables alone, each on its own page, its title carrying
    # the year and a ``部门：<name>    单位：万元`` line under it naming who reports.
    "tables_only": Layout(name="tables_only", tables_only=True, narrative_sheet=False),
    "numbered": Layout(name="numbered", numbered=True),
    "continued": Layout(name="continued", continued=True),
    "continued_unruled": Layout(name="continued_unruled", continued=True, ruled=False),
    "of_which": Layout(name="of_which", of_which=True),
    "components": Layout(name="components", components=True),
    "university": Layout(name="university", university=True),
    # As the university's PDF prints: unruled, tables run over pages without their header.
    "university_continued": Layout(name="university_continued", university=True, ruled=False,
                                   continued=True),
    "wrapped_rows": Layout(name="wrapped_rows", ruled=False, wrapped_rows=True),
    "unit_scope": Layout(name="unit_scope", unit_scope=True),
    "mid_year": Layout(name="mid_year", mid_year=True),
    "procurement": Layout(name="procurement", procurement=True),
    "amounts_over": Layout(name="amounts_over", ruled=False, wrapped_rows=True,
                           amounts_over=True),
    "fused_rows": Layout(name="fused_rows", ruled=False, wrapped_rows=True, amounts_over=True,
                         fused_rows=True),
    "open_rules": Layout(name="open_rules", wrapped_rows=True, open_rules=True),
}


@dataclass(slots=True)
class Column:
    """One printed column of a table side: its role and, for values, its label path."""

    kind: ColumnKind
    label: str = ""  # value label path (``收入/决算数``) or indicator field name
    path: tuple[str, ...] = ()  # the header cells above the column, top down


@dataclass(slots=True)
class TableSpec:
    """A printed table: header cells over columns, and rows per side.

    A two-sided table has two ``sides`` printed next to each other; the last row
    of each side (总计, 人员经费合计…) is aligned at the bottom when ``align_last``.
    ``body`` holds extra printed body rows as raw text (indicator tables), used
    instead of ``sides`` rows when given.
    """

    title: str
    header: list[HeaderCell]
    header_rows: int
    sides: list[list[Column]]
    side_rows: list[list[ParsedRow]] = field(default_factory=list)
    align_last: bool = False
    note: str = ""
    money: bool = True  # values are amounts in 万元 (converted when printed in 元)
    body: list[HeaderCell] = field(default_factory=list)
    sheet_code: str = ""  # 财决 table number, e.g. ``01`` for ``Z01 …(财决01表)``
    number: str = ""  # printed table number over the title (``公开01表``); no part of it
    # Printed before the title on its line (``表1：``), no part of it.
    title_prefix: str = ""
    split_codes: bool = False  # codes in 类/款/项 columns whatever the layout's code style
    # Sides whose last row stays under the others instead of at the foot (align_last).
    unaligned_sides: tuple[int, ...] = ()

    @property
    def printed_title(self) -> str:
        return self.title_prefix + self.title

    @property
    def n_cols(self) -> int:
        return sum(len(side) for side in self.sides)


@dataclass(slots=True)
class Part:
    """One item of the printed stream."""

    kind: Literal["cover", "heading", "paragraph", "table", "page_break"]
    text: str = ""
    level: int = 0
    table: TableSpec | None = None


@dataclass(slots=True)
class SyntheticReport(ParsedReport):
    """The truth (a ParsedReport) with the stream the writers print."""

    parts: list[Part] = field(default_factory=list)
    region: str = ""
    slug: str = ""
