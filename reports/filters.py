"""django-filter FilterSets for the public browse lists.

Each list's URL holds its whole state (filters, sort, page), so a view can be
shared and its export reproduces exactly what is on screen.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import partial

import django_filters as filters
from django import forms
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from core.text import squeeze
from reports.cache import cached
from reports.models import (
    MONEY,
    Department,
    ExpenditureLine,
    FiscalYear,
    Indicator,
    Region,
    Report,
    StatementCell,
    StatementRow,
)
from reports.querysets import (
    DepartmentQuerySet,
    ExpenditureLineQuerySet,
    ReportQuerySet,
    StatementRowQuerySet,
    in_region_q,
)
from reports.search import RankedReports
from reports.widgets import CachedSelect, QuickSelect

ALL = _("All")
DEFAULT_ORDER = _("Default order")


class _PublicFilterSet(filters.FilterSet):
    """Shared: region, department and year, reached through ``report_prefix``."""

    report_prefix = ""

    # Every region and department: their options are written once per data version.
    region = filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="filter_region",
        empty_label=ALL, widget=CachedSelect(name="regions"),
    )
    department = filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all(), empty_label=ALL,
        widget=CachedSelect(name="departments"),
    )
    year = filters.ModelChoiceFilter(
        label=_("Year"), queryset=FiscalYear.objects.all(), to_field_name="year",
        empty_label=ALL, widget=CachedSelect(name="years"),
    )

    @classmethod
    def get_filters(cls) -> dict[str, filters.Filter]:
        found = super().get_filters()
        # The shared filters reach the report through this list's model.
        for name, field in (("department", "department"), ("year", "fiscal_year")):
            found[name] = copy.deepcopy(found[name])  # the declared one is shared
            found[name].field_name = f"{cls.report_prefix}{field}"
        # The list's own fields (search, code…) come before the shared ones, sort last.
        shared = ("region", "department", "year", "sort")
        return {**{k: v for k, v in found.items() if k not in shared},
                **{k: found[k] for k in shared if k in found}}

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(in_region_q(value, f"{self.report_prefix}department__region"))


class ReportFilter(_PublicFilterSet):
    q = filters.CharFilter(label=_("Search"), method="filter_q",
                           widget=forms.TextInput(attrs={"type": "search"}))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=Report.Kind.choices, empty_label=ALL)
    sort = filters.OrderingFilter(
        label=_("Sort by"), empty_label=DEFAULT_ORDER,
        fields=(("fiscal_year__year", "year"), ("department__name", "department"),
                ("kind", "kind"), ("published_at", "published")),
        field_labels={"fiscal_year__year": _("Year"), "department__name": _("Department"),
                      "kind": _("Kind"), "published_at": _("Published")},
    )

    class Meta:
        model = Report
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # The search reads a bounded number of matches (reports.search.SEARCH_CAP):
        # it must see the other filters' reports only, so it runs after them and
        # before the sort, which still wins over its order.
        last = ("q", "sort")
        data = self.form.cleaned_data
        for name in [n for n in data if n not in last] + [n for n in last if n in data]:
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def ranked(self) -> RankedReports | None:
        """A search in its own order (no sort chosen), as a sequence the page reads one
        page of; None when there is no search or a sort was chosen (then ``qs``)."""
        self.is_valid()
        data = self.form.cleaned_data
        query = (data.get("q") or "").strip()
        if not query or data.get("sort"):
            return None
        queryset = self.queryset.all()
        for name in data:
            if name not in ("q", "sort"):
                queryset = self.filters[name].filter(queryset, data[name])
        return RankedReports(query, queryset)

    def filter_q(self, queryset: ReportQuerySet, name: str, value: str) -> ReportQuerySet:
        if not value.strip():
            return queryset
        # Best matches first; an explicit sort (applied after this) still wins.
        # Ties as the list orders reports (newest year, department, kind: the indexed
        # sort key), without joining the department and year of every match to sort.
        return queryset.search(value).order_by("-search_score", "sort_key", "id")


_CodedRows = StatementRowQuerySet | ExpenditureLineQuerySet


class _CodeFilterSet(_PublicFilterSet):
    """Adds: rows whose classification code starts with the given digits."""

    code = filters.CharFilter(label=_("Code starts with"), method="filter_code")

    def filter_code(self, queryset: _CodedRows, name: str, value: str) -> _CodedRows:
        value = squeeze(value)
        return queryset.code_prefix(value) if value else queryset


# Stored amounts have at most this many integer digits (``MONEY``): a bound beyond them
# overflows the database's numeric type (a 500) instead of matching nothing.
AMOUNT_BOUND = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])


class LineFilter(_CodeFilterSet):
    """Statement-table lines (rows), by classification code, name, table and amount."""

    report_prefix = "table__report__"

    name = filters.CharFilter(label=_("Name contains"), field_name="name", lookup_expr="icontains")
    table = filters.CharFilter(
        label=_("Table title contains"), field_name="table__title", lookup_expr="icontains"
    )
    amount_min = filters.NumberFilter(label=_("Amount at least (10k yuan)"), method="filter_noop",
                                      min_value=-AMOUNT_BOUND, max_value=AMOUNT_BOUND)
    amount_max = filters.NumberFilter(label=_("Amount at most (10k yuan)"), method="filter_noop",
                                      min_value=-AMOUNT_BOUND, max_value=AMOUNT_BOUND)
    sort = filters.OrderingFilter(
        label=_("Sort by"), empty_label=DEFAULT_ORDER,
        fields=(("code", "code"), ("name", "name"), ("table__report__fiscal_year__year", "year"),
                ("table__report__department__name", "department")),
        field_labels={"code": _("Code"), "name": _("Name"),
                      "table__report__fiscal_year__year": _("Year"),
                      "table__report__department__name": _("Department")},
    )

    class Meta:
        model = StatementRow
        fields: list[str] = []

    def filter_noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # both bounds are applied together in filter_queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        low = self.form.cleaned_data.get("amount_min")
        high = self.form.cleaned_data.get("amount_max")
        if low is None and high is None:
            return queryset
        # One cell must hold an amount within both bounds (not one cell each).
        cells = StatementCell.objects.filter(row=OuterRef("pk"), value__isnull=False)
        if low is not None:
            cells = cells.filter(value__gte=low)
        if high is not None:
            cells = cells.filter(value__lte=high)
        return queryset.filter(Exists(cells))


def _indicator_levels(level: str) -> list[tuple[str, str]]:
    """The indicator names printed at ``level``: read over every indicator, so kept
    until the published data changes (reports.cache)."""

    def read() -> list[tuple[str, str]]:
        values = (Indicator.objects.exclude(**{level: ""}).order_by(level)
                  .values_list(level, flat=True).distinct())
        return [(v, v) for v in values]

    return cached(f"indicator_levels:{level}", read)


class IndicatorFilter(_PublicFilterSet):
    report_prefix = "report__"

    RESULT_CHOICES = (("met", _("Met (full score)")), ("missed", _("Missed (points lost)")))

    name = filters.CharFilter(
        label=_("Indicator contains"), field_name="level3", lookup_expr="icontains"
    )
    level1 = filters.ChoiceFilter(label=_("Level-1 indicator"),
                                  choices=partial(_indicator_levels, "level1"), empty_label=ALL,
                                  widget=QuickSelect)
    level2 = filters.ChoiceFilter(label=_("Level-2 indicator"),
                                  choices=partial(_indicator_levels, "level2"), empty_label=ALL,
                                  widget=QuickSelect)
    result = filters.ChoiceFilter(
        label=_("Target met or missed"), choices=RESULT_CHOICES, method="filter_result",
        empty_label=ALL,
    )
    sort = filters.OrderingFilter(
        label=_("Sort by"), empty_label=DEFAULT_ORDER,
        fields=(("report__fiscal_year__year", "year"), ("report__department__name", "department"),
                ("level1", "level1"), ("level3", "name")),
        field_labels={"report__fiscal_year__year": _("Year"),
                      "report__department__name": _("Department"),
                      "level1": _("Level-1 indicator"), "level3": _("Level-3 indicator")},
    )

    class Meta:
        model = Indicator
        fields: list[str] = []

    def filter_result(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # "Met" means the indicator earned its full weight (得分 = 分值).
        scored = queryset.exclude(score="").exclude(weight="")
        if value == "met":
            return scored.filter(score=F("weight"))
        if value == "missed":
            return scored.exclude(score=F("weight"))
        return queryset


class ExpenditureLineFilter(_CodeFilterSet):
    """The 类/款/项 lines a report states with budget and actual, by code and kind."""

    report_prefix = "report__"

    kind = filters.ChoiceFilter(label=_("Kind"), field_name="report__kind",
                                choices=Report.Kind.choices, empty_label=ALL)
    sort = filters.OrderingFilter(
        label=_("Sort by"), empty_label=DEFAULT_ORDER,
        fields=(("code", "code"), ("report__fiscal_year__year", "year"),
                ("report__department__name", "department")),
        field_labels={"code": _("Code"), "report__fiscal_year__year": _("Year"),
                      "report__department__name": _("Department")},
    )

    class Meta:
        model = ExpenditureLine
        fields: list[str] = []


class DepartmentFilter(filters.FilterSet):
    region = filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="filter_region",
        empty_label=ALL,
    )
    name = filters.CharFilter(label=_("Name or alias contains"), method="filter_name")

    class Meta:
        model = Department
        fields: list[str] = []

    def filter_region(
        self, queryset: DepartmentQuerySet, name: str, value: Region | None
    ) -> DepartmentQuerySet:
        return queryset.in_region(value) if value else queryset

    def filter_name(
        self, queryset: DepartmentQuerySet, name: str, value: str
    ) -> DepartmentQuerySet:
        value = squeeze(value)
        return queryset.name_contains(value) if value else queryset


class RegionFilter(filters.FilterSet):
    parent = filters.ModelChoiceFilter(label=_("Parent region"), queryset=Region.objects.all(),
                                       empty_label=ALL)
    level = filters.ChoiceFilter(label=_("Level"), choices=Region.Level.choices, empty_label=ALL)

    class Meta:
        model = Region
        fields: list[str] = []
