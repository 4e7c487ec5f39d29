"""Chinese full-text search: the same queries give the same reports on both databases."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import Report, SearchEntry
from reports.search import index_tokens, plan, query_tokens, snippet
from tests.public.conftest import EDUCATION, EDUCATION_ALIAS, SCIENCE

pytestmark = pytest.mark.django_db


def found(query: str, reports=None) -> set[tuple[str, int, str]]:
    reports = Report.objects.published() if reports is None else reports
    return {(r.department.name, r.fiscal_year.year, r.kind)
            for r in reports.search(query).select_related("department", "fiscal_year")}


def test_user_dictionary_keeps_fiscal_terms_whole():
    assert "三公经费" in index_tokens("“三公”经费支出决算")
    assert query_tokens("机关运行经费") == ["机关运行经费"]
    assert query_tokens("科学技术支出") == ["科学技术支出"]
    assert "机关运行经费" in index_tokens("机关运行经费支出85.30万元").split()


def test_plan_chooses_code_substring_or_tokens():
    assert plan("2060101").mode == "code"
    assert plan("经费").mode == "substring"
    assert plan("三公经费").mode == "tokens"
    assert plan("   ").mode == "none"


@pytest.mark.usefixtures("corpus")
def test_three_public_expenses_finds_every_final_account():
    assert found("三公经费") == {
        (SCIENCE, 2023, "final_accounts"), (SCIENCE, 2021, "final_accounts"),
        (EDUCATION, 2022, "final_accounts"), (EDUCATION, 2023, "final_accounts"),
    }


@pytest.mark.usefixtures("corpus")
def test_part_of_a_term_finds_it():
    # 机关运行 is not a dictionary word: segmented to 机关 + 运行, both sub-words of 机关运行经费.
    assert len(found("机关运行")) == 4


@pytest.mark.usefixtures("corpus")
def test_classification_name_finds_only_that_function():
    assert found("科学技术支出") == {(SCIENCE, 2023, "final_accounts"),
                                     (SCIENCE, 2021, "final_accounts")}


@pytest.mark.usefixtures("corpus")
def test_department_alias_finds_all_its_reports():
    assert found(EDUCATION_ALIAS) == {(EDUCATION, 2022, "final_accounts"),
                                      (EDUCATION, 2023, "final_accounts")}


@pytest.mark.usefixtures("corpus")
def test_seven_digit_code_and_prefix():
    science = {(SCIENCE, 2023, "final_accounts"), (SCIENCE, 2021, "final_accounts")}
    assert found("2060101") == science
    assert found("20601") == science
    assert len(found("208")) == 4  # every final account has 社会保障和就业支出 (208)
    assert found("2069999") == set()


@pytest.mark.usefixtures("corpus")
def test_two_character_word_uses_substring_fallback():
    assert found("经费") == found("三公经费")
    assert found("绩效") == {(SCIENCE, 2023, "performance_evaluation")}
    assert found("职责") == found("部门职责")


@pytest.mark.usefixtures("corpus")
def test_indicator_names_are_searchable():
    assert found("科技成果转化率") == {(SCIENCE, 2023, "performance_evaluation")}


@pytest.mark.usefixtures("corpus")
def test_no_match_and_nonsense():
    assert found("量子计算机") == set()
    assert found('"AND OR NEAR(') == set()  # FTS syntax is never passed through


def test_search_combines_with_filters(corpus):
    reports = Report.objects.published().filter(fiscal_year__year=2023)
    assert found("三公经费", reports) == {(SCIENCE, 2023, "final_accounts"),
                                          (EDUCATION, 2023, "final_accounts")}


def test_superseded_reports_leave_the_public_results(corpus):
    from ingest.services import report_publish
    from tests.public.conftest import final_accounts

    report_publish(parsed=final_accounts(SCIENCE, 2023))
    assert Report.objects.filter(status="superseded").count() == 1
    assert sum(1 for r in found("科学技术支出") if r[1] == 2023) == 1


def test_entries_are_rebuilt_not_duplicated(corpus):
    from reports.search import report_index

    before = SearchEntry.objects.filter(report=corpus.science_2023).count()
    report_index(report=corpus.science_2023)
    assert SearchEntry.objects.filter(report=corpus.science_2023).count() == before


def test_snippet_marks_terms_and_escapes():
    html = snippet("<b>2023年度“三公”经费支出</b>", ["三公经费", "三公"])
    assert "<mark>三公”经费</mark>" in html
    assert "&lt;b&gt;" in html


def test_search_page_ranks_and_highlights(client, corpus, django_assert_max_num_queries):
    from django.db import connection

    # PostgreSQL: one more, the SET LOCAL work_mem of the match (reports.search._read_scores).
    with django_assert_max_num_queries(9 if connection.vendor == "postgresql" else 8):
        response = client.get(reverse("search"), {"q": "三公经费"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "“三公经费”的搜索结果" in html
    assert "<mark>" in html
    assert corpus.science_2023.get_absolute_url() in html


def test_search_page_with_filters(client, corpus):
    response = client.get(reverse("search"), {"q": "三公经费", "department": corpus.education.pk})
    html = response.content.decode()
    assert corpus.education_2023.get_absolute_url() in html
    assert corpus.science_2023.get_absolute_url() not in html


def test_search_page_says_when_nothing_matches(client, corpus):
    response = client.get(reverse("search"), {"q": "量子计算机"})
    assert "没有找到匹配的内容" in response.content.decode()


def test_search_reindex_command(corpus):
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    assert found("三公经费") == set()
    call_command("search_reindex", verbosity=0)
    assert len(found("三公经费")) == 4


def test_sqlite_keeps_its_fts_triggers():
    """A later migration that rebuilds reports_searchentry on SQLite drops these: re-create them."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 triggers exist on SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                       "AND tbl_name = 'reports_searchentry'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {f"reports_searchentry_fts_{s}" for s in ("ai", "ad", "au")}


def test_search_page_keeps_the_query_when_another_filter_is_invalid(client, corpus):
    response = client.get(reverse("search"), {"q": "三公经费", "year": "1800"})
    assert "<mark>" in response.content.decode()
