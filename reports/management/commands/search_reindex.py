"""Rebuild the public search entries (after the search migration, or a dictionary change)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.models import Report
from reports.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search entries of every report (or of the report ids given)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="report ids (default: all)")

    def handle(self, *args, ids: list[int], **options) -> None:
        reports = Report.objects.filter(pk__in=ids) if ids else Report.objects.all()
        written = reindex_all(reports)
        self.stdout.write(f"{reports.count()} reports, {written} search entries")
