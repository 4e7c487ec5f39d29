"""Region totals, who published, budget against actual per line, and the help pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.money import grouped
from ingest.services import report_publish
from ingest.synth import generate_report
from reports.checks import RULES
from reports.models import Region
from tests.public.conftest import grow
from tests.public.test_explore import category_sums, rows_of


def section_of(html: str, start: str, end: str = "</table>") -> str:
    begin = html.index(start)
    return html[begin:html.index(end, begin)]


@pytest.mark.django_db
def test_a_city_page_sums_its_districts_spending_by_category_and_says_who_did_not_publish(client):
    truths = []
    for index in range(3):
        for year in (2022, 2023):
            if (index, year) == (2, 2022):
                continue  # the third body did not publish for 2022
            truth = generate_report(7, index, year)
            report_publish(parsed=truth)
            truths.append(truth)
    district = Region.objects.get(name="临江区")
    city = district.parent

    html = client.get(city.get_absolute_url(), {"year": 2023}).content.decode()

    for code, amount in category_sums(truths, 2023, "支出决算表", "本年支出合计").items():
        assert grouped(amount) in rows_of(html, code)
    assert 'id="region-chart"' in html
    publishing = section_of(html, '<table class="publishing">')
    row_2022 = section_of(publishing, 'data-year="2022"', "</tr>")
    assert '<td class="num">2</td><td class="num">3</td>' in row_2022
    assert truths[-1].department in row_2022  # named as not published
    row_2023 = section_of(publishing, 'data-year="2023"', "</tr>")
    assert '<td class="num">3</td><td class="num">3</td>' in row_2023
    # The year trend: every 类 of every report of the year, summed.
    trend = section_of(html, '<table data-chart="trend-chart"')
    for year, reports in ((2022, 2), (2023, 3)):
        total = sum(category_sums(truths, year, "支出决算表", "本年支出合计").values())
        row = section_of(trend, f'data-year="{year}"', "</tr>")
        assert f">{grouped(total)}</td>" in row
        assert f'<td class="num">{reports}</td>' in row


@pytest.mark.django_db
def test_a_department_page_shows_budget_against_actual_and_the_rate_per_line(client, corpus):
    html = client.get(corpus.science.get_absolute_url()).content.decode()

    table = section_of(html, '<table class="execution">')
    assert '<th scope="colgroup" colspan="3" class="band">2021</th>' in table
    assert '<th scope="colgroup" colspan="3" class="band">2023</th>' in table
    row = section_of(table, '<a href="/explore/2060101/">', "</tr>")
    # 年初预算 163.90, 决算 154.80 in both years: 94.45% executed.
    assert row.count("163.90") == 2
    assert row.count("154.80") == 2
    assert row.count("94.45%") == 2
    assert Decimal("154.80") / Decimal("163.90") * 100 > Decimal("94.445")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_region_and_department_pages_make_as_many_queries_for_many_reports(client, corpus):
    region = corpus.science.region
    urls = [region.get_absolute_url(), corpus.science.get_absolute_url()]
    few = [_queries(client, url) for url in urls]
    grow(corpus, 6)
    assert [_queries(client, url) for url in urls] == few


@pytest.mark.django_db
def test_the_glossary_explains_the_terms_and_the_methodology_lists_every_check(client):
    glossary = client.get("/help/glossary/").content.decode()
    assert "三公经费" in glossary
    assert "尾差" in glossary
    assert "因公出国（境）费、公务接待费、公务用车购置及运行维护费。" in glossary

    methodology = client.get("/help/methodology/").content.decode()
    for rule_id in RULES:
        assert f'href="/audit/rules/{rule_id}/"' in methodology
    assert "类不会与其下的款或项相加" in methodology
    assert 'id="rounding"' in methodology
