"""A table that does not balance as read is read again the other plausible ways
(ingest.extract.readings), and the reading that balances is kept."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from core.contract import ParsedRow, ParsedTable
from ingest.extract.balance import verify
from ingest.extract.readings import READINGS, amount_in_the_next_column
from ingest.pipeline import parse_file

HEADER = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
TOTAL = ("", "合计", "2,167.65", "2,060.99", "106.66")
CATEGORY = ("201", "一般公共服务支出")
CATEGORY_AMOUNTS = ("2,106.66", "2,000.00", "106.66")
REST = [("20101", "人大事务", "2,106.66", "2,000.00", "106.66"),
        ("205", "教育支出", "60.99", "60.99", ""),
        ("20501", "教育管理事务", "60.99", "60.99", "")]


def _word_report(path: Path, rows: list[tuple[str, ...]]) -> Path:
    document = docx.Document()
    document.add_paragraph("示范区财政局2024年度部门决算")
    document.add_paragraph("支出决算表")
    table = document.add_table(rows=len(rows) + 1, cols=len(HEADER))
    for r, row in enumerate([HEADER, *rows]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


@pytest.mark.parametrize("amounts_first", [False, True], ids=["below", "above"])
def test_a_rows_amounts_printed_on_a_row_of_their_own_are_read_as_the_named_rows(
        tmp_path, amounts_first):
    name_row, amounts_row = (*CATEGORY, "", "", ""), ("", "", *CATEGORY_AMOUNTS)
    pair = [amounts_row, name_row] if amounts_first else [name_row, amounts_row]
    path = _word_report(tmp_path / "report.docx", [TOTAL, *pair, *REST])
    (table,) = parse_file(path).to_contract()["tables"]
    assert [(row["code"], row["name"]) for row in table["rows"]] == [
        (None, "合计"), ("201", "一般公共服务支出"), ("20101", "人大事务"), ("205", "教育支出"),
        ("20501", "教育管理事务")]
    assert table["rows"][1]["values"] == {"合计": "2106.66", "基本支出": "2000.00",
                                          "项目支出": "106.66"}
    assert table["verified"], table["unbalanced"]


def _unruled_report(path: Path, rows: list[tuple[str, ...]], amounts_lower_by: float) -> Path:
    """A table without rules whose amounts sit lower (or higher) than their row's name."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sheet = canvas.Canvas(str(path))
    sheet.setFont("STSong-Light", 18)
    sheet.drawString(150, 780, "示范区财政局2024年度部门决算")
    sheet.showPage()
    sheet.setFont("STSong-Light", 14)
    sheet.drawString(220, 780, "支出决算表")
    sheet.setFont("STSong-Light", 10)
    sheet.drawString(480, 760, "单位：万元")
    xs, top, pitch = [40, 100, 300, 380, 460, 540], 730, 24
    for j, heading in enumerate(HEADER):
        sheet.drawString(xs[j] + 4, top, heading)
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            if j < 2:
                sheet.drawString(xs[j] + 4, top - i * pitch, text)
            else:
                sheet.drawRightString(xs[j + 1] - 4, top - i * pitch - amounts_lower_by, text)
    sheet.showPage()
    sheet.save()
    return path


@pytest.mark.parametrize("lower_by", [6, 12], ids=["6pt-below", "12pt-below"])
def test_an_unruled_table_whose_amounts_sit_off_their_names_line_is_read_row_by_row(
        tmp_path, lower_by):
    rows = [TOTAL, (*CATEGORY, *CATEGORY_AMOUNTS), *REST]
    path = _unruled_report(tmp_path / "report.pdf", rows, lower_by)
    (table,) = parse_file(path).to_contract()["tables"]
    assert [(row["code"], row["name"], row["values"].get("合计")) for row in table["rows"]] == [
        (None, "合计", "2167.65"), ("201", "一般公共服务支出", "2106.66"),
        ("20101", "人大事务", "2106.66"), ("205", "教育支出", "60.99"),
        ("20501", "教育管理事务", "60.99")]
    assert table["verified"], table["unbalanced"]


def _table(*rows: tuple[str | None, str, dict[str, str]]) -> ParsedTable:
    return ParsedTable(title="支出决算表", rows=[ParsedRow(c, n, v) for c, n, v in rows])


def test_an_amount_read_into_the_next_column_goes_back_when_the_table_then_balances():
    table = _table(
        (None, "合计", {"合计": "300", "基本支出": "200", "项目支出": "100"}),
        ("201", "一般公共服务支出", {"合计": "300", "基本支出": "200", "项目支出": "100"}),
        ("2010101", "行政运行", {"合计": "200", "项目支出": "200"}),  # 200 is 基本支出's
        ("2010102", "一般行政管理事务", {"合计": "100", "项目支出": "100"}),
    )
    read = verify(table, READINGS)
    assert read.verified, read.unbalanced
    assert read.rows[2].values == {"合计": "200", "基本支出": "200"}


def test_an_amount_is_not_moved_when_the_table_would_still_not_balance():
    # 合计 prints 310 where its parts add up to 300: a slip no move can explain.
    table = _table(
        (None, "合计", {"合计": "310", "基本支出": "200", "项目支出": "100"}),
        ("201", "一般公共服务支出", {"合计": "300", "基本支出": "200", "项目支出": "100"}),
        ("2010101", "行政运行", {"合计": "200", "项目支出": "200"}),
        ("2010102", "一般行政管理事务", {"合计": "100", "项目支出": "100"}),
    )
    assert amount_in_the_next_column(table) is None
    read = verify(table, READINGS)
    assert not read.verified
    assert read.rows[2].values == {"合计": "200", "项目支出": "200"}


def test_a_reading_keeps_the_note_printed_under_the_table():
    table = _table(
        (None, "合计", {"合计": "300"}), ("201", "一般公共服务支出", {}),
        (None, "", {"合计": "300"}))
    table.note = "注：本表金额单位为万元"
    read = verify(table, READINGS)
    assert (read.verified, read.note) == (True, "注：本表金额单位为万元")


def test_amounts_without_a_row_stay_so_when_nothing_checks_which_row_they_belong_to():
    # Named rows and one line of amounts, but no total or code to say whose they are.
    table = _table(
        (None, "收入总计", {"金额": "500"}), (None, "一般公共预算资金", {"金额": "500"}),
        (None, "", {"金额": "500"}), (None, "政府性基金", {}), (None, "其他资金", {}))
    read = verify(table, READINGS)
    assert [row.values for row in read.rows] == [
        {"金额": "500"}, {"金额": "500"}, {"金额": "500"}, {}, {}]
