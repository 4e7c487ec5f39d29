"""The synthetic report generator: its truth adds up, and its files hold that truth."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pypdfium2
import pytest

from core.statements import Row, check_table
from ingest.synth import (
    FAULTS,
    LAYOUTS,
    department,
    generate_corpus,
    generate_report,
    write_corpus,
    write_report,
)
from ingest.synth.checks import arithmetic_problems
from ingest.synth.render import render

STATEMENT_TITLES = [
    "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款支出决算表",
]


@pytest.fixture(scope="module")
def corpus() -> list:
    return generate_corpus(seed=11, departments=10, years=[2022, 2023, 2024])


def test_the_same_seed_gives_the_same_corpus() -> None:
    first = [r.to_contract() for r in generate_corpus(seed=5, departments=3, years=[2023, 2024])]
    again = [r.to_contract() for r in generate_corpus(seed=5, departments=3, years=[2023, 2024])]
    assert first == again


def test_the_corpus_does_not_depend_on_the_process_hash_seed() -> None:
    script = (
        "import hashlib, json; from ingest.synth import generate_corpus; "
        "c = [r.to_contract() for r in generate_corpus(seed=5, departments=3, years=[2024])]; "
        "print(hashlib.sha256(json.dumps(c, ensure_ascii=False).encode()).hexdigest())"
    )
    root = Path(__file__).resolve().parents[2]
    digests = {
        subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True,
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_another_seed_gives_other_numbers() -> None:
    one = generate_report(1, 0, 2024).figure_map()
    other = generate_report(2, 0, 2024).figure_map()
    assert one["grand_total"] != other["grand_total"]


def test_a_corpus_holds_departments_by_years_by_kinds(corpus: list) -> None:
    assert len(corpus) == 10 * 3 * 2
    assert {r.kind for r in corpus} == {"final_accounts", "performance_evaluation"}
    assert {r.fiscal_year for r in corpus} == {2022, 2023, 2024}
    assert len({r.department for r in corpus}) == 10


def test_department_names_follow_the_official_pattern_and_are_unique() -> None:
    names = [department(i).name for i in range(600)]
    assert len(set(names)) == len(names)
    han = "[\u4e00-\u9fff]"
    pattern = re.compile(rf"^{han}{{2}}市(?:{han}{{2}}[区县])?{han}+(局|委员会)$")
    assert all(pattern.match(name) for name in names), names[:10]


def test_every_generated_report_adds_up(corpus: list) -> None:
    problems = {r.slug: arithmetic_problems(r) for r in corpus}
    assert {slug: p for slug, p in problems.items() if p} == {}


def test_a_final_account_has_the_nine_statement_tables_in_order(corpus: list) -> None:
    finals = [r for r in corpus if r.kind == "final_accounts"]
    assert all([t.title for t in r.tables] == STATEMENT_TITLES for r in finals)


def test_two_sided_tables_list_the_left_side_first() -> None:
    report = generate_report(11, 0, 2024)
    summary = report.tables[0]
    sides = ["收入" if any(k.startswith("收入") for k in r.values) else
             "支出" if r.values else "" for r in summary.rows]
    marked = [s for s in sides if s]
    assert marked == sorted(marked, key=lambda s: s != "收入")
    assert summary.rows[11].name == "总计"
    assert summary.rows[-1].name == "总计"


def test_the_narrative_states_the_figures_in_the_usual_phrasing() -> None:
    report = generate_report(11, 0, 2024, layout=LAYOUTS["default"])
    text = "\n".join(s.text for s in report.sections)
    figures = report.figure_map()
    income = Decimal(figures["income_total"])
    assert f"本年收入合计{income:,.2f}万元" in text
    line = report.expenditure_lines[0]
    assert f"{line.category}（类）{line.item}（款）{line.subitem}（项）" in text
    assert re.search(r"年初预算为[\d,.]+万元，支出决算为[\d,.]+万元", text)


def test_expenditure_lines_match_the_general_budget_table() -> None:
    report = generate_report(11, 2, 2024)
    table = next(t for t in report.tables if t.title == "一般公共预算财政拨款支出决算表")
    actual = {r.code: r.values.get("合计") for r in table.rows if r.code and len(r.code) == 7}
    assert {line.code: line.actual for line in report.expenditure_lines} == actual
    initial = sum(Decimal(line.budget or 0) for line in report.expenditure_lines)
    assert initial == Decimal(report.figure_map()["general_budget_initial"])


def test_the_prior_year_comparison_uses_last_years_total() -> None:
    this_year, last_year = generate_report(11, 4, 2024), generate_report(11, 4, 2023)
    now = Decimal(this_year.figure_map()["grand_total"])
    before = Decimal(last_year.figure_map()["grand_total"])
    first = this_year.sections[2].text
    verb = "增加" if now > before else "减少"
    assert f"与上年相比，{verb}{abs(now - before):,.2f}万元" in first


def test_a_performance_evaluation_has_indicators_whose_weights_make_ninety() -> None:
    report = generate_report(11, 1, 2024, "performance_evaluation")
    assert report.tables == []
    assert sum(int(i.weight) for i in report.indicators) == 90
    assert all(int(i.score) <= int(i.weight) for i in report.indicators)
    assert all(bool(i.deviation) == (i.score != i.weight) for i in report.indicators)
    assert "self_evaluation_score" in report.figure_map()


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_requested_fault_breaks_the_arithmetic(fault: str) -> None:
    assert arithmetic_problems(generate_report(11, 0, 2024)) == []
    assert arithmetic_problems(generate_report(11, 0, 2024, faults=[fault])) != []


def test_an_unknown_fault_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown faults"):
        generate_report(11, 0, 2024, faults=["no_such_fault"])


def test_a_thousand_reports_are_generated_quickly() -> None:
    reports = generate_corpus(seed=1, departments=250, years=[2023, 2024])
    assert len(reports) == 1000
    assert len({r.department for r in reports}) == 250


# ---------------------------------------------------------------- written files


@pytest.fixture(scope="module")
def final_report():
    return generate_report(11, 0, 2024)


def test_a_docx_opens_in_python_docx_with_the_department_and_tables(
    final_report, tmp_path: Path
) -> None:
    path = write_report(final_report, tmp_path, "docx", "default")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert final_report.department in text
    assert "一、收入支出决算总体情况说明" in text
    assert len(document.tables) == 9
    summary = document.tables[0]
    assert summary.cell(0, 0).text == "收入"
    assert summary.cell(0, 2).text == "支出"
    headings = [p.text for p in document.paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    assert "一、主要职能" in headings


def test_an_xlsx_has_one_caijue_sheet_per_table_with_the_values(
    final_report, tmp_path: Path
) -> None:
    path = write_report(final_report, tmp_path, "xlsx", "default")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == "说明"
    assert workbook.sheetnames[1] == "Z01 收入支出决算总表(财决01表)"
    sheet = workbook["Z01 收入支出决算总表(财决01表)"]
    assert sheet["A1"].value == "收入支出决算总表"
    assert sheet.cell(row=2, column=sheet.max_column).value == "单位：万元"
    total = final_report.figure_map()["grand_total"]
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert float(total) in values


def test_an_xlsx_in_yuan_holds_values_ten_thousand_times_larger(
    final_report, tmp_path: Path
) -> None:
    path = write_report(final_report, tmp_path, "xlsx", "yuan_spaced")
    sheet = openpyxl.load_workbook(path)["Z04 支出决算表(财决04表)"]
    assert sheet.cell(row=2, column=sheet.max_column).value == "单位：元"
    total = Decimal(final_report.figure_map()["expenditure_total"]) * 10000
    assert float(total) in [c.value for row in sheet.iter_rows() for c in row]
    codes = [c.value for c in sheet["A"] if isinstance(c.value, str) and c.value[:1].isdigit()]
    assert any(re.fullmatch(r"\d{3} \d{2} \d{2}", code) for code in codes)


@pytest.mark.parametrize("layout", ["default", "unruled_split", "yuan_spaced"])
def test_a_pdf_has_a_text_layer_with_the_department_and_a_total(
    final_report, layout: str, tmp_path: Path
) -> None:
    path = write_report(final_report, tmp_path, "pdf", layout)
    pdf = pypdfium2.PdfDocument(str(path))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    assert final_report.department in text
    total = Decimal(final_report.figure_map()["grand_total"])
    assert f"{total:,.2f}" in text or f"{total}" in text
    assert "收入支出决算总表" in text


def test_a_performance_pdf_prints_its_indicator_table(tmp_path: Path) -> None:
    report = generate_report(11, 1, 2024, "performance_evaluation")
    path = write_report(report, tmp_path, "pdf", "default")
    pdf = pypdfium2.PdfDocument(str(path))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    assert "部门整体支出绩效自评表" in text
    assert report.indicators[0].level3 in text


def test_code_columns_print_class_item_and_subitem_apart() -> None:
    report = generate_report(11, 0, 2024)
    spec = next(p.table for p in report.parts if p.table and p.table.title == "支出决算表")
    grid = render(spec, LAYOUTS["code_columns"])
    rows = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        rows[cell.row][cell.col] = cell.text
    assert rows[2][:4] == ["类", "款", "项", ""]
    leaf = next(r for r in rows[grid.header_rows:] if r[2])
    assert len(leaf[0]) == 3
    assert len(leaf[1]) == 2
    assert len(leaf[2]) == 2


def test_write_corpus_writes_every_report_in_every_format_with_layouts_in_turn(
    tmp_path: Path,
) -> None:
    written = list(write_corpus(tmp_path, seed=2, departments=2, years=[2024],
                                layouts=["default", "yuan_spaced"]))
    assert len(written) == 2 * 1 * 2 * 3
    assert all(path.exists() and path.stat().st_size > 0 for _, path in written)
    assert {path.stem.rsplit("_", 1)[-1] for _, path in written} >= {"default"}
    assert any("yuan_spaced" in path.name for _, path in written)


def test_an_unknown_format_is_refused(final_report, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_report(final_report, tmp_path, "odt", "default")


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("seed", [7, 8])
def test_every_statement_table_of_every_layout_balances(layout: str, seed: int) -> None:
    for dept in (0, 3):  # without and with government fund lines
        report = generate_report(seed, dept, 2024, layout=LAYOUTS[layout])
        assert len(report.tables) == (4 if LAYOUTS[layout].university else 9)
        for table in report.tables:
            rows = [Row(r.code, r.name, r.values) for r in table.rows]
            assert check_table(rows) == [], table.title


@pytest.mark.parametrize(("dept", "first"), [(0, "公开01表"), (3, "表一")])
def test_a_numbered_layout_prints_each_table_number_on_its_own_line_above_the_title(
    dept: int, first: str, tmp_path: Path
) -> None:
    report = generate_report(7, dept, 2024, layout=LAYOUTS["numbered"])
    document = docx.Document(str(write_report(report, tmp_path, "docx", "numbered")))
    texts = [p.text for p in document.paragraphs]
    at = texts.index(first)
    assert texts[at + 1] == "收入支出决算总表"
    assert [t.number for t in (p.table for p in report.parts if p.table) if t.number][-1] in (
        "公开09表", "表九")
    sheet = openpyxl.load_workbook(write_report(report, tmp_path, "xlsx", "numbered")).worksheets[1]
    assert (sheet["A1"].value, sheet["A2"].value) == (first, "收入支出决算总表")


def test_a_continued_pdf_table_runs_onto_the_next_page_without_its_header(
    tmp_path: Path
) -> None:
    report = generate_report(7, 3, 2024, layout=LAYOUTS["continued"])
    pdf = pypdfium2.PdfDocument(str(write_report(report, tmp_path, "pdf", "continued")))
    pages = [pdf[i].get_textpage().get_text_range().split("\r\n") for i in range(len(pdf))]
    first = next(i for i, lines in enumerate(pages) if lines[0] == "收入支出决算总表")
    following = pages[first + 1]
    assert following[0].startswith("二十")  # a body row of the 支出 side, no 项目/决算数 header
    assert (pages[first][-1], following[-1]) == (str(first + 1), str(first + 2))


@pytest.mark.parametrize(("seed", "dept", "fund"), [(7, 3, True), (8, 0, False)])
def test_of_which_parts_lie_within_their_whole_and_are_never_added(
    seed: int, dept: int, fund: bool
) -> None:
    report = generate_report(seed, dept, 2024, layout=LAYOUTS["of_which"])
    summary, income = report.tables[0], report.tables[1]
    amount = {r.name: Decimal(r.values.get("收入/决算数", "0")) for r in summary.rows}
    assert (amount["其中：政府性基金预算财政拨款"] > 0) is fund
    assert amount["其中：政府性基金预算财政拨款"] <= amount["一、财政拨款收入"]
    numbered_rows = sum(v for name, v in amount.items() if name[1] == "、")
    assert numbered_rows == amount["本年收入合计"]
    parts = ("财政拨款收入", "上级补助收入", "事业收入/金额", "经营收入", "附属单位上缴收入",
             "其他收入")
    fees = [Decimal(r.values.get("事业收入/其中：教育收费", "0")) for r in income.rows]
    assert sum(fees) > 0
    for row, fee in zip(income.rows, fees, strict=True):
        value = {k: Decimal(v) for k, v in row.values.items()}
        assert fee <= value.get("事业收入/金额", 0), row.name
        assert sum(value.get(k, 0) for k in parts) == value["本年收入合计"], row.name
    assert arithmetic_problems(report) == []


@pytest.mark.parametrize(("seed", "dept"), [(7, 0), (8, 3)])
def test_spending_beyond_basic_and_project_is_paid_from_the_units_own_income_and_stated(
    seed: int, dept: int
) -> None:
    report = generate_report(seed, dept, 2024, layout=LAYOUTS["components"])
    spending = next(t for t in report.tables if t.title == "支出决算表")
    total = {k: Decimal(v) for k, v in spending.rows[0].values.items()}
    others = ("上缴上级支出", "经营支出", "对附属单位补助支出")
    assert all(total[k] > 0 for k in others)
    assert total["本年支出合计"] == total["基本支出"] + total["项目支出"] + sum(
        total[k] for k in others)
    income = {k: Decimal(v) for k, v in report.tables[1].rows[0].values.items()}
    assert income["事业收入"] + income["经营收入"] == sum(total[k] for k in others)
    text = "".join(s.text for s in report.sections)
    for word in (*others, "事业收入", "经营收入"):
        assert re.search(f"{word}[\\d,.]+万元", text), word
    assert arithmetic_problems(report) == []


@pytest.mark.parametrize("seed", [7, 8])
@pytest.mark.parametrize(("dept", "first", "reserve"), [
    (0, "2024年部门财务收支预算总表", False), (3, "收支预算总表", True)])
def test_a_budget_prints_balanced_tables_and_states_its_lines_with_a_budget_only(
    seed: int, dept: int, first: str, reserve: bool
) -> None:
    report = generate_report(seed, dept, 2024, "budget")
    assert (report.kind, report.slug) == ("budget", f"d{dept:04d}_2024_budget")
    assert report.tables[0].title == first
    for table in report.tables:
        rows = [Row(r.code, r.name, r.values) for r in table.rows]
        assert check_table(rows) == [], table.title
    uses = {r.name: r.values for r in report.tables[0].rows}
    assert ("三、单位预留机动经费" in uses) is reserve
    text = "".join(s.text for s in report.sections)
    for line in report.expenditure_lines:
        assert line.actual is None
        stated = f"{Decimal(line.budget or 'NaN'):,.2f}万元"
        assert re.search(f"{line.subitem}（项）(支出)?{stated}", text), line
    assert not any("决算" in s.text for s in report.sections)


def test_a_university_prints_the_four_numbered_tables_with_a_column_number_row_and_code_columns(
) -> None:
    report = generate_report(7, 3, 2024, layout=LAYOUTS["university"])
    assert report.department == "青川师范大学"
    specs = [p.table for p in report.parts if p.table is not None]
    assert [s.printed_title for s in specs] == [
        "表1：高等学校收支决算总表", "表2：高等学校收入决算表", "表3：高等学校支出决算表",
        "表4：高等学校财政拨款支出决算表"]
    assert [t.title for t in report.tables] == [s.title for s in specs]
    summary = render(specs[0], LAYOUTS["university"])
    last_header = sorted((c.col, c.text) for c in summary.cells
                         if c.header and c.row == summary.header_rows - 1)
    assert [text for _, text in last_header] == ["栏次", "1", "栏次", "2"]
    grid = render(specs[3], LAYOUTS["university"])
    headers = {c.text for c in grid.cells if c.header}
    assert {"类", "款", "项", "其中：基本建设资金支出"} <= headers
    income = {k: Decimal(v) for k, v in report.tables[1].rows[-1].values.items()}
    assert report.tables[1].rows[-1].name == "合计"
    assert 0 < income["事业收入/其中：教育收费"] <= income["事业收入/金额"]
    text = "".join(s.text for s in report.sections)
    line = report.expenditure_lines[0]
    assert f"{line.subitem}（{line.code}），2024年度决算数为" in text
    assert line.budget is None


def test_a_wrapped_rows_pdf_breaks_long_names_and_prints_class_amounts_on_their_own_line(
    tmp_path: Path
) -> None:
    report = generate_report(7, 3, 2024, layout=LAYOUTS["wrapped_rows"])
    pdf = pypdfium2.PdfDocument(str(write_report(report, tmp_path, "pdf", "wrapped_rows")))
    pages = [pdf[i].get_textpage().get_text_range().split("\r\n") for i in range(len(pdf))]
    pdf.close()
    lines = next(page for page in pages if "收入决算表" in page[:3])
    spending = next(t for t in report.tables if t.title == "收入决算表")
    first_class = next(r for r in spending.rows if r.code and len(r.code) == 3)
    at = lines.index(f"{first_class.code} {first_class.name}")
    amounts = lines[at + 1].split()
    assert amounts[0] == f"{Decimal(first_class.values['本年收入合计']):,.2f}"
    assert lines[at + 2].startswith(first_class.code)  # its first 款 row
    long_name = next(r.name for r in spending.rows if len(r.name) > 10)
    assert any(line.endswith(long_name[:9]) for line in lines)
