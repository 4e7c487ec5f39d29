"""Background work of the reports app (``manage.py db_worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from reports.downloads import downloads_refresh


@task()
def refresh_downloads(year: int) -> None:
    downloads_refresh(year=year)
