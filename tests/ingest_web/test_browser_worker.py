"""The first run, in a browser: staff log in, upload a real PDF, the real background worker
(`manage.py db_worker`, a separate process) parses it within seconds, and it is reviewable."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.db import connection

from ingest.models import Upload
from ingest.services import staff_user_set
from tests.conftest import REPO


def _shared_database_url() -> str:
    """The test database as a URL another process can open (not an in-memory SQLite)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        if "memory" in name or name in ("", ":memory:"):
            pytest.skip("the worker process needs a database it can share; the SQLite test "
                        "database is in memory (run on PostgreSQL, as CI does)")
        return f"sqlite:///{name}"
    return (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


@pytest.fixture
def worker(settings):
    """The real db_worker in its own process, on the test database and media folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {**os.environ, "DATABASE_URL": _shared_database_url(),
           "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.5"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_upload_a_real_pdf_the_real_worker_parses_it_and_it_is_reviewable(
    page, live_server, worker, tmp_path
):
    from ingest.synth import generate_report, write_report

    synthetic = generate_report(1, 2, 2024, "final_accounts")
    pdf = write_report(synthetic, tmp_path, "pdf")
    staff_user_set(username="demo-staff", password="s3cret-pass-123")

    page.goto(f"{live_server.url}/staff/upload/")
    page.fill("#id_username", "demo-staff")
    page.fill("#id_password", "s3cret-pass-123")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/upload/$"))
    page.set_input_files("#id_files", [str(pdf)])
    page.get_by_role("button", name="上传", exact=True).click()

    # One file: its status page, which refreshes itself until the worker has parsed it.
    page.wait_for_url(re.compile(r"/staff/uploads/\d+/$"))
    page.wait_for_selector("#upload-status[data-status=parsed]", timeout=60_000)
    assert Upload.objects.get().status == "parsed"
    assert page.locator("#no-worker").count() == 0

    page.get_by_role("link", name="审核并发布").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert synthetic.department in page.locator("main").inner_text()
    assert page.locator("#id_department").input_value() == synthetic.department
    assert page.get_by_role("button", name="发布").is_visible()
    assert worker.poll() is None  # the worker is still running, ready for the next file
