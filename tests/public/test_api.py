"""The open data API over real HTTP: every endpoint, its filters, paging, limit and CORS.

Reports are published through the real publish service (see conftest.corpus);
every response is checked against the schema the OpenAPI document declares.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from ingest.services import report_publish
from reports.downloads import downloads_rebuild_all
from reports.models import ExpenditureLine, Finding, Report, StatementRow
from tests.public.conftest import (
    EDUCATION,
    EDUCATION_ALIAS,
    SCIENCE,
    final_accounts,
    grow,
    performance,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    caches["api"].clear()  # an earlier test's requests must not count against this one
    yield
    caches["api"].clear()


@pytest.fixture
def document(client) -> dict:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


def conforms(document: dict, path: str, response) -> None:
    """The response body is what the OpenAPI document says this path answers."""
    template = next(p for p in document["paths"] if p == path)
    declared = document["paths"][template]["get"]["responses"]["200"]["content"]
    schema = {**declared["application/json"]["schema"], "components": document["components"]}
    OAS30Validator(schema).validate(response.json())


def get(client, path: str, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(page: dict) -> list[int]:
    return [item["id"] for item in page["results"]]


# --- the document ---------------------------------------------------------------------------


def test_the_openapi_document_validates_and_lists_every_endpoint(document):
    validate(document)
    assert document["info"]["title"] == "juesuan open data API"
    assert set(document["paths"]) == set(ENDPOINTS)


ENDPOINTS = {
    "/api/v1/regions/": {}, "/api/v1/regions/{id}/": {}, "/api/v1/regions/tree/": {},
    "/api/v1/departments/": {}, "/api/v1/departments/{id}/": {},
    "/api/v1/reports/": {}, "/api/v1/reports/{id}/": {},
    "/api/v1/statement-rows/": {}, "/api/v1/expenditure-lines/": {},
    "/api/v1/indicators/": {}, "/api/v1/findings/": {},
    "/api/v1/search/": {"q": "三公经费"}, "/api/v1/downloads/": {},
}


def test_every_endpoint_answers_what_the_document_declares(client, corpus, document):
    downloads_rebuild_all()
    filled = {"regions": corpus.science.region_id, "departments": corpus.science.pk,
              "reports": corpus.science_2023.pk}
    for template, params in ENDPOINTS.items():
        resource = template.split("/")[3]
        path = template.replace("{id}", str(filled.get(resource, "")))
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.content)
        body = response.json()
        assert body, path  # nothing empty: each endpoint has data to show here
        if isinstance(body, dict) and "results" in body:
            assert body["results"], path
        conforms(document, template, response)


def test_the_root_lists_the_resources(client):
    root = get(client, "/")
    assert root["reports"].endswith("/api/v1/reports/")
    assert root["statement-rows"].endswith("/api/v1/statement-rows/")


# --- regions and departments ----------------------------------------------------------------


def test_regions_with_paths_and_as_a_tree(client, corpus):
    county = corpus.science.region
    city = county.parent
    regions = {r["name"]: r for r in get(client, "/regions/")["results"]}
    assert regions[county.name]["path"] == [city.name, county.name]
    assert regions[county.name]["parent"] == city.pk
    assert regions[city.name]["department_count"] == 1  # 教育局; 科学技术局 is in the county
    assert [r["name"] for r in get(client, "/regions/", parent=city.pk)["results"]] == [
        county.name]
    assert get(client, "/regions/", level="county")["results"][0]["id"] == county.pk

    tree = get(client, "/regions/tree/")
    (top,) = [node for node in tree if node["id"] == city.pk]
    assert [child["name"] for child in top["children"]] == [county.name]
    assert top["children"][0]["department_count"] == 1

    detail = get(client, f"/regions/{county.pk}/")
    assert detail["url"].endswith(f"/regions/{county.pk}/")
    assert detail["api_url"].endswith(f"/api/v1/regions/{county.pk}/")


def test_departments_with_aliases_filtered_by_region_below_and_name(client, corpus):
    everything = get(client, "/departments/")["results"]
    education = next(d for d in everything if d["name"] == EDUCATION)
    assert education["aliases"] == [EDUCATION_ALIAS]
    assert education["report_count"] == 2
    city, county = corpus.education.region, corpus.science.region
    in_city = get(client, "/departments/", region=city.pk)["results"]
    assert {d["name"] for d in in_city} == {SCIENCE, EDUCATION}  # the county is in the city
    assert [d["name"] for d in get(client, "/departments/", region=county.pk)["results"]] == [
        SCIENCE]
    assert [d["name"] for d in get(client, "/departments/", name="教育委员会")["results"]] == [
        EDUCATION]

    detail = get(client, f"/departments/{corpus.science.pk}/")
    assert [(r["fiscal_year"], r["kind"]) for r in detail["reports"]] == [
        (2023, "final_accounts"), (2023, "performance_evaluation"), (2021, "final_accounts")]


# --- reports --------------------------------------------------------------------------------


def test_report_filters_are_the_pages_filters(client, corpus):
    def names(**params) -> set[tuple[str, int, str]]:
        return {(r["department"]["name"], r["fiscal_year"], r["kind"])
                for r in get(client, "/reports/", **params)["results"]}

    assert len(names()) == 5
    assert names(year=2021) == {(SCIENCE, 2021, "final_accounts")}
    assert names(kind="performance_evaluation") == {(SCIENCE, 2023, "performance_evaluation")}
    assert {n for n, _, _ in names(department=corpus.education.pk)} == {EDUCATION}
    assert {n for n, _, _ in names(region=corpus.science.region_id)} == {SCIENCE}
    assert len(names(region=corpus.education.region_id)) == 5  # the city and its county
    assert names(q="科技成果转化率") == {(SCIENCE, 2023, "performance_evaluation")}


def test_a_bad_filter_is_a_400_that_says_which_and_why(client, corpus):
    response = client.get(f"{API}/reports/", {"kind": "novel"})
    assert response.status_code == 400
    assert "kind" in response.json()
    assert "novel" in response.json()["kind"][0]
    client.cookies["django_language"] = "en"
    response = client.get(f"{API}/reports/", {"year": "1999"})
    assert response.status_code == 400
    assert "valid choice" in response.json()["year"][0]


def test_a_report_with_everything_read_from_it_and_where(client, corpus):
    report = get(client, f"/reports/{corpus.science_2023.pk}/")
    assert (report["department"]["name"], report["fiscal_year"]) == (SCIENCE, 2023)
    assert report["region"]["id"] == corpus.science.region_id
    assert report["url"].endswith(f"/reports/{corpus.science_2023.pk}/")
    assert report["original_url"] is None  # published from a parse, without a kept file

    figures = {f["key"]: f for f in report["figures"]}
    total = figures["expenditure_total"]
    assert (total["value"], total["value_text"], total["unit"]) == ("1023.5", "1023.50",
                                                                     "wanyuan")
    assert (total["page"], total["source"]) == (3, "expenditure_total 1023.50万元")
    assert total["label"] == "本年支出合计"  # in the request's language

    table = report["tables"][0]
    assert (table["title"], table["page"]) == ("一般公共预算财政拨款支出决算表", 6)
    assert table["columns"] == ["合计", "基本支出", "项目支出"]
    row = table["rows"][2]
    assert (row["code"], row["name"], row["level"]) == ("2060101", "行政运行", "subitem")
    assert [(c["column"], c["value"], c["value_text"]) for c in row["cells"]] == [
        ("合计", "154.8", "154.80"), ("基本支出", "154.8", "154.80")]

    (line,) = report["expenditure_lines"]
    assert (line["code"], line["budget"], line["actual"], line["page"]) == (
        "2060101", "163.9", "154.8", 5)
    sections = {s["heading"]: s for s in report["sections"]}
    assert sections["一、部门职责"]["page"] == 2
    assert report["versions"] == [{"id": corpus.science_2023.pk, "version": 1,
                                   "status": "published",
                                   "published_at": report["published_at"]}]
    stored = Finding.objects.filter(report=corpus.science_2023)
    assert {f["rule_id"] for f in report["findings"]} == {f.rule_id for f in stored}
    assert all(f["message"] for f in report["findings"])

    client.cookies["django_language"] = "en"
    english = get(client, f"/reports/{corpus.science_2023.pk}/")
    assert {f["key"]: f["label"] for f in english["figures"]}["expenditure_total"] == (
        "Total expenditure")

    performance = get(client, f"/reports/{corpus.science_perf.pk}/")
    assert [(i["level3"], i["score"], i["page"]) for i in performance["indicators"]] == [
        ("科技项目验收数", "20", 2), ("科技成果转化率", "18", 2), ("企业满意度", "10", 3)]
    assert {f["key"]: f["unit"] for f in performance["figures"]} == {
        "self_evaluation_score": "score"}


def test_a_superseded_version_answers_by_its_address_but_is_not_listed(client, corpus):
    newer = report_publish(parsed=final_accounts(SCIENCE, 2023, scale=3))
    listed = ids(get(client, "/reports/", department=corpus.science.pk, year=2023,
                     kind="final_accounts"))
    assert listed == [newer.pk]
    old = get(client, f"/reports/{corpus.science_2023.pk}/")
    assert old["status"] == "superseded"
    assert [(v["id"], v["status"]) for v in old["versions"]] == [
        (newer.pk, "published"), (corpus.science_2023.pk, "superseded")]
    rows = get(client, "/statement-rows/", code="2060101", year=2023,
               department=corpus.science.pk)["results"]
    assert {r["report"]["id"] for r in rows} == {newer.pk}


# --- lines, rows, indicators, findings -------------------------------------------------------


def test_statement_rows_by_classification_code_prefix(client, corpus):
    rows = get(client, "/statement-rows/", code="20601")["results"]
    assert sorted((r["report"]["fiscal_year"], r["code"]) for r in rows) == [
        (2021, "20601"), (2021, "2060101"), (2023, "20601"), (2023, "2060101")]
    row = rows[0]
    assert (row["table"], row["table_page"]) == ("一般公共预算财政拨款支出决算表", 6)
    assert row["report"]["department"]["name"] == SCIENCE
    assert row["cells"][0]["column"] == "合计"
    amounts = get(client, "/statement-rows/", code="208", amount_min="48", amount_max="49")
    assert len(amounts["results"]) == 4  # every final account's 208 row holds 48.10
    assert get(client, "/statement-rows/", code="208", amount_min="49")["results"] == []
    assert get(client, "/statement-rows/", table="三公")["results"][0]["code"] == ""


def test_expenditure_lines_by_code_kind_and_region(client, corpus):
    lines = get(client, "/expenditure-lines/", code="206")["results"]
    assert sorted(x["report"]["fiscal_year"] for x in lines) == [2021, 2023]
    assert {(x["code"], x["budget"], x["actual"]) for x in lines} == {
        ("2060101", "163.9", "154.8")}
    assert len(get(client, "/expenditure-lines/", code="2050101")["results"]) == 2
    assert get(client, "/expenditure-lines/", kind="performance_evaluation")["results"] == []
    in_county = get(client, "/expenditure-lines/", region=corpus.science.region_id)["results"]
    assert {x["report"]["department"]["name"] for x in in_county} == {SCIENCE}
    assert ExpenditureLine.objects.count() == 4


def test_indicators_with_the_pages_filters(client, corpus):
    indicators = get(client, "/indicators/")["results"]
    assert [i["level3"] for i in indicators] == ["科技项目验收数", "科技成果转化率", "企业满意度"]
    missed = get(client, "/indicators/", result="missed")["results"]
    assert [(i["level3"], i["deviation"]) for i in missed] == [("科技成果转化率", "部分项目延期")]
    assert get(client, "/indicators/", level1="满意度指标")["results"][0]["score"] == "10"


def test_findings_of_published_reports_with_their_filters(client, corpus):
    stored = Finding.objects.filter(report__status="published")
    assert stored.exists()  # the corpus's figures do not all add up
    findings = get(client, "/findings/", page_size=500)["results"]
    assert sorted(ids({"results": findings})) == sorted(stored.values_list("pk", flat=True))
    first = stored.order_by("pk").first()
    api = next(f for f in findings if f["id"] == first.pk)
    assert api["report"]["id"] == first.report_id
    assert api["url"].endswith(f"/audit/findings/{first.pk}/")
    assert api["message"]
    same_rule = get(client, "/findings/", rule=first.rule_id, page_size=500)["results"]
    assert {f["rule_id"] for f in same_rule} == {first.rule_id}
    assert len(same_rule) == stored.filter(rule_id=first.rule_id).count()
    by_year = get(client, "/findings/", year=2021, page_size=500)["results"]
    assert {f["report"]["fiscal_year"] for f in by_year} <= {2021}


# --- search ---------------------------------------------------------------------------------


def test_search_ranks_reports_and_shows_where_they_matched(client, corpus):
    found = get(client, "/search/", q="三公经费")
    years = {(r["department"]["name"], r["fiscal_year"]) for r in found["results"]}
    assert years == {(SCIENCE, 2023), (SCIENCE, 2021), (EDUCATION, 2022), (EDUCATION, 2023)}
    first = found["results"][0]
    assert first["score"] >= found["results"][-1]["score"]
    hit = first["hits"][0]
    assert "<mark>" in hit["snippet_html"]
    assert "#" in hit["url"]
    by_code = get(client, "/search/", q="2060101", year=2021)
    assert [(r["department"]["name"], r["fiscal_year"]) for r in by_code["results"]] == [
        (SCIENCE, 2021)]


def test_search_without_words_says_what_is_missing(client, corpus):
    response = client.get(f"{API}/search/")
    assert response.status_code == 400
    assert response.json() == {"q": ["请输入要搜索的词语或科目编码。"]}


# --- paging, limits, CORS -------------------------------------------------------------------


def test_cursor_pages_walk_every_report_once_even_while_more_are_published(client, corpus):
    first = get(client, "/reports/", page_size=2)
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "cursor=" in first["next"]
    # A report published between two pages neither repeats nor hides one already counted.
    late = report_publish(parsed=final_accounts("青川市第九测试局", 2020))
    seen, page = ids(first), first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += ids(page)
    assert seen == sorted(seen)
    assert set(seen) == set(Report.objects.published().values_list("pk", flat=True))
    assert seen[-1] == late.pk
    back = client.get(page["previous"]).json()
    last = len(ids(page))
    assert ids(back) == seen[-last - 2:-last]
    assert client.get(f"{API}/reports/", {"cursor": "nonsense"}).status_code == 404


def test_search_pages_keep_the_ranking(client, corpus):
    everything = ids(get(client, "/search/", q="三公经费"))
    pages = get(client, "/search/", q="三公经费", page_size=3)
    walked = ids(pages) + ids(client.get(pages["next"]).json())
    assert walked == everything


def test_a_client_over_the_limit_gets_429_with_a_clear_message(client, corpus, settings):
    settings.API_RATE_LIMIT = "3/minute"
    for _ in range(3):
        assert client.get(f"{API}/regions/").status_code == 200
    refused = client.get(f"{API}/reports/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    message = refused.json()["detail"]
    assert message.startswith("来自此地址的请求过多")
    assert "每分钟3次" in message
    client.cookies["django_language"] = "en"
    message = client.get(f"{API}/reports/").json()["detail"]
    assert message.startswith("Too many requests from this address")
    assert "3 requests a minute" in message
    assert "Try again in" in message
    # Another client still gets through: the limit is per address.
    assert client.get(f"{API}/reports/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_any_origin_may_read_and_nothing_may_write(client, corpus):
    response = client.get(f"{API}/reports/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(f"{API}/reports/", HTTP_ORIGIN="https://example.org",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert client.post(f"{API}/reports/", {}, HTTP_ORIGIN="https://example.org"
                       ).status_code == 405
    assert client.delete(f"{API}/reports/{corpus.science_2023.pk}/").status_code == 405
    page = client.get("/reports/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page  # only the API is shared


# --- drafts ---------------------------------------------------------------------------------


def test_a_draft_never_appears(client, corpus):
    # Built like any report, then set back to draft: it has rows, lines, indicators,
    # findings and search entries that must all stay hidden.
    drafts = [report_publish(parsed=final_accounts("青川市审计局", 2023, science=False)),
              report_publish(parsed=performance("青川市审计局", 2023))]
    Report.objects.filter(pk__in=[d.pk for d in drafts]).update(status=Report.Status.DRAFT)
    hidden = {d.pk for d in drafts}
    assert Finding.objects.filter(report__in=hidden).exists()
    assert StatementRow.objects.filter(table__report__in=hidden).exists()

    for draft in hidden:
        assert client.get(f"{API}/reports/{draft}/").status_code == 404
    assert not hidden & set(ids(get(client, "/reports/", page_size=500)))
    assert get(client, "/search/", q="审计局")["results"] == []
    for path in ("/statement-rows/", "/expenditure-lines/", "/findings/", "/indicators/"):
        reports = {item["report"]["id"] for item in get(client, path, page_size=500)["results"]}
        assert reports, path
        assert not hidden & reports, path
    department = get(client, f"/departments/{drafts[0].department_id}/")
    assert department["reports"] == []
    assert department["report_count"] == 0


# --- cost -----------------------------------------------------------------------------------

# The most queries each endpoint may make, the same with 5 reports or 17 (see grow()):
# counting the request against the limit (the database cache), then the answer's own.
LIMIT = 7
QUERY_BOUNDS = {"/regions/": 1, "/regions/tree/": 1, "/departments/": 2, "/reports/": 1,
                "/statement-rows/": 2, "/expenditure-lines/": 1, "/indicators/": 1,
                "/findings/": 1, "/search/": 3}
# Search on PostgreSQL: one more, the match's SET LOCAL work_mem (reports.search).
QUERY_BOUNDS["/search/"] += 1 if connection.vendor == "postgresql" else 0


def test_query_counts_do_not_grow_with_the_data(client, corpus, django_assert_max_num_queries):
    grow(corpus, 6)
    for path, bound in QUERY_BOUNDS.items():
        params = {"q": "三公经费"} if path == "/search/" else {}
        with django_assert_max_num_queries(LIMIT + bound, info=path):
            get(client, path, **params)
    with django_assert_max_num_queries(LIMIT + 10):  # the report, 8 of its parts, versions
        get(client, f"/reports/{corpus.science_2023.pk}/")


def test_a_report_is_serialized_once_until_the_published_data_changes(client, corpus):
    from django.test.utils import CaptureQueriesContext

    path = f"/reports/{corpus.science_2023.pk}/"
    first = get(client, path)
    with CaptureQueriesContext(connection) as captured:
        assert get(client, path) == first
    assert not [q for q in captured.captured_queries if "reports_statementrow" in q["sql"]]
    finding = Finding.objects.filter(report=corpus.science_2023).first()
    if finding is None:  # the corpus report has no finding: give it one to review
        finding = Finding.objects.create(report=corpus.science_2023, rule_id="tables.total_sum",
                                         severity="error", message="x")
        first = get(client, path)
    finding.review = "confirmed"
    finding.save()  # a review mark changes what the report's address answers
    again = get(client, path)
    assert [f["review"] for f in again["findings"] if f["id"] == finding.pk] == ["confirmed"]
