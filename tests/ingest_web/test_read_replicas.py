"""Read replicas (config.routers): visitors read a replica, staff and writes the primary.

The replica is the test database seen through a second connection (a test mirror of
``default``), as a streaming replica shows the primary's committed rows; each alias
keeps its own query log, so a test sees which one a page read. Transactional tests:
a second connection only sees what the first has committed.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.routers import PIN_COOKIE
from ingest.models import Upload
from reports.models import Report
from tests.ingest_web.conftest import pdf_bytes, upload_file

REPO = Path(__file__).resolve().parents[2]
DEPARTMENT = "青川市临江区科学技术局"


def _replica_alias() -> list[str]:
    """Add the ``replica`` alias before the test databases are set up (as settings would)."""
    if connections["default"].vendor != "postgresql":
        return ["default"]
    if "replica" not in connections.settings:
        replica = copy.deepcopy(connections.settings["default"])
        replica["TEST"]["MIRROR"] = "default"
        connections.settings["replica"] = replica
    return ["default", "replica"]


# Collected before any test runs: the alias exists, unused, until the router is turned on.
ALIASES = _replica_alias()


@pytest.fixture
def replica(settings):
    """The router turned on with the ``replica`` alias."""
    if connection.vendor != "postgresql":
        pytest.skip("read replicas are a PostgreSQL deployment (set DATABASE_URL to run this)")
    settings.DATABASE_REPLICAS = ["replica"]
    settings.DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]
    return connections["replica"]


def _tables(queries: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"] for q in queries.captured_queries)


def _publish(client: Client) -> Report:
    client.post(reverse("ingest:upload_new"), {"files": [upload_file("r.pdf", pdf_bytes())]})
    upload = Upload.objects.get()
    response = client.post(reverse("ingest:upload_review", args=[upload.pk]), {
        "department": DEPARTMENT, "fiscal_year": 2023, "kind": "final_accounts",
        "new_department": "on",
    })
    assert response.status_code == 302
    return Report.objects.get()


@pytest.mark.django_db(transaction=True, databases=ALIASES)
def test_a_visitor_reads_the_report_page_from_the_replica_and_staff_write_to_the_primary(
        replica, staff_client, fake_parse):
    with CaptureQueriesContext(connection) as primary, \
            CaptureQueriesContext(replica) as read_only:
        report = _publish(staff_client)
    assert 'INSERT INTO "reports_report"' in _tables(primary)
    assert read_only.captured_queries == []  # staff (a session) never read a replica

    visitor = Client()
    with CaptureQueriesContext(connection) as primary, \
            CaptureQueriesContext(replica) as read_only:
        page = visitor.get(report.get_absolute_url())
    assert page.status_code == 200
    assert DEPARTMENT in page.content.decode()
    assert '"reports_report"' in _tables(read_only)
    assert "reports_" not in _tables(primary)
    assert PIN_COOKIE not in page.cookies  # a page view pins nothing


@pytest.mark.django_db(transaction=True, databases=ALIASES)
def test_right_after_publishing_the_next_page_shows_the_new_report_from_the_primary(
        replica, staff_client, fake_parse):
    report = _publish(staff_client)
    with CaptureQueriesContext(connection) as primary, \
            CaptureQueriesContext(replica) as read_only:
        listing = staff_client.get(reverse("report_list")).content.decode()
    assert report.title in listing or DEPARTMENT in listing
    assert '"reports_report"' in _tables(primary)
    assert read_only.captured_queries == []


@pytest.mark.django_db(transaction=True, databases=ALIASES)
def test_a_visitor_who_sent_a_form_reads_the_primary_for_a_while(replica, settings):
    visitor = Client()
    response = visitor.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    with CaptureQueriesContext(connection) as primary, \
            CaptureQueriesContext(replica) as read_only:
        assert visitor.get(reverse("report_list")).status_code == 200
    assert '"reports_report"' in _tables(primary)
    assert read_only.captured_queries == []


@pytest.mark.django_db(transaction=True, databases=ALIASES)
def test_without_replicas_every_page_reads_the_primary(settings, fake_parse, staff_client):
    assert settings.DATABASE_REPLICAS == []
    assert settings.DATABASE_ROUTERS == []
    report = _publish(staff_client)
    with CaptureQueriesContext(connection) as primary:
        assert Client().get(report.get_absolute_url()).status_code == 200
    assert '"reports_report"' in _tables(primary)


def test_each_replica_url_becomes_an_alias_and_turns_the_router_on():
    environment = {**os.environ, "DATABASE_URL": "postgres://u:p@primary:5432/juesuan",
                   "DATABASE_REPLICA_URLS": "postgres://u:p@r1:5432/juesuan,"
                                            "postgres://u:p@r2:5432/juesuan"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         "print(settings.DATABASE_REPLICAS, settings.DATABASE_ROUTERS,"
         " settings.DATABASES['replica2']['HOST'])"],
        cwd=REPO, env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "['replica', 'replica2'] ['config.routers.PrimaryReplicaRouter'] r2")


@pytest.mark.django_db(transaction=True, databases=ALIASES)
def test_the_api_reads_reports_from_the_replica_and_counts_requests_on_the_primary(
        replica, staff_client, fake_parse):
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)  # the API's request counts
    report = _publish(staff_client)
    with CaptureQueriesContext(connection) as primary, \
            CaptureQueriesContext(replica) as read_only:
        response = Client().get("/api/v1/reports/")
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == report.pk
    assert '"reports_report"' in _tables(read_only)
    assert "juesuan_cache" in _tables(primary)  # exact counts, on the primary
    assert "juesuan_cache" not in _tables(read_only)
    assert "reports_" not in _tables(primary)
    assert PIN_COOKIE not in response.cookies  # counting a request pins nothing
