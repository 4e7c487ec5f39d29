"""The first run works: the status page says when no worker has taken the upload, and the
demo creates a staff and an auditor account whose passwords stay the same on a second run."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from ingest.models import AuditEvent, Upload
from reports.models import Department
from reports.review import can_review
from tests.ingest_web.conftest import pdf_bytes, upload_file

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_status_page_says_plainly_when_no_worker_has_picked_the_upload_up(
    staff_client, settings
):
    settings.TASKS = DATABASE_QUEUE  # queued for db_worker, which is not running
    staff_client.post("/staff/upload/", {"files": [upload_file("report.pdf", pdf_bytes())]})
    upload = Upload.objects.get()
    assert upload.status == "queued"
    page = staff_client.get(upload.get_absolute_url()).content.decode()
    assert "排队中" in page
    assert "后台任务进程" not in page  # a few seconds in, nothing to worry about yet

    earlier = timezone.now() - timedelta(seconds=45)
    AuditEvent.objects.filter(upload=upload).update(created_at=earlier)
    Upload.objects.filter(pk=upload.pk).update(created_at=earlier)
    page = staff_client.get(upload.get_absolute_url()).content.decode()
    assert re.search(r"已等待 4\d 秒，仍没有后台任务进程接手这个文件", page)
    assert "manage.py db_worker" in page
    assert 'http-equiv="refresh"' in page  # and it keeps looking


def _demo(tmp_path, *extra: str) -> str:
    out = io.StringIO()
    call_command("load_demo", "--directory", str(tmp_path), "--departments", "1",
                 "--years", "2023", "--no-progress", *extra,
                 stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _password(output: str, account: str) -> str:
    match = re.search(rf"Demo {account} account: username (\S+)  password (\S+)", output)
    assert match is not None, output
    return match.group(2)


def test_load_demo_prints_a_staff_and_an_auditor_account_whose_passwords_stay_the_same(tmp_path):
    first = _demo(tmp_path)
    staff_password, auditor_password = _password(first, "staff"), _password(first, "auditor")
    assert len(staff_password) >= 12
    assert staff_password != auditor_password
    auditor = User.objects.get(username="demo-auditor")
    assert auditor.check_password(auditor_password)
    assert can_review(auditor)
    assert not auditor.has_perm("ingest.publish_report")
    # Its departments are marked as fictional, never offered for a real one.
    assert Department.objects.filter(demo=True).count() == Department.objects.count() == 1

    second = _demo(tmp_path)
    assert _password(second, "staff") == staff_password
    assert _password(second, "auditor") == auditor_password
    assert User.objects.get(username="demo-staff").check_password(staff_password)
    assert User.objects.get(username="demo-auditor").check_password(auditor_password)


def test_make_run_starts_the_background_worker_with_the_server_and_stops_it_after():
    import shutil
    import subprocess

    from tests.conftest import REPO

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    recipe = subprocess.run(["make", "-n", "run"], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout
    serve = recipe[recipe.index("manage.py db_worker"):]
    assert "runserver" in serve  # in the same shell, after the worker is started
    assert "trap 'kill $worker" in serve  # which stops the worker when the server stops
