"""The findings list (filters, export), a finding's evidence, the scoreboard, the badges."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from reports import audit_selectors
from reports.checks import finding_message
from reports.models import Finding
from tests.audit.builders import publish, table

pytestmark = pytest.mark.django_db

FAULTY = {"basic_expenditure": "965.72", "personnel_expenditure": "721.2",
          "public_expenditure": "244.1"}


@pytest.fixture
def reports():
    science = publish(year=2023, figures=FAULTY,
                      sections=[("一、职责", "本部门共有XX个内设机构。")],
                      tables=[table("支出决算表", [(None, "合计", {"本年支出合计": "1.00"})])])
    finance = publish(department="青川市临江区财政局", year=2024, figures=FAULTY)
    return science, finance


def test_the_findings_list_filters_by_rule_severity_department_year_and_region(client, reports):
    science, finance = reports
    url = reverse("audit:finding_list")
    everything = client.get(url)
    assert everything.context["page"].count == 3
    by_rule = client.get(url, {"rule": "plausibility.placeholder"})
    assert [f.report for f in by_rule.context["page"]] == [science]
    by_year = client.get(url, {"year": 2024})
    assert {f.report for f in by_year.context["page"]} == {finance}
    by_department = client.get(url, {"department": finance.department.pk, "severity": "error"})
    assert by_department.context["page"].count == 1
    region = science.department.region
    by_region = client.get(url, {"region": region.pk})
    assert by_region.context["page"].count == 3


def test_superseded_versions_leave_the_findings_list(client, reports):
    science, _ = reports
    publish(year=2023)  # a corrected re-upload of the science report
    listed = client.get(reverse("audit:finding_list"), {"department": science.department.pk})
    assert listed.context["page"].count == 0


def test_the_findings_list_exports_what_is_filtered_as_xlsx(client, reports):
    response = client.get(reverse("audit:finding_list"), {"year": 2024, "format": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].values)
    assert len(rows) == 2
    assert rows[1][0] == "青川市临江区财政局"
    assert rows[1][4] == "figures.personnel_public_sum"


def test_a_findings_evidence_page_shows_the_values_the_computed_value_and_pages(client, reports):
    science, _ = reports
    finding = Finding.objects.get(report=science, rule_id="figures.personnel_public_sum")
    page = client.get(reverse("audit:finding_detail", args=[finding.pk])).content.decode()
    assert "965.72" in page
    assert "965.3" in page
    assert "personnel_expenditure" in page


def test_rule_messages_are_shown_in_the_visitors_language(reports):
    finding = Finding.objects.filter(rule_id="figures.personnel_public_sum").first()
    with translation.override("en"):
        assert finding_message(finding).startswith("基本支出 is 965.72")
    with translation.override("zh-hans"):
        assert "人员经费与公用经费之和" in finding_message(finding)


def test_the_rules_page_lists_every_rule(client):
    page = client.get(reverse("audit:rule_list")).content.decode()
    assert "figures.personnel_public_sum" in page
    assert "plausibility.unit_slip" in page


def test_the_scoreboard_shows_reports_tables_and_findings_per_department_and_year(client, reports):
    response = client.get(reverse("audit:scoreboard"))
    assert response.context["years"] == [2023, 2024]
    rows = {r.department.name: r for r in response.context["rows"]}
    science = rows["青川市临江区科学技术局"]
    assert [len(c.reports) for c in science.cells] == [1, 0]
    assert science.cells[0].tables == {"expenditure"}
    assert "summary" in science.cells[0].missing_tables
    assert science.cells[0].counts["error"] == 2


def test_the_scoreboard_pages_through_departments_by_name(client, reports, monkeypatch):
    monkeypatch.setattr(audit_selectors, "SCOREBOARD_PER_PAGE", 1)
    first = client.get(reverse("audit:scoreboard"))
    names = [r.department.name for r in first.context["rows"]]
    assert len(names) == 1
    page = first.content.decode()
    assert "rel=\"next\"" in page
    second = client.get(reverse("audit:scoreboard"), {"page": 2})
    more = [r.department.name for r in second.context["rows"]]
    assert len(more) == 1
    assert names[0] < more[0]
    assert more[0] in second.content.decode()


def test_the_badges_count_a_reports_findings_by_severity_without_dismissed_ones(reports):
    science, _ = reports
    Finding.objects.filter(report=science, rule_id="plausibility.placeholder").update(
        review="dismissed")
    html = Template("{% load audit_tags %}{% finding_badges report %}").render(
        Context({"report": science}))
    assert 'class="badge badge-error"' in html
    assert "?department=" in html


def test_the_public_report_page_includes_the_badges(client, reports):
    science, _ = reports
    html = client.get(science.get_absolute_url()).content.decode()
    assert "badge-error" in html


def test_the_findings_list_goes_on_after_the_last_finding_shown_without_page_numbers(
    client, reports, monkeypatch
):
    import html as markup
    import re

    monkeypatch.setattr("reports.views.audit.FINDINGS_PER_PAGE", 2)
    url = reverse("audit:finding_list")
    first = client.get(url)
    text = first.content.decode()
    assert len(first.context["page"]) == 2
    assert first.context["page"].count == 3
    found = re.search(r'<a href="\?([^"]+)" rel="next">', text)
    assert found is not None
    assert "page=" not in found.group(1)  # a keyset cursor, not an OFFSET
    assert 'rel="first"' not in text

    second = client.get(url + "?" + markup.unescape(found.group(1)))
    shown = [*first.context["page"], *second.context["page"]]
    assert len(shown) == 3 == len({f.pk for f in shown})
    assert 'rel="first"' in second.content.decode()
    assert 'rel="next"' not in second.content.decode()
