"""Read logic as QuerySet methods: ``Report.objects.published().for_year(2023)``."""

from __future__ import annotations

from django.db import models


class ReportQuerySet(models.QuerySet):
    def published(self) -> ReportQuerySet:
        return self.filter(status="published")

    def visible(self) -> ReportQuerySet:
        """What the public may open: published and superseded versions."""
        return self.filter(status__in=("published", "superseded"))

    def for_year(self, year: int) -> ReportQuerySet:
        return self.filter(fiscal_year__year=year)

    def of_kind(self, kind: str) -> ReportQuerySet:
        return self.filter(kind=kind)

    def for_department(self, department) -> ReportQuerySet:
        return self.filter(department=department)

    def in_region(self, region) -> ReportQuerySet:
        """Reports of departments in ``region`` or any region below it (three levels)."""
        return self.filter(
            models.Q(department__region=region)
            | models.Q(department__region__parent=region)
            | models.Q(department__region__parent__parent=region)
        )

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
        name = "".join(name.split())
        return self.filter(models.Q(name=name) | models.Q(aliases__name=name)).distinct()

    def with_published_reports(self) -> DepartmentQuerySet:
        return self.filter(reports__status="published").distinct()


class StatementRowQuerySet(models.QuerySet):
    def code_prefix(self, prefix: str) -> StatementRowQuerySet:
        return self.filter(code__startswith=prefix)

    def published(self) -> StatementRowQuerySet:
        return self.filter(table__report__status="published")


class FindingQuerySet(models.QuerySet):
    def open(self) -> FindingQuerySet:
        return self.filter(review="open")

    def errors(self) -> FindingQuerySet:
        return self.filter(severity="error")

