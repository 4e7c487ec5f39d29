"""Rebuild the classification explorer's spending by code (after a reading change)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.models import Report
from reports.services import data_changed, reports_spending_save, spending_totals_rebuild

REPORTS_AT_ONCE = 200  # their tables and cells read together


class Command(BaseCommand):
    help = ("Rebuild the spending by classification code the explorer sums, for every final "
            "accounts report (or the report ids given).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="report ids (default: all)")

    def handle(self, *args, ids: list[int], **options) -> None:
        reports = Report.objects.filter(kind=Report.Kind.FINAL_ACCOUNTS)
        if ids:
            reports = reports.filter(pk__in=ids)
        written, chunk = 0, []
        for report in reports.iterator():
            chunk.append(report)
            if len(chunk) == REPORTS_AT_ONCE:
                written += reports_spending_save(reports=chunk)
                chunk = []
        written += reports_spending_save(reports=chunk)
        spending_totals_rebuild()  # the sums by region the explorer and region pages read
        data_changed()  # the explorer's cached sums are recomputed
        self.stdout.write(f"{reports.count()} reports, {written} spending rows")
