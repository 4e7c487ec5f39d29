"""The review page matches the printed department to known ones, with a confidence the
reviewer sees; a demo department is never offered for a real one, and a department is
created only when the reviewer says so. Real text files through the real parser.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ingest.models import Upload
from reports.models import Department, DepartmentAlias, Report
from reports.services import department_demo_mark, department_get_or_create
from tests.ingest_web.conftest import upload_file

pytestmark = pytest.mark.django_db

BODY = (
    "一、收入支出决算总体情况\n2023年度收入总计1451.29万元，支出总计1451.29万元。\n\n"
    "二、一般公共预算财政拨款支出决算情况\n2023年度一般公共预算财政拨款支出1200.00万元。\n"
)


def _review(client, department_line: str) -> tuple[Upload, str]:
    text = f"{department_line}2023年度部门决算\n\n{BODY}"
    client.post(reverse("ingest:upload_new"), {"files": [upload_file("r.txt", text.encode())]})
    upload = Upload.objects.latest("pk")
    assert upload.status == "parsed"
    page = client.get(reverse("ingest:upload_review", args=[upload.pk])).content.decode()
    return upload, page


def _matches(page: str) -> str:
    return page.split('id="department-matches"', 1)[1].split("</div>", 1)[0]


def _row(matches: str, name: str) -> str:
    return next(row for row in re.findall(r"<tr.*?</tr>", matches, re.S) if name in row)


def test_a_demo_department_is_never_offered_for_a_real_shanghai_body(staff_client):
    demo = department_get_or_create(name="青川市临江区财政局")
    department_demo_mark(names=[demo.name])
    _, page = _review(staff_client, "上海市普陀区财政局")
    assert "青川市临江区财政局" not in _matches(page)
    assert "没有已有部门与印刷名称相符" in page  # and how to make a new one


def test_a_demo_report_is_offered_its_demo_department_and_others_like_it(staff_client):
    for name in ("青川市临江区财政局", "青川市临江区科学技术局"):
        department_get_or_create(name=name)
    department_demo_mark(names=["青川市临江区财政局", "青川市临江区科学技术局"])
    _, page = _review(staff_client, "青川市临江区财政局")
    row = _row(_matches(page), "青川市临江区财政局")
    assert "100%" in row
    assert "名称相同" in row


def test_suggestions_show_same_region_and_alias_matches_with_their_confidence(staff_client):
    official = department_get_or_create(name="上海市普陀区财政局")
    department_get_or_create(name="上海市静安区财政局")  # another district: another body
    upload, page = _review(staff_client, "普陀区财政局")
    matches = _matches(page)
    row = _row(matches, "上海市普陀区财政局")
    assert "同一地区、职能相同" in row
    assert "上海市 普陀区" in row  # the region, for the reviewer to check
    assert 60 <= int(re.search(r"(\d+)%", row).group(1)) < 90
    assert "上海市静安区财政局" not in matches

    DepartmentAlias.objects.create(department=official, name="普陀区财政局")
    url = reverse("ingest:upload_review", args=[upload.pk])
    row = _row(_matches(staff_client.get(url).content.decode()), "上海市普陀区财政局")
    assert "95%" in row
    assert "已记录的别名" in row


def test_a_new_department_is_created_only_when_the_reviewer_ticks_new_department(staff_client):
    upload, page = _review(staff_client, "上海市普陀区审计局")
    assert "这是新部门：新建" in page
    url = reverse("ingest:upload_review", args=[upload.pk])
    data = {"department": "上海市普陀区审计局", "fiscal_year": 2023, "kind": "final_accounts"}
    page = staff_client.post(url, data).content.decode()
    assert "没有名为“上海市普陀区审计局”的部门" in page
    assert not Department.objects.exists()
    assert not Report.objects.exists()

    staff_client.post(url, {**data, "new_department": "on"})
    assert Report.objects.get().department.name == "上海市普陀区审计局"


def test_an_existing_department_needs_no_tick(staff_client):
    known = department_get_or_create(name="上海市普陀区审计局")
    upload, _ = _review(staff_client, "上海市普陀区审计局")
    staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), {
        "department": known.name, "fiscal_year": 2023, "kind": "final_accounts",
    })
    assert Report.objects.get().department == known
