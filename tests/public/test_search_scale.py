"""Search stays fast at scale: it reads a bounded number of matches and says when it did."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import search
from reports.models import Report, SearchEntry, SearchGram

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



def _report_links(html: str, reports) -> list[int]:
    """The reports among ``reports`` in the order the page lists them."""
    at = {report.pk: html.find(f'href="{report.get_absolute_url()}"') for report in reports}
    return [pk for pk, position in sorted(at.items(), key=lambda kv: kv[1]) if position >= 0]


def test_a_search_lists_the_best_matches_first_then_the_newest(client, corpus):
    # 科学技术支出 is in the science bureau's 决算 tables (and its name holds 科学技术):
    # both of its 决算 score alike, so the newer comes first; the education bureau's
    # reports do not hold it.
    response = client.get(reverse("search"), {"q": "科学技术支出"})
    html = response.content.decode()
    shown = _report_links(html, [corpus.science_2023, corpus.science_2021,
                                 corpus.education_2023])
    assert shown == [corpus.science_2023.pk, corpus.science_2021.pk]
    assert "共 2 条结果" in html
    # 三公经费: every 决算 alike; newest year first, then by department.
    html = client.get(reverse("search"), {"q": "三公经费"}).content.decode()
    assert _report_links(html, [corpus.science_2021, corpus.education_2023,
                                corpus.science_2023]) == [
        corpus.science_2023.pk, corpus.education_2023.pk, corpus.science_2021.pk]


def test_the_api_lists_a_search_in_the_same_order_with_where_it_matched(client, corpus):
    found = client.get(reverse("api:search"), {"q": "科学技术支出"}).json()["results"]
    # Equal scores: ties in the report list's order, newest year first, as on the page.
    assert [r["id"] for r in found] == [corpus.science_2023.pk, corpus.science_2021.pk]
    assert all(r["hits"] and "<mark>" in r["hits"][0]["snippet_html"] for r in found)


def test_a_search_asked_again_reads_no_match_until_a_report_is_published(client, corpus):
    client.get(reverse("search"), {"q": "三公经费"})
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("search"), {"q": "三公经费"}).content.decode()
    # Only the page's own reports' entries are read (for their snippets), by report id.
    reads = [sql for sql in _entry_queries(captured) if "LIMIT" in sql]
    assert reads == []
    assert "共 4 条结果" in html
    # A publication changes the data: the next search sees the new report.
    from ingest.services import report_publish
    from tests.public.conftest import final_accounts

    new = report_publish(parsed=final_accounts("青川市财政局", 2024))
    html = client.get(reverse("search"), {"q": "三公经费"}).content.decode()
    assert "共 5 条结果" in html
    assert _report_links(html, [new, corpus.science_2023])[0] == new.pk


def test_a_pair_of_characters_found_nowhere_reads_no_entry(client, corpus):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("search"), {"q": "龘龘"})
    assert "没有找到匹配的内容" in response.content.decode()
    assert not [q["sql"] for q in captured.captured_queries
                if 'FROM "reports_searchentry"' in q["sql"]]


def test_a_pair_of_characters_first_published_later_is_found(client, corpus):
    assert "没有找到匹配的内容" in client.get(reverse("search"), {"q": "璇玑"}).content.decode()
    from ingest.services import report_publish
    from tests.public.conftest import final_accounts

    report = report_publish(parsed=final_accounts("青川市璇玑局", 2024))
    html = client.get(reverse("search"), {"q": "璇玑"}).content.decode()
    assert report.get_absolute_url() in html
    assert "<mark>璇玑</mark>" in html
    assert SearchGram.objects.filter(gram="璇玑").exists()


def test_one_character_and_a_code_still_find_their_reports(client, corpus):
    html = client.get(reverse("search"), {"q": "经"}).content.decode()
    assert "共 4 条结果" in html  # 经费 in every 决算
    html = client.get(reverse("search"), {"q": "2060101"}).content.decode()
    assert _report_links(html, [corpus.science_2021, corpus.science_2023,
                                corpus.education_2023]) == [
        corpus.science_2023.pk, corpus.science_2021.pk]


def test_the_api_writes_each_hit_as_its_documented_serializer_does(client, corpus, rf):
    from reports.api.serializers import HitSerializer
    from reports.search import hits_for

    found = client.get(reverse("api:search"), {"q": "三公经费"}).json()["results"]
    request = rf.get("/")
    request.META["HTTP_HOST"] = "testserver"
    for report in found:
        expected = HitSerializer(hits_for("三公经费", [report["id"]])[report["id"]], many=True,
                                 context={"request": request}).data
        assert report["hits"] == [dict(hit) for hit in expected]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_on_postgresql_a_code_is_found_through_the_gin_index_alone(corpus):
    scored = (search.matching_entries("2060101").order_by()
              .values_list("report_id", "weight")[:search.SEARCH_CAP + 1])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = scored.explain()
    assert "reports_searchentry_tsv_gin" in plan
    assert "codes_trgm" not in plan  # not an OR with the codes' trigram LIKE
    assert {r for r, _w in scored} == {corpus.science_2023.pk, corpus.science_2021.pk}


def test_the_api_search_refuses_a_filter_it_cannot_read(client, corpus):
    response = client.get(reverse("api:search"), {"q": "三公经费", "year": "1800"})
    assert response.status_code == 400
    assert "year" in response.json()
    found = client.get(reverse("api:search"), {"q": "三公经费", "year": "2021"}).json()
    assert [r["id"] for r in found["results"]] == [corpus.science_2021.pk]


def _report_or_entry_reads(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries
            if 'FROM "reports_report"' in q["sql"] or 'FROM "reports_searchentry"' in q["sql"]]


def test_a_search_page_asked_again_reads_no_report_and_no_entry(client, corpus):
    first = client.get(reverse("search"), {"q": "三公经费"}).content.decode()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(reverse("search"), {"q": "三公经费"}).content.decode()
    assert _report_or_entry_reads(captured) == []
    # The same rows, names and highlighted snippets as the first time.
    table = again[again.index('<table class="results">'):again.index("</table>")]
    assert table == first[first.index('<table class="results">'):first.index("</table>")]
    assert table.count("<mark>") >= 4
    assert "共 4 条结果" in again


def test_the_api_search_asked_again_reads_no_report_and_no_entry(client, corpus):
    first = client.get(reverse("api:search"), {"q": "三公经费"}).json()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(reverse("api:search"), {"q": "三公经费"}).json()
    assert _report_or_entry_reads(captured) == []
    assert again == first
    assert again["results"][0]["hits"][0]["url"].startswith("http://testserver/")


def test_kept_search_results_show_what_changed_in_a_department_s_entries(client, corpus):
    from reports.search import department_entries_refresh
    from reports.services import department_alias_add

    html = client.get(reverse("search"), {"q": "科学技术局"}).content.decode()
    assert corpus.science_2023.get_absolute_url() in html
    assert "青川市科技新" not in html
    department_alias_add(department=corpus.science, name="青川市科技新局")
    department_entries_refresh(department_id=corpus.science.pk)
    html = client.get(reverse("search"), {"q": "科学技术局"}).content.decode()
    # The same reports match; their kept rows were drawn again with the new name.
    assert corpus.science_2023.get_absolute_url() in html
    assert "青川市科技新" in html  # in the snippet, its 局 highlighted


def test_a_result_lists_at_most_three_parts_of_a_report_where_every_part_matches(corpus):
    from reports.search import hits_for

    entries = SearchEntry.objects.filter(report=corpus.science_2023, text__contains="支出")
    assert entries.count() > 3
    hits = hits_for("支出", [corpus.science_2023.pk])[corpus.science_2023.pk]
    best = list(entries.order_by("-weight", "id")[:3])
    assert [hit.entry.pk for hit in hits] == [entry.pk for entry in best]
    assert all("<mark>支出</mark>" in hit.snippet for hit in hits)


def test_a_kept_api_page_shows_each_filter_s_own_scores(client, corpus, monkeypatch):
    # Capped just past the first report's entries: unfiltered, the 2021 report's score
    # counts only the one entry read of it; filtered to 2021, all of them. The same
    # report alone on a page must not show the other request's score.
    matches = search.matching_entries("三公经费")
    first = matches.filter(report=corpus.science_2023).count()
    monkeypatch.setattr(search, "SEARCH_CAP", first + 1)
    full = sum(matches.filter(report=corpus.science_2021).values_list("weight", flat=True))
    pages = client.get(reverse("api:search"), {"q": "三公经费", "page_size": 1}).json()
    unfiltered = client.get(pages["next"]).json()["results"]
    filtered = client.get(reverse("api:search"),
                          {"q": "三公经费", "year": "2021", "page_size": 1}).json()["results"]
    assert [r["id"] for r in unfiltered] == [r["id"] for r in filtered] == [
        corpus.science_2021.pk]
    assert unfiltered[0]["score"] < full
    assert filtered[0]["score"] == full
