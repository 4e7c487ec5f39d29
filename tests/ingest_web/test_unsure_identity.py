"""A report whose department or year was not read is never published as read, by any path:
the review page, the services, `manage.py ingest --publish` and the background task.

The files are real text reports read by the real parser: one prints no department at all
(as a tables-only file from a real office did), one prints a placeholder for it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ingest.errors import UnsureIdentityError
from ingest.models import Upload
from ingest.services import parsed_from_result, report_publish, upload_create, upload_publish
from ingest.tasks import parse_upload
from reports.models import Department, DepartmentAlias, Report
from tests.ingest_web.conftest import upload_file
from tests.workbooks import exported_final_accounts

pytestmark = pytest.mark.django_db

BODY = (
    "一、收入支出决算总体情况\n2023年度收入总计1451.29万元，支出总计1451.29万元。\n\n"
    "二、一般公共预算财政拨款支出决算情况\n2023年度一般公共预算财政拨款支出1200.00万元。\n"
)
NO_DEPARTMENT = f"2023年度部门决算\n\n{BODY}"
PLACEHOLDER = f"XX局2023年度部门决算\n\n{BODY}"
NAMED = f"青川市临江区科学技术局2023年度部门决算\n\n{BODY}"


def _parsed_upload(text: str, name: str = "report.txt", user=None) -> Upload:
    upload = upload_create(file=upload_file(name, text.encode()), user=user)
    parse_upload.call(upload.pk)  # the background task, run here
    upload.refresh_from_db()
    return upload


def test_the_parse_task_leaves_a_file_without_a_department_parsed_and_unpublishable(staff):
    upload = _parsed_upload(NO_DEPARTMENT, user=staff)
    assert upload.status == "parsed"
    assert upload.result["report"]["department"] == ""
    with pytest.raises(UnsureIdentityError) as caught:
        upload_publish(upload=upload, user=staff)
    assert "未能从文件中读出部门名称" in str(caught.value)
    upload.refresh_from_db()
    assert upload.status == "parsed"  # still there for a reviewer
    assert not Report.objects.exists()
    assert not Department.objects.exists()  # no nameless department either


def test_report_publish_refuses_a_report_without_a_year_unless_the_reviewer_gives_one(staff):
    parsed = parsed_from_result(_parsed_upload(NAMED, user=staff).result)
    parsed.fiscal_year = None
    with pytest.raises(UnsureIdentityError, match="未能从文件中读出年度"):
        report_publish(parsed=parsed)
    assert not Report.objects.exists()
    report = report_publish(parsed=parsed, fiscal_year=2023)
    assert report.fiscal_year.year == 2023


def test_a_placeholder_department_is_refused_but_the_reviewers_department_is_used(staff):
    upload = _parsed_upload(PLACEHOLDER, user=staff)
    assert upload.result["report"]["department"] == "XX局"
    with pytest.raises(UnsureIdentityError, match="占位符"):
        upload_publish(upload=upload, user=staff)
    report = upload_publish(upload=upload, user=staff, department_name="青川市临江区科学技术局")
    assert report.department.name == "青川市临江区科学技术局"
    assert not DepartmentAlias.objects.filter(name="XX局").exists()  # not another name of it


def test_the_review_page_says_why_and_asks_the_reviewer_for_the_department(staff_client):
    staff_client.post(reverse("ingest:upload_new"),
                      {"files": [upload_file("tables.txt", NO_DEPARTMENT.encode())]})
    upload = Upload.objects.get()
    assert upload.status == "parsed"
    url = reverse("ingest:upload_review", args=[upload.pk])
    page = staff_client.get(url).content.decode()
    assert "报告身份不确定" in page
    assert "未能从文件中读出部门名称" in page
    assert 'name="department" id="id_department" value=""' in page  # nothing guessed for them

    # Publishing with the department left empty or as a label is refused, with the reason.
    data = {"department": "", "fiscal_year": "2023", "kind": "final_accounts"}
    page = staff_client.post(url, data).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    data["department"] = "部门：青川市临江区科学技术局"
    page = staff_client.post(url, data).content.decode()
    assert "仍带有栏目标签" in page
    assert not Report.objects.exists()

    data["department"] = "青川市临江区科学技术局"
    data["new_department"] = "on"
    response = staff_client.post(url, data)
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.department.name == "青川市临江区科学技术局"
    assert report.title == "青川市临江区科学技术局2023"


def test_ingest_publish_leaves_unsure_files_for_review_with_the_reason_and_exits_non_zero(
    tmp_path: Path,
):
    (tmp_path / "named.txt").write_text(NAMED)
    (tmp_path / "tables.txt").write_text(NO_DEPARTMENT)
    (tmp_path / "placeholder.txt").write_text(PLACEHOLDER)
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 left parsed for review"):
        call_command("ingest", str(tmp_path), "--publish", "--no-progress",
                     stdout=out, stderr=io.StringIO())
    summary = out.getvalue()
    assert "published 1" in summary
    assert "review 2" in summary
    tables = next(line for line in summary.splitlines() if "tables.txt" in line)
    assert "review" in tables
    assert "未能从文件中读出部门名称" in tables
    placeholder = next(line for line in summary.splitlines() if "placeholder.txt" in line)
    assert "占位符" in placeholder
    assert Report.objects.get().department.name == "青川市临江区科学技术局"
    assert sorted(Upload.objects.filter(status="parsed").values_list("original_name", flat=True)
                  ) == ["placeholder.txt", "tables.txt"]

    # Run again: the files left for review are still left, never published by the rerun.
    with pytest.raises(CommandError, match="2 left parsed for review"):
        call_command("ingest", str(tmp_path), "--publish", "--no-progress",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert Report.objects.count() == 1


WORKBOOK_NAME = "某县某镇中心卫生院2021年部门决算公开表.xlsx"


def test_a_year_taken_from_the_file_name_is_confirmed_by_the_reviewer_before_publishing(
    staff_client,
):
    staff_client.post(reverse("ingest:upload_new"),
                      {"files": [upload_file(WORKBOOK_NAME, exported_final_accounts())]})
    upload = Upload.objects.get()
    assert upload.status == "parsed"
    assert upload.result["report"]["fiscal_year"] == 2021
    url = reverse("ingest:upload_review", args=[upload.pk])
    page = staff_client.get(url).content.decode()
    assert "报告身份不确定" in page
    assert "取自文件名" in page
    assert "某县某镇中心卫生院2021年部门决算公开表" in page
    assert 'name="fiscal_year"' in page
    assert 'value="2021"' not in page  # nothing guessed for them

    data = {"department": "某县某镇中心卫生院", "fiscal_year": "2021",
            "kind": "final_accounts", "new_department": "on"}
    response = staff_client.post(url, data)
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert (report.department.name, report.fiscal_year.year) == ("某县某镇中心卫生院", 2021)


def test_ingest_publish_leaves_a_file_named_with_its_year_for_review(tmp_path: Path):
    (tmp_path / WORKBOOK_NAME).write_bytes(exported_final_accounts())
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 left parsed for review"):
        call_command("ingest", str(tmp_path), "--publish", "--no-progress",
                     stdout=out, stderr=io.StringIO())
    line = next(line for line in out.getvalue().splitlines() if WORKBOOK_NAME in line)
    assert "取自文件名" in line
    assert not Report.objects.exists()
