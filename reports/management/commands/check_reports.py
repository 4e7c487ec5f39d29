"""Re-run the consistency checks on published reports (after a rule changed).

    python manage.py check_reports                 # every published report
    python manage.py check_reports --department 12 --year 2023
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.checks import report_check
from reports.models import Report


class Command(BaseCommand):
    help = "Re-run the consistency checks on published reports; review marks are kept."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--department", type=int, help="Only this department's reports (id).")
        parser.add_argument("--year", type=int, help="Only reports on this fiscal year.")

    def handle(self, *args, department: int | None = None, year: int | None = None,
               **options) -> None:
        reports = Report.objects.published().select_related("fiscal_year")
        if department:
            reports = reports.filter(department_id=department)
        if year:
            reports = reports.for_year(year)
        total = 0
        for report in reports:
            # Every report gets its turn here, so neighbours need not be re-checked each time.
            total += len(report_check(report=report, neighbours=False))
            self.stderr.write(f"{report}: checked")
        self.stdout.write(f"{reports.count()} reports, {total} findings")
