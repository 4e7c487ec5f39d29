"""The original file of a published report: typed by its content, sandboxed, never a page."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingest.models import Upload
from ingest.services import upload_create
from tests.ingest_web.conftest import pdf_bytes

pytestmark = pytest.mark.django_db

SCRIPT = "<html><body>决算<script>alert(document.cookie)</script></body></html>"


def _publish_original(report, name: str, content: bytes) -> Upload:
    upload = upload_create(file=SimpleUploadedFile(name, content))
    upload.status = Upload.Status.PUBLISHED
    upload.save(update_fields=["status"])
    report.upload = upload
    report.save(update_fields=["upload"])
    return upload


def _original(client, report):
    return client.get(reverse("report_original", args=[report.pk]))


@pytest.mark.parametrize("name", ["决算报告.html", "决算报告.svg", "决算报告.htm"])
def test_a_text_report_named_as_a_web_page_downloads_as_plain_text(client, corpus, name):
    upload = _publish_original(corpus.science_2023, name, SCRIPT.encode())
    assert upload.detected_format == "text"
    response = _original(client, corpus.science_2023)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("决算报告.txt") in disposition
    assert "html" not in disposition
    assert "svg" not in disposition
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == SCRIPT.encode()  # the bytes, untouched


def test_a_pdf_opens_in_the_browser_sandboxed(client, corpus):
    _publish_original(corpus.science_2023, "决算.PDF", pdf_bytes())
    response = _original(client, corpus.science_2023)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert quote("决算.pdf") in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_uploaded_under_a_text_name_downloads_as_a_pdf(client, corpus):
    _publish_original(corpus.science_2023, "决算.txt", pdf_bytes())
    response = _original(client, corpus.science_2023)
    assert response["Content-Type"] == "application/pdf"
    assert quote("决算.pdf") in response["Content-Disposition"]


def test_a_word_original_is_a_download_with_its_own_type(client, corpus, tmp_path):
    from ingest.synth import generate_report, write_report

    path = write_report(generate_report(1, 0, 2023, "final_accounts"), tmp_path, "docx")
    _publish_original(corpus.science_2023, "决算.xlsx", path.read_bytes())
    response = _original(client, corpus.science_2023)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert response["Content-Disposition"].startswith("attachment;")
    assert quote("决算.docx") in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_scanned_page_downloads_as_the_picture_it_is(client, corpus):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, format="PNG")
    upload = _publish_original(corpus.science_2023, "扫描件.jpg", buffer.getvalue())
    assert upload.detected_format == "image"
    response = _original(client, corpus.science_2023)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert quote("扫描件.png") in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == buffer.getvalue()
