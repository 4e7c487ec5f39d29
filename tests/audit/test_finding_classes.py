"""What the public and auditors see of each class of finding, and reviewing several at once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from reports.models import Finding
from reports.review import AUDITORS_GROUP
from tests.audit.builders import publish, table

pytestmark = pytest.mark.django_db

FAULTY = {"basic_expenditure": "965.72", "personnel_expenditure": "721.2",
          "public_expenditure": "244.1"}
# A 合计 one 分 off its 类 rows: a 尾差.
ROUNDED = table("支出决算表", [(None, "合计", {"本年支出合计": "10.01"}),
                            ("201", "一般公共服务支出", {"本年支出合计": "5.00"}),
                            ("205", "教育支出", {"本年支出合计": "5.00"})])


@pytest.fixture
def auditor():
    user = User.objects.create_user("auditor", password="pw-secret-123")
    user.groups.add(Group.objects.get_or_create(name=AUDITORS_GROUP)[0])
    return user


def _doubt(report) -> Finding:
    return Finding.objects.create(report=report, rule_id="tables.total_sum", category="tables",
                                  severity=Finding.Severity.DOUBT, message="misread?",
                                  evidence={"params": {}}, fingerprint="doubt")


def test_a_rounding_remainder_is_a_note_of_its_own_never_an_error():
    report = publish(tables=[ROUNDED])
    (finding,) = Finding.objects.filter(report=report, rule_id="tables.total_sum")
    assert finding.severity == "rounding"
    assert finding.evidence["difference"] == "0.01"


def test_the_findings_list_folds_rounding_remainders_away_and_badges_never_count_them(client):
    publish(figures=FAULTY, tables=[ROUNDED])
    with translation.override("zh-hans"):
        page = client.get(reverse("audit:finding_list"), headers={"cookie": "lang=zh-hans"})
    text = page.content.decode()
    assert [f.rule_id for f in page.context["page"]] == ["figures.personnel_public_sum"]
    assert page.context["collapsed"] == 1
    assert page.context["counts"]["error"] == 1
    assert "severity=rounding" in text
    shown = client.get(reverse("audit:finding_list") + "?severity=rounding")
    assert [f.severity for f in shown.context["page"]] == ["rounding"]


def test_doubt_about_our_reading_is_for_staff_and_auditors_never_the_public(client, auditor):
    report = publish(figures=FAULTY)
    doubt = _doubt(report)
    public = client.get(reverse("audit:finding_list"))
    assert doubt not in list(public.context["page"])
    assert client.get(reverse("audit:finding_detail", args=[doubt.pk])).status_code == 404
    client.force_login(auditor)
    staff = client.get(reverse("audit:finding_list"))
    assert doubt in list(staff.context["page"])
    assert client.get(reverse("audit:finding_detail", args=[doubt.pk])).status_code == 200


def test_an_unreviewed_finding_says_it_is_an_automatic_check_to_be_verified(client):
    report = publish(figures=FAULTY)
    finding = Finding.objects.get(report=report, rule_id="figures.personnel_public_sum")
    client.cookies["django_language"] = "zh-hans"
    for url in (reverse("audit:finding_list"), reverse("audit:finding_detail", args=[finding.pk])):
        with translation.override("zh-hans"):
            text = client.get(url).content.decode()
        assert "Automatic check, to be verified" in text or "自动检查，待核实" in text


def test_an_auditor_confirms_or_dismisses_several_findings_at_once(client, auditor):
    publish(figures=FAULTY)
    publish(department="青川市临江区财政局", figures=FAULTY)
    ids = list(Finding.objects.values_list("pk", flat=True))
    url = reverse("audit:finding_bulk_review")
    assert client.post(url, {"findings": ids, "review": "confirmed"}).status_code == 403
    client.force_login(auditor)
    refused = client.post(url, {"findings": ids, "review": "dismissed"}, follow=True)
    assert Finding.objects.filter(review="dismissed").count() == 0
    assert refused.status_code == 200
    client.post(url, {"findings": ids, "review": "dismissed", "note": "template wording"})
    assert set(Finding.objects.values_list("review", "review_note")) == {
        ("dismissed", "template wording")}
    assert set(Finding.objects.values_list("reviewed_by", flat=True)) == {auditor.pk}


def test_every_rule_has_a_page_explaining_it_and_listing_what_it_found(client):
    publish(figures=FAULTY)
    page = client.get(reverse("audit:rule_detail", args=["figures.personnel_public_sum"]))
    assert page.status_code == 200
    assert page.context["counts"]["error"] == 1
    assert "人员经费" in page.content.decode()
    assert client.get(reverse("audit:rule_detail", args=["no.such_rule"])).status_code == 404
    listing = client.get(reverse("audit:rule_list")).content.decode()
    assert reverse("audit:rule_detail", args=["wording.comparison"]) in listing


def test_staff_see_the_findings_of_an_upload_on_its_review_page_before_publishing(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ingest.services import upload_create, upload_parse

    staff = User.objects.create_user("staff", password="pw-secret-123", is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="staff")[0])
    text = ("青川市临江区科学技术局2023年度部门决算\n一、基本支出情况\n"
            "2023年度基本支出965.72万元，其中：人员经费721.2万元，公用经费244.1万元。\n")
    upload = upload_create(file=SimpleUploadedFile("决算.txt", text.encode()), user=staff)
    upload_parse(upload=upload)
    upload.refresh_from_db()
    assert [f["rule_id"] for f in upload.result["findings"]] == ["figures.personnel_public_sum"]
    assert not Finding.objects.exists()  # nothing is stored before publishing
    client.force_login(staff)
    page = client.get(reverse("ingest:upload_review", args=[upload.pk]))
    assert "965.72" in page.content.decode()
    assert page.context["findings"][0]["severity"] == "error"
