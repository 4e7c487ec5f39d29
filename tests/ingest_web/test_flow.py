"""The staff workflow through Django's client: upload, parse, review, publish, reject."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ingest.models import AuditEvent, Upload
from reports.models import Department, DepartmentAlias, Region, Report
from tests.ingest_web.conftest import pdf_bytes, upload_file

pytestmark = pytest.mark.django_db


def _upload(client, *files):
    return client.post(reverse("ingest:upload_new"), {"files": list(files)})


def test_the_upload_page_shows_the_accepted_formats_and_the_size_limit(staff_client, settings):
    settings.UPLOAD_MAX_BYTES = 50 * 1024 * 1024
    page = staff_client.get(reverse("ingest:upload_new")).content.decode()
    assert "PDF" in page
    assert "DOCX" in page
    assert "50 MB" in page
    assert "上传" in page


def test_staff_upload_several_files_at_once_and_each_is_parsed(staff_client, fake_parse):
    response = _upload(staff_client, upload_file("a.pdf", pdf_bytes("a")),
                       upload_file("b.pdf", pdf_bytes("b")))
    assert response.status_code == 302
    assert response.url.startswith(reverse("ingest:upload_batch"))
    assert list(Upload.objects.values_list("status", flat=True)) == ["parsed", "parsed"]
    listing = staff_client.get(reverse("ingest:upload_list")).content.decode()
    assert "a.pdf" in listing
    assert "已解析，待审核" in listing


def test_a_stored_upload_keeps_its_bytes_under_its_sha256(staff_client, fake_parse):
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    assert upload.file.name == f"uploads/{upload.sha256[:2]}/{upload.sha256}.pdf"
    assert upload.file.read() == pdf_bytes()
    assert upload.detected_format == "pdf"
    assert upload.uploaded_by.username == "clerk"


def test_the_status_page_refreshes_itself_until_parsing_has_finished(staff_client, staff):
    upload = Upload.objects.create(original_name="x.pdf", sha256="0" * 64, uploaded_by=staff)
    page = staff_client.get(upload.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page
    assert "排队中" in page
    upload.status = Upload.Status.FAILED
    upload.error = "文件为空。"
    upload.save()
    page = staff_client.get(upload.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "文件为空。" in page


def test_the_review_page_shows_what_was_extracted_beside_the_text(staff_client, fake_parse):
    _upload(staff_client, upload_file("report.txt", "青川市临江区科学技术局".encode()))
    upload = Upload.objects.get()
    page = staff_client.get(reverse("ingest:upload_review", args=[upload.pk])).content.decode()
    assert "青川市临江区科学技术局" in page
    assert "expenditure_total" in page
    assert "1451.29" in page
    assert "一般公共预算财政拨款支出决算表" in page
    assert "科技项目数" in page
    assert "一、部门职责" in page
    assert "负责全区科技工作。" in page  # the document text, for a format without page images
    assert "发布" in page


def test_publishing_saves_the_report_and_records_who_published(staff_client, fake_parse):
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    response = staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), {
        "department": "青川市临江区科学技术局", "fiscal_year": 2023, "kind": "final_accounts",
        "new_department": "on",
    })
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    assert report.status == "published"
    assert report.upload == upload
    assert report.figures.count() == 2
    upload.refresh_from_db()
    assert upload.status == "published"
    event = AuditEvent.objects.get(action="publish")
    assert event.actor.username == "clerk"
    assert event.report == report
    assert staff_client.get(report.get_absolute_url()).status_code == 200


def test_correcting_the_department_to_an_existing_one_records_the_printed_name_as_alias(
    staff_client, fake_parse
):
    official = Department.objects.create(name="青川市临江区科技局")
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), {
        "department": "青川市临江区科技局", "fiscal_year": 2024,
        "kind": "performance_evaluation",
    })
    report = Report.objects.get()
    assert report.department == official
    assert report.fiscal_year.year == 2024
    assert report.kind == "performance_evaluation"
    assert DepartmentAlias.objects.get(name="青川市临江区科学技术局").department == official
    correction = AuditEvent.objects.get(action="correct")
    assert correction.detail["department"] == ["青川市临江区科学技术局", "青川市临江区科技局"]
    assert correction.detail["fiscal_year"] == [2023, 2024]


def test_the_review_page_suggests_a_department_known_under_another_name(staff_client, fake_parse):
    Department.objects.create(name="青川市临江区科技局")
    known = Department.objects.create(name="青川市城南区科学技术局")
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    page = staff_client.get(reverse("ingest:upload_review", args=[upload.pk])).content.decode()
    assert known.name in page


def test_a_new_department_can_be_placed_in_a_chosen_region(staff_client, fake_parse):
    region = Region.objects.create(name="青川市", level="city")
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), {
        "department": "青川市临江区科学技术局", "region": region.pk, "fiscal_year": 2023,
        "kind": "final_accounts", "new_department": "on",
    })
    assert Report.objects.get().department.region == region


def test_publishing_a_second_version_supersedes_the_first_which_stays_viewable(
    staff_client, fake_parse
):
    for content in (pdf_bytes("first"), pdf_bytes("second")):
        _upload(staff_client, upload_file("report.pdf", content))
        upload = Upload.objects.filter(status="parsed").get()
        staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), {
            "department": "青川市临江区科学技术局", "fiscal_year": 2023, "kind": "final_accounts",
            "new_department": "on",
        })
    first, second = Report.objects.order_by("version")
    assert (first.status, first.version) == ("superseded", 1)
    assert (second.status, second.version) == ("published", 2)
    assert staff_client.get(first.get_absolute_url()).status_code == 200


def test_rejecting_an_upload_publishes_nothing_and_is_logged(staff_client, fake_parse):
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    response = staff_client.post(reverse("ingest:upload_reject", args=[upload.pk]),
                                 {"reason": "wrong department"})
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == "rejected"
    assert not Report.objects.exists()
    assert AuditEvent.objects.get(action="reject").detail == {"reason": "wrong department"}
    assert "已退回" in staff_client.get(upload.get_absolute_url()).content.decode()


def test_a_published_upload_cannot_be_published_twice(staff_client, fake_parse):
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    data = {"department": "青川市临江区科学技术局", "fiscal_year": 2023, "kind": "final_accounts",
            "new_department": "on"}
    staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), data)
    response = staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), data)
    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_the_same_bytes_uploaded_twice_are_recognised_and_linked_to_the_first(
    staff_client, fake_parse
):
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    _upload(staff_client, upload_file("copy.pdf", pdf_bytes()))
    first, second = Upload.objects.order_by("pk")
    assert second.status == "duplicate"
    assert second.duplicate_of == first
    assert second.file.name == first.file.name
    page = staff_client.get(second.get_absolute_url()).content.decode()
    assert "重复" in page
    assert "report.pdf" in page


def test_the_audit_log_shows_who_uploaded_corrected_and_published(staff_client, fake_parse):
    Department.objects.create(name="青川市临江区科技局")
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    staff_client.post(reverse("ingest:upload_review", args=[upload.pk]), {
        "department": "青川市临江区科技局", "fiscal_year": 2023, "kind": "final_accounts",
    })
    page = staff_client.get(reverse("ingest:audit_log")).content.decode()
    for action in ("上传", "更正", "发布"):
        assert action in page
    assert "clerk" in page
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {
        "upload", "parse", "correct", "publish"
    }


def test_a_pdf_page_is_rendered_as_an_image_beside_the_review(staff_client, fake_parse):
    _upload(staff_client, upload_file("report.pdf", pdf_bytes()))
    upload = Upload.objects.get()
    upload.result["page_count"] = 1
    upload.save()
    page = staff_client.get(reverse("ingest:upload_review", args=[upload.pk])).content.decode()
    image_url = reverse("ingest:upload_page", args=[upload.pk, 1])
    assert image_url in page
    response = staff_client.get(image_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert staff_client.get(reverse("ingest:upload_page", args=[upload.pk, 2])).status_code == 404
