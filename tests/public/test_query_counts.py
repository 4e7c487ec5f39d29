"""Every page type makes as many queries with 30 reports as with 3 (issue 14).

test_pages.py bounds the queries of the public pages; here each page type is loaded
twice, on a small corpus and after it has grown tenfold where that page looks (more
years of the department, more departments in its region, more findings), and must
make exactly the same number of queries both times.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ingest.services import report_publish
from reports.models import Finding, Report
from tests.public.conftest import SCIENCE, final_accounts, performance

pytestmark = pytest.mark.django_db

# Slips the consistency checks find, so every grown report adds findings.
SLIPS = {"personnel_expenditure": "9999.00", "public_expenditure": "1.00"}


def slipped(department: str, year: int, **kwargs):
    parsed = final_accounts(department, year, **kwargs)
    for figure in parsed.figures:
        if figure.key in SLIPS:
            figure.value = SLIPS[figure.key]
    return parsed


@pytest.fixture
def small(db):
    """Three published reports: one department over two years and its 绩效自评."""
    science = report_publish(parsed=slipped(SCIENCE, 2023))
    report_publish(parsed=slipped(SCIENCE, 2022))
    report_publish(parsed=performance(SCIENCE, 2023))
    return science


def grow_to_thirty(science: Report) -> None:
    """27 more: earlier years of the same department, and neighbours in its region."""
    for year in range(2014, 2022):
        report_publish(parsed=slipped(SCIENCE, year, extra_sections=2))
    for i in range(6):
        name = f"青川市临江区第{i}测试局"  # the same 区 as the science bureau
        report_publish(parsed=slipped(name, 2023, extra_sections=2))
        report_publish(parsed=slipped(name, 2022))
        report_publish(parsed=performance(name, 2023))
    report_publish(parsed=performance(SCIENCE, 2022))


def pages(science: Report) -> dict[str, tuple[str, dict]]:
    department = science.department
    region = department.region
    assert region is not None  # placed by its printed name (青川市临江区)
    api = "api:{}-list".format
    return {
        "home": (reverse("home"), {}),
        "report list": (reverse("report_list"), {}),
        "report list, filtered": (reverse("report_list"), {
            "region": region.pk, "year": 2023, "kind": "final_accounts", "sort": "-year"}),
        "search": (reverse("search"), {"q": "三公经费"}),
        "search for a code": (reverse("search"), {"q": "2060101"}),
        "search for one character": (reverse("search"), {"q": "经"}),
        "search for a pair found nowhere": (reverse("search"), {"q": "龘龘"}),
        "line list": (reverse("line_list"), {}),
        "line list, filtered": (reverse("line_list"), {"code": "206", "region": region.pk}),
        "line list, amount": (reverse("line_list"), {"amount_min": "100", "sort": "-year"}),
        "indicator list": (reverse("indicator_list"), {}),
        "region list": (reverse("region_list"), {}),
        "region page": (reverse("region_detail", args=[region.pk]), {}),
        "region page, the city above": (reverse("region_detail", args=[region.parent_id]), {}),
        "explorer": (reverse("explore"), {}),
        "explorer, a region": (reverse("explore"), {"region": region.parent_id}),
        "explorer, a code": (reverse("explore_code", args=["206"]), {}),
        "department page": (reverse("department_detail", args=[department.pk]), {}),
        "report page": (reverse("report_detail", args=[science.pk]), {}),
        "report json": (reverse("report_json", args=[science.pk]), {}),
        "compare years": (reverse("audit:compare_years"), {"department": department.pk}),
        "findings list": (reverse("audit:finding_list"), {}),
        "findings list, filtered": (reverse("audit:finding_list"),
                                    {"department": department.pk, "severity": "error"}),
        "scoreboard": (reverse("audit:scoreboard"), {}),
        "api regions": (reverse(api("region")), {}),
        "api departments": (reverse(api("department")), {"region": region.pk}),
        "api reports": (reverse(api("report")), {"year": 2023}),
        "api report": (reverse("api:report-detail", args=[science.pk]), {}),
        "api statement rows": (reverse(api("statement-row")), {"code": "206"}),
        "api expenditure lines": (reverse(api("expenditure-line")), {}),
        "api indicators": (reverse(api("indicator")), {}),
        "api findings": (reverse(api("finding")), {}),
        "api search": (reverse("api:search"), {"q": "三公经费"}),
    }


def count_queries(client, url: str, params: dict) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def next_page(client, url: str, params: dict) -> tuple[str, dict]:
    """The address a list's "next" link leads to (a keyset page deep in the list)."""
    page = client.get(url, params).content.decode()
    found = re.search(r'<a href="\?([^"]+)" rel="next">', page)
    assert found is not None, f"{url} has no next page"
    return url, dict(parse_qsl(html.unescape(found.group(1))))


def every_page(client, science: Report) -> dict[str, tuple[str, dict]]:
    found = pages(science)
    found["line list, next page"] = next_page(client, *found["line list"])
    found["report list, page 2"] = (reverse("report_list"), {"page": 2})
    found["indicator list, filtered"] = (reverse("indicator_list"), {
        "year": 2023, "region": science.department.region_id})
    found["api statement rows, next page"] = (reverse("api:statement-row-list"), {
        "code": "206", "page_size": 1})
    return found


def test_no_page_makes_more_queries_with_thirty_reports_than_with_three(client, small,
                                                                       settings, monkeypatch):
    settings.API_RATE_LIMIT = ""  # the throttle's cache reads are not the page's
    monkeypatch.setattr("reports.views.public.PER_PAGE", 4)  # a next page with 3 reports
    before = {name: count_queries(client, url, params)
              for name, (url, params) in every_page(client, small).items()}
    grow_to_thirty(small)
    assert Report.objects.published().count() == 30
    after = {name: count_queries(client, url, params)
             for name, (url, params) in every_page(client, small).items()}

    grown = {name: (before[name][0], after[name][0]) for name in before
             if after[name][0] != before[name][0]}
    assert grown == {}, f"pages whose query count grew with the data: {grown}"
    # The pages did show the bigger corpus: more years, neighbours, findings.
    assert "2014" in after["department page"][1]
    # The home page's overview: who published by region and year, latest problems.
    assert "各地区各年度发布情况" in after["home"][1]
    assert "/audit/findings/" in after["home"][1]
    assert "青川市临江区第5测试局" in after["region page"][1]
    assert "2014" in after["compare years"][1]
    assert Finding.objects.filter(severity="error").count() > 10


def test_comparing_departments_makes_as_many_queries_whatever_the_reports(client):
    """Two departments compared, then again once a region holds tenfold the reports."""
    science = report_publish(parsed=slipped(SCIENCE, 2023))
    neighbour = report_publish(parsed=slipped("青川市临江区第0测试局", 2023))
    params = {"year": 2023, "departments": [science.department_id, neighbour.department_id]}
    url = reverse("audit:compare_departments")
    few, _ = count_queries(client, url, params)

    grow_to_thirty(science)
    many, page = count_queries(client, url, params)

    assert many == few
    assert "青川市临江区第0测试局" in page
