"""The home page overview: who published where and when, spending by 类, latest problems."""

from __future__ import annotations

import re

import pytest

from core.money import grouped
from reports.models import Finding, Region
from tests.public.test_explore import category_sums, publish_synthetic

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def coverage_cells(html: str, region: Region) -> list[str]:
    table = section(html, "coverage-table-heading")
    start = table.index(f'href="{region.get_absolute_url()}"')
    row = table[start:table.index("</tr>", start)]
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_the_home_page_counts_the_bodies_that_published_by_region_and_year(client, corpus):
    html = client.get("/").content.decode()
    table = section(html, "coverage-table-heading")
    assert "各地区各年度发布情况" in table
    assert re.findall(r'<th scope="col" class="num">(\d{4})</th>', table) == [
        "2023", "2022", "2021"]
    county = corpus.science.region
    city = county.parent
    # The city counts its own education bureau and the district's science bureau.
    assert coverage_cells(html, city) == ["2", "1", "1"]
    assert coverage_cells(html, county) == ["1", "0", "1"]


def test_the_home_page_lists_the_latest_errors_and_warnings_only(client, corpus):
    Finding.objects.all().delete()

    def add(report, severity: str, message: str, **extra) -> Finding:
        return Finding.objects.create(report=report, rule_id="x", severity=severity,
                                      message=message, **extra)

    error = add(corpus.science_2023, "error", "支出合计与分项之和相差100.00万元")
    warning = add(corpus.education_2023, "warning", "三公经费比上年增长超过50%")
    add(corpus.science_2021, "info", "备注性提示")
    add(corpus.science_2021, "rounding", "尾差0.01万元")
    add(corpus.science_2021, "doubt", "本站读取存疑")
    add(corpus.science_2021, "error", "已被驳回的错误", review=Finding.Review.DISMISSED,
        review_note="原文无误")

    latest = section(client.get("/").content.decode(), "problems-heading")

    assert "最新发现的问题" in latest
    assert f'href="/audit/findings/{error.pk}/"' in latest
    assert f'href="/audit/findings/{warning.pk}/"' in latest
    assert "支出合计与分项之和相差100.00万元" in latest
    assert "三公经费比上年增长超过50%" in latest
    for hidden in ("备注性提示", "尾差0.01万元", "本站读取存疑", "已被驳回的错误"):
        assert hidden not in latest
    # Newest first.
    newest, older = (latest.index(f"/audit/findings/{f.pk}/") for f in (warning, error))
    assert newest < older


def test_the_home_page_sums_spending_by_category_for_the_newest_year(client):
    truths = publish_synthetic(range(3), (2022, 2023))
    expected = category_sums(truths, 2023, "支出决算表", "本年支出合计")

    html = client.get("/").content.decode()
    spending = section(html, "spending-heading")

    assert "2023年支出（按类）" in spending
    for code, amount in expected.items():
        start = spending.index(f'href="/explore/{code}/?year=2023"')
        row = spending[start:spending.index("</tr>", start)]
        assert grouped(amount) in row


def test_the_overview_reads_in_english(client, corpus):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Who published, by region and year" in html
    assert "Latest problems found" in html
