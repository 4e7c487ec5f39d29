"""The big lists page by keyset and count honestly; cached overviews follow publications.

Issue 14: the statement-line list pages "after the last row shown" (no OFFSET, no
count of every row), and the home page and the findings' counts are kept until the
published data changes.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ingest.services import report_publish
from reports import keyset
from reports.models import Department, Finding, Report
from reports.review import finding_review
from reports.selectors import LINE_ORDER
from tests.public.conftest import final_accounts, performance

pytestmark = pytest.mark.django_db

NAMES = ("青川市临江区乙局", "青川市临江区甲局", "青川市临江区甲局分局", "青川市临江区丙局")
ROW = re.compile(r'<td>(\d{4})</td>\s*<td><a href="[^"]*">([^<]+)</a></td>\s*'
                 r'<td><a href="[^"]*">[^<]*</a></td>\s*<td class="code">(\d*)</td>')
NEXT = re.compile(r'<a href="([^"]+)" rel="next">')


def lines_shown(page: str) -> list[tuple[int, str, str]]:
    return [(int(year), name, code) for year, name, code in ROW.findall(page)]


@pytest.fixture
def eight_reports(db) -> None:
    """Four departments (one name the start of another) over two years: 32 lines 20x."""
    for year in (2022, 2023):
        for name in NAMES:
            report_publish(parsed=final_accounts(name, year))


def test_the_line_list_pages_on_past_the_last_line_shown_in_the_same_order(client,
                                                                         eight_reports):
    first = client.get(reverse("line_list"), {"code": "20"}).content.decode()
    shown = lines_shown(first)
    assert len(shown) == 25
    link = NEXT.search(first)
    assert link is not None, "the first page links to the next"
    second = client.get(reverse("line_list") + html.unescape(link.group(1))).content.decode()
    rest = lines_shown(second)
    assert len(rest) == 7
    assert NEXT.search(second) is None  # the last page
    assert 'rel="first"' in second
    # Newest year first, departments by name (甲局 before 甲局分局), each table's rows
    # as printed: the same order a single sorted list would have, nothing twice.
    codes = ["206", "20601", "2060101", "208"]
    expected = [(year, name, code) for year in (2023, 2022) for name in sorted(NAMES)
                for code in codes]
    assert shown + rest == expected
    assert "共 32 条结果" in first


def test_a_sort_chosen_by_the_visitor_also_pages_by_keyset(client, eight_reports):
    params = {"code": "20", "sort": "code"}
    first = client.get(reverse("line_list"), params).content.decode()
    link = NEXT.search(first)
    assert link is not None
    assert "sort=code" in html.unescape(link.group(1))
    second = client.get(reverse("line_list") + html.unescape(link.group(1))).content.decode()
    codes = [code for _, _, code in lines_shown(first) + lines_shown(second)]
    assert codes == sorted(codes)
    assert len(codes) == 32


def test_more_lines_than_are_counted_are_said_to_be_more(client, eight_reports, monkeypatch):
    monkeypatch.setattr("reports.keyset.COUNT_CAP", 10)
    page = client.get(reverse("line_list"), {"code": "20"}).content.decode()
    assert "10 条以上结果" in page
    assert "共 32 条结果" not in page
    assert len(lines_shown(page)) == 25  # the page itself is whole


def test_a_cursor_that_cannot_be_read_shows_the_first_page(client, eight_reports):
    page = client.get(reverse("line_list"), {"code": "20", "after": "not-a-cursor"})
    assert page.status_code == 200
    assert lines_shown(page.content.decode())[0] == (2023, sorted(NAMES)[0], "206")


def test_a_renamed_department_moves_to_its_new_place_in_the_lists(client, eight_reports):
    department = Department.objects.get(name="青川市临江区丙局")
    department.name = "青川市临江区丁局"
    department.save()
    page = client.get(reverse("line_list"), {"code": "20", "year": 2023}).content.decode()
    names = list(dict.fromkeys(name for _, name, _ in lines_shown(page)))
    assert names == sorted([*NAMES[:3], "青川市临江区丁局"])


def test_the_home_page_shows_a_new_publication_on_the_next_request(client, eight_reports):
    before = client.get(reverse("home")).content.decode()
    assert "青川市临江区戊局" not in before
    with CaptureQueriesContext(connection) as cached:
        again = client.get(reverse("home")).content.decode()
    assert len(cached) == 1  # the data version: the rest is kept from the first request
    assert "最新发布" in again
    report_publish(parsed=final_accounts("青川市临江区戊局", 2023))
    after = client.get(reverse("home")).content.decode()
    assert "青川市临江区戊局" in after  # among the recently published


def test_the_findings_counts_follow_a_publication_and_a_dismissal(client, eight_reports):
    def errors_shown() -> int:
        page = client.get(reverse("audit:finding_list")).content.decode()
        badge = re.search(r'class="badge badge-error"[^>]*>(\d+)', page)
        assert badge is not None
        return int(badge.group(1))

    before = errors_shown()
    slipped = final_accounts("青川市临江区戊局", 2023)
    for figure in slipped.figures:
        if figure.key == "personnel_expenditure":
            figure.value = "9999.00"
    report = report_publish(parsed=slipped)
    errors = Finding.objects.filter(report=report, severity="error")
    assert errors.exists()
    assert errors_shown() == before + errors.count()
    auditor = User.objects.create_user("auditor", is_staff=True)
    finding_review(finding=errors.first(), user=auditor, review="dismissed",
                   note="印刷错误，已核实")
    assert errors_shown() == before + errors.count() - 1
    assert Report.objects.published().count() == 9


def test_a_year_without_expenditure_lines_compares_the_items_of_its_statement_table(client):
    stated = report_publish(parsed=final_accounts("青川市临江区甲局", 2022))
    unstated = final_accounts("青川市临江区甲局", 2023)
    unstated.expenditure_lines = []
    report_publish(parsed=unstated)
    page = client.get(reverse("audit:compare_years"),
                      {"department": stated.department_id}).content.decode()
    lines = page[page.index('id="lines"'):page.index("</section>", page.index('id="lines"'))]
    # One line for 2060101 行政运行: 2022 as stated, 2023 from the table's 合计 column.
    assert lines.count('<td class="code">2060101</td>') == 1
    assert lines.count("154.80") == 2
    assert '<td class="code">206</td>' not in lines  # only 项 rows stand in for lines


def test_departments_without_expenditure_lines_compare_the_categories_of_their_table(client):
    reports = []
    for name in ("青川市临江区甲局", "青川市临江区乙局"):
        parsed = final_accounts(name, 2023)
        parsed.expenditure_lines = []
        reports.append(report_publish(parsed=parsed))
    page = client.get(reverse("audit:compare_departments"), {
        "year": 2023, "departments": [r.department_id for r in reports]}).content.decode()
    section = page[page.index('id="categories"'):]
    section = section[:section.index("</section>")]
    # The 类 rows of 一般公共预算财政拨款支出决算表, for both departments.
    assert re.findall(r'<th scope="row">([^<]+)</th>', section) == ["社会保障和就业支出",
                                                                      "科学技术支出"]
    assert section.count("154.80") == 2
    assert section.count("48.10") == 2


def test_a_next_link_of_another_sort_or_a_forged_one_shows_the_first_page(client,
                                                                         eight_reports):
    by_name = client.get(reverse("line_list"), {"code": "20", "sort": "name"}).content.decode()
    link = NEXT.search(by_name)
    assert link is not None
    cursor = dict(parse_qsl(html.unescape(link.group(1)).lstrip("?")))["after"]
    newest = client.get(reverse("line_list"), {"code": "20", "sort": "-year", "after": cursor})
    assert newest.status_code == 200
    assert lines_shown(newest.content.decode())[0][0] == 2023
    ordering = ["-table__report__fiscal_year__year", *LINE_ORDER]
    forged = keyset._encode(ordering, ["not a year", "x", 1, 1, 1, 1])
    page = client.get(reverse("line_list"), {"code": "20", "sort": "-year", "after": forged})
    assert page.status_code == 200
    assert len(lines_shown(page.content.decode())) == 25


def test_the_indicator_list_pages_on_past_the_last_indicator_shown(client, db):
    """Ten self-evaluations of three indicators each: 25 on the first page, the other 5
    after it, newest year first, nothing twice, and no OFFSET count of every indicator."""
    for year in (2022, 2023):
        for k in range(5):
            report_publish(parsed=performance(f"青川市临江区第{k}局", year))
    first = client.get(reverse("indicator_list")).content.decode()
    link = NEXT.search(first)
    assert link is not None, "the first page links to the next"
    second = client.get(reverse("indicator_list") + html.unescape(link.group(1))).content.decode()
    assert NEXT.search(second) is None
    assert 'rel="first"' in second
    years = [int(y) for page in (first, second) for y in re.findall(r"<tr>\s*<td>(\d{4})</td>",
                                                                   page)]
    assert len(years) == 30
    assert years == sorted(years, reverse=True)
    assert "共 30 条结果" in first
