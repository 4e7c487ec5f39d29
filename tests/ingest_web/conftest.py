"""Fixtures for the staff upload workflow: users, files good and bad, a fast parser."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from ingest import isolation
from ingest.services import staff_group_ensure
from tests.factories import parsed_report

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Parsing runs inside the request, so a test sees the finished upload.
    # (django-tasks resets its backends when the TASKS setting changes.)
    settings.TASKS = IMMEDIATE


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # login failures counted by an earlier test must not leak
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def staff(db) -> User:
    user = User.objects.create_user("clerk", password="s3cret-pass-123")
    user.groups.add(staff_group_ensure())
    return user


@pytest.fixture
def reader(db) -> User:
    return User.objects.create_user("reader", password="s3cret-pass-123")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def fake_parse(monkeypatch):
    """A parse that returns a known report without reading the file (fast, deterministic)."""

    def payload(path: Path, *, name: str, index: bool = False) -> dict:
        report = parsed_report()
        report.file = name
        from dataclasses import asdict

        return {"report": asdict(report), "page_count": report.page_count,
                "text": "一、部门职责\n负责全区科技工作。"}

    monkeypatch.setattr(isolation, "parse_payload", payload)
    return payload


def pdf_bytes(text: str = "青川市临江区科学技术局2023年度部门决算") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)  # same text, same bytes
    pdf.drawString(72, 720, text.encode("ascii", "ignore").decode() or "report")
    pdf.save()
    return buffer.getvalue()


def upload_file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def zip_bomb_docx() -> bytes:
    """A DOCX-shaped zip whose document.xml inflates to ~600 MB from well under 1 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(600):
                member.write(chunk)
    return buffer.getvalue()
