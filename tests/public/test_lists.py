"""Browse lists: filters, sorting, pagination, and their CSV / XLSX / JSON exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.filters import IndicatorFilter, LineFilter, ReportFilter
from reports.models import Indicator, Report, StatementRow
from reports.selectors import indicator_list, line_list, report_list
from tests.public.conftest import EDUCATION, SCIENCE

pytestmark = pytest.mark.django_db


def reports(**params) -> list[Report]:
    return list(ReportFilter(params, queryset=report_list()).qs)


def lines(**params) -> list[StatementRow]:
    return list(LineFilter(params, queryset=line_list()).qs)


def indicators(**params) -> list[Indicator]:
    return list(IndicatorFilter(params, queryset=indicator_list()).qs)


def test_report_filters(corpus):
    assert len(reports()) == 5
    assert {r.fiscal_year.year for r in reports(year="2023")} == {2023}
    assert {r.kind for r in reports(kind="performance_evaluation")} == {"performance_evaluation"}
    assert {r.department.name for r in reports(department=str(corpus.education.pk))} == {EDUCATION}
    county = corpus.science.region
    assert {r.department.name for r in reports(region=str(county.pk))} == {SCIENCE}
    assert len(reports(region=str(county.parent_id))) == 5  # the city includes its district


def test_report_sorting(corpus):
    years = [r.fiscal_year.year for r in reports(sort="year")]
    assert years == sorted(years)
    years = [r.fiscal_year.year for r in reports(sort="-year")]
    assert years == sorted(years, reverse=True)


def test_line_filters(corpus):
    assert {r.code for r in lines(code="20601")} == {"20601", "2060101"}
    assert {r.name for r in lines(name="社会保障")} == {"社会保障和就业支出"}
    assert len(lines(code="208")) == 4
    assert len(lines(code="208", year="2023")) == 2
    assert len(lines(code="208", department=str(corpus.science.pk))) == 2
    assert len(lines(table="三公")) == 4
    # one cell within both bounds: 48.10 is the 208 line's only amount
    assert {r.code for r in lines(amount_min="40", amount_max="50")} == {"208"}
    assert lines(amount_min="49", amount_max="50") == []


def test_indicator_filters(corpus):
    assert len(indicators()) == 3
    assert [i.level3 for i in indicators(result="missed")] == ["科技成果转化率"]
    assert {i.level3 for i in indicators(result="met")} == {"科技项目验收数", "企业满意度"}
    assert [i.level3 for i in indicators(level1="产出指标")] == ["科技项目验收数"]
    assert [i.level3 for i in indicators(level2="服务对象满意度指标")] == ["企业满意度"]
    assert [i.level3 for i in indicators(name="转化")] == ["科技成果转化率"]
    assert indicators(year="2021") == []


def test_list_pages_show_filters_and_sort_links(client, corpus):
    html = client.get(reverse("line_list"), {"code": "2060101"}).content.decode()
    assert "科目编码开头" in html
    assert "金额不少于（万元）" in html
    assert "行政运行" in html
    assert 'href="?code=2060101&amp;sort=code"' in html
    html = client.get(reverse("indicator_list"), {"result": "missed"}).content.decode()
    assert "科技成果转化率" in html
    assert "企业满意度" not in html
    assert "目标是否完成" in html
    assert "一级指标" in html
    html = client.get(reverse("report_list"), {"year": "2021"}).content.decode()
    assert "共 1 条结果" in html


def test_pagination_keeps_the_filters(client, corpus):
    from tests.public.conftest import grow

    grow(corpus, 22)  # 26 final accounts: two pages of 25
    response = client.get(reverse("report_list"), {"kind": "final_accounts", "sort": "year"})
    html = response.content.decode()
    assert "第 1 页，共 2 页" in html
    assert 'href="?kind=final_accounts&amp;sort=year&amp;page=2"' in html
    page2 = client.get(reverse("report_list"), {"kind": "final_accounts", "sort": "year",
                                                "page": "2"}).content.decode()
    assert "第 2 页，共 2 页" in page2


def test_invalid_filter_values_do_not_break_the_page(client, corpus):
    response = client.get(reverse("line_list"), {"amount_min": "abc", "year": "1800"})
    assert response.status_code == 200


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_report_csv_export_follows_the_filters(client, corpus):
    response = client.get(reverse("report_export", args=["csv"]), {"year": "2023"})
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0][:3] == ["年度", "部门", "地区"]
    assert len(rows) == 1 + 3
    assert {row[0] for row in rows[1:]} == {"2023"}


def test_report_csv_export_with_search(client, corpus):
    rows = read_csv(client.get(reverse("report_export", args=["csv"]), {"q": "科学技术支出"}))
    assert {row[1] for row in rows[1:]} == {SCIENCE}


def test_line_xlsx_export(client, corpus):
    response = client.get(reverse("line_export", args=["xlsx"]), {"code": "2060101"})
    assert response["Content-Disposition"] == 'attachment; filename="lines.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][5:7] == ("科目编码", "科目名称")
    assert len(values) == 1 + 2  # the 2060101 line of each science final account
    assert {v[5] for v in values[1:]} == {"2060101"}


def test_indicator_exports(client, corpus):
    rows = read_csv(client.get(reverse("indicator_export", args=["csv"]), {"result": "missed"}))
    assert rows[1][5] == "科技成果转化率"
    assert rows[1][10] == "部分项目延期"
    response = client.get(reverse("indicator_export", args=["xlsx"]))
    assert len(list(load_workbook(io.BytesIO(response.content)).active.values)) == 4


def test_unknown_export_format_is_404(client, corpus):
    assert client.get("/reports/export.pdf").status_code == 404


def test_report_json_has_the_contract_shape(client, corpus, shared):
    schema = json.loads((shared / "contract" / "parsed-report.schema.json").read_text())
    data = json.loads(client.get(reverse("report_json", args=[corpus.science_2023.pk])).content)
    assert set(data) == set(schema["properties"]) - {"error"}
    assert data["figures"]["expenditure_total"] == "1023.50"
    assert data["tables"][0]["rows"][2] == {
        "code": "2060101", "name": "行政运行", "values": {"合计": "154.80", "基本支出": "154.80"}}
    assert data["tables"][1]["rows"][0]["code"] is None
    assert data["expenditure_lines"][0]["code"] == "2060101"
    assert data["sections"][1]["heading"] == "三、“三公”经费支出情况"


def test_report_json_round_trips_the_parsed_report(client, corpus):
    from tests.public.conftest import final_accounts

    expected = final_accounts(SCIENCE, 2023).to_contract()
    data = json.loads(client.get(reverse("report_json", args=[corpus.science_2023.pk])).content)
    for key in ("kind", "department", "fiscal_year", "figures", "expenditure_lines", "tables",
                "indicators", "sections", "warnings"):
        assert data[key] == expected[key], key


def test_report_json_is_read_once_and_still_refused_once_the_report_is_withdrawn(client, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("report_json", args=[corpus.science_2023.pk])
    first = client.get(url).content
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).content == first
    assert not [q for q in captured.captured_queries if "reports_statementrow" in q["sql"]]
    Report.objects.filter(pk=corpus.science_2023.pk).update(status=Report.Status.DRAFT)
    assert client.get(url).status_code == 404


def test_region_filters_on_lines_and_indicators(corpus):
    county = corpus.science.region
    assert {r.table.report.department.name for r in lines(region=str(county.pk))} == {SCIENCE}
    assert len(indicators(region=str(county.pk))) == 3
    assert indicators(department=str(corpus.education.pk)) == []


@pytest.mark.parametrize("bound", ["-1e999999", "1e400", "99999999999999999999"])
def test_an_amount_bound_past_any_stored_amount_is_refused_with_a_message(client, corpus, bound):
    page = client.get(reverse("line_list"), {"amount_min": bound})
    assert page.status_code == 200
    assert "确保该值" in page.content.decode()  # Django's own "ensure this value …"
    api = client.get("/api/v1/statement-rows/", {"amount_min": bound})
    assert api.status_code == 400
    assert "amount_min" in api.json()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_with_an_invalid_filter_says_which_instead_of_sending_an_empty_file(
    client, corpus, fmt
):
    response = client.get(reverse("line_export", args=[fmt]), {"amount_min": "-1e999999"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "未生成下载文件" in text
    assert "金额" in text  # the filter's label
    assert "确保该值" in text  # Django's own message
