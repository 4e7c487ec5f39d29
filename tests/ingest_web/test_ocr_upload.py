"""Scanned uploads: staff see which page OCR is reading while the background parse runs."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ingest.models import Upload
from tests.conftest import OCR_CACHE
from tests.ingest.test_ocr import _page
from tests.ingest_web.conftest import upload_file

pytestmark = pytest.mark.django_db


def test_the_status_page_shows_which_scanned_page_is_being_read(staff_client, staff):
    upload = Upload.objects.create(
        original_name="扫描件.pdf", sha256="0" * 64, uploaded_by=staff,
        status=Upload.Status.PARSING, parse_started_at=timezone.now(),
        progress_page=3, progress_pages=25, progress_at=timezone.now(),
    )
    page = staff_client.get(upload.get_absolute_url()).content.decode()
    assert "正在读取第 3 页，共 25 页" in page
    assert 'http-equiv="refresh"' in page


def test_a_long_ocr_parse_that_still_advances_is_not_taken_for_abandoned(staff, settings):
    started = timezone.now() - timezone.timedelta(seconds=settings.PARSE_TIME_LIMIT_SECONDS * 5)
    upload = Upload.objects.create(
        original_name="扫描件.pdf", sha256="1" * 64, uploaded_by=staff,
        status=Upload.Status.PARSING, parse_started_at=started,
        progress_page=20, progress_pages=25, progress_at=timezone.now(),
    )
    assert not upload.is_stale
    assert not Upload.objects.claimable().filter(pk=upload.pk).exists()


def test_a_png_upload_is_read_by_ocr_in_the_worker_reporting_its_pages(staff_client, settings):
    settings.OCR_CACHE_DIR = str(OCR_CACHE)
    settings.OCR_PAGE_TIME_LIMIT_SECONDS = 900  # a busy shared machine is slow
    buffer = io.BytesIO()
    _page().save(buffer, format="PNG", dpi=(200, 200))
    response = staff_client.post(reverse("ingest:upload_new"),
                                 {"files": [upload_file("扫描件.png", buffer.getvalue())]})
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert upload.detected_format == "image"
    # The page count came back from the forked child through the pipe.
    assert (upload.progress_page, upload.progress_pages) == (1, 1)
    assert upload.status == "parsed", upload.error
    contract = upload.result["report"]
    assert contract["fiscal_year"] == 2024
    assert "示范区财政局" in contract["department"]
    assert any("由扫描件识别" in warning for warning in contract["warnings"])
    # The review page can show the scanned page beside what was read from it.
    image = staff_client.get(reverse("ingest:upload_page", args=[upload.pk, 1]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
