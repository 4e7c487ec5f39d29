"""Spreadsheet formulas stored without their result (workbooks written by programs):
the arithmetic of statement tables is worked out exactly, anything else left unknown."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ingest.readers import xlsx as xlsx_reader
from ingest.readers.formulas import UnknownFormulaError, evaluate

CELLS = {(0, 0): Decimal("1.10"), (1, 0): Decimal("2.25"), (2, 0): None, (0, 1): Decimal("4")}


def _value_at(row: int, col: int) -> Decimal | None:
    if (row, col) == (3, 0):
        raise UnknownFormulaError("text")
    return CELLS.get((row, col))


@pytest.mark.parametrize(("formula", "result"), [
    ("=SUM(A1:A3)", "3.35"), ("=A1+A2-B1", "-0.65"), ("=SUM(A1,A2,B1)", "7.35"),
    ("=-(A1+A2)+10", "6.65"), ("=$A$1+A3", "1.10"), ("=SUM(A1:A4)", "3.35"),
    ("=sum(a1:b2)", "7.35"),
])
def test_the_arithmetic_of_statement_tables_is_worked_out_exactly(formula, result):
    assert evaluate(formula, _value_at) == Decimal(result)


@pytest.mark.parametrize("formula", [
    "=A1*2", "=ROUND(A1,2)", "=Sheet2!A1", "=A1+A4", "=SUM(A1:A2", "=A1&\"元\"",
])
def test_other_formulas_are_left_unknown(formula):
    with pytest.raises(UnknownFormulaError):
        evaluate(formula, _value_at)


def _program_written(path: Path) -> Path:
    """A 支出决算表 as a report generator writes it: the 合计 row first, its amounts and
    the 合计 column as formulas with no stored result; one formula shared along a row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "支出决算表"
    rows = [["支出决算表"], ["科目名称", "合计", "基本支出", "项目支出"],
            ["合计", "=SUM(B4:B5)", "=SUM(C4:C5)", "=SUM(D4:D5)"],
            ["一般公共服务支出", "=C4+D4", 1000.5, 200],
            ["卫生健康支出", "=C5+D5", 50.25, None],
            ["备注", "=C4*2"]]
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=3, max_row=5, min_col=2):
        for cell in row:
            cell.number_format = "#,##0.00"
    workbook.save(path)
    # C3 and D3 as Excel writes a formula filled along a row: shared from C3.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    xml = xml.replace("<f>SUM(C4:C5)</f>", '<f t="shared" ref="C3:D3" si="0">SUM(C4:C5)</f>')
    xml, replaced = re.subn(r"<f>SUM\(D4:D5\)</f>", '<f t="shared" si="0"/>', xml)
    assert replaced == 1
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


def test_totals_stored_as_formulas_without_results_are_read_as_worked_out(tmp_path):
    document = xlsx_reader.read(_program_written(tmp_path / "generated.xlsx"))

    grid = document.tables()[0].grid()
    assert grid[1] == ["合计", "1,250.75", "1,050.75", "200.00"]
    assert grid[2] == ["一般公共服务支出", "1,200.50", "1,000.50", "200.00"]
    assert grid[3] == ["卫生健康支出", "50.25", "50.25", ""]


def test_a_formula_that_cannot_be_worked_out_is_left_empty_and_named_in_a_warning(tmp_path):
    document = xlsx_reader.read(_program_written(tmp_path / "generated.xlsx"))

    assert document.tables()[0].grid()[4][:2] == ["备注", ""]
    assert len(document.warnings) == 1
    assert "支出决算表" in document.warnings[0]
    assert "1 个公式" in document.warnings[0]
