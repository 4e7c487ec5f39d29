"""The explorer's and the region pages' sums, kept per region as reports are published
(``SpendingTotal``, issue 14): what a visitor reads must be what summing every report
gives, after a publication, a new version, a department moved, a report withdrawn."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.contract import ParsedReport, ParsedRow, ParsedTable
from ingest.services import report_publish
from reports.models import Department, Region, Report, SpendingTotal

pytestmark = pytest.mark.django_db


def spent_on_206(department: str, amount: str, year: int = 2023) -> ParsedReport:
    """A 部门决算 whose 支出决算表 prints one 类: 206 科学技术支出."""
    return ParsedReport(file="x.pdf", kind="final_accounts", department=department,
                        fiscal_year=year, tables=[ParsedTable("支出决算表", page=9, rows=[
                            ParsedRow("206", "科学技术支出", {"本年支出合计": amount})])])


def row_206(html: str) -> str:
    start = html.index('href="/explore/206/')
    return html[start:html.index("</tr>", start)]


def by_region(html: str) -> str:
    start = html.index('id="regions-heading"')
    return html[start:html.index("</table>", start)]


def kept() -> list[tuple]:
    return sorted(SpendingTotal.objects.values_list(
        "region", "year", "source", "code", "level", "amount", "reports", "derived"),
        key=str)


@pytest.fixture
def three_places(db) -> dict[str, Report]:
    """Two districts of one city and a body whose name names no place."""
    return {
        "白鹭区": report_publish(parsed=spent_on_206("青川市白鹭区审计局", "100.00")),
        "临江区": report_publish(parsed=spent_on_206("青川市临江区科学技术局", "50.00")),
        "nowhere": report_publish(parsed=spent_on_206("测试科学院", "7.00")),
    }


def test_a_publication_counts_in_its_district_its_city_and_the_whole_country(client,
                                                                           three_places):
    district = three_places["白鹭区"].department.region
    city = district.parent
    assert city is not None
    assert city.name == "青川市"
    assert three_places["nowhere"].department.region is None

    country = client.get("/explore/", {"year": 2023}).content.decode()
    in_city = client.get("/explore/", {"year": 2023, "region": city.pk}).content.decode()
    in_district = client.get(district.get_absolute_url(), {"year": 2023}).content.decode()

    assert "157.00" in row_206(country)
    assert "3 份报告" in country
    assert "150.00" in row_206(in_city)
    assert "2 份报告" in in_city
    assert "100.00" in row_206(in_district)
    # The region page's trend: the year's 类 summed, and the reports counted.
    trend = in_district[in_district.index('<table data-chart="trend-chart"'):]
    assert '<td class="num">1</td>' in trend[:trend.index("</tr>", trend.index("2023"))]


def test_a_code_page_splits_the_sum_by_the_regions_right_below_the_chosen_one(client,
                                                                            three_places):
    district = three_places["白鹭区"].department.region
    city = district.parent

    country = by_region(client.get("/explore/206/", {"year": 2023}).content.decode())
    in_city = by_region(client.get("/explore/206/", {"year": 2023,
                                                     "region": city.pk}).content.decode())

    # The whole country: the city with everything below it, and the body of no known place.
    assert f'<a href="/regions/{city.pk}/">青川市</a></th><td class="num">150.00</td>' in country
    assert "地区不详</th><td class=\"num\">7.00</td>" in country
    assert "白鹭区" not in country
    # Within the city: its two districts.
    assert f'<a href="/regions/{district.pk}/">白鹭区</a></th><td class="num">100.00</td>' \
        in in_city
    assert ">临江区</a></th><td class=\"num\">50.00</td>" in in_city
    assert "地区不详" not in in_city


def test_a_new_version_replaces_the_old_one_in_every_sum(client, three_places):
    report_publish(parsed=spent_on_206("青川市白鹭区审计局", "80.00"))

    country = client.get("/explore/", {"year": 2023}).content.decode()
    district = three_places["白鹭区"].department.region
    in_district = client.get(district.get_absolute_url(), {"year": 2023}).content.decode()

    assert "137.00" in row_206(country)  # 80 + 50 + 7, the superseded 100 no longer
    assert "3 份报告" in country
    assert "80.00" in row_206(in_district)
    assert ">100.00</td>" not in row_206(in_district)  # (its share is 100.00%)


def test_a_department_moved_to_another_district_moves_its_spending(client, three_places):
    moved = three_places["白鹭区"].department
    linjiang = three_places["临江区"].department.region

    moved.region = linjiang
    moved.save()

    html = client.get("/explore/", {"year": 2023, "region": linjiang.pk}).content.decode()
    assert "150.00" in row_206(html)
    white_egret = Region.objects.get(name="白鹭区")
    html = client.get("/explore/", {"year": 2023, "region": white_egret.pk}).content.decode()
    assert 'href="/explore/206/' not in html


def test_a_report_withdrawn_by_an_editor_leaves_the_sums(client, three_places):
    withdrawn = three_places["临江区"]
    withdrawn.status = Report.Status.SUPERSEDED
    withdrawn.save()

    assert "107.00" in row_206(client.get("/explore/", {"year": 2023}).content.decode())

    three_places["nowhere"].delete()

    assert "100.00" in row_206(client.get("/explore/", {"year": 2023}).content.decode())


def test_the_rebuild_command_and_the_migration_give_the_sums_publishing_kept(three_places):
    import importlib

    published = kept()
    assert published
    SpendingTotal.objects.all().delete()

    call_command("spending_rebuild", stdout=io.StringIO())
    assert kept() == published

    SpendingTotal.objects.all().delete()
    importlib.import_module("reports.migrations.0018_spending_totals_fill").fill(None, None)
    assert kept() == published


def test_the_explorer_reads_a_few_kept_rows_on_the_first_request_after_a_publication(
    client, three_places
):
    """Its sums were cached until the next publication, then summed again from every
    spending row; now the first request reads the same few kept rows as any other."""
    urls = ["/explore/?year=2023", "/explore/206/?year=2023", "/explore/?year=2023&region="
            f"{three_places['白鹭区'].department.region.parent_id}"]

    def first_requests() -> list[list[str]]:
        found = []
        for url in urls:
            report_publish(parsed=spent_on_206("测试科学院", "7.00"))  # a new version
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append([q["sql"] for q in captured])
        return found

    few = first_requests()
    for i in range(6):
        report_publish(parsed=spent_on_206(f"青川市白鹭区第{i}测试局", "1.00"))
        report_publish(parsed=spent_on_206(f"青川市白鹭区第{i}测试局", "1.00", year=2022))
    many = first_requests()

    assert [len(q) for q in many] == [len(q) for q in few]
    # The sums are read from the kept totals: no query sums the spending rows themselves.
    for queries in many[:1] + many[2:]:
        assert not any('FROM "reports_spending"' in sql for sql in queries), queries
    assert Department.objects.count() == 9
