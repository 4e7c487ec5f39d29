"""Writes that change what cached pages derive from the published data bump its version.

Saves and deletions of reports, departments, regions, years and findings (a review
mark) go through Django's signals; the writes that bypass them (the checks'
``bulk_create``, a publication's ``update`` of the superseded version) call
``reports.services.data_changed`` themselves. The scoreboard's cells of a report's
department are recomputed the same way (``reports.services.scoreboard_refresh``).

The spending totals by region (``SpendingTotal``) follow a report saved or deleted
outside a publication (an editor's change of its status) and a department moved to
another region; a publication refreshes them itself, once for its batch.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from reports.models import Department, Finding, FiscalYear, Region, Report
from reports.services import data_changed, scoreboard_refresh, spending_totals_refresh


def _changed(sender, **kwargs) -> None:
    data_changed()


def _report_changed(sender, instance: Report, **kwargs) -> None:
    scoreboard_refresh(department_ids=[instance.department_id])


def _finding_changed(sender, instance: Finding, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the report's own save refreshes its cells
        return
    department = (Report.objects.filter(pk=instance.report_id)
                  .values_list("department_id", flat=True).first())
    if department is not None:
        scoreboard_refresh(department_ids=[department])


def _report_totals(sender, instance: Report, created: bool = False, **kwargs) -> None:
    if created:  # a publication: its batch refreshes the totals once its spending is written
        return
    region = (Department.objects.filter(pk=instance.department_id)
              .values_list("region", flat=True).first())
    year = FiscalYear.objects.filter(pk=instance.fiscal_year_id).values_list("year",
                                                                              flat=True).first()
    if year is not None:
        spending_totals_refresh(regions={region} if region is not None else set(),
                                years={year})


def _department_region_before(sender, instance: Department, **kwargs) -> None:
    instance._region_before = (  # type: ignore[attr-defined]
        Department.objects.filter(pk=instance.pk).values_list("region", flat=True).first()
        if instance.pk else None)


def _department_totals(sender, instance: Department, created: bool = False, **kwargs) -> None:
    before = getattr(instance, "_region_before", None)
    if created or before == instance.region_id:
        return
    years = set(Report.objects.filter(department=instance)
                .values_list("fiscal_year__year", flat=True))
    regions = {pk for pk in (before, instance.region_id) if pk is not None}
    spending_totals_refresh(regions=regions, years=years)


def connect() -> None:
    for model in (Report, Department, Region, FiscalYear, Finding):
        post_save.connect(_changed, sender=model, dispatch_uid=f"data_changed_{model.__name__}")
    # Not Finding: a receiver would make every cascade fetch findings one by one.
    for model in (Report, Department, Region, FiscalYear):
        post_delete.connect(_changed, sender=model,
                            dispatch_uid=f"data_changed_deleted_{model.__name__}")
    post_save.connect(_report_changed, sender=Report, dispatch_uid="scoreboard_report")
    post_delete.connect(_report_changed, sender=Report, dispatch_uid="scoreboard_report_deleted")
    post_save.connect(_finding_changed, sender=Finding, dispatch_uid="scoreboard_finding")
    post_save.connect(_report_totals, sender=Report, dispatch_uid="spending_totals_report")
    post_delete.connect(_report_totals, sender=Report,
                        dispatch_uid="spending_totals_report_deleted")
    pre_save.connect(_department_region_before, sender=Department,
                     dispatch_uid="spending_totals_department_before")
    post_save.connect(_department_totals, sender=Department,
                      dispatch_uid="spending_totals_department")
