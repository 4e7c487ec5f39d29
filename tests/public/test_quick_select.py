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


def test_a_prerendered_select_draws_what_djangos_select_draws():
    from reports.widgets import PrerenderedSelect, PrerenderedSelectMultiple, options_html

    choices = [("", "全部"), (1, "青川市<教育>局 & 委员会"), (2, "青川市临江区科学技术局"),
               (3, "青川市财政局")]
    attrs = {"id": "id_department"}
    for value in ("2", "", None, "99"):
        widget = PrerenderedSelect()
        widget.options_html = options_html(choices)
        expected = forms.Select(choices=choices).render("department", value, attrs)
        assert widget.render("department", value, attrs) == squeezed(expected), value
    many = PrerenderedSelectMultiple()
    many.options_html = options_html(choices[1:])
    expected = forms.SelectMultiple(choices=choices[1:]).render("departments", ["1", "3"], attrs)
    assert many.render("departments", ["1", "3"], attrs) == squeezed(expected)


def test_the_auditors_forms_offer_every_department_and_keep_the_chosen_ones(client, corpus):
    science, education = corpus.science, corpus.education
    html = client.get(reverse("audit:compare_departments"), {
        "year": 2023, "departments": [science.pk, education.pk]}).content.decode()
    assert f'<option value="{science.pk}" selected>{science.name}</option>' in html
    assert f'<option value="{education.pk}" selected>{education.name}</option>' in html

    html = client.get(reverse("audit:compare_years"),
                      {"department": education.pk}).content.decode()
    assert f'<option value="{education.pk}" selected>{education.name}</option>' in html
    assert f'<option value="{science.pk}">{science.name}</option>' in html

    html = client.get(reverse("audit:finding_list"),
                      {"department": science.pk}).content.decode()
    assert f'<option value="{science.pk}" selected>{science.name}</option>' in html
    region = science.region
    assert f'<option value="{region.pk}">{region.name}</option>' in html


def test_the_explorer_offers_every_region_and_keeps_the_chosen_one(client, corpus):
    region = corpus.science.region
    html = client.get(reverse("explore"), {"region": region.pk}).content.decode()
    assert f'<option value="{region.pk}" selected>{region.name}</option>' in html
    assert '<option value="">全部地区</option>' in html
