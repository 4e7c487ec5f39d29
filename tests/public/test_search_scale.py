"""Search stays fast at scale: it reads a bounded number of matches and says when it did."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import search
from reports.models import Report, SearchEntry

pytestmark = pytest.mark.django_db


def _entry_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries
            if 'FROM "reports_searchentry"' in q["sql"] and "report_id" in q["sql"]]


def test_the_search_reads_matches_with_a_limit_inside_the_sql(client, corpus):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("search"), {"q": "三公经费"})
    assert response.status_code == 200
    reads = [sql for sql in _entry_queries(captured) if "GROUP BY" not in sql]
    assert any(f"LIMIT {search.SEARCH_CAP + 1}" in sql for sql in reads), reads
    # Exact below the cap: the count has no "+".
    assert "共 4 条结果" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_on_postgresql_the_search_uses_the_gin_index(corpus):
    scored = (search.matching_entries("三公经费").order_by()
              .values_list("report_id", "weight")[:search.SEARCH_CAP + 1])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: the planner would scan
        plan = scored.explain()
    assert "reports_searchentry_tsv_gin" in plan
    assert "Limit" in plan


def test_a_frequent_term_shows_a_capped_count(client, corpus, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_CAP", 2)
    response = client.get(reverse("search"), {"q": "三公经费"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "条以上结果" in html
    assert "<mark>" in html


def test_filters_apply_before_the_cap(client, corpus, monkeypatch):
    # One entry read: it must be one of the filtered department's, wherever it lies.
    monkeypatch.setattr(search, "SEARCH_CAP", 1)
    last = search.matching_entries("三公经费").order_by("-id").first()
    owner = Report.objects.get(pk=last.report_id)
    other = SearchEntry.objects.filter(pk__in=search.matching_entries("三公经费")).exclude(
        report__department=owner.department).order_by("id").first()
    assert other is not None
    department = other.report.department_id
    response = client.get(reverse("search"), {"q": "三公经费", "department": department})
    html = response.content.decode()
    assert other.report.get_absolute_url() in html
    assert owner.get_absolute_url() not in html

