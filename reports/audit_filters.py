"""The auditors' forms: comparisons reproduced from GET parameters, findings filters, reviews."""

from __future__ import annotations

from typing import cast

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.checks import RULES
from reports.checks.registry import CATEGORY_LABELS
from reports.models import Department, Finding, FiscalYear, Region, Report
from reports.querysets import in_region_q
from reports.widgets import PrerenderedSelect, PrerenderedSelectMultiple, prerender_options

MIN_DEPARTMENTS, MAX_DEPARTMENTS = 2, 6


def published_departments():
    # Only what an <option> shows: thousands of departments fill these lists.
    return Department.objects.with_published_reports().only("pk", "name").order_by("name")


def published_years() -> list[tuple[int, int]]:
    return [(year, year) for year in reversed(FiscalYear.objects.published_years())]


class KindField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=[("", _("All kinds")), *Report.Kind.choices], required=False,
                         label=_("Kind"), **kwargs)


class YearsCompareForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Department"),
                                        widget=PrerenderedSelect)
    years = forms.TypedMultipleChoiceField(
        coerce=int, required=False, label=_("Years"),
        help_text=_("Leave empty for all years."), widget=forms.CheckboxSelectMultiple,
    )
    kind = KindField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = published_departments()
        prerender_options(self.fields["department"], "published_departments",
                       published_departments())
        self.fields["years"].choices = published_years()


class DepartmentsCompareForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, label=_("Year"))
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(), label=_("Departments"),
        help_text=_("Choose two to six departments."), widget=PrerenderedSelectMultiple,
    )
    kind = forms.ChoiceField(choices=Report.Kind.choices, initial=Report.Kind.FINAL_ACCOUNTS,
                             required=False, label=_("Kind"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = published_departments()
        prerender_options(self.fields["departments"], "published_departments",
                       published_departments())
        self.fields["year"].choices = published_years()

    def clean_departments(self):
        chosen = self.cleaned_data["departments"]
        if not MIN_DEPARTMENTS <= len(chosen) <= MAX_DEPARTMENTS:
            raise forms.ValidationError(_("Choose two to six departments."))
        return chosen


class BulkReviewForm(forms.Form):
    """Several findings confirmed or dismissed at once from the findings list."""

    findings = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("Findings"),
                                              error_messages={"required": _(
                                                  "Tick the findings to review first.")})
    review = forms.ChoiceField(choices=Finding.Review.choices, label=_("Mark as"))
    note = forms.CharField(required=False, label=_("Note"), max_length=2000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any id is offered; the view keeps only findings that exist and may be seen.
        ids = self.data.getlist("findings") if hasattr(self.data, "getlist") else []
        cast(forms.MultipleChoiceField, self.fields["findings"]).choices = [(i, i) for i in ids]

    def clean(self):
        data = super().clean()
        if data.get("review") == Finding.Review.DISMISSED and not data.get("note", "").strip():
            self.add_error("note", _("Say why the findings are dismissed."))
        return data


class ReviewForm(forms.Form):
    review = forms.ChoiceField(choices=Finding.Review.choices, label=_("Review"),
                               widget=forms.RadioSelect)
    note = forms.CharField(required=False, label=_("Note"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("review") == Finding.Review.DISMISSED and not data.get("note", "").strip():
            self.add_error("note", _("Say why the finding is dismissed."))
        return data


def rule_choices() -> list[tuple[str, str]]:
    return [(rule_id, f"{gettext(rule.name)} ({rule_id})")
            for rule_id, rule in sorted(RULES.items())]


class FindingFilter(django_filters.FilterSet):
    rule = django_filters.ChoiceFilter(field_name="rule_id", choices=rule_choices, label=_("Rule"))
    category = django_filters.ChoiceFilter(
        choices=list(CATEGORY_LABELS.items()),
        label=_("Category"),
    )
    severity = django_filters.ChoiceFilter(choices=Finding.Severity.choices, label=_("Severity"))
    review = django_filters.ChoiceFilter(choices=Finding.Review.choices, label=_("Review"))
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.only("pk", "name"), method="in_region", label=_("Region"),
        widget=PrerenderedSelect)
    department = django_filters.ModelChoiceFilter(
        field_name="report__department", queryset=Department.objects.only("pk", "name"),
        label=_("Department"), widget=PrerenderedSelect)
    year = django_filters.ChoiceFilter(
        field_name="report__fiscal_year__year", choices=published_years, label=_("Year"))

    class Meta:
        model = Finding
        fields: list[str] = []

    def draw_quickly(self) -> None:
        """For a page (not the API, which draws no form): the region and department
        options from markup kept until the data changes."""
        prerender_options(self.form.fields["region"], "regions", Region.objects.all())
        prerender_options(self.form.fields["department"], "departments", Department.objects.all())

    def in_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        return queryset.filter(in_region_q(value, "report__department__region"))
