"""Writes that change what cached pages derive from the published data bump its version.

Saves and deletions of reports, departments, regions, years and findings (a review
mark) go through Django's signals; the writes that bypass them (the checks'
``bulk_create``, a publication's ``update`` of the superseded version) call
``reports.services.data_changed`` themselves.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from reports.models import Department, Finding, FiscalYear, Region, Report
from reports.services import data_changed


def _changed(sender, **kwargs) -> None:
    data_changed()


def connect() -> None:
    for model in (Report, Department, Region, FiscalYear, Finding):
        post_save.connect(_changed, sender=model, dispatch_uid=f"data_changed_{model.__name__}")
    # Not Finding: a receiver would make every cascade fetch findings one by one.
    for model in (Report, Department, Region, FiscalYear):
        post_delete.connect(_changed, sender=model,
                            dispatch_uid=f"data_changed_deleted_{model.__name__}")
