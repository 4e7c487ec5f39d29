"""The classification explorer: spending by 功能分类 code, summed over published reports."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.contract import ParsedReport, ParsedRow, ParsedTable
from core.money import grouped
from ingest.services import report_publish
from ingest.synth import generate_report
from reports.models import Report, Spending
from tests.public.conftest import grow

SEED = 7


def publish_synthetic(departments: range, years: tuple[int, ...]) -> list[ParsedReport]:
    truths: list[ParsedReport] = []
    for index in departments:
        for year in years:
            truth = generate_report(SEED, index, year)
            report_publish(parsed=truth)
            truths.append(truth)
    return truths


def category_sums(truths: list[ParsedReport], year: int, title: str, column: str):
    """What the generator printed: each 类 row of ``title`` summed over the year's reports."""
    sums: dict[str, Decimal] = {}
    for truth in truths:
        if truth.fiscal_year != year:
            continue
        table = next(t for t in truth.tables if t.title == title)
        for row in table.rows:
            if row.code and len(row.code) == 3:
                sums[row.code] = sums.get(row.code, Decimal(0)) + Decimal(row.values[column])
    return sums


def rows_of(html: str, code: str) -> str:
    start = html.index(f'href="/explore/{code}/')
    return html[start:html.index("</tr>", start)]


@pytest.mark.django_db
def test_the_explorer_sums_each_category_of_the_expenditure_tables_for_a_year(client):
    truths = publish_synthetic(range(4), (2022, 2023))
    expected = category_sums(truths, 2023, "支出决算表", "本年支出合计")

    html = client.get("/explore/", {"year": 2023}).content.decode()

    assert "4 份报告" in html
    for code, amount in expected.items():
        assert grouped(amount) in rows_of(html, code)
    # The first fictional department alone prints 312.95 under 206 in 2023.
    assert Spending.objects.get(report__department__name=truths[1].department, code="206",
                                report__fiscal_year__year=2023,
                                source="all_funds").amount == Decimal("312.95")
    # Only 类 rows on this page: a 类 is never added to its own 款.
    assert 'href="/explore/20601/' not in html


@pytest.mark.django_db
def test_the_visitor_chooses_the_general_budget_table_instead_of_all_funds(client, corpus):
    # Hand-made corpus: 2023 prints 206 = 154.80 (科学) and 205 = 154.80 (教育), 208 = 48.10 each.
    html = client.get("/explore/", {"year": 2023, "source": "general_budget"}).content.decode()

    assert "154.80" in rows_of(html, "205")
    assert "154.80" in rows_of(html, "206")
    assert "96.20" in rows_of(html, "208")
    assert "一般公共预算财政拨款支出决算表" in html
    # The corpus prints no 支出决算表: the default table has nothing to add up.
    assert "没有已公开的决算" in client.get("/explore/", {"year": 2023}).content.decode()


def final_accounts_with(rows: list[ParsedRow], department: str = "青川市白鹭区审计局",
                        year: int = 2023) -> ParsedReport:
    return ParsedReport(file="x.pdf", kind="final_accounts", department=department,
                        fiscal_year=year, tables=[ParsedTable("支出决算表", rows=rows, page=9)])


@pytest.mark.django_db
def test_a_level_a_report_leaves_out_is_the_sum_of_its_children_and_marked(client):
    report_publish(parsed=final_accounts_with([
        ParsedRow("2010801", "行政运行", {"本年支出合计": "120.00"}),
        ParsedRow("2010802", "一般行政管理事务", {"本年支出合计": "30.55"}),
    ]))

    html = client.get("/explore/", {"year": 2023}).content.decode()

    row = rows_of(html, "201")
    assert "150.55" in row
    assert "一般公共服务支出" in row
    assert "1 份报告中为下级之和" in row


@pytest.mark.django_db
def test_a_total_its_children_do_not_add_up_to_shows_its_rounding_remainder(client):
    report_publish(parsed=final_accounts_with([
        ParsedRow("206", "科学技术支出", {"本年支出合计": "100.01"}),
        ParsedRow("20601", "科学技术管理事务", {"本年支出合计": "60.00"}),
        ParsedRow("20604", "技术研究与开发", {"本年支出合计": "40.00"}),
    ]))

    html = client.get("/explore/206/", {"year": 2023}).content.decode()

    assert "100.01" in html
    assert '<span class="remainder">0.01</span>' in html
    assert "60.00" in rows_of(html, "20601")
    assert "40.00" in rows_of(html, "20604")


@pytest.mark.django_db
def test_a_code_page_shows_its_years_children_regions_and_departments(client):
    truths = publish_synthetic(range(2), (2022, 2023))
    first = Report.objects.get(department__name=truths[0].department, fiscal_year__year=2023)

    html = client.get("/explore/206/", {"year": 2023}).content.decode()

    assert "科学技术支出" in html
    assert 'data-year="2022"' in html
    assert 'data-year="2023"' in html
    assert 'href="/explore/20601/' in html  # its 款
    spent = Spending.objects.get(report=first, code="206", source="all_funds")
    assert f'href="/reports/{first.pk}/#table-{spent.table.order}"' in html
    top = first.department.region  # by region: the provinces, each summing all below it
    while top.parent_id:
        top = top.parent
    assert f'href="/regions/{top.pk}/"' in html


@pytest.mark.django_db
def test_a_code_page_lists_the_largest_departments_and_says_the_download_has_them_all(
    client, monkeypatch
):
    from reports.views import explore as explore_views

    monkeypatch.setattr(explore_views, "DEPARTMENTS_SHOWN", 1)
    report_publish(parsed=final_accounts_with(
        [ParsedRow("206", "科学技术支出", {"本年支出合计": "80.00"})], "青川市白鹭区审计局"))
    report_publish(parsed=final_accounts_with(
        [ParsedRow("206", "科学技术支出", {"本年支出合计": "90.00"})], "青川市白鹭区统计局"))

    html = client.get("/explore/206/", {"year": 2023}).content.decode()

    assert "青川市白鹭区统计局" in html
    assert "青川市白鹭区审计局" not in html
    assert "此处列出金额最大的 1 个部门" in html


@pytest.mark.django_db
def test_the_explorer_follows_a_new_publication(client):
    """Its sums are cached until the published data changes: a new version shows at once."""
    report_publish(parsed=final_accounts_with(
        [ParsedRow("206", "科学技术支出", {"本年支出合计": "80.00"})]))
    assert "80.00" in rows_of(client.get("/explore/", {"year": 2023}).content.decode(), "206")
    report_publish(parsed=final_accounts_with(
        [ParsedRow("206", "科学技术支出", {"本年支出合计": "70.00"})]))
    assert "70.00" in rows_of(client.get("/explore/", {"year": 2023}).content.decode(), "206")


@pytest.mark.django_db
def test_superseded_versions_and_units_own_reports_are_not_counted(client):
    report_publish(parsed=final_accounts_with([
        ParsedRow("206", "科学技术支出", {"本年支出合计": "999.00"})]))
    report_publish(parsed=final_accounts_with([
        ParsedRow("206", "科学技术支出", {"本年支出合计": "100.00"})]))
    unit = final_accounts_with([ParsedRow("206", "科学技术支出", {"本年支出合计": "50.00"})])
    unit.scope = "unit"
    report_publish(parsed=unit)

    html = client.get("/explore/", {"year": 2023}).content.decode()

    assert "100.00" in rows_of(html, "206")
    assert "999.00" not in html
    assert "150.00" not in html


@pytest.mark.django_db
def test_the_explorer_and_a_code_download_as_csv_and_xlsx(client):
    truths = publish_synthetic(range(2), (2023,))
    expected = category_sums(truths, 2023, "支出决算表", "本年支出合计")

    response = client.get("/explore/export.csv", {"year": 2023})
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                        .decode("utf-8-sig"))))
    assert table[0][:4] == ["科目编码", "科目名称", "级次", "金额（万元）"]
    assert {r[0]: Decimal(r[3]) for r in table[1:]} == expected

    response = client.get("/explore/206/export.xlsx", {"year": 2023})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    printing_206 = [t.department for t in truths
                    if any(r.code == "206" for t2 in t.tables if t2.title == "支出决算表"
                           for r in t2.rows)]
    assert printing_206
    assert sorted(r[1] for r in rows[1:]) == sorted(printing_206)
    assert all(r[3] == "206" for r in rows[1:])


@pytest.mark.django_db
def test_the_rebuild_command_refills_what_publishing_wrote(client):
    publish_synthetic(range(1), (2023,))
    written = Spending.objects.count()
    Spending.objects.all().delete()

    call_command("spending_rebuild", stdout=io.StringIO())

    assert Spending.objects.count() == written > 0


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_explorer_pages_make_as_many_queries_for_many_reports_as_for_few(client, corpus):
    urls = ["/explore/?year=2022&source=general_budget",
            "/explore/206/?year=2022&source=general_budget"]
    few = [_queries(client, url) for url in urls]
    grow(corpus, 6)
    assert [_queries(client, url) for url in urls] == few


@pytest.mark.django_db
def test_the_data_migration_fills_spending_for_reports_published_before_it(client):
    import importlib

    from django.db.migrations.executor import MigrationExecutor

    publish_synthetic(range(1), (2023,))
    written = sorted(Spending.objects.values_list("code", "source", "amount"))
    Spending.objects.all().delete()
    # Today's tables have columns added since 0007 (the year, 0011): run its fill with
    # the historical models of today's schema.
    state = MigrationExecutor(connection).loader.project_state()

    importlib.import_module("reports.migrations.0007_spending").fill(state.apps, None)

    assert sorted(Spending.objects.values_list("code", "source", "amount")) == written
    assert 'href="/explore/206/' in client.get("/explore/").content.decode()


@pytest.mark.django_db
def test_the_visitor_can_sum_the_items_instead_of_the_categories(client):
    report_publish(parsed=final_accounts_with([
        ParsedRow("206", "科学技术支出", {"本年支出合计": "100.00"}),
        ParsedRow("20601", "科学技术管理事务", {"本年支出合计": "60.00"}),
        ParsedRow("20604", "技术研究与开发", {"本年支出合计": "40.00"}),
    ]))

    html = client.get("/explore/", {"year": 2023, "level": "item"}).content.decode()

    assert "60.00" in rows_of(html, "20601")
    assert "60.00%" in rows_of(html, "20601")
    assert "40.00" in rows_of(html, "20604")
    assert 'href="/explore/206/' not in html  # the 类 is its own level


@pytest.mark.parametrize(("gold", "title", "column"), [
    ("final2024_putuo_caizhengju_dept.json", "支出决算表", "本年支出合计"),
    ("final2023_chongqing_xinandaxue_dept.json", "高等学校支出决算表", "合计"),
])
@pytest.mark.django_db
def test_real_final_accounts_are_summed_from_their_own_expenditure_table(
    client, shared, gold, title, column
):
    import json

    from core.contract import report_from_contract

    data = json.loads((shared / "gold" / gold).read_text(encoding="utf-8"))
    report = report_publish(parsed=report_from_contract(data))
    table = next(t for t in data["tables"] if t["title"] == title)
    printed = {r["code"]: Decimal(r["values"][column].replace(",", ""))
               for r in table["rows"] if r["code"] and len(r["code"]) == 3}

    html = client.get("/explore/", {"year": report.fiscal_year.year}).content.decode()

    assert printed
    for code, amount in printed.items():
        assert grouped(amount) in rows_of(html, code)
