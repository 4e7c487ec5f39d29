"""The two comparisons (pure functions), their pages, URLs and XLSX exports."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.contract import ParsedLine
from reports.compare import department_years, departments_in_year, heading_key
from reports.models import Department
from tests.audit.builders import indicator, publish

pytestmark = pytest.mark.django_db

PROBLEMS = ("一是规模工业增加值增长不及预期。二是制造业增加值占GDP比重提升难。"
            "三是财政科技支出增长率下滑。")


def line(code: str, subitem: str, budget: str, actual: str) -> ParsedLine:
    return ParsedLine("科学技术支出", "科学技术管理事务", subitem, budget, actual, code, page=5)


@pytest.fixture
def three_years() -> Department:
    publish(year=2022, figures={"expenditure_total": "1000.00", "staff_actual": "10"},
            lines=[line("2060101", "行政运行", "100.00", "90.00")],
            sections=[("七、存在的问题", "一是人员不足。")])
    publish(year=2023, figures={"expenditure_total": "1100.00"},
            lines=[line("2060101", "行政运行", "100.00", "110.00"),
                   line("2060199", "其他科学技术管理事务支出", "0", "5.00")],
            sections=[("七、存在的问题", PROBLEMS)])
    report = publish(year=2024, figures={"expenditure_total": "990.00"},
                     lines=[line("2060102", "行政运行", "120.00", "96.00")],
                     sections=[("六、存在的问题", PROBLEMS.replace("三是", "三是今年"))])
    publish(year=2024, kind="performance_evaluation",
            indicators=[indicator("科技项目数", "≥10个", "12个", "10", "10")])
    publish(year=2023, kind="performance_evaluation",
            indicators=[indicator("科技项目数", "≥10个", "11个", "10", "10")])
    return report.department


def test_figures_are_in_columns_per_year_with_change_and_change_percent(three_years):
    comparison = department_years(three_years)
    assert comparison.years == [2022, 2023, 2024]
    (row,) = [r for r in comparison.figures if r.key == "expenditure_total"]
    assert [v.text for v in row.values] == ["1000.00", "1100.00", "990.00"]
    assert row.values[0].change is None
    assert row.values[1].change == Decimal("100")
    assert row.values[2].change_percent == Decimal("-10")


def test_chosen_years_limit_the_columns(three_years):
    comparison = department_years(three_years, years=[2022, 2024])
    (row,) = [r for r in comparison.figures if r.key == "expenditure_total"]
    assert comparison.years == [2022, 2024]
    assert row.values[1].change == Decimal("-10")


def test_lines_align_by_code_and_by_name_where_the_code_changed(three_years):
    comparison = department_years(three_years)
    running = [r for r in comparison.lines if r.names[2] == "行政运行"]
    assert len(running) == 1
    cells = running[0].cells
    assert [c.actual for c in cells] == [Decimal("90"), Decimal("110"), Decimal("96")]
    assert cells[1].rate == Decimal("110")
    other = next(r for r in comparison.lines if r.code == "2060199")
    assert other.cells[0].actual is None
    assert other.cells[1].rate is None  # a budget of 0 has no rate


def test_indicators_align_by_their_level_three_name(three_years):
    comparison = department_years(three_years)
    (row,) = comparison.indicators
    assert [c.actual if c else None for c in row.cells] == [None, "11个", "12个"]


def test_sections_align_by_heading_and_mark_sentences_repeated_from_another_year(three_years):
    assert heading_key("七、存在的问题") == heading_key("六、 存在的问题") == "存在的问题"
    comparison = department_years(three_years)
    (row,) = comparison.sections
    cell_2023 = row.cells[1]
    assert [s.repeated_in for s in cell_2023.sentences] == [[2024], [2024], []]
    assert 0 < cell_2023.repeated_share < 100
    assert comparison.repeated_share[0] == 0


def test_departments_in_a_year_side_by_side_with_category_shares_and_per_head_figures():
    first = publish(figures={"expenditure_total": "200.00", "staff_actual": "8"},
                    lines=[line("2060101", "行政运行", "100.00", "150.00"),
                           ParsedLine("一般公共服务支出", "财政事务", "行政运行", "50.00", "50.00",
                                      "2010601")])
    second = publish(department="青川市临江区财政局", figures={"expenditure_total": "300.00"},
                     lines=[line("2060101", "行政运行", "100.00", "300.00")])
    comparison = departments_in_year([first.department, second.department], 2023)
    (total,) = [r for r in comparison.figures if r.key == "expenditure_total"]
    assert [v.text for v in total.values] == ["200.00", "300.00"]
    science = next(r for r in comparison.categories if r.name == "科学技术支出")
    assert science.shares == [Decimal("75"), Decimal("100")]
    (per_head,) = [r for r in comparison.per_head if r.key == "expenditure_total"]
    assert per_head.values[0].value == Decimal("25")
    assert per_head.values[1].value is None
    assert comparison.staff == [8, None]


def test_the_years_page_is_reproduced_by_its_url(client, three_years):
    url = reverse("audit:compare_years")
    response = client.get(url, {"department": three_years.pk, "years": [2023, 2024]})
    assert response.status_code == 200
    content = response.content.decode()
    assert "1,100.00" in content  # amounts print with separators
    assert "1000.00" not in content
    assert 'class="repeated"' in content


def test_the_years_page_exports_xlsx(client, three_years):
    response = client.get(reverse("audit:compare_years"),
                          {"department": three_years.pk, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert len(book.sheetnames) == 4
    figures = list(book.worksheets[0].values)
    assert figures[0][1:4] == ("2022", "2023", "2024")
    assert any(row[1:4] == (1000, 1100, 990) for row in figures[1:])


def test_the_departments_page_needs_two_to_six_departments(client, three_years):
    url = reverse("audit:compare_departments")
    response = client.get(url, {"year": 2023, "departments": [three_years.pk]})
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert response.context["form"].errors["departments"]


def test_the_departments_page_and_its_export(client, three_years):
    other = publish(department="青川市临江区财政局", figures={"expenditure_total": "300.00"})
    params = {"year": 2023, "departments": [three_years.pk, other.department.pk]}
    page = client.get(reverse("audit:compare_departments"), params)
    assert page.status_code == 200
    assert "青川市临江区财政局" in page.content.decode()
    html = page.content.decode()
    header = html[html.index("<thead>"):html.index("</thead>")]  # in the order chosen
    assert header.index(three_years.name) < header.index("青川市临江区财政局")
    export = client.get(reverse("audit:compare_departments"), {**params, "format": "xlsx"})
    book = load_workbook(BytesIO(export.content))
    rows = list(book.worksheets[0].values)
    assert rows[0][1:] == (three_years.name, "青川市临江区财政局")


def test_a_comparison_kept_between_requests_shows_a_publication_on_the_next_one(
    client, three_years
):
    url = reverse("audit:compare_years")
    before = client.get(url, {"department": three_years.pk}).content.decode()
    assert "1,234.00" not in before

    publish(year=2025, figures={"expenditure_total": "1234.00"})

    after = client.get(url, {"department": three_years.pk}).content.decode()
    assert "2025" in after[after.index('id="result"'):]
    assert "1,234.00" in after
    # The same comparison asked in another order of its parameters is the same page.
    other = client.get(url + f"?kind=&department={three_years.pk}").content.decode()
    assert other[other.index('id="result"'):] == after[after.index('id="result"'):]
