"""The classification explorer's reads: spending by 功能分类 code summed over reports.

The sums of a code, a level or a year are read from ``SpendingTotal`` (kept per region
on publication, one level at a time: a 类 is never added to its own 款), so they cost a
few rows whatever the number of reports; a code's list of departments and its split by
region read ``Spending``. Every function issues a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.classification import CATEGORY, level_of, official_name
from reports.models import Region, Spending, SpendingTotal, StatementRow
from reports.widgets import PrerenderedSelect, QuickSelect, prerender_options


class ExploreForm(forms.Form):
    """Which year, region and table the visitor sums (all optional)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(),
                                    required=False, empty_label=_("All regions"),
                                    widget=QuickSelect)
    source = forms.ChoiceField(label=_("Table"), choices=Spending.Source.choices,
                               required=False, initial=Spending.Source.ALL_FUNDS)
    level = forms.ChoiceField(label=_("Level"), choices=StatementRow.Level.choices,
                              required=False, initial=CATEGORY)

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data if data else None, *args, **kwargs)
        # The years of the country's kept totals, newest first: read once, a few rows.
        self.years: list[int] = list(
            SpendingTotal.objects.filter(region=None, code="").order_by("-year")
            .values_list("year", flat=True).distinct())
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, y) for y in self.years]

    def draw_quickly(self) -> None:
        """For a page that shows the region list: its options from kept markup."""
        self.fields["region"].widget = PrerenderedSelect()
        prerender_options(self.fields["region"], "explore_regions", Region.objects.all())

    def choice(self) -> Choice:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        year = data.get("year") or (self.years[0] if self.years else None)
        return Choice(year, data.get("region"),
                      data.get("source") or Spending.Source.ALL_FUNDS,
                      data.get("level") or CATEGORY)


@dataclass
class Choice:
    year: int | None
    region: Region | None
    source: str
    level: str = CATEGORY

    def spending(self, *, year: bool = True) -> QuerySet:
        found = Spending.objects.published().of_source(self.source)
        if year and self.year is not None:
            found = found.for_year(self.year)
        if self.region is not None:
            found = found.in_region(self.region)
        return found

    def totals(self, *, year: bool = True) -> QuerySet:
        """The kept sums (``SpendingTotal``) of the chosen region (or the country)."""
        found = SpendingTotal.objects.filter(source=self.source, region=self.region)
        if year and self.year is not None:
            found = found.filter(year=self.year)
        return found

    @property
    def source_label(self) -> str:
        return str(Spending.Source(self.source).label)


@dataclass
class CodeRow:
    """One code summed over the chosen reports."""

    code: str
    name: str
    amount: Decimal
    reports: int
    derived: int  # in how many reports it was not printed (the sum of its children)
    remainder: Decimal | None  # the 尾差 summed over the reports where it printed one
    share: Decimal | None = None  # of the level's total, per cent

    @property
    def level(self) -> str:
        return level_of(self.code)


def _code_rows(totals: QuerySet) -> list[CodeRow]:
    rows = [
        CodeRow(t.code, official_name(t.code, t.name or ""), t.amount, t.reports, t.derived,
                t.remainder or None)
        for t in totals.order_by("code")
    ]
    total = sum((r.amount for r in rows), Decimal(0))
    for row in rows:
        row.share = row.amount / total * 100 if total else None
    return rows


def level_totals(choice: Choice, level: str | None = None) -> list[CodeRow]:
    """Each code of ``level`` (default: the chosen one) summed over the chosen year, region
    and table (1 query over the kept totals); shares are of that level's total."""
    return _code_rows(choice.totals().filter(level=level or choice.level))


def report_count(choice: Choice) -> int:
    found = choice.totals().filter(code="").values_list("reports", flat=True).first()
    return found or 0


def children(choice: Choice, code: str) -> list[CodeRow]:
    """The codes one level below ``code`` (its 款, or its 项), summed (1 query)."""
    below = level_of(code + "00")
    if not below:
        return []
    return _code_rows(choice.totals().filter(code__startswith=code, level=below))


def code_row(choice: Choice, code: str) -> CodeRow | None:
    found = _code_rows(choice.totals().filter(code=code))
    return found[0] if found else None


@dataclass
class YearTotal:
    year: int
    amount: Decimal
    reports: int


def trend(choice: Choice, code: str) -> list[YearTotal]:
    """``code`` summed for every year (the chosen region and table), newest first (1 query)."""
    return [YearTotal(t.year, t.amount, t.reports)
            for t in choice.totals(year=False).filter(code=code).order_by("-year")]


def total_trend(choice: Choice) -> list[YearTotal]:
    """All 类 summed for every year (the chosen region and table), newest first (1 query):
    the totals' row of each year that counts its reports."""
    return [YearTotal(t.year, t.amount, t.reports)
            for t in choice.totals(year=False).filter(code="").order_by("-year")]


@dataclass
class RegionTotal:
    region_id: int | None
    name: str
    amount: Decimal
    reports: int


def by_region(choice: Choice, code: str) -> list[RegionTotal]:
    """``code`` summed for each region right below the chosen one (the provinces, for
    the whole country), largest first, from the kept totals (2 queries): each region's
    sum holds everything below it. What the chosen region's own departments spent (for
    the country: departments whose region is not known) is a row of its own."""
    below = (SpendingTotal.objects.filter(source=choice.source, code=code)
             .select_related("region"))
    if choice.year is not None:
        below = below.filter(year=choice.year)
    if choice.region is None:
        below = below.filter(region__isnull=False, region__parent__isnull=True)
    else:
        below = below.filter(region__parent=choice.region)
    rows = [RegionTotal(t.region_id, t.region.name if t.region else "", t.amount, t.reports)
            for t in below]
    whole = code_row(choice, code)
    if whole is not None:
        amount = whole.amount - sum((r.amount for r in rows), Decimal(0))
        reports = whole.reports - sum(r.reports for r in rows)
        if reports > 0:
            region = choice.region
            rows.append(RegionTotal(region.pk if region else None, region.name if region else "",
                                    amount, reports))
    return sorted(rows, key=lambda r: (-r.amount, r.name))


def departments(choice: Choice, code: str) -> QuerySet:
    """Each report's own amount for ``code``, with what its link needs (1 query)."""
    return (choice.spending().filter(code=code)
            .select_related("report__department__region", "report__fiscal_year", "table")
            .order_by("-amount", "report__department__name"))


EXPLORE_HEADERS = (_("Code"), _("Name"), _("Level"), _("Amount (10k yuan)"), _("Share (%)"),
                   _("Reports"), _("Reports where it is the sum of its children"),
                   _("Rounding remainder (尾差)"))
DEPARTMENT_HEADERS = (_("Year"), _("Department"), _("Region"), _("Code"), _("Name"),
                      _("Amount (10k yuan)"), _("Sum of its children"), _("Not printed"),
                      _("Table"), _("Page"), _("Report ID"))


def _plain(value: Decimal | None) -> Decimal | None:
    return value.quantize(Decimal("0.01")) if value is not None else None


def code_export_rows(rows: list[CodeRow]):
    levels = dict(StatementRow.Level.choices)
    for r in rows:
        yield [r.code, r.name, str(levels.get(r.level, "")), _plain(r.amount), _plain(r.share),
               r.reports, r.derived, _plain(r.remainder)]


def department_export_rows(spending):
    for s in spending:
        report = s.report
        region = report.department.region
        yield [report.fiscal_year.year, report.department.name, region.name if region else "",
               s.code, s.name, s.amount.normalize(),
               s.children_total.normalize() if s.children_total is not None else None,
               s.derived, s.table.title, s.table.page or "", report.pk]


# --- a region's page ------------------------------------------------------------------


@dataclass
class PublishingYear:
    """Who in a region published final accounts for one year, against the bodies known there."""

    year: int
    published: int
    known: int
    missing: list  # the known departments (in the region or below) that did not


def publishing_by_year(region: Region) -> list[PublishingYear]:
    """Each year any body of ``region`` (or below) published final accounts, newest first.

    Two queries whatever the number of reports: the region's departments and who
    published what.
    """
    from core.contract import FINAL_ACCOUNTS
    from reports.models import Department, Report
    from reports.querysets import in_region_q

    known = list(Department.objects.filter(in_region_q(region, "region")).order_by("name"))
    published: dict[int, set[int]] = {}
    # By the departments' ids and unordered (the report index on department): joining
    # every report to its region three ways, then sorting by name, read far more.
    for year, department in (Report.objects.published().of_kind(FINAL_ACCOUNTS)
                             .filter(department__in=[d.pk for d in known]).order_by()
                             .values_list("fiscal_year__year", "department")):
        published.setdefault(year, set()).add(department)
    return [PublishingYear(year, len(ids), len(known), [d for d in known if d.pk not in ids])
            for year, ids in sorted(published.items(), reverse=True)]
