"""Statement tables as other provinces and levels print them, read through the real parser.

Each test builds a small file the way some region prints its tables (numbers invented,
and balancing) and reads it with ``parse_file``, as an upload would be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
from docx.enum.text import WD_BREAK
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from reportlab.platypus import Table as Grid

from core.contract import ParsedTable
from ingest.pipeline import parse_file

INTRO = (
    "青山县水务局2024年度部门决算", "青山县水务局主要负责全县水利工作。", "第二部分 部门决算表",
)


def workbook(
    path: Path, rows: Sequence[Sequence[str]], merges: Sequence[tuple[int, int, int, int]] = ()
) -> Path:
    """An XLSX file: a sheet of narrative lines, then one table sheet (``merges`` are
    0-based (first row, first column, last row, last column))."""
    book = openpyxl.Workbook()
    intro = book.active
    intro.title = "说明"
    for r, text in enumerate(INTRO, 1):
        intro.cell(r, 1, text)
    sheet = book.create_sheet("表")
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            if text:
                sheet.cell(r, c, text)
    for r0, c0, r1, c1 in merges:
        sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1,
                          end_column=c1 + 1)
    book.save(path)
    return path


def only_table(path: Path) -> ParsedTable:
    [table] = parse_file(path).tables
    return table


def codes_and_names(table: ParsedTable) -> list[tuple[str | None, str]]:
    return [(row.code, row.name) for row in table.rows]


def test_a_code_printed_in_brackets_is_the_rows_code_in_its_own_column_or_before_the_name(
    tmp_path: Path,
) -> None:
    header = [["支出决算表", "", "", "", ""], ["", "", "", "", "单位：万元"],
              ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]]
    in_column = workbook(tmp_path / "column.xlsx", [
        *header,
        ["", "合计", "450.55", "400.55", "50.00"],
        ["[201]", "一般公共服务支出", "450.55", "400.55", "50.00"],
        ["【2010301】", "行政运行", "400.55", "400.55", ""],
        ["［2010399］", "其他政府办公厅（室）及相关机构事务支出", "50.00", "", "50.00"],
    ])
    in_name = workbook(tmp_path / "name.xlsx", [
        ["支出决算表", "", "", ""], ["", "", "", "单位：万元"],
        ["项目", "本年支出合计", "基本支出", "项目支出"],
        ["合计", "450.55", "400.55", "50.00"],
        ["[201]一般公共服务支出", "450.55", "400.55", "50.00"],
        ["【2010301】行政运行", "400.55", "400.55", ""],
        ["  [2010399] 其他政府办公厅（室）及相关机构事务支出", "50.00", "", "50.00"],
    ])
    expected = [(None, "合计"), ("201", "一般公共服务支出"), ("2010301", "行政运行"),
                ("2010399", "其他政府办公厅（室）及相关机构事务支出")]

    assert codes_and_names(only_table(in_column)) == expected
    assert codes_and_names(only_table(in_name)) == expected


def word_file(path: Path, tables: Sequence[tuple[str, Sequence[Sequence[str]]]]) -> Path:
    """A DOCX file: a heading and a sentence, then each table under its title paragraph."""
    document = docx.Document()
    document.add_heading("青山县水务局2025年部门预算", level=1)
    document.add_paragraph("青山县水务局主要负责全县水利工作。")
    for title, rows in tables:
        document.add_paragraph(title)
        document.add_paragraph("部门：青山县水务局　　　　单位：万元")
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(str(path))
    return path


def test_a_table_numbered_with_a_part_number_keeps_its_whole_title(tmp_path: Path) -> None:
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["", "合计", "1,000.00", "700.00", "300.00"],
            ["2010301", "行政运行", "1,000.00", "700.00", "300.00"]]
    path = word_file(tmp_path / "numbered.docx", [
        ("表1-1 部门支出总表", rows), ("附表2－3：一般公共预算支出表", rows),
        ("表3.2025年部门收入总表", rows), ("表4 2025年部门支出总表", rows),
    ])

    titles = [table.title for table in parse_file(path).tables]

    assert titles == [
        "部门支出总表", "一般公共预算支出表", "2025年部门收入总表", "2025年部门支出总表",
    ]


def test_a_budgets_general_budget_table_gives_only_its_part_of_basic_and_project_spending(
    tmp_path: Path,
) -> None:
    general = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
               ["", "合计", "920.00", "670.00", "250.00"],
               ["2010301", "行政运行", "920.00", "670.00", "250.00"]]
    whole = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
             ["", "合计", "1,000.00", "700.00", "300.00"],
             ["2010301", "行政运行", "1,000.00", "700.00", "300.00"]]
    path = word_file(tmp_path / "budget.docx", [
        ("表1 2025年一般公共预算支出表", general), ("表2 2025年部门支出总表", whole),
    ])

    report = parse_file(path)

    figures = {f.key: f.value for f in report.figures}
    assert (figures["basic_expenditure"], figures["project_expenditure"]) == ("700.00", "300.00")
    assert not [w for w in report.warnings if "conflicting" in w]


def test_a_table_printed_in_thousands_of_yuan_is_converted_and_the_warning_says_so(
    tmp_path: Path,
) -> None:
    path = workbook(tmp_path / "thousands.xlsx", [
        ["支出决算表", "", "", "", ""], ["编制单位：青山县水务局", "", "", "", "单位：千元"],
        ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
        ["", "合计", "4,505.50", "4,005.50", "500.00"],
        ["2010301", "行政运行", "4,505.50", "4,005.50", "500.00"],
    ])

    report = parse_file(path)

    assert report.tables[0].rows[0].values == {
        "本年支出合计": "450.55", "基本支出": "400.55", "项目支出": "50"}
    assert report.warnings == [
        "金额单位为千元的表格已换算为万元 (amounts printed in 千元 converted to 万元): 支出决算表"
    ]


def unruled_pdf(path: Path, title: str, rows: Sequence[Sequence[str]],
                spans: Sequence[tuple[int, int, int, int]], widths: Sequence[float],
                head: int = 1) -> Path:
    """A PDF with one table printed without rules, its cells centred vertically and their
    text wrapped to the column width (``spans`` as ``workbook``'s merges); the ``head``
    header rows are centred across too."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=14)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10)
    heading = ParagraphStyle("heading", parent=cell, alignment=1)
    grid = Grid([[Paragraph(t, heading if r < head else cell) if t else "" for t in row]
                 for r, row in enumerate(rows)], colWidths=list(widths))
    grid.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                   *(("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spans)])
    story = [Paragraph(INTRO[0], body), Paragraph(INTRO[1], body), PageBreak(),
             Paragraph(title, body), Paragraph("部门：青山县水务局　　金额单位：万元", body),
             grid]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


def test_a_name_wrapped_over_three_lines_around_its_amounts_is_one_row_in_an_unruled_pdf(
    tmp_path: Path,
) -> None:
    long_name = "其他政府办公厅（室）及相关机构事务支出（含驻外办事机构）"
    path = unruled_pdf(tmp_path / "wrapped.pdf", "收入决算表", [
        ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "其他收入"],
        ["2010301", "行政运行", "400.00", "380.00", "20.00"],
        ["2010399", long_name, "50.55", "50.55", ""],
        ["合计", "", "450.55", "430.55", "20.00"],
    ], spans=[(3, 0, 3, 1)], widths=[60, 110, 60, 60, 60])

    table = only_table(path)

    assert codes_and_names(table) == [
        ("2010301", "行政运行"), ("2010399", long_name), (None, "合计")]
    assert table.rows[1].values == {"本年收入合计": "50.55", "财政拨款收入": "50.55"}


def test_a_band_over_a_heading_wrapped_beside_a_short_one_covers_both_in_an_unruled_pdf(
    tmp_path: Path,
) -> None:
    path = unruled_pdf(tmp_path / "band.pdf", "收入决算表", [
        ["项目", "", "本年收入合计", "财政拨款收入", "事业收入", "", "其他收入"],
        ["功能分类科目编码", "科目名称", "", "", "小计", "其中：教育收费", ""],
        ["2010301", "行政运行", "400.00", "380.00", "20.00", "5.00", ""],
        ["2050302", "中等职业教育", "50.55", "40.55", "", "", "10.00"],
        ["合计", "", "450.55", "420.55", "20.00", "5.00", "10.00"],
    ], spans=[(0, 0, 0, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 0, 5), (0, 6, 1, 6),
              (4, 0, 4, 1)], widths=[55, 90, 50, 50, 45, 50, 45], head=2)

    table = only_table(path)

    assert table.rows[0].values == {
        "本年收入合计": "400.00", "财政拨款收入": "380.00", "事业收入/小计": "20.00",
        "事业收入/其中：教育收费": "5.00"}
    assert table.verified


def test_the_total_of_a_three_public_table_is_the_three_public_figure_in_either_layout(
    tmp_path: Path,
) -> None:
    down = workbook(tmp_path / "down.xlsx", [
        ["“三公”经费支出决算表", "", ""], ["", "", "单位：万元"],
        ["项目", "预算数", "决算数"],
        ["合计", "8.00", "7.50"],
        ["1.因公出国（境）费", "0.00", "0.00"],
        ["2.公务用车购置及运行费", "6.00", "5.80"],
        ["3.公务接待费", "2.00", "1.70"],
    ])
    across = workbook(tmp_path / "across.xlsx", [
        ["一般公共预算财政拨款“三公”经费支出决算表", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "单位：万元"],
        ["预算数", "", "", "", "决算数", "", "", ""],
        ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费",
         "合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
        ["8.00", "0.00", "6.00", "2.00", "7.50", "0.00", "5.80", "1.70"],
    ], merges=[(2, 0, 2, 3), (2, 4, 2, 7)])

    for path in (down, across):
        figures = {f.key: f.value for f in parse_file(path).figures}
        assert (figures["three_public_budget"], figures["three_public_actual"]) == (
            "8.00", "7.50"), path.name


def test_the_column_numbers_under_a_three_public_header_are_no_amounts(tmp_path: Path) -> None:
    path = workbook(tmp_path / "numbered.xlsx", [
        ["一般公共预算财政拨款“三公”经费支出决算表", "", "", "", "", ""],
        ["", "", "", "", "", "金额单位：元"],
        ["预算数", "", "", "决算数", "", ""],
        ["合计", "因公出国（境）费", "公务接待费", "合计", "因公出国（境）费", "公务接待费"],
        ["1", "2", "3", "4", "5", "6"],
        ["30,000.00", "10,000.00", "20,000.00", "25,000.00", "8,000.00", "17,000.00"],
    ], merges=[(2, 0, 2, 2), (2, 3, 2, 5)])

    report = parse_file(path)

    figures = {f.key: f.value for f in report.figures}
    assert (figures["reception_budget"], figures["reception_actual"]) == ("2", "1.7")
    assert not [w for w in report.warnings if "conflicting" in w]


def test_a_word_table_broken_into_one_table_per_page_is_read_whole_with_or_without_its_header(
    tmp_path: Path,
) -> None:
    header = ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
    first = [header, ["", "合计", "450.55", "400.55", "50.00"],
             ["201", "一般公共服务支出", "423.20", "373.20", "50.00"],
             ["2010301", "行政运行", "373.20", "373.20", ""],
             ["2010399", "其他政府办公厅（室）及相关机构事务支出", "50.00", "", "50.00"]]
    rest = [["208", "社会保障和就业支出", "27.35", "27.35", ""],
            ["2080505", "机关事业单位基本养老保险缴费支出", "27.35", "27.35", ""]]
    for repeated in (False, True):
        document = docx.Document()
        document.add_heading("青山县水务局2024年度部门决算", level=1)
        document.add_paragraph("青山县水务局主要负责全县水利工作。")
        document.add_paragraph("支出决算表")
        document.add_paragraph("单位：万元")
        for n, rows in enumerate((first, [header, *rest] if repeated else rest)):
            grid = document.add_table(rows=len(rows), cols=len(header))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    grid.cell(r, c).text = text
            if n == 0:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        path = tmp_path / f"broken-{repeated}.docx"
        document.save(str(path))

        table = only_table(path)

        assert [row.code for row in table.rows] == [
            None, "201", "2010301", "2010399", "208", "2080505"], repeated
        assert table.verified, table.unbalanced


def test_two_tables_printed_one_under_another_on_one_sheet_are_read_as_two(
    tmp_path: Path,
) -> None:
    path = workbook(tmp_path / "stacked.xlsx", [
        ["支出决算表", "", "", ""], ["", "", "", "单位：万元"],
        ["项目", "本年支出合计", "基本支出", "项目支出"],
        ["合计", "450.55", "400.55", "50.00"],
        ["201 一般公共服务支出", "450.55", "400.55", "50.00"],
        ["", "", "", ""],
        ["一般公共预算财政拨款基本支出决算表", "", "", ""], ["", "", "", "单位：万元"],
        ["项目", "合计", "人员经费", "公用经费"],
        ["合计", "400.55", "357.35", "43.20"],
        ["301 工资福利支出", "357.35", "357.35", ""],
        ["302 商品和服务支出", "43.20", "", "43.20"],
    ])

    report = parse_file(path)

    assert [(t.title, len(t.rows), t.verified) for t in report.tables] == [
        ("支出决算表", 2, True), ("一般公共预算财政拨款基本支出决算表", 3, True)]
    assert report.tables[1].rows[1].values == {"合计": "357.35", "人员经费": "357.35"}
    assert not [w for w in report.warnings if "conflicting" in w]


def test_a_unit_printed_in_a_column_heading_converts_its_amounts_and_leaves_the_label(
    tmp_path: Path,
) -> None:
    path = workbook(tmp_path / "heading_unit.xlsx", [
        ["一般公共预算财政拨款支出决算表", "", "", "", ""],
        ["项目", "", "决算数（元）", "", ""],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["", "合计", "4,505,500.00", "4,005,500.00", "500,000.00"],
        ["2010301", "行政运行", "4,505,500.00", "4,005,500.00", "500,000.00"],
    ], merges=[(1, 0, 1, 1), (1, 2, 1, 4)])

    table = only_table(path)

    assert table.rows[0].values == {
        "决算数/合计": "450.55", "决算数/基本支出": "400.55", "决算数/项目支出": "50"}
