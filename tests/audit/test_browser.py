"""An auditor in headless Chromium: a department across years, then a finding's evidence."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User

from reports.models import Finding
from tests.audit.builders import publish

PROBLEMS = ("一是规模工业增加值增长不及预期。二是制造业增加值占GDP比重提升难。"
            "三是财政科技支出增长率下滑，实现全年增速目标任务难度大。")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_auditor_compares_a_department_across_years_and_confirms_a_finding(page, live_server):
    publish(year=2023, figures={"expenditure_total": "1100.00", "basic_expenditure": "257.08",
                                "personnel_expenditure": "225.24", "public_expenditure": "31.84"},
            sections=[("七、存在的问题", PROBLEMS)])
    report = publish(year=2024, figures={"expenditure_total": "990.00",
                                         "basic_expenditure": "965.72",
                                         "personnel_expenditure": "721.2",
                                         "public_expenditure": "244.1"},
                     sections=[("七、存在的问题", PROBLEMS)])
    user = User.objects.create_user("auditor", password="s3cret-pass-123")
    user.groups.add(Group.objects.get_or_create(name="auditors")[0])

    page.goto(f"{live_server.url}/accounts/login/?next=/audit/compare/years/")
    page.fill("#id_username", "auditor")
    page.fill("#id_password", "s3cret-pass-123")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/audit/compare/years/$"))

    page.select_option("#id_department", str(report.department_id))
    page.get_by_role("button", name="比较").click()
    page.wait_for_url(re.compile(r"department=\d+"))
    figures = page.locator("#figures table").inner_text()
    assert "1,100.00" in figures  # amounts print with separators
    assert "990.00" in figures
    assert "-10.00%" in figures
    assert page.locator("#sections mark.repeated").count() == 6  # three sentences, both years

    page.get_by_role("link", name=re.compile("个错误")).click()
    page.wait_for_url(re.compile(r"/audit/\?department="))
    page.get_by_role("link", name=re.compile("人员经费与公用经费之和")).click()
    page.wait_for_url(re.compile(r"/audit/findings/\d+/$"))
    evidence = page.locator("#evidence").inner_text()
    assert "965.72" in evidence
    assert "965.3" in evidence

    page.check("input[name=review][value=confirmed]")
    page.fill("#id_note", "人员经费与公用经费之和少0.42万元。")
    page.get_by_role("button", name="保存复核意见").click()
    page.wait_for_selector("text=复核意见已保存。")
    finding = Finding.objects.get(report=report, rule_id="figures.personnel_public_sum")
    assert finding.review == "confirmed"
    assert finding.reviewed_by == user
