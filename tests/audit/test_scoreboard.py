"""The scoreboard reads the cells publishing, checking and reviewing keep (issue 14):
what an auditor sees follows every change on the next request."""

from __future__ import annotations

import importlib
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from reports.audit_selectors import STANDARD_TABLES
from reports.models import Finding, Report, ScoreboardCell
from reports.review import AUDITORS_GROUP, finding_review
from reports.services import scoreboard_refresh
from tests.audit.builders import publish, table

pytestmark = pytest.mark.django_db

FAULTY = {"basic_expenditure": "965.72", "personnel_expenditure": "721.2",
          "public_expenditure": "244.1"}


def badges(client) -> list[str]:
    """The error badges of the scoreboard as an auditor reads them, in page order."""
    page = client.get(reverse("audit:scoreboard")).content.decode()
    return re.findall(r'<span class="badge badge-error"[^>]*>([^<]+)</span>', page)


def test_a_published_report_shows_on_the_scoreboard_with_its_link_tables_and_errors(client):
    report = publish(year=2023, figures=FAULTY,
                     tables=[table("支出决算表", [(None, "合计", {"本年支出合计": "1.00"})])])
    page = client.get(reverse("audit:scoreboard")).content.decode()
    assert f'<a href="{report.get_absolute_url()}">部门决算</a>' in page
    assert f"1张报表 · 缺{len(STANDARD_TABLES) - 1}张" in page
    errors = Finding.objects.filter(report=report, severity="error").count()
    assert errors == 1
    assert badges(client) == ["1个错误"]
    client.cookies["django_language"] = "en"
    english = client.get(reverse("audit:scoreboard")).content.decode()
    assert "Final accounts (部门决算)</a>" in english
    assert f"1 statement table · {len(STANDARD_TABLES) - 1} missing" in english
    assert "1 error</span>" in english


def test_dismissing_a_finding_takes_it_off_the_scoreboard_at_once(client):
    report = publish(year=2023, figures=FAULTY)
    before = Finding.objects.filter(report=report, severity="error").count()
    auditor = User.objects.create_user("auditor", password="pw-secret-123")
    auditor.groups.add(Group.objects.get_or_create(name=AUDITORS_GROUP)[0])
    finding = Finding.objects.filter(report=report, severity="error").first()
    finding_review(finding=finding, user=auditor, review="dismissed", note="Printed so.")
    assert badges(client) == [f"{before - 1}个错误"]


def test_a_new_version_replaces_the_old_one_and_a_deleted_report_leaves(client):
    first = publish(year=2023, figures=FAULTY)
    second = publish(year=2023)  # the corrected version: no slips
    page = client.get(reverse("audit:scoreboard")).content.decode()
    assert second.get_absolute_url() in page
    assert first.get_absolute_url() not in page
    assert badges(client) == ["0个错误"]
    second.delete()
    first.delete()
    page = client.get(reverse("audit:scoreboard")).content.decode()
    assert "尚无已公开的报告。" in page
    assert not ScoreboardCell.objects.exists()


def test_the_years_span_every_published_year_with_gaps_shown_empty(client):
    publish(year=2021)
    publish(department="青川市临江区财政局", year=2024, kind="performance_evaluation")
    response = client.get(reverse("audit:scoreboard"))
    assert response.context["years"] == [2021, 2022, 2023, 2024]
    finance = next(r for r in response.context["rows"] if r.department.name.endswith("财政局"))
    assert [len(c.reports) for c in finance.cells] == [0, 0, 0, 1]
    assert finance.cells[3].missing_tables == []  # a 绩效自评 has no statement tables


def test_the_migration_fills_the_cells_from_what_is_already_published():
    report = publish(year=2023, figures=FAULTY,
                     tables=[table("收入支出决算总表", [(None, "合计", {"本年收入": "1.00"})])])
    expected = list(ScoreboardCell.objects.values_list("department_id", "year", "reports",
                                                       "tables", "errors"))
    ScoreboardCell.objects.all().delete()
    migration = importlib.import_module("reports.migrations.0013_scoreboard_cells")
    from django.apps import apps
    migration.fill_cells(apps, None)
    assert list(ScoreboardCell.objects.values_list(
        "department_id", "year", "reports", "tables", "errors")) == expected
    assert expected[0][2] == [[report.pk, Report.Kind.FINAL_ACCOUNTS]]
    assert expected[0][3] == ["summary"]


def test_refreshing_every_department_gives_the_cells_each_write_left():
    publish(year=2022, figures=FAULTY)
    publish(year=2023)
    publish(department="青川市临江区财政局", year=2023)
    fields = ("department_id", "year", "reports", "tables", "errors", "warnings", "notes")
    kept = sorted(ScoreboardCell.objects.values_list(*fields))
    scoreboard_refresh()
    assert sorted(ScoreboardCell.objects.values_list(*fields)) == kept
