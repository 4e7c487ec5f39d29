"""Review marks: who may set them, and that they survive a re-check and a re-upload."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ingest.services import report_publish
from reports.checks import report_check
from reports.models import Finding
from reports.review import AUDITORS_GROUP, can_review, finding_review
from tests.audit.builders import parsed

pytestmark = pytest.mark.django_db

FAULTY = {"basic_expenditure": "965.72", "personnel_expenditure": "721.2",
          "public_expenditure": "244.1"}


@pytest.fixture
def auditor():
    user = User.objects.create_user("auditor", password="pw-secret-123")
    # A transactional test elsewhere may have flushed the migration's group.
    user.groups.add(Group.objects.get_or_create(name=AUDITORS_GROUP)[0])
    return user


@pytest.fixture
def finding():
    report = report_publish(parsed=parsed(figures=FAULTY))
    return Finding.objects.get(report=report, rule_id="figures.personnel_public_sum")


def test_the_data_migration_creates_the_auditors_group_with_finding_permissions():
    from django.apps import apps

    migration = importlib.import_module("reports.migrations.0003_auditors_group")
    Group.objects.filter(name=AUDITORS_GROUP).delete()
    migration.create_group(apps, None)
    group = Group.objects.get(name=AUDITORS_GROUP)
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_finding", "change_finding"}


def test_staff_and_auditors_may_review_and_other_users_may_not(auditor):
    staff = User.objects.create_user("staff", is_staff=True)
    reader = User.objects.create_user("reader")
    assert can_review(auditor)
    assert can_review(staff)
    assert not can_review(reader)


def test_an_auditor_confirms_a_finding_with_a_note(auditor, finding):
    finding_review(finding=finding, user=auditor, review="confirmed", note="Checked on page 3.")
    finding.refresh_from_db()
    assert finding.review == "confirmed"
    assert finding.review_note == "Checked on page 3."
    assert finding.reviewed_by == auditor
    assert finding.reviewed_at is not None


def test_a_dismissal_needs_a_note(auditor, finding):
    with pytest.raises(ValidationError):
        finding_review(finding=finding, user=auditor, review="dismissed", note=" ")


def test_a_reader_cannot_review(finding):
    with pytest.raises(PermissionDenied):
        finding_review(finding=finding, user=User.objects.create_user("x"), review="confirmed")


def test_a_mark_survives_running_the_checks_again(auditor, finding):
    finding_review(finding=finding, user=auditor, review="dismissed", note="Source rounding.")
    report_check(report=finding.report)
    again = Finding.objects.get(report=finding.report, rule_id="figures.personnel_public_sum")
    assert again.pk != finding.pk
    assert (again.review, again.review_note) == ("dismissed", "Source rounding.")


def test_a_mark_follows_the_finding_to_a_reuploaded_version_of_the_same_report(auditor, finding):
    finding_review(finding=finding, user=auditor, review="confirmed", note="Real error.")
    new = report_publish(parsed=parsed(figures=FAULTY))
    assert new.version == 2
    carried = Finding.objects.get(report=new, rule_id="figures.personnel_public_sum")
    assert (carried.review, carried.review_note, carried.reviewed_by) == (
        "confirmed", "Real error.", auditor)


def test_a_mark_does_not_leak_to_another_year_or_department(auditor, finding):
    finding_review(finding=finding, user=auditor, review="confirmed", note="Real error.")
    other_year = report_publish(parsed=parsed(year=2024, figures=FAULTY))
    other = report_publish(parsed=parsed(department="青川市临江区财政局", figures=FAULTY))
    for report in (other_year, other):
        assert Finding.objects.get(report=report, rule_id="figures.personnel_public_sum").review \
            == "open"


def test_the_review_form_posts_with_csrf_and_saves_the_mark(client, auditor, finding):
    client.force_login(auditor)
    url = reverse("audit:finding_detail", args=[finding.pk])
    response = client.post(url, {"review": "confirmed", "note": "OK"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.review == "confirmed"


def test_the_review_form_enforces_csrf(auditor, finding):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(auditor)
    url = reverse("audit:finding_detail", args=[finding.pk])
    assert client.post(url, {"review": "confirmed"}).status_code == 403
    page = client.get(url)
    token = page.cookies["csrftoken"].value
    response = client.post(url, {"review": "confirmed", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_anonymous_visitors_read_a_finding_but_cannot_post_a_review(client, finding):
    url = reverse("audit:finding_detail", args=[finding.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" not in page.content.split(b'id="review"')[1]
    assert client.post(url, {"review": "confirmed"}).status_code == 403
    finding.refresh_from_db()
    assert finding.review == "open"


def test_the_check_reports_command_reruns_the_checks_and_keeps_marks(auditor, finding):
    from django.core.management import call_command

    finding_review(finding=finding, user=auditor, review="confirmed", note="Real error.")
    call_command("check_reports", "--year", "2023")
    again = Finding.objects.get(report=finding.report, rule_id="figures.personnel_public_sum")
    assert again.review == "confirmed"
