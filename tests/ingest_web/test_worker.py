"""Background parsing: the task wrapper, and a worker that dies in the middle of a parse."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse

from ingest import services
from ingest.models import STALE_GRACE_SECONDS, AuditEvent, Upload
from ingest.services import upload_create, upload_parse
from ingest.tasks import parse_upload
from reports.models import Report
from tests.ingest_web.conftest import pdf_bytes, upload_file

pytestmark = pytest.mark.django_db


def test_the_parse_task_parses_a_queued_upload(staff, fake_parse):
    upload = upload_create(file=upload_file("report.pdf", pdf_bytes()), user=staff)
    assert upload.status == "queued"
    parse_upload.call(upload.pk)
    upload.refresh_from_db()
    assert upload.status == "parsed"
    assert upload.result["report"]["department"] == "青川市临江区科学技术局"
    assert upload.result["report"]["figures"][0]["page"] == 3  # pages and sources are kept
    assert not Report.objects.exists()  # parsing never publishes


def test_a_parse_task_run_twice_does_not_parse_again(staff, fake_parse, monkeypatch):
    upload = upload_create(file=upload_file("report.pdf", pdf_bytes()), user=staff)
    upload_parse(upload=upload)
    monkeypatch.setattr(services, "parse_isolated", pytest.fail)
    assert upload_parse(upload=upload).status == "parsed"


def test_a_worker_killed_mid_parse_leaves_the_upload_unsaved_then_retryable(
    staff, staff_client, fake_parse, monkeypatch, settings
):
    upload = upload_create(file=upload_file("report.pdf", pdf_bytes()), user=staff)

    def killed(*args, **kwargs):
        raise SystemExit(137)  # the worker process dies while the child parses

    with monkeypatch.context() as patch:
        patch.setattr(services, "parse_isolated", killed)
        with pytest.raises(SystemExit):
            upload_parse(upload=upload)
    upload.refresh_from_db()
    assert upload.status == "parsing"
    assert upload.result is None
    assert not Report.objects.exists()
    page = staff_client.get(upload.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page  # within the time limit it may still finish

    # Long past the time limit, nobody is parsing it any more.
    late = timedelta(seconds=settings.PARSE_TIME_LIMIT_SECONDS + STALE_GRACE_SECONDS + 1)
    Upload.objects.filter(pk=upload.pk).update(parse_started_at=upload.parse_started_at - late)
    upload.refresh_from_db()
    assert upload.is_stale
    page = staff_client.get(upload.get_absolute_url()).content.decode()
    assert "解析被中断" in page
    assert "重新解析" in page
    assert 'http-equiv="refresh"' not in page

    staff_client.post(reverse("ingest:upload_retry", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == "parsed"


def test_an_interrupted_parse_can_be_recorded_as_failed(staff, fake_parse, settings):
    upload = upload_create(file=upload_file("report.pdf", pdf_bytes()), user=staff)
    started = services.timezone.now() - timedelta(seconds=settings.PARSE_TIME_LIMIT_SECONDS + 999)
    Upload.objects.filter(pk=upload.pk).update(status="parsing", parse_started_at=started)
    upload.refresh_from_db()
    services.upload_mark_interrupted(upload=upload)
    upload.refresh_from_db()
    assert upload.status == "failed"
    assert upload.error_code == "interrupted"


# db_worker closes its database connections between tasks as a real worker does,
# which on PostgreSQL would end the test's wrapping transaction: run without one.
@pytest.mark.django_db(transaction=True)
def test_an_upload_waits_in_the_database_queue_until_db_worker_parses_it(
    staff_client, fake_parse, settings
):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    staff_client.post("/staff/upload/", {"files": [upload_file("report.pdf", pdf_bytes())]})
    upload = Upload.objects.get()
    assert upload.status == "queued"
    assert "排队中" in staff_client.get(upload.get_absolute_url()).content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    upload.refresh_from_db()
    assert upload.status == "parsed"


def test_the_task_record_of_a_worker_that_died_mid_parse_is_marked_failed(staff, settings):
    from django.core.management import call_command
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    upload = upload_create(file=upload_file("report.pdf", pdf_bytes()), user=staff)
    late = services.timezone.now() - timedelta(
        seconds=settings.PARSE_TIME_LIMIT_SECONDS + STALE_GRACE_SECONDS + 1)
    Upload.objects.filter(pk=upload.pk).update(status="parsing", parse_started_at=late)

    def running(upload_id: int, started) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=TaskResultStatus.RUNNING, started_at=started, run_after=started,
            args_kwargs={"args": [upload_id], "kwargs": {}}, backend_name="default",
            task_path="ingest.tasks.parse_upload", queue_name="default")

    dead = running(upload.pk, late)
    # A parse that started a moment ago is still alive, whatever its upload says.
    fresh = running(upload.pk, services.timezone.now())
    out = io.StringIO()
    call_command("reap_parse_tasks", stdout=out)
    assert "1 dead parse tasks" in out.getvalue()
    dead.refresh_from_db()
    fresh.refresh_from_db()
    assert (dead.status, fresh.status) == (TaskResultStatus.FAILED, TaskResultStatus.RUNNING)


def test_a_waiting_upload_shows_its_place_in_the_queue_and_a_busy_worker_is_not_missing(
    staff, staff_client
):
    first, second = (
        upload_create(file=upload_file(f"r{n}.pdf", pdf_bytes(f"report {n}")), user=staff)
        for n in (1, 2)
    )
    long_ago = services.timezone.now() - timedelta(seconds=60)
    Upload.objects.update(created_at=long_ago)
    Upload.objects.filter(pk=second.pk).update(created_at=long_ago + timedelta(seconds=1))
    AuditEvent.objects.update(created_at=long_ago)  # both were queued a minute ago

    page = staff_client.get(second.get_absolute_url()).content.decode()
    assert "前面还有 1 个文件" in page
    assert 'id="no-worker"' in page  # nothing is being parsed: the worker is missing

    Upload.objects.filter(pk=first.pk).update(status="parsing",
                                              parse_started_at=services.timezone.now())
    page = staff_client.get(second.get_absolute_url()).content.decode()
    assert "前面还有 0 个文件" in page
    assert 'id="no-worker"' not in page  # a worker is busy with the file ahead
