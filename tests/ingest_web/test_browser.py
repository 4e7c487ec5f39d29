"""One walk through the staff workflow in headless Chromium."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from ingest.models import Upload
from ingest.services import staff_group_ensure
from reports.models import Department, DepartmentAlias, Report


@pytest.fixture
def report_files(tmp_path):
    from ingest.synth import generate_report, write_report

    final = generate_report(1, 0, 2023, "final_accounts")
    performance = generate_report(1, 0, 2023, "performance_evaluation")
    return [write_report(final, tmp_path, "pdf"), write_report(performance, tmp_path, "docx")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_log_in_upload_a_pdf_and_a_docx_correct_the_department_and_publish(
    page, live_server, report_files
):
    user = User.objects.create_user("clerk", password="s3cret-pass-123")
    user.groups.add(staff_group_ensure())
    official = Department.objects.create(name="青川市临江区科技局")

    page.goto(f"{live_server.url}/staff/upload/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "s3cret-pass-123")
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(re.compile(r"/staff/upload/$"))
    page.set_input_files("#id_files", [str(p) for p in report_files])
    page.get_by_role("button", name="上传", exact=True).click()
    page.wait_for_url(re.compile(r"/staff/uploads/batch/"))  # each file with its status

    pdf = Upload.objects.get(original_name=report_files[0].name)
    page.get_by_role("link", name=report_files[1].name).click()
    page.wait_for_selector("#upload-status[data-status=parsed]", timeout=60_000)
    page.goto(f"{live_server.url}{pdf.get_absolute_url()}")
    page.wait_for_selector("#upload-status[data-status=parsed]", timeout=60_000)

    page.get_by_role("link", name="审核并发布").click()
    # The original beside the extraction: the first page rendered as an image.
    page.wait_for_function(
        "() => { const img = document.querySelector(\"img[alt='第 1 页']\");"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    page.fill("#id_department", "青川市临江区科技局")
    # Publishing checks and indexes the report; the first time the search tokenizer loads its
    # dictionary (seconds on a busy machine), so allow more than the default 15 s.
    page.get_by_role("button", name="发布").click(timeout=60_000)

    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    assert "青川市临江区科技局" in page.locator("h1").inner_text()
    report = Report.objects.get(upload=pdf)
    assert report.department == official
    assert report.status == "published"
    assert DepartmentAlias.objects.get(name="青川市临江区科学技术局").department == official

    # The public side, signed out.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    assert "青川市临江区科技局" in page.locator("h1").inner_text()
