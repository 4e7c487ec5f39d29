"""Writes that change what cached pages derive from the published data bump its version.

Saves and deletions of reports, departments, regions, years and findings (a review
mark) go through Django's signals; the writes that bypass them (the checks'
``bulk_create``, a publication's ``update`` of the superseded version) call
``reports.services.data_changed`` themselves. The scoreboard's cells of a report's
department are recomputed the same way (``reports.services.scoreboard_refresh``).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from reports.models import Department, Finding, FiscalYear, Region, Report
from reports.services import data_changed, scoreboard_refresh


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
