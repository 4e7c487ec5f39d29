"""「Report a data problem」 on every report page: stored for staff, limited per sender."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import DataProblem

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


def send(client, report, address: str = ADDRESS, **data):
    fields = {"description": "第6页一般公共预算支出合计应为154.80", "contact": "", "website": ""}
    return client.post(reverse("report_problem", args=[report.pk]), {**fields, **data},
                       REMOTE_ADDR=address)


def test_every_report_page_offers_the_form_with_a_csrf_token_and_a_hidden_trap(client, corpus):
    for report in (corpus.science_2023, corpus.science_perf):
        html = client.get(report.get_absolute_url()).content.decode()
        assert "报告数据问题" in html
        assert f'action="/reports/{report.pk}/problem/"' in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert "哪里有误？" in html
        assert "您的邮箱（选填）" in html
        trap = re.search(r'<p class="visually-hidden" aria-hidden="true">.*?</p>', html, re.S)
        assert trap is not None
        assert 'name="website"' in trap.group(0)


def test_a_note_without_the_csrf_token_is_refused(corpus):
    strict = Client(enforce_csrf_checks=True)
    assert send(strict, corpus.science_2023).status_code == 403
    assert not DataProblem.objects.exists()


def test_a_sent_note_is_stored_with_only_a_keyed_hash_of_the_sender(client, corpus):
    response = send(client, corpus.science_2023, contact="reader@example.org")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "谢谢！您的反馈已发送给编辑。" in page
    problem = DataProblem.objects.get()
    assert problem.report == corpus.science_2023
    assert problem.description == "第6页一般公共预算支出合计应为154.80"
    assert problem.contact == "reader@example.org"
    assert not problem.handled
    assert re.fullmatch(r"[0-9a-f]{64}", problem.sender)
    assert ADDRESS not in problem.sender
    send(client, corpus.science_2021)
    assert DataProblem.objects.filter(sender=problem.sender).count() == 2  # same sender


def test_a_bot_that_fills_the_trap_is_thanked_and_nothing_is_kept(client, corpus):
    response = send(client, corpus.science_2023, website="http://spam.example")
    assert response.status_code == 302
    assert not DataProblem.objects.exists()


def test_an_empty_note_or_a_bad_address_is_explained_and_the_text_kept(client, corpus):
    response = send(client, corpus.science_2023, description="", contact="not-an-address")
    html = response.content.decode()
    assert response.status_code == 400
    assert '<span class="errors" id="id_description_error">该字段是必填项。</span>' in html
    assert '<span class="errors" id="id_contact_error">请输入合法的邮件地址。</span>' in html
    assert 'value="not-an-address"' in html
    assert not DataProblem.objects.exists()


def test_the_sixth_note_in_an_hour_from_one_sender_is_refused(client, corpus):
    for _ in range(5):
        assert send(client, corpus.science_2023).status_code == 302
    response = send(client, corpus.science_2023, description="又一处错误")
    html = response.content.decode()
    assert response.status_code == 429
    assert "您在过去一小时内已提交5条反馈" in html
    assert "又一处错误" in html  # the text is still there
    assert DataProblem.objects.count() == 5
    # Another sender is not limited by the first one.
    assert send(client, corpus.science_2023, address="198.51.100.2").status_code == 302
    # An hour later the first sender may write again.
    for problem in DataProblem.objects.all():
        DataProblem.objects.filter(pk=problem.pk).update(
            created_at=problem.created_at - timedelta(hours=1, minutes=1))
    assert send(client, corpus.science_2023).status_code == 302


def test_staff_see_the_notes_in_the_admin_and_mark_them_handled(admin_client, client, corpus):
    send(client, corpus.science_2023)
    send(client, corpus.education_2023, description="三公经费表头被截断")
    listing = admin_client.get("/admin/reports/dataproblem/").content.decode()
    assert "三公经费表头被截断" in listing
    assert "第6页一般公共预算支出合计应为154.80" in listing
    ids = list(DataProblem.objects.values_list("pk", flat=True))
    response = admin_client.post("/admin/reports/dataproblem/", {
        "action": "mark_handled", "_selected_action": ids}, follow=True)
    assert "已将2个问题标为已处理。" in response.content.decode()
    assert DataProblem.objects.filter(handled=True).count() == 2


def test_the_form_reads_in_english(client, corpus):
    client.cookies["django_language"] = "en"
    html = client.get(corpus.science_2023.get_absolute_url()).content.decode()
    assert "Report a data problem" in html
    assert "What is wrong?" in html
    response = send(client, corpus.science_2023)
    assert "Thank you: the note was sent to the editors." in client.get(
        response["Location"]).content.decode()
