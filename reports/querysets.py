"""Read logic as QuerySet methods: ``Report.objects.published().for_year(2023)``.

Report statuses are named once, in ``ReportStatus``; the model's ``Report.Status``
is this class, so querysets and models ask the same question the same way.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.text import squeeze

# How deep the region tree goes: province → city → county / district.
REGION_DEPTH = 3


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


def in_region_q(region: object, path: str = "department__region") -> Q:
    """Rows whose region (reached through ``path``) is ``region`` or lies below it."""
    condition = Q()
    for depth in range(REGION_DEPTH):
        condition |= Q(**{path + "__parent" * depth: region})
    return condition


def _published_report(field: str) -> Exists:
    """A published report whose ``field`` is the outer row."""
    from reports.models import Report  # the models import this module

    return Exists(Report.objects.filter(**{field: OuterRef("pk")},
                                        status=ReportStatus.PUBLISHED))


class ReportQuerySet(models.QuerySet):
    def published(self) -> ReportQuerySet:
        return self.filter(status=ReportStatus.PUBLISHED)

    def visible(self) -> ReportQuerySet:
        """What the public may open: published and superseded versions."""
        return self.filter(status__in=(ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED))

    def for_year(self, year: int) -> ReportQuerySet:
        return self.filter(fiscal_year__year=year)

    def of_kind(self, kind: str) -> ReportQuerySet:
        return self.filter(kind=kind)

    def for_department(self, department: object) -> ReportQuerySet:
        return self.filter(department=department)

    def in_region(self, region: object) -> ReportQuerySet:
        """Reports of departments in ``region`` or any region below it."""
        return self.filter(in_region_q(region))

    def with_related(self) -> ReportQuerySet:
        return self.select_related("department", "department__region", "fiscal_year")

    def search(self, query: str) -> ReportQuerySet:
        """Reports with a search entry matching ``query``, annotated with ``search_score``."""
        # Imported here: reports.search imports the models, which import this module.
        from reports.search import search_reports

        return search_reports(query, self)


class DepartmentQuerySet(models.QuerySet):
    def matching_name(self, name: str) -> DepartmentQuerySet:
        """Departments whose official name or a recorded alias is exactly ``name``."""
        name = squeeze(name)
        # A subquery, not a join: no DISTINCT, and both sides look up their unique index.
        alias = self.model._meta.get_field("aliases").related_model
        aliased = alias.objects.filter(name=name)
        return self.filter(models.Q(name=name) | models.Q(pk__in=aliased.values("department_id")))

    def name_contains(self, text: str) -> DepartmentQuerySet:
        """Departments whose official name or a recorded alias contains ``text``."""
        return self.filter(Q(name__icontains=text) | Q(aliases__name__icontains=text)).distinct()

    def in_region(self, region: object) -> DepartmentQuerySet:
        """Departments in ``region`` or any region below it."""
        return self.filter(in_region_q(region, "region"))

    def with_published_reports(self) -> DepartmentQuerySet:
        # EXISTS: one index probe per department, where a join with DISTINCT read and
        # de-duplicated every published report (issue 14).
        return self.filter(_published_report("department"))


class FiscalYearQuerySet(models.QuerySet):
    def with_published_reports(self) -> FiscalYearQuerySet:
        """The years some body has a published report for (a probe per year, not a
        scan of every report)."""
        return self.filter(_published_report("fiscal_year"))

    def published_years(self) -> list[int]:
        """Those years as numbers, oldest first."""
        return list(self.with_published_reports().order_by("year")
                    .values_list("year", flat=True))


class RegionQuerySet(models.QuerySet):
    def with_published_reports(self) -> RegionQuerySet:
        """Regions a department of which has published (not counting the regions above)."""
        return self.filter(departments__reports__status=ReportStatus.PUBLISHED).distinct()


class StatementRowQuerySet(models.QuerySet):
    def code_prefix(self, prefix: str) -> StatementRowQuerySet:
        return self.filter(code__startswith=prefix)

    def published(self) -> StatementRowQuerySet:
        return self.filter(table__report__status=ReportStatus.PUBLISHED)


class ExpenditureLineQuerySet(models.QuerySet):
    def code_prefix(self, prefix: str) -> ExpenditureLineQuerySet:
        return self.filter(code__startswith=prefix)

    def published(self) -> ExpenditureLineQuerySet:
        return self.filter(report__status=ReportStatus.PUBLISHED)


# 解析存疑: our reading is in doubt. Staff look at it; the public never sees it.
DOUBT = "doubt"
# 尾差: a rounding remainder. Shown, collapsed, never counted as a problem.
ROUNDING = "rounding"


class FindingQuerySet(models.QuerySet):
    def of_published_reports(self) -> FindingQuerySet:
        """Findings of the published versions: what auditors work on."""
        return self.filter(report__status=ReportStatus.PUBLISHED)

    def public(self) -> FindingQuerySet:
        """What anyone may read: everything but doubts about our own reading."""
        return self.exclude(severity=DOUBT)

    def problems(self) -> FindingQuerySet:
        """What is counted against a report: neither rounding remainders nor doubts."""
        return self.exclude(severity__in=(DOUBT, ROUNDING))


class SpendingQuerySet(models.QuerySet):
    """The explorer's facts: published 部门 (consolidated) final accounts only.

    A unit's own report is left out, so a body is never counted twice alongside the
    department that consolidates it.
    """

    def published(self) -> SpendingQuerySet:
        from core.contract import DEPARTMENT, FINAL_ACCOUNTS

        return self.filter(report__status=ReportStatus.PUBLISHED,
                           report__kind=FINAL_ACCOUNTS, report__scope=DEPARTMENT)

    def of_source(self, source: str) -> SpendingQuerySet:
        return self.filter(source=source)

    def for_year(self, year: int) -> SpendingQuerySet:
        # The row's own copy of its report's year: PostgreSQL reads that year's partition only.
        return self.filter(year=year)

    def in_region(self, region: object) -> SpendingQuerySet:
        return self.filter(in_region_q(region, "report__department__region"))
