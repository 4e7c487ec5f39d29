"""A statement table continued on the next page under a continuation mark (续表, 续表1,
续表一, （续）, or its title with （续）) is read as one table, in a PDF and in Word."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.pipeline import parse_file, read_file

HEADER = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
FIRST = [("", "合计", "2,167.65", "2,060.99", "106.66"),
         ("201", "一般公共服务支出", "2,106.66", "2,000.00", "106.66"),
         ("20101", "人大事务", "2,106.66", "2,000.00", "106.66")]
REST = [("205", "教育支出", "60.99", "60.99", ""),
        ("20501", "教育管理事务", "60.99", "60.99", "")]
TITLE = "支出决算表"
COVER = "示范区财政局2024年度部门决算"
MARKS = ["续表", "续表1", "续表一", "（续）", "支出决算表（续）"]


def _ruled_page(sheet: canvas.Canvas, rows: list[tuple[str, ...]], title: str) -> None:
    top, xs, pitch = 740, [40, 100, 300, 380, 460, 540], 22
    if title:
        sheet.setFont("STSong-Light", 14)
        sheet.drawString(200, 760, title)
    sheet.setFont("STSong-Light", 10)
    for i in range(len(rows) + 1):
        sheet.line(xs[0], top - i * pitch, xs[-1], top - i * pitch)
    for x in xs:
        sheet.line(x, top, x, top - len(rows) * pitch)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if j < 2:
                sheet.drawString(xs[j] + 4, top - i * pitch - 15, text)
            else:
                sheet.drawRightString(xs[j + 1] - 4, top - i * pitch - 15, text)
    sheet.showPage()


def _pdf(path: Path, mark: str, *, repeat_header: bool) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sheet = canvas.Canvas(str(path))
    sheet.setFont("STSong-Light", 18)
    sheet.drawString(150, 780, COVER)
    sheet.showPage()
    _ruled_page(sheet, [HEADER, *FIRST], TITLE)
    rest: list[tuple[str, ...]] = [HEADER, *REST] if repeat_header else list(REST)
    _ruled_page(sheet, rest, mark)
    sheet.save()
    return path


def _docx(path: Path, mark: str) -> Path:
    document = docx.Document()
    document.add_paragraph(COVER)
    document.add_paragraph(TITLE)
    for rows in ([HEADER, *FIRST], [HEADER, *REST]):
        table = document.add_table(rows=len(rows), cols=len(HEADER))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        if rows[1] == FIRST[0]:
            document.add_paragraph(mark)
    document.save(str(path))
    return path


def _one_table(path: Path) -> dict:
    tables = parse_file(path).to_contract()["tables"]
    assert [t["title"] for t in tables] == [TITLE]
    return tables[0]


@pytest.mark.parametrize("repeat_header", [True, False], ids=["header", "no-header"])
@pytest.mark.parametrize("mark", MARKS)
def test_a_pdf_table_continued_under_a_mark_is_one_table(tmp_path, mark, repeat_header):
    table = _one_table(_pdf(tmp_path / "continued.pdf", mark, repeat_header=repeat_header))
    assert [row["code"] for row in table["rows"]] == [None, "201", "20101", "205", "20501"]
    assert table["verified"], table["unbalanced"]


@pytest.mark.parametrize("mark", MARKS)
def test_a_word_table_continued_after_a_mark_is_one_table(tmp_path, mark):
    table = _one_table(_docx(tmp_path / "continued.docx", mark))
    assert [row["code"] for row in table["rows"]] == [None, "201", "20101", "205", "20501"]
    assert table["verified"], table["unbalanced"]


def test_a_title_with_continue_as_a_word_is_another_table(tmp_path):
    # 持续 is a word, not a mark: the next page's table keeps its own title.
    path = _pdf(tmp_path / "other.pdf", "项目支出绩效持续跟踪表", repeat_header=True)
    titles = [table.title for table in read_file(path).tables()]
    assert titles == [TITLE, "项目支出绩效持续跟踪表"]


def _narrower_docx(path: Path, first: list[tuple[str, ...]], rest: list[tuple[str, ...]]) -> Path:
    """A Word table, and a table with a column fewer right under it."""
    document = docx.Document()
    document.add_paragraph(COVER)
    document.add_paragraph(TITLE)
    for rows, n in (([HEADER, *first], len(HEADER)), (rest, len(HEADER) - 1)):
        table = document.add_table(rows=len(rows), cols=n)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    document.save(str(path))
    return path


def test_a_word_table_continued_without_a_column_its_rows_leave_empty_is_one_table(tmp_path):
    # The continuation is drawn without the 项目支出 column: only the totals on the first
    # part say which column each of its amounts is in.
    rest = [row[:4] for row in REST]
    table = _one_table(_narrower_docx(tmp_path / "continued.docx", FIRST, rest))
    assert [(row["code"], row["values"]) for row in table["rows"][3:]] == [
        ("205", {"合计": "60.99", "基本支出": "60.99"}),
        ("20501", {"合计": "60.99", "基本支出": "60.99"})]
    assert table["verified"], table["unbalanced"]


def test_a_narrower_table_after_a_table_that_balances_is_not_taken_for_its_continuation(
        tmp_path):
    first = [("", "合计", "2,106.66", "2,000.00", "106.66"), *FIRST[1:]]
    _narrower_docx(tmp_path / "two.docx", first, [row[:4] for row in REST])
    table = _one_table(tmp_path / "two.docx")
    assert [row["code"] for row in table["rows"]] == [None, "201", "20101"]
