"""Give each fiscal year its own partition of the tables partitioned by year (PostgreSQL)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from reports.models import FiscalYear
from reports.partitions import PARTITIONED, is_partitioned, year_partition_ensure, years_wanted


class Command(BaseCommand):
    help = ("Create the partition of each fiscal year known, this year and the next (or the "
            "years given) in every table partitioned by year, moving that year's rows out of "
            "the default partition. PostgreSQL only; running it again changes nothing. Run "
            "it from cron once a year, or after loading a new year's reports.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("years", nargs="*", type=int,
                            help="years to partition (default: known years, this and next)")

    def handle(self, *args, years: list[int], **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Partitions need PostgreSQL (DATABASE_URL); SQLite keeps "
                               "each table whole.")
        wanted = years or years_wanted(FiscalYear.objects.values_list("year", flat=True))
        for table in PARTITIONED:
            if not is_partitioned(table):
                raise CommandError(f"{table} is not partitioned: run manage.py migrate first.")
            for year in wanted:
                with transaction.atomic():
                    created = year_partition_ensure(table, year)
                if created:
                    self.stdout.write(f"{table}: partition for {year} created")
        self.stdout.write(f"{len(PARTITIONED)} table(s) have partitions for "
                          f"{', '.join(map(str, wanted))}")
