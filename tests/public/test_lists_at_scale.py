"""The report list's pages: ids from the order index, rows read for the page only, the
count kept until the data changes (issue 14). What a visitor sees must not change."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ingest.services import report_publish
from reports import selectors
from tests.public.conftest import final_accounts

pytestmark = pytest.mark.django_db


def listed(client, **params) -> tuple[list[str], str]:
    page = client.get(reverse("report_list"), params).content.decode()
    return re.findall(r'<a href="(/reports/\d+/)"', page), page


def test_every_page_of_the_report_list_shows_the_reports_in_the_lists_order(client, corpus,
                                                                            monkeypatch):
    from reports.views import public

    monkeypatch.setattr(public, "PER_PAGE", 2)
    expected = [r.get_absolute_url() for r in selectors.report_list()]
    shown: list[str] = []
    for number in range(1, len(expected) // 2 + 2):
        links, page = listed(client, page=number)
        shown += list(dict.fromkeys(links))
    assert shown == expected
    assert f"共 {(len(expected) + 1) // 2} 页" in page


def test_the_number_of_pages_follows_a_publication_on_the_next_request(client, corpus,
                                                                       monkeypatch):
    from reports.views import public

    monkeypatch.setattr(public, "PER_PAGE", 1)
    count = len(list(selectors.report_list()))
    assert f"第 1 页，共 {count} 页" in listed(client)[1]
    report_publish(parsed=final_accounts("青川市临江区新设局", 2023))
    assert f"第 1 页，共 {count + 1} 页" in listed(client)[1]


def test_the_api_pages_statement_rows_in_the_line_lists_order_each_row_once(client, corpus,
                                                                           settings):
    settings.API_RATE_LIMIT = ""
    expected = list(selectors.line_list().filter(code__startswith="20")
                    .values_list("pk", flat=True))
    seen: list[int] = []
    url = "/api/v1/statement-rows/?code=20&page_size=3"
    while url:
        answer = client.get(url).json()
        seen += [row["id"] for row in answer["results"]]
        url = answer["next"]
    assert len(expected) > 6  # several pages
    assert seen == expected


def test_a_rare_code_finds_its_rows_on_the_line_list(client, corpus):
    page = client.get(reverse("line_list"), {"code": "2060101"}).content.decode()
    assert "2060101" in page
    empty = client.get(reverse("line_list"), {"code": "2299"}).content.decode()
    assert "没有符合条件的科目。" in empty


def test_a_years_csv_lists_every_report_of_the_year_in_the_lists_order(client, corpus,
                                                                        monkeypatch):
    import csv
    import io

    from reports import exports

    monkeypatch.setattr(exports, "CSV_BATCH", 2)  # rows go out two at a time
    response = client.get(reverse("report_export", args=["csv"]), {"year": 2023})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    expected = list(selectors.report_list().filter(fiscal_year__year=2023))
    assert rows[0][:2] == ["年度", "部门"]
    assert [int(r[-1]) for r in rows[1:]] == [r.pk for r in expected]
    first = expected[0]
    assert rows[1][:4] == ["2023", first.department.name, first.department.region.name,
                           str(first.get_kind_display())]
    pieces = list(client.get(reverse("report_export", args=["csv"]),
                             {"year": 2023}).streaming_content)
    assert len(pieces) == 1 + (len(expected) + 1) // 2  # the header first, on its own
