"""Mark the parse tasks of workers that died mid-parse as failed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ingest.services import parse_tasks_reap


class Command(BaseCommand):
    help = ("Mark parse tasks still RUNNING long after the parse time limit, whose worker is "
            "gone, as failed (run it from cron or after restarting workers).")

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{parse_tasks_reap()} dead parse tasks marked failed")
