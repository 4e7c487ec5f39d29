"""Every bad file ends as a failed upload with a clear message, and nothing else is saved."""

from __future__ import annotations

import io
import json
import os
import signal
import time
from typing import ClassVar

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.db import connection
from django.urls import reverse

from ingest import isolation
from ingest.models import AuditEvent, Upload
from reports.models import Department, Report
from tests.ingest_web.conftest import pdf_bytes, upload_file, zip_bomb_docx

pytestmark = pytest.mark.django_db


def _upload_one(client, name: str, content: bytes) -> Upload:
    response = client.post(reverse("ingest:upload_new"), {"files": [upload_file(name, content)]})
    assert response.status_code == 302
    return Upload.objects.get()


def _assert_failed(client, upload: Upload, code: str, message: str) -> None:
    assert upload.status == "failed", upload.error
    assert upload.error_code == code
    assert message in upload.error
    assert upload.result is None
    assert not Report.objects.exists()
    assert not Department.objects.exists()
    page = client.get(upload.get_absolute_url()).content.decode()
    assert message in page
    assert 'http-equiv="refresh"' not in page


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_empty_file_fails_as_empty(staff_client):
    upload = _upload_one(staff_client, "empty.pdf", b"")
    _assert_failed(staff_client, upload, "empty", "文件是空的")


def test_a_blank_picture_renamed_to_pdf_fails_asking_for_a_sharper_scan(staff_client):
    upload = _upload_one(staff_client, "report.pdf", _png())
    _assert_failed(staff_client, upload, "no_text", "更清晰的扫描件")
    assert upload.file  # the bytes were still kept


def test_a_truncated_pdf_fails_as_damaged(staff_client):
    whole = pdf_bytes("truncated")
    upload = _upload_one(staff_client, "cut.pdf", whole[: len(whole) // 2])
    _assert_failed(staff_client, upload, "truncated", "不完整")


def test_a_password_protected_pdf_fails_as_encrypted(staff_client, tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="pw")
    pdf.drawString(72, 720, "secret")
    pdf.save()
    upload = _upload_one(staff_client, "locked.pdf", path.read_bytes())
    _assert_failed(staff_client, upload, "encrypted", "密码")


def test_a_blank_scanned_pdf_fails_asking_for_a_sharper_scan(staff_client, tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(io.BytesIO(_png())), 50, 50, 500, 700)
    pdf.save()
    upload = _upload_one(staff_client, "scan.pdf", path.read_bytes())
    _assert_failed(staff_client, upload, "no_text", "更清晰的扫描件")


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated(staff_client):
    upload = _upload_one(staff_client, "bomb.docx", zip_bomb_docx())
    _assert_failed(staff_client, upload, "archive_too_large", "解压后的数据量")


def test_a_file_over_the_size_limit_fails_and_its_bytes_are_not_kept(staff_client, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    upload = _upload_one(staff_client, "big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    _assert_failed(staff_client, upload, "too_large", "超过 1 MB")
    assert not upload.file
    assert upload.size == 1024 * 1024 + 19


def test_a_parser_crash_fails_with_a_clear_message(staff_client, monkeypatch):
    def crash(path, *, name):
        raise RuntimeError("bug in an extractor")

    monkeypatch.setattr(isolation, "parse_payload", crash)
    upload = _upload_one(staff_client, "report.pdf", pdf_bytes())
    _assert_failed(staff_client, upload, "crash", "意外中止")
    assert "bug in an extractor" not in upload.error  # internals stay in the log


def test_a_parser_killed_by_the_system_fails_as_a_crash(staff_client, monkeypatch):
    def die(path, *, name):
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(isolation, "parse_payload", die)
    upload = _upload_one(staff_client, "report.pdf", pdf_bytes())
    _assert_failed(staff_client, upload, "crash", "意外中止")


def test_a_parse_exceeding_the_time_limit_is_stopped(staff_client, monkeypatch, settings):
    settings.PARSE_TIME_LIMIT_SECONDS = 1

    def slow(path, *, name):
        time.sleep(30)

    monkeypatch.setattr(isolation, "parse_payload", slow)
    started = time.monotonic()
    upload = _upload_one(staff_client, "report.pdf", pdf_bytes())
    assert time.monotonic() - started < 10
    _assert_failed(staff_client, upload, "timeout", "超出时间限制")


def test_a_parse_exhausting_its_memory_is_stopped(staff_client, monkeypatch, settings):
    settings.PARSE_MEMORY_LIMIT_MB = 64

    def greedy(path, *, name):
        return [bytearray(16 * 1024 * 1024) for _ in range(64)]

    monkeypatch.setattr(isolation, "parse_payload", greedy)
    upload = _upload_one(staff_client, "report.pdf", pdf_bytes())
    _assert_failed(staff_client, upload, "memory", "内存超出限制")


def test_a_failed_upload_is_logged_and_can_be_parsed_again(staff_client, monkeypatch, fake_parse):
    def crash(path, *, name):
        raise RuntimeError("transient")

    with monkeypatch.context() as patch:
        patch.setattr(isolation, "parse_payload", crash)
        upload = _upload_one(staff_client, "report.pdf", pdf_bytes())
    assert upload.status == "failed"
    assert AuditEvent.objects.filter(action="fail", upload=upload).exists()
    staff_client.post(reverse("ingest:upload_retry", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == "parsed"
    assert upload.error == ""


@pytest.mark.parametrize("name", ["决算报告.html", "report.svg", "run.exe", "决算"])
def test_a_file_not_named_as_a_report_is_refused_on_the_upload_page(staff_client, name):
    response = staff_client.post(reverse("ingest:upload_new"),
                                 {"files": [upload_file(name, b"<script>alert(1)</script>")]})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"“{name}”不是报告文件" in html
    assert "Excel（XLS、XLSX）、文本（TXT）或扫描页（PNG、JPEG、TIFF）" in html
    assert not Upload.objects.exists()  # nothing kept under a web page's name


def test_the_refusal_is_in_english_for_an_english_reader(staff_client, settings):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_client.post(reverse("ingest:upload_new"),
                                 {"files": [upload_file("x.html", b"text")]})
    assert "“x.html” is not a report file: upload PDF, Word (DOC, DOCX)" in (
        response.content.decode())


def test_without_ocr_the_refusal_does_not_offer_scans(staff_client, settings):
    settings.OCR_ENABLED = False
    response = staff_client.post(reverse("ingest:upload_new"),
                                 {"files": [upload_file("x.html", b"text")]})
    html = response.content.decode()
    assert "Excel（XLS、XLSX）或文本（TXT）文件" in html
    assert "扫描页" not in html


class RecordingHandler(FileUploadHandler):
    """Stands where Django stores an upload: counts the bytes it is handed."""

    received: ClassVar[list[int]] = []

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.received.append(0)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def test_a_file_over_the_limit_stops_being_stored_as_it_streams_in(staff_client, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    storing = handlers.index("django.core.files.uploadhandler.MemoryFileUploadHandler")
    handlers.insert(storing, f"{__name__}.RecordingHandler")
    settings.FILE_UPLOAD_HANDLERS = handlers
    RecordingHandler.received.clear()
    size = 4 * 1024 * 1024
    upload = _upload_one(staff_client, "big.pdf", b"%PDF-1.4\n" + b"0" * size)
    assert RecordingHandler.received[-1] <= 1024 * 1024  # not the 4 MB that were sent
    _assert_failed(staff_client, upload, "too_large", "超过 1 MB")
    assert upload.size == size + 9  # the size the staff member sent, counted on the way
    assert not upload.file


def test_files_within_the_limit_beside_one_over_it_are_kept(staff_client, settings, fake_parse):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = staff_client.post(reverse("ingest:upload_new"), {"files": [
        upload_file("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)),
        upload_file("small.pdf", pdf_bytes()),
    ]})
    assert response.status_code == 302
    big, small = Upload.objects.get(original_name="big.pdf"), Upload.objects.get(
        original_name="small.pdf")
    assert big.error_code == "too_large"
    assert small.status != "failed"
    assert small.file.read() == pdf_bytes()


def test_a_text_report_with_nul_characters_is_parsed_not_left_parsing(staff_client):
    text = "青川市临江区科学技术局2023年度部门决算\n一、部门职责\n负责全区科技\x00工作。\n"
    upload = _upload_one(staff_client, "决算.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    assert upload.status == "parsed", upload.error
    assert "\x00" not in json.dumps(upload.result, ensure_ascii=False)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="only PostgreSQL refuses NUL and lone surrogates in JSON")
def test_a_result_the_database_refuses_fails_the_upload_with_a_reason(
    staff_client, monkeypatch
):
    def refused(path, *, name):
        return {"report": {"file": name, "department": "局\ude34"}, "text": "\x00"}

    monkeypatch.setattr(isolation, "parse_payload", refused)
    monkeypatch.setattr("ingest.services.upload_findings", lambda payload: [])
    upload = _upload_one(staff_client, "决算.pdf", pdf_bytes())
    upload.refresh_from_db()
    assert upload.status == "failed"
    assert upload.error_code == "unstorable"
    assert "读取结果无法保存" in upload.error
    assert upload.result is None
    assert upload.can_retry
