"""Who may do what: anonymous and ordinary users read only; staff upload, review, publish."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from ingest.models import Upload
from reports.models import Report
from tests.ingest_web.conftest import pdf_bytes, upload_file

pytestmark = pytest.mark.django_db

PUBLISH = {"department": "青川市临江区科学技术局", "fiscal_year": 2023, "kind": "final_accounts",
           "new_department": "on"}


@pytest.fixture
def parsed_upload(staff, fake_parse) -> Upload:
    from ingest.services import upload_create, upload_parse

    upload = upload_create(file=upload_file("report.pdf", pdf_bytes()), user=staff)
    return upload_parse(upload=upload)


def _staff_urls(upload: Upload) -> list[tuple[str, str]]:
    return [
        ("get", reverse("ingest:upload_new")),
        ("get", reverse("ingest:upload_list")),
        ("get", reverse("ingest:upload_detail", args=[upload.pk])),
        ("get", reverse("ingest:upload_review", args=[upload.pk])),
        ("get", reverse("ingest:audit_log")),
        ("post", reverse("ingest:upload_new")),
        ("post", reverse("ingest:upload_review", args=[upload.pk])),
        ("post", reverse("ingest:upload_reject", args=[upload.pk])),
        ("post", reverse("ingest:upload_retry", args=[upload.pk])),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page_for_every_staff_page(client, parsed_upload):
    for method, url in _staff_urls(parsed_upload):
        response = getattr(client, method)(url, PUBLISH if method == "post" else None)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_signed_in_users_outside_the_staff_group_are_refused(client, reader, parsed_upload):
    client.force_login(reader)
    for method, url in _staff_urls(parsed_upload):
        response = getattr(client, method)(url, PUBLISH if method == "post" else None)
        assert response.status_code == 403, url
    assert not Report.objects.exists()
    parsed_upload.refresh_from_db()
    assert parsed_upload.status == "parsed"


def test_a_user_who_may_upload_but_not_publish_can_review_but_not_publish(client, parsed_upload):
    user = User.objects.create_user("intern", password="x")
    user.user_permissions.add(Permission.objects.get(codename="upload_report"))
    client.force_login(user)
    review = reverse("ingest:upload_review", args=[parsed_upload.pk])
    page = client.get(review).content.decode()
    assert "您可以查看此上传，但无权发布。" in page
    assert client.post(review, PUBLISH).status_code == 403
    assert client.post(reverse("ingest:upload_reject", args=[parsed_upload.pk])).status_code == 403
    assert not Report.objects.exists()


def test_staff_can_upload_review_and_publish(staff_client, parsed_upload):
    assert staff_client.get(reverse("ingest:upload_new")).status_code == 200
    assert staff_client.get(reverse("ingest:audit_log")).status_code == 200
    review = reverse("ingest:upload_review", args=[parsed_upload.pk])
    assert staff_client.get(review).status_code == 200
    assert staff_client.post(review, PUBLISH).status_code == 302
    assert Report.objects.get().status == "published"


def test_the_data_migration_gives_the_staff_group_the_upload_and_publish_permissions(db):
    from django.apps import apps

    migration = importlib.import_module("ingest.migrations.0004_staff_group")
    Group.objects.filter(name="staff").delete()
    migration.create_group(apps, None)
    group = Group.objects.get(name="staff")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"upload_report", "publish_report", "view_upload", "view_auditevent"} <= codenames


def test_the_public_pages_stay_open_to_everyone(client, staff_client, parsed_upload):
    staff_client.post(reverse("ingest:upload_review", args=[parsed_upload.pk]), PUBLISH)
    report = Report.objects.get()
    assert client.get(report.get_absolute_url()).status_code == 200


def test_forms_are_protected_against_cross_site_requests(staff, fake_parse):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("ingest:upload_new"),
                           {"files": [upload_file("report.pdf", pdf_bytes())]})
    assert response.status_code == 403
    assert not Upload.objects.exists()
    page = client.get(reverse("ingest:upload_new")).content.decode()
    assert "csrfmiddlewaretoken" in page


def test_staff_can_log_out(staff_client):
    response = staff_client.post(reverse("logout"))
    assert response.status_code == 302
    assert staff_client.get(reverse("ingest:upload_list")).status_code == 302
