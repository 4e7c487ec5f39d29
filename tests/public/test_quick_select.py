"""The filters' department and region lists: Django's markup, drawn without a template each."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ingest.services import report_publish
from reports.widgets import CachedSelect, QuickSelect, QuickSelectMultiple
from tests.public.conftest import final_accounts

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


def test_the_cached_select_draws_what_djangos_select_draws_for_any_chosen_value():
    choices = [("", "全部"), (1, "青川市<教育>局 & 委员会"), (2, "青川市临江区科学技术局")]
    attrs = {"id": "id_department"}
    for value in ("2", "1", None, "9"):
        expected = forms.Select(choices=choices).render("department", value, attrs)
        drawn = CachedSelect(choices=choices, name="test-choices").render(
            "department", value, attrs)
        assert drawn == squeezed(expected), value


def test_the_lists_offer_a_department_published_after_their_options_were_drawn(client, corpus):
    assert "青川市临江区新设局" not in client.get(reverse("line_list")).content.decode()
    report_publish(parsed=final_accounts("青川市临江区新设局", 2023))
    for name in ("report_list", "line_list", "indicator_list"):
        html = client.get(reverse(name)).content.decode()
        assert re.search(r'<option value="\d+">青川市临江区新设局</option>', html), name


def test_a_list_page_reads_the_data_version_once_for_all_its_cached_menus(client, corpus):
    client.get(reverse("indicator_list"))  # the menus are cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("indicator_list")).status_code == 200
    reads = [q for q in captured.captured_queries if "reports_dataversion" in q["sql"]]
    assert len(reads) == 1
    assert not [q for q in captured.captured_queries if 'FROM "reports_department"' in q["sql"]]


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
