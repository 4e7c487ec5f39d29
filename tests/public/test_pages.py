"""Public pages: what a visitor sees (in Chinese by default), with bounded query counts."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ingest.models import Upload
from reports.models import Region
from tests.public.conftest import EDUCATION_ALIAS, SCIENCE, grow

pytestmark = pytest.mark.django_db

# The most queries each page may make; the same with 4 or 16 reports (see grow()).
# home: with an empty cache; then one query (the data version) while nothing is published.
BOUNDS = {"home": 11, "region_list": 4, "region_detail": 11, "department_detail": 10,
          "report_detail": 12, "report_list": 8, "line_list": 8, "indicator_list": 10}


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params)


def test_home_shows_coverage_search_and_recent(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(BOUNDS["home"]):
        html = get(client, "home").content.decode()
    assert "部门决算与绩效自评公开" in html
    assert "搜索全部公开报告" in html
    assert "收录范围" in html
    assert "最新发布" in html
    assert corpus.science_2023.get_absolute_url() in html
    assert 'lang="zh-hans"' in html


def test_english_is_available(client, corpus):
    client.cookies["django_language"] = "en"
    html = get(client, "home").content.decode()
    assert "Department final accounts and performance reports" in html


def test_regions_to_departments(client, corpus, django_assert_max_num_queries):
    region = corpus.science.region
    with django_assert_max_num_queries(BOUNDS["region_list"]):
        html = get(client, "region_list").content.decode()
    assert region.name in html
    root = region
    while root.parent_id:
        root = root.parent
    with django_assert_max_num_queries(BOUNDS["region_detail"]):
        html = get(client, "region_detail", region.pk).content.decode()
    assert SCIENCE in html
    assert "该地区全部报告" in html
    assert get(client, "region_detail", root.pk).status_code == 200


def test_department_page_years_chart_and_missing_year(client, corpus,
                                                      django_assert_max_num_queries):
    with django_assert_max_num_queries(BOUNDS["department_detail"]):
        html = get(client, "department_detail", corpus.science.pk).content.decode()
    assert "历年主要数据" in html
    assert "2022年度未公开报告。" in html  # 2021 and 2023 are published, 2022 is not
    assert "2022年度部门决算未公开。" in html
    assert 'data-chart="key-figures-chart"' in html
    assert "echarts.min.js" in html
    for label in ("本年支出合计", "基本支出", "项目支出", "人员经费", "公用经费",
                  "“三公”经费支出", "机关运行经费"):
        assert label in html
    assert 'data-value="1023.500000"' in html
    assert "绩效自评" in html


def test_department_page_lists_aliases(client, corpus):
    html = get(client, "department_detail", corpus.education.pk).content.decode()
    assert EDUCATION_ALIAS in html
    assert "其他名称" in html


def test_report_page(client, corpus, django_assert_max_num_queries):
    report = corpus.science_2023
    with django_assert_max_num_queries(BOUNDS["report_detail"]):
        html = get(client, "report_detail", report.pk).content.decode()
    assert "目录" in html
    assert 'href="#section-1"' in html
    assert "三、“三公”经费支出情况" in html
    assert "一般公共预算财政拨款支出决算表" in html
    assert '<tr class="lvl-3"><td class="code">2060101</td>' in html
    assert "本年支出合计" in html
    assert "1023.50" in html
    assert "第6页" in html  # tables say the page of the original they came from
    assert "原件暂不可下载。" in html
    assert "支出结构" in html
    assert 'data-chart="structure-chart"' in html


def test_report_page_links_to_the_original_page(client, corpus):
    report = corpus.science_2023
    upload = Upload.objects.create(original_name="决算.pdf", sha256="0" * 64, size=4,
                                   status=Upload.Status.PUBLISHED)
    upload.file.save("x.pdf", ContentFile(b"%PDF"), save=True)
    report.upload = upload
    report.save(update_fields=["upload"])
    html = get(client, "report_detail", report.pk).content.decode()
    original = reverse("report_original", args=[report.pk])
    assert f'href="{original}#page=6"' in html
    assert "下载原件" in html
    response = client.get(original)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF"


def test_original_missing_is_404(client, corpus):
    original = reverse("report_original", args=[corpus.science_2023.pk])
    assert client.get(original).status_code == 404
    upload = Upload.objects.create(original_name="决算.pdf", sha256="1" * 64, size=4,
                                   file="uploads/gone.pdf", status=Upload.Status.PUBLISHED)
    corpus.science_2023.upload = upload
    corpus.science_2023.save(update_fields=["upload"])
    assert client.get(original).status_code == 404


def test_performance_report_page_shows_indicators(client, corpus):
    html = get(client, "report_detail", corpus.science_perf.pk).content.decode()
    assert "绩效指标" in html
    assert "科技成果转化率" in html
    assert "部分项目延期" in html


def test_draft_report_is_not_public(client, corpus):
    corpus.science_2023.status = "draft"
    corpus.science_2023.save(update_fields=["status"])
    assert get(client, "report_detail", corpus.science_2023.pk).status_code == 404


@pytest.mark.parametrize("name", ["home", "region_list", "report_list", "line_list",
                                  "indicator_list"])
def test_query_count_does_not_grow_with_the_data(client, corpus, name,
                                                 django_assert_max_num_queries):
    grow(corpus, 6)
    with django_assert_max_num_queries(BOUNDS[name]):
        assert get(client, name).status_code == 200


def test_detail_query_counts_do_not_grow(client, corpus, django_assert_max_num_queries):
    grow(corpus, 6)
    with django_assert_max_num_queries(BOUNDS["department_detail"]):
        get(client, "department_detail", corpus.science.pk)
    with django_assert_max_num_queries(BOUNDS["report_detail"]):
        get(client, "report_detail", corpus.science_2023.pk)
    with django_assert_max_num_queries(BOUNDS["report_list"]):
        get(client, "search", q="三公经费")


@pytest.mark.django_db
def test_a_report_page_draws_what_the_report_says_once_until_the_data_changes(client, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ingest.services import report_publish
    from tests.public.conftest import final_accounts

    url = corpus.science_2023.get_absolute_url()

    def contents() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        start = page.index('<nav aria-labelledby="toc-heading"')
        return page[start:page.index('<section id="problem"')], [q["sql"] for q in captured]

    first, first_queries = contents()
    again, again_queries = contents()

    assert again == first
    assert "statementcell" in " ".join(first_queries)
    assert "statementcell" not in " ".join(again_queries)  # kept, not read again
    assert "<table>" in first  # its statement tables
    assert 'class="num"' in first

    report_publish(parsed=final_accounts("青川市第9测试局", 2023))  # the data changed
    _, after_queries = contents()
    assert "statementcell" in " ".join(after_queries)


def test_the_region_list_is_drawn_once_and_shows_a_region_added_afterwards(client, corpus):
    get(client, "region_list")
    with CaptureQueriesContext(connection) as captured:
        html = get(client, "region_list").content.decode()
    assert corpus.science.region.name in html
    assert not [q for q in captured.captured_queries if "reports_region" in q["sql"]]
    Region.objects.create(name="新设县", parent=corpus.science.region)
    assert "新设县" in get(client, "region_list").content.decode()


def test_the_department_page_is_drawn_once_until_the_data_changes(client, corpus):
    first = get(client, "department_detail", corpus.science.pk).content.decode()
    with CaptureQueriesContext(connection) as captured:
        again = get(client, "department_detail", corpus.science.pk).content.decode()
    section = '<section aria-labelledby="reports-heading">'
    assert again.split(section)[1] == first.split(section)[1]  # the base's form has a token
    assert not [q for q in captured.captured_queries
                if "reports_figure" in q["sql"] or "reports_expenditureline" in q["sql"]]
