"""The filters' department and region lists: Django's markup, drawn without a template each."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from reports.widgets import QuickSelect, QuickSelectMultiple

pytestmark = pytest.mark.django_db


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


def test_quick_select_draws_what_djangos_select_draws():
    choices = [("", "全部"), (1, "青川市<教育>局 & 委员会"), (2, "青川市临江区科学技术局")]
    attrs = {"id": "id_department", "class": "filter"}
    expected = forms.Select(choices=choices).render("department", "2", attrs)
    assert QuickSelect(choices=choices).render("department", "2", attrs) == squeezed(expected)


def test_the_multiple_quick_select_draws_what_djangos_draws_with_every_choice_kept():
    choices = [(1, "青川市<教育>局"), (2, "青川市临江区科学技术局"), (3, "青川市财政局")]
    attrs = {"id": "id_departments"}
    expected = forms.SelectMultiple(choices=choices).render("departments", ["1", "3"], attrs)
    drawn = QuickSelectMultiple(choices=choices).render("departments", ["1", "3"], attrs)
    assert drawn == squeezed(expected)
    assert "multiple" in drawn


def test_the_report_list_offers_every_department_and_keeps_the_chosen_one(client, corpus):
    html = client.get(reverse("report_list"), {"department": corpus.science.pk}).content.decode()
    assert f'<option value="{corpus.science.pk}" selected>{corpus.science.name}</option>' in html
    assert f'<option value="{corpus.education.pk}">{corpus.education.name}</option>' in html


def test_the_department_list_is_drawn_once_and_follows_a_new_department(client, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import Department

    client.get(reverse("report_list"))
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("report_list"), {"department": corpus.education.pk}) \
            .content.decode()
    assert not [q for q in captured.captured_queries if "reports_department" in q["sql"]
                and "ORDER BY" in q["sql"] and "reports_report" not in q["sql"]]
    assert f'<option value="{corpus.education.pk}" selected>{corpus.education.name}</option>' \
        in html
    assert f'<option value="{corpus.science.pk}">{corpus.science.name}</option>' in html
    added = Department.objects.create(name="青川市新设局")
    html = client.get(reverse("report_list")).content.decode()
    assert f'<option value="{added.pk}">青川市新设局</option>' in html
    assert '<option value="" selected>' in html  # nothing chosen: "All"
