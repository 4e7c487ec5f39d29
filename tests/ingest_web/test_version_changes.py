"""Before a new version supersedes a published report of the same identity, the review page
shows what changes: figures that differ, tables added or removed, and finding counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ingest.models import Upload
from ingest.services import upload_create, upload_publish
from ingest.synth import generate_report, write_report
from ingest.tasks import parse_upload
from reports.models import Report
from tests.ingest_web.conftest import upload_file

pytestmark = pytest.mark.django_db


def _review_page(client, name: str, text: str) -> tuple[Upload, str]:
    client.post(reverse("ingest:upload_new"), {"files": [upload_file(name, text.encode())]})
    upload = Upload.objects.latest("pk")
    return upload, client.get(reverse("ingest:upload_review", args=[upload.pk])).content.decode()


def test_the_review_page_shows_what_a_new_version_changes_before_it_is_published(
    staff, staff_client, tmp_path
):
    synthetic = generate_report(1, 0, 2023, "final_accounts")
    path = write_report(synthetic, tmp_path, "docx")
    first = upload_create(file=upload_file(path.name, path.read_bytes()), user=staff)
    parse_upload.call(first.pk)
    first.refresh_from_db()
    published = upload_publish(upload=first, user=staff)
    table_title = published.tables.first().title
    total = published.figures.get(key="grand_total").value

    # A new file of the same department, year, kind and scope, with other figures, no tables.
    name = synthetic.department
    upload, page = _review_page(staff_client, "v2.txt", (
        f"{name}2023年度部门决算\n\n一、收入支出决算总体情况\n"
        "2023年度收入总计99.99万元，支出总计99.99万元。\n"
    ))
    changes = page.split('id="version-changes"', 1)[1].split("</section>", 1)[0]
    assert "发布将替换已发布的第 1 版" in changes
    assert "项数据不同" in changes
    row = next(r for r in changes.split("<tr>") if "收支总计" in r)  # grand_total, by its label
    assert f"{total:.2f}" in row
    assert "99.99" in row
    assert "删去的表" in changes
    assert table_title in changes
    assert "发布，替换第 1 版" in page

    staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), {
        "department": name, "fiscal_year": 2023, "kind": "final_accounts",
    })
    assert Report.objects.get(pk=published.pk).status == "superseded"
    assert Report.objects.get(upload=upload).version == 2


def test_a_first_report_shows_no_changes_section(staff_client):
    _, page = _review_page(staff_client, "v1.txt", (
        "上海市普陀区审计局2023年度部门决算\n\n一、收入支出决算总体情况\n"
        "2023年度收入总计99.99万元，支出总计99.99万元。\n"
    ))
    assert 'id="version-changes"' not in page
    assert "发布将替换" not in page
